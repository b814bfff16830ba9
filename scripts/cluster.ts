/**
 * `npm run cluster`: the production shape on this machine (see scripts/cluster/index.ts), with the demo seed and the
 * local OpenID provider as in `npm run dev`. State in `.data/cluster/`, logs beside it. Ctrl-C stops everything.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeedFile } from '../domain/tenants.js';
import { apiSettingsProblems, loadConfig, webhookSettingsProblems } from '../platform/config.js';
import { connectDatabase } from '../platform/mongo.js';
import { seedDatabase } from '../platform/seed.js';
import { temporalServerName } from './cluster/certificates.js';
import { startApps, startClusterServices, defaultClusterPorts, type ClusterApps, type ClusterServices } from './cluster/index.js';
import { demoSummary, stateSecret, withOwnTemporalProfile } from './demo.js';
import { identityProviderDefaults } from './identityProvider/defaults.js';
import { demoOperatorAccounts } from './identityProvider/users.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const stateDir = join(root, '.data', 'cluster');
await mkdir(stateDir, { recursive: true });
const log = (line: string) => console.log(`[cluster] ${line}`);

let services: ClusterServices | undefined;
let apps: ClusterApps | undefined;
let stopping = false;
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping apps, proxy and servers…');
  await apps?.stop();
  await services?.stop();
  process.exit(code);
}
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));
process.once('SIGHUP', () => void stopAll(0));

try {
  const ports = { ...defaultClusterPorts, identity: Number(process.env.OIDC_PROVIDER_PORT ?? defaultClusterPorts.identity) };
  const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? `http://localhost:${ports.proxy}`;
  const demo = SeedFile.parse(JSON.parse(await readFile(join(root, 'seed', 'demo.json'), 'utf8')));
  // The cluster's OpenID provider signs in the demo's customers and partners too, unless the shell names another.
  services = await startClusterServices({ stateDir, ports, log, seed: demo, publicBaseUrl });
  const env: NodeJS.ProcessEnv = {
    // The profile is the admin's, for the CLI (`TEMPORAL_CONFIG_FILE=… temporal workflow list`); each app presents its own certificate.
    ...(await withOwnTemporalProfile(stateDir, process.env, services.temporalAddress, {
      ca: services.certificates.ca,
      serverName: temporalServerName,
      ...services.certificates.clients.admin,
    })),
    // Development mode unless the shell says otherwise: HAProxy serves plain http on loopback, and production mode
    // needs an https PUBLIC_BASE_URL (TLS ending in front of HAProxy), MCA_VERSION and WEBHOOK_SECRET_KEY.
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    INVITATION_SECRET: process.env.INVITATION_SECRET ?? (await stateSecret(stateDir, 'invitation-secret')),
    PUBLIC_BASE_URL: publicBaseUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    HOST: '127.0.0.1',
  };
  const identityProvider = env.OIDC_ISSUER ? undefined : services.identity.provider;
  if (identityProvider) Object.assign(env, identityProvider.env);
  // The APIs' own checks, so that a setting production mode lacks is named here rather than in an API's log.
  const config = loadConfig({ ...env, MONGODB_URI: services.mongoUri }, [apiSettingsProblems, webhookSettingsProblems]);
  const database = await connectDatabase(services.mongoUri, config.MONGODB_DB);
  await seedDatabase(database.collections, demo);
  await database.close();

  log('starting two workers and two APIs');
  apps = await startApps(services, env, stateDir);
  for (const [name, child] of apps.processes) {
    child.child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`[${name}] exited (${signal ?? code}); its log: ${child.logFile}. Stopping everything.`);
        void stopAll(1);
      }
    });
  }
  const apiUrl = services.proxyUrl;
  console.log(
    [
      '',
      'Reseller relationship engine is running in its production shape.',
      `  API            ${apiUrl}   HAProxy in front of 127.0.0.1:${ports.apis[0]} and 127.0.0.1:${ports.apis[1]} (docs: ${apiUrl}/docs)`,
      `  Temporal UI    ${services.uiUrl}   sign in as ${demoOperatorAccounts[0].email} (read-only) or ${demoOperatorAccounts[1].email} (may signal, cancel, terminate), password ${process.env.OIDC_DEMO_PASSWORD ?? identityProviderDefaults.demoPassword}`,
      `  Temporal       ${services.temporalAddress}   the Temporal server on PostgreSQL 127.0.0.1:${ports.postgres} (user temporal); mutual TLS, certificates in ${services.certificates.dir}`,
      `                 CLI: TEMPORAL_CONFIG_FILE=${stateDir}/temporal.toml temporal workflow list --api-key "$(npm run -s dev:token -- --temporal ${demoOperatorAccounts[0].email})"`,
      `  MongoDB        ${services.mongoUri}   FerretDB on PostgreSQL (database ${config.MONGODB_DB})`,
      '  Workers        two, on the task queue relationship-requests',
      `  Mode           NODE_ENV=${config.NODE_ENV}${config.NODE_ENV === 'production' ? '' : ' (plain http on loopback; see docs/cluster.md for production mode)'}`,
      config.RESEND_API_KEY
        ? '  Emails         sent through Resend'
        : `  Emails         dev outbox: collection "outbox" in ${config.MONGODB_DB}; read them with \`MONGODB_URI=${services.mongoUri} npm run outbox\``,
      `  Logs           ${stateDir}/*.log`,
      ...demoSummary({ apiUrl, demo, identityProvider, oidcIssuer: env.OIDC_ISSUER }),
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}
