import { Context } from '@temporalio/activity';
import { startWebhookDelivery, type TemporalClient } from '../client/index.js';
import { WebhookEventInput, type PublishWebhookEvent } from '../domain/webhookEvents.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { defaultWebhookRetrySchedule } from '../platform/config.js';
import type { WebhookEventDocument } from '../platform/documents.js';
import { insertOnce } from '../platform/keyedWrites.js';
import type { Collections } from '../platform/mongo.js';
import type { WebhookRetrySchedule } from '../workflows/webhookDeliveryContract.js';

/** Where delivery workflows start; by default with the running activity's client, on its task queue. */
export type DeliveryStarter = () => { client: TemporalClient; taskQueue: string };
const fromRunningActivity: DeliveryStarter = () => {
  const context = Context.current();
  return { client: context.client, taskQueue: context.info.taskQueue };
};

/**
 * An event whose time and data are built only when some endpoint wants it, so a partner without endpoints costs one
 * query; `build` answers nothing when, on a closer look, the fact did not happen.
 */
export type LazyWebhookEvent = Omit<WebhookEventInput, 'occurredAt' | 'data'> & {
  build(): Promise<Pick<WebhookEventInput, 'occurredAt' | 'data'> | null | undefined>;
};

export type WebhookPublisher = PublishWebhookEvent & {
  lazily(event: LazyWebhookEvent): Promise<void>;
  /** Whether the partner has any enabled endpoint: one query saves several when a step publishes more than one event. */
  hasEndpoints(partnerTenantId: string): Promise<boolean>;
};

export type WebhookPublisherDeps = {
  collections: Collections;
  schedule?: WebhookRetrySchedule;
  now?: Clock;
  start?: DeliveryStarter;
};

/**
 * Publishes an event to the partner's enabled endpoints that subscribe to its type: records it once under its `id`
 * (with those endpoints and the exact body), then starts one `webhookDelivery` workflow per endpoint under a
 * deterministic ID. Every part is idempotent, so a retried step publishes nothing twice; the delivery itself runs in
 * its own workflow and never holds up the step.
 */
export function createWebhookPublisher({
  collections,
  schedule = defaultWebhookRetrySchedule,
  now = systemClock,
  start = fromRunningActivity,
}: WebhookPublisherDeps): WebhookPublisher {
  async function lazily(event: LazyWebhookEvent): Promise<void> {
    const subscribed = await collections.webhookEndpoints
      .find({ partnerTenantId: event.partnerTenantId, status: 'enabled', eventTypes: event.type }, { projection: { _id: 1 } })
      .toArray();
    if (subscribed.length === 0) return;
    const recorded =
      (await collections.webhookEvents.findOne({ _id: event.id })) ??
      (await record(event, subscribed.map(({ _id }) => _id)));
    if (recorded) await startDeliveries(recorded);
  }

  async function record(event: LazyWebhookEvent, endpointIds: string[]): Promise<WebhookEventDocument | undefined> {
    const { build, ...header } = event;
    const built = await build();
    if (!built) return undefined;
    const { id, type, partnerTenantId, occurredAt, data } = WebhookEventInput.parse({ ...header, ...built });
    const document: WebhookEventDocument = {
      _id: id,
      partnerTenantId,
      type,
      occurredAt,
      payload: JSON.stringify({ type, timestamp: occurredAt.toISOString(), data }),
      endpointIds,
      recordedAt: now(),
    };
    return insertOnce(collections.webhookEvents, document);
  }

  async function startDeliveries(event: WebhookEventDocument): Promise<void> {
    const { client, taskQueue } = start();
    await Promise.all(
      event.endpointIds.map((endpointId) => startWebhookDelivery(client, { taskQueue }, { endpointId, eventId: event._id, schedule }, event.type)),
    );
  }

  const hasEndpoints = async (partnerTenantId: string) =>
    (await collections.webhookEndpoints.findOne({ partnerTenantId, status: 'enabled' }, { projection: { _id: 1 } })) !== null;
  const publish = (event: WebhookEventInput) => lazily({ ...event, build: async () => ({ occurredAt: event.occurredAt, data: event.data }) });
  return Object.assign(publish, { lazily, hasEndpoints });
}
