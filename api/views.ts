import type { z } from 'zod';
import {
  eventsInOrder,
  type CustomerDocument,
  type EndedRelationshipDocument,
  type RelationshipDocument,
  type RelationshipRequestDocument,
} from '../platform/documents.js';
import { relationshipView } from '../platform/relationships.js';
import type { InvitationLinks } from '../platform/invitationTokens.js';
import type { CustomerListItem, RequestDetail, RequestSummary } from './schemas.js';

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
    remindersSent: request.remindersSent,
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

/** Opaque cursors over a unique sort key, so concurrent inserts neither repeat nor skip items. */
export const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
export const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');
