import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../api/app.js';
import { connectDatabase, type Database } from '../../platform/mongo.js';
import { call, eventually } from '../support/http.js';
import { seededStack, serviceAddresses, type Stack } from '../support/stack.js';

type Answer = { status: number; headers: Headers; json: Record<string, any>; text: string };

/** An API instance of its own (its own connection, so its own counters' hints) on a real listening socket. */
async function startInstance(stack: Stack, database: Database) {
  const app = createApp({ ...stack.deps, database, trustedProxies: ['127.0.0.1'] });
  const server: ServerType = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    async fetch(path: string, init: { method?: string; key?: string; body?: unknown; forwardedFor?: string } = {}): Promise<Answer> {
      const headers: Record<string, string> = {};
      if (init.key) headers.authorization = `Bearer ${init.key}`;
      if (init.forwardedFor) headers['x-forwarded-for'] = init.forwardedFor;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers,
        ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      });
      const text = await response.text();
      const json = (response.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : {};
      return { status: response.status, headers: response.headers, json, text };
    },
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
    },
  };
}
type Instance = Awaited<ReturnType<typeof startInstance>>;

const resendKeys = async (stack: Stack, requestId: string) =>
  (await stack.collections.outbox.find({ _id: { $regex: `^invitation:${requestId}:resend:` } }).toArray()).map((email) => email._id).sort();

function assertQuotaProblem(answer: Answer, quota: string, status = 429) {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.headers.get('content-type'), 'application/problem+json');
  assert.equal(answer.json.type, '/problems/quota-exceeded');
  assert.equal(answer.json.quota, quota);
  if (status === 429) {
    const retryAfter = Number(answer.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= answer.json.windowSeconds, `Retry-After ${retryAfter}`);
  }
}

describe('quotas held across two API instances on one database', () => {
  const ctx = seededStack({ invitationRateLimit: 5 });
  let secondConnection: Database;
  let a: Instance;
  let b: Instance;
  before(async () => {
    secondConnection = await connectDatabase(serviceAddresses().mongoUri, ctx.stack.database.db.databaseName);
    a = await startInstance(ctx.stack, ctx.stack.database);
    b = await startInstance(ctx.stack, secondConnection);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await secondConnection?.close();
  });

  const open = async (key: string, customerTenantId: string) => {
    const created = await a.fetch('/v1/relationship-requests', {
      method: 'POST',
      key,
      body: { customerTenantId, customerEmail: 'it@customer.example', includeDelegatedAdminPrivileges: false },
    });
    assert.equal(created.status, 201, created.text);
    return created.json.id as string;
  };

  test('the sixth resend of a request within a day is refused with Retry-After, resends alternating between instances; no sixth email', async () => {
    const key = ctx.world.keys.trAdmin;
    const id = await open(key, ctx.world.tenants.trCustomer);
    for (let i = 0; i < 5; i += 1) {
      const resent = await (i % 2 === 0 ? a : b).fetch(`/v1/relationship-requests/${id}/resend`, { method: 'POST', key });
      assert.equal(resent.status, 202, resent.text);
    }
    const sixth = await b.fetch(`/v1/relationship-requests/${id}/resend`, { method: 'POST', key });
    assertQuotaProblem(sixth, 'resends-per-request');
    assert.equal(sixth.json.limit, 5);
    assert.equal(sixth.json.windowSeconds, 86_400);
    assert.match(sixth.json.detail, /At most 5 resends of this invitation in 24 hours/);
    assert.ok(Number(sixth.headers.get('retry-after')) > 86_400 - 120, 'the oldest resend leaves the window in about a day');
    assertQuotaProblem(await a.fetch(`/v1/relationship-requests/${id}/resend`, { method: 'POST', key }), 'resends-per-request');

    await eventually(async () => (await resendKeys(ctx.stack, id)).length === 5, 15_000, 'five resent invitations');
    await sleep(1_500);
    assert.deepEqual(await resendKeys(ctx.stack, id), [1, 2, 3, 4, 5].map((n) => `invitation:${id}:resend:${n}`));
    const request = await ctx.stack.collections.requests.findOne({ _id: id });
    assert.equal(Object.values(request?.events ?? {}).filter((event) => event.type.includes('resen')).length, 5, 'five resends recorded, no more');
  });

  test('20 concurrent resends through the two instances admit exactly five', async () => {
    const key = ctx.world.keys.trAdmin;
    const id = await open(key, ctx.world.tenants.aeCustomer);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).fetch(`/v1/relationship-requests/${id}/resend`, { method: 'POST', key })),
    );
    const statuses = answers.map((answer) => answer.status);
    assert.equal(statuses.filter((status) => status === 202).length, 5, statuses.join(','));
    assert.equal(statuses.filter((status) => status === 429).length, 15, statuses.join(','));
    await eventually(async () => (await resendKeys(ctx.stack, id)).length === 5, 15_000, 'five resent invitations');
    await sleep(1_500);
    assert.equal((await resendKeys(ctx.stack, id)).length, 5);
  });

  test('an IPv6 client rotating addresses within its /64 hits the invitation limit on both instances; another network does not', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i += 1) {
      const page = await (i % 2 === 0 ? a : b).fetch('/invitations/not-a-token', { forwardedFor: `2001:db8:aa:1:${i.toString(16)}::${i}` });
      statuses.push(page.status);
      if (i === 6) assertQuotaProblem(page, 'invitation-requests');
    }
    assert.ok(statuses.slice(0, 5).every((status) => status !== 429), statuses.join(','));
    assert.notEqual((await a.fetch('/invitations/not-a-token', { forwardedFor: '2001:db8:aa:2::1' })).status, 429);
    assert.notEqual((await b.fetch('/invitations/not-a-token', { forwardedFor: '203.0.113.7' })).status, 429);
    assertQuotaProblem(await a.fetch('/invitations/not-a-token', { forwardedFor: '2001:db8:aa:1:ffff:ffff:ffff:ffff' }), 'invitation-requests');
  });

  test('the eleventh webhook endpoint is refused with 409 until one is deleted; concurrent registrations stop at ten', async () => {
    const key = ctx.world.keys.deAdmin;
    const register = (instance: Instance, n: number) =>
      instance.fetch('/v1/webhook-endpoints', { method: 'POST', key, body: { url: `http://127.0.0.1:9/hooks/${n}`, eventTypes: ['relationship_request.accepted'] } });
    const ids: string[] = [];
    for (let n = 0; n < 10; n += 1) {
      const created = await register(n % 2 === 0 ? a : b, n);
      assert.equal(created.status, 201, created.text);
      ids.push(created.json.id);
    }
    const eleventh = await register(b, 10);
    assertQuotaProblem(eleventh, 'webhook-endpoints-per-partner', 409);
    assert.equal(eleventh.headers.get('retry-after'), null);
    assert.match(eleventh.json.detail, /At most 10 webhook endpoints per partner; delete one/);
    assert.equal(await ctx.stack.collections.webhookEndpoints.countDocuments({ partnerTenantId: ctx.world.tenants.dePartner }), 10, 'nothing written');

    assert.equal((await a.fetch(`/v1/webhook-endpoints/${ids[3]}`, { method: 'DELETE', key })).status, 204);
    assert.equal((await register(b, 11)).status, 201);
    assert.equal((await register(a, 12)).status, 409);

    const usKey = ctx.world.keys.usAdmin;
    const concurrent = await Promise.all(
      Array.from({ length: 14 }, (_, n) =>
        (n % 2 === 0 ? a : b).fetch('/v1/webhook-endpoints', { method: 'POST', key: usKey, body: { url: `http://127.0.0.1:9/us/${n}`, eventTypes: ['relationship_request.accepted'] } }),
      ),
    );
    assert.equal(concurrent.filter((answer) => answer.status === 201).length, 10, concurrent.map((answer) => answer.status).join(','));
    assert.equal(concurrent.filter((answer) => answer.status === 409).length, 4);
  });
});

