import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { ConfigSchema } from '../../platform/config.js';
import { temporalVariables } from '../../platform/temporalSettings.js';
import { searchAttributeNames } from '../../workflows/searchAttributes.js';
import { workerEnv, workerNodeFlags } from '../../worker/processSettings.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFile(new URL(path, root), 'utf8');

type Service = {
  image?: string;
  build?: unknown;
  command?: unknown;
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: unknown };
};

/** Compose's `${VAR:-default}` and `${VAR:?message}` as a user's shell would resolve them. */
const interpolate = (value: string | number, env: Record<string, string>) =>
  String(value).replace(/\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}/g, (_, name: string, fallback?: string) => env[name] ?? fallback ?? '');

describe('docker-compose.yml', async () => {
  const compose = parse(await read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
  const services = compose.services;

  test('runs Temporal on PostgreSQL, its UI, MongoDB, the API and the worker', () => {
    for (const name of ['postgresql', 'temporal', 'temporal-ui', 'temporal-search-attributes', 'mongo', 'api', 'worker']) {
      assert.ok(services[name], `no ${name} service`);
    }
    assert.equal(services.temporal!.environment!.DB, 'postgres12');
    assert.equal(services.temporal!.depends_on!.postgresql!.condition, 'service_healthy');
  });

  test('uses official images with pinned tags, and builds the API and worker from the Dockerfile', () => {
    const official = /^(temporalio\/(auto-setup|admin-tools|ui)|postgres|mongo):\d[\w.-]*$/;
    for (const [name, service] of Object.entries(services)) {
      if (name === 'api' || name === 'worker') assert.equal(service.build, '.');
      else assert.match(service.image ?? '', official, `${name} image`);
    }
  });

  test('exposes the API on 3000, Temporal on 7233 and its UI on 8233', () => {
    assert.ok(services.api!.ports!.includes('3000:3000'));
    assert.ok(services.temporal!.ports!.includes('7233:7233'));
    assert.ok(services['temporal-ui']!.ports!.includes('8233:8080'));
  });

  test('registers exactly our search attributes as Keyword', () => {
    const command = JSON.stringify(services['temporal-search-attributes']!.command);
    for (const name of searchAttributeNames) assert.match(command, new RegExp(name));
    assert.match(command, /--type Keyword/);
  });

  test('MongoDB runs as a replica set and the app connects to it as one', () => {
    assert.match(JSON.stringify(services.mongo!.command), /--replSet/);
    assert.match(String(services.api!.environment!.MONGODB_URI), /replicaSet=rs0/);
  });

  test('health checks guard the start order', () => {
    for (const name of ['postgresql', 'temporal', 'mongo', 'api']) assert.ok(services[name]!.healthcheck?.test, `${name} has no health check`);
    for (const name of ['api', 'worker']) {
      assert.equal(services[name]!.depends_on!['temporal-search-attributes']!.condition, 'service_completed_successfully');
      assert.equal(services[name]!.depends_on!.mongo!.condition, 'service_healthy');
    }
  });

  test('the API and worker environments pass the configuration schema', () => {
    const userEnv = { INVITATION_SECRET: 'a-secret-from-the-users-shell-of-48-characters!!' };
    for (const name of ['api', 'worker']) {
      const env = Object.fromEntries(Object.entries(services[name]!.environment!).map(([key, value]) => [key, interpolate(value, userEnv)]));
      const parsed = ConfigSchema.safeParse(env);
      assert.ok(parsed.success, `${name}: ${parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const processKeys = name === 'worker' ? Object.keys(workerEnv) : [];
      for (const key of Object.keys(env)) {
        const readByTemporal = (temporalVariables as readonly string[]).includes(key);
        assert.ok(key in ConfigSchema.shape || readByTemporal || processKeys.includes(key), `${name} sets ${key}, which the app does not read`);
      }
    }
  });

  test('the secret must come from the user: compose refuses to start without it', () => {
    assert.match(String(services.api!.environment!.INVITATION_SECRET), /^\$\{INVITATION_SECRET:\?/);
  });

  test('several worker replicas are allowed', () => {
    assert.match(String(services.worker!.deploy!.replicas), /WORKER_REPLICAS/);
  });

  test('the worker runs with the process settings of worker/processSettings.ts, as `npm run worker` does', async () => {
    const command = services.worker!.command as string[];
    assert.deepEqual(command.slice(1, 1 + workerNodeFlags.length), [...workerNodeFlags]);
    for (const [key, value] of Object.entries(workerEnv)) assert.equal(services.worker!.environment![key], value);
    const script = (JSON.parse(await read('package.json')) as { scripts: Record<string, string> }).scripts.worker!;
    for (const flag of workerNodeFlags) assert.ok(script.includes(` ${flag} `), `npm run worker lacks ${flag}`);
    for (const [key, value] of Object.entries(workerEnv)) assert.ok(script.startsWith(`${key}=${value} `) || script.includes(` ${key}=${value} `), `npm run worker lacks ${key}`);
  });
});

describe('Dockerfile', async () => {
  const dockerfile = await read('Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM (\S+) AS (\S+)$/gm)].map((m) => ({ image: m[1], name: m[2] }));

  test('is multi-stage on the official Node 20 image', () => {
    assert.deepEqual(stages.map((s) => s.name), ['deps', 'runtime']);
    for (const stage of stages) assert.match(stage.image!, /^node:20\.\d+-bookworm-slim$/);
  });

  test('installs production dependencies only, from the lock file', () => {
    assert.match(dockerfile, /npm ci --omit=dev/);
    assert.match(dockerfile, /COPY package\.json package-lock\.json/);
  });

  test('runs as a non-root user', () => {
    const users = [...dockerfile.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    assert.equal(users.at(-1), 'node');
    assert.ok(dockerfile.lastIndexOf('USER node') > dockerfile.lastIndexOf('COPY'));
  });

  test('bundles the workflow code at build time and points the worker at it', () => {
    const bundled = /^RUN node --import tsx scripts\/bundleWorkflows\.ts (\S+)$/m.exec(dockerfile);
    assert.ok(bundled, 'no bundle step');
    assert.match(dockerfile, new RegExp(`^ENV WORKFLOW_BUNDLE_PATH=${bundled[1]!.replaceAll('.', '\\.')}$`, 'm'));
    assert.ok(dockerfile.indexOf('COPY scripts/bundleWorkflows.ts') < bundled.index);
  });

  test('copies every source folder the processes import, and no tests', async () => {
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(\S+) \.\/\S+$/gm)].map((m) => m[1]);
    const sources = (await readdir(root, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && ['domain', 'content', 'platform', 'workflows', 'activities', 'api', 'worker'].includes(entry.name))
      .map((entry) => entry.name);
    for (const folder of sources) assert.ok(copied.includes(folder), `${folder} is not copied`);
    assert.ok(!copied.includes('test'));
  });
});

describe('the README documents every setting', async () => {
  const readme = await read('README.md');
  // A row's first cell names one setting or several that go together.
  const namedInFirstCell = (key: string) => new RegExp(`^\\|[^|\\n]*\`${key}\`[^|\\n]*\\|`, 'm');
  for (const key of Object.keys(ConfigSchema.shape)) {
    test(key, () => assert.match(readme, namedInFirstCell(key), `${key} is missing from the README's settings table`));
  }
});
