import { z } from '@hono/zod-openapi';
import { AccessAssignmentStatus, AdminRelationshipStatus } from '../domain/adminRelationships.js';
import { adminRelationshipView as relationshipView } from '../platform/adminRelationshipViews.js';
import type { AccessAssignmentDocument } from '../platform/documents.js';

const roles = z.object({ unifiedRoles: z.array(z.object({ roleDefinitionId: z.string() })) });

/** An admin relationship as Microsoft Graph's `delegatedAdminRelationship` shows it, with a few facts of ours. */
export const AdminRelationshipView = z
  .object({
    id: z.string(),
    displayName: z.string(),
    duration: z.string().openapi({ example: 'P730D' }),
    autoExtendDuration: z.enum(['PT0S', 'P180D']),
    status: AdminRelationshipStatus,
    customer: z.object({ tenantId: z.string(), displayName: z.string().nullable() }).nullable(),
    accessDetails: roles,
    includesGlobalAdministrator: z.boolean(),
    createdDateTime: z.string(),
    lastModifiedDateTime: z.string(),
    approvalExpiresDateTime: z.string().nullable().openapi({ description: 'While `approvalPending`: when the unapproved request expires' }),
    activatedDateTime: z.string().nullable(),
    endDateTime: z.string().nullable(),
    closing: z.enum(['approvalExpired', 'rejected', 'terminatedByPartner', 'terminatedByCustomer', 'expired']).nullable(),
    approvalUrl: z.string().nullable().openapi({ description: "Where the customer's Global administrator approves it, once it is locked for approval" }),
  })
  .openapi('AdminRelationship');

export const AdminRelationshipPage = z.object({ items: z.array(AdminRelationshipView), nextCursor: z.string().nullable() }).openapi('AdminRelationshipPage');

export const AccessAssignmentView = z
  .object({
    id: z.string(),
    accessContainer: z.object({ accessContainerId: z.string(), accessContainerType: z.literal('securityGroup') }),
    accessDetails: roles,
    status: AccessAssignmentStatus,
    createdDateTime: z.string(),
    lastModifiedDateTime: z.string(),
  })
  .openapi('AdminAccessAssignment');

export const AccessAssignmentPage = z.object({ items: z.array(AccessAssignmentView) }).openapi('AdminAccessAssignmentPage');

export const RelationshipRequestResult = z
  .object({ action: z.enum(['lockForApproval', 'terminate']), status: z.literal('succeeded'), relationship: AdminRelationshipView })
  .openapi('AdminRelationshipRequest');

export function accessAssignmentView(assignment: AccessAssignmentDocument): z.infer<typeof AccessAssignmentView> {
  return {
    id: assignment._id,
    accessContainer: { accessContainerId: assignment.accessContainerId, accessContainerType: 'securityGroup' },
    accessDetails: { unifiedRoles: assignment.roleIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
    status: assignment.status,
    createdDateTime: assignment.createdAt.toISOString(),
    lastModifiedDateTime: assignment.lastModifiedAt.toISOString(),
  };
}

/** The view, checked against the documented schema. */
export const adminRelationshipView: (...args: Parameters<typeof relationshipView>) => z.infer<typeof AdminRelationshipView> = relationshipView;
