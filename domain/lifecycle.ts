/**
 * The request's state machine and reminder schedule, free of any library, because the workflow sandbox imports
 * them: every module a workflow imports is loaded into its isolate, so this one stays tiny.
 */
export const requestStatuses = ['validating', 'rejected', 'pending', 'accepted', 'declined', 'cancelled', 'expired'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

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

export const isTerminal = (status: RequestStatus): boolean => transitions[status].length === 0;

export const canTransition = (from: RequestStatus, to: RequestStatus): boolean => transitions[from].includes(to);

export const decisions = ['accept', 'decline', 'cancel'] as const;
export type Decision = (typeof decisions)[number];

const afterDecision: Record<Decision, RequestStatus> = { accept: 'accepted', decline: 'declined', cancel: 'cancelled' };
export const statusAfter = (decision: Decision): RequestStatus => afterDecision[decision];

/** Reminder offsets that fall before the expiry, in order, each once. */
export const reminderSchedule = (offsetsMs: readonly number[], ttlMs: number): number[] =>
  [...new Set(offsetsMs)].filter((offset) => offset > 0 && offset < ttlMs).sort((a, b) => a - b);
