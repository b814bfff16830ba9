import type { CustomerAdminRelationship } from '../../content/adminRelationshipsSection.js';
import { findByIds } from '../../platform/keyedReads.js';
import type { Collections } from '../../platform/mongo.js';

/** The tenant's admin relationships once partners asked for approval (a `created` one is still the partner's draft). */
export async function adminRelationshipsOf(collections: Collections, tenantId: string): Promise<CustomerAdminRelationship[]> {
  const found = await collections.adminRelationships.find({ customerTenantId: tenantId, status: { $ne: 'created' } }).sort({ _id: -1 }).limit(100).toArray();
  const partners = await findByIds(collections.partners, found.map((item) => item.partnerTenantId), { projection: { name: 1 } });
  const names = new Map(partners.map((partner) => [partner._id, partner.name]));
  return found.map((item) => ({
    id: item._id,
    partnerName: names.get(item.partnerTenantId) ?? item.partnerTenantId,
    displayName: item.displayName,
    status: item.status,
    roleIds: item.roleIds,
    durationDays: item.durationDays,
    autoExtends: item.autoExtendDays > 0,
    approvalExpiresAt: item.approvalExpiresAt?.toISOString() ?? null,
    endAt: item.endAt?.toISOString() ?? null,
  }));
}
