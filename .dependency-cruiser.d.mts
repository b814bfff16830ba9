import type { IConfiguration } from 'dependency-cruiser';

/** The product's layers, lowest first, each with what it holds. */
export declare const layers: ReadonlyArray<readonly [name: string, holds: string]>;
declare const configuration: IConfiguration & Required<Pick<IConfiguration, 'forbidden' | 'options'>>;
export default configuration;
