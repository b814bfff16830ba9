import type { MiddlewareHandler } from 'hono';
import { canManageRelationships, partnerRolesOf } from '../domain/roles.js';
import { hashApiKey } from '../platform/apiKeys.js';
import type { Collections } from '../platform/mongo.js';
import type { AppEnv, AuthenticatedUser } from './deps.js';
import { accessTokenRefusal } from './identity/accessTokenRefusals.js';
import { bearerCredential } from './identity/bearerCredential.js';
import { looksLikeJwt, type AccessTokenVerifier } from './identity/accessTokens.js';
import { ProblemError } from './problem.js';

const realm = 'reseller-relationships';
/** RFC 6750: a request without credentials gets the scheme alone; a refused credential, `invalid_token`. */
const unauthorized = (detail: string, error?: 'invalid_token') =>
  new ProblemError({
    status: 401,
    slug: 'unauthorized',
    detail,
    headers: { 'www-authenticate': `Bearer realm="${realm}"${error ? `, error="${error}"` : ''}` },
  });

/**
 * A partner user, by API key (only its SHA-256 is stored and looked up) or by an access token of the OpenID provider,
 * whose `tid` names the partner and whose app roles are the user's roles.
 */
export function bearerAuth(collections: Collections, accessTokens?: AccessTokenVerifier): MiddlewareHandler<AppEnv> {
  const byApiKey = async (apiKey: string): Promise<AuthenticatedUser> => {
    const user = await collections.partnerUsers.findOne({ apiKeyHash: hashApiKey(apiKey) });
    if (!user) throw unauthorized('The API key is not valid', 'invalid_token');
    return { id: user._id, partnerTenantId: user.partnerTenantId, email: user.email, roles: partnerRoles(user.roles) };
  };

  const byAccessToken = async (verify: AccessTokenVerifier, token: string): Promise<AuthenticatedUser> => {
    const identity = await verify(token).catch((error: unknown) => {
      throw accessTokenRefusal(error, realm);
    });
    const partner = await collections.partners.findOne({ _id: identity.tenantId });
    if (!partner) throw unauthorized('The token is from a tenant that is not a partner here', 'invalid_token');
    return { id: identity.objectId, partnerTenantId: partner._id, email: identity.username ?? identity.objectId, roles: partnerRoles(identity.appRoles) };
  };

  return async (c, next) => {
    const credential = bearerCredential(c);
    if (!credential) throw unauthorized('Send an API key or an access token as `Authorization: Bearer <credential>`');
    const user = accessTokens && looksLikeJwt(credential) ? await byAccessToken(accessTokens, credential) : await byApiKey(credential);
    if (user.roles.length === 0) {
      throw new ProblemError({ status: 403, slug: 'forbidden', detail: 'The user holds no partner role in this partner tenant' });
    }
    c.set('user', user);
    c.set('partnerTenantId', user.partnerTenantId);
    await next();
  };
}

const partnerRoles = partnerRolesOf;

export function requireAdminAgent(user: AuthenticatedUser, action: string): void {
  if (!user.roles.includes('AdminAgent')) {
    throw new ProblemError({ status: 403, slug: 'forbidden', detail: `Only an Admin agent may ${action}` });
  }
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
