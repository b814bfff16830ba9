import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { MongoClient } from 'mongodb';
import { searchAttributeNames } from '../../workflows/searchAttributes.js';
import { buildPinned, ferretdbEnv, resolveMongo, resolveTemporal, type Resolved } from './binaries.js';
import { freePort, startProcess, waitUntilReady, type ManagedProcess } from './processes.js';

export { freePort } from './processes.js';
export {
  buildPinned,
  cachedBinaryPath,
  cacheRoot,
  ferretdbEnv,
  findOnPath,
  pinned,
  resolveMongo,
  resolveTemporal,
  type Resolved,
} from './binaries.js';

export interface RunningServices {
  temporalAddress: string;
  temporalUiUrl: string | undefined;
  mongoUri: string;
  stop(): Promise<void>;
  /** Stops one server we started, waits, and starts it again on the same port with the same state. */
  restart(which: 'temporal' | 'mongo', downtimeMs: number): Promise<void>;
}

export interface ServiceOptions {
  stateDir: string;
  temporalPort?: number;
  uiPort?: number;
  mongoPort?: number;
  /** Tests: free ports, no UI, no persistent Temporal history. */
  ephemeral?: boolean;
  /** Keep Temporal's history in stateDir even when ephemeral, so a restart resumes every workflow. */
  persistTemporal?: boolean;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

type Role = 'temporal' | 'mongo';
type Started = ManagedProcess & { role: Role };

/** The exact command lines, exported so they can be read and tested without starting anything. */
export function temporalArgs(options: { port: number; uiPort?: number | undefined; dbFile?: string | undefined }): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--namespace', 'default', '--log-level', 'warn'];
  for (const name of searchAttributeNames) args.push('--search-attribute', `${name}=Keyword`);
  if (options.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  return args;
}

export function mongoArgs(server: 'mongod' | 'ferretdb', port: number, dataDir: string): string[] {
  return server === 'mongod'
    ? ['--dbpath', dataDir, '--bind_ip', '127.0.0.1', '--port', String(port), '--quiet']
    : [
        '--handler=sqlite',
        `--sqlite-url=file:${dataDir}/`,
        `--listen-addr=127.0.0.1:${port}`,
        `--state-dir=${dataDir}`,
        '--telemetry=disable',
        '--debug-addr=-', // no metrics/pprof HTTP listener (it would take 127.0.0.1:8088)
        '--log-level=warn',
      ];
}

async function binaryOf(resolved: Resolved, tool: 'temporal' | 'ferretdb', log: (line: string) => void, env: NodeJS.ProcessEnv): Promise<string> {
  if (resolved.kind === 'binary') return resolved.path;
  if (resolved.kind === 'build') return buildPinned(tool, resolved.go, resolved.target, log, env);
  if (resolved.kind === 'missing') throw new Error(resolved.message);
  throw new Error('an external server needs no binary');
}

/** Brings up (or finds) a Temporal server and a MongoDB-wire server, in the order the README gives. */
export async function startServices(options: ServiceOptions): Promise<RunningServices> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  await mkdir(options.stateDir, { recursive: true });
  const started: Started[] = [];
  const launchers = new Map<Role, () => Promise<Started>>();
  const stop = async () => {
    await Promise.all(started.splice(0).reverse().map((child) => child.stop()));
  };
  const restart = async (which: Role, downtimeMs: number) => {
    const launch = launchers.get(which);
    if (!launch) throw new Error(`${which} was not started here, so it cannot be restarted`);
    const index = started.findIndex((child) => child.role === which);
    const [old] = index < 0 ? [] : started.splice(index, 1);
    await old?.stop();
    await new Promise((resolve) => setTimeout(resolve, downtimeMs));
    started.push(await launch());
  };
  /** Starts one server and waits for it; on failure it is stopped already (waitUntilReady sees to it). */
  const launcher = (
    role: Role,
    name: string,
    binary: string,
    args: string[],
    logFile: string,
    ready: () => Promise<unknown>,
    timeoutMs: number,
    processEnv: NodeJS.ProcessEnv = env,
  ) => {
    const launch = async (): Promise<Started> => {
      const child: Started = { ...startProcess(name, binary, args, logFile, processEnv), role };
      try {
        await waitUntilReady(child, ready, timeoutMs);
      } catch (error) {
        await child.stop();
        throw error;
      }
      return child;
    };
    launchers.set(role, launch);
    return launch;
  };

