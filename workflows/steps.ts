import type { Duration } from '@temporalio/common';
import { isCancellation, TemporalFailure, type ActivityOptions, type LocalActivityOptions, type RetryPolicy } from '@temporalio/workflow';

/**
 * The one retry policy of a step scheduled through the server: retried until it succeeds (every step is idempotent:
 * keyed writes, emails with idempotency keys). At most 10 s apart, so that a step waits on a database that came back
 * for seconds, not for a backoff grown to minutes.
 */
export const retryUntilDone: RetryPolicy = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s' };

/** A step scheduled through the server: each try bounded, retried until done. */
export const scheduledStep: ActivityOptions = { startToCloseTimeout: '30s', retry: retryUntilDone };

/**
 * A step that waits on something slow and heartbeats meanwhile, so that one lost with its worker is tried again within
 * the heartbeat timeout rather than at the end of its try.
 */
export const heartbeatingStep = (startToCloseTimeout: Duration, heartbeatTimeout: Duration): ActivityOptions => ({
  startToCloseTimeout,
  heartbeatTimeout,
  retry: retryUntilDone,
});

/**
 * How long a step may run inside the workflow task that answers, all its tries together. A task may run two steps (a
 * write, then the emails), and must end well within its 10-second timeout: a task that outlives it is thrown away with
 * everything it did, including the decision it admitted (docs/faults.md, "A database outage during the accepts").
 */
export const inTaskBudget = '3s';

/** Short database writes in the answering task, retried quickly while the budget lasts. */
export const inTaskStep: LocalActivityOptions = {
  scheduleToCloseTimeout: inTaskBudget,
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '1s' },
};

/**
 * Emails in the answering task: one try, then `firstInTask` goes on with the scheduled step. Scheduling them instead
 * costs a round trip through the server and a second workflow task per decision (docs/benchmark.md, "The emails after
 * a decision").
 */
export const inTaskOnceStep: LocalActivityOptions = { scheduleToCloseTimeout: inTaskBudget, retry: { maximumAttempts: 1 } };

type Step<Args extends unknown[], Result, Options> = { executeWithOptions(options: Options, args: Args): Promise<Result> };

/**
 * Runs a step inside the answering task (an `inTask` proxy for writes, `inTaskOnce` for emails) and, if it has not
 * succeeded within the budget, goes on as the same step scheduled. The task then completes, so what it admitted (an
 * update's decision) is in the history, and the step waits on the server's retries instead of holding the task.
 */
export async function firstInTask<Args extends unknown[], Result>(
  local: Step<Args, Result, LocalActivityOptions>,
  retried: Step<Args, Result, ActivityOptions>,
  summary: string,
  args: Args,
): Promise<Result> {
  try {
    return await local.executeWithOptions({ summary }, args);
  } catch (error) {
    // A failed local activity surfaces as the failure it raised (an ApplicationFailure), not as an ActivityFailure.
    if (!(error instanceof TemporalFailure) || isCancellation(error)) throw error;
    return await retriedLater(retried, summary, args);
  }
}

/** A step, or the part of one, that the answering task did not get done: scheduled through the server, retried until done. */
export function retriedLater<Args extends unknown[], Result>(retried: Step<Args, Result, ActivityOptions>, summary: string, args: Args): Promise<Result> {
  return retried.executeWithOptions({ summary: `${summary} (retried)` }, args);
}
