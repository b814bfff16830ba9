import type { MiddlewareHandler } from 'hono';
import type { VerifiedIdentity } from '../../domain/identity.js';
import type { CustomerDocument } from '../../platform/documents.js';
import type { ApiDeps, AppEnv } from '../deps.js';
import { customerAdmin, type CustomerAdmin, type CustomerAdminEnv } from '../identity/customerAdmin.js';
import { refusalOf } from '../identity/customerAdministrators.js';
import type { CustomerSignIn } from '../identity/customerSignIn.js';
import { wantsJson } from '../negotiation.js';

export type PartnerRelationshipsEnv = { Variables: AppEnv['Variables'] & CustomerAdminEnv<CustomerDocument>['Variables'] };

/** A Global administrator of a customer tenant, signed in or bearing an access token, and the tenant's customer. */
export type Tenant = { tenantId: string; identity: VerifiedIdentity; customer: CustomerDocument; csrfToken: string };

/** The verified administrator's tenant; an API client's requests carry no CSRF token. */
export const tenantOf = (admin: CustomerAdmin<CustomerDocument>): Tenant => ({
  tenantId: admin.tenant._id,
  identity: admin.identity,
  customer: admin.tenant,
  csrfToken: admin.via === 'session' ? admin.csrfToken : '',
});

/** The customer's sign-in for its tenant, while it is on. */
export const tenantSignIn = (deps: ApiDeps): CustomerSignIn | undefined =>
  deps.config.CUSTOMER_SIGN_IN === 'oidc' ? deps.customerSignIn : undefined;

/**
 * The customer administrator of the partner relationships page, as `c.var.customerAdmin`: a Global administrator of a
 * tenant that is a customer here, acting for that customer, their own tenant.
 */
export function partnerRelationshipsAdmin(deps: ApiDeps): MiddlewareHandler<PartnerRelationshipsEnv> {
  const { collections } = deps.database;
  return customerAdmin<CustomerDocument, PartnerRelationshipsEnv>({
    realm: 'partner-relationships',
    signIn: tenantSignIn(deps),
    accessTokens: deps.accessTokens,
    isApiClient: wantsJson,
    scope: () => ({ page: 'partnerRelationships' }),
    authorize: async (_c, identity) => {
      const customer = await collections.customers.findOne({ _id: identity.tenantId });
      if (!customer) return { refusal: 'other-organization' };
      const refusal = refusalOf(identity, customer._id);
      return refusal ? { refusal } : { tenant: customer };
    },
  });
}
