import { createRoute, z } from '@hono/zod-openapi';
import { DelegatedAdminPrivilegesRemoved } from '../../platform/representations.js';
import { problemResponses } from '../openapiParts.js';

const tags = ['Partner relationships (customer)'];
const security = [{ customerAccessToken: [] }];
const html = { 'text/html': { schema: z.string() } };
const LangQuery = z.object({ lang: z.string().max(35).optional() });
const PartnerParam = z.object({ partnerTenantId: z.string().max(100).openapi({ param: { name: 'partnerTenantId', in: 'path' } }) });

export const PartnerRelationship = z
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

export const listRoute = createRoute({
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

export const signInRoute = createRoute({
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

export const removeRoute = createRoute({
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

export type PartnerRelationship = z.infer<typeof PartnerRelationship>;

const AdminRelationshipParam = z.object({ id: z.string().max(100).openapi({ param: { name: 'id', in: 'path' } }) });

export const CustomerAdminRelationshipView = z
  .object({
    id: z.string(),
    partnerName: z.string(),
    displayName: z.string(),
    status: z.string(),
    roleIds: z.array(z.string()),
    durationDays: z.number().int(),
    autoExtends: z.boolean(),
    approvalExpiresAt: z.string().nullable(),
    endAt: z.string().nullable(),
  })
  .openapi('CustomerAdminRelationship');

export const adminRelationshipRoute = createRoute({
  method: 'get',
  path: '/admin-relationships/{id}/approval',
  operationId: 'getCustomerAdminRelationship',
  tags,
  security,
  summary: 'An admin relationship (GDAP) a partner asks the tenant to approve: the approval link',
  description: "JSON for API clients with a Global administrator's access token; a browser goes to the tenant's page, where the relationship is shown with its roles in plain words.",
  request: { params: AdminRelationshipParam, query: LangQuery },
  responses: {
    200: { description: 'The relationship', content: { 'application/json': { schema: CustomerAdminRelationshipView } } },
    303: { description: "A browser: to the tenant's page" },
    ...problemResponses(401, 403, 404, 429),
  },
});

const actDescriptions = {
  approve: 'Approve a pending admin relationship: active from now until its end date',
  reject: 'Reject a pending admin relationship: it is terminated, nothing granted',
  terminate: 'End an open admin relationship: every access assignment is removed',
} as const;

/** The customer's acts, one route each: a form post from the page (with its CSRF token) or JSON with an access token. */
export const adminRelationshipActRoutes = (['approve', 'reject', 'terminate'] as const).map((act) =>
  createRoute({
    method: 'post',
    path: `/admin-relationships/{id}/${act}`,
    operationId: `${act}CustomerAdminRelationship`,
    tags,
    security,
    summary: `${actDescriptions[act]} (Global administrator)`,
    description: "A form post from the page (with its CSRF token) or JSON with a Global administrator's access token of the relationship's own tenant.",
    request: {
      params: AdminRelationshipParam,
      query: LangQuery,
      body: { required: false, content: { 'application/x-www-form-urlencoded': { schema: RemovalForm }, 'application/json': { schema: z.object({}).strict() } } },
    },
    responses: {
      200: { description: 'Done: the page, or the relationship as JSON', content: { ...html, 'application/json': { schema: CustomerAdminRelationshipView } } },
      ...problemResponses(401, 403, 404, 409, 413, 429),
    },
  }),
);
