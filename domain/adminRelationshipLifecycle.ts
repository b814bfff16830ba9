/**
 * An admin relationship's statuses, its clock and its deadlines, free of any library: the admin relationship workflow
 * imports this module, and every module a workflow imports is loaded into its sandbox (one copy per cached workflow).
 */
export const adminRelationshipStatuses = [
  'created',
  'approvalPending',
  'approved',
  'activating',
  'active',
  'expiring',
  'expired',
  'terminationRequested',
  'terminating',
  'terminated',
] as const;
export type AdminRelationshipStatus = (typeof adminRelationshipStatuses)[number];

/** An approval request no one acts on expires after this many days, as in Partner Center. */
export const approvalTtlDays = 90;
/** The customer is reminded of a pending approval this many days after it was asked. */
export const approvalReminderDays = [7, 30, 60] as const;
/** The partner hears this many days before the end (email and webhook). */
export const expiryNoticeDays = [30, 7, 1] as const;

/** Statuses from which the relationship can still become or stay active, and so can be terminated. */
export const terminableStatuses: readonly AdminRelationshipStatus[] = ['created', 'approvalPending', 'approved', 'activating', 'active', 'expiring'];
export const isTerminable = (status: AdminRelationshipStatus) => terminableStatuses.includes(status);

/** Statuses in which access assignments hold. */
export const isActive = (status: AdminRelationshipStatus) => status === 'active' || status === 'expiring';

/** The deadlines of an active relationship, in order, from its end and the notices already sent. */
export function nextDeadline(state: { endAtMs: number; noticesSent: readonly number[] }, dayMs: number): { kind: 'notice'; daysLeft: number; atMs: number } | { kind: 'end'; atMs: number } {
  for (const daysLeft of expiryNoticeDays) {
    if (state.noticesSent.includes(daysLeft)) continue;
    return { kind: 'notice', daysLeft, atMs: state.endAtMs - daysLeft * dayMs };
  }
  return { kind: 'end', atMs: state.endAtMs };
}
