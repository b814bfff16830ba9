import { z } from 'zod';

export const RequestStatus = z.enum(['validating', 'rejected', 'pending', 'accepted', 'declined', 'cancelled', 'expired']);
export type RequestStatus = z.infer<typeof RequestStatus>;

/** The whole state machine: every allowed move, nothing out of a terminal state. */
export const transitions: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  validating: ['rejected', 'pending'],
  pending: ['accepted', 'declined', 'cancelled', 'expired'],
  rejected: [],
  accepted: [],
  declined: [],
  cancelled: [],
  expired: [],
};

export const terminalStatuses: readonly RequestStatus[] = RequestStatus.options.filter((s) => transitions[s].length === 0);

export const isTerminal = (status: RequestStatus): boolean => transitions[status].length === 0;

export const canTransition = (from: RequestStatus, to: RequestStatus): boolean => transitions[from].includes(to);

export const Decision = z.enum(['accept', 'decline', 'cancel']);
export type Decision = z.infer<typeof Decision>;

const afterDecision: Record<Decision, RequestStatus> = { accept: 'accepted', decline: 'declined', cancel: 'cancelled' };
export const statusAfter = (decision: Decision): RequestStatus => afterDecision[decision];
