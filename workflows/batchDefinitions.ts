import { defineUpdate } from '@temporalio/workflow';
import type { BatchCounts, BatchStatus } from '../domain/batches.js';
import type { PartnerUserRef } from '../domain/relationshipRequest.js';

export const batchWorkflowId = (batchId: string) => `relationship-request-batch:${batchId}`;

export type BatchCancellation = { by?: PartnerUserRef; reason?: string; at: string };
export type BatchOutcome = { status: BatchStatus; counts: BatchCounts };

/** Stops a running batch: returns once the items in flight are done and the rest are recorded as cancelled. */
export const cancelBatch = defineUpdate<BatchOutcome, [BatchCancellation]>('cancelBatch');

/** Failure type `cancelBatch` raises when the batch is already finishing; details[0] is its status. */
export const batchFinishedFailureType = 'BatchFinished';
