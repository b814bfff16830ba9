import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import type { z } from 'zod';
import type { PurposeKeys } from '../../platform/secretKeys.js';

/**
 * A cookie holding one JSON value, HMAC-signed with its purpose's key and checked against its schema when read:
 * HttpOnly, SameSite=Lax, Path=/, and when asked Secure with the `__Host-` prefix (which also forbids a Domain, so no
 * subdomain can set or read it). Signed with the current key; a cookie signed with the previous secret's key reads
 * too while one is set. A missing, tampered or malformed cookie reads as undefined.
 */
export function signedCookie<T>(options: { name: string; schema: z.ZodType<T>; keys: PurposeKeys; maxAgeSeconds: number; secure: boolean }) {
  const { name, schema, keys, secure } = options;
  const prefix = secure ? ('host' as const) : undefined;
  const attributes: CookieOptions = { path: '/', httpOnly: true, sameSite: 'Lax', secure, ...(prefix && { prefix }) };

  async function signedValue(c: Context): Promise<string | undefined> {
    for (const key of keys.verifying) {
      const signed = await getSignedCookie(c, key, name, prefix);
      if (typeof signed === 'string') return signed;
    }
    return undefined;
  }

  return {
    async read(c: Context): Promise<T | undefined> {
      const signed = await signedValue(c);
      if (signed === undefined) return undefined;
      try {
        const parsed = schema.safeParse(JSON.parse(Buffer.from(signed, 'base64url').toString('utf8')));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    async write(c: Context, value: T): Promise<void> {
      const encoded = Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
      await setSignedCookie(c, name, encoded, keys.signing, { ...attributes, maxAge: options.maxAgeSeconds });
    },
    clear(c: Context): void {
      deleteCookie(c, name, attributes);
    },
  };
}
