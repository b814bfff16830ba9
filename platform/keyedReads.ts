import type { Collection, Document, Filter, FindOptions } from 'mongodb';

/**
 * The documents with these `_id`s (each once, in no particular order), one `findOne` each. FerretDB v1 finds an exact
 * `_id` by its index but reads every document of the collection for an `$in` (docs/ferretdb.md): for the few keys of a
 * page, several keyed reads cost milliseconds where one `$in` costs a scan.
 */
export async function findByIds<T extends Document & { _id: string }>(collection: Collection<T>, ids: readonly string[], options?: FindOptions): Promise<T[]> {
  const found: (T | null)[] = await Promise.all([...new Set(ids)].map((_id) => collection.findOne({ _id } as Filter<T>, options) as Promise<T | null>));
  return found.filter((document): document is T => document !== null);
}
