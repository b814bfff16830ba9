import { isGlobalAdministrator, type VerifiedIdentity } from '../../domain/identity.js';
import type { CustomerDecider } from '../../domain/relationshipRequest.js';

/** Why a verified user may not act for a customer tenant. */
export type CustomerAdminRefusal = 'other-organization' | 'not-global-administrator';

/**
 * Why a verified user may not act for the customer tenant `customerTenantId` (undefined: the tenant is not a customer
 * here), or undefined when they may: only a Global administrator of that very tenant may.
 */
export function refusalOf(identity: VerifiedIdentity, customerTenantId: string | undefined): CustomerAdminRefusal | undefined {
  if (customerTenantId === undefined || identity.tenantId !== customerTenantId) return 'other-organization';
  if (!isGlobalAdministrator(identity)) return 'not-global-administrator';
  return undefined;
}

/** The decider as recorded: the provider's object and tenant IDs, name and sign-in name; never a token. */
export const deciderFrom = (identity: VerifiedIdentity): Extract<CustomerDecider, { verifiedBy: 'signIn' }> => ({
  verifiedBy: 'signIn',
  objectId: identity.objectId,
  tenantId: identity.tenantId,
  ...(identity.name && { name: identity.name }),
  ...(identity.username && { username: identity.username }),
});
