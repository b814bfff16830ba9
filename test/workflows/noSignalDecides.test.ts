import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { relationshipRequest } from '../../workflows/relationshipRequest.js';
import * as messages from '../../workflows/relationshipRequestContract.js';
import { relationshipRequestWorkflowId, type RelationshipRequestInput } from '../../workflows/relationshipRequestContract.js';
import { sampleParties } from '../support/fixtures.js';
import { eventually } from '../support/http.js';
import { seededStack } from '../support/stack.js';

describe('no signal decides for a customer', () => {
  const ctx = seededStack();

  test('an accept or decline signalled straight to Temporal, with any identity in it, changes nothing and is recorded as ignored', async () => {
    const input: RelationshipRequestInput = {
      request: {
        requestId: randomUUID(),
        partnerTenantId: ctx.world.tenants.trPartner,
        customerTenantId: ctx.world.tenants.aeCustomer,
        customerEmail: 'admin@dubai.example',
        includeDelegatedAdminPrivileges: false,
        requestedBy: { userId: 'u1', email: 'admin@anatolia.example' },
        parties: sampleParties(),
      },
      invitationTtlMs: 3_600_000,
      reminderOffsetsMs: [],
    };
    const { request } = input;
    const handle = await ctx.stack.client.workflow.start<typeof relationshipRequest>('relationshipRequest', {
      workflowId: relationshipRequestWorkflowId(request.partnerTenantId, request.customerTenantId),
      taskQueue: ctx.stack.taskQueue,
      args: [input],
    });
    assert.equal((await handle.executeUpdate(messages.requestOpened)).status, 'pending');

    // What the removed signals took: whatever identity the sender wrote.
    const forged = {
      acceptance: {
        by: { verifiedBy: 'signIn', objectId: 'forged', tenantId: request.customerTenantId, name: 'Not The Admin', username: 'x@dubai.example' },
        acceptedAt: new Date().toISOString(),
        attestation: { agreementType: 'MicrosoftCustomerAgreement', agreementVersion: 'test', text: 'I accept', language: 'en', wordingVersion: 'test' },
        client: {},
      },
    };
    await handle.signal('accept', forged);
    await handle.signal('decline', { reason: 'forged' });
    assert.equal((await handle.query(messages.status)).status, 'pending', 'still pending after both signals');
    assert.equal(await ctx.stack.collections.relationships.countDocuments({ customerTenantId: request.customerTenantId }), 0);
    assert.equal(await ctx.stack.collections.agreementAcceptances.countDocuments({ requestId: request.requestId }), 0);

    // The partner's cancellation still closes it, and the request keeps a trace of what was refused.
    await handle.signal(messages.cancel, { by: { userId: 'operator', email: 'oncall@partner.example' }, reason: 'stuck request', at: new Date().toISOString() });
    assert.equal((await handle.result()).status, 'cancelled');
    const recorded = await eventually(async () => {
      const found = await ctx.stack.collections.requests.findOne({ _id: request.requestId });
      return found?.events['ignored:1'] && found;
    }, 10_000, 'the ignored signals recorded');
    assert.equal(recorded.status, 'cancelled');
    assert.deepEqual(recorded.events['cancelled']?.actor, { kind: 'partnerUser', userId: 'operator', email: 'oncall@partner.example' });
    assert.deepEqual(
      [recorded.events['ignored:0']?.detail, recorded.events['ignored:1']?.detail],
      [
        { signal: 'accept', reason: 'no such signal: a customer decides only through the API' },
        { signal: 'decline', reason: 'no such signal: a customer decides only through the API' },
      ],
    );
  });
});
