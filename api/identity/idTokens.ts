import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { IdentityClaims } from '../../domain/identity.js';

/** Why an ID token was refused; the message names the reason, never the token. */
export class InvalidIdTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidIdTokenError';
  }
}

/** The issuer a tenant's tokens carry: Entra's multi-tenant template with the tenant filled in, else the issuer itself. */
export const issuerOfTenant = (issuerTemplate: string, tenantId: string): string => issuerTemplate.replace('{tenantid}', tenantId);

/**
 * Checks an ID token of one client: its RS256 signature against the provider's keys, audience, expiry, and an issuer
 * naming the token's own tenant (Entra's multi-tenant discovery document advertises
 * `https://login.microsoftonline.com/{tenantid}/v2.0`, so no fixed issuer can be expected). Returns its identity claims.
 */
export function createIdTokenVerifier(options: { issuerTemplate: string; clientId: string; keys: JWTVerifyGetKey; clockToleranceSeconds?: number }) {
  return async function verifyIdToken(idToken: string): Promise<IdentityClaims> {
    try {
      const { payload } = await jwtVerify(idToken, options.keys, {
        audience: options.clientId,
        algorithms: ['RS256'],
        clockTolerance: options.clockToleranceSeconds ?? 60,
        requiredClaims: ['iss', 'exp', 'iat', 'tid', 'oid'],
      });
      const claims = IdentityClaims.parse(payload);
      if (payload.iss !== issuerOfTenant(options.issuerTemplate, claims.tid)) {
        throw new InvalidIdTokenError("The ID token's issuer is not its tenant's");
      }
      return claims;
    } catch (error) {
      if (error instanceof InvalidIdTokenError) throw error;
      if (error instanceof errors.JWTExpired) throw new InvalidIdTokenError('The ID token has expired');
      if (error instanceof errors.JWTClaimValidationFailed) throw new InvalidIdTokenError(`The ID token's ${error.claim} claim is not valid`);
      if (error instanceof errors.JOSEError) throw new InvalidIdTokenError(`The ID token is not valid (${error.code})`);
      if (error instanceof z.ZodError) throw new InvalidIdTokenError("The ID token's identity claims are not valid");
      throw error;
    }
  };
}
export type IdTokenVerifier = ReturnType<typeof createIdTokenVerifier>;
