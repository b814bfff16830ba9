import { webhookEventId } from '../domain/webhookEvents.js';
import { pairKey, type RelationshipDocument } from '../platform/documents.js';
import type { Collections } from '../platform/mongo.js';
import type { NewCustomerInput } from '../workflows/addCustomer.js';
import type { WebhookPublisher } from './webhookPublisher.js';
import { relationshipEventData } from './webhookViews.js';

/**
 * `relationship.created` for a brand-new customer, once per partner and customer (a tenant is created once), with
 * the relationship as written (the one recorded first, on a retry).
 */
export function publishNewCustomerRelationship(
  { collections, publish }: { collections: Collections; publish: WebhookPublisher },
  input: NewCustomerInput,
  written: RelationshipDocument,
): Promise<void> {
  return publish.lazily({
    id: webhookEventId('relationship.created', `${input.partnerTenantId}:${input.tenantId}`),
    type: 'relationship.created',
    partnerTenantId: input.partnerTenantId,
    build: async () => {
      const [current, customer] = await Promise.all([
        collections.relationships.findOne({ _id: pairKey(input.partnerTenantId, input.tenantId) }),
        collections.customers.findOne({ _id: input.tenantId }),
      ]);
      const relationship = current ? (current.origin.kind === 'newCustomer' ? current : undefined) : written;
      return relationship && customer ? { occurredAt: relationship.since, data: relationshipEventData(relationship, customer) } : undefined;
    },
  });
}
