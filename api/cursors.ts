/** Opaque cursors over a unique sort key, so concurrent inserts neither repeat nor skip items. */
export const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
export const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');
