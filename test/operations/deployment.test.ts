import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';
import { apiSettingsProblems, ConfigError, ConfigSchema, loadConfig, webhookSettingsProblems } from '../../platform/config.js';
import { temporalVariables } from '../../platform/temporalSettings.js';
import { workerEnv, workerNodeFlags } from '../../worker/processSettings.js';
import { ensureClusterCertificates } from '../../scripts/cluster/certificates.js';
import { defaultClusterPorts, findOpenssl, haproxyEnv, temporalUiEnv } from '../../scripts/cluster/index.js';
import { temporalServiceRoles } from '../../scripts/cluster/temporalAccess.js';
import { temporalNamespace } from '../../platform/temporalSetup.js';
import { temporalDatabases, temporalServerArgs, temporalServerEnv } from '../../scripts/cluster/temporalServer.js';
import { pinned } from '../../scripts/services/binaries.js';
import { layers } from '../../.dependency-cruiser.mjs';

const productLayers: string[] = layers.map(([name]) => name);

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFile(new URL(path, root), 'utf8');

type Service = {
  image?: string;
  build?: unknown;
  command?: unknown;
  entrypoint?: string[];
  volumes?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }> | string[];
  deploy?: { replicas?: unknown };
  secrets?: { source: string; target: string }[];
};

/** Compose's `${VAR:-default}` and `${VAR:?message}` as a user's shell would resolve them. */
const interpolate = (value: string | number, env: Record<string, string>) =>
  String(value).replace(/\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}/g, (_, name: string, fallback?: string) => env[name] ?? fallback ?? '');

