import { z } from '@hono/zod-openapi';
import { RequestStatus } from '../domain/relationshipRequest.js';
import { CustomerListItem, RequestSummary } from '../platform/representations.js';

export const CreatedRequest = z
  .object({
    id: z.string(),
    status: RequestStatus,
    customerTenantId: z.string(),
    invitationUrl: z.string(),
    email: z.object({ subject: z.string(), text: z.string() }),
    expiresAt: z.string().nullable(),
  })
  .openapi('CreatedRelationshipRequest');

export const RequestPage = z
  .object({ items: z.array(RequestSummary), nextCursor: z.string().nullable() })
  .openapi('RelationshipRequestPage');

export const StatusOnly = z.object({ id: z.string(), status: RequestStatus }).openapi('RequestStatus');

export const CustomerPage = z
  .object({ items: z.array(CustomerListItem), nextCursor: z.string().nullable() })
  .openapi('CustomerPage');

export const CustomerListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(400).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: "Only customers whose name, domain or tenant ID contains this text, in any case" }),
  status: z
    .enum(['active', 'ended', 'all'])
    .default('active')
    .openapi({ description: 'Active relationships (the customer list), ended ones, or both; each ended relationship is listed on its own' }),
});

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
