import type { BatchItemOutcome } from '../domain/batchCounts.js';
import type { BatchStatus } from '../domain/batches.js';
import type { RuleCode } from '../domain/eligibility.js';
import type { PartnerUserRef } from '../domain/relationshipRequest.js';
import type { RequestAsk } from '../domain/requestAsk.js';

/** A batch of relationship requests: written by the API when it is made, closed by its workflow. */
export type BatchDocument = {
  _id: string;
  workflowId: string;
  partnerTenantId: string;
  requestedBy: PartnerUserRef;
  itemCount: number;
  source: 'json' | 'csv';
  status: BatchStatus;
  createdAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
  cancellation?: { by?: PartnerUserRef; reason?: string; at: Date };
};

/**
 * One customer of a batch, `_id` `<batchId>:<index, 4 digits>` so a batch's items are one `_id` range in order.
 * The API writes the ask; the item's activity writes its outcome once (it stays `pending` until then).
 */
export type BatchItemDocument = {
  _id: string;
  batchId: string;
  index: number;
  /** Line of the CSV file the item came from. */
  line?: number;
  ask: RequestAsk;
  /** The ID the item's request gets, fixed in advance so a retried opening asks with the same one. */
  requestId: string;
  outcome: BatchItemOutcome;
  customerTenantId?: string;
  code?: RuleCode;
  detail?: string;
  existingRequestId?: string;
  finishedAt?: Date;
};

/** A partner's `Idempotency-Key`, `_id` `<scope>:<partnerTenantId>:<key>`: the first request with it wins. */
export type IdempotencyKeyDocument = {
  _id: string;
  /** What the key was used for (a batch ID). */
  resourceId: string;
  /** SHA-256 of the normalised request: the same key with another body is refused. */
  fingerprint: string;
  createdAt: Date;
};

const indexWidth = 4;
export const batchItemId = (batchId: string, index: number) => `${batchId}:${String(index).padStart(indexWidth, '0')}`;
/** Every item of a batch: `;` sorts right after `:`. */
export const batchItemRange = (batchId: string) => ({ $gte: `${batchId}:`, $lt: `${batchId};` });
