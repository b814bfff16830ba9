import { ApplicationFailure } from '@temporalio/common';
import { Webhook } from 'standardwebhooks';
import { v7 as uuidv7 } from 'uuid';
import { renderWebhookEndpointDisabled } from '../content/webhookEmails.js';
import { pickLocale } from '../content/locales.js';
import { systemClock, type Clock } from '../platform/clock.js';
import type { WebhookDeliveryDocument, WebhookEndpointDocument } from '../platform/documents.js';
import type { Collections } from '../platform/mongo.js';
import type { SecretBox } from '../platform/webhookSecrets.js';
import type { AttemptOutcome } from '../workflows/activityPorts.js';
import { whileBeating } from './heartbeats.js';
import type { Mailer } from './mailer.js';
import { adminAgentEmails } from './partnerAdmins.js';
import { postWebhook, type PostOutcome } from './webhookHttp.js';

export type WebhookDeliveryDeps = {
  collections: Collections;
  mailer: Mailer;
  /** Opens the endpoints' signing secrets; without it no delivery can be signed, and each attempt fails. */
  secrets?: SecretBox;
  allowLoopback?: boolean;
  timeoutMs?: number;
  now?: Clock;
};

/** The signatures valid at `at`: the newest secret, and one replaced less than its overlap ago. */
export function signatures(endpoint: Pick<WebhookEndpointDocument, '_id' | 'secrets'>, secrets: SecretBox, message: { id: string; at: Date; payload: string }): string {
  return endpoint.secrets
    .filter((secret) => !secret.expiresAt || secret.expiresAt > message.at)
    .map((secret) => new Webhook(secrets.open(secret.sealed, endpoint._id)).sign(message.id, message.at, message.payload))
    .join(' ');
}

export function createWebhookDeliveryActivities({ collections, mailer, secrets, allowLoopback = false, timeoutMs = 15_000, now = systemClock }: WebhookDeliveryDeps) {
  return {
    /**
     * One attempt: reads the endpoint and the event, signs the event's body with every valid secret (Standard
     * Webhooks), POSTs it and records the attempt under its number, so a retried attempt overwrites its own record.
     */
    async deliverWebhook({ endpointId, eventId, attempt }: { endpointId: string; eventId: string; attempt: number }): Promise<AttemptOutcome> {
      const [endpoint, event] = await Promise.all([
        collections.webhookEndpoints.findOne({ _id: endpointId }),
        collections.webhookEvents.findOne({ _id: eventId }),
      ]);
      if (!endpoint || endpoint.status !== 'enabled' || !event) return { outcome: 'stopped' };
      if (!secrets) throw ApplicationFailure.nonRetryable('No key to open webhook signing secrets (WEBHOOK_SECRET_KEY)', 'WebhookSecretKeyMissing');

      const at = now();
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'reseller-relationships-webhooks/1',
        'webhook-id': event._id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signatures(endpoint, secrets, { id: event._id, at, payload: event.payload }),
      };
      const started = performance.now();
      const result: PostOutcome = await whileBeating(() => postWebhook(new URL(endpoint.url), event.payload, headers, { allowLoopback, timeoutMs }));
      const delivered = 'statusCode' in result && result.statusCode >= 200 && result.statusCode < 300;
      const record: WebhookDeliveryDocument = {
        _id: `${endpointId}:${eventId}:${attempt}`,
        seq: uuidv7(),
        endpointId,
        partnerTenantId: endpoint.partnerTenantId,
        eventId,
        eventType: event.type,
        attempt,
        at,
        durationMs: Math.round(performance.now() - started),
        ...result,
        delivered,
      };
      await collections.webhookDeliveries.replaceOne({ _id: record._id }, record, { upsert: true });
      if (delivered) return { outcome: 'delivered' };
      return { outcome: 'failed', failure: 'statusCode' in result ? `HTTP ${result.statusCode}` : result.error };
    },

    /**
     * After the whole retry window failed: the endpoint is disabled (if still enabled) and the partner's Admin agents
     * get one email, whichever delivery got here first.
     */
    async disableWebhookEndpoint({ endpointId, eventId, failingSince }: { endpointId: string; eventId: string; failingSince: string }): Promise<void> {
      const at = now();
      await collections.webhookEndpoints.updateOne(
        { _id: endpointId, status: 'enabled' },
        { $set: { status: 'disabled', disabledAt: at, updatedAt: at, disabledReason: `No delivery succeeded from ${failingSince} on (event ${eventId})` } },
      );
      const endpoint = await collections.webhookEndpoints.findOne({ _id: endpointId });
      if (endpoint?.status !== 'disabled') return;
      const [partner, admins] = await Promise.all([
        collections.partners.findOne({ _id: endpoint.partnerTenantId }),
        adminAgentEmails(collections, endpoint.partnerTenantId),
      ]);
      if (admins.length === 0) return;
      const email = renderWebhookEndpointDisabled({
        locale: pickLocale(partner?.preferredLanguage),
        partnerName: partner?.name ?? endpoint.partnerTenantId,
        endpointId,
        url: endpoint.url,
        failingSince,
      });
      await mailer.send({ to: admins, ...email, idempotencyKey: `webhook-disabled:${endpointId}` });
    },
  };
}
