import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { call, invitationPath } from '../support/http.js';
import { killed, spawnWorker } from '../support/processes.js';
import { seededStack } from '../support/stack.js';

describe('a worker killed with SIGKILL between invitation and acceptance', () => {
  const ctx = seededStack({ inProcessWorker: false });

  test('after a restart the request finishes with one invitation, one relationship and one MCA record', async () => {
    const first = spawnWorker(ctx.stack.workerEnv);
    await first.ready;
    const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: { customerTenantId: ctx.world.tenants.aeCustomer, customerEmail: 'it@dubai.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, created.text);
    await killed(first.child, 'SIGKILL');

    const second = spawnWorker(ctx.stack.workerEnv);
    try {
      await second.ready;
      const accepted = await call(ctx.stack, 'POST', `${invitationPath(created.json.invitationUrl)}/accept`, {
        body: { firstName: 'Omar', lastName: 'Haddad', email: 'omar@dubai.example', acceptAgreement: true },
      });
      assert.equal(accepted.status, 200, accepted.text);
      assert.equal(accepted.json.status, 'accepted');

      const id = created.json.id as string;
      assert.equal(await ctx.stack.collections.outbox.countDocuments({ _id: `invitation:${id}` }), 1);
      assert.equal(await ctx.stack.collections.relationships.countDocuments({ customerTenantId: ctx.world.tenants.aeCustomer }), 1);
      assert.equal(await ctx.stack.collections.agreementAcceptances.countDocuments({ requestId: id }), 1);
      const request = await ctx.stack.collections.requests.findOne({ _id: id });
      assert.equal(Object.values(request?.events ?? {}).filter((event) => event.type === 'invitation_sent').length, 1);
    } finally {
      await killed(second.child, 'SIGTERM');
    }
  });
});
