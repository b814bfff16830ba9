import type { StartOptions, WorkflowSettings } from './startOptions.js';

/** One delivery per endpoint and event: publishing the same event again starts nothing new. */
export const webhookDeliveryWorkflowId = (endpointId: string, eventId: string) => `webhook-delivery:${endpointId}:${eventId}`;

/** How a failing receiver is retried: exponential from `initialMs`, at most `maxIntervalMs` apart, for `windowMs`. */
export type WebhookRetrySchedule = { initialMs: number; maxIntervalMs: number; windowMs: number };

/** IDs only: the event's body and the endpoint's secret are read by the delivery step, never carried in history. */
export type WebhookDeliveryInput = { endpointId: string; eventId: string; schedule: WebhookRetrySchedule };

export type WebhookDeliveryResult = { outcome: 'delivered' | 'stopped' | 'endpoint_disabled'; attempts: number };

/** A delivery that already ran (or runs) is never started again (reuse policy reject duplicate). */
export function webhookDeliveryStart(
  settings: WorkflowSettings,
  input: WebhookDeliveryInput,
  eventType: string,
): StartOptions<WebhookDeliveryInput, WebhookDeliveryResult> {
  return {
    workflowType: 'webhookDelivery',
    workflowId: webhookDeliveryWorkflowId(input.endpointId, input.eventId),
    taskQueue: settings.taskQueue,
    args: [input],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    staticSummary: `Deliver ${eventType} to webhook endpoint ${input.endpointId}`,
  };
}
