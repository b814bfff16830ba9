import { insertOrFind } from '../platform/keyedWrites.js';
import type { Collections } from '../platform/mongo.js';
import type { NewCustomerInput, NewCustomerOutcome } from '../workflows/addCustomerContract.js';
import { newCustomerRelationship, recordAgreementAcceptance, upsertRelationship } from './relationshipRecords.js';
import { publishRelationshipCreated } from './relationshipWebhooks.js';
import type { WebhookPublisher } from './webhookPublisher.js';

export function createCustomerActivities({ collections, publish }: { collections: Collections; publish?: WebhookPublisher }) {
  return {
    /** Customer, MCA record and reseller relationship, each keyed so that a retry writes nothing twice. */
    async createCustomerWithRelationship(input: NewCustomerInput): Promise<NewCustomerOutcome> {
      const at = new Date(input.agreement.acceptedAt);
      const written = await insertOrFind(collections.customers, {
        _id: input.tenantId,
        domain: input.domain,
        companyName: input.companyName,
        country: input.country,
        cloud: input.cloud,
        email: input.email,
        ...(input.preferredLanguage && { preferredLanguage: input.preferredLanguage }),
        createdByPartnerTenantId: input.partnerTenantId,
        createdAt: at,
        updatedAt: at,
      });
      if (!written.inserted) {
        // The tenant ID is a fresh GUID, so only this activity's own earlier attempt can hold it; anything else that
        // collided holds the domain.
        const existing = written.document;
        const isOurEarlierAttempt =
          existing?.domain === input.domain && existing.createdByPartnerTenantId === input.partnerTenantId;
        if (!isOurEarlierAttempt) return { outcome: 'domainTaken' };
      }
      const { attestation, firstName, lastName, email, phone } = input.agreement;
      await recordAgreementAcceptance(collections, `mca:new:${input.partnerTenantId}:${input.tenantId}`, {
        acceptedBy: { verifiedBy: 'typedNames', firstName, lastName, email },
        ...(phone && { phone }),
        acceptedAt: at,
        customerTenantId: input.tenantId,
        partnerTenantId: input.partnerTenantId,
        attestedBy: input.createdBy,
        attestation,
      });
      const relationship = newCustomerRelationship(input, at);
      await upsertRelationship(collections, relationship);
      // Once per partner and customer: a tenant is created once.
      if (publish) await publishRelationshipCreated({ collections, publish }, `${input.partnerTenantId}:${input.tenantId}`, relationship);
      return { outcome: 'created', customerTenantId: input.tenantId };
    },
  };
}
