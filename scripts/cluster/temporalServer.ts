/**
 * The Temporal server of the cluster, not the dev server: persistence and visibility on PostgreSQL, schemas set up
 * with the release's own SQL tool (its embedded schema files), the four services run from `cluster/temporal/`.
 */
import { execFile as execFileCallback } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { frontendServing } from '../../platform/temporalSetup.js';
import { startProcess, waitUntilReady, type ManagedProcess } from '../services/processes.js';

const execFile = promisify(execFileCallback);

/** The databases and the schema each gets, in the order the release's own setup runs them. */
export const temporalDatabases = [
  { database: 'temporal', schema: 'postgresql/v12/temporal' },
  { database: 'temporal_visibility', schema: 'postgresql/v12/visibility' },
] as const;

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
  /** ca.pem, server.pem and server.key: mutual TLS on (scripts/cluster/certificates.ts). */
  tlsDir?: string;
  /** The provider's JWKS and the tokens' audience: authorization on (cluster/temporal/cluster.yaml). */
  jwt?: { keySource: string; audience: string };
  /** How this script itself connects: the address and, with TLS, the admin client's certificate. */
  clientEnv: Record<string, string>;
};

/** The four services and the system workers' internal frontend (cluster/temporal/cluster.yaml). */
export const temporalServices = ['frontend', 'internal-frontend', 'history', 'matching', 'worker'] as const;

export const temporalServerArgs = [
  '--root', 'ROOT', '--config', 'temporal', '--env', 'cluster', '--allow-no-auth', 'start',
  ...temporalServices.flatMap((service) => ['--service', service]),
];

/** What cluster/temporal/cluster.yaml reads from the environment (docker-compose.yml sets the same). */
export function temporalServerEnv(options: Pick<TemporalServerOptions, 'configRoot' | 'portBase' | 'postgres' | 'tlsDir' | 'jwt'>) {
  return {
    ...(options.tlsDir && { TEMPORAL_TLS_DIR: options.tlsDir }),
    ...(options.jwt && { TEMPORAL_JWT_KEY_SOURCE: options.jwt.keySource, TEMPORAL_JWT_AUDIENCE: options.jwt.audience }),
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
  await waitUntilReady(child, () => frontendServing(options.clientEnv), 120_000);
  return child;
}

