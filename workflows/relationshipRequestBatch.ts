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
import type { Activities } from '../activities/index.js';
import { countOutcome, doneCount, rejectedTotal, type BatchCounts } from '../domain/batchCounts.js';
import type { BatchStatus } from '../domain/batches.js';
import {
  batchFinishedFailureType,
  batchProgress,
  cancelBatch,
  type BatchCancellation,
  type BatchOutcome,
  type RelationshipRequestBatchInput,
} from './relationshipRequestBatchContract.js';

const retry = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' };
/**
 * An opening waits on the request's first workflow task, or on a previous request of the pair finishing its emails;
 * it heartbeats meanwhile, so that one lost with its worker is retried within the heartbeat timeout.
 */
const items = proxyActivities<Activities>({ startToCloseTimeout: '2m', heartbeatTimeout: '15s', retry });
const steps = proxyActivities<Activities>({ startToCloseTimeout: '1m', retry });

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

  setHandler(batchProgress, () => ({ ...outcome(), nextIndex, inFlight, run }));
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

  const openItem = async (index: number) => {
    inFlight += 1;
    try {
      // Not cancellable: an opening in flight completes and is recorded even when the batch is cancelled.
      const result = await CancellationScope.nonCancellable(() =>
        items.openBatchItem.executeWithOptions({ summary: `Open the request of item ${index + 1} of ${input.itemCount}` }, [
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
  };

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
    cancellation ??= { at: new Date().toISOString(), reason: 'workflow cancelled' };
    await CancellationScope.nonCancellable(() => condition(() => inFlight === 0));
  }
  if (failure !== undefined) throw failure;

  if (!cancellation && nextIndex < input.itemCount) {
    await condition(allHandlersFinished);
    return continueAsNew<typeof relationshipRequestBatch>({ ...input, nextIndex, counts, run: run + 1 });
  }

  closing = cancellation ? 'cancelled' : 'completed';
  await CancellationScope.nonCancellable(async () => {
    await steps.finishBatch.executeWithOptions({ summary: closing === 'cancelled' ? 'Record the cancellation' : 'Record the batch as completed' }, [
      { batchId: input.batchId, status: closing!, ...(cancellation && { cancellation }) },
    ]);
    if (closing === 'cancelled') counts = { ...counts, cancelled: counts.cancelled + counts.pending, pending: 0 };
    closed = true;
    show();
    await condition(allHandlersFinished);
  });
  return outcome();
}

/** What the Temporal UI shows as the batch's current details. */
function batchDetails(state: {
  counts: BatchCounts;
  inFlight: number;
  run: number;
  itemsPerRun: number;
  cancellation: BatchCancellation | undefined;
  status: BatchStatus;
}): string {
  const { counts } = state;
  const rejections = Object.entries(counts.rejected)
    .filter(([, n]) => n > 0)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  const headline =
    state.status === 'running'
      ? state.cancellation
        ? `Cancelling: waiting for ${state.inFlight} item(s) in flight.`
        : `Opening requests: ${doneCount(counts)} of ${counts.total} done, ${state.inFlight} in flight.`
      : `${state.status === 'completed' ? 'Completed' : 'Cancelled'}: ${doneCount(counts)} of ${counts.total} items recorded.`;
  return [
    headline,
    `Invited: ${counts.invited}. Already open: ${counts.alreadyOpen}. Rejected: ${rejectedTotal(counts)}${rejections ? ` (${rejections})` : ''}.`,
    `Unknown customer: ${counts.unknownCustomer}. Bad input: ${counts.badInput}. Cancelled: ${counts.cancelled}. Pending: ${counts.pending}.`,
    `Run ${state.run} (continues as new every ${state.itemsPerRun} items).`,
  ].join('\n');
}
