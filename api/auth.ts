import { timingSafeEqual } from 'node:crypto';
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
export function bearerAuth(
  collections: Collections,
  onFailure: (clientKey: string) => void = () => {},
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+([\x21-\x7e]{1,200})$/i.exec(header);
    if (!match?.[1]) {
      onFailure(clientKeyOf(c.req.raw, c.env));
      throw unauthorized('Send an API key as `Authorization: Bearer <key>`');
    }
    const hash = hashApiKey(match[1]);
    const user = await collections.partnerUsers.findOne({ apiKeyHash: hash });
    if (!user || !timingSafeEqual(Buffer.from(user.apiKeyHash, 'hex'), Buffer.from(hash, 'hex'))) {
      onFailure(clientKeyOf(c.req.raw, c.env));
      throw unauthorized('The API key is not valid');
    }
    const roles = user.roles.filter((role) => PartnerRole.safeParse(role).success);
    c.set('user', { id: user._id, partnerTenantId: user.partnerTenantId, email: user.email, roles });
    c.set('partnerTenantId', user.partnerTenantId);
    await next();
  };
}

export function requireRelationshipManager(user: AuthenticatedUser): void {
  if (!canManageRelationships(user.roles as PartnerRole[])) {
    throw new ProblemError({
      status: 403,
      slug: 'forbidden',
      detail: 'Only an Admin agent or a Sales agent may request, cancel or resend a relationship request, or add a customer',
    });
  }
}

/** The client's address as the Node server saw it, for rate limits. */
export function clientKeyOf(_request: Request, env: unknown): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
