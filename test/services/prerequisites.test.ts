import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { chromiumMissingMessage, findChromium } from '../../scripts/chromium.js';
import { installChromium } from '../../scripts/installChromium.js';
import { checkPrerequisites, nodeVersionProblem, prerequisitesMessage } from '../../scripts/prerequisites.js';
import { tempDir } from '../support/tempDirs.js';

async function script(path: string, body: string): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

const fakeChromium = (path: string) => script(path, 'echo "Chromium 140.0.0.0 fake"');

/** A machine with nothing on it: empty PATH, HOME and cache folders. */
async function bareMachine() {
  const root = await tempDir('prerequisites-');
  const dirs = { root, bin: join(root, 'bin'), home: join(root, 'home'), cache: join(root, 'cache') };
  await Promise.all([dirs.bin, dirs.home, dirs.cache].map((dir) => mkdir(dir, { recursive: true })));
  return { ...dirs, env: { PATH: dirs.bin, HOME: dirs.home, XDG_CACHE_HOME: dirs.cache } as NodeJS.ProcessEnv };
}

const supportedNode = { required: '>=22.11', actual: 'v22.11.0' };
const noLog = () => {};

describe('the Node.js version check', () => {
  test('accepts the minimum and anything newer', () => {
    for (const actual of ['v22.11.0', 'v22.23.3', 'v23.0.0', 'v24.21.0']) assert.equal(nodeVersionProblem('>=22.11', actual), undefined, actual);
    assert.equal(nodeVersionProblem('>=22', 'v22.0.0'), undefined);
  });

  test('refuses anything older, saying what is needed', () => {
    for (const actual of ['v22.10.0', 'v20.20.2', 'v18.20.0', 'v22.0.0']) {
      const problem = nodeVersionProblem('>=22.11', actual) ?? '';
      assert.ok(problem.includes('Node.js >=22.11 is needed') && problem.includes(`this is ${actual}`), problem);
      assert.match(problem, /nvm install 22/);
    }
  });

  test('an engines range it cannot read is an error, not a pass', () => {
    assert.throws(() => nodeVersionProblem('^22.11', 'v22.11.0'), /engines\.node/);
  });

  test('package.json\'s engines range is readable and the Node that npm ci installs for the scripts meets it', async () => {
    const packageJson = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
    };
    assert.equal(nodeVersionProblem(packageJson.engines.node, `v${packageJson.devDependencies.node}`), undefined);
    assert.ok(nodeVersionProblem(packageJson.engines.node, 'v20.20.2'), 'Node 20 is past its end of life');
  });
});

describe('finding Chromium', () => {
  test('CHROMIUM_PATH wins; one that cannot run is reported, not skipped', async () => {
    const m = await bareMachine();
    const explicit = await fakeChromium(join(m.root, 'explicit', 'chrome'));
    await fakeChromium(join(m.bin, 'chromium'));
    assert.deepEqual(await findChromium({ ...m.env, CHROMIUM_PATH: explicit }), { kind: 'found', path: explicit, source: 'CHROMIUM_PATH' });
    const unusable = await findChromium({ ...m.env, CHROMIUM_PATH: join(m.root, 'nope') });
    assert.equal(unusable.kind, 'unusable');
    assert.match(unusable.kind === 'unusable' ? unusable.message : '', /CHROMIUM_PATH=.*nope is not an executable file/);
  });

  test('an empty CHROMIUM_PATH counts as unset', async () => {
    const m = await bareMachine();
    const onPath = await fakeChromium(join(m.bin, 'chromium'));
    assert.deepEqual(await findChromium({ ...m.env, CHROMIUM_PATH: '' }), { kind: 'found', path: onPath, source: 'PATH' });
  });

  test('on PATH: chromium, chromium-browser, google-chrome, google-chrome-stable, in that order', async () => {
    const m = await bareMachine();
    const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
    const dirs = names.map((name) => join(m.root, `dir-${name}`));
    const paths = await Promise.all(names.map((name, index) => fakeChromium(join(dirs[index]!, name))));
    for (let first = 0; first < names.length; first++) {
      const PATH = dirs.slice(first).reverse().join(':');
      assert.deepEqual(await findChromium({ ...m.env, PATH }), { kind: 'found', path: paths[first], source: 'PATH' }, names[first]);
    }
  });

  test("Playwright's cache: the newest chromium-<revision>, under XDG_CACHE_HOME or HOME, or PLAYWRIGHT_BROWSERS_PATH", async () => {
    const m = await bareMachine();
    const homeCache = join(m.home, '.cache', 'ms-playwright');
    const old = await fakeChromium(join(homeCache, 'chromium-1140', 'chrome-linux', 'chrome'));
    const { XDG_CACHE_HOME: _unset, ...withoutXdg } = m.env;
    assert.deepEqual(await findChromium(withoutXdg), { kind: 'found', path: old, source: 'Playwright cache' });

    const newer = await fakeChromium(join(homeCache, 'chromium-1255', 'chrome-linux64', 'chrome'));
    await fakeChromium(join(homeCache, 'chromium_headless_shell-1300', 'chrome-linux', 'chrome'));
    await mkdir(join(homeCache, 'chromium-1400'));
    await writeFile(join(homeCache, 'chromium-1400', 'chrome'), 'not where Playwright puts it, and not executable');
    assert.deepEqual(await findChromium(withoutXdg), { kind: 'found', path: newer, source: 'Playwright cache' });

    const xdg = await fakeChromium(join(m.cache, 'ms-playwright', 'chromium-1000', 'chrome-linux', 'chrome'));
    assert.deepEqual(await findChromium(m.env), { kind: 'found', path: xdg, source: 'Playwright cache' });

    const own = join(m.root, 'browsers');
    const fromOwn = await fakeChromium(join(own, 'chromium-1200', 'chrome-linux-arm64', 'chrome'));
    assert.deepEqual(await findChromium({ ...m.env, PLAYWRIGHT_BROWSERS_PATH: own }), { kind: 'found', path: fromOwn, source: 'Playwright cache' });
  });

  test('with none anywhere, the message says where it looked and what to install or set', async () => {
    const m = await bareMachine();
    const lookup = await findChromium(m.env);
    assert.deepEqual(lookup, { kind: 'missing', message: chromiumMissingMessage(m.env) });
    const message = lookup.kind === 'missing' ? lookup.message : '';
    assert.ok(message.includes(join(m.cache, 'ms-playwright', 'chromium-*')), message);
    assert.match(message, /CHROMIUM_PATH.*chromium, chromium-browser, google-chrome, google-chrome-stable on PATH/);
    assert.match(message, /`apt-get install chromium`.*`npx playwright-core install chromium`.*CHROMIUM_PATH=/);
  });
});

