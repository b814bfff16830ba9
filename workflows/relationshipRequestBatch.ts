import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setHandler,
} from '@temporalio/workflow';
import { countOutcome, type BatchCounts } from '../domain/batchCounts.js';
import type { BatchStatus } from '../domain/batches.js';
import type { RelationshipRequestBatchActivities } from './activityPorts.js';
import { batchSummaries as summaries } from './activitySummaries.js';
import { batchDetails } from './currentDetails.js';
import {
  batchFinishedFailureType,
  cancelBatch,
  type BatchCancellation,
  type BatchOutcome,
  type RelationshipRequestBatchInput,
} from './relationshipRequestBatchContract.js';
import { heartbeatingStep, scheduledStep } from './steps.js';
import { workflowTimestamp } from './workflowTime.js';

/** An opening waits on the request's first workflow task, or on a previous request of the pair finishing its emails. */
const heartbeating = proxyActivities<RelationshipRequestBatchActivities>(heartbeatingStep('2m', '15s'));
/** A minute a try: closing a cancelled batch marks every item not yet opened. */
const scheduled = proxyActivities<RelationshipRequestBatchActivities>({ ...scheduledStep, startToCloseTimeout: '1m' });

/**
 * A batch of relationship requests: opens each item's request through the same update-with-start as a single request,
 * `concurrency` at a time, and records each outcome on its item. The items' asks stay in MongoDB; the history holds
 * only their indexes and outcomes, and the workflow continues as new every `itemsPerRun` items with a cursor and the
 * counts. Cancelled by the `cancelBatch` update (or from the Temporal UI): items in flight finish, the rest are
 * recorded as cancelled.
 */
export async function relationshipRequestBatch(input: RelationshipRequestBatchInput): Promise<BatchOutcome> {
  const run = input.run ?? 1;
  let counts = input.counts;
  let nextIndex = input.nextIndex ?? 0;
  const runEnd = Math.min(input.itemCount, nextIndex + input.itemsPerRun);
  let inFlight = 0;
  let cancellation: BatchCancellation | undefined;
  let closing: Exclude<BatchStatus, 'running'> | undefined;
  let closed = false;
  let failure: unknown;

  const status = (): BatchStatus => (closed && closing ? closing : 'running');
  const outcome = (): BatchOutcome => ({ status: status(), counts });
  const show = () => setCurrentDetails(batchDetails({ counts, inFlight, run, itemsPerRun: input.itemsPerRun, cancellation, status: status() }));

  setHandler(
    cancelBatch,
    async (request) => {
      cancellation ??= request;
      show();
      await condition(() => closed);
      return outcome();
    },
    {
      validator: (_request: BatchCancellation) => {
        if (!closing) return;
        throw ApplicationFailure.create({
          type: batchFinishedFailureType,
          message: `The batch is ${closing}`,
          details: [closing],
          nonRetryable: true,
        });
      },
    },
  );

  show();
  try {
    while (nextIndex < runEnd && !cancellation && failure === undefined) {
      await condition(() => inFlight < input.concurrency || cancellation !== undefined || failure !== undefined);
      if (cancellation || failure !== undefined) break;
      void openItem(nextIndex);
      nextIndex += 1;
    }
    await condition(() => inFlight === 0);
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // Cancelled from the Temporal UI: the same as the update, by no partner user.
    cancellation ??= { at: workflowTimestamp(), reason: 'workflow cancelled' };
    await CancellationScope.nonCancellable(() => condition(() => inFlight === 0));
  }
  if (failure !== undefined) throw failure;

  if (!cancellation && nextIndex < input.itemCount) {
    await condition(allHandlersFinished);
    return continueAsNew<typeof relationshipRequestBatch>({ ...input, nextIndex, counts, run: run + 1 });
  }

  closing = cancellation ? 'cancelled' : 'completed';
  await CancellationScope.nonCancellable(async () => {
    await scheduled.finishBatch.executeWithOptions({ summary: summaries.finishBatch(closing!) }, [
      { batchId: input.batchId, status: closing!, ...(cancellation && { cancellation }) },
    ]);
    if (closing === 'cancelled') counts = { ...counts, cancelled: counts.cancelled + counts.pending, pending: 0 };
    closed = true;
    show();
    await condition(allHandlersFinished);
  });
  return outcome();

  /** Opens one item and counts its outcome; the first failure stops the batch once the items in flight are done. */
  async function openItem(index: number): Promise<void> {
    inFlight += 1;
    try {
      // Not cancellable: an opening in flight completes and is recorded even when the batch is cancelled.
      const result = await CancellationScope.nonCancellable(() =>
        heartbeating.openBatchItem.executeWithOptions({ summary: summaries.openBatchItem(index, input.itemCount) }, [
          { batchId: input.batchId, index, partnerTenantId: input.partnerTenantId, requestedBy: input.requestedBy, settings: input.settings },
        ]),
      );
      counts = countOutcome(counts, result.outcome, result.outcome === 'rejected' ? result.code : undefined);
    } catch (error) {
      failure ??= error;
    } finally {
      inFlight -= 1;
      show();
    }
  }
}
