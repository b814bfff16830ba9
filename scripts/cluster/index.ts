/**
 * The production shape on one machine, from parts built or installed here: PostgreSQL, the Temporal server on it,
 * the Temporal UI, FerretDB on PostgreSQL, HAProxy in front of two API instances, two workers.
 * One FerretDB instance, not two: FerretDB v1.24.2 loads PostgreSQL's catalogue of databases and collections once per
 * instance, so a database another instance creates later stays invisible to it (an insert through the second instance
 * then fails with "relation already exists", a find returns nothing); see docs/ferretdb.md.
 * `startClusterServices` brings up what the apps need; `startApps` runs the apps with a given environment, so the
 * fault suite can run each scenario's apps on the same servers.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { workerEnv, workerNodeFlags } from '../../worker/processSettings.js';
import { cachedBinaryPath, ferretdbEnv, findOnPath, isExecutable, pinnedBinary } from '../services/binaries.js';
import { freePort, startProcess, waitUntilReady, type ManagedProcess } from '../services/processes.js';
import { aptInstall } from '../installChromium.js';
import { requirePostgresBin, startPostgres, type PostgresServer } from './postgres.js';
import type { SeedFile } from '../../domain/tenants.js';
import { ensureClusterCertificates, temporalClientEnv, type ClusterCertificates, type ClusterClient } from './certificates.js';
import { startClusterIdentity, temporalServiceRoles, type ClusterIdentity, type TemporalService } from './temporalAccess.js';
import { registerNamespace } from '../../platform/temporalSetup.js';
import { createDatabase, setUpSchemas, startTemporalServer } from './temporalServer.js';

export const clusterRoot = fileURLToPath(new URL('../../cluster', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

export type ClusterPorts = {
  proxy: number;
  apis: [number, number];
  /** The Temporal frontend; the other services take fixed offsets from it (cluster/temporal/cluster.yaml). */
  temporal: number;
  ui: number;
  postgres: number;
  ferretdb: number;
  /** The local OpenID provider: operators, the services' client credentials, and (npm run cluster) the demo's people. */
  identity: number;
};

export const defaultClusterPorts: ClusterPorts = {
  proxy: 3000,
  apis: [3010, 3011],
  temporal: 7233,
  ui: 8233,
  postgres: 5433,
  ferretdb: 27017,
  identity: 3001,
};

/** Offsets from the frontend port of every port the Temporal server listens on (cluster/temporal/cluster.yaml). */
export const temporalPortOffsets = [0, 1, 2, 3, 6, 10, 11, -300, -299, -298, -297, -294] as const;