describe('per-partner hourly quotas on new requests and emails', () => {
  const ctx = seededStack({ quotas: { REQUESTS_PER_PARTNER_PER_HOUR: 2, EMAILS_PER_PARTNER_PER_HOUR: 3 } });
  const create = (key: string, customerTenantId: string) =>
    call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key,
      body: { customerTenantId, customerEmail: 'it@customer.example', includeDelegatedAdminPrivileges: true },
    });

  test('a request or a batch past the partner quota is refused and starts nothing', async () => {
    const { keys, tenants } = ctx.world;
    assert.equal((await create(keys.trAdmin, tenants.trCustomer)).status, 201);
    assert.equal((await create(keys.trAdmin, tenants.aeCustomer)).status, 201);
    const third = await create(keys.trAdmin, tenants.uaCustomer);
    assert.equal(third.status, 429, third.text);
    assert.equal(third.json.quota, 'requests-per-partner');
    assert.match(third.json.detail, /At most 2 new relationship requests for your partner tenant in an hour/);
    assert.equal(await ctx.stack.collections.requests.countDocuments({ customerTenantId: tenants.uaCustomer }), 0);

    const batch = await call(ctx.stack, 'POST', '/v1/relationship-request-batches', {
      key: keys.trAdmin,
      body: { items: [{ customerTenantId: tenants.uaCustomer, customerEmail: 'it@ua.example', includeDelegatedAdminPrivileges: false }] },
    });
    assert.equal(batch.status, 429, batch.text);
    assert.equal(batch.json.quota, 'requests-per-partner');
    assert.equal(await ctx.stack.collections.batches.countDocuments({ partnerTenantId: tenants.trPartner }), 0);
    assert.equal(await ctx.stack.collections.batchItems.countDocuments({}), 0);
  });

  test('invitation emails count new requests and resends; a refused one sends nothing', async () => {
    const { keys, tenants } = ctx.world;
    const created = await create(keys.usAdmin, tenants.usGovCustomer);
    assert.equal(created.status, 201, created.text);
    const resend = () => call(ctx.stack, 'POST', `/v1/relationship-requests/${created.json.id}/resend`, { key: keys.usAdmin });
    assert.equal((await resend()).status, 202);
    assert.equal((await resend()).status, 202);
    const refused = await resend();
    assert.equal(refused.status, 429, refused.text);
    assert.equal(refused.json.quota, 'emails-per-partner');
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    await eventually(async () => (await resendKeys(ctx.stack, created.json.id)).length === 2, 15_000, 'two resends');
    await sleep(1_000);
    assert.equal((await resendKeys(ctx.stack, created.json.id)).length, 2);
  });
});
