import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAccessTokenVerifier } from '../../api/identity/accessTokens.js';
import { demoWorld } from '../support/fixtures.js';
import { accessTokenPolicy, globalAdministratorToken } from '../support/historyDrivers.js';
import { call, eventually } from '../support/http.js';
import { killed, spawnWorker } from '../support/processes.js';
import { startStack, type Stack } from '../support/stack.js';
import { startTokenIssuer, type TokenIssuer } from '../support/tokenIssuer.js';

const helpdesk = '729827e3-9c14-49f7-bb1b-9608f156bbb8';

describe('a worker killed with SIGKILL between the activation of an admin relationship and its first access assignment', () => {
  const world = demoWorld();
  let stack: Stack;
  let issuer: TokenIssuer;
  before(async () => {
    issuer = await startTokenIssuer();
    stack = await startStack({ inProcessWorker: false, accessTokens: createAccessTokenVerifier(accessTokenPolicy(issuer)) });
    await stack.seed(world.seed);
  });
  after(async () => {
    await stack?.stop();
    await issuer?.close();
  });

  test('after a restart both are done exactly once: one activation, one approval email, the assignment granted', async () => {
    const first = spawnWorker(stack.workerEnv);
    await first.ready;
    const customerTenantId = world.tenants.uaCustomer;
    const created = await call(stack, 'POST', '/v1/admin-relationships', {
      key: world.keys.trAdmin,
      body: { displayName: 'Helpdesk', duration: 'P365D', customer: { tenantId: customerTenantId }, accessDetails: { unifiedRoles: [{ roleDefinitionId: helpdesk }] } },
    });
    assert.equal(created.status, 201, created.text);
    const id = created.json.id as string;
    assert.equal((await call(stack, 'POST', `/v1/admin-relationships/${id}/requests`, { key: world.keys.trAdmin, body: { action: 'lockForApproval' } })).status, 201);
    const approved = await call(stack, 'POST', `/partner-relationships/admin-relationships/${id}/approve`, { key: await globalAdministratorToken(issuer, customerTenantId), body: {} });
    assert.equal(approved.status, 200, approved.text);
    const activatedAt = (await stack.collections.adminRelationships.findOne({ _id: id }))?.activatedAt;
    assert.ok(activatedAt, 'activated');
    await killed(first.child, 'SIGKILL');

    // No worker: the assignment is recorded and its signal waits on the server.
    const assigned = await call(stack, 'POST', `/v1/admin-relationships/${id}/access-assignments`, {
      key: world.keys.trAdmin,
      body: { accessContainer: { accessContainerId: '4b3f1c2e-8a61-4f0e-9d7a-2c5b8e9f1a30' }, accessDetails: { unifiedRoles: [{ roleDefinitionId: helpdesk }] } },
    });
    assert.equal(assigned.status, 201, assigned.text);
    assert.equal(assigned.json.status, 'pending');

    const second = spawnWorker(stack.workerEnv);
    try {
      await second.ready;
      await eventually(async () => (await stack.collections.accessAssignments.findOne({ _id: assigned.json.id }))?.status === 'active', 30_000, 'the assignment granted');
      const relationship = await stack.collections.adminRelationships.findOne({ _id: id });
      assert.equal(relationship?.status, 'active');
      assert.deepEqual(relationship?.activatedAt, activatedAt, 'activated once');
      assert.equal(await stack.collections.outbox.countDocuments({ _id: { $regex: `^admin-approval:${id}:` } }), 1, 'one approval email');
      assert.equal(await stack.collections.accessAssignments.countDocuments({ relationshipId: id }), 1);
    } finally {
      await killed(second.child, 'SIGTERM');
    }
  });
});
