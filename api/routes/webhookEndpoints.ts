import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { clockOf } from '../../platform/clock.js';
import { requireAdminAgent } from '../auth.js';
import type { ApiDeps, AppEnv } from '../deps.js';
import { jsonBody, problemResponses } from '../openapiParts.js';
import { ListQuery } from '../schemas.js';
import { validationHook } from '../validation.js';
import { deleteEndpoint, findPartnerEndpoint, listDeliveries, listEndpoints, registerEndpoint, rotateSecret } from '../webhookEndpointCommands.js';
import {
  CreateWebhookEndpointBody,
  WebhookDeliveryPage,
  WebhookEndpointPage,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
  webhookDeliveryView,
  webhookEndpointView,
} from '../webhookSchemas.js';

const tags = ['Webhook endpoints'];
const security = [{ apiKey: [] }];
const IdParam = z.object({ id: z.string().max(100).openapi({ param: { name: 'id', in: 'path' } }) });
/** A response that carries a signing secret must not be kept by any cache. */
const secretHeaders = { 'cache-control': 'no-store' };

const create = createRoute({
  method: 'post',
  path: '/',
  operationId: 'registerWebhookEndpoint',
  tags,
  security,
  summary: 'Register a webhook endpoint (Admin agent)',
  description:
    'Events of the chosen types are POSTed to the URL, signed per the Standard Webhooks specification. The URL must be ' +
    'https and its host resolve to public addresses only (checked again at each delivery). The answer carries the ' +
    'signing secret, shown this once. A partner has at most WEBHOOK_ENDPOINTS_PER_PARTNER endpoints (10 by default): ' +
    'one more is a 409 until one is deleted.',
  request: { body: jsonBody(CreateWebhookEndpointBody) },
  responses: {
    201: { description: 'Registered; `secret` is shown only here', content: { 'application/json': { schema: WebhookEndpointWithSecret } } },
    ...problemResponses(400, 401, 403, 409, 413, 429),
  },
});

const list = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listWebhookEndpoints',
  tags,
  security,
  summary: "This partner's webhook endpoints, newest first (never their secrets)",
  request: { query: ListQuery },
  responses: {
    200: { description: 'A page of endpoints', content: { 'application/json': { schema: WebhookEndpointPage } } },
    ...problemResponses(400, 401, 429),
  },
});

const get = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getWebhookEndpoint',
  tags,
  security,
  summary: 'One webhook endpoint (never its secret)',
  request: { params: IdParam },
  responses: {
    200: { description: 'The endpoint', content: { 'application/json': { schema: WebhookEndpointView } } },
    ...problemResponses(401, 404, 429),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  operationId: 'deleteWebhookEndpoint',
  tags,
  security,
  summary: 'Delete a webhook endpoint (Admin agent): no more deliveries, its secrets erased',
  request: { params: IdParam },
  responses: {
    204: { description: 'Deleted' },
    ...problemResponses(401, 403, 404, 429),
  },
});

const rotate = createRoute({
  method: 'post',
  path: '/{id}/rotate-secret',
  operationId: 'rotateWebhookEndpointSecret',
  tags,
  security,
  summary: 'Rotate the signing secret (Admin agent)',
  description:
    'Answers with a new secret, shown this once. The one it replaces stays valid for 24 hours: meanwhile every delivery ' +
    'carries a signature by each, space-separated in `webhook-signature`.',
  request: { params: IdParam },
  responses: {
    200: { description: 'Rotated; `secret` is shown only here', content: { 'application/json': { schema: WebhookEndpointWithSecret } } },
    ...problemResponses(401, 403, 404, 409, 429),
  },
});

const deliveries = createRoute({
  method: 'get',
  path: '/{id}/deliveries',
  operationId: 'listWebhookDeliveries',
  tags,
  security,
  summary: 'Delivery attempts to this endpoint, newest first',
  description: 'Each attempt with its event, the status code or error, its duration and number.',
  request: { params: IdParam, query: ListQuery },
  responses: {
    200: { description: 'A page of attempts', content: { 'application/json': { schema: WebhookDeliveryPage } } },
    ...problemResponses(400, 401, 404, 429),
  },
});

export function webhookEndpointRoutes(deps: ApiDeps) {
  const now = clockOf(deps);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) => {
      const user = c.get('user');
      requireAdminAgent(user, 'register webhook endpoints');
      const at = now();
      const { endpoint, secret } = await registerEndpoint(deps, user, c.req.valid('json'), at);
      return c.json({ ...webhookEndpointView(endpoint, at), secret }, 201, { ...secretHeaders, location: `/v1/webhook-endpoints/${endpoint._id}` });
    })
    .openapi(list, async (c) => {
      const found = await listEndpoints(deps, c.get('user'), c.req.valid('query'));
      const at = now();
      return c.json({ items: found.items.map((endpoint) => webhookEndpointView(endpoint, at)), nextCursor: found.nextCursor }, 200);
    })
    .openapi(get, async (c) => {
      const endpoint = await findPartnerEndpoint(deps, c.get('user'), c.req.valid('param').id);
      return c.json(webhookEndpointView(endpoint, now()), 200);
    })
    .openapi(remove, async (c) => {
      const user = c.get('user');
      requireAdminAgent(user, 'delete webhook endpoints');
      await deleteEndpoint(deps, user, c.req.valid('param').id, now());
      return c.body(null, 204);
    })
    .openapi(rotate, async (c) => {
      const user = c.get('user');
      requireAdminAgent(user, "rotate a webhook endpoint's secret");
      const at = now();
      const { endpoint, secret } = await rotateSecret(deps, user, c.req.valid('param').id, at);
      return c.json({ ...webhookEndpointView(endpoint, at), secret }, 200, secretHeaders);
    })
    .openapi(deliveries, async (c) => {
      const endpoint = await findPartnerEndpoint(deps, c.get('user'), c.req.valid('param').id);
      const found = await listDeliveries(deps, endpoint, c.req.valid('query'));
      return c.json({ items: found.items.map(webhookDeliveryView), nextCursor: found.nextCursor }, 200);
    });
}
