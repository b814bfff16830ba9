import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { MongoClient } from 'mongodb';
import { searchAttributeNames } from '../../workflows/searchAttributes.js';
import { buildPinned, resolveMongo, resolveTemporal, type Resolved } from './binaries.js';
import { freePort, startProcess, waitUntilReady, type ManagedProcess } from './processes.js';

export { freePort } from './processes.js';
export { resolveMongo, resolveTemporal, cachedBinaryPath } from './binaries.js';

export interface RunningServices {
  temporalAddress: string;
  temporalUiUrl: string | undefined;
  mongoUri: string;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  stateDir: string;
  temporalPort?: number;
  uiPort?: number;
  mongoPort?: number;
  /** Tests: free ports, no UI, no persistent Temporal history. */
  ephemeral?: boolean;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

async function binaryOf(resolved: Resolved, tool: 'temporal' | 'ferretdb', log: (line: string) => void): Promise<string> {
  if (resolved.kind === 'binary') return resolved.path;
  if (resolved.kind === 'build') return buildPinned(tool, resolved.go, resolved.target, log);
  if (resolved.kind === 'missing') throw new Error(resolved.message);
  throw new Error('an external server needs no binary');
}

/** Brings up (or finds) a Temporal server and a MongoDB-wire server, in the order of DESIGN.md §6. */
export async function startServices(options: ServiceOptions): Promise<RunningServices> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  await mkdir(options.stateDir, { recursive: true });
  const started: ManagedProcess[] = [];
  const stop = async () => {
    await Promise.all(started.splice(0).reverse().map((child) => child.stop()));
  };

  try {
    const [temporal, mongo] = await Promise.all([resolveTemporal(env), resolveMongo(env)]);
    // Build sequentially: two Go builds at once on two cores take longer than one after the other.
    const temporalBinary = temporal.kind === 'external' ? undefined : await binaryOf(temporal, 'temporal', log);
    const mongoBinary = mongo.kind === 'external' ? undefined : await binaryOf(mongo, 'ferretdb', log);

    let temporalAddress: string;
    let temporalUiUrl: string | undefined;
    if (temporal.kind === 'external') {
      temporalAddress = temporal.address;
      log(`using Temporal at ${temporalAddress} (TEMPORAL_ADDRESS)`);
    } else {
      const port = options.temporalPort ?? (options.ephemeral ? await freePort() : 7233);
      const uiPort = options.uiPort ?? 8233;
      temporalAddress = `127.0.0.1:${port}`;
      const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', 'default', '--log-level', 'warn'];
      for (const name of searchAttributeNames) args.push('--search-attribute', `${name}=Keyword`);
      if (options.ephemeral) args.push('--headless');
      else {
        args.push('--ui-port', String(uiPort), '--db-filename', join(options.stateDir, 'temporal.sqlite'));
        temporalUiUrl = `http://127.0.0.1:${uiPort}`;
      }
      log(`starting Temporal dev server on ${temporalAddress}${temporalUiUrl ? `, UI ${temporalUiUrl}` : ''}`);
      const child = startProcess('temporal', temporalBinary!, args, join(options.stateDir, 'temporal.log'));
      started.push(child);
      await waitUntilReady(child, () => temporalAnswers(temporalAddress), 60_000);
    }

    let mongoUri: string;
    if (mongo.kind === 'external') {
      mongoUri = mongo.address;
      log(`using MongoDB at ${redactUri(mongoUri)} (MONGODB_URI)`);
    } else {
      const port = options.mongoPort ?? (options.ephemeral ? await freePort() : 27017);
      mongoUri = `mongodb://127.0.0.1:${port}/`;
      const dataDir = join(options.stateDir, mongo.server === 'mongod' ? 'mongod' : 'ferretdb');
      await mkdir(dataDir, { recursive: true });
      const args =
        mongo.server === 'mongod'
          ? ['--dbpath', dataDir, '--bind_ip', '127.0.0.1', '--port', String(port), '--quiet']
          : [
              '--handler=sqlite',
              `--sqlite-url=file:${dataDir}/`,
              `--listen-addr=127.0.0.1:${port}`,
              `--state-dir=${dataDir}`,
              '--telemetry=disable',
              '--debug-addr=-',
              '--log-level=warn',
            ];
      log(`starting ${mongo.server} on 127.0.0.1:${port}`);
      const child = startProcess(mongo.server ?? 'ferretdb', mongoBinary!, args, join(options.stateDir, `${mongo.server}.log`));
      started.push(child);
      await waitUntilReady(child, () => mongoAnswers(mongoUri), 30_000);
    }
    return { temporalAddress, temporalUiUrl, mongoUri, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function temporalAnswers(address: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.getSystemInfo({});
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
