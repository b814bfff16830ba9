/**
 * Admin relationships (GDAP), as Microsoft Graph's `delegatedAdminRelationship` has them: the partner asks for named
 * Microsoft Entra roles for a limited time, the customer's Global administrator approves, the partner gives its
 * security groups some of those roles while the relationship is active, and it expires, extends itself or is
 * terminated. Pure rules: imported by the admin relationship workflow. Sources in docs/admin-relationships.md.
 */
import { z } from 'zod';
import { adminRelationshipStatuses } from './adminRelationshipLifecycle.js';
import { entraRoleById, globalAdministratorRoleId, RoleTemplateId } from './entraRoles.js';
import { TenantId } from './tenants.js';

export const AdminRelationshipStatus = z.enum(adminRelationshipStatuses);
export type AdminRelationshipStatus = z.infer<typeof AdminRelationshipStatus>;

/** A partner's Admin agent, as the API verified them. */
export const PartnerAgent = z.object({ kind: z.literal('partnerUser'), userId: z.string(), email: z.string() });
export type PartnerAgent = z.infer<typeof PartnerAgent>;
/** A Global administrator of the customer's tenant, signed in, as the edge verified them. */
export const CustomerAdministrator = z.object({
  kind: z.literal('customer'),
  objectId: z.string(),
  tenantId: z.string(),
  name: z.string().optional(),
  username: z.string().optional(),
});
export type CustomerAdministrator = z.infer<typeof CustomerAdministrator>;
/** Who acted on an admin relationship: one of the two, or the relationship's own clock. */
export const AdminRelationshipActor = z.discriminatedUnion('kind', [PartnerAgent, CustomerAdministrator, z.object({ kind: z.literal('system') })]);
export type AdminRelationshipActor = z.infer<typeof AdminRelationshipActor>;

/** Why an admin relationship closed. */
export const AdminRelationshipClosing = z.enum(['approvalExpired', 'rejected', 'terminatedByPartner', 'terminatedByCustomer', 'expired']);
export type AdminRelationshipClosing = z.infer<typeof AdminRelationshipClosing>;

export const AccessAssignmentStatus = z.enum(['pending', 'active', 'deleting', 'deleted', 'error']);
export type AccessAssignmentStatus = z.infer<typeof AccessAssignmentStatus>;

/** The longest a relationship lasts, and the one extension Graph offers. */
export const maxDurationDays = 730;
export const autoExtendDays = 180;

/** `P1D` … `P730D`: ISO 8601 durations in whole days, as Graph writes them. */
export const RelationshipDuration = z
  .string()
  .trim()
  .toUpperCase()
  .refine((text) => {
    const days = daysOf(text);
    return days !== undefined && days >= 1 && days <= maxDurationDays;
  }, `must be an ISO 8601 duration in whole days from P1D to P${maxDurationDays}D, e.g. P730D`);

/** `PT0S` (no extension, the default) or `P180D`. */
export const AutoExtendDuration = z.enum(['PT0S', `P${autoExtendDays}D`], `must be PT0S (no extension) or P${autoExtendDays}D`);
export type AutoExtendDuration = z.infer<typeof AutoExtendDuration>;

/** The days of `P<n>D`, `PT0S` as 0; undefined for anything else. */
export function daysOf(duration: string): number | undefined {
  if (duration === 'PT0S') return 0;
  const match = /^P(\d{1,4})D$/.exec(duration);
  return match ? Number(match[1]) : undefined;
}

const UnifiedRoles = z
  .array(z.object({ roleDefinitionId: RoleTemplateId }).strict())
  .min(1, 'request at least one role')
  .max(72)
  .refine((roles) => new Set(roles.map((role) => role.roleDefinitionId)).size === roles.length, 'must not name a role twice');

export const AccessDetails = z.object({ unifiedRoles: UnifiedRoles }).strict();

/** Graph's `displayName`: unique among the partner's relationships, at most 50 characters. */
export const DisplayName = z.string().trim().min(1).max(50);

const autoExtendRule = {
  check: (body: { autoExtendDuration?: string | undefined; accessDetails?: { unifiedRoles: { roleDefinitionId: string }[] } | undefined }) =>
    !(body.autoExtendDuration === `P${autoExtendDays}D` && body.accessDetails && includesGlobalAdministrator(body.accessDetails.unifiedRoles.map((role) => role.roleDefinitionId))),
  message: 'a relationship with the Global Administrator role cannot extend itself: use PT0S',
  path: ['autoExtendDuration'],
};

/** Body of `POST /v1/admin-relationships`. */
export const NewAdminRelationship = z
  .object({
    displayName: DisplayName,
    duration: RelationshipDuration,
    autoExtendDuration: AutoExtendDuration.default('PT0S'),
    customer: z.object({ tenantId: TenantId }).strict().optional(),
    accessDetails: AccessDetails,
  })
  .strict()
  .refine(autoExtendRule.check, { message: autoExtendRule.message, path: autoExtendRule.path });
export type NewAdminRelationship = z.infer<typeof NewAdminRelationship>;

/** Body of `PATCH /v1/admin-relationships/{id}`: any of the fields, while the relationship is `created`. */
export const AdminRelationshipChanges = z
  .object({
    displayName: DisplayName.optional(),
    duration: RelationshipDuration.optional(),
    autoExtendDuration: AutoExtendDuration.optional(),
    customer: z.object({ tenantId: TenantId }).strict().optional(),
    accessDetails: AccessDetails.optional(),
  })
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'change at least one field');
export type AdminRelationshipChanges = z.infer<typeof AdminRelationshipChanges>;

/** What a partner's Admin agent asks of a relationship (`POST …/{id}/requests`). */
export const PartnerRelationshipAction = z.object({ action: z.enum(['lockForApproval', 'terminate']) }).strict();

/** Body of `POST …/{id}/accessAssignments`: one of the partner's security groups, and some of the relationship's roles. */
export const NewAccessAssignment = z
  .object({
    accessContainer: z
      .object({
        accessContainerId: z.uuid('must be the object ID of a security group in your tenant'),
        accessContainerType: z.literal('securityGroup').default('securityGroup'),
      })
      .strict(),
    accessDetails: AccessDetails,
  })
  .strict();
export type NewAccessAssignment = z.infer<typeof NewAccessAssignment>;

export const includesGlobalAdministrator = (roleIds: readonly string[]) => roleIds.includes(globalAdministratorRoleId);

/** Whether a relationship with these roles may extend itself. */
export const mayAutoExtend = (roleIds: readonly string[]) => roleIds.every((id) => entraRoleById(id)?.autoExtendable ?? false);

/** The roles of an assignment that the relationship does not hold. */
export const rolesOutsideRelationship = (assignment: readonly string[], relationship: readonly string[]) => assignment.filter((id) => !relationship.includes(id));

export { approvalReminderDays, approvalTtlDays, expiryNoticeDays, isActive, isTerminable, nextDeadline } from './adminRelationshipLifecycle.js';
