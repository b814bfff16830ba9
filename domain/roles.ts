import { z } from 'zod';

/** Partner Center roles a partner user may carry. */
export const PartnerRole = z.enum([
  'AdminAgent',
  'SalesAgent',
  'BillingAdmin',
  'HelpdeskAgent',
  'UserManagementAdmin',
  'GlobalAdmin',
  'ReferralsAdmin',
]);
export type PartnerRole = z.infer<typeof PartnerRole>;

/** Only these may request, cancel or resend a reseller relationship request, or add a new customer. */
export const relationshipManagerRoles: readonly PartnerRole[] = ['AdminAgent', 'SalesAgent'];

export const canManageRelationships = (roles: readonly PartnerRole[]): boolean =>
  roles.some((role) => relationshipManagerRoles.includes(role));

/** The Partner Center roles among a token's or a record's app roles; any other role is not a partner's. */
export const partnerRolesOf = (roles: readonly string[]): PartnerRole[] =>
  roles.filter((role): role is PartnerRole => PartnerRole.safeParse(role).success);
