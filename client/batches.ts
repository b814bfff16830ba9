import { BatchStatus } from '../domain/batches.js';
import {
  batchFinishedFailureType,
  batchProgress,
  cancelBatch,
  relationshipRequestBatchStart,
  type BatchCancellation,
  type BatchOutcome,
  type BatchProgress,
  type RelationshipRequestBatchInput,
} from '../workflows/relationshipRequestBatchContract.js';
import type { TemporalClient } from './connection.js';
import { isAlreadyStarted, updateFailureDetail } from './failures.js';
import { sdkStart, type WorkflowOf } from './start.js';

/** Starts a batch's workflow; a batch already started (running or finished) is left as it is. */
export async function startBatch(
  temporal: TemporalClient,
  input: RelationshipRequestBatchInput,
  about: { partnerName: string; source: 'csv' | 'json' },
): Promise<void> {
  const { workflowType, options } = sdkStart(relationshipRequestBatchStart(input, about));
  try {
    await temporal.workflow.start<WorkflowOf<RelationshipRequestBatchInput, BatchOutcome>>(workflowType, options);
  } catch (error) {
    if (!isAlreadyStarted(error)) throw error;
  }
}

/**
 * Cancels a running batch through its `cancelBatch` update: the outcome once the items in flight are recorded, or the
 * status of a batch that was already finishing. Any other failure (the run closed before taking the update) is thrown.
 */
export async function stopBatch(
  temporal: TemporalClient,
  workflowId: string,
  cancellation: BatchCancellation,
): Promise<{ outcome: 'cancelled'; batch: BatchOutcome } | { outcome: 'finishing'; status: BatchStatus }> {
  try {
    return { outcome: 'cancelled', batch: await temporal.workflow.getHandle(workflowId).executeUpdate(cancelBatch, { args: [cancellation] }) };
  } catch (error) {
    const refused = updateFailureDetail(error, batchFinishedFailureType);
    if (!refused) throw error;
    const parsed = BatchStatus.safeParse(refused.detail);
    return { outcome: 'finishing', status: parsed.success ? parsed.data : 'completed' };
  }
}

/** A running batch's progress, from its workflow's `progress` query. */
export const readBatchProgress = (temporal: TemporalClient, workflowId: string): Promise<BatchProgress> =>
  temporal.workflow.getHandle(workflowId).query(batchProgress);
