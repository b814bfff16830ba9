import { z } from 'zod';

/**
 * The events a partner's webhook endpoints can subscribe to (Standard Webhooks). Each is published once per fact by
 * the step that records the fact; its `id` is derived from that fact, so a retried step publishes the same event.
 */
export const WebhookEventType = z.enum([
  'relationship_request.created',
  'relationship_request.rejected',
  'relationship_request.accepted',
  'relationship_request.declined',
  'relationship_request.cancelled',
  'relationship_request.expired',
  'relationship.created',
  'relationship.ended',
  'admin_relationship.approval_pending',
  'admin_relationship.active',
  'admin_relationship.expiring',
  'admin_relationship.extended',
  'admin_relationship.expired',
  'admin_relationship.terminated',
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** What a step hands over to be delivered: the body's `data` is the request or relationship as the API shows it. */
export const WebhookEventInput = z.object({
  /** Stable for the fact: the same on every retry of the step, and the `webhook-id` receivers deduplicate on. */
  id: z.string().min(1).max(200),
  type: WebhookEventType,
  partnerTenantId: z.string().min(1),
  occurredAt: z.date(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEventInput = z.infer<typeof WebhookEventInput>;

/** Publishes an event to the partner's subscribed endpoints; idempotent by `id`. */
export type PublishWebhookEvent = (event: WebhookEventInput) => Promise<void>;

/** The stable event ID for one fact about one subject: `evt_<type>_<subject>`. */
export const webhookEventId = (type: WebhookEventType, subjectId: string) => `evt_${type.replace('.', '_')}_${subjectId}`;
