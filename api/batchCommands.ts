import type { Filter } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { startBatch, stopBatch } from '../client/index.js';
import { countOutcome, emptyCounts, type BatchCounts, type BatchStatus } from '../domain/batches.js';
import { batchItemId, batchItemRange, type BatchDocument, type BatchItemDocument } from '../platform/batchDocuments.js';
import { clockOf } from '../platform/clock.js';
import { defaultBatchConcurrency } from '../platform/config.js';
import { insertAllOnce, insertOrFind } from '../platform/keyedWrites.js';
import type { Collections } from '../platform/mongo.js';
import { batchWorkflowId, type BatchOutcome, type RelationshipRequestBatchInput } from '../workflows/relationshipRequestBatchContract.js';
import { batchFingerprint, type BatchEntry } from './batchInput.js';
import { decodeCursor, encodeCursor, idsPastCursor } from './cursors.js';
import type { BatchItemView, BatchSummary } from './batchSchemas.js';
import type { ApiDeps, AuthenticatedUser } from './deps.js';
import { ProblemError } from './problem.js';
import { admitOrRefuse, quotaGuard } from './quotas.js';
import { openingSettings } from './requestCommands.js';

/** Items per run of the batch workflow: about 600 history events a run, far below Temporal's limits. */
export const batchItemsPerRun = 100;

/** This partner's batches, newest first (their IDs are UUIDv7, in time order), a page at a time. */
export async function listBatches(deps: ApiDeps, user: Pick<AuthenticatedUser, 'partnerTenantId'>, { limit, cursor }: { limit: number; cursor?: string | undefined }) {
  const filter: Filter<BatchDocument> = { partnerTenantId: user.partnerTenantId };
  filter._id = idsPastCursor(-1, cursor === undefined ? undefined : decodeCursor(cursor));
  const found = await deps.database.collections.batches.find(filter).sort({ _id: -1 }).limit(limit + 1).toArray();
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: found.length > limit && last ? encodeCursor(last._id) : null };
}

const batchNotFound = () => new ProblemError({ status: 404, slug: 'batch-not-found', detail: 'No relationship request batch with this ID' });

/** A batch of this partner, or 404. */
export async function findPartnerBatch(deps: ApiDeps, user: AuthenticatedUser, id: string): Promise<BatchDocument> {
  const batch = await deps.database.collections.batches.findOne({ _id: id });
  if (!batch || batch.partnerTenantId !== user.partnerTenantId) throw batchNotFound();
  return batch;
}

/**
 * Writes the items, then the batch, then starts its workflow: each step keyed, so that a retry with the same
 * `Idempotency-Key` (even after a crash half-way) completes the same batch instead of making another.
 */
export async function createBatch(
  deps: ApiDeps,
  user: AuthenticatedUser,
  entries: BatchEntry[],
  source: BatchDocument['source'],
  idempotencyKey: string | undefined,
): Promise<BatchDocument> {
  const { collections } = deps.database;
  const now = clockOf(deps)();
  const partner = await collections.partners.findOne({ _id: user.partnerTenantId });
  if (!partner) throw new ProblemError({ status: 403, slug: 'forbidden', detail: 'Your partner tenant is not set up' });

  // The whole batch counts at submission, each item as one request and one email; a retry of a claimed key was counted.
  const retried = idempotencyKey !== undefined && (await collections.idempotencyKeys.findOne({ _id: keyId(partner._id, idempotencyKey) })) !== null;
  if (!retried) {
    const guard = quotaGuard(deps);
    await admitOrRefuse(guard, [
      { quota: guard.quotas.partnerRequests, key: partner._id, count: entries.length },
      { quota: guard.quotas.partnerEmails, key: partner._id, count: entries.length },
    ]);
  }
  const batchId = idempotencyKey ? await claimKey(collections, partner._id, idempotencyKey, batchFingerprint(entries), now) : uuidv7();
  await insertAllOnce(
    collections.batchItems,
    entries.map(({ ask, line }, index) => ({
      _id: batchItemId(batchId, index),
      batchId,
      index,
      ...(line !== undefined && { line }),
      ask,
      requestId: uuidv7(),
      outcome: 'pending' as const,
    })),
  );
  await insertAllOnce(collections.batches, [
    {
      _id: batchId,
      workflowId: batchWorkflowId(batchId),
      partnerTenantId: partner._id,
      requestedBy: { userId: user.id, email: user.email },
      itemCount: entries.length,
      source,
      status: 'running',
      createdAt: now,
      updatedAt: now,
    },
  ]);
  const batch = await collections.batches.findOne({ _id: batchId });
  if (!batch) throw new Error(`batch ${batchId} was not recorded`);

  const concurrency = deps.config.BATCH_CONCURRENCY ?? defaultBatchConcurrency;
  const input: RelationshipRequestBatchInput = {
    batchId,
    partnerTenantId: batch.partnerTenantId,
    requestedBy: batch.requestedBy,
    itemCount: batch.itemCount,
    concurrency,
    itemsPerRun: batchItemsPerRun,
    settings: openingSettings(deps),
    counts: emptyCounts(batch.itemCount),
  };
  // A retried POST finds the batch running or finished, and leaves it so.
  await startBatch(deps.temporal, input, { partnerName: partner.name, source });
  return batch;
}

