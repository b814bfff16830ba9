import { z } from '@hono/zod-openapi';
import { WebhookEventType } from '../domain/webhookEvents.js';
import type { WebhookDeliveryDocument, WebhookEndpointDocument } from '../platform/documents.js';

/** Body of `POST /v1/webhook-endpoints`. */
export const CreateWebhookEndpointBody = z
  .object({
    url: z.string().trim().min(1).max(2000).openapi({ example: 'https://crm.example.com/hooks/relationships' }),
    eventTypes: z
      .array(WebhookEventType)
      .min(1, 'name at least one event type')
      .max(WebhookEventType.options.length)
      .refine((types) => new Set(types).size === types.length, 'must not name a type twice'),
    description: z.string().trim().max(500).optional(),
  })
  .strict()
  .openapi('NewWebhookEndpoint');

export const WebhookEndpointView = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(WebhookEventType),
    description: z.string().nullable(),
    status: z.enum(['enabled', 'disabled']),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** When the current secret was made; a secret it replaced signs on until `previousSecretExpiresAt`. */
    secretCreatedAt: z.string().nullable(),
    previousSecretExpiresAt: z.string().nullable(),
    disabledAt: z.string().nullable(),
    disabledReason: z.string().nullable(),
  })
  .openapi('WebhookEndpoint');

export const WebhookEndpointWithSecret = WebhookEndpointView.extend({
  secret: z.string().openapi({ description: 'The signing secret (`whsec_…`): shown this once, never again', example: 'whsec_…' }),
}).openapi('WebhookEndpointWithSecret');

export const WebhookEndpointPage = z
  .object({ items: z.array(WebhookEndpointView), nextCursor: z.string().nullable() })
  .openapi('WebhookEndpointPage');

export const WebhookDeliveryView = z
  .object({
    id: z.string(),
    eventId: z.string().openapi({ description: 'The `webhook-id` the attempt carried' }),
    eventType: WebhookEventType,
    attempt: z.number().int(),
    at: z.string(),
    durationMs: z.number().int(),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    delivered: z.boolean(),
  })
  .openapi('WebhookDeliveryAttempt');

export const WebhookDeliveryPage = z
  .object({ items: z.array(WebhookDeliveryView), nextCursor: z.string().nullable() })
  .openapi('WebhookDeliveryAttemptPage');

const iso = (date: Date | undefined) => (date ? date.toISOString() : null);

export function webhookEndpointView(endpoint: WebhookEndpointDocument, at: Date): z.infer<typeof WebhookEndpointView> {
  const [current, ...previous] = endpoint.secrets;
  const stillSigning = previous.filter((secret) => secret.expiresAt && secret.expiresAt > at);
  const lastExpiry = stillSigning.map((secret) => secret.expiresAt!.getTime()).sort((a, b) => b - a)[0];
  return {
    id: endpoint._id,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    description: endpoint.description ?? null,
    status: endpoint.status === 'disabled' ? 'disabled' : 'enabled',
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
    secretCreatedAt: iso(current?.createdAt),
    previousSecretExpiresAt: lastExpiry === undefined ? null : new Date(lastExpiry).toISOString(),
    disabledAt: iso(endpoint.disabledAt),
    disabledReason: endpoint.disabledReason ?? null,
  };
}

export function webhookDeliveryView(attempt: WebhookDeliveryDocument): z.infer<typeof WebhookDeliveryView> {
  return {
    id: attempt._id,
    eventId: attempt.eventId,
    eventType: attempt.eventType,
    attempt: attempt.attempt,
    at: attempt.at.toISOString(),
    durationMs: attempt.durationMs,
    statusCode: attempt.statusCode ?? null,
    error: attempt.error ?? null,
    delivered: attempt.delivered,
  };
}
