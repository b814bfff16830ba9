import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AdminRelationshipChanges, AdminRelationshipStatus, NewAccessAssignment, NewAdminRelationship, PartnerRelationshipAction } from '../../domain/adminRelationships.js';
import type { AdminRelationshipDocument } from '../../platform/documents.js';
import {
  createAccessAssignment,
  createAdminRelationship,
  deleteAccessAssignment,
  findPartnerAdminRelationship,
  listAccessAssignments,
  listAdminRelationships,
  requestOnAdminRelationship,
  updateAdminRelationship,
} from '../adminRelationshipCommands.js';
import { AccessAssignmentPage, AccessAssignmentView, AdminRelationshipPage, AdminRelationshipView, RelationshipRequestResult, accessAssignmentView, adminRelationshipView } from '../adminRelationshipSchemas.js';
import { requireAdminAgent } from '../auth.js';
import type { ApiDeps, AppEnv } from '../deps.js';
import { jsonBody, problemResponses } from '../openapiParts.js';
import { validationHook } from '../validation.js';

const tags = ['Admin relationships (GDAP)'];
const security = [{ apiKey: [] }];
const IdParam = z.object({ id: z.string().max(100).openapi({ param: { name: 'id', in: 'path' } }) });
const AssignmentParams = IdParam.extend({ assignmentId: z.string().max(100).openapi({ param: { name: 'assignmentId', in: 'path' } }) });
const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  status: AdminRelationshipStatus.optional(),
  customerTenantId: z.string().max(100).optional(),
});
const relationshipResponse = (description: string) => ({ description, content: { 'application/json': { schema: AdminRelationshipView } } });

const create = createRoute({
  method: 'post',
  path: '/',
  operationId: 'createAdminRelationship',
  tags,
  security,
  summary: 'Create an admin relationship (GDAP) (Admin agent)',
  description:
    "In Microsoft Graph's `delegatedAdminRelationship` shape: a `displayName` unique among the partner's, a `duration` " +
    'from P1D to P730D, an `autoExtendDuration` of PT0S (default) or P180D (not with the Global Administrator role), the ' +
    "roles (template IDs of Microsoft Entra built-in roles GDAP allows) and optionally the customer. It is `created`: " +
    'change it with PATCH, then lock it for approval (`POST …/requests {"action":"lockForApproval"}`).',
  request: { body: jsonBody(NewAdminRelationship) },
  responses: { 201: relationshipResponse('Created'), ...problemResponses(400, 401, 403, 409, 429) },
});

const list = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listAdminRelationships',
  tags,
  security,
  summary: "The partner's admin relationships, newest first, by status or customer",
  request: { query: ListQuery },
  responses: { 200: { description: 'A page', content: { 'application/json': { schema: AdminRelationshipPage } } }, ...problemResponses(400, 401, 429) },
});

const get = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getAdminRelationship',
  tags,
  security,
  summary: 'One admin relationship',
  request: { params: IdParam },
  responses: { 200: relationshipResponse('The relationship'), ...problemResponses(401, 404, 429) },
});

const update = createRoute({
  method: 'patch',
  path: '/{id}',
  operationId: 'updateAdminRelationship',
  tags,
  security,
  summary: 'Change an admin relationship while it is created (Admin agent)',
  request: { params: IdParam, body: jsonBody(AdminRelationshipChanges) },
  responses: { 200: relationshipResponse('Changed'), ...problemResponses(400, 401, 403, 404, 409, 429) },
});

const request = createRoute({
  method: 'post',
  path: '/{id}/requests',
  operationId: 'requestOnAdminRelationship',
  tags,
  security,
  summary: 'Lock for approval, or terminate (Admin agent)',
  description:
    "`lockForApproval`: the relationship is `approvalPending` and the customer's contact is emailed the approval link, " +
    'reminded after 7, 30 and 60 days; unapproved, it expires after 90. `terminate`: from any open status; its access ' +
    'assignments are removed, and the answer comes once it is `terminated`.',
  request: { params: IdParam, body: jsonBody(PartnerRelationshipAction) },
  responses: {
    201: { description: 'Done', content: { 'application/json': { schema: RelationshipRequestResult } } },
    ...problemResponses(400, 401, 403, 404, 409, 429),
  },
});

