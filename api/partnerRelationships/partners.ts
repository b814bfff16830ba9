import type { RelationshipView } from '../../domain/relationships.js';
import type { Collections } from '../../platform/mongo.js';
import { relationshipView, withoutEnded } from '../../platform/relationships.js';
import type { PartnerRelationship } from './openapi.js';

/** One partner relationship as the customer sees it. */
export const partnerRelationshipItem = (relationship: RelationshipView, partnerName: string): PartnerRelationship => ({
  partnerTenantId: relationship.partnerTenantId,
  partnerName,
  relationshipId: relationship.id,
  relationship: 'reseller',
  since: relationship.since,
  delegatedAdminPrivileges: relationship.delegatedAdminPrivileges,
  delegatedAdminPrivilegesRemoved: relationship.delegatedAdminPrivilegesRemoved,
});

/** The tenant's active reseller relationships, by partner name. */
export async function partnersOf(collections: Collections, tenantId: string): Promise<PartnerRelationship[]> {
  const active = await withoutEnded(collections, await collections.relationships.find({ customerTenantId: tenantId, type: 'reseller' }).toArray());
  const partners = await collections.partners.find({ _id: { $in: active.map((r) => r.partnerTenantId) } }).toArray();
  const names = new Map(partners.map((partner) => [partner._id, partner.name]));
  return active
    .map((relationship) => partnerRelationshipItem(relationshipView(relationship), names.get(relationship.partnerTenantId) ?? relationship.partnerTenantId))
    .sort((a, b) => a.partnerName.localeCompare(b.partnerName) || a.partnerTenantId.localeCompare(b.partnerTenantId));
}

/** A partner's name, or its tenant ID when it is not known here. */
export const partnerName = async (collections: Collections, partnerTenantId: string) =>
  (await collections.partners.findOne({ _id: partnerTenantId }))?.name ?? partnerTenantId;
