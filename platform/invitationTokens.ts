import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { Keyring } from './secretKeys.js';

/**
 * Invitation tokens are derived, never stored: `base64url(requestId).base64url(HMAC(key, requestId))`, the key being
 * INVITATION_SECRET's for invitation links. New links use the current secret; a link of INVITATION_SECRET_PREVIOUS
 * works while that is set. Rotating the secret without it revokes every link at once.
 */
export function createInvitationLinks(options: { keys: Keyring; publicBaseUrl: string }) {
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  // Key objects made once: Node prepares a key given as bytes again on every HMAC, which costs more than the HMAC.
  const keys = options.keys.keysFor('invitationLink');
  const signing = createSecretKey(keys.signing);
  const verifying = keys.verifying.map((key) => createSecretKey(key));
  const mac = (key: KeyObject, requestId: string) => createHmac('sha256', key).update(requestId).digest();
  const encodeId = (requestId: string) => Buffer.from(requestId).toString('base64url');

  const tokenFor = (requestId: string) => `${encodeId(requestId)}.${mac(signing, requestId).toString('base64url')}`;

  return {
    tokenFor,
    urlFor: (requestId: string) => `${base}/invitations/${tokenFor(requestId)}`,
    /**
     * Where a customer's Global administrator approves an admin relationship: on its tenant's partner relationships,
     * after signing in. Not a secret: only a signed-in Global administrator of the relationship's tenant may act there.
     */
    /** Where the partner requests an admin relationship in its workspace: the next step after an acceptance. */
    adminRelationshipRequestUrl: `${base}/workspace/admin-relationships/new`,
    adminApprovalUrlFor: (relationshipId: string) => `${base}/partner-relationships/admin-relationships/${encodeURIComponent(relationshipId)}/approval`,
    /** The request ID the token stands for, or undefined for anything malformed or forged. */
    verify(token: string): string | undefined {
      if (token.length > 200) return undefined;
      const [encodedId, encodedMac, ...rest] = token.split('.');
      if (!encodedId || !encodedMac || rest.length > 0) return undefined;
      if (!/^[A-Za-z0-9_-]+$/.test(encodedId) || !/^[A-Za-z0-9_-]+$/.test(encodedMac)) return undefined;
      const requestId = Buffer.from(encodedId, 'base64url').toString('utf8');
      const given = Buffer.from(encodedMac, 'base64url');
      // Reject non-canonical encodings so that one request has exactly one token per key.
      if (encodeId(requestId) !== encodedId || given.toString('base64url') !== encodedMac) return undefined;
      const matches = verifying.map((key) => {
        const expected = mac(key, requestId);
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
      return matches.includes(true) ? requestId : undefined;
    },
  };
}
export type InvitationLinks = ReturnType<typeof createInvitationLinks>;
