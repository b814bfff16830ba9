import { webhookEventId } from '../domain/webhookEvents.js';
import type { RelationshipDocument } from '../platform/documents.js';
import type { Collections } from '../platform/mongo.js';
import { relationshipInstanceId } from '../platform/relationships.js';
import type { WebhookPublisher } from './webhookPublisher.js';
import { relationshipEventData } from './webhookViews.js';

/**
 * `relationship.created` for the relationship a step wrote, once per `key` (the request, or the new customer), with
 * the relationship as stored (the one recorded first, on a retry), or as written when it has since ended. When
 * another relationship of the pair holds the place, this step made none, and nothing is published.
 */
export function publishRelationshipCreated(
  { collections, publish }: { collections: Collections; publish: WebhookPublisher },
  key: string,
  written: RelationshipDocument,
): Promise<void> {
  return publish.lazily({
    id: webhookEventId('relationship.created', key),
    type: 'relationship.created',
    partnerTenantId: written.partnerTenantId,
    build: async () => {
      const [current, customer] = await Promise.all([
        collections.relationships.findOne({ _id: written._id }),
        collections.customers.findOne({ _id: written.customerTenantId }),
      ]);
      const relationship = current ? (relationshipInstanceId(current) === relationshipInstanceId(written) ? current : undefined) : written;
      return relationship && customer ? { occurredAt: relationship.since, data: relationshipEventData(relationship, customer) } : undefined;
    },
  });
}
