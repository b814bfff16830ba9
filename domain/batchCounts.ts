/**
 * A batch's outcomes and how they are counted, free of any library: the batch workflow imports this module, and every
 * module a workflow imports is loaded into its sandbox.
 */
import type { RuleCode } from './eligibility.js';

export const batchItemOutcomes = ['pending', 'invited', 'alreadyOpen', 'rejected', 'unknownCustomer', 'badInput', 'cancelled'] as const;
export type BatchItemOutcome = (typeof batchItemOutcomes)[number];

/** An opened item, as the batch workflow counts it. */
export type BatchItemResult =
  | { outcome: 'invited'; requestId: string }
  | { outcome: 'alreadyOpen'; existingRequestId: string }
  | { outcome: 'rejected'; requestId: string; code: RuleCode }
  | { outcome: 'unknownCustomer' }
  | { outcome: 'badInput'; detail: string };

export type BatchCounts = {
  total: number;
  pending: number;
  invited: number;
  alreadyOpen: number;
  rejected: Record<RuleCode, number>;
  unknownCustomer: number;
  badInput: number;
  cancelled: number;
};

/** Moves one item from pending to its outcome; `code` is the rule of a rejected item. */
export function countOutcome(counts: BatchCounts, outcome: Exclude<BatchItemOutcome, 'pending'>, code?: RuleCode): BatchCounts {
  const next: BatchCounts = { ...counts, rejected: { ...counts.rejected }, pending: counts.pending - 1 };
  if (outcome === 'rejected') {
    if (code) next.rejected[code] = (next.rejected[code] ?? 0) + 1;
  } else next[outcome] += 1;
  return next;
}

export const rejectedTotal = (counts: BatchCounts) => Object.values(counts.rejected).reduce((sum, n) => sum + n, 0);
export const doneCount = (counts: BatchCounts) => counts.total - counts.pending;
