import { z } from 'zod';
import { batchItemOutcomes, type BatchCounts } from './batchCounts.js';
import { RuleCode } from './eligibility.js';

export { countOutcome, doneCount, rejectedTotal, type BatchCounts, type BatchItemResult } from './batchCounts.js';

/** Most customers one batch may name. */
export const maxBatchItems = 1000;

/**
 * What is wrong, for a reader in another language than the API's: the workspace explains each bad line from this
 * rather than from the English `message`. Not part of the API's answer, which has the English `message`.
 */
export type BatchInputProblem =
  | { kind: 'csvSyntax' | 'emptyFile' | 'noRows' | 'noCustomerColumn' | 'unknownColumn' | 'duplicateColumn' | 'missingColumn' | 'notBoolean' | 'invalidField' }
  | { kind: 'tooManyRows'; rows: number }
  | { kind: 'fieldCount'; found: number; expected: number }
  | { kind: 'duplicateCustomer'; firstLine: number };

export const BatchStatus = z.enum(['running', 'completed', 'cancelled']);
export type BatchStatus = z.infer<typeof BatchStatus>;

/**
 * What became of one customer of a batch: a request invited (or rejected by a rule, with its code), an open request
 * found for the pair, no such customer, input the request path refused, or nothing because the batch was cancelled.
 */
export const BatchItemOutcome = z.enum(batchItemOutcomes);

/** Nothing done yet: every rule code present, at zero. */
export const emptyCounts = (total: number): BatchCounts => ({
  total,
  pending: total,
  invited: 0,
  alreadyOpen: 0,
  rejected: Object.fromEntries(RuleCode.options.map((code) => [code, 0])) as Record<RuleCode, number>,
  unknownCustomer: 0,
  badInput: 0,
  cancelled: 0,
});