describe('the prerequisite check', () => {
  test('on a bare machine it names every missing piece at once, without installing anything', async () => {
    const m = await bareMachine();
    const started = Date.now();
    const problems = await checkPrerequisites({ env: m.env, node: { required: '>=22.11', actual: 'v20.19.0' }, chromium: true, install: { isRoot: true }, log: noLog });
    assert.ok(Date.now() - started < 5_000, 'answers in seconds');
    assert.equal(problems.length, 4, problems.join('\n'));
    const [node, temporal, mongo, chromium] = problems;
    assert.match(node!, /Node\.js >=22\.11 is needed/);
    assert.match(temporal!, /No temporal found and no Go toolchain.*Install Go.*TEMPORAL_ADDRESS/);
    assert.match(mongo!, /No ferretdb found and no Go toolchain.*Install Go.*MONGODB_URI/);
    assert.equal(chromium, chromiumMissingMessage(m.env));

    const message = prerequisitesMessage('npm test', problems);
    assert.equal(message.split('\n')[0], 'npm test cannot start; install or set what is missing first:');
    assert.deepEqual(message.split('\n').slice(1), problems.map((problem) => `  - ${problem}`));
  });

  test('Chromium is looked for only when the browser test runs', async () => {
    const m = await bareMachine();
    const env = { ...m.env, TEMPORAL_ADDRESS: 'temporal.example:7233', MONGODB_URI: 'mongodb://db.example/' };
    assert.deepEqual(await checkPrerequisites({ env, node: supportedNode, chromium: false, install: false, log: noLog }), []);
    assert.deepEqual(await checkPrerequisites({ env, node: supportedNode, chromium: true, install: false, log: noLog }), [chromiumMissingMessage(env)]);
  });

  test('with everything there it passes and names the Chromium it will use', async () => {
    const m = await bareMachine();
    await Promise.all(['temporal', 'ferretdb'].map((name) => script(join(m.bin, name), 'exit 0')));
    const chromium = await fakeChromium(join(m.bin, 'google-chrome'));
    const lines: string[] = [];
    assert.deepEqual(await checkPrerequisites({ env: m.env, node: supportedNode, chromium: true, install: false, log: (line) => lines.push(line) }), []);
    assert.deepEqual(lines, [`Chromium: ${chromium} (Chromium 140.0.0.0 fake)`]);
  });

  test('a Chromium that is there but does not start is reported with its own words', async () => {
    const m = await bareMachine();
    const env = { ...m.env, TEMPORAL_ADDRESS: 'temporal.example:7233', MONGODB_URI: 'mongodb://db.example/' };
    const broken = await script(join(m.bin, 'chromium'), 'echo "chrome: error while loading shared libraries: libnss3.so" >&2; exit 127');
    const [problem, ...more] = await checkPrerequisites({ env, node: supportedNode, chromium: true, install: false, log: noLog });
    assert.deepEqual(more, []);
    assert.match(problem!, new RegExp(`Chromium at ${broken} \\(from PATH\\) does not start: chrome: error while loading shared libraries: libnss3\\.so`));
  });
});

