import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { SeedFile } from '../domain/tenants.js';
import { loadConfig } from '../platform/config.js';
import { createLogPrettifier } from '../platform/logPrettifier.js';
import { connectDatabase } from '../platform/mongo.js';
import { seedDatabase } from '../platform/seed.js';
import { workerEnv, workerNodeFlags } from '../worker/processSettings.js';
import { demoSummary, startDemoIdentityProvider, stateSecret, waitForReady, withOwnTemporalProfile } from './demo.js';
import type { IdentityProvider } from './identityProvider/index.js';
import { requirePrerequisites } from './prerequisites.js';
import { startServices } from './services/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const stateDir = `${root}.data`;
await mkdir(stateDir, { recursive: true });

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
    ...(process.env.TEMPORAL_ADDRESS ? process.env : await withOwnTemporalProfile(stateDir, process.env, services.temporalAddress)),
    TEMPORAL_ADDRESS: services.temporalAddress,
    MONGODB_URI: services.mongoUri,
    INVITATION_SECRET: process.env.INVITATION_SECRET ?? (await stateSecret(stateDir, 'invitation-secret')),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  };
  const config = loadConfig(env);
  const prettyLogLine = createLogPrettifier();

  const demo = SeedFile.parse(JSON.parse(await readFile(`${root}seed/demo.json`, 'utf8')));
  // The local OpenID provider, unless OIDC_ISSUER names another one (Entra ID, say).
  if (!env.OIDC_ISSUER) {
    identityProvider = await startDemoIdentityProvider(stateDir, demo, config.PUBLIC_BASE_URL);
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
      ...demoSummary({ apiUrl, demo, identityProvider, oidcIssuer: env.OIDC_ISSUER }),
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}

