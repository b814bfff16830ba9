import type { CustomerDocument, RelationshipDocument, RelationshipRequestDocument } from '../platform/documents.js';
import type { InvitationLinks } from '../platform/invitationTokens.js';
import { customerListItem, requestDetail } from '../platform/representations.js';

/**
 * A request as `GET /v1/relationship-requests/{id}` shows it, without `invitationUrl`: the link lets whoever holds it
 * answer for the customer, so it goes to no receiver and into no stored event (the API still shows it).
 */
export function requestEventData(request: RelationshipRequestDocument, links: InvitationLinks): Record<string, unknown> {
  const { invitationUrl: _link, ...view } = requestDetail(request, links);
  return view;
}

/** A relationship as the customer list shows it, with the partner it belongs to. */
export function relationshipEventData(relationship: RelationshipDocument, customer: CustomerDocument): Record<string, unknown> {
  return { partnerTenantId: relationship.partnerTenantId, ...customerListItem(relationship, customer) };
}
