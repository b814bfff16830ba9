import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { maxBatchItems } from '../../domain/batches.js';
import { requireRelationshipManager } from '../auth.js';
import { batchItemsPage, batchSummary, cancelRunningBatch, createBatch, findPartnerBatch } from '../batchCommands.js';
import { BatchBody, batchValidationProblem, duplicateErrors, jsonBatchErrors, parseCsvBatch, type BatchEntry } from '../batchInput.js';
import { BatchDetail, BatchHeaders, BatchSummary } from '../batchSchemas.js';
import { ReasonBody } from '../bodies.js';
import type { ApiDeps, AppEnv } from '../deps.js';
import { jsonBody, problemResponses } from '../openapiParts.js';
import { problemResponse, ProblemError } from '../problem.js';
import { ListQuery } from '../schemas.js';
import { validationHook } from '../validation.js';

const tags = ['Relationship request batches'];
const security = [{ apiKey: [] }];
const IdParam = z.object({ id: z.string().max(100).openapi({ param: { name: 'id', in: 'path' } }) });

const csvExample = [
  'customerTenantId,customerDomain,customerEmail,includeDelegatedAdminPrivileges,locale',
  'kyiv-bakery-ua,,it@kyivbakery.example,true,en',
  ',izmirtekstil.example,bt@izmirtekstil.example,false,tr',
].join('\n');

const create = createRoute({
  method: 'post',
  path: '/',
  operationId: 'createRelationshipRequestBatch',
  tags,
  security,
  summary: 'Ask many customers at once for reseller relationships',
  description:
    `Up to ${maxBatchItems} customers, as JSON \`{items: [...]}\` (each item the body of \`POST /v1/relationship-requests\`) ` +
    'or as `text/csv` with a header row naming the same fields. Every item is checked first: any bad one is a 400 naming ' +
    'each bad item (`index`) or CSV line (`line`), and nothing starts. Then the batch opens each request as a single ' +
    'request would, a few at a time; follow it with `GET /v1/relationship-request-batches/{id}`. A body is required.',
  request: {
    headers: BatchHeaders,
    body: {
      required: false,
      content: {
        'application/json': { schema: BatchBody },
        'text/csv': { schema: z.string().openapi({ example: csvExample }) },
      },
    },
  },
  responses: {
    202: { description: 'Batch accepted and started', content: { 'application/json': { schema: BatchSummary } } },
    ...problemResponses(400, 401, 403, 413, 415, 422, 429),
  },
});

const get = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getRelationshipRequestBatch',
  tags,
  security,
  summary: 'A batch: its status, counts by outcome, and its items page by page',
  request: { params: IdParam, query: ListQuery },
  responses: {
    200: { description: 'The batch', content: { 'application/json': { schema: BatchDetail } } },
    ...problemResponses(400, 401, 404, 429),
  },
});

const cancel = createRoute({
  method: 'post',
  path: '/{id}/cancel',
  operationId: 'cancelRelationshipRequestBatch',
  tags,
  security,
  summary: 'Stop a running batch',
  description: 'Items already opened stay as they are (their requests go on); the items not yet opened are recorded as `cancelled`.',
  request: { params: IdParam, body: jsonBody(ReasonBody, false) },
  responses: {
    200: { description: 'Canceled', content: { 'application/json': { schema: BatchSummary.pick({ id: true, status: true, counts: true }) } } },
    ...problemResponses(400, 401, 403, 404, 409, 429),
  },
});

const isCsv = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase() === 'text/csv';

/** Bad JSON items are named by index, next to the field's path. */
function batchBodyHook(result: { success: true } | { success: false; error: z.ZodError; target: string }, c: Context) {
  if (result.success || result.target !== 'json') return validationHook(result, c);
  return problemResponse(c, batchValidationProblem(jsonBatchErrors(result.error)));
}

export function relationshipRequestBatchRoutes(deps: ApiDeps) {
  const { collections } = deps.database;
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      create,
      async (c) => {
        const user = c.get('user');
        requireRelationshipManager(user);
        const contentType = c.req.header('content-type') ?? '';
        let entries: BatchEntry[];
        if (isCsv(contentType)) {
          const parsed = parseCsvBatch(await c.req.text());
          if ('errors' in parsed) throw new ProblemError(batchValidationProblem(parsed.errors));
          entries = parsed.entries;
        } else if (contentType) {
          entries = (c.req.valid('json') as z.infer<typeof BatchBody>).items.map((ask) => ({ ask }));
        } else {
          throw new ProblemError(batchValidationProblem([{ field: '(body)', message: 'send JSON {items: [...]} or text/csv' }]));
        }
        const duplicates = duplicateErrors(entries);
        if (duplicates.length > 0) throw new ProblemError(batchValidationProblem(duplicates));

        const batch = await createBatch(deps, user, entries, isCsv(contentType) ? 'csv' : 'json', c.req.valid('header')['idempotency-key']);
        c.set('workflowId', batch.workflowId);
        return c.json(await batchSummary(collections, batch), 202, { location: `/v1/relationship-request-batches/${batch._id}` });
      },
      // The route's typed responses do not include a problem Response; the hook answers with one.
      batchBodyHook as never,
    )
    .openapi(get, async (c) => {
      const batch = await findPartnerBatch(deps, c.get('user'), c.req.valid('param').id);
      const { limit, cursor } = c.req.valid('query');
      const [summary, page] = await Promise.all([batchSummary(collections, batch), batchItemsPage(collections, batch, limit, cursor)]);
      return c.json({ ...summary, ...page }, 200);
    })
    .openapi(cancel, async (c) => {
      const user = c.get('user');
      requireRelationshipManager(user);
      const batch = await findPartnerBatch(deps, user, c.req.valid('param').id);
      c.set('workflowId', batch.workflowId);
      const { reason } = c.req.valid('json') ?? {};
      const outcome = await cancelRunningBatch(deps, user, batch, reason);
      return c.json({ id: batch._id, ...outcome }, 200);
    });
}
