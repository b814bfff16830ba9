// `ms` ships typings, but its package.json "exports" hides them from NodeNext resolution.
declare module 'ms' {
  export type StringValue = string;
  export default function ms(value: StringValue): number;
}
