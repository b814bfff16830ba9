import { createHmac } from 'node:crypto';
import type { Context } from 'hono';
import * as openid from 'openid-client';
import { z } from 'zod';
import { partnerRolesOf, type PartnerRole } from '../../domain/roles.js';
import { clockOf } from '../../platform/clock.js';
import type { CustomerSignInOptions } from './customerSignIn.js';
import { newSessionId, sameText, SessionIdentity } from './customerSession.js';
import { createCustomerSignInProvider, identityFromCallback } from './customerSignInProvider.js';
import { signedCookie } from './signedCookies.js';

export const workspacePath = '/workspace';
export const workspaceCallbackPath = `${workspacePath}/auth/callback`;
const transactionSeconds = 10 * 60;
/** A working day: partner users keep the workspace open, as they keep Partner Center open. */
const sessionSeconds = 8 * 60 * 60;

/** A page of the workspace to come back to after signing in: a path under /workspace, never another site. */
const ReturnPath = z.string().regex(/^\/workspace(?:\/[A-Za-z0-9._~/-]*)?(?:\?[A-Za-z0-9._~&=%+-]*)?$/).max(500);

const PartnerSignInTransaction = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(1),
  returnTo: ReturnPath,
  expiresAt: z.number().int(),
});
type PartnerSignInTransaction = z.infer<typeof PartnerSignInTransaction>;

/** A partner user signed in to the workspace until `expiresAt`; `sessionId` is random per sign-in, for the CSRF token. */
const PartnerSession = z.object({
  identity: SessionIdentity,
  partnerTenantId: z.string().min(1),
  partnerName: z.string().min(1),
  sessionId: z.string().min(16),
  expiresAt: z.number().int(),
});
type PartnerSession = z.infer<typeof PartnerSession>;

/** Who is signed in to the workspace: the user, their partner and roles there, and the token their forms carry. */
export type WorkspaceUser = {
  id: string;
  name: string;
  email: string;
  partnerTenantId: string;
  partnerName: string;
  roles: PartnerRole[];
  csrfToken: string;
};

/** Why a sign-in ended without a session, shown on the sign-in page and logged (never a code, token or cookie). */
export type PartnerSignInProblem = 'failed' | 'not-a-partner' | 'no-partner-role';

/** The same client, cookies and keys as the customers' sign-in; the redirect URI is `${publicBaseUrl}/workspace/auth/callback`. */
export type PartnerSignInOptions = Pick<CustomerSignInOptions, 'issuer' | 'clientId' | 'clientSecret' | 'publicBaseUrl' | 'secureCookies' | 'keys'> & {
  /** The partner whose tenant this is, or undefined when the tenant is not a partner here. */
  partnerOf: (tenantId: string) => Promise<{ name: string } | undefined>;
  onFailure?: (failure: { reason: string; detail?: string }) => void;
  now?: () => Date;
};

/**
 * Partner users' sign-in to the workspace: OpenID Connect code flow with PKCE, `state` and `nonce`, against the same
 * provider and client as the customers' sign-in, with its own redirect URI. Only a user of a partner's tenant gets a
 * session, and only one holding a Partner Center role there; the session keeps the verified user and their partner,
 * nothing the provider issued. The CSRF token of its forms is bound to the session.
 */
