import type { TemporalClient } from '../client/index.js';
import type { PartnerRole } from '../domain/roles.js';
import type { Config, QuotaSettings } from '../platform/config.js';
import type { InvitationLinks } from '../platform/invitationTokens.js';
import type { Logger } from '../platform/logger.js';
import type { Database } from '../platform/mongo.js';
import type { SecretBox } from '../platform/webhookSecrets.js';
import type { TargetPolicy } from '../platform/webhookTargets.js';
import type { AccessTokenVerifier } from './identity/accessTokens.js';
import type { CustomerSignIn } from './identity/customerSignIn.js';
import type { PartnerSignIn } from './identity/partnerSignIn.js';
import type { TemporalCodecDeps } from './routes/temporalCodec.js';

/** Everything the HTTP layer talks to, passed in so tests build the app on real services. */
export type ApiDeps = {
  database: Database;
  temporal: TemporalClient;
  links: InvitationLinks;
  log: Logger;
  config: Pick<
    Config,
    | 'TEMPORAL_TASK_QUEUE'
    | 'INVITATION_TTL'
    | 'REMINDER_AFTER'
    | 'PUBLIC_BASE_URL'
    | 'CUSTOMER_SIGN_IN'
    | 'MCA_VERSION'
  > &
    Partial<Pick<Config, 'BATCH_CONCURRENCY' | 'ADMIN_RELATIONSHIP_DAY'>> &
    /** Quotas and rate limits (api/quotas.ts); those not given take their defaults. */
    Partial<QuotaSettings>;
  /** Access tokens of the OpenID provider (partner users on /v1, customers' API clients on invitations), where one is configured. */
  accessTokens?: AccessTokenVerifier;
  /** The customer's sign-in on the invitation and partner relationships pages; required while CUSTOMER_SIGN_IN=oidc. */
  customerSignIn?: CustomerSignIn;
  now?: () => Date;
  /** Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES). */
  trustedProxies?: readonly string[];
  /** Partner users' sign-in to the workspace (/workspace); absent, the workspace is not served. */
  partnerSignIn?: PartnerSignIn;
  /** The Temporal UI's codec server, for signed-in operators (OPERATOR_TOKEN_AUDIENCE); absent, /codec is not served. */
  temporalCodec?: TemporalCodecDeps;
  /** Seals the signing secrets of webhook endpoints; which receivers may be registered (WEBHOOK_ALLOW_LOOPBACK). */
  webhooks: { secrets: SecretBox } & TargetPolicy;
};

export type AuthenticatedUser = { id: string; partnerTenantId: string; email: string; roles: PartnerRole[] };

export type AppEnv = {
  Variables: {
    user: AuthenticatedUser;
    requestId: string;
    /** Set by auth or by the invitation routes, and by handlers that touch a workflow: the request's log line. */
    partnerTenantId: string;
    workflowId: string;
    /** The client's address, through trusted proxies (api/clientAddress.ts). */
    clientAddress: string;
  };
};
