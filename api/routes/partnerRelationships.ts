import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { Context } from 'hono';
import { pickLocale, type Locale } from '../../content/locales.js';
import {
  renderPartnerRelationshipsPage,
  type PartnerRelationshipItem,
  type PartnerRelationshipsView,
  type TenantPageAccess,
} from '../../content/partnerRelationshipsPage.js';
import { relationshipMessages, type TenantSignInProblem } from '../../content/relationshipMessages.js';
import { isGlobalAdministrator, type VerifiedIdentity } from '../../domain/identity.js';
import { TenantId } from '../../domain/tenants.js';
import { clockOf } from '../../platform/clock.js';
import type { CustomerDocument } from '../../platform/documents.js';
import { activeRelationship, relationshipInstanceId, relationshipView, withoutEnded, type RelationshipView } from '../../platform/relationships.js';
import { DelegatedAdminPrivilegesRemoved } from '../../platform/representations.js';
import type { delegatedAdminRemoval } from '../../workflows/relationshipChanges.js';
import {
  changeRecorded,
  delegatedAdminRemovalWorkflowId,
  type DelegatedAdminRemovalInput,
  type RelationshipChangeOutcome,
} from '../../workflows/relationshipChangeDefinitions.js';
import * as searchAttributes from '../../workflows/searchAttributes.js';
import type { ApiDeps, AppEnv, CustomerSignIn } from '../deps.js';
import { accessTokenRefusal } from '../identity/accessTokenRefusals.js';
import { problemResponses } from '../openapiParts.js';
import { problemResponse } from '../problem.js';

const tags = ['Partner relationships (customer)'];
const security = [{ customerAccessToken: [] }];
const html = { 'text/html': { schema: z.string() } };
const LangQuery = z.object({ lang: z.string().max(35).optional() });
const PartnerParam = z.object({ partnerTenantId: z.string().max(100).openapi({ param: { name: 'partnerTenantId', in: 'path' } }) });

const PartnerRelationship = z
  .object({
    partnerTenantId: z.string(),
    partnerName: z.string(),
    relationshipId: z.string(),
    relationship: z.literal('reseller'),
    since: z.string(),
    delegatedAdminPrivileges: z.boolean(),
    delegatedAdminPrivilegesRemoved: DelegatedAdminPrivilegesRemoved.nullable(),
  })
  .openapi('PartnerRelationship');

const PartnerRelationshipList = z
  .object({ customerTenantId: z.string(), items: z.array(PartnerRelationship) })
  .openapi('PartnerRelationshipList');

const RemovalForm = z.object({ csrfToken: z.string().max(200).optional() });

const listRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listPartnerRelationships',
  tags,
  security,
  summary: "A customer tenant's partners: each reseller relationship and its delegated admin privileges",
  description:
    'For a Global administrator of a customer tenant, as on the Microsoft 365 admin center\'s Partner relationships ' +
    'page: an HTML page after signing in with Microsoft (`/partner-relationships/sign-in`), or JSON for API clients ' +
    'with `Authorization: Bearer <access token>`; the tenant is the signed-in user\'s. A customer cannot end a ' +
    'reseller relationship: the partner ends it.',
  request: { query: LangQuery },
  responses: {
    200: { description: 'The partners: HTML page, or JSON for API clients', content: { ...html, 'application/json': { schema: PartnerRelationshipList } } },
    ...problemResponses(401, 403, 429),
  },
});

const signInRoute = createRoute({
  method: 'get',
  path: '/sign-in',
  operationId: 'signInForPartnerRelationships',
  tags,
  security: [],
  summary: 'Sign in with the OpenID provider (Microsoft Entra ID) to see your tenant\'s partners',
  description: 'Redirects to the provider (authorization code flow with PKCE); it returns to /auth/callback, then to /partner-relationships.',
  request: { query: LangQuery.extend({ anotherUser: z.literal('1').optional() }) },
  responses: { 302: { description: 'To the provider' }, 303: { description: 'Back to the page: sign-in is off' }, ...problemResponses(429) },
});

