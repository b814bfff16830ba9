import { isCancellation, proxyActivities, proxyLocalActivities, TemporalFailure, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

/**
 * How long a step may run inside the workflow task that answers, all its tries together. A task may run two steps (a
 * write, then the emails), and must end well within its 10-second timeout: a task that outlives it is thrown away with
 * everything it did, including the decision it admitted (docs/faults.md, "A database outage during the accepts").
 */
export const inTaskBudget = '3s';

/** Short database writes, retried quickly while the budget lasts. */
export const inTask = proxyLocalActivities<Activities>({
  scheduleToCloseTimeout: inTaskBudget,
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '1s' },
});
/**
 * Emails: one try in the task. Measured with `npm run bench` (2026-11-28), sending the emails after a decision as a
 * scheduled activity instead took the product's accept throughput from 0.94 to 0.61 of the bare workflow's.
 */
export const inTaskOnce = proxyLocalActivities<Activities>({ scheduleToCloseTimeout: inTaskBudget, retry: { maximumAttempts: 1 } });
/**
 * Scheduled through the server and retried until they succeed. At most 10 s apart, so that a step waits on a database
 * that came back for seconds, not for a backoff grown to minutes.
 */
export const scheduled = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s' },
});

type Step<Args extends unknown[], Result, Options> = { executeWithOptions(options: Options, args: Args): Promise<Result> };

/**
 * Runs a step inside the answering task (`inTask` for writes, `inTaskOnce` for emails) and, if it has not succeeded
 * within the budget, goes on as the same step scheduled. The task then completes, so what it admitted (an update's
 * decision) is in the history, and the step waits on the server's retries instead of holding the task.
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
    return await retried.executeWithOptions({ summary: `${summary} (retried)` }, args);
  }
}
