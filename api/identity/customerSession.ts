import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { VerifiedIdentity } from '../../domain/identity.js';

const TransactionChecks = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(1),
  locale: z.string().regex(/^[A-Za-z0-9-]{1,35}$/),
  expiresAt: z.number().int(),
});

/** A sign-in under way for an invitation: what its callback is checked against, and the invitation to return to. */
export const InvitationSignInTransaction = TransactionChecks.extend({
  requestId: z.string().min(1),
  token: z.string().min(1).max(200),
});
export type InvitationSignInTransaction = z.infer<typeof InvitationSignInTransaction>;

/**
 * A sign-in under way for the customer's partner relationships page: the tenant is whoever signs in, and the page
 * speaks the tenant's language unless the user chose one (`locale`).
 */
export const TenantSignInTransaction = TransactionChecks.extend({
  purpose: z.literal('partnerRelationships'),
  locale: TransactionChecks.shape.locale.optional(),
});
export type TenantSignInTransaction = z.infer<typeof TenantSignInTransaction>;

export const SignInTransaction = z.union([TenantSignInTransaction, InvitationSignInTransaction]);
export type SignInTransaction = z.infer<typeof SignInTransaction>;

export const SessionIdentity = z.object({
  tenantId: z.string().min(1),
  objectId: z.string().min(1),
  name: z.string().optional(),
  username: z.string().optional(),
  appRoles: z.array(z.string()),
  directoryRoles: z.array(z.string()),
}) satisfies z.ZodType<VerifiedIdentity>;

/** What every session holds: the verified user, a random ID per sign-in, and its end (epoch milliseconds). */
const SessionFields = z.object({
  identity: SessionIdentity,
  sessionId: z.string().min(16),
  expiresAt: z.number().int(),
});

/**
 * A verified user signed in for one request, until `expiresAt`. `sessionId` is random per sign-in, so the CSRF token
 * changes with each session. No token or code of the provider is ever kept.
 */
export const CustomerSession = SessionFields.extend({ requestId: z.string().min(1) });
export type CustomerSession = z.infer<typeof CustomerSession>;

/**
 * A Global administrator of a customer tenant signed in for that tenant's partner relationships page, until
 * `expiresAt`: the tenant is the verified user's own.
 */
export const TenantSession = SessionFields.extend({ tenantId: z.string().min(1) });
export type TenantSession = z.infer<typeof TenantSession>;

export const newSessionId = (): string => randomBytes(16).toString('base64url');

/** Compares without leaking, through timing, how much of a guess was right (lengths included). */
export const sameText = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** The CSRF token of a session's forms: an HMAC of the session and its request, so it is worthless elsewhere. */
export const csrfTokenOf = (key: Uint8Array, session: CustomerSession): string =>
  createHmac('sha256', key).update(`${session.requestId}\n${session.sessionId}`).digest('base64url');

/** The CSRF token of a tenant session's forms; its prefix keeps it apart from any invitation session's. */
export const tenantCsrfTokenOf = (key: Uint8Array, session: TenantSession): string =>
  createHmac('sha256', key).update(`tenant\n${session.tenantId}\n${session.sessionId}`).digest('base64url');
