import type { Context } from 'hono';
import { pickLocale, type Locale } from '../../content/locales.js';
import {
  renderPartnerRelationshipsPage,
  type PartnerRelationshipItem,
  type PartnerRelationshipsView,
  type TenantPageAccess,
} from '../../content/partnerRelationshipsPage.js';
import type { TenantSignInProblem } from '../../content/relationshipMessages.js';
import { displayName } from '../../domain/identity.js';
import type { CustomerDocument } from '../../platform/documents.js';
import type { ApiDeps } from '../deps.js';
import type { PartnerRelationship } from './openapi.js';
import { adminRelationshipsOf } from './adminRelationships.js';
import { partnersOf } from './partners.js';
import { tenantSignIn, type Tenant } from './tenantAccess.js';

const pageItem = (item: PartnerRelationship): PartnerRelationshipItem => ({
  partnerTenantId: item.partnerTenantId,
  partnerName: item.partnerName,
  since: item.since,
  delegatedAdminPrivileges: item.delegatedAdminPrivileges,
  ...(item.delegatedAdminPrivilegesRemoved && {
    removed: { at: item.delegatedAdminPrivilegesRemoved.at, by: displayName(item.delegatedAdminPrivilegesRemoved.by) },
  }),
});

export const localeOf = (c: Context, customer?: CustomerDocument): Locale =>
  pickLocale(c.req.query('lang'), customer?.preferredLanguage, c.req.header('accept-language'));

/** A language the user chose (`?lang=`), kept through the sign-in; without one the page speaks the tenant's. */
export const chosenLocale = (c: Context): Locale | undefined => (c.req.query('lang') ? pickLocale(c.req.query('lang')) : undefined);

const signInUrl = (c: Context, anotherUser: boolean) => {
  const lang = chosenLocale(c);
  const query = new URLSearchParams({ ...(lang && { lang }), ...(anotherUser && { anotherUser: '1' }) }).toString();
  return `/partner-relationships/sign-in${query ? `?${query}` : ''}`;
};

const signInAccess = (deps: ApiDeps, c: Context, problem?: TenantSignInProblem): TenantPageAccess =>
  tenantSignIn(deps)
    ? {
        mode: 'signIn',
        // After a refusal the provider would sign the same user in again: ask it for another account.
        signInUrl: signInUrl(c, problem === 'other-organization' || problem === 'not-global-administrator'),
        problem,
      }
    : { mode: 'unavailable' };

/** The page for someone not signed in here, or signed in as someone who may not act: how to sign in, and why. */
export const signInPage = (deps: ApiDeps, c: Context, problem?: TenantSignInProblem): string =>
  renderPartnerRelationshipsPage({ locale: localeOf(c), access: signInAccess(deps, c, problem) });

/** The signed-in administrator's page: the tenant's partners, and what just happened, if anything. */
export async function tenantPage(deps: ApiDeps, c: Context, tenant: Tenant, notice?: PartnerRelationshipsView['notice']): Promise<string> {
  const locale = localeOf(c, tenant.customer);
  const { identity, csrfToken } = tenant;
  return renderPartnerRelationshipsPage({
    locale,
    access: {
      mode: 'signedIn',
      userName: displayName(identity),
      csrfToken,
      switchUserUrl: signInUrl(c, true),
    },
    companyName: tenant.customer.companyName,
    partners: (await partnersOf(deps.database.collections, tenant.tenantId)).map(pageItem),
    adminRelationships: await adminRelationshipsOf(deps.database.collections, tenant.tenantId),
    ...(notice && { notice }),
  });
}
