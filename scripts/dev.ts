import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { SeedFile } from '../domain/tenants.js';
import { loadConfig } from '../platform/config.js';
import { createLogPrettifier } from '../platform/logPrettifier.js';
import { connectDatabase } from '../platform/mongo.js';
import { seedDatabase } from '../platform/seed.js';
import { temporalVariables } from '../platform/temporalSettings.js';
import { workerEnv, workerNodeFlags } from '../worker/processSettings.js';
import { identityProviderDefaults, startIdentityProvider, type IdentityProvider, type IdentityUser } from './identityProvider/index.js';
import { requirePrerequisites } from './prerequisites.js';
import { startServices } from './services/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const stateDir = `${root}.data`;
await mkdir(stateDir, { recursive: true });

/**
 * A dev secret kept beside the dev state, so that it survives restarts: links in the outbox keep working, and an API
 * started on its own can still use the OpenID provider's client.
 */
async function devSecret(name: 'invitation-secret' | 'oidc-client-secret'): Promise<string> {
  const path = `${stateDir}/${name}`;
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    const secret = randomBytes(48).toString('base64url');
    await writeFile(path, secret, { mode: 0o600 });
    return secret;
  }
}

/**
 * The embedded dev server is reached with a profile of its own, so that a Temporal profile or `TEMPORAL_*` variables
 * the user keeps for another server (an API key, TLS, a namespace) do not apply to it.
 */
async function withOwnTemporalProfile(env: NodeJS.ProcessEnv, address: string): Promise<NodeJS.ProcessEnv> {
  const configFile = `${stateDir}/temporal.toml`;
  await writeFile(configFile, `[profile.default]\naddress = "${address}"\nnamespace = "default"\n`);
  const isConnectionSetting = (name: string) =>
    (temporalVariables as readonly string[]).includes(name) || name.startsWith('TEMPORAL_GRPC_META_');
  const others = Object.entries(env).filter(([name]) => !isConnectionSetting(name));
  return { ...Object.fromEntries(others), TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'default' };
}

await requirePrerequisites('npm run dev', { chromium: false });
const services = await startServices({ stateDir, log: (line) => console.log(`[services] ${line}`) });
const children: ChildProcess[] = [];
let identityProvider: IdentityProvider | undefined;
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping api, worker and services…');
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  await identityProvider?.stop();
  await services.stop();
  process.exit(code);
}
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

try {
  const env: NodeJS.ProcessEnv = {
    ...(process.env.TEMPORAL_ADDRESS ? process.env : await withOwnTemporalProfile(process.env, services.temporalAddress)),
    TEMPORAL_ADDRESS: services.temporalAddress,
    MONGODB_URI: services.mongoUri,
    INVITATION_SECRET: process.env.INVITATION_SECRET ?? (await devSecret('invitation-secret')),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  };
  const config = loadConfig(env);
  const prettyLogLine = createLogPrettifier();

  const demo = SeedFile.parse(JSON.parse(await readFile(`${root}seed/demo.json`, 'utf8')));
  // The local OpenID provider, unless OIDC_ISSUER names another one (Entra ID, say).
  if (!env.OIDC_ISSUER) {
    identityProvider = await startIdentityProvider({
      seed: demo,
      port: Number(process.env.OIDC_PROVIDER_PORT ?? identityProviderDefaults.port),
      clients: {
        web: {
          clientId: process.env.OIDC_CLIENT_ID ?? identityProviderDefaults.webClientId,
          clientSecret: process.env.OIDC_CLIENT_SECRET ?? (await devSecret('oidc-client-secret')),
          redirectUris: [`${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/auth/callback`],
        },
      },
      ...(process.env.OIDC_DEMO_PASSWORD && { demoPassword: process.env.OIDC_DEMO_PASSWORD }),
      signingKeyFile: `${stateDir}/identity-provider-key.json`,
      log: (line) => console.error(`[identity] ${line}`),
    });
    Object.assign(env, identityProvider.env);
  }
  const database = await connectDatabase(config.MONGODB_URI, config.MONGODB_DB);
  await seedDatabase(database.collections, demo);
  await database.close();

  for (const [name, entry] of [
    ['worker', 'worker/main.ts'],
    ['api', 'api/main.ts'],
  ] as const) {
    const isWorker = name === 'worker';
    const child = spawn(process.execPath, [...(isWorker ? workerNodeFlags : []), '--import', 'tsx', `${root}${entry}`], {
      env: isWorker ? { ...env, ...workerEnv } : env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        for (const readable of prettyLogLine(line).split('\n')) console.log(`[${name}] ${readable}`);
      });
    }
    child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`[${name}] exited (${signal ?? code}); stopping everything`);
        void stopAll(1);
      }
    });
    children.push(child);
  }

  const apiUrl = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  await waitForReady(`${apiUrl}/readyz`);
  const partnerUsers = demo.partners.flatMap((partner) =>
    partner.users.map(
      (user) => `    ${user.email.padEnd(32)} ${user.apiKey.padEnd(32)} ${user.roles.join(',').padEnd(20)} ${partner.name} (${partner.country}, ${partner.cloud})`,
    ),
  );
  const signInOf = (tenantId: string, kind: IdentityUser['kind']) => identityProvider?.users.find((user) => user.tid === tenantId && user.kind === kind)?.email ?? '';
  const customerSignIns = demo.customers.map(
    (customer) =>
      `    ${signInOf(customer.tenantId, 'customerGlobalAdministrator').padEnd(32)} ${signInOf(customer.tenantId, 'customerUser').padEnd(32)} ${customer.companyName} (${customer.tenantId})`,
  );
  console.log(
    [
      '',
      'Reseller relationship engine is running.',
      `  API            ${apiUrl}   (docs: ${apiUrl}/docs, OpenAPI: ${apiUrl}/openapi.json)`,
      `  Temporal UI    ${services.temporalUiUrl ?? '(external Temporal: use its UI)'}`,
      `  Temporal       ${services.temporalAddress}`,
      `  MongoDB        ${services.mongoUri}  (database ${config.MONGODB_DB})`,
      config.RESEND_API_KEY
        ? '  Emails         sent through Resend'
        : `  Emails         dev outbox: collection "outbox" in ${config.MONGODB_DB}; read them with \`npm run outbox\``,
      ...(identityProvider
        ? [
            `  Sign-in        OpenID provider ${identityProvider.issuer}   (every demo user's password: ${identityProvider.env.OIDC_DEMO_PASSWORD})`,
            '  Customer sign-ins: Global administrator, ordinary user',
            ...customerSignIns,
          ]
        : [`  Sign-in        OpenID provider ${env.OIDC_ISSUER} (OIDC_ISSUER)`]),
      `  Demo partner users: email${identityProvider ? ' (sign-in)' : ''}, API key (Authorization: Bearer <key>), roles`,
      ...partnerUsers,
      '',
      'Try:',
      `  curl -s -X POST ${apiUrl}/v1/relationship-requests -H 'authorization: Bearer ${demo.partners[0]?.users[0]?.apiKey}' \\`,
      `       -H 'content-type: application/json' -d '{"customerTenantId":"kyiv-bakery-ua","customerEmail":"it@kyivbakery.example","includeDelegatedAdminPrivileges":true}'`,
      ...(identityProvider
        ? [`  curl -s ${apiUrl}/v1/customers -H "authorization: Bearer $(npm run -s dev:token -- ${demo.partners[0]?.users[0]?.email})"`]
        : []),
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}

async function waitForReady(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`the API did not become ready at ${url}`);
}
