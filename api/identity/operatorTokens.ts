import { errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { InvalidAccessTokenError } from './accessTokens.js';
import { providerKeys } from './providerKeys.js';

/**
 * Operators' access tokens, as the Temporal server's own authorization reads them: app roles named
 * `<namespace>:<role>` (`default:read`, `default:write`, `default:admin`), or `temporal-system:<role>` for every
 * namespace. They come from the company's own tenant only: an issuer for any tenant (Entra's `{tenantid}` template)
 * would take roles that another tenant's administrator assigned.
 */
export type OperatorTokenPolicy = { issuer: string; audiences: readonly string[]; namespace: string; clockToleranceSeconds?: number };

export type OperatorAccess = { subject: string; mayRead: boolean; mayWrite: boolean };

const OperatorClaims = z.object({ sub: z.string().min(1), roles: z.array(z.string()).default([]) });

const readingRoles = new Set(['read', 'write', 'admin']);
const writingRoles = new Set(['write', 'admin']);

/** What roles grant in `namespace`, as Temporal's default authorizer reads them. */
export function operatorAccess(roles: readonly string[], namespace: string): Pick<OperatorAccess, 'mayRead' | 'mayWrite'> {
  const granted = roles.flatMap((role) => {
    const separator = role.lastIndexOf(':');
    const scope = role.slice(0, separator);
    return separator > 0 && (scope === namespace || scope === 'temporal-system') ? [role.slice(separator + 1).toLowerCase()] : [];
  });
  return { mayRead: granted.some((role) => readingRoles.has(role)), mayWrite: granted.some((role) => writingRoles.has(role)) };
}

export function createOperatorTokenVerifier(policy: OperatorTokenPolicy) {
  const provider = providerKeys(policy.issuer);
  return async function verify(token: string): Promise<OperatorAccess> {
    const { issuerTemplate, keys } = await provider();
    if (issuerTemplate.includes('{tenantid}')) {
      throw new InvalidAccessTokenError("Operators' tokens must come from one tenant's issuer, not a multi-tenant one");
    }
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: issuerTemplate,
        audience: [...policy.audiences],
        algorithms: ['RS256'],
        clockTolerance: policy.clockToleranceSeconds ?? 60,
        requiredClaims: ['exp', 'sub'],
      });
      const claims = OperatorClaims.parse(payload);
      return { subject: claims.sub, ...operatorAccess(claims.roles, policy.namespace) };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new InvalidAccessTokenError('The token has expired');
      if (error instanceof errors.JWTClaimValidationFailed) throw new InvalidAccessTokenError(`The token's ${error.claim} claim is not valid`);
      if (error instanceof errors.JOSEError || error instanceof z.ZodError) throw new InvalidAccessTokenError('The token is not valid');
      throw error;
    }
  };
}
export type OperatorTokenVerifier = ReturnType<typeof createOperatorTokenVerifier>;
