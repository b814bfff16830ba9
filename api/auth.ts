import type { MiddlewareHandler } from 'hono';
import { canManageRelationships, PartnerRole } from '../domain/roles.js';
import { hashApiKey } from '../platform/apiKeys.js';
import type { Collections } from '../platform/mongo.js';
import type { AppEnv, AuthenticatedUser } from './deps.js';
import { ProblemError } from './problem.js';

const unauthorized = (detail: string) =>
  new ProblemError({
    status: 401,
    slug: 'unauthorized',
    detail,
    headers: { 'www-authenticate': 'Bearer realm="reseller-relationships"' },
  });

/** Bearer API keys belong to partner users; only their SHA-256 is stored and looked up. */
export function bearerAuth(collections: Collections): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+([\x21-\x7e]{1,200})$/i.exec(header);
    if (!match?.[1]) throw unauthorized('Send an API key as `Authorization: Bearer <key>`');
    const user = await collections.partnerUsers.findOne({ apiKeyHash: hashApiKey(match[1]) });
    if (!user) throw unauthorized('The API key is not valid');
    const roles = user.roles.filter((role): role is PartnerRole => PartnerRole.safeParse(role).success);
    c.set('user', { id: user._id, partnerTenantId: user.partnerTenantId, email: user.email, roles });
    c.set('partnerTenantId', user.partnerTenantId);
    await next();
  };
}

export function requireRelationshipManager(user: AuthenticatedUser): void {
  if (!canManageRelationships(user.roles)) {
    throw new ProblemError({
      status: 403,
      slug: 'forbidden',
      detail: 'Only an Admin agent or a Sales agent may request, cancel or resend a relationship request, or add a customer',
    });
  }
}