const removeRoute = createRoute({
  method: 'post',
  path: '/{partnerTenantId}/remove-admin-privileges',
  operationId: 'removeDelegatedAdminPrivileges',
  tags,
  security,
  summary: "Remove a partner's delegated admin privileges; the reseller relationship stays",
  description:
    'A form post from the page (with its CSRF token) or JSON with `Authorization: Bearer <access token>` of a Global ' +
    'administrator of the customer tenant. The removal is recorded with its time and the verified user, and the ' +
    'partner is told by email. Removing them again answers with the recorded removal.',
  request: {
    params: PartnerParam,
    query: LangQuery,
    body: { required: false, content: { 'application/x-www-form-urlencoded': { schema: RemovalForm }, 'application/json': { schema: z.object({}).strict() } } },
  },
  responses: {
    200: { description: 'Removed: the page, or the partner relationship as JSON', content: { ...html, 'application/json': { schema: PartnerRelationship } } },
    ...problemResponses(401, 403, 404, 409, 413, 429),
  },
});

type Tenant = { tenantId: string; identity: VerifiedIdentity; customer: CustomerDocument };

const refusalDetail: Record<'other-organization' | 'not-global-administrator', string> = {
  'other-organization': 'The token is from a tenant that is not a customer here',
  'not-global-administrator': "Only a Global administrator of the customer tenant may see or change its partner relationships",
};

/** A verified user as the page names them: "name (sign-in name)", or whichever of the two is known. */
const displayName = (user: { name?: string | undefined; username?: string | undefined; objectId: string }) =>
  user.name && user.username ? `${user.name} (${user.username})` : (user.name ?? user.username ?? user.objectId);

/**
 * The customer's side of its reseller relationships: a Global administrator of the tenant sees its partners and
 * removes a partner's delegated admin privileges, never the relationship itself.
 */
