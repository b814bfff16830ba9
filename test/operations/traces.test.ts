import assert from 'node:assert/strict';
import { copyFile, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../platform/config.js';
import { serviceNames } from '../../platform/tracing.js';
import { tracingRequested } from '../../platform/tracingSettings.js';
import { bundleWorkflows } from '../../scripts/bundleWorkflows.js';
import { freePort } from '../../scripts/services/processes.js';
import { tracedBundlePath } from '../../worker/tracing.js';
import { demoWorld } from '../support/fixtures.js';
import { eventually } from '../support/http.js';
import { killed, spawnApi, spawnWorker, type Spawned } from '../support/processes.js';
import { startStack, type Stack } from '../support/stack.js';
import { tempDir } from '../support/tempDirs.js';

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type KeyValue = { key: string; value: AnyValue };
type OtlpSpan = { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: KeyValue[] };
type OtlpRequest = { resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[] };
type Span = { service: string; traceId: string; spanId: string; parentSpanId: string | undefined; name: string; kind: number; attributes: Record<string, unknown> };

const valueOf = (value: AnyValue) => value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue;
const attributesOf = (list: KeyValue[] = []) => Object.fromEntries(list.map(({ key, value }) => [key, valueOf(value)]));
const SERVER = 2;

/** An OTLP/HTTP receiver on loopback, as a collector would be: it decodes the exporter's JSON and keeps every span. */
async function startOtlpReceiver() {
  const spans: Span[] = [];
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      bodies.push(body);
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !req.headers['content-type']?.startsWith('application/json')) {
        res.writeHead(415).end();
        return;
      }
      for (const { resource, scopeSpans = [] } of (JSON.parse(body) as OtlpRequest).resourceSpans ?? []) {
        const service = String(attributesOf(resource?.attributes)['service.name']);
        for (const span of scopeSpans.flatMap((scope) => scope.spans ?? [])) {
          spans.push({
            service,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
            name: span.name,
            kind: span.kind,
            attributes: attributesOf(span.attributes),
          });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    everything: () => bodies.join('\n'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
type Receiver = Awaited<ReturnType<typeof startOtlpReceiver>>;

/** The spans of one trace, and each span's chain of parents up to the root. */
function traceOf(spans: Span[], traceId: string) {
  const members = spans.filter((span) => span.traceId === traceId);
  const byId = new Map(members.map((span) => [span.spanId, span]));
  const named = (name: string) => {
    const found = members.filter((span) => span.name === name);
    assert.equal(found.length, 1, `one ${name} span in the trace, found ${found.length}: ${members.map((span) => span.name).join(', ')}`);
    return found[0]!;
  };
  const ancestorsOf = (span: Span) => {
    const chain: Span[] = [];
    for (let parent = span.parentSpanId; parent !== undefined; ) {
      const next = byId.get(parent);
      assert.ok(next, `${span.name}: its ancestor ${parent} is not in the trace`);
      chain.push(next);
      parent = next.parentSpanId;
    }
    return chain;
  };
  const childrenOf = (span: Span) => members.filter((member) => member.parentSpanId === span.spanId);
  return { members, named, ancestorsOf, childrenOf };
}

describe('traces: one request is one trace across the API, Temporal, the worker and MongoDB', () => {
  let receiver: Receiver;
  let stack: Stack;
  let api: Spawned;
  let worker: Spawned;
  let base: string;
  let bundle: string;
  const world = demoWorld();

  before(async () => {
    receiver = await startOtlpReceiver();
    stack = await startStack({ inProcessWorker: false });
    await stack.seed(world.seed);
    const apiPort = await freePort();
    base = `http://127.0.0.1:${apiPort}`;
    const tracingEnv = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' };
    // As in the container image: a bundle built ahead, of which a tracing worker loads the traced variant.
    bundle = await bundleWorkflows(join(await tempDir('workflow-bundle-'), 'workflow-bundle.js'));
    worker = spawnWorker({ ...stack.workerEnv, ...tracingEnv, WORKFLOW_BUNDLE_PATH: bundle });
    api = spawnApi({ ...stack.workerEnv, ...tracingEnv, PORT: String(apiPort), PUBLIC_BASE_URL: base });
    await Promise.all([worker.ready, api.ready]);
  });
  after(async () => {
    await Promise.all([api && killed(api.child, 'SIGTERM'), worker && killed(worker.child, 'SIGTERM')]);
    await stack?.stop();
    await receiver?.close();
  });

  test('accepting: the HTTP request → the decide update → the workflow → recordAcceptanceAndNotify → its MongoDB writes', async () => {
    const created = await fetch(`${base}/v1/relationship-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.keys.trAdmin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customerTenantId: world.tenants.uaCustomer, customerEmail: 'it@kyiv.example', includeDelegatedAdminPrivileges: true }),
    });
    assert.equal(created.status, 201);
    const { invitationUrl } = (await created.json()) as { invitationUrl: string };
    const token = invitationUrl.split('/').at(-1)!;
    const signatory = { firstName: 'Oksana', lastName: 'Tracewska', email: 'oksana.tracewska@kyiv.example' };
    const accepted = await fetch(`${invitationUrl}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...signatory, acceptAgreement: true }),
    });
    assert.equal(accepted.status, 200);
    assert.equal(((await accepted.json()) as { status: string }).status, 'accepted');

    const acceptRoute = '/invitations/:token/accept';
    const httpSpan = await eventually(
      async () => receiver.spans.find((span) => span.name === `POST ${acceptRoute}`),
      10_000,
      'the HTTP span of the accept request',
    );
    // Worker spans arrive later, through the workflow's sink and the batch: wait for the last ones, wherever they are.
    await eventually(
      async () => {
        const recording = receiver.spans.find((span) => span.name === 'RunActivity:recordAcceptanceAndNotify');
        const writes = recording && receiver.spans.filter((span) => span.parentSpanId === recording.spanId);
        return (writes?.length ?? 0) >= 3 && receiver.spans.some((span) => span.name === 'RunWorkflow:relationshipRequest');
      },
      15_000,
      'the worker spans of the acceptance',
    );
    const { members, named, ancestorsOf, childrenOf } = traceOf(receiver.spans, httpSpan.traceId);

    assert.equal(httpSpan.service, serviceNames.api);
    assert.equal(httpSpan.kind, SERVER);
    assert.equal(httpSpan.parentSpanId, undefined, 'the HTTP span is the root');
    assert.equal(httpSpan.attributes['http.route'], acceptRoute);
    assert.equal(httpSpan.attributes['http.response.status_code'], 200);
    assert.equal(httpSpan.attributes['url.full'], `${base}${acceptRoute}`, 'the URL names the route, never the token');

    // Every span of the trace hangs off the HTTP span.
    for (const span of members) {
      if (span !== httpSpan) assert.equal(ancestorsOf(span).at(-1), httpSpan, `${span.name} does not lead to the HTTP span`);
    }

    const update = named('StartWorkflowUpdate:decide');
    assert.equal(update.service, serviceNames.api);
    assert.equal(update.parentSpanId, httpSpan.spanId);
    const handler = named('HandleUpdate:decide');
    assert.equal(handler.service, serviceNames.worker);
    assert.equal(handler.parentSpanId, update.spanId, 'the workflow continues the trace the update carried');
    assert.equal(named('ValidateUpdate:decide').parentSpanId, update.spanId);

    const scheduled = named('StartActivity:recordAcceptanceAndNotify');
    assert.ok(ancestorsOf(scheduled).includes(handler), 'the closing step belongs to the decision, not to the workflow start');
    const recording = named('RunActivity:recordAcceptanceAndNotify');
    assert.equal(recording.service, serviceNames.worker);
    assert.equal(recording.parentSpanId, scheduled.spanId, 'the local activity continues the workflow span that scheduled it');
    assert.equal(recording.attributes.temporalWorkflowId, `relationship-request:${world.tenants.trPartner}:${world.tenants.uaCustomer}`);
    assert.equal(members.some((span) => span.name.endsWith(':sendAcceptanceNotices')), false, 'the emails went out within the one step');

    const writes = childrenOf(recording);
    for (const write of writes) {
      assert.equal(write.service, serviceNames.worker);
      assert.equal(write.attributes['db.system.name'] ?? write.attributes['db.system'], 'mongodb');
      assert.equal(write.attributes['db.namespace'] ?? write.attributes['db.name'], stack.workerEnv.MONGODB_DB);
    }
    const collections = new Set(writes.map((write) => write.attributes['db.collection.name'] ?? write.attributes['db.mongodb.collection']));
    // With them the emails (the outbox transport) and the reads: whether the relationship has ended, and whether the
    // partner has webhook endpoints.
    assert.deepEqual([...collections].sort(), ['agreementAcceptances', 'endedRelationships', 'outbox', 'relationshipRequests', 'relationships', 'webhookEndpoints']);
    assert.equal(writes.filter((write) => (write.attributes['db.collection.name'] ?? write.attributes['db.mongodb.collection']) === 'relationshipRequests').length, 1, 'one write of the request');

    // The API's own read of the request is in the trace too, under the HTTP span.
    assert.ok(
      childrenOf(httpSpan).some((span) => span.attributes['db.collection.name'] === 'relationshipRequests' && span.service === serviceNames.api),
      'the API reads the request from MongoDB within the HTTP span',
    );

    const everything = receiver.everything();
    for (const secret of [token, token.split('.')[1]!, world.keys.trAdmin, stack.workerEnv.INVITATION_SECRET!, signatory.email, signatory.lastName]) {
      assert.equal(everything.includes(secret), false, `an exported span carries a secret or personal data (${secret.slice(0, 6)}…)`);
    }
  });

  test('creating: the workflow run and its opening steps belong to the trace of the create request', async () => {
    const httpSpan = receiver.spans.find((span) => span.name === 'POST /v1/relationship-requests');
    assert.ok(httpSpan, 'the create request has its HTTP span');
    // The run span ends with the workflow, after the accept: it is exported then.
    const { named, ancestorsOf } = await eventually(async () => {
      const trace = traceOf(receiver.spans, httpSpan.traceId);
      return trace.members.some((span) => span.name === 'RunWorkflow:relationshipRequest') && trace;
    }, 10_000, 'the workflow run span');
    const start = named('UpdateWithStartWorkflow:openRequest');
    assert.equal(start.parentSpanId, httpSpan.spanId);
    const run = named('RunWorkflow:relationshipRequest');
    assert.equal(run.parentSpanId, start.spanId);
    assert.ok(ancestorsOf(named('RunActivity:openRequestAndInvite')).includes(run), 'opening and inviting, one step of the run');
    assert.equal(
      receiver.spans.some((span) => span.traceId === httpSpan.traceId && span.name === 'RunActivity:recordAcceptanceAndNotify'),
      false,
      'the acceptance is traced with the accept request',
    );
  });

  test('a tracing worker refuses a prebuilt bundle that has no traced variant beside it', async () => {
    const untracedOnly = join(await tempDir('workflow-bundle-'), 'workflow-bundle.js');
    await copyFile(bundle, untracedOnly);
    const refused = spawnWorker({ ...stack.workerEnv, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, WORKFLOW_BUNDLE_PATH: untracedOnly });
    await assert.rejects(refused.ready, /exited \(78\)[\s\S]*WORKFLOW_BUNDLE_PATH: tracing is on and needs the traced bundle/);
  });

  test('the traced bundle holds the workflow interceptors and the trace scope, the plain one no OpenTelemetry code', async () => {
    const traced = await readFile(tracedBundlePath(bundle), 'utf8');
    const plain = await readFile(bundle, 'utf8');
    for (const marker of ['@temporalio/interceptor-workflow', 'workflowTraceScope']) assert.equal(traced.includes(marker), true, marker);
    assert.equal(plain.includes('@temporalio/interceptor-workflow'), false);
    assert.equal(plain.includes('node_modules/@opentelemetry/'), false, 'an untraced worker evaluates no OpenTelemetry module per workflow');
    // The plain bundle's workflow modules are evaluated once per thread; the traced one's per workflow, since each
    // workflow's interceptor installs its own trace scope.
    const preloaded = (code: string) => /exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/.exec(code)?.[1] ?? '';
    assert.match(preloaded(plain), /"\.\/workflows\/index\.ts"/);
    assert.equal(preloaded(traced).trim(), '');
  });
});

describe('tracing settings', () => {
  const secret = 'a'.repeat(40);

  test('off unless an OTLP endpoint is set, and OTEL_SDK_DISABLED wins', () => {
    assert.equal(tracingRequested({}), false);
    assert.equal(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }), true);
    assert.equal(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }), true);
    assert.equal(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }), false);
  });

  test('an endpoint that is not an http(s) URL stops the start with one line naming it', () => {
    assert.throws(
      () => loadConfig({ INVITATION_SECRET: secret, OTEL_EXPORTER_OTLP_ENDPOINT: '127.0.0.1:4318' }),
      (error: unknown) =>
        error instanceof ConfigError && error.problems.length === 1 && /^OTEL_EXPORTER_OTLP_ENDPOINT: must be the http\(s\) URL/.test(error.problems[0]!),
    );
    assert.doesNotThrow(() => loadConfig({ INVITATION_SECRET: secret, OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example:4318' }));
  });
});
