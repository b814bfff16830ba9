import { errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { identityFrom, IdentityClaims, type VerifiedIdentity } from '../../domain/identity.js';
import { providerKeys } from './providerKeys.js';

/** The token is not an access token for this API (RFC 6750 `invalid_token`); the message names why, never the token. */
export class InvalidAccessTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidAccessTokenError';
  }
}

/** An access token for this API that lacks the delegated scope or the app role it needs (`insufficient_scope`). */
export class InsufficientScopeError extends Error {
  constructor(
    reason: string,
    readonly scope: string,
  ) {
    super(reason);
    this.name = 'InsufficientScopeError';
  }
}

/** What tells an access token for an API apart from an ID token, and who asked for it. */
const AccessTokenClaims = z.object({
  scp: z.string().optional(),
  roles: z.array(z.string()).default([]),
  idtyp: z.string().optional(),
  azp: z.string().optional(),
  appid: z.string().optional(),
  nonce: z.unknown().optional(),
  at_hash: z.unknown().optional(),
  c_hash: z.unknown().optional(),
});

export type AccessTokenPolicy = {
  issuer: string;
  /** The API's own audiences: in Entra ID its client ID (v2 tokens) and Application ID URI (v1 tokens). */
  audiences: readonly string[];
  /** The delegated scope a user's token must carry in `scp`. */
  scope: string;
  /** When not empty, the only clients (`azp`, or `appid` in v1 tokens) whose tokens are accepted. */
  allowedClientIds?: readonly string[];
  clockToleranceSeconds?: number;
};

/** A JWT (three base64url parts) rather than an opaque API key. */
export const looksLikeJwt = (credential: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential);

/**
 * Who called: a user through a client, with delegated scopes in `scp` (`idtyp: user` where the provider says so), or
 * an application on its own (client credentials: `idtyp: app`, no `scp`). Anything else, an ID token above all (it has
 * neither, and may have a `nonce` or hashes of the code and access token), is not an access token for an API.
 */
function callerOf(claims: z.infer<typeof AccessTokenClaims>): 'user' | 'application' {
  if (claims.nonce !== undefined || claims.at_hash !== undefined || claims.c_hash !== undefined) {
    throw new InvalidAccessTokenError('The token is an ID token, not an access token for this API');
  }
  if (claims.idtyp === 'app') return 'application';
  if (claims.scp !== undefined || claims.idtyp === 'user') return 'user';
  throw new InvalidAccessTokenError("The token is not an access token for this API: it has neither a user's delegated scopes (scp) nor an application's idtyp");
}

/**
 * Verifies bearer access tokens of one OpenID provider for this API: signature against the provider's JWKS (found
 * through its discovery document and cached by `jose`), expiry, audience and issuer, then that it is an access token
 * for this API: a user's with the API's delegated scope, or an application's with one of its app roles. A multi-tenant
 * Entra ID issuer advertises `https://login.microsoftonline.com/{tenantid}/v2.0`: the token's issuer must then be
 * that template with its own `tid`.
 */
export function createAccessTokenVerifier(policy: AccessTokenPolicy) {
  const provider = providerKeys(policy.issuer);
  const allowedClients = new Set(policy.allowedClientIds ?? []);

  return async function verify(token: string): Promise<VerifiedIdentity> {
    const { issuerTemplate, keys } = await provider();
    try {
      const { payload } = await jwtVerify(token, keys, {
        audience: [...policy.audiences],
        algorithms: ['RS256'],
        clockTolerance: policy.clockToleranceSeconds ?? 60,
        requiredClaims: ['exp', 'iss', 'tid', 'oid'],
      });
      const identity = IdentityClaims.parse(payload);
      const expectedIssuer = issuerTemplate.replace('{tenantid}', identity.tid);
      if (payload.iss !== expectedIssuer) throw new InvalidAccessTokenError('The token was issued by another issuer');
      const claims = AccessTokenClaims.parse(payload);
      const caller = callerOf(claims);
      // Refused as 401, like a token for another audience: this API does not take tokens from that client at all, and
      // only a token obtained through an allowed client will do, not more rights for the same one.
      const clientId = claims.azp ?? claims.appid;
      if (allowedClients.size > 0 && (clientId === undefined || !allowedClients.has(clientId))) {
        throw new InvalidAccessTokenError('The token was obtained by a client that this API does not accept');
      }
      if (caller === 'user' && !(claims.scp ?? '').split(' ').includes(policy.scope)) {
        throw new InsufficientScopeError(`The token does not carry this API's delegated scope ${policy.scope}`, policy.scope);
      }
      if (caller === 'application' && claims.roles.length === 0) {
        throw new InsufficientScopeError("The application's token carries no app role of this API", policy.scope);
      }
      return identityFrom(identity);
    } catch (error) {
      if (error instanceof InvalidAccessTokenError || error instanceof InsufficientScopeError) throw error;
      if (error instanceof errors.JWTExpired) throw new InvalidAccessTokenError('The token has expired');
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') throw new InvalidAccessTokenError('The token is meant for another audience, not this API');
      if (error instanceof errors.JWTClaimValidationFailed) throw new InvalidAccessTokenError(`The token's ${error.claim} claim is not valid`);
      if (error instanceof errors.JOSEError || error instanceof z.ZodError) throw new InvalidAccessTokenError('The token is not valid');
      throw error;
    }
  };
}
export type AccessTokenVerifier = ReturnType<typeof createAccessTokenVerifier>;
