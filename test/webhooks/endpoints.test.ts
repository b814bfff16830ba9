import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../api/app.js';
import { WebhookEventType } from '../../domain/webhookEvents.js';
import { bearer } from '../support/fixtures.js';
import { call } from '../support/http.js';
import { seededStack } from '../support/stack.js';

const allTypes = WebhookEventType.options;

describe('webhook endpoints through the API', () => {
  const ctx = seededStack();
  const register = (body: unknown, key = ctx.world.keys.trAdmin) => call(ctx.stack, 'POST', '/v1/webhook-endpoints', { key, body });

  test('an Admin agent registers an endpoint and sees its secret once; no read shows it again', async () => {
    const created = await register({ url: 'http://127.0.0.1:9/hooks', eventTypes: ['relationship_request.accepted'], description: 'CRM' });
    assert.equal(created.status, 201, created.text);
    assert.match(created.json.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(created.headers.get('cache-control'), 'no-store');
    assert.equal(created.headers.get('location'), `/v1/webhook-endpoints/${created.json.id}`);
    assert.deepEqual(
      { url: created.json.url, eventTypes: created.json.eventTypes, description: created.json.description, status: created.json.status },
      { url: 'http://127.0.0.1:9/hooks', eventTypes: ['relationship_request.accepted'], description: 'CRM', status: 'enabled' },
    );
    const secret = created.json.secret as string;
    const secretKey = secret.slice('whsec_'.length);

    for (const key of [ctx.world.keys.trAdmin, ctx.world.keys.trReader]) {
      const one = await call(ctx.stack, 'GET', `/v1/webhook-endpoints/${created.json.id}`, { key });
      assert.equal(one.status, 200, one.text);
      assert.equal(one.json.url, 'http://127.0.0.1:9/hooks');
      const list = await call(ctx.stack, 'GET', '/v1/webhook-endpoints', { key });
      assert.ok(list.json.items.some((item: { id: string }) => item.id === created.json.id));
      for (const response of [one, list]) {
        assert.ok(!response.text.includes(secretKey), 'a read shows the secret');
        assert.ok(!/"secret"/.test(response.text));
      }
    }
    const stored = JSON.stringify(await ctx.stack.collections.webhookEndpoints.find({}).toArray());
    assert.ok(!stored.includes(secretKey), 'the secret is stored only sealed');
    assert.ok(stored.includes('"sealed":"v1.'));
  });

  test('only Admin agents register, rotate and delete; any partner user reads; other partners see nothing', async () => {
    const created = await register({ url: 'http://127.0.0.1:9/roles', eventTypes: allTypes });
    assert.equal(created.status, 201, created.text);
    const id = created.json.id as string;
    const sales = ctx.world.keys.trSales;
    assert.equal((await register({ url: 'http://127.0.0.1:9/x', eventTypes: allTypes }, sales)).status, 403);
    assert.equal((await call(ctx.stack, 'POST', `/v1/webhook-endpoints/${id}/rotate-secret`, { key: sales })).status, 403);
    assert.equal((await call(ctx.stack, 'DELETE', `/v1/webhook-endpoints/${id}`, { key: ctx.world.keys.trReader })).status, 403);
    assert.equal((await call(ctx.stack, 'GET', `/v1/webhook-endpoints/${id}/deliveries`, { key: sales })).status, 200);
    for (const path of [`/v1/webhook-endpoints/${id}`, `/v1/webhook-endpoints/${id}/deliveries`]) {
      const other = await call(ctx.stack, 'GET', path, { key: ctx.world.keys.deAdmin });
      assert.equal(other.status, 404, path);
      assert.equal(other.headers.get('content-type'), 'application/problem+json');
    }
    const theirs = await call(ctx.stack, 'GET', '/v1/webhook-endpoints', { key: ctx.world.keys.deAdmin });
    assert.ok(!theirs.json.items.some((item: { id: string }) => item.id === id));
    assert.equal((await call(ctx.stack, 'DELETE', `/v1/webhook-endpoints/${id}`, { key: ctx.world.keys.deAdmin })).status, 404);
  });

  test('a bad body is a 400 problem naming each field', async () => {
    const cases: [unknown, string][] = [
      [{ url: 'http://127.0.0.1:9/h', eventTypes: [] }, 'eventTypes'],
      [{ url: 'http://127.0.0.1:9/h', eventTypes: ['relationship.renamed'] }, 'eventTypes.0'],
      [{ url: 'http://127.0.0.1:9/h', eventTypes: ['relationship.created', 'relationship.created'] }, 'eventTypes'],
      [{ eventTypes: ['relationship.created'] }, 'url'],
      [{ url: 'http://127.0.0.1:9/h', eventTypes: ['relationship.created'], secret: 'mine' }, 'secret'],
      [{ url: 'ftp://127.0.0.1/h', eventTypes: ['relationship.created'] }, 'url'],
    ];
    for (const [body, field] of cases) {
      const response = await register(body);
      assert.equal(response.status, 400, `${JSON.stringify(body)}: ${response.text}`);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      assert.ok(response.json.errors.some((error: { field: string }) => error.field === field), `${field} in ${response.text}`);
    }
  });

  test('rotating gives a new secret once, and the one it replaces signs on for 24 hours', async () => {
    const created = await register({ url: 'http://127.0.0.1:9/rotate', eventTypes: allTypes });
    const id = created.json.id as string;
    const before = Date.now();
    const rotated = await call(ctx.stack, 'POST', `/v1/webhook-endpoints/${id}/rotate-secret`, { key: ctx.world.keys.trAdmin });
    assert.equal(rotated.status, 200, rotated.text);
    assert.match(rotated.json.secret, /^whsec_/);
    assert.notEqual(rotated.json.secret, created.json.secret);
    assert.equal(rotated.headers.get('cache-control'), 'no-store');
    const overlapEnds = Date.parse(rotated.json.previousSecretExpiresAt);
    assert.ok(Math.abs(overlapEnds - before - 24 * 3_600_000) < 60_000, rotated.json.previousSecretExpiresAt);
    const shown = await call(ctx.stack, 'GET', `/v1/webhook-endpoints/${id}`, { key: ctx.world.keys.trAdmin });
    assert.equal(shown.json.previousSecretExpiresAt, rotated.json.previousSecretExpiresAt);
    assert.ok(!shown.text.includes(rotated.json.secret.slice(6)));
    const stored = await ctx.stack.collections.webhookEndpoints.findOne({ _id: id });
    assert.equal(stored?.secrets.length, 2);
  });

  test('deleting stops deliveries and erases the secrets', async () => {
    const created = await register({ url: 'http://127.0.0.1:9/delete', eventTypes: allTypes });
    const id = created.json.id as string;
    assert.equal((await call(ctx.stack, 'DELETE', `/v1/webhook-endpoints/${id}`, { key: ctx.world.keys.trAdmin })).status, 204);
    assert.equal((await call(ctx.stack, 'GET', `/v1/webhook-endpoints/${id}`, { key: ctx.world.keys.trAdmin })).status, 404);
    assert.equal((await call(ctx.stack, 'DELETE', `/v1/webhook-endpoints/${id}`, { key: ctx.world.keys.trAdmin })).status, 404);
    const list = await call(ctx.stack, 'GET', '/v1/webhook-endpoints', { key: ctx.world.keys.trAdmin });
    assert.ok(!list.json.items.some((item: { id: string }) => item.id === id));
    const stored = await ctx.stack.collections.webhookEndpoints.findOne({ _id: id });
    assert.deepEqual([stored?.status, stored?.secrets], ['deleted', []]);
  });

  test('delivery attempts page newest first, like the other lists', async () => {
    const created = await register({ url: 'http://127.0.0.1:9/pages', eventTypes: allTypes });
    const id = created.json.id as string;
    const at = Date.now();
    await ctx.stack.collections.webhookDeliveries.insertMany(
      [1, 2, 3, 4, 5].map((attempt) => ({
        _id: `${id}:evt_x:${attempt}`,
        seq: `0190000${attempt}-0000-7000-8000-000000000000`,
        endpointId: id,
        partnerTenantId: ctx.world.tenants.trPartner,
        eventId: 'evt_x',
        eventType: 'relationship.created' as const,
        attempt,
        at: new Date(at + attempt),
        durationMs: 3,
        ...(attempt < 5 ? { error: 'connection refused' } : { statusCode: 204 }),
        delivered: attempt === 5,
      })),
    );
    const seen: unknown[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/v1/webhook-endpoints/${id}/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call(ctx.stack, 'GET', path, { key: ctx.world.keys.trReader });
      assert.equal(page.status, 200, page.text);
      seen.push(...page.json.items);
      cursor = page.json.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen.map((item: any) => [item.attempt, item.statusCode, item.error, item.delivered, item.eventId, item.eventType]),
      [
        [5, 204, null, true, 'evt_x', 'relationship.created'],
        [4, null, 'connection refused', false, 'evt_x', 'relationship.created'],
        [3, null, 'connection refused', false, 'evt_x', 'relationship.created'],
        [2, null, 'connection refused', false, 'evt_x', 'relationship.created'],
        [1, null, 'connection refused', false, 'evt_x', 'relationship.created'],
      ],
    );
  });

  test('the OpenAPI document describes every route with its problems', async () => {
    const doc = (await call(ctx.stack, 'GET', '/openapi.json')).json;
    const paths = doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    assert.deepEqual(Object.keys(paths['/v1/webhook-endpoints']!).sort(), ['get', 'post']);
    assert.deepEqual(Object.keys(paths['/v1/webhook-endpoints/{id}']!).sort(), ['delete', 'get']);
    assert.ok(paths['/v1/webhook-endpoints/{id}/rotate-secret']?.post?.responses['403']);
    assert.ok(paths['/v1/webhook-endpoints/{id}/deliveries']?.get?.responses['404']);
    assert.ok(paths['/v1/webhook-endpoints']!.post!.responses['400']);
    assert.ok(doc.components.schemas.WebhookEndpointWithSecret);
    const docs = await call(ctx.stack, 'GET', '/docs');
    assert.match(docs.text, /rotate-secret/);
  });
});

describe('receivers that would reach inside the network are refused at registration', () => {
  const ctx = seededStack();
  let server: ServerType;
  let baseUrl: string;
  // As in production: WEBHOOK_ALLOW_LOOPBACK is off.
  const strictApp = () => createApp({ ...ctx.stack.deps, webhooks: { ...ctx.stack.deps.webhooks, allowLoopback: false } });

  before(async () => {
    const app = strictApp();
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const refused: [string, RegExp][] = [
    ['https://10.0.0.5/hooks', /^must point to a public address: 10\.0\.0\.5 is not a public address$/],
    ['https://169.254.169.254/latest/meta-data', /^must point to a public address: 169\.254\.169\.254 is not a public address$/],
    ['https://[::1]/hooks', /^must point to a public address: ::1 is not a public address$/],
    ['https://[::ffff:192.168.0.1]/hooks', /not a public address$/],
    ['https://100.64.1.1/hooks', /not a public address$/],
    // What the name resolved to is not told.
    ['https://localhost/hooks', /^must point to a public address: localhost is not a public address$/],
    ['http://8.8.8.8/hooks', /must be an https URL/],
  ];

  test('in process (app.request) and over a real socket (fetch), each with a 400 problem naming `url`', async () => {
    const app = strictApp();
    for (const [url, reason] of refused) {
      const body = JSON.stringify({ url, eventTypes: ['relationship.created'] });
      const inProcess = await app.request('/v1/webhook-endpoints', { method: 'POST', headers: bearer(ctx.world.keys.trAdmin), body });
      const overSocket = await fetch(`${baseUrl}/v1/webhook-endpoints`, { method: 'POST', headers: bearer(ctx.world.keys.trAdmin), body });
      for (const response of [inProcess, overSocket]) {
        assert.equal(response.status, 400, url);
        assert.equal(response.headers.get('content-type'), 'application/problem+json');
        const problem = (await response.json()) as { errors: { field: string; message: string }[] };
        assert.equal(problem.errors.length, 1);
        assert.equal(problem.errors[0]!.field, 'url');
        assert.match(problem.errors[0]!.message, reason, url);
        if (url.includes('localhost')) assert.doesNotMatch(JSON.stringify(problem), /127\.0\.0\.1|::1|loopback/, 'the answer names no resolved address');
      }
    }
    assert.equal(await ctx.stack.collections.webhookEndpoints.countDocuments({ partnerTenantId: ctx.world.tenants.trPartner }), 0);
  });

  test('a public https address is accepted', async () => {
    const response = await fetch(`${baseUrl}/v1/webhook-endpoints`, {
      method: 'POST',
      headers: bearer(ctx.world.keys.trAdmin),
      body: JSON.stringify({ url: 'https://8.8.8.8/hooks', eventTypes: ['relationship.created'] }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const { id } = (await response.json()) as { id: string };
    // Not to be called by the other tests' events: this address is not ours.
    await fetch(`${baseUrl}/v1/webhook-endpoints/${id}`, { method: 'DELETE', headers: bearer(ctx.world.keys.trAdmin) });
  });
});
