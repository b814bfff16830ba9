/** Opaque cursors over a unique sort key, so concurrent inserts neither repeat nor skip items. */
export const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
export const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

/**
 * The `_id` condition of one page of a list in `_id` order: past the cursor, or every string `_id` on the first page.
 * The first page names a bound too, which MongoDB reads the same way (every `_id` here is a string), so that the
 * embedded FerretDB reads each page from an index in `_id` order (docs/ferretdb.md, "Lists in `_id` order").
 */
export function idsPastCursor(order: 1 | -1, after: string | undefined): { $gt: string } | { $lt: string } | { $gte: string } {
  if (after === undefined) return { $gte: '' };
  return order === 1 ? { $gt: after } : { $lt: after };
}
