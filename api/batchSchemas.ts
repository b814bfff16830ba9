import { z } from '@hono/zod-openapi';
import { BatchItemOutcome, BatchStatus } from '../domain/batches.js';
import { RuleCode } from '../domain/eligibility.js';

const count = z.number().int().min(0);

export const BatchCountsView = z
  .object({
    total: count,
    pending: count.openapi({ description: 'Not opened yet' }),
    invited: count,
    alreadyOpen: count.openapi({ description: 'An open request for the customer existed; see the item for its ID' }),
    rejected: z.object(Object.fromEntries(RuleCode.options.map((code) => [code, count])) as Record<RuleCode, typeof count>).openapi({
      description: 'Refused by a rule, by its code',
    }),
    unknownCustomer: count,
    badInput: count,
    cancelled: count.openapi({ description: 'Not opened because the batch was canceled' }),
  })
  .openapi('RelationshipRequestBatchCounts');

export const BatchItemView = z
  .object({
    index: z.number().int(),
    line: z.number().int().nullable().openapi({ description: 'The CSV line of this customer' }),
    customerTenantId: z.string().nullable(),
    customerDomain: z.string().nullable(),
    customerEmail: z.string(),
    outcome: BatchItemOutcome,
    requestId: z.string().nullable().openapi({ description: 'The request this item opened (invited or rejected)' }),
    existingRequestId: z.string().nullable().openapi({ description: 'The open request found for the customer (alreadyOpen)' }),
    code: RuleCode.nullable(),
    detail: z.string().nullable(),
  })
  .openapi('RelationshipRequestBatchItem');

export const BatchSummary = z
  .object({
    id: z.string(),
    status: BatchStatus,
    itemCount: z.number().int(),
    source: z.enum(['json', 'csv']),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    cancellation: z
      .object({
        by: z.object({ userId: z.string(), email: z.string() }).nullable(),
        reason: z.string().nullable(),
        at: z.string(),
      })
      .nullable(),
    counts: BatchCountsView,
  })
  .openapi('RelationshipRequestBatchSummary');

export const BatchDetail = BatchSummary.extend({
  items: z.array(BatchItemView),
  nextCursor: z.string().nullable(),
}).openapi('RelationshipRequestBatch');

export const BatchHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters')
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description:
        'Retrying a POST with the same key returns the same batch. The same key with other customers is refused (422).',
    }),
});
