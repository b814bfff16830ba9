import { z } from '@hono/zod-openapi';
import { RuleCode } from '../domain/eligibility.js';
import { CustomerDecider, RequestStatus } from '../domain/relationshipRequest.js';

export const RequestSummary = z
  .object({
    id: z.string(),
    status: RequestStatus,
    customerTenantId: z.string(),
    invitationUrl: z.string(),
    expiresAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('RelationshipRequestSummary');

export const RequestEventView = z.object({
  type: z.string(),
  at: z.string(),
  actor: z.object({ kind: z.string() }).catchall(z.unknown()),
  detail: z.record(z.string(), z.unknown()).optional(),
});

export const RequestDetail = RequestSummary.extend({
  partnerTenantId: z.string(),
  customerEmail: z.string(),
  includeDelegatedAdminPrivileges: z.boolean(),
  indirectResellerId: z.string().nullable(),
  remindersSent: z.number().int(),
  acceptedAt: z.string().nullable(),
  acceptedBy: CustomerDecider.nullable(),
  rejection: z.object({ code: RuleCode, detail: z.string() }).nullable(),
  closedAt: z.string().nullable(),
  events: z.array(RequestEventView),
}).openapi('RelationshipRequest');

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

export const CustomerListItem = z
  .object({
    customerTenantId: z.string(),
    companyName: z.string(),
    domain: z.string(),
    country: z.string(),
    cloud: z.string(),
    relationship: z.literal('reseller'),
    delegatedAdminPrivileges: z.boolean(),
    since: z.string(),
  })
  .openapi('Customer');

export const CustomerPage = z
  .object({ items: z.array(CustomerListItem), nextCursor: z.string().nullable() })
  .openapi('CustomerPage');

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
