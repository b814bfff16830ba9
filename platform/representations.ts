/**
 * The representations of requests and relationships that leave the engine: what the API answers and what webhook
 * events carry are the same shapes, so they live below both (the API, and the activities that publish events). The
 * schemas carry the names the OpenAPI document gives them.
 */
import { z } from '@hono/zod-openapi';
import { RuleCode } from '../domain/eligibility.js';
import { CustomerDecider, RequestStatus } from '../domain/relationshipRequest.js';
import {
  eventsInOrder,
  type CustomerDocument,
  type EndedRelationshipDocument,
  type RelationshipDocument,
  type RelationshipRequestDocument,
} from './documents.js';
import type { InvitationLinks } from './invitationTokens.js';
import { relationshipView } from './relationships.js';

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
    remindersSent: z.number().int(),
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
  acceptedAt: z.string().nullable(),
  acceptedBy: CustomerDecider.nullable(),
  rejection: z.object({ code: RuleCode, detail: z.string() }).nullable(),
  closedAt: z.string().nullable(),
  events: z.array(RequestEventView),
}).openapi('RelationshipRequest');

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

const iso = (date: Date | undefined) => (date ? date.toISOString() : null);

/**
 * A request as the list shows it. The invitation link answers for the customer, so it is shown only with `links`,
 * which callers pass for the roles that act on requests (Admin agent, Sales agent).
 */
export function requestSummary(request: RelationshipRequestDocument, links?: InvitationLinks): z.infer<typeof RequestSummary> {
  return {
    id: request._id,
    status: request.status,
    customerTenantId: request.customerTenantId,
    ...(links && { invitationUrl: links.urlFor(request._id) }),
    expiresAt: iso(request.expiresAt),
    remindersSent: request.remindersSent,
    createdAt: request.createdAt.toISOString(),
  };
}

export function requestDetail(request: RelationshipRequestDocument, links?: InvitationLinks): z.infer<typeof RequestDetail> {
  return {
    ...requestSummary(request, links),
    partnerTenantId: request.partnerTenantId,
    customerEmail: request.customerEmail,
    includeDelegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
    indirectResellerId: request.indirectResellerId ?? null,
    acceptedAt: iso(request.acceptedAt),
    acceptedBy: request.acceptedBy ?? null,
    rejection: request.rejection ?? null,
    closedAt: iso(request.closedAt),
    events: eventsInOrder(request).map((event) => ({
      type: event.type,
      at: event.at.toISOString(),
      actor: event.actor,
      ...(event.detail && { detail: event.detail }),
    })),
  };
}

/** A customer with its relationship to the partner: active, or ended (with who ended it, when and why). */
export function customerListItem(
  relationship: RelationshipDocument | EndedRelationshipDocument,
  customer: CustomerDocument,
): z.infer<typeof CustomerListItem> {
  const view = relationshipView(relationship);
  return {
    customerTenantId: customer._id,
    companyName: customer.companyName,
    domain: customer.domain,
    country: customer.country,
    cloud: customer.cloud,
    relationship: 'reseller',
    relationshipId: view.id,
    status: view.status,
    delegatedAdminPrivileges: view.delegatedAdminPrivileges,
    delegatedAdminPrivilegesRemoved: view.delegatedAdminPrivilegesRemoved,
    since: view.since,
    endedAt: view.endedAt,
    endedBy: view.endedBy,
    reason: view.reason,
  };
}