describe('docker-compose.yml', async () => {
  const compose = parse(await read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service>; secrets: Record<string, { file: string }> };
  const services = compose.services;
  /** A service's secrets: the file each is mounted as in /run/secrets, and the file it comes from. */
  const secretsOf = (name: string) => Object.fromEntries((services[name]!.secrets ?? []).map(({ source, target }) => [target, compose.secrets[source]!.file]));
  /** The Temporal clients of the stack and whose client credentials and certificate each holds. */
  const temporalClients = { 'api-1': 'api', 'api-2': 'api', worker: 'worker', 'temporal-setup': 'admin' } as const;

  const dependency = (service: string, on: string) => {
    const dependsOn = services[service]!.depends_on!;
    return Array.isArray(dependsOn) ? (dependsOn.includes(on) ? 'service_started' : undefined) : dependsOn[on]?.condition;
  };
  const apis = ['api-1', 'api-2'];

  test('runs the Temporal server on PostgreSQL, its UI, MongoDB, two APIs behind the proxy and the workers', () => {
    for (const name of ['postgresql', 'temporal-schema', 'temporal', 'temporal-ui', 'temporal-setup', 'mongo', ...apis, 'proxy', 'worker']) {
      assert.ok(services[name], `no ${name} service`);
    }
    assert.equal(dependency('temporal-schema', 'postgresql'), 'service_healthy');
    assert.equal(dependency('temporal', 'temporal-schema'), 'service_completed_successfully');
  });

  test('uses official images with pinned tags, and builds the API and worker from the Dockerfile', () => {
    const official = /^(temporalio\/(server|admin-tools|ui)|postgres|mongo|haproxy):\d[\w.-]*$/;
    for (const [name, service] of Object.entries(services)) {
      if (apis.includes(name) || name === 'worker' || name === 'temporal-setup') assert.equal(service.build, '.');
      else assert.match(service.image ?? '', official, `${name} image`);
    }
  });

  test('pins the releases `npm run cluster` builds: the Temporal server, its tools and the UI', () => {
    const tag = (name: string) => services[name]!.image!.split(':')[1];
    assert.equal(`v${tag('temporal')}`, pinned['temporal-server'].version);
    assert.equal(`v${tag('temporal-schema')}`, pinned['temporal-server'].version);
    assert.equal(`v${tag('temporal-ui')}`, pinned['temporal-ui-server'].version);
  });

  test('publishes the proxy and the UI (behind its sign-in) on the ports `npm run cluster` uses, and no Temporal port', () => {
    assert.ok(services.proxy!.ports!.includes(`${defaultClusterPorts.proxy}:3000`));
    assert.ok(services['temporal-ui']!.ports!.includes(`${defaultClusterPorts.ui}:8080`));
    for (const name of ['temporal', 'temporal-setup', 'postgresql', 'mongo', 'worker', ...apis]) {
      assert.equal(services[name]!.ports, undefined, `${name} publishes a port`);
    }
  });

  test('runs the Temporal server with the configuration in cluster/temporal, as `npm run cluster` does', async () => {
    const temporal = services.temporal!;
    assert.ok(temporal.volumes!.includes('./cluster/temporal:/etc/temporal/config/cluster:ro'));
    const local = temporalServerArgs.map((arg) => (arg === 'ROOT' ? '/etc/temporal' : arg === 'temporal' ? 'config/cluster' : arg));
    assert.deepEqual(temporal.entrypoint, ['temporal-server', ...local]);
    const read = new Set([...(await readFile(new URL('cluster/temporal/cluster.yaml', root), 'utf8')).matchAll(/env "(\w+)"/g)].map((m) => m[1]));
    const localEnv = Object.keys(
      temporalServerEnv({ configRoot: '/x', portBase: 7233, postgres: { host: 'h', port: 1, user: 'u' }, tlsDir: '/t', jwt: { keySource: 'k', audience: 'a' } }),
    );
    for (const key of localEnv) assert.ok(key in temporal.environment!, `compose does not set ${key}`);
    for (const key of Object.keys(temporal.environment!)) assert.ok(read.has(key), `cluster.yaml does not read ${key}`);
    assert.equal(String(temporal.environment!.TEMPORAL_DYNAMIC_CONFIG), '/etc/temporal/config/cluster/dynamicconfig.yaml');
  });

  test('sets up the schemas with the same steps', () => {
    const command = JSON.stringify(services['temporal-schema']!.command);
    for (const { database, schema } of temporalDatabases) assert.ok(command.includes(`${database}:${schema}`), `${database} with ${schema}`);
    for (const step of ['create-database', 'setup-schema -v 0.0', 'update-schema --schema-name', '--plugin postgres12']) assert.ok(command.includes(step), step);
  });

  test("registers the namespace and the search attributes with the cluster's own code, copied into the image", async () => {
    assert.deepEqual(services['temporal-setup']!.command, ['node', '--import', 'tsx', 'scripts/temporalSetup.ts']);
    assert.match(await read('scripts/temporalSetup.ts'), /registerNamespace\(/);
    assert.match(await read('Dockerfile'), /^COPY [^\n]*scripts\/temporalSetup\.ts[^\n]* \.\/scripts\/$/m);
    assert.equal(temporalNamespace.name, services.worker!.environment!.TEMPORAL_NAMESPACE);
  });

  test('the Temporal server requires mutual TLS and tokens: its certificate, the CA and the provider from the user', () => {
    const temporal = services.temporal!;
    assert.deepEqual(Object.keys(secretsOf('temporal')).sort(), ['ca.pem', 'server.key', 'server.pem']);
    assert.equal(temporal.environment!.TEMPORAL_TLS_DIR, '/run/secrets');
    assert.match(String(temporal.environment!.TEMPORAL_JWT_KEY_SOURCE), /^\$\{TEMPORAL_JWT_KEY_SOURCE:\?/);
    assert.match(String(temporal.environment!.TEMPORAL_JWT_AUDIENCE), /^\$\{TEMPORAL_JWT_AUDIENCE:\?/);
  });

  test('every Temporal client presents its own certificate and its own client credentials, with the permissions the cluster gives it', () => {
    for (const [name, role] of Object.entries(temporalClients)) {
      const env = services[name]!.environment!;
      assert.deepEqual(secretsOf(name), { 'ca.pem': compose.secrets['temporal-ca']!.file, 'client.pem': compose.secrets[`temporal-${role}-cert`]!.file, 'client.key': compose.secrets[`temporal-${role}-key`]!.file }, name);
      assert.equal(env.TEMPORAL_TLS, 'true');
      assert.equal(env.TEMPORAL_TLS_CLIENT_CERT_PATH, '/run/secrets/client.pem');
      assert.match(String(env.TEMPORAL_AUTH_CLIENT_ID), new RegExp(`^\\$\\{TEMPORAL_${role.toUpperCase()}_CLIENT_ID:\\?`), name);
      assert.ok(role in temporalServiceRoles, `${name}: ${role} has no permissions in the cluster`);
    }
    assert.deepEqual(Object.keys(temporalServiceRoles).sort(), [...new Set(Object.values(temporalClients))].sort());
  });

  test("the UI runs the cluster's UI configuration: operators' sign-in, the codec server, its own certificate", async () => {
    const ui = services['temporal-ui']!;
    assert.ok(ui.volumes!.includes('./cluster/temporal-ui/cluster.yaml:/home/ui-server/config/docker.yaml:ro'));
    const local = temporalUiEnv({ temporalAddress: 'a', port: 1, tlsDir: 't', publicUrl: 'u', oidc: { issuer: 'i', clientId: 'c', clientSecret: 's' }, codecEndpoint: 'e', cookieInsecure: true });
    assert.deepEqual(Object.keys(ui.environment!).sort(), Object.keys(local).sort());
    const template = await read('cluster/temporal-ui/cluster.yaml');
    for (const key of Object.keys(local)) assert.ok(template.includes(`env "${key}"`), `the UI's configuration does not read ${key}`);
    assert.equal(ui.environment!.TEMPORAL_UI_COOKIE_INSECURE, 'false');
    assert.equal(ui.environment!.TEMPORAL_UI_CODEC_ENDPOINT, '${PUBLIC_BASE_URL}/codec');
    assert.deepEqual(Object.keys(secretsOf('temporal-ui')).sort(), ['ca.pem', 'ui.key', 'ui.pem']);
    for (const name of apis) assert.equal(services[name]!.environment!.OPERATOR_TOKEN_AUDIENCE, '${TEMPORAL_JWT_AUDIENCE}');
  });

  test('puts HAProxy with cluster/haproxy.cfg in front of both APIs, checking /readyz', async () => {
    const proxy = services.proxy!;
    assert.ok(proxy.volumes!.includes('./cluster/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro'));
    assert.deepEqual(Object.keys(proxy.environment!).sort(), Object.keys(haproxyEnv('a', ['b', 'c'])).sort());
    assert.deepEqual([proxy.environment!.API_1, proxy.environment!.API_2], apis.map((name) => `${name}:3000`));
    const config = await readFile(new URL('cluster/haproxy.cfg', root), 'utf8');
    assert.match(config, /option httpchk GET \/readyz/);
    for (const name of apis) assert.equal(services[name]!.environment!.TRUSTED_PROXIES, (proxy as { networks?: { default?: { ipv4_address?: string } } }).networks?.default?.ipv4_address);
  });

  test('MongoDB runs as a replica set and the app connects to it as one', () => {
    assert.match(JSON.stringify(services.mongo!.command), /--replSet/);
    assert.match(String(services['api-1']!.environment!.MONGODB_URI), /replicaSet=rs0/);
  });

  test('health checks guard the start order', () => {
    for (const name of ['postgresql', 'mongo', ...apis]) assert.ok(services[name]!.healthcheck?.test, `${name} has no health check`);
    for (const name of [...apis, 'worker']) {
      assert.equal(dependency(name, 'temporal-setup'), 'service_completed_successfully');
      assert.equal(dependency(name, 'mongo'), 'service_healthy');
    }
  });

  /** What the user's shell or .env file gives compose: the settings it refuses to start without. */
  const userEnv = {
    INVITATION_SECRET: 'a-secret-from-the-users-shell-of-48-characters!!',
    WEBHOOK_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
    PAYLOAD_CODEC_KEYS: `2026-12:${Buffer.alloc(32, 9).toString('base64')}`,
    PUBLIC_BASE_URL: 'https://relationships.example',
    OIDC_ISSUER: 'https://login.microsoftonline.com/organizations/v2.0',
    OIDC_CLIENT_ID: 'app-client-id',
    OIDC_CLIENT_SECRET: 'app-client-secret',
    OIDC_API_AUDIENCE: 'api-client-id,api://api-client-id',
    MCA_VERSION: '2024-01',
    TEMPORAL_AUTH_ISSUER: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
    TEMPORAL_AUTH_SCOPE: 'api://temporal/.default',
    TEMPORAL_JWT_AUDIENCE: 'api://temporal',
    TEMPORAL_UI_PUBLIC_URL: 'https://temporal.relationships.example',
    TEMPORAL_API_CLIENT_ID: 'temporal-api-client-id',
    TEMPORAL_API_CLIENT_SECRET: 'temporal-api-client-secret',
    TEMPORAL_WORKER_CLIENT_ID: 'temporal-worker-client-id',
    TEMPORAL_WORKER_CLIENT_SECRET: 'temporal-worker-client-secret',
  };
  // The certificates compose mounts, made as `npm run certificates` makes them.
  const tlsDir = await mkdtemp(join(tmpdir(), 'compose-tls-'));
  after(() => rm(tlsDir, { recursive: true, force: true }));
  const certificatesReady = (async () => ensureClusterCertificates(tlsDir, await findOpenssl(process.env, () => {}), () => {}))();
  /** A service's environment as the user's settings make it, its /run/secrets paths at the files they come from. */
  const environmentOf = (name: string, env: Record<string, string>) => {
    const mounted = secretsOf(name);
    const resolved = (value: string) => {
      const target = /^\/run\/secrets\/(.+)$/.exec(value)?.[1];
      return target && mounted[target] ? interpolate(mounted[target], { ...env, TEMPORAL_TLS_DIR: tlsDir }) : value;
    };
    return Object.fromEntries(Object.entries(services[name]!.environment!).map(([key, value]) => [key, resolved(interpolate(value, env))]));
  };
  /** Each process's own configuration checks, as api/main.ts and worker/main.ts run them at start. */
  const checksOf = (name: string) => (name === 'worker' ? [webhookSettingsProblems] : [apiSettingsProblems, webhookSettingsProblems]);

  test('the API and worker environments pass the configuration checks of their processes', async () => {
    await certificatesReady;
    for (const name of [...apis, 'worker']) {
      const env = environmentOf(name, userEnv);
      assert.doesNotThrow(() => loadConfig(env, checksOf(name)), name);
      const processKeys = name === 'worker' ? Object.keys(workerEnv) : [];
      for (const key of Object.keys(env)) {
        const readByTemporal = (temporalVariables as readonly string[]).includes(key);
        assert.ok(key in ConfigSchema.shape || readByTemporal || processKeys.includes(key), `${name} sets ${key}, which the app does not read`);
      }
    }
  });

  test('the secrets must come from the user: compose refuses to start without them', () => {
    for (const name of [...apis, 'worker']) {
      assert.match(String(services[name]!.environment!.INVITATION_SECRET), /^\$\{INVITATION_SECRET:\?/);
      assert.match(String(services[name]!.environment!.WEBHOOK_SECRET_KEY), /^\$\{WEBHOOK_SECRET_KEY:\?/);
      assert.match(String(services[name]!.environment!.PAYLOAD_CODEC_KEYS), /^\$\{PAYLOAD_CODEC_KEYS:\?/);
    }
  });

  test('the processes run in production mode, which needs an https PUBLIC_BASE_URL from the user', async () => {
    await certificatesReady;
    for (const name of [...apis, 'worker']) {
      assert.equal(services[name]!.environment!.NODE_ENV, 'production', name);
      assert.match(String(services[name]!.environment!.PUBLIC_BASE_URL), /^\$\{PUBLIC_BASE_URL:\?/, `${name}: no http default`);
      assert.throws(
        () => loadConfig(environmentOf(name, { ...userEnv, PUBLIC_BASE_URL: 'http://relationships.example' }), checksOf(name)),
        (error: unknown) => error instanceof ConfigError && error.problems.some((problem) => problem.startsWith('PUBLIC_BASE_URL: must be an https URL')),
        name,
      );
    }
  });

  test('a rotation of the invitation secret is a setting away: INVITATION_SECRET_PREVIOUS, unset by default', async () => {
    await certificatesReady;
    for (const name of [...apis, 'worker']) {
      assert.equal(loadConfig(environmentOf(name, userEnv), checksOf(name)).INVITATION_SECRET_PREVIOUS, undefined);
      const rotating = loadConfig(environmentOf(name, { ...userEnv, INVITATION_SECRET_PREVIOUS: 'the-secret-being-replaced-of-48-characters-long!!' }), checksOf(name));
      assert.equal(rotating.INVITATION_SECRET_PREVIOUS, 'the-secret-being-replaced-of-48-characters-long!!');
    }
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

  test('is multi-stage on the official image of the Node the tests run on', async () => {
    const tested = (JSON.parse(await read('package.json')) as { devDependencies: Record<string, string> }).devDependencies.node!;
    const [major, minor] = tested.split('.');
    assert.deepEqual(stages.map((s) => s.name), ['deps', 'runtime']);
    for (const stage of stages) assert.equal(stage.image, `node:${major}.${minor}-bookworm-slim`);
  });

  test('installs production dependencies only, from the lock file', () => {
    assert.match(dockerfile, /npm ci --omit=dev/);
    assert.match(dockerfile, /COPY package\.json package-lock\.json/);
  });

  test('runs in production mode', () => {
    assert.match(dockerfile.slice(dockerfile.lastIndexOf('FROM ')), /^ENV NODE_ENV=production$/m);
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
      .filter((entry) => entry.isDirectory() && productLayers.includes(entry.name))
      .map((entry) => entry.name);
    for (const folder of sources) assert.ok(copied.includes(folder), `${folder} is not copied`);
    assert.ok(!copied.includes('test'));
  });
});

describe('docs/configuration.md documents every setting', async () => {
  const reference = await read('docs/configuration.md');
  // A row's first cell names one setting or several that go together.
  const namedInFirstCell = (key: string) => new RegExp(`^\\|[^|\\n]*\`${key}\`[^|\\n]*\\|`, 'm');
  for (const key of Object.keys(ConfigSchema.shape)) {
    test(key, () => assert.match(reference, namedInFirstCell(key), `${key} is missing from the settings table`));
  }
});