  try {
    const [temporal, mongo] = await Promise.all([resolveTemporal(env), resolveMongo(env)]);
    // Say everything that is missing before building anything: a build takes minutes.
    const missing = [temporal, mongo].flatMap((resolved) => (resolved.kind === 'missing' ? [resolved.message] : []));
    if (missing.length > 0) throw new Error(missing.join('\n'));
    // Build one after the other: two Go builds at once on two cores are no faster than in sequence.
    const temporalBinary = temporal.kind === 'external' ? undefined : await binaryOf(temporal, 'temporal', log, env);
    const mongoBinary = mongo.kind === 'external' ? undefined : await binaryOf(mongo, 'ferretdb', log, env);
    const launches: Promise<Started>[] = [];

    let temporalAddress: string;
    let temporalUiUrl: string | undefined;
    if (temporal.kind === 'external' || !temporalBinary) {
      temporalAddress = temporal.kind === 'external' ? temporal.address : '';
      log(`using Temporal at ${temporalAddress} (TEMPORAL_ADDRESS)`);
    } else {
      const port = options.temporalPort ?? (options.ephemeral ? await freePort() : 7233);
      const uiPort = options.ephemeral ? undefined : (options.uiPort ?? 8233);
      const dbFile = !options.ephemeral || options.persistTemporal ? join(options.stateDir, 'temporal.sqlite') : undefined;
      temporalAddress = `127.0.0.1:${port}`;
      temporalUiUrl = uiPort === undefined ? undefined : `http://127.0.0.1:${uiPort}`;
      log(`starting Temporal dev server on ${temporalAddress}${temporalUiUrl ? `, UI ${temporalUiUrl}` : ''}`);
      const address = temporalAddress;
      const args = temporalArgs({ port, uiPort, dbFile });
      const launch = launcher('temporal', 'temporal', temporalBinary, args, join(options.stateDir, 'temporal.log'), () => temporalAnswers(address), 90_000);
      launches.push(launch());
    }

    let mongoUri: string;
    if (mongo.kind === 'external' || !mongoBinary) {
      mongoUri = mongo.kind === 'external' ? mongo.address : '';
      log(`using MongoDB at ${redactUri(mongoUri)} (MONGODB_URI)`);
    } else {
      const server = mongo.server ?? 'ferretdb';
      const port = options.mongoPort ?? (options.ephemeral ? await freePort() : 27017);
      mongoUri = `mongodb://127.0.0.1:${port}/`;
      const dataDir = join(options.stateDir, server);
      await mkdir(dataDir, { recursive: true });
      log(`starting ${server} on 127.0.0.1:${port}`);
      const uri = mongoUri;
      const serverEnv = server === 'ferretdb' ? ferretdbEnv(env) : env;
      const launch = launcher('mongo', server, mongoBinary, mongoArgs(server, port, dataDir), join(options.stateDir, `${server}.log`), () => mongoAnswers(uri), 60_000, serverEnv);
      launches.push(launch());
    }

    // Both start at once; if either fails, the one that came up is stopped again.
    const results = await Promise.allSettled(launches);
    for (const result of results) if (result.status === 'fulfilled') started.push(result.value);
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
    return { temporalAddress, temporalUiUrl, mongoUri, stop, restart };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Ready means: the frontend answers, and the search attributes we asked for are registered. */
async function temporalAnswers(address: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.getSystemInfo({});
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    const missing = searchAttributeNames.filter((name) => !customAttributes?.[name]);
    if (missing.length > 0) throw new Error(`search attributes not registered yet: ${missing.join(', ')}`);
  } finally {
    await connection.close();
  }
}

async function mongoAnswers(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1_000 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

const redactUri = (uri: string) => uri.replace(/\/\/[^@/]*@/, '//***@');
