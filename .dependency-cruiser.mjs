// The layers of the product, lowest first: a file may import from its own layer and those below it, never above.
// Read by `npx depcruise` and by test/architecture/layers.test.ts; docs/architecture.md explains each layer.
export const layers = [
  ['domain', 'the rules: pure, no I/O, imported by everything'],
  ['content', 'texts, pages and emails in English and Turkish'],
  ['workflows', 'the durable workflows, each with its contract and the activities it calls'],
  ['platform', 'configuration, MongoDB, secrets, logging and other infrastructure'],
  ['client', 'the one door to Temporal for the API and the activities'],
  ['activities', 'the side effects the workflows schedule'],
  ['api', 'the HTTP edge: validation, authorization, rendering'],
  ['worker', 'the worker process'],
];

/** The two processes are peers at the top: neither imports the other. */
const peers = [['api', 'worker']];

const folder = (name) => `^${name}/`;

const upward = layers.flatMap(([lower], index) =>
  layers.slice(index + 1).map(([higher]) => ({
    name: `${lower}-not-on-${higher}`,
    comment: `${lower}/ sits below ${higher}/ and must not import from it`,
    severity: 'error',
    from: { path: folder(lower) },
    to: { path: folder(higher) },
  })),
);

const sideways = peers.flatMap(([a, b]) => [
  { name: `${a}-not-${b}`, comment: `${a}/ and ${b}/ are separate processes`, severity: 'error', from: { path: folder(a) }, to: { path: folder(b) } },
  { name: `${b}-not-${a}`, comment: `${a}/ and ${b}/ are separate processes`, severity: 'error', from: { path: folder(b) }, to: { path: folder(a) } },
]);

export default {
  forbidden: [
    ...upward,
    ...sideways,
    {
      name: 'no-circles',
      comment: 'a circle of imports ties its files into one unit that cannot be read, tested or loaded apart',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'product-not-on-tests-or-scripts',
      comment: 'the product never imports its tests, scripts or benchmarks',
      severity: 'error',
      from: { path: `^(${layers.map(([name]) => name).join('|')})/` },
      to: { path: '^(test|scripts|bench)/' },
    },
  ],
  options: {
    // Type-only imports count: they tie the layers together as much as any other.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.data)/' },
  },
};
