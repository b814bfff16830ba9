import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { relationshipMessages } from '../../content/relationshipMessages.js';
import type { ApiDeps } from '../deps.js';
import { SignInProblemQuery } from '../identity/customerSignIn.js';
import { adminRelationshipActRoutes, adminRelationshipRoute, listRoute, removeRoute, signInRoute } from '../partnerRelationships/openapi.js';
import { actOnAdminRelationship, showAdminRelationship } from '../partnerRelationships/adminRelationshipRoutes.js';
import { chosenLocale, localeOf, signInPage, tenantPage } from '../partnerRelationships/page.js';
import { partnerName, partnerRelationshipItem, partnersOf } from '../partnerRelationships/partners.js';
import { removePrivileges } from '../partnerRelationships/removal.js';
import { partnerRelationshipsAdmin, tenantOf, tenantSignIn, type PartnerRelationshipsEnv, type Tenant } from '../partnerRelationships/tenantAccess.js';
import { problemResponse } from '../problem.js';

type Handler = (c: Context<PartnerRelationshipsEnv>) => Promise<Response>;

/** The tenant's partners: JSON for an API client, the page for a signed-in administrator, else how to sign in. */
const listPartners =
  (deps: ApiDeps): Handler =>
  async (c) => {
    const visitor = c.var.customerAdmin;
    if (visitor.kind === 'refused') return c.html(signInPage(deps, c, visitor.refusal), 200);
    if (visitor.kind === 'signedOut') return c.html(signInPage(deps, c, SignInProblemQuery.safeParse(c.req.query('signIn')).data), 200);
    const tenant = tenantOf(visitor.admin);
    if (visitor.admin.via === 'accessToken') {
      return c.json({ customerTenantId: tenant.tenantId, items: await partnersOf(deps.database.collections, tenant.tenantId) }, 200);
    }
    return c.html(await tenantPage(deps, c, tenant), 200);
  };

/** Off to the provider, as another user when asked; back to the page when sign-in is off. */
const startSignIn =
  (deps: ApiDeps): Handler =>
  async (c) => {
    const signIn = tenantSignIn(deps);
    const locale = chosenLocale(c);
    if (!signIn) return c.redirect(`/partner-relationships${locale ? `?lang=${locale}` : ''}`, 303);
    return signIn.start(c, { page: 'partnerRelationships', locale }, { anotherUser: c.req.query('anotherUser') === '1' });
  };

/** An API client's removal: the partner relationship after it, or a problem. */
async function removeForApiClient(deps: ApiDeps, c: Context<PartnerRelationshipsEnv>, tenant: Tenant): Promise<Response> {
  const partnerTenantId = c.req.param('partnerTenantId') ?? '';
  const outcome = await removePrivileges(deps, c, tenant, partnerTenantId);
  if (outcome.outcome === 'notActive') {
    return problemResponse(c, { status: 404, slug: 'relationship-not-found', detail: 'This partner has no active reseller relationship with your tenant' });
  }
  if (outcome.outcome === 'noPrivileges') {
    return problemResponse(c, { status: 409, slug: 'no-delegated-admin-privileges', detail: 'This partner holds no delegated admin privileges' });
  }
  return c.json(partnerRelationshipItem(outcome.relationship, await partnerName(deps.database.collections, partnerTenantId)), 200);
}

/** The page's form post: checked against the session's CSRF token, answered with the page and what happened. */
async function removeFromPage(deps: ApiDeps, c: Context<PartnerRelationshipsEnv>, tenant: Tenant, csrfMatches: (submitted: string | undefined) => Promise<boolean>): Promise<Response> {
  const partnerTenantId = c.req.param('partnerTenantId') ?? '';
  const form = await c.req.parseBody();
  const csrf = typeof form.csrfToken === 'string' ? form.csrfToken : undefined;
  const m = relationshipMessages[localeOf(c, tenant.customer)].page;
  if (!(await csrfMatches(csrf))) return c.html(await tenantPage(deps, c, tenant, { kind: 'problem', text: m.csrfFailed }), 403);
  const outcome = await removePrivileges(deps, c, tenant, partnerTenantId);
  if (outcome.outcome === 'notActive') return c.html(await tenantPage(deps, c, tenant, { kind: 'problem', text: m.notFound }), 404);
  const name = await partnerName(deps.database.collections, partnerTenantId);
  if (outcome.outcome === 'noPrivileges') return c.html(await tenantPage(deps, c, tenant, { kind: 'problem', text: m.noPrivileges(name) }), 409);
  return c.html(await tenantPage(deps, c, tenant, { kind: 'removed', partnerName: name }), 200);
}

/** A removal by the administrator the edge verified; a browser's visitor who is not one is asked to sign in, or told why not. */
const removeAdminPrivileges =
  (deps: ApiDeps): Handler =>
  async (c) => {
    const visitor = c.var.customerAdmin;
    if (visitor.kind === 'signedOut') return c.html(signInPage(deps, c, 'required'), 401);
    // Signed in, but not as someone who may act here: told exactly why, not asked to sign in.
    if (visitor.kind === 'refused') return c.html(signInPage(deps, c, visitor.refusal), 403);
    const { admin } = visitor;
    const tenant = tenantOf(admin);
    return admin.via === 'accessToken' ? removeForApiClient(deps, c, tenant) : removeFromPage(deps, c, tenant, admin.csrfMatches);
  };

/**
 * The customer's side of its reseller relationships: a Global administrator of the tenant sees its partners and
 * removes a partner's delegated admin privileges, never the relationship itself.
 */
export function partnerRelationshipRoutes(deps: ApiDeps) {
  const customerAdmin = partnerRelationshipsAdmin(deps);
  const router = new OpenAPIHono<PartnerRelationshipsEnv>();
  // Documented from the same schemas, but answered by hand: each route serves both a browser and API clients.
  for (const route of [listRoute, signInRoute, removeRoute, adminRelationshipRoute, ...adminRelationshipActRoutes]) router.openAPIRegistry.registerPath(route);
  return router
    .get('/', customerAdmin, listPartners(deps))
    .get('/sign-in', startSignIn(deps))
    .post('/:partnerTenantId/remove-admin-privileges', customerAdmin, removeAdminPrivileges(deps))
    .get('/admin-relationships/:id/approval', customerAdmin, showAdminRelationship(deps))
    .post('/admin-relationships/:id/approve', customerAdmin, actOnAdminRelationship(deps, 'approve'))
    .post('/admin-relationships/:id/reject', customerAdmin, actOnAdminRelationship(deps, 'reject'))
    .post('/admin-relationships/:id/terminate', customerAdmin, actOnAdminRelationship(deps, 'terminate'));
}
