import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyCounts } from '../../domain/batches.js';
import { addCustomerStart, addCustomerWorkflowId } from '../../workflows/addCustomerContract.js';
import * as changes from '../../workflows/relationshipChangesContract.js';
import * as batch from '../../workflows/relationshipRequestBatchContract.js';
import * as request from '../../workflows/relationshipRequestContract.js';
import { webhookDeliveryStart } from '../../workflows/webhookDeliveryContract.js';
import { sampleParties } from '../support/fixtures.js';

// Recorded histories (test/histories/v1) and running workflows know these names: they never change.
describe('the contracts keep the names on the wire', () => {
  test('messages', () => {
    assert.deepEqual(
      [request.requestOpened, request.decide, request.cancel, request.resendInvitation, request.status].map((m) => m.name),
      ['openRequest', 'decide', 'cancel', 'resendInvitation', 'status'],
    );
    assert.equal(changes.changeRecorded.name, 'changeRecorded');
    assert.equal(batch.cancelBatch.name, 'cancelBatch');
    assert.deepEqual([request.requestClosedFailureType, batch.batchFinishedFailureType], ['RequestClosed', 'BatchFinished']);
  });

  const settings = { taskQueue: 'queue', invitationTtlMs: 1_000, reminderOffsetsMs: [] };
  const ref = { partnerTenantId: 'p', customerTenantId: 'c', relationshipId: 'rel_1' };
  const requestFacts = {
    requestId: '0190b5e4-0000-7000-8000-000000000000',
    partnerTenantId: 'p',
    customerTenantId: 'c',
    customerEmail: 'it@kyiv.example',
    includeDelegatedAdminPrivileges: false,
    requestedBy: { userId: 'u', email: 'u@anatolia.example' },
    parties: sampleParties(),
  };

  test('workflow types, IDs and policies', () => {
    const starts = [
      request.relationshipRequestStart(settings, requestFacts),
      addCustomerStart(settings, { domain: 'new.onmicrosoft.com', companyName: 'New' } as Parameters<typeof addCustomerStart>[1], 'Anatolia Cloud'),
      changes.relationshipEndingStart(settings, { ...ref, endedAt: '', endedBy: { userId: 'u', email: 'u@x.example' }, reason: 'r', parties: { partner: { name: 'P' }, customer: { companyName: 'C', emails: [] } } }),
      changes.delegatedAdminRemovalStart(settings, { ...ref, at: '', by: { verifiedBy: 'signIn', objectId: 'o', tenantId: 'c' } }, 'C'),
      webhookDeliveryStart(settings, { endpointId: 'e', eventId: 'v', schedule: { initialMs: 1, maxIntervalMs: 1, windowMs: 1 } }, 'request.accepted'),
      batch.relationshipRequestBatchStart(
        { batchId: 'b', partnerTenantId: 'p', requestedBy: { userId: 'u', email: 'u@x.example' }, itemCount: 1, concurrency: 1, itemsPerRun: 1, settings, counts: emptyCounts(1) },
        { partnerName: 'P', source: 'json' },
      ),
    ];
    assert.deepEqual(
      starts.map(({ workflowType, workflowId, taskQueue, workflowIdConflictPolicy, workflowIdReusePolicy }) => ({
        workflowType,
        workflowId,
        taskQueue,
        workflowIdConflictPolicy,
        workflowIdReusePolicy,
      })),
      [
        { workflowType: 'relationshipRequest', workflowId: 'relationship-request:p:c', taskQueue: 'queue', workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: undefined },
        { workflowType: 'addCustomer', workflowId: addCustomerWorkflowId('new.onmicrosoft.com'), taskQueue: 'queue', workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: undefined },
        { workflowType: 'relationshipEnding', workflowId: 'relationship-ending:p:c:rel_1', taskQueue: 'queue', workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY' },
        { workflowType: 'delegatedAdminRemoval', workflowId: 'delegated-admin-removal:p:c:rel_1', taskQueue: 'queue', workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY' },
        { workflowType: 'webhookDelivery', workflowId: 'webhook-delivery:e:v', taskQueue: 'queue', workflowIdConflictPolicy: undefined, workflowIdReusePolicy: 'REJECT_DUPLICATE' },
        { workflowType: 'relationshipRequestBatch', workflowId: 'relationship-request-batch:b', taskQueue: 'queue', workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'REJECT_DUPLICATE' },
      ],
    );
    assert.equal(addCustomerWorkflowId('new.onmicrosoft.com'), 'add-customer:new.onmicrosoft.com');
  });

  test('a request starts with its summary and the status operators search by', () => {
    const start = request.relationshipRequestStart(settings, requestFacts);
    assert.equal(start.staticSummary, 'Anatolia Cloud asks Kyiv Bakery for a reseller relationship');
    assert.deepEqual(start.args, [{ request: requestFacts, invitationTtlMs: 1_000, reminderOffsetsMs: [] }]);
    assert.deepEqual(
      start.typedSearchAttributes?.map(({ key, value }) => [key.name, value]),
      [['PartnerTenantId', 'p'], ['CustomerTenantId', 'c'], ['RequestStatus', 'validating'], ['Cloud', 'public']],
    );
  });
});
