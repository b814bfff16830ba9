import type { Context } from 'hono';

/**
 * The credential of `Authorization: Bearer <credential>` (RFC 6750), or undefined when there is none: visible ASCII
 * only, at most 4,096 characters, so nothing else reaches a verifier or a lookup.
 */
export const bearerCredential = (c: Context): string | undefined =>
  /^Bearer\s+([\x21-\x7e]{1,4096})$/i.exec(c.req.header('authorization') ?? '')?.[1];
