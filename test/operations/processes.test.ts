import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { bundleWorkflows } from '../../scripts/bundleWorkflows.js';
import { freePort } from '../../scripts/services/processes.js';
import { demoWorld } from '../support/fixtures.js';
import { eventually } from '../support/http.js';
import { killed, spawnApi, spawnWorker, type Spawned } from '../support/processes.js';
import { startStack, type Stack } from '../support/stack.js';
import { tempDir } from '../support/tempDirs.js';

const exitOf = (spawned: Spawned) =>
  new Promise<number | null>((resolve) => {
    if (spawned.child.exitCode !== null) return resolve(spawned.child.exitCode);
    spawned.child.once('exit', (code) => resolve(code));
  });

describe('the API and worker (from a prebuilt workflow bundle) as processes: logs, metrics, graceful shutdown', () => {
  let stack: Stack;
  let api: Spawned;
  let worker: Spawned;
  let base: string;
  let apiMetricsPort: number;
  let workerMetricsPort: number;
  const world = demoWorld();

  before(async () => {
    stack = await startStack({ inProcessWorker: false });
    await stack.seed(world.seed);
    const apiPort = await freePort();
    apiMetricsPort = await freePort();
    workerMetricsPort = await freePort();
    base = `http://127.0.0.1:${apiPort}`;
    // As in the container image: the worker loads a bundle built ahead instead of bundling at start.
    const bundle = await bundleWorkflows(join(await tempDir('workflow-bundle-'), 'workflow-bundle.js'));
    worker = spawnWorker({ ...stack.workerEnv, METRICS_PORT: String(workerMetricsPort), WORKFLOW_BUNDLE_PATH: bundle });
    api = spawnApi({
      ...stack.workerEnv,
      PORT: String(apiPort),
      PUBLIC_BASE_URL: base,
      METRICS_PORT: String(apiMetricsPort),
      READINESS_DRAIN_DELAY_MS: '1500',
    });
    await Promise.all([worker.ready, api.ready]);
  });
  after(async () => {
    await Promise.all([api && killed(api.child), worker && killed(worker.child)]);
    await stack?.stop();
  });

  test('each request is one JSON log line with request ID, workflow ID and partner, and no secret', async () => {
    const response = await fetch(`${base}/v1/relationship-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.keys.trAdmin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customerTenantId: world.tenants.uaCustomer, customerEmail: 'it@kyiv.example', includeDelegatedAdminPrivileges: true }),
    });
    assert.equal(response.status, 201);
    const created = (await response.json()) as { id: string; invitationUrl: string };
    const token = created.invitationUrl.split('/').at(-1)!;
    assert.equal((await fetch(created.invitationUrl)).status, 200);
    assert.equal((await fetch(`${base}/v1/customers`, { headers: { authorization: 'Bearer not-a-key-xxxxxxxxxxxxxxxxxxx' } })).status, 401);

    const lines = await eventually(async () => {
      const parsed = api.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
      return parsed.filter((line) => line.msg === 'request').length >= 3 && parsed;
    }, 5_000, 'request log lines');
    const create = lines.find((line) => line.msg === 'request' && line.method === 'POST' && line.status === 201)!;
    assert.equal(typeof create.requestId, 'string');
    assert.equal(create.workflowId, `relationship-request:${world.tenants.trPartner}:${world.tenants.uaCustomer}`);
    assert.equal(create.partner, world.tenants.trPartner);
    const page = lines.find((line) => line.msg === 'request' && line.path === '/invitations/:token')!;
    assert.equal(page.partner, world.tenants.trPartner);

    const everything = api.output() + worker.output();
    for (const secret of [token, token.split('.')[1]!, world.keys.trAdmin, 'not-a-key-xxxxxxxxxxxxxxxxxxx', stack.workerEnv.INVITATION_SECRET!]) {
      assert.equal(everything.includes(secret), false, `a log line contains a secret (${secret.slice(0, 6)}…)`);
    }
  });

  test('keeps an idle connection open longer than a proxy in front keeps its own (HTTP_KEEP_ALIVE_TIMEOUT, 65 s)', async () => {
    const response = await fetch(`${base}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('keep-alive'), 'timeout=65');
  });

  test('each process logs the mode it runs in at start, the API also whether customers sign in', () => {
    const startLine = (spawned: Spawned, message: string) =>
      spawned.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.msg === message);
    const mode = process.env.NODE_ENV ?? 'development';
    const apiLine = startLine(api, `api starting in ${mode} mode`);
    assert.deepEqual(apiLine && { level: apiLine.level, NODE_ENV: apiLine.NODE_ENV, customerSignIn: apiLine.customerSignIn }, { level: 30, NODE_ENV: mode, customerSignIn: false });
    const workerLine = startLine(worker, `worker starting in ${mode} mode`);
    assert.deepEqual(workerLine && { level: workerLine.level, NODE_ENV: workerLine.NODE_ENV }, { level: 30, NODE_ENV: mode });
  });

  test('metrics are served on their own ports: API request counts and latencies, worker runtime metrics', async () => {
    const apiMetrics = await (await fetch(`http://127.0.0.1:${apiMetricsPort}/metrics`)).text();
    assert.match(apiMetrics, /http_requests_total\{method="POST",route="\/v1\/relationship-requests",status="201"\} 1/);
    assert.match(apiMetrics, /http_request_duration_seconds_bucket/);
    assert.doesNotMatch(apiMetrics, /invitations\/[A-Za-z0-9_-]{20,}/, 'no token in a label');
    assert.equal((await fetch(`${base}/metrics`)).status, 404, 'not on the public port');

    const workerMetrics = await eventually(async () => {
      const text = await (await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`)).text();
      return text.includes('temporal_') && text;
    }, 15_000, 'worker metrics');
    assert.match(workerMetrics, /temporal_(workflow|activity)_/);
  });

  test('SIGTERM: readiness turns 503 first, then both processes exit cleanly', async () => {
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    api.child.kill('SIGTERM');
    const draining = await eventually(async () => {
      const response = await fetch(`${base}/readyz`).catch(() => undefined);
      return response?.status === 503 && response;
    }, 1_400, 'readiness 503 while draining');
    assert.equal(draining.headers.get('content-type'), 'application/problem+json');
    assert.equal(await exitOf(api), 0);

    worker.child.kill('SIGTERM');
    assert.equal(await exitOf(worker), 0);
    assert.match(worker.output(), /worker stopped/);
  });
});
