import type { Client } from '@temporalio/client';
import type { PartnerRole } from '../domain/roles.js';
import type { Config } from '../platform/config.js';
import type { InvitationLinks } from '../platform/invitationTokens.js';
import type { Logger } from '../platform/logger.js';
import type { Database } from '../platform/mongo.js';
import type { AccessTokenVerifier } from './identity/accessTokens.js';

/** Everything the HTTP layer talks to, passed in so tests build the app on real services. */
export type ApiDeps = {
  database: Database;
  temporal: Client;
  links: InvitationLinks;
  log: Logger;
  config: Pick<
    Config,
    'TEMPORAL_TASK_QUEUE' | 'INVITATION_TTL' | 'REMINDER_AFTER' | 'INVITATION_RATE_LIMIT' | 'AUTH_FAILURE_RATE_LIMIT' | 'PUBLIC_BASE_URL'
  >;
  /** Partner users' access tokens from the OpenID provider, where one is configured; API keys work either way. */
  accessTokens?: AccessTokenVerifier;
  now?: () => Date;
};

export type AuthenticatedUser = { id: string; partnerTenantId: string; email: string; roles: PartnerRole[] };

export type AppEnv = {
  Variables: {
    user: AuthenticatedUser;
    requestId: string;
    /** Set by auth or by the invitation routes, and by handlers that touch a workflow: the request's log line. */
    partnerTenantId: string;
    workflowId: string;
  };
};
