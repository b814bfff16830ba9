import { ActivityFailure, proxyActivities, setCurrentDetails, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { WebhookDeliveryInput, WebhookDeliveryResult, WebhookRetrySchedule } from './webhookDeliveryContract.js';

/**
 * One attempt: a POST bounded by its own timeout, then the attempt recorded. A failing receiver is an outcome, not an
 * error; the step fails only when it cannot run (the database down, a worker lost), and then retries a few times.
 */
const { deliverWebhook } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  heartbeatTimeout: '5s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 3 },
});
const { disableWebhookEndpoint } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

export const retryDelay = (schedule: WebhookRetrySchedule, failedAttempts: number): number =>
  Math.min(schedule.initialMs * 2 ** Math.min(failedAttempts - 1, 40), schedule.maxIntervalMs);

/**
 * Delivers one event to one endpoint until the receiver answers 2xx, retrying on durable timers (a worker restart
 * loses nothing); after `windowMs` of failures the endpoint is disabled and the partner's Admin agents are told.
 * It stops early when the endpoint is deleted or disabled meanwhile.
 */
export async function webhookDelivery({ endpointId, eventId, schedule }: WebhookDeliveryInput): Promise<WebhookDeliveryResult> {
  const startedAt = Date.now();
  let attempt = 1;
  for (; ; attempt += 1) {
    setCurrentDetails(`Delivering ${eventId}: attempt ${attempt}`);
    let outcome: 'delivered' | 'failed' | 'stopped';
    let failure: string | undefined;
    try {
      ({ outcome, failure } = await deliverWebhook({ endpointId, eventId, attempt }));
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      outcome = 'failed';
      failure = error.cause?.message ?? error.message;
    }
    if (outcome !== 'failed') return { outcome, attempts: attempt };

    const remaining = startedAt + schedule.windowMs - Date.now();
    if (remaining <= 0) break;
    const delay = Math.min(retryDelay(schedule, attempt), remaining);
    setCurrentDetails(`Attempt ${attempt} of ${eventId} failed (${failure ?? 'unknown'}); next at ${new Date(Date.now() + delay).toISOString()}`);
    await sleep(delay);
  }
  setCurrentDetails(`Failing since ${new Date(startedAt).toISOString()}: disabling the endpoint`);
  await disableWebhookEndpoint({ endpointId, eventId, failingSince: new Date(startedAt).toISOString() });
  setCurrentDetails('Endpoint disabled');
  return { outcome: 'endpoint_disabled', attempts: attempt };
}
