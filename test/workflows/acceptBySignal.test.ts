import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { relationshipRequest } from '../../workflows/relationshipRequest.js';
import * as messages from '../../workflows/relationshipRequestContract.js';
import { relationshipRequestWorkflowId, type RelationshipRequestInput } from '../../workflows/relationshipRequestContract.js';
import { sampleParties } from '../support/fixtures.js';
import { seededStack } from '../support/stack.js';

describe('relationshipRequest on the real dev server with a real worker', () => {
  const ctx = seededStack();

  test('validates, waits for the accept signal, and records the relationship in MongoDB', async () => {
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
    const opened = await handle.executeUpdate(messages.requestOpened);
    assert.equal(opened.status, 'pending');

    await handle.signal(messages.accept, {
      acceptance: {
        by: { verifiedBy: 'typedNames', firstName: 'Omar', lastName: 'Haddad', email: 'omar@dubai.example' },
        acceptedAt: new Date().toISOString(),
        attestation: { agreementType: 'MicrosoftCustomerAgreement', agreementVersion: 'test', text: 'I accept', language: 'en', wordingVersion: 'test' },
        client: {},
      },
    });
    const result = await handle.result();
    assert.equal(result.status, 'accepted');

    const relationship = await ctx.stack.collections.relationships.findOne({
      partnerTenantId: request.partnerTenantId,
      customerTenantId: request.customerTenantId,
    });
    assert.equal(relationship?.type, 'reseller');
    assert.equal(relationship?.delegatedAdminPrivileges, false);
    const recorded = await ctx.stack.collections.requests.findOne({ _id: request.requestId });
    assert.equal(recorded?.status, 'accepted');
    assert.equal(recorded?.runId, (await handle.describe()).runId);
  });
});
