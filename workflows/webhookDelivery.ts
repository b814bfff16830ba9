import { ActivityFailure, proxyActivities, setCurrentDetails, sleep } from '@temporalio/workflow';
import type { WebhookDeliveryActivities } from './activityPorts.js';
import { webhookDeliverySummaries as summaries } from './activitySummaries.js';
import { webhookDeliveryDetails as details } from './currentDetails.js';
import { heartbeatingStep, retryUntilDone, scheduledStep } from './steps.js';
import type { WebhookDeliveryInput, WebhookDeliveryResult, WebhookRetrySchedule } from './webhookDeliveryContract.js';
import { timestampOf, workflowTime } from './workflowTime.js';

/**
 * One attempt: a POST bounded by its own timeout, then the attempt recorded. A failing receiver is an outcome, not an
 * error; the step fails only when it cannot run (the database down, a worker lost), and then is tried a few times
 * before it counts as a failed attempt of the delivery, retried on the delivery's own schedule.
 */
const heartbeating = proxyActivities<WebhookDeliveryActivities>({
  ...heartbeatingStep('30s', '5s'),
  retry: { ...retryUntilDone, maximumAttempts: 3 },
});
const scheduled = proxyActivities<WebhookDeliveryActivities>(scheduledStep);

/**
 * Delivers one event to one endpoint until the receiver answers 2xx, retrying on durable timers (a worker restart
 * loses nothing); after `windowMs` of failures the endpoint is disabled and the partner's Admin agents are told.
 * It stops early when the endpoint is deleted or disabled meanwhile.
 */
export async function webhookDelivery({ endpointId, eventId, schedule }: WebhookDeliveryInput): Promise<WebhookDeliveryResult> {
  const startedAt = workflowTime();
  let attempt = 1;

  for (; ; attempt += 1) {
    setCurrentDetails(details.delivering(eventId, attempt));
    let outcome: 'delivered' | 'failed' | 'stopped';
    let failure: string | undefined;
    try {
      ({ outcome, failure } = await heartbeating.deliverWebhook.executeWithOptions({ summary: summaries.deliverWebhook(attempt) }, [
        { endpointId, eventId, attempt },
      ]));
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      outcome = 'failed';
      failure = error.cause?.message ?? error.message;
    }
    if (outcome !== 'failed') return { outcome, attempts: attempt };

    const remaining = startedAt + schedule.windowMs - workflowTime();
    if (remaining <= 0) break;
    const delay = Math.min(retryDelay(schedule, attempt), remaining);
    setCurrentDetails(details.waiting(eventId, attempt, failure, workflowTime() + delay));
    await sleep(delay);
  }

  const failingSince = timestampOf(startedAt);
  setCurrentDetails(details.disabling(failingSince));
  await scheduled.disableWebhookEndpoint.executeWithOptions({ summary: summaries.disableWebhookEndpoint }, [{ endpointId, eventId, failingSince }]);
  setCurrentDetails(details.disabled);
  return { outcome: 'endpoint_disabled', attempts: attempt };
}

/** The wait after `failedAttempts` failures: doubling from `initialMs`, at most `maxIntervalMs`. */
function retryDelay(schedule: WebhookRetrySchedule, failedAttempts: number): number {
  return Math.min(schedule.initialMs * 2 ** Math.min(failedAttempts - 1, 40), schedule.maxIntervalMs);
}
