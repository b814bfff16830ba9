import { Context } from '@temporalio/activity';
import { openRelationshipRequest, type TemporalClient } from '../client/index.js';
import type { BatchItemResult, BatchStatus } from '../domain/batches.js';
import { RequestAsk } from '../domain/requestAsk.js';
import { batchItemId, batchItemRange, type BatchItemDocument } from '../platform/batchDocuments.js';
import type { RelationshipRequestDocument } from '../platform/documents.js';
import type { Collections } from '../platform/mongo.js';
import type { BatchItemInput } from '../workflows/activityPorts.js';
import type { BatchCancellation } from '../workflows/relationshipRequestBatchContract.js';
import { whileBeating } from './heartbeats.js';

type Recorded = Pick<BatchItemDocument, 'outcome' | 'customerTenantId' | 'code' | 'detail' | 'existingRequestId'>;

export function createBatchActivities({
  collections,
  now,
  temporal = () => Context.current().client,
}: {
  collections: Collections;
  now: () => Date;
  /** The client that opens requests: by default the worker's own, bound to its namespace. */
  temporal?: () => TemporalClient;
}) {
  return {
    /**
     * Opens the request of one batch item through the same path as `POST /v1/relationship-requests`, then records
     * the outcome on the item. Safe to retry at any point: the item's request ID is fixed in advance, so a retry
     * finds the request an earlier attempt opened (recorded, or still running under that ID) instead of a new one.
     */
    async openBatchItem(input: BatchItemInput): Promise<BatchItemResult> {
      const _id = batchItemId(input.batchId, input.index);
      const item = await collections.batchItems.findOne({ _id });
      if (!item) return { outcome: 'badInput', detail: `No item ${input.index} in batch ${input.batchId}` };
      if (item.outcome !== 'pending') return resultOf(item);

      const earlier = await collections.requests.findOne({ _id: item.requestId });
      const recorded = earlier ? fromRequest(earlier) : await whileBeating(() => open(item, input));
      // By `_id` alone, which FerretDB serves from its index; the item is written only here, once it is opened.
      await collections.batchItems.updateOne({ _id }, { $set: { ...recorded, finishedAt: now() } });
      return resultOf({ ...item, ...recorded });
    },

    /** Closes the batch; a cancelled one first marks every item not opened as cancelled. */
    async finishBatch({ batchId, status, cancellation }: { batchId: string; status: Exclude<BatchStatus, 'running'>; cancellation?: BatchCancellation }) {
      const at = now();
      if (status === 'cancelled') {
        await collections.batchItems.updateMany(
          { _id: batchItemRange(batchId), outcome: 'pending' },
          { $set: { outcome: 'cancelled', finishedAt: at } },
        );
      }
      await collections.batches.updateOne(
        { _id: batchId, status: 'running' },
        {
          $set: {
            status,
            finishedAt: at,
            updatedAt: at,
            ...(cancellation && {
              cancellation: {
                ...(cancellation.by && { by: cancellation.by }),
                ...(cancellation.reason && { reason: cancellation.reason }),
                at: new Date(cancellation.at),
              },
            }),
          },
        },
      );
    },
  };

  async function open(item: BatchItemDocument, input: BatchItemInput): Promise<Recorded> {
    const ask = RequestAsk.safeParse(item.ask);
    if (!ask.success) return { outcome: 'badInput', detail: ask.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') };
    const opening = await openRelationshipRequest(
      { collections, temporal: temporal(), settings: input.settings },
      { ...input.requestedBy, partnerTenantId: input.partnerTenantId },
      ask.data,
      { requestId: item.requestId },
    );
    switch (opening.outcome) {
      case 'unknownCustomer':
        return { outcome: 'unknownCustomer', detail: `No customer tenant with this ${opening.field}` };
      case 'partnerNotSetUp':
        return { outcome: 'badInput', detail: 'The partner tenant is not set up' };
      case 'alreadyOpen':
        return { outcome: 'alreadyOpen', customerTenantId: opening.customerTenantId, existingRequestId: opening.existingRequestId };
      case 'rejected':
        return { outcome: 'rejected', customerTenantId: opening.customerTenantId, code: opening.code, detail: opening.detail };
      case 'invited':
        return { outcome: 'invited', customerTenantId: opening.customerTenantId };
    }
  }
}

function fromRequest(request: RelationshipRequestDocument): Recorded {
  return request.status === 'rejected' && request.rejection
    ? { outcome: 'rejected', customerTenantId: request.customerTenantId, ...request.rejection }
    : { outcome: 'invited', customerTenantId: request.customerTenantId };
}

function resultOf(item: Pick<BatchItemDocument, 'outcome' | 'requestId' | 'code' | 'detail' | 'existingRequestId'>): BatchItemResult {
  switch (item.outcome) {
    case 'invited':
      return { outcome: 'invited', requestId: item.requestId };
    case 'rejected':
      if (item.code) return { outcome: 'rejected', requestId: item.requestId, code: item.code };
      break;
    case 'alreadyOpen':
      if (item.existingRequestId) return { outcome: 'alreadyOpen', existingRequestId: item.existingRequestId };
      break;
    case 'unknownCustomer':
      return { outcome: 'unknownCustomer' };
    case 'badInput':
      return { outcome: 'badInput', detail: item.detail ?? '' };
  }
  return { outcome: 'badInput', detail: `The item is ${item.outcome}` };
}
