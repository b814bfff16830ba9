import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { RequestStatus } from '../../domain/relationshipRequest.js';
import { RequestAsk } from '../../domain/requestAsk.js';
import { canManageRelationships } from '../../domain/roles.js';
import { clockOf } from '../../platform/clock.js';
import { RequestDetail, requestDetail } from '../../platform/representations.js';
import { requireRelationshipManager } from '../auth.js';
import { ReasonBody } from '../bodies.js';
import type { ApiDeps, AppEnv, AuthenticatedUser } from '../deps.js';
import { jsonBody, problemResponses } from '../openapiParts.js';
import { ProblemError } from '../problem.js';
import {
  createRelationshipRequest,
  decideRequest,
  findPartnerRequest,
  RequestClosedError,
  listRequests,
  resendInvitation,
} from '../requestCommands.js';
import { CreatedRequest, ListQuery, RequestPage, StatusOnly } from '../schemas.js';
import { validationHook } from '../validation.js';

const tags = ['Relationship requests'];
const security = [{ apiKey: [] }];
const IdParam = z.object({ id: z.string().max(100).openapi({ param: { name: 'id', in: 'path' } }) });

const create = createRoute({
  method: 'post',
  path: '/',
  operationId: 'createRelationshipRequest',
  tags,
  security,
  summary: 'Request a reseller relationship from an existing customer',
  description:
    'Validates eligibility (cloud, region, delegated admin option, existing relationship) and sends the invitation. ' +
    'Answers once the invitation is out, with the link and the email the customer received.',
  request: { body: jsonBody(RequestAsk) },
  responses: {
    201: { description: 'Invitation sent', content: { 'application/json': { schema: CreatedRequest } } },
    ...problemResponses(400, 401, 403, 404, 409, 413, 422, 429),
  },
});

const list = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listRelationshipRequests',
  tags,
  security,
  summary: "This partner's relationship requests, newest first",
  description: 'Any partner user reads them; each item carries `invitationUrl` only for an Admin agent or a Sales agent.',
  request: { query: ListQuery.extend({ status: RequestStatus.optional() }) },
  responses: {
    200: { description: 'A page of requests', content: { 'application/json': { schema: RequestPage } } },
    ...problemResponses(400, 401, 429),
  },
});

const get = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getRelationshipRequest',
  tags,
  security,
  summary: 'One request with its events',
  description: 'Any partner user reads it; `invitationUrl` is there only for an Admin agent or a Sales agent.',
  request: { params: IdParam },
  responses: {
    200: { description: 'The request', content: { 'application/json': { schema: RequestDetail } } },
    ...problemResponses(401, 404, 429),
  },
});

const cancel = createRoute({
  method: 'post',
  path: '/{id}/cancel',
  operationId: 'cancelRelationshipRequest',
  tags,
  security,
  summary: 'Cancel a pending request',
  request: { params: IdParam, body: jsonBody(ReasonBody, false) },
  responses: {
    200: { description: 'Canceled (also the answer to the same user repeating the cancellation)', content: { 'application/json': { schema: StatusOnly } } },
    ...problemResponses(400, 401, 403, 404, 409, 429, 503),
  },
});

const resend = createRoute({
  method: 'post',
  path: '/{id}/resend',
  operationId: 'resendInvitation',
  tags,
  security,
  summary: 'Send the invitation email again',
  description:
    'At most 5 times per request in 24 hours, and within the partner\'s hourly email quota (operator settings): past ' +
    'either, 429 with Retry-After and nothing is sent.',
  request: { params: IdParam },
  responses: {
    202: { description: 'Resend scheduled', content: { 'application/json': { schema: StatusOnly } } },
    ...problemResponses(401, 403, 404, 409, 429),
  },
});

const closedConflict = (error: RequestClosedError) =>
  new ProblemError({
    status: 409,
    slug: 'request-closed',
    detail: `The request is ${error.status} and can no longer change`,
    requestStatus: error.status,
  });

export function relationshipRequestRoutes(deps: ApiDeps) {
  const now = clockOf(deps);
  /** The invitation links, for the roles that act on requests only: a read-only role never sees a link. */
  const linksFor = (user: AuthenticatedUser) => (canManageRelationships(user.roles) ? deps.links : undefined);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) => {
      const user = c.get('user');
      requireRelationshipManager(user);
      const created = await createRelationshipRequest(deps, user, c.req.valid('json'));
      c.set('workflowId', created.workflowId);
      const { workflowId: _workflowId, ...body } = created;
      return c.json(body, 201, { location: `/v1/relationship-requests/${created.id}` });
    })
    .openapi(list, async (c) => {
      const user = c.get('user');
      return c.json(await listRequests(deps, user, c.req.valid('query'), linksFor(user)), 200);
    })
    .openapi(get, async (c) => {
      const user = c.get('user');
      const request = await findPartnerRequest(deps, user, c.req.valid('param').id);
      return c.json(requestDetail(request, linksFor(user)), 200);
    })
    .openapi(cancel, async (c) => {
      const user = c.get('user');
      requireRelationshipManager(user);
      const request = await findPartnerRequest(deps, user, c.req.valid('param').id);
      c.set('workflowId', request.workflowId);
      const { reason } = c.req.valid('json') ?? {};
      try {
        const snapshot = await decideRequest(deps, request, {
          kind: 'cancel',
          at: now().toISOString(),
          by: { userId: user.id, email: user.email },
          ...(reason && { reason }),
        });
        return c.json({ id: request._id, status: snapshot.status }, 200);
      } catch (error) {
        throw error instanceof RequestClosedError ? closedConflict(error) : error;
      }
    })
    .openapi(resend, async (c) => {
      const user = c.get('user');
      requireRelationshipManager(user);
      const request = await findPartnerRequest(deps, user, c.req.valid('param').id);
      c.set('workflowId', request.workflowId);
      try {
        await resendInvitation(deps, request, user);
        return c.json({ id: request._id, status: request.status }, 202);
      } catch (error) {
        throw error instanceof RequestClosedError ? closedConflict(error) : error;
      }
    });
}
