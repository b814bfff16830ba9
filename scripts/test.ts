/**
 * `npm test`: starts real services (unless TEMPORAL_ADDRESS and MONGODB_URI are both set), then runs the
 * test/**\/*.test.ts files with Node's test runner and the spec reporter, and passes its exit code through.
 *   npm test -- test/domain                      only the files under a folder (or one file; several allowed)
 *   npm test -- --test-name-pattern=invitation   arguments starting with `-` go to `node --test` as they are
 *   TEST_CONCURRENCY=1 npm test                  how many test files run at once (default 2)
 * Tests find the services in process.env.TEMPORAL_ADDRESS and MONGODB_URI (see scripts/services/fromEnv.ts), and the
 * local OpenID provider, started here unless OIDC_ISSUER is set, in OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
 * OIDC_API_AUDIENCE, OIDC_API_SCOPE, OIDC_DEVICE_CLIENT_ID and OIDC_DEMO_PASSWORD (see scripts/identityProvider/defaults.ts).
 * Before anything starts, scripts/prerequisites.ts checks Node, the servers (or Go) and, when the browser test is
 * among the files, Chromium, which it installs when it can; what is missing stops the run at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeedFile } from '../domain/tenants.js';
import { identityProviderDefaults, startIdentityProvider, type IdentityProvider } from './identityProvider/index.js';
import { webRedirectUris } from './identityProvider/defaults.js';
import { workspaceBrowserCustomers } from '../test/support/workspaceCustomers.js';
import { requirePrerequisites } from './prerequisites.js';
import { startServices, type RunningServices } from './services/index.js';
import { servicesInEnv } from './services/fromEnv.js';

const root = fileURLToPath(new URL('..', import.meta.url));

async function findTestFiles(dir: string, filters: string[] = []): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const wanted = filters.map((filter) => resolve(filter));
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.split(sep).includes('node_modules'))
    .filter((file) => wanted.length === 0 || wanted.some((filter) => file === filter || file.startsWith(`${filter}${sep}`)))
    .sort();
}

/**
 * The demo seed's users on a free port. The web client's redirect URIs are those of an API on loopback (and at
 * PUBLIC_BASE_URL when set); any loopback port matches, so test stacks on ephemeral ports sign in too.
 */
async function startTestIdentityProvider(env: NodeJS.ProcessEnv): Promise<IdentityProvider> {
  const apiOrigins = ['http://localhost:3000', 'http://127.0.0.1:3000', ...(env.PUBLIC_BASE_URL ? [env.PUBLIC_BASE_URL.replace(/\/+$/, '')] : [])];
  const demo = SeedFile.parse(JSON.parse(await readFile(join(root, 'seed', 'demo.json'), 'utf8')));
  return startIdentityProvider({
    seed: { ...demo, customers: [...demo.customers, ...workspaceBrowserCustomers] },
    clients: {
      web: {
        clientId: identityProviderDefaults.webClientId,
        clientSecret: randomBytes(32).toString('base64url'),
        redirectUris: apiOrigins.flatMap(webRedirectUris),
      },
    },
    log: (line) => console.error(`[identity] ${line}`),
  });
}

/** Whether the files under test/browser are among those the filters select (none: all of them). */
function selectsBrowserTests(filters: string[]): boolean {
  const browserDir = join(root, 'test', 'browser');
  const within = (dir: string, path: string) => path === dir || path.startsWith(`${dir}${sep}`);
  return filters.length === 0 || filters.map((filter) => resolve(filter)).some((path) => within(path, browserDir) || within(browserDir, path));
}

const args = process.argv.slice(2);
const nodeFlags = args.filter((arg) => arg.startsWith('-'));
const filters = args.filter((arg) => !arg.startsWith('-'));
await requirePrerequisites('npm test', { chromium: selectsBrowserTests(filters) });
const files = await findTestFiles(join(root, 'test'), filters);
if (files.length === 0) {
  console.error(`no test files under test/ match ${filters.join(' ')}`);
  process.exit(1);
}

let services: RunningServices | undefined;
let identityProvider: IdentityProvider | undefined;
let stateDir: string | undefined;
let runner: ChildProcess | undefined;
let interrupted = false;
const cleanup = async () => {
  const stopping = services;
  services = undefined;
  const stoppingProvider = identityProvider;
  identityProvider = undefined;
  await stoppingProvider?.stop();
  await stopping?.stop().catch((error: unknown) => console.error(`[services] stopping failed: ${String(error)}`));
  if (stateDir) await rm(stateDir, { recursive: true, force: true }).catch(() => {});
};
// Ctrl-C: the test runner (same process group) gets it too and ends with its summary; then we stop the services.
const onSignal = (signal: NodeJS.Signals) => {
  if (interrupted) return;
  interrupted = true;
  if (runner && runner.exitCode === null) runner.kill(signal);
  else void cleanup().then(() => process.exit(130));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

let exitCode = 1;
try {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!servicesInEnv(env)) {
    stateDir = await mkdtemp(join(tmpdir(), 'reseller-test-'));
    const started = Date.now();
    services = await startServices({ stateDir, ephemeral: true, env, log: (line) => console.log(`[services] ${line}`) });
    env.TEMPORAL_ADDRESS = services.temporalAddress;
    env.MONGODB_URI = services.mongoUri;
    console.log(`[services] ready in ${((Date.now() - started) / 1000).toFixed(1)} s: TEMPORAL_ADDRESS=${services.temporalAddress} MONGODB_URI=${services.mongoUri}`);
  } else {
    console.log(`[services] using TEMPORAL_ADDRESS=${env.TEMPORAL_ADDRESS} and MONGODB_URI from the environment`);
  }
  if (!env.OIDC_ISSUER) {
    identityProvider = await startTestIdentityProvider(env);
    Object.assign(env, identityProvider.env);
    console.log(`[identity] OpenID provider at ${identityProvider.issuer}`);
  } else {
    console.log(`[identity] using OIDC_ISSUER=${env.OIDC_ISSUER} from the environment`);
  }
  if (interrupted) throw new Error('interrupted');
  const concurrency = env.TEST_CONCURRENCY ?? '2';
  runner = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      `--test-concurrency=${concurrency}`,
      ...nodeFlags,
      ...files.map((file) => relative(root, file)),
    ],
    { cwd: root, env, stdio: 'inherit' },
  );
  const child = runner;
  exitCode = await new Promise<number>((done) => {
    child.once('error', (error) => {
      console.error(error.message);
      done(1);
    });
    child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
} catch (error) {
  if (!interrupted) console.error(error instanceof Error ? error.message : error);
  exitCode = interrupted ? 130 : 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
