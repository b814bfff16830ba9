import type { WorkflowSettings } from '../workflows/startOptions.js';
import { webhookDeliveryStart, type WebhookDeliveryInput, type WebhookDeliveryResult } from '../workflows/webhookDeliveryContract.js';
import type { TemporalClient } from './connection.js';
import { isAlreadyStarted } from './failures.js';
import { sdkStart, type WorkflowOf } from './start.js';

/** Starts the delivery of one event to one endpoint; a delivery that ran (or runs) for the pair is left as it is. */
export async function startWebhookDelivery(
  temporal: TemporalClient,
  settings: WorkflowSettings,
  input: WebhookDeliveryInput,
  eventType: string,
): Promise<void> {
  const { workflowType, options } = sdkStart(webhookDeliveryStart(settings, input, eventType));
  try {
    await temporal.workflow.start<WorkflowOf<WebhookDeliveryInput, WebhookDeliveryResult>>(workflowType, options);
  } catch (error) {
    if (!isAlreadyStarted(error)) throw error;
  }
}
