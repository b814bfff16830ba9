import { isCancellation, proxyActivities, proxyLocalActivities, TemporalFailure } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

const retry = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' };
const activities = proxyActivities<Activities>({ startToCloseTimeout: '30s', retry });
/**
 * The steps an API call waits on (validation, the invitation, recording a decision) are short MongoDB writes and one
 * email: as local activities they run inside the workflow task, with no round trip through the server per step.
 */
const localActivities = proxyLocalActivities<Activities>({ startToCloseTimeout: '30s', retry });
/** One try inside the workflow task, for steps that a regular activity retries when that try fails. */
const localOnce = proxyLocalActivities<Activities>({ startToCloseTimeout: '10s', retry: { maximumAttempts: 1 } });

type StepRunner = { executeWithOptions(options: { summary: string }, args: unknown[]): Promise<never> };
type Step = <K extends keyof Activities>(
  name: K,
  summary: string,
  ...args: Parameters<Activities[K]>
) => Promise<Awaited<ReturnType<Activities[K]>>>;

/** Runs a step with a one-line summary, so the Temporal UI's event history reads as plain steps. */
const runner =
  (proxy: Activities): Step =>
  (name, summary, ...args) =>
    (proxy[name] as unknown as StepRunner).executeWithOptions({ summary }, args);

/** A regular activity: scheduled through the server, retried until it succeeds. */
export const step = runner(activities);

/** A local activity: runs within the current workflow task, retried there. */
export const localStep = runner(localActivities);

const localStepOnce = runner(localOnce);

/**
 * Tries a step once within the current workflow task, so whoever waits on this task is answered without a round
 * trip; if that try fails, the step runs as a regular activity with the usual retries, and the answer does not wait
 * on a failing email service.
 */
export const localStepThenRetried: Step = (name, summary, ...args) =>
  localStepOnce(name, summary, ...args).catch((error: unknown) => {
    // A failed local activity surfaces as the failure it raised (an ApplicationFailure), not as an ActivityFailure.
    if (!(error instanceof TemporalFailure) || isCancellation(error)) throw error;
    return step(name, `${summary} (retried)`, ...args);
  });
