import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { call, eventually } from '../support/http.js';
import { seededStack } from '../support/stack.js';

describe('what an operator sees in the Temporal UI', () => {
  const ctx = seededStack({ reminderAfter: '10m,20m', invitationTtl: '1h' });

  const list = async (query: string) => {
    const found = [];
    for await (const workflow of ctx.stack.client.workflow.list({ query })) found.push(workflow);
    return found;
  };

  test('search attributes follow each transition, and filters find the right workflows', async () => {
    const usgov = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.usAdmin,
      body: { customerTenantId: ctx.world.tenants.usGovCustomer, customerEmail: 'it@austin.example', includeDelegatedAdminPrivileges: true },
    });
    const rejected = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.usAdmin,
      body: { customerTenantId: ctx.world.tenants.usPublicCustomer, customerEmail: 'it@denver.example', includeDelegatedAdminPrivileges: true },
    });
    const publicOne = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: { customerTenantId: ctx.world.tenants.uaCustomer, customerEmail: 'it@kyiv.example', includeDelegatedAdminPrivileges: true },
    });
    assert.deepEqual([usgov.status, rejected.status, publicOne.status], [201, 422, 201]);

    const mine = `(PartnerTenantId="${ctx.world.tenants.usPartner}" OR PartnerTenantId="${ctx.world.tenants.trPartner}")`;
    const pendingUsGov = await eventually(async () => {
      const found = await list(`RequestStatus="pending" AND Cloud="usgov" AND ${mine}`);
      return found.length === 1 && found;
    }, 15_000, 'visibility of the pending usgov request');
    assert.equal(pendingUsGov[0]!.workflowId, `relationship-request:${ctx.world.tenants.usPartner}:${ctx.world.tenants.usGovCustomer}`);
    assert.deepEqual(pendingUsGov[0]!.memo, { partnerName: 'Liberty Gov', customerName: 'Austin County', requestId: usgov.json.id });

    const rejectedOnes = await eventually(async () => {
      const found = await list(`RequestStatus="rejected" AND PartnerTenantId="${ctx.world.tenants.usPartner}"`);
      return found.length === 1 && found;
    }, 15_000, 'visibility of the rejected request');
    assert.equal(rejectedOnes[0]!.searchAttributes?.CustomerTenantId?.[0], ctx.world.tenants.usPublicCustomer);

    await call(ctx.stack, 'POST', `/v1/relationship-requests/${publicOne.json.id}/cancel`, { key: ctx.world.keys.trAdmin, body: {} });
    await eventually(async () => (await list(`RequestStatus="cancelled" AND PartnerTenantId="${ctx.world.tenants.trPartner}"`)).length === 1, 15_000, 'cancelled');
  });

  test('the workflow explains itself: summary, details, and what it waits for', async () => {
    const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: { customerTenantId: ctx.world.tenants.aeCustomer, customerEmail: 'it@dubai.example', includeDelegatedAdminPrivileges: false },
    });
    assert.equal(created.status, 201, created.text);
    const handle = ctx.stack.client.workflow.getHandle(`relationship-request:${ctx.world.tenants.trPartner}:${ctx.world.tenants.aeCustomer}`);
    const description = await handle.describe();
    assert.equal(await description.staticSummary(), 'Anatolia Cloud asks Dubai Logistics for a reseller relationship');
    assert.match((await description.staticDetails()) ?? '', /Delegated admin privileges: not requested/);

    const metadata = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
    assert.match(metadata.currentDetails ?? '', /Waiting for the customer/);
    assert.match(metadata.currentDetails ?? '', /reminder 1 of 2 at \d{4}-/);
    assert.match(metadata.currentDetails ?? '', new RegExp(`Expires: ${created.json.expiresAt}`));

    const status = (await handle.query('status')) as { status: string; nextReminderNumber?: number };
    assert.equal(status.status, 'pending');
    assert.equal(status.nextReminderNumber, 1);
  });
});