/** Free ports for a cluster that must not clash with anything running (tests, the fault suite). */
export async function freeClusterPorts(): Promise<ClusterPorts> {
  let temporal = 0;
  for (;;) {
    // Temporal keeps membership ports in a smallint column: every port must stay below 32768.
    const candidate = 10_300 + Math.floor(Math.random() * 22_000);
    if ((await Promise.all(temporalPortOffsets.map((offset) => portIsFree(candidate + offset)))).every(Boolean)) {
      temporal = candidate;
      break;
    }
  }
  return {
    proxy: await freePort(),
    apis: [await freePort(), await freePort()],
    temporal,
    ui: await freePort(),
    postgres: await freePort(),
    ferretdb: await freePort(),
    identity: await freePort(),
  };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export type ClusterServices = {
  ports: ClusterPorts;
  temporalAddress: string;
  /** The private CA and the certificates of the server and of each kind of client (`<stateDir>/tls/`). */
  certificates: ClusterCertificates;
  /**
   * What a client of this kind sets to reach Temporal: the address, its certificate (the SDK's TEMPORAL_* variables)
   * and, for a service, its client credentials for the tokens the server requires (TEMPORAL_AUTH_*).
   */
  temporalEnv(client: ClusterClient): Record<string, string>;
  /** The API's settings of the Temporal UI's codec server: operators' tokens of the cluster's provider, the UI's origins. */
  codecEnv: Record<string, string>;
  identity: ClusterIdentity;
  uiUrl: string | undefined;
  proxyUrl: string;
  mongoUri: string;
  postgres: PostgresServer;
  /** Kills the Temporal server with SIGKILL, waits, and starts it again on the same state. */
  killTemporalServer(downtimeMs: number): Promise<void>;
  /** Stops FerretDB, waits, and starts it again. */
  restartFerretdb(downtimeMs: number): Promise<void>;
  stop(): Promise<void>;
};

export type ClusterOptions = {
  stateDir: string;
  ports: ClusterPorts;
  /** No UI (the fault suite and the bench have no one to look at it). */
  headless?: boolean;
  /** The people of this seed can sign in at the cluster's OpenID provider too (`npm run cluster`'s demo). */
  seed?: SeedFile;
  /** Where customers are sent back after signing in; the proxy's URL by default. */
  publicBaseUrl?: string;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
};

export async function findOpenssl(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<string> {
  const found = await findOnPath('openssl', env);
  if (found) return found;
  const installed = await aptInstall(['openssl'], { env, isRoot: process.getuid?.() === 0, log });
  const again = await findOnPath('openssl', env);
  if (again) return again;
  throw new Error(`openssl makes the cluster's certificates and none was found (${installed.ok ? 'installed, yet not found' : installed.failure}). Install it (Debian: apt-get install openssl).`);
}

async function findHaproxy(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<string> {
  const search = { ...env, PATH: `${env.PATH ?? ''}:/usr/sbin:/usr/local/sbin` };
  const found = await findOnPath('haproxy', search);
  if (found) return found;
  const installed = await aptInstall(['haproxy'], { env, isRoot: process.getuid?.() === 0, log });
  const again = await findOnPath('haproxy', search);
  if (again) return again;
  throw new Error(`HAProxy is needed in front of the API instances and none was found (${installed.ok ? 'installed, yet not found' : installed.failure}). Install it (Debian: apt-get install haproxy).`);
}

/** Everything the apps run on. Each server's log is in `stateDir`; on failure, whatever started is stopped. */
export async function startClusterServices(options: ClusterOptions): Promise<ClusterServices> {
  const { stateDir, ports, log } = options;
  const env = options.env ?? process.env;
  await mkdir(stateDir, { recursive: true });
  const started: ManagedProcess[] = [];
  let postgres: PostgresServer | undefined;
  let temporal: ManagedProcess | undefined;
  let identity: ClusterIdentity | undefined;
  const stop = async () => {
    await Promise.all(started.splice(0).reverse().map((child) => child.stop()));
    await temporal?.stop();
    await postgres?.stop();
    await identity?.provider.stop();
  };
  try {
    // Find or install everything first, so that what is missing is said before anything starts.
    const postgresBin = await requirePostgresBin(env, log);
    const haproxy = await findHaproxy(env, log);
    const openssl = await findOpenssl(env, log);
    const temporalServer = await pinnedBinary('temporal-server', log, env);
    const sqlTool = cachedBinaryPath('temporal-server', env, 'temporal-sql-tool');
    if (!(await isExecutable(sqlTool))) throw new Error(`${sqlTool} is missing: remove ${join(sqlTool, '..')} so that both are built again`);
    const ui = options.headless ? undefined : await pinnedBinary('temporal-ui-server', log, env);
    const ferretdb = await pinnedBinary('ferretdb', log, env);

    const setUpMarker = join(stateDir, 'postgresql.set-up');
    log(`starting PostgreSQL on 127.0.0.1:${ports.postgres}`);
    const pg = await startPostgres({
      bin: postgresBin,
      dataDir: join(stateDir, 'postgresql'),
      logFile: join(stateDir, 'postgresql.log'),
      port: ports.postgres,
      user: 'temporal',
      setUpMarker,
      log,
    });
    postgres = pg.server;
    const pgAddress = { host: '127.0.0.1', port: ports.postgres, user: 'temporal' };
    await setUpSchemas(sqlTool, pgAddress, pg.fresh, log);
    if (pg.fresh) {
      log('creating database ferretdb');
      await createDatabase(sqlTool, pgAddress, 'ferretdb');
      await writeFile(setUpMarker, `${new Date().toISOString()}\n`);
    }

    const certificates = await ensureClusterCertificates(join(stateDir, 'tls'), openssl, log);
    const uiUrls = [`http://127.0.0.1:${ports.ui}`, `http://localhost:${ports.ui}`];
    const proxyUrl = `http://127.0.0.1:${ports.proxy}`;
    log(`starting the OpenID provider on 127.0.0.1:${ports.identity}`);
    const clusterIdentity = await startClusterIdentity({
      stateDir,
      port: ports.identity,
      seed: options.seed,
      publicBaseUrl: options.publicBaseUrl ?? proxyUrl,
      uiUrls,
      log,
    });
    identity = clusterIdentity;
    const temporalAddress = `127.0.0.1:${ports.temporal}`;
    const temporalEnv = (client: ClusterClient) => ({
      TEMPORAL_ADDRESS: temporalAddress,
      ...temporalClientEnv(certificates, client),
      ...(client in temporalServiceRoles && clusterIdentity.authEnv(client as TemporalService)),
    });
    const startTemporal = async () => {
      log(`starting the Temporal server (frontend ${temporalAddress}, mutual TLS)`);
      return startTemporalServer({
        binary: temporalServer,
        configRoot: clusterRoot,
        portBase: ports.temporal,
        postgres: pgAddress,
        logFile: join(stateDir, 'temporal-server.log'),
        tlsDir: certificates.dir,
        jwt: { keySource: clusterIdentity.provider.jwksUri, audience: clusterIdentity.provider.temporalAudience },
        clientEnv: temporalEnv('admin'),
      });
    };
    temporal = await startTemporal();
    await registerNamespace(temporalEnv('admin'), log);

    const mongoUri = `mongodb://127.0.0.1:${ports.ferretdb}/`;
    const ferretdbState = join(stateDir, 'ferretdb');
    await mkdir(ferretdbState, { recursive: true });
    log(`starting FerretDB on 127.0.0.1:${ports.ferretdb} (PostgreSQL backend)`);
    const startFerretdb = async () => {
      const child = startProcess('ferretdb', ferretdb, ferretdbArgs(ports.ferretdb, ports.postgres, ferretdbState), join(stateDir, 'ferretdb.log'), ferretdbEnv({ PATH: env.PATH ?? '', ...(env.GOGC && { GOGC: env.GOGC }) }));
      started.push(child);
      await waitUntilReady(child, () => mongoAnswers(mongoUri), 60_000);
      return child;
    };
    let ferret = await startFerretdb();

    let uiUrl: string | undefined;
    if (ui) {
      uiUrl = uiUrls[0]!;
      log(`starting the Temporal UI on ${uiUrl}`);
      const child = startProcess('temporal-ui', ui, ['--root', clusterRoot, '--config', 'temporal-ui', '--env', 'cluster', 'start'], join(stateDir, 'temporal-ui.log'), {
        PATH: env.PATH ?? '',
        ...temporalUiEnv({
          temporalAddress,
          port: ports.ui,
          tlsDir: certificates.dir,
          publicUrl: uiUrl,
          oidc: { issuer: clusterIdentity.provider.issuer, ...clusterIdentity.uiClient },
          codecEndpoint: `${options.publicBaseUrl ?? proxyUrl}/codec`,
          cookieInsecure: true,
        }),
      });
      started.push(child);
      const url = uiUrl;
      await waitUntilReady(child, async () => {
        if (!(await fetch(url)).ok) throw new Error('not serving yet');
      }, 30_000);
    }

    log(`starting HAProxy on ${proxyUrl} in front of 127.0.0.1:${ports.apis[0]} and 127.0.0.1:${ports.apis[1]}`);
    started.push(
      startProcess('haproxy', haproxy, ['-db', '-f', join(clusterRoot, 'haproxy.cfg')], join(stateDir, 'haproxy.log'), {
        PATH: env.PATH ?? '',
        ...haproxyEnv(`127.0.0.1:${ports.proxy}`, [`127.0.0.1:${ports.apis[0]}`, `127.0.0.1:${ports.apis[1]}`]),
      }),
    );

    return {
      ports,
      temporalAddress,
      certificates,
      temporalEnv,
      identity: clusterIdentity,
      codecEnv: {
        OPERATOR_OIDC_ISSUER: clusterIdentity.provider.issuer,
        OPERATOR_TOKEN_AUDIENCE: clusterIdentity.provider.temporalAudience,
        CODEC_ALLOWED_ORIGINS: uiUrls.join(','),
      },
      uiUrl,
      proxyUrl,
      mongoUri,
      postgres: pg.server,
      killTemporalServer: async (downtimeMs) => {
        const old = temporal!;
        await new Promise<void>((resolve) => {
          if (old.child.exitCode !== null || old.child.signalCode !== null) return resolve();
          old.child.once('exit', () => resolve());
          old.child.kill('SIGKILL');
        });
        await new Promise((resolve) => setTimeout(resolve, downtimeMs));
        temporal = await startTemporal();
      },
      restartFerretdb: async (downtimeMs) => {
        await ferret.stop();
        started.splice(started.indexOf(ferret), 1);
        await new Promise((resolve) => setTimeout(resolve, downtimeMs));
        ferret = await startFerretdb();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** What cluster/temporal-ui/cluster.yaml reads from the environment (docker-compose.yml sets the same). */
export const temporalUiEnv = (options: {
  temporalAddress: string;
  port: number;
  tlsDir: string;
  publicUrl: string;
  oidc: { issuer: string; clientId: string; clientSecret: string; scope?: string };
  codecEndpoint: string;
  cookieInsecure: boolean;
}) => ({
  TEMPORAL_ADDRESS: options.temporalAddress,
  TEMPORAL_UI_PORT: String(options.port),
  TEMPORAL_TLS_DIR: options.tlsDir,
  // Operators sign in at the provider; the UI sends their token to the server and to the codec server.
  TEMPORAL_UI_PUBLIC_URL: options.publicUrl,
  TEMPORAL_UI_OIDC_ISSUER: options.oidc.issuer,
  TEMPORAL_UI_OIDC_CLIENT_ID: options.oidc.clientId,
  TEMPORAL_UI_OIDC_CLIENT_SECRET: options.oidc.clientSecret,
  TEMPORAL_UI_OIDC_SCOPE: options.oidc.scope ?? '',
  TEMPORAL_UI_CODEC_ENDPOINT: options.codecEndpoint,
  TEMPORAL_UI_COOKIE_INSECURE: String(options.cookieInsecure),
});

/** What cluster/haproxy.cfg reads from the environment (docker-compose.yml sets the same). */
export const haproxyEnv = (bind: string, apis: [string, string]) => ({ PROXY_BIND: bind, API_1: apis[0], API_2: apis[1] });

export function ferretdbArgs(port: number, postgresPort: number, stateDir: string): string[] {
  return [
    '--handler=postgresql',
    `--postgresql-url=postgres://temporal@127.0.0.1:${postgresPort}/ferretdb`,
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${stateDir}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=warn',
  ];
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

export type AppName = 'worker-1' | 'worker-2' | 'api-1' | 'api-2';
export const appNames: AppName[] = ['worker-1', 'worker-2', 'api-1', 'api-2'];

export type ClusterApps = {
  processes: Map<AppName, ManagedProcess>;
  /** Stops one app with `signal` (SIGKILL: no goodbye) and waits until it is gone. */
  kill(name: AppName, signal: NodeJS.Signals): Promise<void>;
  /** Starts an app that was killed; an API is back when it answers /readyz. */
  start(name: AppName): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Two workers and two APIs with `env` (everything but where Temporal and MongoDB are, which the cluster says), each
 * importing the modules of `preload` first. Resolves when both APIs answer /readyz.
 */
export async function startApps(services: ClusterServices, env: NodeJS.ProcessEnv, logDir: string, preload: readonly string[] = []): Promise<ClusterApps> {
  const processes = new Map<AppName, ManagedProcess>();
  const start = (name: AppName) => {
    const index = Number(name.at(-1)) - 1;
    const isWorker = name.startsWith('worker');
    const appEnv: NodeJS.ProcessEnv = {
      ...env,
      ...services.temporalEnv(isWorker ? 'worker' : 'api'),
      MONGODB_URI: services.mongoUri,
      ...(isWorker ? workerEnv : { PORT: String(services.ports.apis[index]), TRUSTED_PROXIES: '127.0.0.1', ...services.codecEnv }),
    };
    const entry = join(repositoryRoot, isWorker ? 'worker/main.ts' : 'api/main.ts');
    const child = startProcess(name, process.execPath, [...(isWorker ? workerNodeFlags : []), '--import', 'tsx', ...preload.flatMap((module) => ['--import', module]), entry], join(logDir, `${name}.log`), appEnv);
    processes.set(name, child);
    return child;
  };
  const ready = (name: AppName) => {
    const port = services.ports.apis[Number(name.at(-1)) - 1];
    return waitUntilReady(processes.get(name)!, async () => {
      if (!(await fetch(`http://127.0.0.1:${port}/readyz`)).ok) throw new Error('not ready yet');
    }, 60_000);
  };
  for (const name of appNames) start(name);
  const stop = async () => {
    await Promise.all([...processes.values()].map((child) => child.stop()));
  };
  try {
    await Promise.all([ready('api-1'), ready('api-2')]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    processes,
    kill: async (name, signal) => {
      const child = processes.get(name)!.child;
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
    start: async (name) => {
      start(name);
      if (name.startsWith('api')) await ready(name);
    },
    stop,
  };
}
