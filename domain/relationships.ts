/** A relationship as the API shows it (and as webhook events carry it): active, or ended with who, when and why. */
export type RelationshipView = {
  id: string;
  partnerTenantId: string;
  customerTenantId: string;
  relationship: 'reseller';
  status: 'active' | 'ended';
  delegatedAdminPrivileges: boolean;
  delegatedAdminPrivilegesRemoved: { at: string; by: { objectId: string; tenantId: string; name?: string; username?: string } } | null;
  indirectResellerId: string | null;
  requestId: string | null;
  since: string;
  endedAt: string | null;
  endedBy: { userId: string; email: string } | null;
  reason: string | null;
};

/** The names, languages and addresses the customer's email about an ending is written with, as they were at the ending. */
export type RelationshipEndingParties = {
  partner: { name: string; preferredLanguage?: string };
  customer: { companyName: string; preferredLanguage?: string; emails: string[] };
};