const createAssignment = createRoute({
  method: 'post',
  path: '/{id}/access-assignments',
  operationId: 'createAdminAccessAssignment',
  tags,
  security,
  summary: "Give one of the partner's security groups some of the relationship's roles (Admin agent)",
  description: 'Only while the relationship is active; `pending` until the relationship grants it, then `active`; removed as the relationship ends.',
  request: { params: IdParam, body: jsonBody(NewAccessAssignment) },
  responses: {
    201: { description: 'Recorded, pending', content: { 'application/json': { schema: AccessAssignmentView } } },
    ...problemResponses(400, 401, 403, 404, 409, 429),
  },
});

const listAssignments = createRoute({
  method: 'get',
  path: '/{id}/access-assignments',
  operationId: 'listAdminAccessAssignments',
  tags,
  security,
  summary: "The relationship's access assignments",
  request: { params: IdParam },
  responses: { 200: { description: 'The assignments', content: { 'application/json': { schema: AccessAssignmentPage } } }, ...problemResponses(401, 404, 429) },
});

const removeAssignment = createRoute({
  method: 'delete',
  path: '/{id}/access-assignments/{assignmentId}',
  operationId: 'deleteAdminAccessAssignment',
  tags,
  security,
  summary: 'Remove an access assignment (Admin agent)',
  request: { params: AssignmentParams },
  responses: { 202: { description: 'Being removed (`deleting`, then `deleted`)' }, ...problemResponses(401, 403, 404, 429) },
});

/** Admin relationships (GDAP) for partners, in Microsoft Graph's shape; each one's changes go through its workflow. */
export function adminRelationshipRoutes(deps: ApiDeps) {
  const customers = deps.database.collections.customers;
  const view = async (relationship: AdminRelationshipDocument) =>
    adminRelationshipView(relationship, relationship.customerTenantId ? await customers.findOne({ _id: relationship.customerTenantId }, { projection: { companyName: 1 } }) : null, deps.links.adminApprovalUrlFor);
  const manage = (user: Parameters<typeof requireAdminAgent>[0]) => requireAdminAgent(user, 'manage admin relationships');
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) => {
      const user = c.get('user');
      manage(user);
      const relationship = await createAdminRelationship(deps, user, c.req.valid('json'));
      c.set('workflowId', relationship.workflowId);
      return c.json(await view(relationship), 201, { location: `/v1/admin-relationships/${relationship._id}` });
    })
    .openapi(list, async (c) => {
      const found = await listAdminRelationships(deps, c.get('user'), c.req.valid('query'));
      return c.json({ items: await Promise.all(found.items.map(view)), nextCursor: found.nextCursor }, 200);
    })
    .openapi(get, async (c) => c.json(await view(await findPartnerAdminRelationship(deps, c.get('user'), c.req.valid('param').id)), 200))
    .openapi(update, async (c) => {
      const user = c.get('user');
      manage(user);
      return c.json(await view(await updateAdminRelationship(deps, user, c.req.valid('param').id, c.req.valid('json'))), 200);
    })
    .openapi(request, async (c) => {
      const user = c.get('user');
      manage(user);
      const { action } = c.req.valid('json');
      const relationship = await requestOnAdminRelationship(deps, user, c.req.valid('param').id, action);
      c.set('workflowId', relationship.workflowId);
      return c.json({ action, status: 'succeeded' as const, relationship: await view(relationship) }, 201);
    })
    .openapi(createAssignment, async (c) => {
      const user = c.get('user');
      manage(user);
      return c.json(accessAssignmentView(await createAccessAssignment(deps, user, c.req.valid('param').id, c.req.valid('json'))), 201);
    })
    .openapi(listAssignments, async (c) => {
      const items = await listAccessAssignments(deps, c.get('user'), c.req.valid('param').id);
      return c.json({ items: items.map(accessAssignmentView) }, 200);
    })
    .openapi(removeAssignment, async (c) => {
      const user = c.get('user');
      manage(user);
      const { id, assignmentId } = c.req.valid('param');
      await deleteAccessAssignment(deps, user, id, assignmentId);
      return c.body(null, 202);
    });
}
