import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import type { z } from 'zod';

/**
 * A cookie holding one JSON value, HMAC-signed with its own key and checked against its schema when read: HttpOnly,
 * SameSite=Lax, and Secure with the `__Secure-` prefix when asked. A missing, tampered or malformed cookie reads as
 * undefined.
 */
export function signedCookie<T>(options: { name: string; schema: z.ZodType<T>; key: Uint8Array; maxAgeSeconds: number; secure: boolean }) {
  const { name, schema, key, secure } = options;
  const prefix = secure ? ('secure' as const) : undefined;
  const attributes = (path: string): CookieOptions => ({ path, httpOnly: true, sameSite: 'Lax', secure, ...(prefix && { prefix }) });

  return {
    async read(c: Context): Promise<T | undefined> {
      const signed = await getSignedCookie(c, key, name, prefix);
      if (typeof signed !== 'string') return undefined;
      try {
        const parsed = schema.safeParse(JSON.parse(Buffer.from(signed, 'base64url').toString('utf8')));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    async write(c: Context, value: T, path: string): Promise<void> {
      const encoded = Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
      await setSignedCookie(c, name, encoded, key, { ...attributes(path), maxAge: options.maxAgeSeconds });
    },
    clear(c: Context, path: string): void {
      deleteCookie(c, name, attributes(path));
    },
  };
}
