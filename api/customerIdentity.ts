import type { SignInProblem } from '../content/invitationPage.js';
import { isGlobalAdministrator, type VerifiedIdentity } from '../domain/identity.js';
import type { CustomerDecider } from '../domain/relationshipRequest.js';

/** Why a verified user may not decide for the invited customer, or undefined when they may. */
export function refusalOf(identity: VerifiedIdentity, customerTenantId: string): Extract<SignInProblem, 'other-organization' | 'not-global-administrator'> | undefined {
  if (identity.tenantId !== customerTenantId) return 'other-organization';
  if (!isGlobalAdministrator(identity)) return 'not-global-administrator';
  return undefined;
}

/** The decider as recorded: the provider's object and tenant IDs, name and sign-in name; never a token. */
export const deciderFrom = (identity: VerifiedIdentity): CustomerDecider => ({
  verifiedBy: 'signIn',
  objectId: identity.objectId,
  tenantId: identity.tenantId,
  ...(identity.name && { name: identity.name }),
  ...(identity.username && { username: identity.username }),
});
