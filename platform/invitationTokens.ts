import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Invitation tokens are derived, never stored: `base64url(requestId).base64url(HMAC(secret, requestId))`.
 * Rotating the secret revokes every link at once.
 */
export function createInvitationLinks(options: { secret: string; publicBaseUrl: string }) {
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const mac = (requestId: string) => createHmac('sha256', options.secret).update(requestId).digest();

  const tokenFor = (requestId: string) =>
    `${Buffer.from(requestId).toString('base64url')}.${mac(requestId).toString('base64url')}`;

  return {
    tokenFor,
    urlFor: (requestId: string) => `${base}/invitations/${tokenFor(requestId)}`,
    /** The request ID the token stands for, or undefined for anything malformed or forged. */
    verify(token: string): string | undefined {
      if (token.length > 200) return undefined;
      const [encodedId, encodedMac, ...rest] = token.split('.');
      if (!encodedId || !encodedMac || rest.length > 0) return undefined;
      if (!/^[A-Za-z0-9_-]+$/.test(encodedId) || !/^[A-Za-z0-9_-]+$/.test(encodedMac)) return undefined;
      const requestId = Buffer.from(encodedId, 'base64url').toString('utf8');
      const given = Buffer.from(encodedMac, 'base64url');
      const expected = mac(requestId);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      // Reject non-canonical encodings so one request has exactly one token.
      return tokenFor(requestId) === token ? requestId : undefined;
    },
  };
}
export type InvitationLinks = ReturnType<typeof createInvitationLinks>;
