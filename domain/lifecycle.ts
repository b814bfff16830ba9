/**
 * A request's state machine and its deadlines, free of any library: the workflow imports this module, and every
 * module a workflow imports is loaded into its sandbox.
 */
export const requestStatuses = ['validating', 'rejected', 'pending', 'accepted', 'declined', 'cancelled', 'expired'] as const;
type Status = (typeof requestStatuses)[number];

/** Every allowed move; nothing leaves a terminal state. */
const transitions: Readonly<Record<Status, readonly Status[]>> = {
  validating: ['rejected', 'pending'],
  pending: ['accepted', 'declined', 'cancelled', 'expired'],
  rejected: [],
  accepted: [],
  declined: [],
  cancelled: [],
  expired: [],
};

export const isTerminal = (status: Status): boolean => transitions[status].length === 0;

export const canTransition = (from: Status, to: Status): boolean => transitions[from].includes(to);

const statusAfterDecision = { accept: 'accepted', decline: 'declined', cancel: 'cancelled' } as const satisfies Record<string, Status>;
export type DecisionKind = keyof typeof statusAfterDecision;

/** The status a decision closes a pending request with. */
export const statusAfter = (kind: DecisionKind): Status => statusAfterDecision[kind];

/** Reminder offsets that fall before the expiry, in order, each once. */
export const reminderSchedule = (offsetsMs: readonly number[], ttlMs: number): number[] =>
  [...new Set(offsetsMs)].filter((offset) => offset > 0 && offset < ttlMs).sort((a, b) => a - b);

export type Deadline = { kind: 'reminder'; reminderNumber: number; at: number } | { kind: 'expiry'; at: number };

/** When reminders fall (a `reminderSchedule`, counted from the invitation's opening) and how long it stays open. */
export type InvitationSchedule = { ttlMs: number; reminderOffsetsMs: readonly number[] };

/**
 * What a waiting request does next if no one answers: send the next reminder, counted from when the invitation
 * opened (its expiry less the TTL), or, with none left, expire.
 */
export function nextDeadline(expiresAt: string, schedule: InvitationSchedule, remindersSent: number): Deadline {
  const expiry = Date.parse(expiresAt);
  const offset = schedule.reminderOffsetsMs[remindersSent];
  return offset === undefined
    ? { kind: 'expiry', at: expiry }
    : { kind: 'reminder', reminderNumber: remindersSent + 1, at: expiry - schedule.ttlMs + offset };
}
