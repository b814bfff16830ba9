import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { VerifiedIdentity } from '../../domain/identity.js';

/** A sign-in under way: what its callback is checked against, and the invitation to return to. */
export const SignInTransaction = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(1),
  requestId: z.string().min(1),
  token: z.string().min(1).max(200),
  locale: z.string().regex(/^[A-Za-z0-9-]{1,35}$/),
  expiresAt: z.number().int(),
});
export type SignInTransaction = z.infer<typeof SignInTransaction>;

const SessionIdentity = z.object({
  tenantId: z.string().min(1),
  objectId: z.string().min(1),
  name: z.string().optional(),
  username: z.string().optional(),
  appRoles: z.array(z.string()),
  directoryRoles: z.array(z.string()),
}) satisfies z.ZodType<VerifiedIdentity>;

/**
 * A verified user signed in for one request, until `expiresAt` (epoch milliseconds). `sessionId` is random per sign-in,
 * so the CSRF token changes with each session. No token or code of the provider is ever kept.
 */
export const CustomerSession = z.object({
  requestId: z.string().min(1),
  identity: SessionIdentity,
  sessionId: z.string().min(16),
  expiresAt: z.number().int(),
});
export type CustomerSession = z.infer<typeof CustomerSession>;

export const newSessionId = (): string => randomBytes(16).toString('base64url');

/** One key per use of the caller's secret, so that no signature made for one use is valid for another. */
export const keyFor = (secret: string, use: 'transaction-cookie' | 'session-cookie' | 'csrf-token'): Uint8Array =>
  createHmac('sha256', secret).update(`customer-sign-in/${use}`).digest();

/** Compares without leaking, through timing, how much of a guess was right (lengths included). */
export const sameText = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** The CSRF token of a session's forms: an HMAC of the session and its request, so it is worthless elsewhere. */
export const csrfTokenOf = (key: Uint8Array, session: CustomerSession): string =>
  createHmac('sha256', key).update(`${session.requestId}\n${session.sessionId}`).digest('base64url');
