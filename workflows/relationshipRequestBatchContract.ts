import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { BatchCounts, BatchStatus } from '../domain/batches.js';
import type { PartnerUserRef } from '../domain/relationshipRequest.js';
import type { OpeningSettings } from './relationshipRequestContract.js';
import * as searchAttributes from './searchAttributes.js';
import type { StartOptions } from './startOptions.js';

export const batchWorkflowId = (batchId: string) => `relationship-request-batch:${batchId}`;

export type RelationshipRequestBatchInput = {
  batchId: string;
  partnerTenantId: string;
  requestedBy: PartnerUserRef;
  itemCount: number;
  /** Items opened at once. */
  concurrency: number;
  /** Items per run: the workflow continues as new after this many, so its history stays small. */
  itemsPerRun: number;
  /** How each item's request is opened. */
  settings: OpeningSettings;
  /** The outcomes so far (all pending at first), carried from one run to the next with the first item not yet started. */
  counts: BatchCounts;
  nextIndex?: number;
  run?: number;
};

export type BatchCancellation = { by?: PartnerUserRef; reason?: string; at: string };
export type BatchOutcome = { status: BatchStatus; counts: BatchCounts };
export type BatchProgress = BatchOutcome & { nextIndex: number; inFlight: number; run: number };

/** Stops a running batch: returns once the items in flight are done and the rest are recorded as cancelled. */
export const cancelBatch = defineUpdate<BatchOutcome, [BatchCancellation]>('cancelBatch');

export const batchProgress = defineQuery<BatchProgress>('progress');

/** Failure type `cancelBatch` raises when the batch is already finishing; details[0] is its status. */
export const batchFinishedFailureType = 'BatchFinished';

/**
 * A retried submission finds the batch running (use existing) or finished (reject duplicate: never run it again). The
 * batch runs on the task queue its items' requests are opened on.
 */
export function relationshipRequestBatchStart(
  input: RelationshipRequestBatchInput,
  about: { partnerName: string; source: 'csv' | 'json' },
): StartOptions<RelationshipRequestBatchInput, BatchOutcome> {
  return {
    workflowType: 'relationshipRequestBatch',
    workflowId: batchWorkflowId(input.batchId),
    taskQueue: input.settings.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [{ key: searchAttributes.PartnerTenantId, value: input.partnerTenantId }],
    memo: { partnerName: about.partnerName, batchId: input.batchId },
    staticSummary: `${about.partnerName} asks ${input.itemCount} customers for reseller relationships`,
    staticDetails: [
      `Batch ${input.batchId}: ${input.itemCount} customers, from ${about.source === 'csv' ? 'a CSV file' : 'JSON'}`,
      `Requested by: ${input.requestedBy.email}`,
      `Opens ${input.concurrency} requests at a time; continues as new every ${input.itemsPerRun} items`,
    ].join('\n'),
  };
}
