import type { Collection, Document, Filter, OptionalUnlessRequiredId, WithId } from 'mongodb';

/**
 * Writes under natural keys: the first write of a key wins, and a retry (or a concurrent writer) finds the first
 * one instead of writing again. A unique index refuses the second write with E11000.
 */
const duplicateKey = 11000;

export const isDuplicateKeyError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === duplicateKey;

/** Whether a (bulk) write failed only on duplicate keys: every document it did not write was there already. */
export function isOnlyDuplicateKeys(error: unknown): boolean {
  if (isDuplicateKeyError(error)) return true;
  const writeErrors = (error as { writeErrors?: unknown })?.writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list.length > 0 && list.every((writeError) => (writeError as { code?: unknown }).code === duplicateKey);
}

/**
 * What a keyed insert left: ours, written now; or the document stored first under its `_id`, which is null when the
 * duplicate was on another unique key (a customer's domain) and nothing holds ours.
 */
export type KeyedInsert<T> = { inserted: true; document: T } | { inserted: false; document: WithId<T> | null };

/** Inserts a document under its `_id`; on a duplicate key, reads back the one stored first. */
export async function insertOrFind<T extends Document & { _id: string }>(collection: Collection<T>, document: T): Promise<KeyedInsert<T>> {
  try {
    await collection.insertOne(document as OptionalUnlessRequiredId<T>);
    return { inserted: true, document };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return { inserted: false, document: await collection.findOne({ _id: document._id } as Filter<T>) };
  }
}

/** The document stored under `document._id`: ours if it is the first, else the first one (read back). */
export async function insertOnce<T extends Document & { _id: string }>(collection: Collection<T>, document: T): Promise<T> {
  const { document: stored } = await insertOrFind(collection, document);
  if (!stored) throw new Error(`${collection.collectionName}/${document._id} was written but cannot be read back`);
  return stored as T;
}

/** Inserts documents under their `_id`s; those already there (an earlier attempt's) are kept as they are. */
export async function insertAllOnce<T extends Document & { _id: string }>(collection: Collection<T>, documents: T[]): Promise<void> {
  try {
    await collection.insertMany(documents as OptionalUnlessRequiredId<T>[], { ordered: false });
  } catch (error) {
    if (!isOnlyDuplicateKeys(error)) throw error;
  }
}
