import type { Deadline } from '../domain/lifecycle.js';
import type { RequestSnapshot, RequestStatus } from '../domain/relationshipRequest.js';

/** What the Temporal UI shows as a request's current details, one line per stage. */
export const currentDetails = {
  checking: 'Checking eligibility: cloud, region, delegated admin option and existing relationship',
  rejected: ({ code, detail }: NonNullable<RequestSnapshot['rejection']>) => `Rejected: ${code}. ${detail}`,
  waiting: (next: Deadline, reminderCount: number, state: { expiresAt: string; remindersSent: number }) => {
    const reminder =
      next.kind === 'reminder'
        ? `reminder ${next.reminderNumber} of ${reminderCount} at ${new Date(next.at).toISOString()}`
        : 'no reminder left';
    return `Waiting for the customer to accept or decline.\nNext: ${reminder}.\nExpires: ${state.expiresAt}.\nReminders sent: ${state.remindersSent}.`;
  },
  recording: (closing: RequestStatus) => `Recording: ${closing}`,
  closed: (status: RequestStatus) => `Closed: ${status}`,
};
