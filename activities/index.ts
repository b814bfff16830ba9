import type { InvitationLinks } from '../platform/invitationTokens.js';
import type { Collections } from '../platform/mongo.js';
import { createCustomerActivities } from './customers.js';
import { createEmailActivities } from './emails.js';
import type { Mailer } from './mailer.js';
import { createRequestEvents } from './requestEvents.js';
import { createRequestActivities } from './requests.js';

export type ActivityDeps = {
  collections: Collections;
  mailer: Mailer;
  links: InvitationLinks;
  now?: () => Date;
};

/** All activities, built from their dependencies so tests pass real ones without module mocking. */
export function createActivities({ collections, mailer, links, now = () => new Date() }: ActivityDeps) {
  const record = createRequestEvents({ collections, now });
  return {
    ...createRequestActivities({ collections, now, record }),
    ...createEmailActivities({ mailer, links, record }),
    ...createCustomerActivities({ collections }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
