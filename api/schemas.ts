import { z } from '@hono/zod-openapi';
import { RuleCode } from '../domain/eligibility.js';
import { CustomerDecider, RequestStatus } from '../domain/relationshipRequest.js';

export const RequestSummary = z
  .object({
    id: z.string(),
    status: RequestStatus,
    customerTenantId: z.string(),
    invitationUrl: z.string().optional().openapi({
      description:
        "The customer's invitation link. Whoever holds it can answer for the customer, so it is shown only to the roles " +
        'that act on requests (Admin agent, Sales agent); other roles get the request without it.',
    }),
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

export const DelegatedAdminPrivilegesRemoved = z
  .object({
    at: z.string(),
    by: z.object({ objectId: z.string(), tenantId: z.string(), name: z.string().optional(), username: z.string().optional() }),
  })
  .openapi('DelegatedAdminPrivilegesRemoved', { description: "When and by which Global administrator of the customer the partner's delegated admin privileges were removed" });

export const CustomerListItem = z
  .object({
    customerTenantId: z.string(),
    companyName: z.string(),
    domain: z.string(),
    country: z.string(),
    cloud: z.string(),
    relationship: z.literal('reseller'),
    relationshipId: z.string().openapi({ description: "The relationship's own ID; a later relationship with the same customer has another" }),
    status: z.enum(['active', 'ended']),
    delegatedAdminPrivileges: z.boolean(),
    delegatedAdminPrivilegesRemoved: DelegatedAdminPrivilegesRemoved.nullable(),
    since: z.string(),
    endedAt: z.string().nullable(),
    endedBy: z.object({ userId: z.string(), email: z.string() }).nullable().openapi({ description: 'The partner user who ended the relationship' }),
    reason: z.string().nullable().openapi({ description: 'Why the partner ended the relationship' }),
  })
  .openapi('Customer');

export const CustomerPage = z
  .object({ items: z.array(CustomerListItem), nextCursor: z.string().nullable() })
  .openapi('CustomerPage');

export const CustomerListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(400).optional(),
  status: z
    .enum(['active', 'ended', 'all'])
    .default('active')
    .openapi({ description: 'Active relationships (the customer list), ended ones, or both; each ended relationship is listed on its own' }),
});

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
