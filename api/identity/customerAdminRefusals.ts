import type { CustomerAdminRefusal } from './customerAdministrators.js';
import type { ProblemInit } from '../problem.js';

/** The customer pages an API client reaches with a customer administrator's access token; each is its own realm. */
export type CustomerRealm = 'invitations' | 'partner-relationships';

/** Whom each realm asks for, and why it refuses a verified user who is not them. */
const realms: Record<CustomerRealm, { administrator: string; refusals: Record<CustomerAdminRefusal, string> }> = {
  invitations: {
    administrator: 'a Global administrator of the invited tenant',
    refusals: {
      'other-organization': 'The token is from another organization than the invited customer tenant',
      'not-global-administrator': 'Only a Global administrator of the invited customer tenant may decide',
    },
  },
  'partner-relationships': {
    administrator: 'a Global administrator of the customer tenant',
    refusals: {
      'other-organization': 'The token is from a tenant that is not a customer here',
      'not-global-administrator': 'Only a Global administrator of the customer tenant may see or change its partner relationships',
    },
  },
};

/** RFC 6750: an API client that sent no access token gets the scheme and realm alone. */
export const signInRequired = (realm: CustomerRealm): ProblemInit => ({
  status: 401,
  slug: 'sign-in-required',
  detail: `Send the access token of ${realms[realm].administrator} as \`Authorization: Bearer <token>\``,
  headers: { 'www-authenticate': `Bearer realm="${realm}"` },
});

/** A verified user who may not act here, told exactly why. */
export const refusalProblem = (realm: CustomerRealm, refusal: CustomerAdminRefusal): ProblemInit => ({
  status: 403,
  slug: refusal,
  detail: realms[realm].refusals[refusal],
});
