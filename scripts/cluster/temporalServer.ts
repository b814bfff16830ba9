/**
 * The Temporal server of the cluster, not the dev server: persistence and visibility on PostgreSQL, schemas set up
 * with the release's own SQL tool (its embedded schema files), the four services run from `cluster/temporal/`.
 */
import { execFile as execFileCallback } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { searchAttributeNames } from '../../workflows/searchAttributes.js';
import { startProcess, waitUntilReady, type ManagedProcess } from '../services/processes.js';

const execFile = promisify(execFileCallback);

/** The databases and the schema each gets, in the order the release's own setup runs them. */
export const temporalDatabases = [
  { database: 'temporal', schema: 'postgresql/v12/temporal' },
  { database: 'temporal_visibility', schema: 'postgresql/v12/visibility' },
] as const;

export const temporalNamespace = { name: 'default', retentionDays: 7 } as const;

type Postgres = { host: string; port: number; user: string };

const sqlToolArgs = (postgres: Postgres, database: string) => [
  '--plugin', 'postgres12', '--ep', postgres.host, '--port', String(postgres.port), '--user', postgres.user, '--db', database,
];

/** create-database, setup-schema -v 0.0, update-schema: on a fresh PostgreSQL, the whole setup. */
export function schemaSteps(postgres: Postgres, fresh: boolean): string[][] {
  return temporalDatabases.flatMap(({ database, schema }) => [
    ...(fresh ? [[...sqlToolArgs(postgres, database), 'create-database'], [...sqlToolArgs(postgres, database), 'setup-schema', '-v', '0.0']] : []),
    // Brings an existing database up to this release's schema; a no-op when it is there already.
    [...sqlToolArgs(postgres, database), 'update-schema', '--schema-name', schema],
  ]);
}

export async function setUpSchemas(sqlTool: string, postgres: Postgres, fresh: boolean, log: (line: string) => void): Promise<void> {
  for (const args of schemaSteps(postgres, fresh)) {
    log(`temporal-sql-tool ${args.slice(8).join(' ')} (${args[7]})`);
    await execFile(sqlTool, ['--quiet', ...args], { env: { PATH: process.env.PATH ?? '' } });
  }
}

/** FerretDB's database, made with the same tool so that the cluster needs no PostgreSQL client. */
export async function createDatabase(sqlTool: string, postgres: Postgres, database: string): Promise<void> {
  await execFile(sqlTool, ['--quiet', ...sqlToolArgs(postgres, database), 'create-database'], { env: { PATH: process.env.PATH ?? '' } });
}

export type TemporalServerOptions = {
  binary: string;
  /** The repository's `cluster/` folder. */
  configRoot: string;
  portBase: number;
  postgres: Postgres;
  logFile: string;
};

export const temporalServerArgs = ['--root', 'ROOT', '--config', 'temporal', '--env', 'cluster', '--allow-no-auth', 'start'];

/** What cluster/temporal/cluster.yaml reads from the environment (docker-compose.yml sets the same). */
export function temporalServerEnv(options: Pick<TemporalServerOptions, 'configRoot' | 'portBase' | 'postgres'>) {
  return {
    TEMPORAL_PORT_BASE: String(options.portBase),
    TEMPORAL_BIND_ON_IP: '127.0.0.1',
    TEMPORAL_DYNAMIC_CONFIG: join(options.configRoot, 'temporal', 'dynamicconfig.yaml'),
    POSTGRES_SEEDS: options.postgres.host,
    POSTGRES_PORT: String(options.postgres.port),
    POSTGRES_USER: options.postgres.user,
  };
}

export async function startTemporalServer(options: TemporalServerOptions): Promise<ManagedProcess> {
  const env = { PATH: process.env.PATH ?? '', ...temporalServerEnv(options) };
  const args = temporalServerArgs.map((arg) => (arg === 'ROOT' ? options.configRoot : arg));
  const child = startProcess('temporal-server', options.binary, args, options.logFile, env);
  const address = `127.0.0.1:${options.portBase}`;
  await waitUntilReady(child, () => frontendServing(address), 120_000);
  return child;
}

async function frontendServing(address: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.getSystemInfo({});
  } finally {
    await connection.close();
  }
}

/**
 * Registers the namespace and the search attributes when they are missing. A new namespace or attribute reaches every
 * service through its namespace cache, refreshed every 10 s: after registering the namespace, wait that long, so the
 * first request never meets "namespace not found" or an undefined attribute.
 */
export async function registerNamespace(address: string, log: (line: string) => void): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const namespace = temporalNamespace.name;
    const exists = await connection.workflowService.describeNamespace({ namespace }).then(() => true, () => false);
    if (!exists) {
      log(`registering namespace ${namespace}`);
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs(`${temporalNamespace.retentionDays} days`),
      });
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
        const missing = searchAttributeNames.filter((name) => !customAttributes?.[name]);
        if (missing.length === 0) break;
        log(`registering search attributes ${missing.join(', ')}`);
        await connection.operatorService.addSearchAttributes({
          namespace,
          searchAttributes: Object.fromEntries(missing.map((name) => [name, 2 /* INDEXED_VALUE_TYPE_KEYWORD */])),
        });
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    if (!exists) await new Promise((resolve) => setTimeout(resolve, 11_000));
  } finally {
    await connection.close();
  }
}