export function partnerRelationshipRoutes(deps: ApiDeps) {
  const { collections } = deps.database;
  const now = clockOf(deps);
  const signIn: CustomerSignIn | undefined = deps.config.CUSTOMER_SIGN_IN === 'oidc' ? deps.customerSignIn : undefined;

  const wantsJson = (c: Context) =>
    c.req.header('authorization') !== undefined ||
    (c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json') ||
    (c.req.method === 'GET' && /application\/json/i.test(c.req.header('accept') ?? '') && !/text\/html/i.test(c.req.header('accept') ?? ''));

  const customerOf = (tenantId: string) => collections.customers.findOne({ _id: tenantId });

  async function refusalOf(identity: VerifiedIdentity): Promise<{ refusal: 'other-organization' | 'not-global-administrator' } | { customer: CustomerDocument }> {
    const customer = await customerOf(identity.tenantId);
    if (!customer) return { refusal: 'other-organization' };
    if (!isGlobalAdministrator(identity)) return { refusal: 'not-global-administrator' };
    return { customer };
  }

  /** An API client's Global administrator, from its bearer access token; anyone else is answered here. */
  async function bearerTenant(c: Context): Promise<Tenant | Response> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!bearer || !deps.accessTokens) {
      return problemResponse(c, {
        status: 401,
        slug: 'sign-in-required',
        detail: 'Send the access token of a Global administrator of the customer tenant as `Authorization: Bearer <token>`',
        headers: { 'www-authenticate': 'Bearer realm="partner-relationships"' },
      });
    }
    const identity = await deps.accessTokens(bearer).catch((error: unknown) => {
      throw accessTokenRefusal(error, 'partner-relationships');
    });
    const checked = await refusalOf(identity);
    if ('refusal' in checked) return problemResponse(c, { status: 403, slug: checked.refusal, detail: refusalDetail[checked.refusal] });
    return { tenantId: identity.tenantId, identity, customer: checked.customer };
  }

  /**
   * The browser's tenant session, checked again against the tenant (it may have stopped being a customer): the tenant,
   * or why the signed-in user may not act here, or undefined when nobody is signed in.
   */
  async function sessionTenant(c: Context): Promise<Tenant | { refusal: 'other-organization' | 'not-global-administrator' } | undefined> {
    const session = signIn && (await signIn.signedInTenant(c));
    if (!session) return undefined;
    const checked = await refusalOf(session.identity);
    if ('refusal' in checked) return checked;
    return checked.customer._id === session.tenantId ? { ...session, customer: checked.customer } : { refusal: 'other-organization' };
  }

  async function partnersOf(tenantId: string) {
    const active = await withoutEnded(collections, await collections.relationships.find({ customerTenantId: tenantId, type: 'reseller' }).toArray());
    const partners = await collections.partners.find({ _id: { $in: active.map((r) => r.partnerTenantId) } }).toArray();
    const names = new Map(partners.map((partner) => [partner._id, partner.name]));
    return active
      .map((relationship) => itemOf(relationshipView(relationship), names.get(relationship.partnerTenantId) ?? relationship.partnerTenantId))
      .sort((a, b) => a.partnerName.localeCompare(b.partnerName) || a.partnerTenantId.localeCompare(b.partnerTenantId));
  }

  const itemOf = (relationship: RelationshipView, partnerName: string): z.infer<typeof PartnerRelationship> => ({
    partnerTenantId: relationship.partnerTenantId,
    partnerName,
    relationshipId: relationship.id,
    relationship: 'reseller',
    since: relationship.since,
    delegatedAdminPrivileges: relationship.delegatedAdminPrivileges,
    delegatedAdminPrivilegesRemoved: relationship.delegatedAdminPrivilegesRemoved,
  });

  const pageItem = (item: z.infer<typeof PartnerRelationship>): PartnerRelationshipItem => ({
    partnerTenantId: item.partnerTenantId,
    partnerName: item.partnerName,
    since: item.since,
    delegatedAdminPrivileges: item.delegatedAdminPrivileges,
    ...(item.delegatedAdminPrivilegesRemoved && {
      removed: { at: item.delegatedAdminPrivilegesRemoved.at, by: displayName(item.delegatedAdminPrivilegesRemoved.by) },
    }),
  });

  const localeOf = (c: Context, customer?: CustomerDocument): Locale =>
    pickLocale(c.req.query('lang'), customer?.preferredLanguage, c.req.header('accept-language'));

  /** A language the user chose (`?lang=`), kept through the sign-in; without one the page speaks the tenant's. */
  const chosenLocale = (c: Context): Locale | undefined => (c.req.query('lang') ? pickLocale(c.req.query('lang')) : undefined);

  const signInUrl = (c: Context, anotherUser: boolean) => {
    const lang = chosenLocale(c);
    const query = new URLSearchParams({ ...(lang && { lang }), ...(anotherUser && { anotherUser: '1' }) }).toString();
    return `/partner-relationships/sign-in${query ? `?${query}` : ''}`;
  };

  const signInAccess = (c: Context, problem?: TenantSignInProblem): TenantPageAccess =>
    signIn
      ? {
          mode: 'signIn',
          // After a refusal the provider would sign the same user in again: ask it for another account.
          signInUrl: signInUrl(c, problem === 'other-organization' || problem === 'not-global-administrator'),
          problem,
        }
      : { mode: 'unavailable' };

  async function page(c: Context, tenant: Tenant, notice?: PartnerRelationshipsView['notice']): Promise<string> {
    const locale = localeOf(c, tenant.customer);
    const csrfToken = (await signIn?.tenantCsrfToken(c)) ?? '';
    const { identity } = tenant;
    return renderPartnerRelationshipsPage({
      locale,
      access: {
        mode: 'signedIn',
        userName: displayName(identity),
        csrfToken,
        switchUserUrl: signInUrl(c, true),
      },
      companyName: tenant.customer.companyName,
      partners: (await partnersOf(tenant.tenantId)).map(pageItem),
      ...(notice && { notice }),
    });
  }

  /** Records the removal through its workflow and answers with its outcome, once recorded. */
  async function removePrivileges(c: Context, tenant: Tenant, partnerTenantId: string): Promise<RelationshipChangeOutcome> {
    if (!TenantId.safeParse(partnerTenantId).success) return { outcome: 'notActive' };
    const active = await activeRelationship(collections, partnerTenantId, tenant.tenantId);
    if (!active) return { outcome: 'notActive' };
    const { identity } = tenant;
    const input: DelegatedAdminRemovalInput = {
      partnerTenantId,
      customerTenantId: tenant.tenantId,
      relationshipId: relationshipInstanceId(active),
      at: now().toISOString(),
      by: {
        verifiedBy: 'signIn',
        objectId: identity.objectId,
        tenantId: identity.tenantId,
        ...(identity.name && { name: identity.name }),
        ...(identity.username && { username: identity.username }),
      },
    };
    const workflowId = delegatedAdminRemovalWorkflowId(input);
    c.set('partnerTenantId', partnerTenantId);
    c.set('workflowId', workflowId);
    return deps.temporal.workflow.executeUpdateWithStart(changeRecorded, {
      startWorkflowOperation: new WithStartWorkflowOperation<typeof delegatedAdminRemoval>('delegatedAdminRemoval', {
        workflowId,
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: [
          { key: searchAttributes.PartnerTenantId, value: partnerTenantId },
          { key: searchAttributes.CustomerTenantId, value: tenant.tenantId },
        ],
        staticSummary: `${tenant.customer.companyName} removes the delegated admin privileges of ${partnerTenantId}`,
        staticDetails: `Relationship: ${input.relationshipId}\nRemoved by: ${identity.username ?? identity.objectId}`,
      }),
    });
  }

  const router = new OpenAPIHono<AppEnv>();
  // Documented from the same schemas, but answered by hand: each route serves both a browser and API clients.
  for (const route of [listRoute, signInRoute, removeRoute]) router.openAPIRegistry.registerPath(route);
  return router
    .get('/', async (c) => {
      if (wantsJson(c)) {
        const tenant = await bearerTenant(c);
        if (tenant instanceof Response) return tenant;
        return c.json({ customerTenantId: tenant.tenantId, items: await partnersOf(tenant.tenantId) }, 200);
      }
      const tenant = await sessionTenant(c);
      if (tenant && !('refusal' in tenant)) return c.html(await page(c, tenant), 200);
      if (tenant) return c.html(renderPartnerRelationshipsPage({ locale: localeOf(c), access: signInAccess(c, tenant.refusal) }), 200);
      const problem = z.enum(['other-organization', 'not-global-administrator', 'failed', 'required']).safeParse(c.req.query('signIn')).data;
      return c.html(renderPartnerRelationshipsPage({ locale: localeOf(c), access: signInAccess(c, problem) }), 200);
    })
    .get('/sign-in', async (c) => {
      const locale = chosenLocale(c);
      if (!signIn) return c.redirect(`/partner-relationships${locale ? `?lang=${locale}` : ''}`, 303);
      const anotherUser = c.req.query('anotherUser') === '1';
      if (anotherUser) signIn.signOutTenant(c);
      return signIn.startForTenant(c, { locale, anotherUser });
    })
    .post('/:partnerTenantId/remove-admin-privileges', async (c) => {
      const { partnerTenantId } = c.req.param();
      if (wantsJson(c)) {
        const tenant = await bearerTenant(c);
        if (tenant instanceof Response) return tenant;
        const outcome = await removePrivileges(c, tenant, partnerTenantId);
        if (outcome.outcome === 'notActive') {
          return problemResponse(c, { status: 404, slug: 'relationship-not-found', detail: 'This partner has no active reseller relationship with your tenant' });
        }
        if (outcome.outcome === 'noPrivileges') {
          return problemResponse(c, { status: 409, slug: 'no-delegated-admin-privileges', detail: 'This partner holds no delegated admin privileges' });
        }
        const partner = await collections.partners.findOne({ _id: partnerTenantId });
        return c.json(itemOf(outcome.relationship, partner?.name ?? partnerTenantId), 200);
      }
      const tenant = await sessionTenant(c);
      if (!tenant) {
        return c.html(renderPartnerRelationshipsPage({ locale: localeOf(c), access: signInAccess(c, 'required') }), 401);
      }
      // Signed in, but not as someone who may act here: told exactly why, not asked to sign in.
      if ('refusal' in tenant) return c.html(renderPartnerRelationshipsPage({ locale: localeOf(c), access: signInAccess(c, tenant.refusal) }), 403);
      const form = await c.req.parseBody();
      const csrf = typeof form.csrfToken === 'string' ? form.csrfToken : undefined;
      const m = relationshipMessages[localeOf(c, tenant.customer)].page;
      if (!(await signIn!.checkTenantCsrf(c, csrf))) return c.html(await page(c, tenant, { kind: 'problem', text: m.csrfFailed }), 403);
      const outcome = await removePrivileges(c, tenant, partnerTenantId);
      if (outcome.outcome === 'notActive') return c.html(await page(c, tenant, { kind: 'problem', text: m.notFound }), 404);
      const partnerName = (await collections.partners.findOne({ _id: partnerTenantId }))?.name ?? partnerTenantId;
      if (outcome.outcome === 'noPrivileges') return c.html(await page(c, tenant, { kind: 'problem', text: m.noPrivileges(partnerName) }), 409);
      return c.html(await page(c, tenant, { kind: 'removed', partnerName }), 200);
    });
}