describe('installing a missing Chromium', () => {
  /** A machine whose apt-get records its arguments and, on install, puts a chromium on PATH; and a failing Playwright. */
  async function machineWithApt(aptBody?: string) {
    const m = await bareMachine();
    const calls = join(m.root, 'apt-calls');
    await script(
      join(m.bin, 'apt-get'),
      aptBody ??
        `echo "$*" >> ${calls}
case "$*" in
  *install*)
    printf '#!/bin/sh\\necho Chromium 140.0.0.0 debian\\n' > ${m.bin}/chromium; /bin/chmod 755 ${m.bin}/chromium
    echo "Setting up chromium (140.0.0.0-1) ..."
    for p in 10.0000 15.0000 50.0000; do echo "pmstatus:chromium:$p:Installing chromium (amd64)"; done ;;
  *update*) echo "dlstatus:1:0.0000:Retrieving file 1 of 3" ;;
esac`,
    );
    const playwrightCli = join(m.root, 'playwright-cli.mjs');
    await writeFile(playwrightCli, "console.log('Downloading Chrome for Testing'); console.error('Error: getaddrinfo ENOTFOUND cdn.playwright.dev'); console.error('    at GetAddrInfoReqWrap'); process.exit(1);\n");
    const env = { ...m.env, TEMPORAL_ADDRESS: 'temporal.example:7233', MONGODB_URI: 'mongodb://db.example/' };
    const aptCalls = async () => (await readFile(calls, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    return { ...m, env, playwrightCli, aptCalls };
  }

  test('as root with apt-get: apt-get update once, then install chromium, printing its progress by tenths; then it is found', async () => {
    const m = await machineWithApt();
    const lines: string[] = [];
    const problems = await checkPrerequisites({ env: m.env, node: supportedNode, chromium: true, install: { isRoot: true, playwrightCli: m.playwrightCli }, log: (line) => lines.push(line) });
    assert.deepEqual(problems, []);
    const calls = await m.aptCalls();
    assert.equal(calls.length, 2, calls.join('\n'));
    assert.match(calls[0]!, /(^| )update$/);
    assert.match(calls[1]!, / -y .*install chromium$/);
    assert.deepEqual(lines, [
      'Chromium not found; installing it',
      'apt-get update',
      '  downloading 0%: Retrieving file 1 of 3',
      'apt-get install chromium',
      '  installing 10%: Installing chromium (amd64)',
      '  installing 50%: Installing chromium (amd64)',
      `Chromium: ${join(m.bin, 'chromium')} (Chromium 140.0.0.0 debian)`,
    ]);
  });

  test('not root: apt-get is left alone, Playwright is tried, and the message says what happened', async () => {
    const m = await machineWithApt();
    const started = Date.now();
    const [problem = '', ...more] = await checkPrerequisites({ env: m.env, node: supportedNode, chromium: true, install: { isRoot: false, playwrightCli: m.playwrightCli }, log: noLog });
    assert.ok(Date.now() - started < 10_000, 'fails in seconds');
    assert.deepEqual(more, []);
    assert.deepEqual(await m.aptCalls(), []);
    assert.ok(problem.startsWith(chromiumMissingMessage(m.env)), problem);
    assert.match(problem, /apt-get: not tried, this is not root; playwright-core install chromium: exit 1: Error: getaddrinfo ENOTFOUND cdn\.playwright\.dev\)$/);
  });

  test('an apt-get that hangs is stopped at its time limit and Playwright is tried next', async () => {
    const m = await machineWithApt('exec /bin/sleep 60');
    const started = Date.now();
    const outcome = await installChromium({
      env: m.env,
      isRoot: true,
      log: noLog,
      playwrightCli: m.playwrightCli,
      limits: { aptUpdateMs: 1_000, aptInstallMs: 1_000, playwrightMs: 10_000 },
    });
    assert.ok(Date.now() - started < 8_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(outcome, {
      installed: false,
      failures: ['apt-get update: stopped after 1 s', 'playwright-core install chromium: exit 1: Error: getaddrinfo ENOTFOUND cdn.playwright.dev'],
    });
  });

  test('with no apt-get, root or not, Playwright is what is tried', async () => {
    const m = await bareMachine();
    const playwrightCli = join(m.root, 'playwright-cli.mjs');
    await writeFile(playwrightCli, "console.error('Error: Failed to install browsers'); process.exit(1);\n");
    const outcome = await installChromium({ env: m.env, isRoot: true, log: noLog, playwrightCli });
    assert.deepEqual(outcome, { installed: false, failures: ['apt-get: not on PATH', 'playwright-core install chromium: exit 1: Error: Failed to install browsers'] });
  });
});
