/**
 * `npm test`: starts real services (unless TEMPORAL_ADDRESS and MONGODB_URI are set), then runs every
 * test/**\/*.test.ts file with Node's test runner. `npm test -- test/domain` runs one folder.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServices, type RunningServices } from './services/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

async function testFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const filters = process.argv.slice(2).map((arg) => resolve(arg));
const files = (await testFiles(join(root, 'test'))).filter(
  (file) => filters.length === 0 || filters.some((filter) => file === filter || file.startsWith(`${filter}/`)),
);
if (files.length === 0) {
  console.error(`no test files match ${process.argv.slice(2).join(' ')}`);
  process.exit(1);
}

let services: RunningServices | undefined;
let stateDir: string | undefined;
const cleanup = async () => {
  await services?.stop();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
};

let exitCode = 1;
try {
  const env = { ...process.env };
  if (!env.TEMPORAL_ADDRESS || !env.MONGODB_URI) {
    stateDir = await mkdtemp(join(tmpdir(), 'reseller-test-'));
    const started = Date.now();
    services = await startServices({ stateDir, ephemeral: true, log: (line) => console.log(`[services] ${line}`) });
    env.TEMPORAL_ADDRESS = services.temporalAddress;
    env.MONGODB_URI = services.mongoUri;
    console.log(`[services] ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${services.temporalAddress}, ${services.mongoUri}`);
  }
  const runner = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      `--test-concurrency=${env.TEST_CONCURRENCY ?? '2'}`,
      ...files.map((file) => relative(root, file)),
    ],
    { cwd: root, env, stdio: 'inherit' },
  );
  const stopRunner = () => runner.kill('SIGINT');
  process.once('SIGINT', stopRunner);
  process.once('SIGTERM', stopRunner);
  exitCode = await new Promise<number>((done) => runner.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0))));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  await cleanup();
}
process.exit(exitCode);
