/** What the Temporal UI shows as each workflow's current details (`setCurrentDetails`), one entry per stage. */
import { doneCount, rejectedTotal, type BatchCounts } from '../domain/batchCounts.js';
import type { BatchStatus } from '../domain/batches.js';
import type { Deadline } from '../domain/lifecycle.js';
import type { RequestSnapshot, RequestStatus } from '../domain/relationshipRequest.js';
import type { BatchCancellation } from './relationshipRequestBatchContract.js';
import { timestampOf } from './workflowTime.js';

export const requestDetails = {
  checking: 'Checking eligibility: cloud, region, delegated admin option and existing relationship',
  rejected: ({ code, detail }: NonNullable<RequestSnapshot['rejection']>) => `Rejected: ${code}. ${detail}`,
  waiting: (next: Deadline, reminderCount: number, state: { expiresAt: string; remindersSent: number }) => {
    const reminder =
      next.kind === 'reminder' ? `reminder ${next.reminderNumber} of ${reminderCount} at ${timestampOf(next.at)}` : 'no reminder left';
    return `Waiting for the customer to accept or decline.\nNext: ${reminder}.\nExpires: ${state.expiresAt}.\nReminders sent: ${state.remindersSent}.`;
  },
  recording: (closing: RequestStatus) => `Recording: ${closing}`,
  closed: (status: RequestStatus) => `Closed: ${status}`,
};

export const addCustomerDetails = {
  creating: (companyName: string) => `Creating customer ${companyName} with a reseller relationship`,
};

/** The stages both relationship changes go through: recording, telling whoever needs to hear, done or nothing to do. */
export type RelationshipChangeDetails = { recording: string; notifying: string; done: string; nothing: string };

export const relationshipEndingDetails = (relationshipId: string): RelationshipChangeDetails => ({
  recording: `Ending the reseller relationship ${relationshipId}`,
  notifying: "Ended; telling the customer and the partner's webhook endpoints",
  done: 'Ended; the customer was told',
  nothing: 'Nothing to end: the relationship is not active',
});

export const delegatedAdminRemovalDetails = (relationshipId: string): RelationshipChangeDetails => ({
  recording: `Removing the delegated admin privileges of relationship ${relationshipId}`,
  notifying: 'Removed; telling the partner',
  done: 'Removed; the partner was told',
  nothing: 'Nothing to remove',
});

export const webhookDeliveryDetails = {
  delivering: (eventId: string, attempt: number) => `Delivering ${eventId}: attempt ${attempt}`,
  waiting: (eventId: string, attempt: number, failure: string | undefined, nextAt: number) =>
    `Attempt ${attempt} of ${eventId} failed (${failure ?? 'unknown'}); next at ${timestampOf(nextAt)}`,
  disabling: (failingSince: string) => `Failing since ${failingSince}: disabling the endpoint`,
  disabled: 'Endpoint disabled',
};

export function batchDetails(state: {
  counts: BatchCounts;
  inFlight: number;
  run: number;
  itemsPerRun: number;
  cancellation: BatchCancellation | undefined;
  status: BatchStatus;
}): string {
  const { counts } = state;
  const rejections = Object.entries(counts.rejected)
    .filter(([, n]) => n > 0)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  const headline =
    state.status === 'running'
      ? state.cancellation
        ? `Cancelling: waiting for ${state.inFlight} item(s) in flight.`
        : `Opening requests: ${doneCount(counts)} of ${counts.total} done, ${state.inFlight} in flight.`
      : `${state.status === 'completed' ? 'Completed' : 'Cancelled'}: ${doneCount(counts)} of ${counts.total} items recorded.`;
  return [
    headline,
    `Invited: ${counts.invited}. Already open: ${counts.alreadyOpen}. Rejected: ${rejectedTotal(counts)}${rejections ? ` (${rejections})` : ''}.`,
    `Unknown customer: ${counts.unknownCustomer}. Bad input: ${counts.badInput}. Cancelled: ${counts.cancelled}. Pending: ${counts.pending}.`,
    `Run ${state.run} (continues as new every ${state.itemsPerRun} items).`,
  ].join('\n');
}

export const adminRelationshipDetails = {
  created: 'Created: waiting for the partner to lock it for approval (or change it)',
  approvalPending: (expiresAtMs: number) => `Waiting for the customer's Global administrator to approve; the request expires ${timestampOf(expiresAtMs)}`,
  active: (endAtMs: number, autoExtendDays: number, next: string) =>
    `Active until ${timestampOf(endAtMs)}${autoExtendDays > 0 ? `, then extended by ${autoExtendDays} days` : ''}.\nNext: ${next}.`,
  terminating: 'Terminating: removing the access assignments',
  closed: (status: string) => `Closed: ${status}`,
};
