import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { call } from '../support/http.js';
import { seededStack } from '../support/stack.js';

/** Values that stress parsers: wrong types, huge and odd strings, injection-looking text, nesting. */
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom('', ' ', 'null', '{"$gt":""}', '<script>alert(1)</script>', "'; drop table x; --", '../../etc/passwd', 'a:b', '\u0000', 'x'.repeat(5000)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('$gt', '$ne', '$where', 'a'), fc.string(), { maxKeys: 2 }),
);

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

describe('no input yields a 500, and rejected input writes nothing', () => {
  const ctx = seededStack();

  const counts = async () => ({
    requests: await ctx.stack.collections.requests.countDocuments({}),
    customers: await ctx.stack.collections.customers.countDocuments({}),
    relationships: await ctx.stack.collections.relationships.countDocuments({}),
    outbox: await ctx.stack.collections.outbox.countDocuments({}),
  });

  test('request bodies', async () => {
    const body = fc.oneof(
      hostile,
      fc.record(
        {
          customerTenantId: fc.oneof(hostile, fc.constant(ctx.world.tenants.deCustomer)),
          customerDomain: maybe(hostile),
          customerEmail: fc.oneof(hostile, fc.emailAddress()),
          includeDelegatedAdminPrivileges: fc.oneof(hostile, fc.boolean()),
          indirectResellerId: maybe(hostile),
          locale: maybe(hostile),
          message: maybe(hostile),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const before = await counts();
        const response = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
          key: ctx.world.keys.trAdmin,
          body: JSON.stringify(value) ?? 'undefined',
        });
        assert.ok(response.status < 500, `${response.status} for ${JSON.stringify(value)}: ${response.text}`);
        assert.equal(response.headers.get('content-type'), response.status >= 400 ? 'application/problem+json' : 'application/json');
        // 422 records the rejected request on purpose; everything else that failed wrote nothing.
        if (response.status >= 400 && response.status !== 422) assert.deepEqual(await counts(), before);
      }),
      { numRuns: 120 },
    );
  });

  test('new-customer bodies', async () => {
    const body = fc.oneof(
      hostile,
      fc.record(
        {
          tenantId: maybe(hostile),
          domain: maybe(hostile),
          domainPrefix: fc.oneof(hostile, fc.stringMatching(/^[A-Za-z0-9]{2,12}$/)),
          companyName: hostile,
          country: fc.oneof(hostile, fc.constantFrom('TR', 'tr', 'DE', 'ZZ')),
          email: fc.oneof(hostile, fc.emailAddress()),
          includeDelegatedAdminPrivileges: fc.oneof(hostile, fc.boolean()),
          agreement: fc.oneof(hostile, fc.record({ firstName: hostile, lastName: hostile, email: hostile, acceptAgreement: hostile })),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const before = await counts();
        const response = await call(ctx.stack, 'POST', '/v1/customers', { key: ctx.world.keys.trAdmin, body: JSON.stringify(value) ?? '' });
        assert.ok(response.status < 500, `${response.status} for ${JSON.stringify(value)}: ${response.text}`);
        if (response.status >= 400) assert.deepEqual(await counts(), before);
      }),
      { numRuns: 100 },
    );
  });

  test('invitation tokens and accept bodies', async () => {
    const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: { customerTenantId: ctx.world.tenants.uaCustomer, customerEmail: 'it@ua.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, created.text);
    const validPath = new URL(created.json.invitationUrl).pathname;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 250 }), fc.base64String(), fc.constant(validPath.split('/')[2]!.slice(0, -1))),
        fc.oneof(hostile, fc.record({ firstName: hostile, lastName: hostile, email: hostile, phone: hostile, acceptAgreement: hostile }, { requiredKeys: [] })),
        async (token, body) => {
          const path = `/invitations/${encodeURIComponent(token)}`;
          const page = await call(ctx.stack, 'GET', path);
          assert.ok(page.status === 404 || page.status === 200, `${page.status} for token ${JSON.stringify(token)}`);
          const accept = await call(ctx.stack, 'POST', `${validPath}/accept`, { body: JSON.stringify(body) ?? '' });
          assert.ok(accept.status < 500, `${accept.status} for ${JSON.stringify(body)}: ${accept.text}`);
          if (accept.status >= 400) assert.equal((await ctx.stack.collections.requests.findOne({ _id: created.json.id }))?.status, 'pending');
        },
      ),
      { numRuns: 100 },
    );
  });

  test('list query strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('limit', 'cursor', 'status', 'x'), fc.string({ maxLength: 300 }), { maxKeys: 4 }), async (query) => {
        const qs = new URLSearchParams(query).toString();
        for (const path of ['/v1/relationship-requests', '/v1/customers']) {
          const response = await call(ctx.stack, 'GET', `${path}?${qs}`, { key: ctx.world.keys.trReader });
          assert.ok(response.status === 200 || response.status === 400, `${response.status} for ${path}?${qs}: ${response.text}`);
        }
      }),
      { numRuns: 100 },
    );
  });

  test('no rejected input started a workflow for this partner', async () => {
    const requests = await ctx.stack.collections.requests.find({}).toArray();
    let workflows = 0;
    for await (const _ of ctx.stack.client.workflow.list({ query: `PartnerTenantId="${ctx.world.tenants.trPartner}"` })) workflows += 1;
    // Every workflow that started has its request document (accepted, pending or rejected with a rule code).
    assert.equal(workflows, requests.length);
    for (const request of requests) assert.ok(request.status === 'pending' || request.rejection, `unexpected ${request.status}`);
  });
});
