import type { InvitationLinks } from '../platform/invitationTokens.js';
import type { Collections } from '../platform/mongo.js';
import { createCustomerActivities } from './customers.js';
import { createEmailActivities } from './emails.js';
import type { Mailer } from './mailer.js';
import { createRequestActivities } from './requests.js';

export type ActivityDeps = {
  collections: Collections;
  mailer: Mailer;
  links: InvitationLinks;
  now?: () => Date;
};

/** All activities, built from their dependencies so tests pass real ones without module mocking. */
export function createActivities({ collections, mailer, links, now = () => new Date() }: ActivityDeps) {
  const { loadRequest, record, ...requestActivities } = createRequestActivities({ collections, now });
  return {
    ...requestActivities,
    ...createEmailActivities({ collections, mailer, links, requests: { loadRequest, record } }),
    ...createCustomerActivities({ collections }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
