import { includesGlobalAdministrator } from '../domain/adminRelationships.js';
import type { AdminRelationshipDocument, CustomerDocument } from './documents.js';

/** An admin relationship as the API and its webhook events show it: Microsoft Graph's shape, with a few facts of ours. */
export type AdminRelationshipViewData = {
  id: string;
  displayName: string;
  duration: string;
  autoExtendDuration: 'PT0S' | 'P180D';
  status: AdminRelationshipDocument['status'];
  customer: { tenantId: string; displayName: string | null } | null;
  accessDetails: { unifiedRoles: { roleDefinitionId: string }[] };
  includesGlobalAdministrator: boolean;
  createdDateTime: string;
  lastModifiedDateTime: string;
  approvalExpiresDateTime: string | null;
  activatedDateTime: string | null;
  endDateTime: string | null;
  closing: NonNullable<AdminRelationshipDocument['closing']> | null;
  approvalUrl: string | null;
};

const iso = (date: Date | undefined) => date?.toISOString() ?? null;

export function adminRelationshipView(
  relationship: AdminRelationshipDocument,
  customer: Pick<CustomerDocument, 'companyName'> | null,
  approvalUrlFor: (id: string) => string,
): AdminRelationshipViewData {
  const locked = relationship.status !== 'created';
  return {
    id: relationship._id,
    displayName: relationship.displayName,
    duration: `P${relationship.durationDays}D`,
    autoExtendDuration: relationship.autoExtendDays > 0 ? 'P180D' : 'PT0S',
    status: relationship.status,
    customer: relationship.customerTenantId ? { tenantId: relationship.customerTenantId, displayName: customer?.companyName ?? null } : null,
    accessDetails: { unifiedRoles: relationship.roleIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
    includesGlobalAdministrator: includesGlobalAdministrator(relationship.roleIds),
    createdDateTime: relationship.createdAt.toISOString(),
    lastModifiedDateTime: relationship.lastModifiedAt.toISOString(),
    approvalExpiresDateTime: relationship.status === 'approvalPending' ? iso(relationship.approvalExpiresAt) : null,
    activatedDateTime: iso(relationship.activatedAt),
    endDateTime: iso(relationship.endAt),
    closing: relationship.closing ?? null,
    approvalUrl: locked && relationship.customerTenantId ? approvalUrlFor(relationship._id) : null,
  };
}

