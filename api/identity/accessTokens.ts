import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { identityFrom, IdentityClaims, type VerifiedIdentity } from '../../domain/identity.js';

/** Why a token was refused; the message names the reason, never the token. */
export class InvalidAccessTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidAccessTokenError';
  }
}

const Discovery = z.object({ issuer: z.string().min(1), jwks_uri: z.url() });

/** A JWT (three base64url parts) rather than an opaque API key. */
export const looksLikeJwt = (credential: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential);

/**
 * Verifies access tokens of one OpenID provider for one audience: signature against the provider's JWKS (found through
 * its discovery document and cached by `jose`), expiry, audience and issuer. A multi-tenant Entra ID issuer advertises
 * `https://login.microsoftonline.com/{tenantid}/v2.0`: the token's issuer must then be that template with its own `tid`.
 */
export function createAccessTokenVerifier(options: { issuer: string; audience: string; clockToleranceSeconds?: number }) {
  let provider: Promise<{ issuerTemplate: string; keys: JWTVerifyGetKey }> | undefined;

  async function discover() {
    const url = `${options.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`The OpenID provider's discovery document answered ${response.status}`);
    const discovery = Discovery.parse(await response.json());
    return { issuerTemplate: discovery.issuer, keys: createRemoteJWKSet(new URL(discovery.jwks_uri)) };
  }

  return async function verify(token: string): Promise<VerifiedIdentity> {
    provider ??= discover().catch((error: unknown) => {
      provider = undefined;
      throw error;
    });
    const { issuerTemplate, keys } = await provider;
    try {
      const { payload } = await jwtVerify(token, keys, {
        audience: options.audience,
        algorithms: ['RS256'],
        clockTolerance: options.clockToleranceSeconds ?? 60,
        requiredClaims: ['exp', 'iss', 'tid', 'oid'],
      });
      const claims = IdentityClaims.parse(payload);
      const expectedIssuer = issuerTemplate.replace('{tenantid}', claims.tid);
      if (payload.iss !== expectedIssuer) throw new InvalidAccessTokenError('The token was issued by another issuer');
      return identityFrom(claims);
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) throw error;
      if (error instanceof errors.JWTExpired) throw new InvalidAccessTokenError('The token has expired');
      if (error instanceof errors.JWTClaimValidationFailed) throw new InvalidAccessTokenError(`The token's ${error.claim} claim is not valid`);
      if (error instanceof errors.JOSEError || error instanceof z.ZodError) throw new InvalidAccessTokenError('The token is not valid');
      throw error;
    }
  };
}
export type AccessTokenVerifier = ReturnType<typeof createAccessTokenVerifier>;
