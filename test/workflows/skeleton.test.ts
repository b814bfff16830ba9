import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { relationshipRequestWorkflowId, type RelationshipRequestInput } from '../../domain/relationshipRequest.js';
import * as messages from '../../workflows/definitions.js';
import type { relationshipRequest } from '../../workflows/relationshipRequest.js';
import { demoWorld } from '../support/fixtures.js';
import { startStack, type Stack } from '../support/stack.js';

describe('relationshipRequest on the real dev server with a real worker', () => {
  let stack: Stack;
  const world = demoWorld();
  before(async () => {
    stack = await startStack();
    await stack.seed(world.seed);
  });
  after(() => stack?.stop());

  test('validates, waits for the accept signal, and records the relationship in MongoDB', async () => {
    const input: RelationshipRequestInput = {
      requestId: randomUUID(),
      partnerTenantId: world.tenants.trPartner,
      customerTenantId: world.tenants.aeCustomer,
      customerEmail: 'admin@dubai.example',
      includeDelegatedAdminPrivileges: false,
      requestedBy: { userId: 'u1', email: 'admin@anatolia.example' },
      invitationTtlMs: 3_600_000,
      reminderOffsetsMs: [],
    };
    const handle = await stack.client.workflow.start<typeof relationshipRequest>('relationshipRequest', {
      workflowId: relationshipRequestWorkflowId(input.partnerTenantId, input.customerTenantId),
      taskQueue: stack.taskQueue,
      args: [input],
    });
    const opened = await handle.executeUpdate(messages.openRequest);
    assert.equal(opened.status, 'pending');

    await handle.signal(messages.accept, {
      acceptance: {
        firstName: 'Omar',
        lastName: 'Haddad',
        email: 'omar@dubai.example',
        acceptedAt: new Date().toISOString(),
        attestation: { agreementType: 'MicrosoftCustomerAgreement', agreementVersion: 'test', text: 'I accept', language: 'en' },
        client: {},
      },
    });
    const result = await handle.result();
    assert.equal(result.status, 'accepted');

    const relationship = await stack.collections.relationships.findOne({
      partnerTenantId: input.partnerTenantId,
      customerTenantId: input.customerTenantId,
    });
    assert.equal(relationship?.type, 'reseller');
    assert.equal(relationship?.delegatedAdminPrivileges, false);
    const request = await stack.collections.requests.findOne({ _id: input.requestId });
    assert.equal(request?.status, 'accepted');
    assert.equal(request?.runId, (await handle.describe()).runId);
  });
});
