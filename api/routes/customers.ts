import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { canManageRelationships } from '../../domain/roles.js';
import { TenantId } from '../../domain/tenants.js';
import { CustomerListItem } from '../../platform/representations.js';
import { requireRelationshipManager } from '../auth.js';
import { NewCustomerBody } from '../bodies.js';
import { addCustomer, endCustomerRelationship, listCustomers } from '../customerCommands.js';
import type { ApiDeps, AppEnv } from '../deps.js';
import { jsonBody, problemResponses } from '../openapiParts.js';
import { ProblemError } from '../problem.js';
import { CustomerListQuery, CustomerPage } from '../schemas.js';
import { validationHook } from '../validation.js';

const tags = ['Customers'];
const security = [{ apiKey: [] }];

const list = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listCustomers',
  tags,
  security,
  summary: "The partner's customer list: every customer with an active reseller relationship",
  description:
    'With `status=ended`, the relationships this partner ended, each kept with `endedAt`, `endedBy` and `reason`; with ' +
    '`status=all`, both. Sorted by customer, an active relationship before the ended ones of the same customer.',
  request: { query: CustomerListQuery },
  responses: {
    200: { description: 'A page of customers', content: { 'application/json': { schema: CustomerPage } } },
    ...problemResponses(400, 401, 429),
  },
});

const add = createRoute({
  method: 'post',
  path: '/',
  operationId: 'addCustomer',
  tags,
  security,
  summary: 'Add a brand-new customer: a new tenant, with the reseller relationship at once, no invitation',
  description:
    'As Partner Center\'s "Add customer": the engine creates a new tenant, assigns its ID (a GUID, `customerTenantId` ' +
    'in the answer) and its initial domain `<domainPrefix>.onmicrosoft.com` (`.onmicrosoft.us` for a partner in ' +
    'Microsoft Cloud for US Government). An existing tenant is never attached here: it is invited with ' +
    '`POST /v1/relationship-requests` and accepts. A body with `tenantId` or `domain` is a 400 naming the field. A ' +
    'prefix whose domain a customer already holds is a 409 naming `domainPrefix`; when this partner created that ' +
    'customer, `existingCustomerTenantId` names it, which is how a POST retried after a lost answer learns its tenant.',
  request: { body: jsonBody(NewCustomerBody) },
  responses: {
    201: { description: 'Customer created with the relationship', content: { 'application/json': { schema: CustomerListItem } } },
    ...problemResponses(400, 401, 403, 409, 413, 422, 429),
  },
});

const TenantParam = z.object({
  tenantId: z
    .string()
    .refine((value) => TenantId.safeParse(value).success, 'must be 1-100 letters, digits, ".", "_" or "-"')
    .openapi({ param: { name: 'tenantId', in: 'path' }, description: "The customer's tenant ID" }),
});

const EndRelationshipBody = z
  .object({ reason: z.string().trim().min(1).max(500).openapi({ description: 'Why the partner ends the relationship; the customer is told' }) })
  .strict();

const end = createRoute({
  method: 'post',
  path: '/{tenantId}/relationship/end',
  operationId: 'endRelationship',
  tags,
  security,
  summary: 'End the reseller relationship with a customer (Partner Center: "Remove reseller relationship")',
  description:
    'Admin agent or Sales agent. The relationship leaves the customer list and is kept, with `endedAt`, `endedBy` and ' +
    '`reason` (`GET /v1/customers?status=ended`); the customer is told by email, the `relationship.ended` webhook event ' +
    'is published, and a new request for the customer is possible again. Ending the same relationship at the same ' +
    'time twice records one ending, which both answers show.',
  request: { params: TenantParam, body: jsonBody(EndRelationshipBody) },
  responses: {
    200: { description: 'The ended relationship', content: { 'application/json': { schema: CustomerListItem } } },
    ...problemResponses(400, 401, 403, 404, 413, 429),
  },
});

export function customerRoutes(deps: ApiDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => c.json(await listCustomers(deps, c.get('user'), c.req.valid('query')), 200))
    .openapi(add, async (c) => {
      const user = c.get('user');
      requireRelationshipManager(user);
      const { tenantId, item } = await addCustomer(deps, user, c.req.valid('json'));
      return c.json(item, 201, { location: `/v1/customers/${tenantId}` });
    })
    .openapi(end, async (c) => {
      const user = c.get('user');
      if (!canManageRelationships(user.roles)) {
        throw new ProblemError({ status: 403, slug: 'forbidden', detail: 'Only an Admin agent or a Sales agent may end a reseller relationship' });
      }
      const ended = await endCustomerRelationship(deps, user, { ...c.req.valid('param'), ...c.req.valid('json') }, (workflowId) =>
        c.set('workflowId', workflowId),
      );
      return c.json(ended, 200);
    });
}
