import { systemClock, type Clock } from '../platform/clock.js';
import type { InvitationLinks } from '../platform/invitationTokens.js';
import type { Collections } from '../platform/mongo.js';
import type { WorkflowActivities } from '../workflows/activityPorts.js';
import { createAdminRelationshipActivities } from './adminRelationships.js';
import { createAnsweringSteps } from './answeringSteps.js';
import { createBatchActivities } from './batches.js';
import { createCustomerActivities } from './customers.js';
import { createDelegatedAdminRemovalActivities } from './delegatedAdminRemovals.js';
import { createEmailActivities, createRequestNotices } from './emails.js';
import type { Mailer } from './mailer.js';
import { createRelationshipEndingActivities } from './relationshipEndings.js';
import { createRequestEvents } from './requestEvents.js';
import { createAcceptanceRecords, createRequestActivities } from './requests.js';
import { createRequestWebhooks } from './requestWebhooks.js';
import { createWebhookDeliveryActivities, type WebhookDeliveryDeps } from './webhookDelivery.js';
import { createWebhookPublisher, type WebhookPublisherDeps } from './webhookPublisher.js';

export type ActivityDeps = {
  collections: Collections;
  mailer: Mailer;
  links: InvitationLinks;
  now?: Clock;
  /** Webhook delivery settings; without them events are still published, and a delivery fails until a key is set. */
  webhooks?: Pick<WebhookDeliveryDeps, 'secrets' | 'allowLoopback' | 'timeoutMs'> & Pick<WebhookPublisherDeps, 'schedule' | 'start'>;
};

/** All activities, built from their dependencies so tests pass real ones without module mocking. */
export function createActivities({ collections, mailer, links, now = systemClock, webhooks = {} }: ActivityDeps) {
  const record = createRequestEvents({ collections, now });
  const { schedule, start, ...delivery } = webhooks;
  const publish = createWebhookPublisher({ collections, now, ...(schedule && { schedule }), ...(start && { start }) });
  const requests = createRequestActivities({ collections, now, record, publish, links });
  const emails = createEmailActivities({ mailer, links, record });
  return {
    ...requests,
    ...emails,
    ...createAnsweringSteps({
      openRequest: requests.openRequest,
      sendInvitation: emails.sendInvitation,
      accepting: createAcceptanceRecords({ collections, now, webhooks: createRequestWebhooks({ collections, publish, links }) }),
      notices: createRequestNotices({ mailer, links }),
      record,
    }),
    ...createCustomerActivities({ collections, publish }),
    ...createWebhookDeliveryActivities({ collections, mailer, now, ...delivery }),
    ...createBatchActivities({ collections, now }),
    ...createRelationshipEndingActivities({ collections, mailer, now, publish }),
    ...createDelegatedAdminRemovalActivities({ collections, mailer, now }),
    ...createAdminRelationshipActivities({ collections, mailer, links, publish }),
  } satisfies WorkflowActivities;
}

export type Activities = ReturnType<typeof createActivities>;
