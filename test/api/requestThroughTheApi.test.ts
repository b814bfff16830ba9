import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoWorld } from '../support/fixtures.js';
import { call, invitationPath } from '../support/http.js';
import { startStack, type Stack } from '../support/stack.js';

describe('a request through the HTTP API, on real Temporal and MongoDB', () => {
  let stack: Stack;
  const world = demoWorld();

  before(async () => {
    stack = await startStack();
    await stack.seed(world.seed);
  });
  after(() => stack?.stop());

  test('an eligible request is invited, accepted through the link, and the customer is listed once', async () => {
    const created = await call(stack, 'POST', '/v1/relationship-requests', {
      key: world.keys.trAdmin,
      body: { customerTenantId: world.tenants.uaCustomer, customerEmail: 'it@kyiv.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.status, 'pending');
    assert.match(created.json.invitationUrl, /^http:\/\/localhost:3000\/invitations\/[\w-]+\.[\w-]+$/);
    assert.match(created.json.email.text, new RegExp(created.json.invitationUrl.replace(/[.]/g, '\\.')));
    assert.ok(Date.parse(created.json.expiresAt) > Date.now());

    const outbox = await stack.collections.outbox.find({ _id: `invitation:${created.json.id}` }).toArray();
    assert.equal(outbox.length, 1);
    assert.deepEqual(outbox[0]?.to, ['it@kyiv.example']);

    const page = await call(stack, 'GET', invitationPath(created.json.invitationUrl));
    assert.equal(page.status, 200);
    assert.match(page.text, /Anatolia Cloud/);

    const accepted = await call(stack, 'POST', `${invitationPath(created.json.invitationUrl)}/accept`, {
      body: { firstName: 'Olena', lastName: 'Shevchenko', email: 'olena@kyiv.example', acceptAgreement: true },
    });
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.json.status, 'accepted');

    const customers = await call(stack, 'GET', '/v1/customers', { key: world.keys.trReader });
    assert.equal(customers.status, 200);
    const listed = customers.json.items.filter((item: { customerTenantId: string }) => item.customerTenantId === world.tenants.uaCustomer);
    assert.equal(listed.length, 1);
    assert.equal(listed[0].relationship, 'reseller');
    assert.equal(listed[0].delegatedAdminPrivileges, true);

    const detail = await call(stack, 'GET', `/v1/relationship-requests/${created.json.id}`, { key: world.keys.trSales });
    assert.equal(detail.json.status, 'accepted');
    assert.equal(detail.json.acceptedBy.email, 'olena@kyiv.example');
    assert.deepEqual(
      detail.json.events.map((event: { type: string }) => event.type).slice(0, 4),
      ['requested', 'pending', 'invitation_sent', 'accepted'],
    );
    assert.equal(await stack.collections.agreementAcceptances.countDocuments({ requestId: created.json.id }), 1);
  });

  test('the invitation page shows the parties as the request recorded them, not as they were renamed since', async () => {
    const created = await call(stack, 'POST', '/v1/relationship-requests', {
      key: world.keys.deAdmin,
      body: { customerTenantId: world.tenants.deCustomer, customerEmail: 'it@berlin.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, created.text);
    const partner = { _id: world.tenants.dePartner };
    await stack.collections.partners.updateOne(partner, { $set: { name: 'Rhein Wolke' } });
    try {
      const kept = await call(stack, 'GET', invitationPath(created.json.invitationUrl));
      assert.equal(kept.status, 200);
      assert.match(kept.text, /Rhein IT/);
      assert.doesNotMatch(kept.text, /Rhein Wolke/);
      assert.match(kept.text, /Berlin Maschinen/);
    } finally {
      await stack.collections.partners.updateOne(partner, { $set: { name: 'Rhein IT' } });
    }
  });

  test('a request needs a valid API key', async () => {
    const response = await call(stack, 'POST', '/v1/relationship-requests', {
      key: 'not-a-real-key-xxxxxxxxxxxxxxxx',
      body: { customerTenantId: world.tenants.aeCustomer, customerEmail: 'x@y.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.equal(await stack.collections.requests.countDocuments({ customerTenantId: world.tenants.aeCustomer }), 0);
  });
});