const keyId = (partnerTenantId: string, key: string) => `batch:${partnerTenantId}:${key}`;

/** The first request with a key wins; the same key again must come with the same customers. */
async function claimKey(collections: Collections, partnerTenantId: string, key: string, fingerprint: string, now: Date): Promise<string> {
  const _id = keyId(partnerTenantId, key);
  const written = await insertOrFind(collections.idempotencyKeys, { _id, resourceId: uuidv7(), fingerprint, createdAt: now });
  if (written.inserted) return written.document.resourceId;
  const claimed = written.document;
  if (!claimed) throw new Error(`idempotency key ${_id} vanished`);
  if (claimed.fingerprint !== fingerprint) {
    throw new ProblemError({
      status: 422,
      slug: 'idempotency-key-reused',
      title: 'The Idempotency-Key was used for another batch',
      detail: 'This Idempotency-Key was first sent with other customers; use a new key for a new batch',
      existingBatchId: claimed.resourceId,
    });
  }
  return claimed.resourceId;
}

/** Counts by outcome, from the items themselves. */
export async function batchCounts(collections: Collections, batch: BatchDocument): Promise<BatchCounts> {
  const recorded = await collections.batchItems
    .find({ _id: batchItemRange(batch._id), outcome: { $ne: 'pending' } }, { projection: { outcome: 1, code: 1 } })
    .toArray();
  return recorded.reduce(
    (counts, item) => (item.outcome === 'pending' ? counts : countOutcome(counts, item.outcome, item.code)),
    emptyCounts(batch.itemCount),
  );
}

export async function batchSummary(collections: Collections, batch: BatchDocument): Promise<z.infer<typeof BatchSummary>> {
  const { cancellation } = batch;
  return {
    id: batch._id,
    status: batch.status,
    itemCount: batch.itemCount,
    source: batch.source,
    createdAt: batch.createdAt.toISOString(),
    finishedAt: batch.finishedAt?.toISOString() ?? null,
    cancellation: cancellation
      ? { by: cancellation.by ?? null, reason: cancellation.reason ?? null, at: cancellation.at.toISOString() }
      : null,
    counts: await batchCounts(collections, batch),
  };
}

/** A page of items in their order; the cursor is the last index shown. */
export async function batchItemsPage(collections: Collections, batch: BatchDocument, limit: number, cursor: string | undefined) {
  const after = cursor === undefined ? undefined : Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (after !== undefined && !(Number.isInteger(after) && after >= 0)) {
    throw new ProblemError({
      status: 400,
      slug: 'validation',
      title: 'Your request is not valid',
      detail: 'Invalid query: cursor: not a cursor of this list',
      errors: [{ field: 'cursor', message: 'not a cursor of this list' }],
    });
  }
  const range = batchItemRange(batch._id);
  const found = await collections.batchItems
    .find({ _id: after === undefined ? range : { $gt: batchItemId(batch._id, after), $lt: range.$lt } })
    .sort({ _id: 1 })
    .limit(limit + 1)
    .toArray();
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(batchItemView),
    nextCursor: found.length > limit && last ? Buffer.from(String(last.index), 'utf8').toString('base64url') : null,
  };
}

function batchItemView(item: BatchItemDocument): z.infer<typeof BatchItemView> {
  const opened = item.outcome === 'invited' || item.outcome === 'rejected';
  return {
    index: item.index,
    line: item.line ?? null,
    customerTenantId: item.ask.customerTenantId ?? item.customerTenantId ?? null,
    customerDomain: item.ask.customerDomain ?? null,
    customerEmail: item.ask.customerEmail,
    outcome: item.outcome,
    requestId: opened ? item.requestId : null,
    existingRequestId: item.existingRequestId ?? null,
    code: item.code ?? null,
    detail: item.detail ?? null,
  };
}

const batchFinished = (status: BatchStatus) =>
  new ProblemError({ status: 409, slug: 'batch-finished', detail: `The batch is ${status} and can no longer be canceled`, batchStatus: status });

/**
 * Cancels a running batch through its workflow, which answers once the items in flight are recorded and the rest are
 * marked cancelled. A batch that finished first is a 409.
 */
export async function cancelRunningBatch(deps: ApiDeps, user: AuthenticatedUser, batch: BatchDocument, reason: string | undefined): Promise<BatchOutcome> {
  const at = clockOf(deps)().toISOString();
  for (let attempt = 1; ; attempt += 1) {
    if (batch.status !== 'running') throw batchFinished(batch.status);
    let answer: Awaited<ReturnType<typeof stopBatch>>;
    try {
      answer = await stopBatch(deps.temporal, batch.workflowId, { by: { userId: user.id, email: user.email }, ...(reason && { reason }), at });
    } catch (error) {
      // The run the update reached closed (finished, or continued as new) before taking it: look again.
      const current = await deps.database.collections.batches.findOne({ _id: batch._id });
      if (!current || attempt === 3) throw error;
      batch = current;
      continue;
    }
    if (answer.outcome === 'finishing') throw batchFinished(answer.status);
    return answer.batch;
  }
}
