import { webhookEventId, type WebhookEventType } from '../domain/webhookEvents.js';
import type { Acceptance, RequestFacts } from '../domain/relationshipRequest.js';
import type { RelationshipRequestDocument } from '../platform/documents.js';
import type { InvitationLinks } from '../platform/invitationTokens.js';
import type { Collections } from '../platform/mongo.js';
import { acceptedRelationship } from './relationshipRecords.js';
import { publishRelationshipCreated } from './relationshipWebhooks.js';
import type { WebhookPublisher } from './webhookPublisher.js';
import { requestEventData } from './webhookViews.js';

/** What a request's steps publish, each event under the request's ID so that a retried step publishes it once. */
export function createRequestWebhooks({ collections, publish, links }: { collections: Collections; publish: WebhookPublisher; links: InvitationLinks }) {
  const requestEvent = (type: WebhookEventType, request: RelationshipRequestDocument, occurredAt: Date | undefined) =>
    publish.lazily({
      id: webhookEventId(type, request._id),
      type,
      partnerTenantId: request.partnerTenantId,
      build: async () => ({ occurredAt: occurredAt ?? request.updatedAt, data: requestEventData(request, links) }),
    });

  return {
    /** The request as first recorded: pending (`created`) or `rejected`. */
    opened: (request: RelationshipRequestDocument) =>
      requestEvent(request.rejection ? 'relationship_request.rejected' : 'relationship_request.created', request, request.createdAt),

    /** `accepted`, then `relationship.created` for the relationship this acceptance made. */
    async accepted(request: RequestFacts, acceptance: Acceptance): Promise<void> {
      const { requestId, partnerTenantId } = request;
      if (!(await publish.hasEndpoints(partnerTenantId))) return;
      const acceptedAt = new Date(acceptance.acceptedAt);
      await publish.lazily({
        id: webhookEventId('relationship_request.accepted', requestId),
        type: 'relationship_request.accepted',
        partnerTenantId,
        build: async () => {
          const recorded = await collections.requests.findOne({ _id: requestId });
          return recorded && { occurredAt: acceptedAt, data: requestEventData(recorded, links) };
        },
      });
      await publishRelationshipCreated({ collections, publish }, requestId, acceptedRelationship(request, acceptedAt));
    },

    /** `declined`, `cancelled` or `expired`, with the request as it was recorded. */
    async closed(requestId: string, status: 'declined' | 'cancelled' | 'expired'): Promise<void> {
      const recorded = await collections.requests.findOne({ _id: requestId });
      if (recorded) await requestEvent(`relationship_request.${status}`, recorded, recorded.closedAt);
    },
  };
}
