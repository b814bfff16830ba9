import type { MiddlewareHandler } from 'hono';
import type { CustomerDocument } from '../../platform/documents.js';
import { refusalOf } from '../identity/customerAdministrators.js';
import type { ApiDeps, AppEnv } from '../deps.js';
import { customerAdmin, type CustomerAdminEnv } from '../identity/customerAdmin.js';
import { wantsJson } from '../negotiation.js';

export type PartnerRelationshipsEnv = { Variables: AppEnv['Variables'] & CustomerAdminEnv<CustomerDocument>['Variables'] };

/**
 * The customer administrator of the partner relationships page, as `c.var.customerAdmin`: a Global administrator of a
 * tenant that is a customer here, acting for that customer, their own tenant.
 */
export function partnerRelationshipsAdmin(deps: ApiDeps): MiddlewareHandler<PartnerRelationshipsEnv> {
  const { collections } = deps.database;
  return customerAdmin<CustomerDocument, PartnerRelationshipsEnv>({
    realm: 'partner-relationships',
    signIn: deps.config.CUSTOMER_SIGN_IN === 'oidc' ? deps.customerSignIn : undefined,
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