export function createPartnerSignIn(options: PartnerSignInOptions) {
  const now = clockOf(options);
  const redirectUri = `${options.publicBaseUrl.replace(/\/+$/, '')}${workspaceCallbackPath}`;
  const provider = createCustomerSignInProvider({ issuer: options.issuer, clientId: options.clientId, clientSecret: options.clientSecret, redirectUri });
  const cookie = { secure: options.secureCookies };
  const transactions = signedCookie({ name: 'partner_sign_in', schema: PartnerSignInTransaction, keys: options.keys.keysFor('partnerSignInTransaction'), maxAgeSeconds: transactionSeconds, ...cookie });
  const sessions = signedCookie({ name: 'partner_session', schema: PartnerSession, keys: options.keys.keysFor('partnerSession'), maxAgeSeconds: sessionSeconds, ...cookie });
  const csrfKeys = options.keys.keysFor('csrf');
  const csrfTokenOf = (key: Uint8Array, session: PartnerSession) =>
    createHmac('sha256', key).update(`partner\n${session.partnerTenantId}\n${session.sessionId}`).digest('base64url');
  const failed = (reason: string, detail?: string) => options.onFailure?.({ reason, ...(detail && { detail }) });

  async function sessionOf(c: Context): Promise<PartnerSession | undefined> {
    const session = await sessions.read(c);
    // A session is for its user's own partner tenant; one saying otherwise is no session.
    if (!session || session.expiresAt <= now().getTime() || session.partnerTenantId !== session.identity.tenantId) return undefined;
    return session;
  }

  const signInPage = (problem?: PartnerSignInProblem) => `${workspacePath}/sign-in${problem ? `?problem=${problem}` : ''}`;

  return {
    /** Redirects to the provider; after the callback, the browser comes back to `returnTo` (a workspace page). */
    async start(c: Context, returnTo: string): Promise<Response> {
      const transaction: PartnerSignInTransaction = {
        state: openid.randomState(),
        nonce: openid.randomNonce(),
        codeVerifier: openid.randomPKCECodeVerifier(),
        returnTo: ReturnPath.safeParse(returnTo).success ? returnTo : workspacePath,
        expiresAt: now().getTime() + transactionSeconds * 1000,
      };
      const target = await provider.authorizationUrl(transaction, false);
      await transactions.write(c, transaction);
      return c.redirect(target.href, 302);
    },

    /** GET /workspace/auth/callback: a session for a partner user, or back to the sign-in page saying why not. */
    async callback(c: Context): Promise<Response> {
      const transaction = await transactions.read(c);
      transactions.clear(c);
      const back = (problem: PartnerSignInProblem) => c.redirect(signInPage(problem), 303);
      if (!transaction || transaction.expiresAt <= now().getTime()) {
        failed(transaction ? 'sign-in-expired' : 'no-sign-in-in-progress');
        return back('failed');
      }
      const callbackUrl = new URL(redirectUri);
      callbackUrl.search = new URL(c.req.url).search;
      const verified = await identityFromCallback(provider, callbackUrl, transaction);
      if ('failure' in verified) {
        failed(verified.failure.reason, verified.failure.detail);
        return back('failed');
      }
      const { identity } = verified;
      const partner = await options.partnerOf(identity.tenantId);
      if (!partner) {
        sessions.clear(c);
        return back('not-a-partner');
      }
      if (partnerRolesOf(identity.appRoles).length === 0) {
        sessions.clear(c);
        return back('no-partner-role');
      }
      await sessions.write(c, {
        identity,
        partnerTenantId: identity.tenantId,
        partnerName: partner.name,
        sessionId: newSessionId(),
        expiresAt: now().getTime() + sessionSeconds * 1000,
      });
      return c.redirect(transaction.returnTo, 303);
    },

    /** The signed-in partner user, or undefined (no, expired or tampered session). */
    async signedIn(c: Context): Promise<WorkspaceUser | undefined> {
      const session = await sessionOf(c);
      if (!session) return undefined;
      const { identity } = session;
      return {
        id: identity.objectId,
        name: identity.name ?? identity.username ?? identity.objectId,
        email: identity.username ?? identity.objectId,
        partnerTenantId: session.partnerTenantId,
        partnerName: session.partnerName,
        roles: partnerRolesOf(identity.appRoles),
        csrfToken: csrfTokenOf(csrfKeys.signing, session),
      };
    },

    /** Whether a form's token is this session's; one made with the previous secret's key counts while it is set. */
    async checkCsrf(c: Context, submitted: string | undefined): Promise<boolean> {
      const session = await sessionOf(c);
      return session !== undefined && typeof submitted === 'string' && csrfKeys.verifying.some((key) => sameText(submitted, csrfTokenOf(key, session)));
    },

    signOut(c: Context): void {
      sessions.clear(c);
    },
  };
}
export type PartnerSignIn = ReturnType<typeof createPartnerSignIn>;
