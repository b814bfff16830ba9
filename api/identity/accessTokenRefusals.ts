import { ProblemError } from '../problem.js';
import { InsufficientScopeError, InvalidAccessTokenError } from './accessTokens.js';

/**
 * RFC 6750's answer to a bearer token the API refuses: 401 `invalid_token` (not an access token for this API, expired,
 * forged, another audience, a client it does not accept) or 403 `insufficient_scope`; other errors are left as they are.
 */
export function accessTokenRefusal(error: unknown, realm: string): unknown {
  if (error instanceof InvalidAccessTokenError) {
    return new ProblemError({
      status: 401,
      slug: 'unauthorized',
      detail: error.message,
      headers: { 'www-authenticate': `Bearer realm="${realm}", error="invalid_token"` },
    });
  }
  if (error instanceof InsufficientScopeError) {
    return new ProblemError({
      status: 403,
      slug: 'insufficient-scope',
      detail: error.message,
      headers: { 'www-authenticate': `Bearer realm="${realm}", error="insufficient_scope", scope="${error.scope}"` },
    });
  }
  return error;
}
