import type { Context } from 'hono';
import * as openid from 'openid-client';
import type { SignInProblem } from '../../content/invitationPage.js';
import { identityFrom, type VerifiedIdentity } from '../../domain/identity.js';
import { refusalOf } from '../customerIdentity.js';
import { problemResponse } from '../problem.js';
import { csrfTokenOf, CustomerSession, keyFor, newSessionId, sameText, SignInTransaction } from './customerSession.js';
import { CodeExchangeError, createCustomerSignInProvider } from './customerSignInProvider.js';
import { signedCookie } from './signedCookies.js';

const callbackPath = '/auth/callback';
const transactionSeconds = 10 * 60;
const sessionSeconds = 15 * 60;

/** Why a callback ended without a session, for the operator's log: never a code, token or cookie. */
export type SignInFailure = {
  reason: 'no-sign-in-in-progress' | 'sign-in-expired' | 'state-mismatch' | 'provider-error' | 'code-exchange-failed' | 'unknown-request';
  detail?: string;
};

export type CustomerSignInOptions = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The redirect URI is `${publicBaseUrl}/auth/callback`. */
  publicBaseUrl: string;
  /** `Secure` (and the `__Secure-` prefix) on both cookies: everywhere but development. */
  secureCookies: boolean;
  /** Signs the cookies and the CSRF tokens (one derived key each); the caller passes a key derived from INVITATION_SECRET. */
  secret: string;
  /** The invited customer's tenant ID, or undefined when the request is unknown. */
  expectedTenantOf: (requestId: string) => Promise<string | undefined>;
  /** Told why a callback failed, e.g. to log it. */
  onFailure?: (failure: SignInFailure) => void;
  now?: () => Date;
};

/** The invitation page a sign-in returns to; the session cookie lives under it and is sent nowhere else. */
const invitationPath = (token: string) => `/invitations/${encodeURIComponent(token)}`;

/** The provider's `error` is echoed into the log only when it looks like an OAuth error code. */
const errorCodeOf = (value: string) => (/^[\w.-]{1,64}$/.test(value) ? value : 'unrecognised');

/**
 * The customer's sign-in before deciding on an invitation: the OpenID Connect authorization code flow with PKCE,
 * `state` and `nonce`; a short-lived session bound to that one invitation, for a Global administrator of the invited
 * tenant only. Both cookies are signed values of our own; nothing the provider issued is kept.
 */
export function createCustomerSignIn(options: CustomerSignInOptions) {
  const now = options.now ?? (() => new Date());
  const publicBaseUrl = options.publicBaseUrl.replace(/\/+$/, '');
  const redirectUri = `${publicBaseUrl}${callbackPath}`;
  const provider = createCustomerSignInProvider({ issuer: options.issuer, clientId: options.clientId, clientSecret: options.clientSecret, redirectUri });
  const transactions = signedCookie({
    name: 'customer_sign_in',
    schema: SignInTransaction,
    key: keyFor(options.secret, 'transaction-cookie'),
    maxAgeSeconds: transactionSeconds,
    secure: options.secureCookies,
  });
  const sessions = signedCookie({
    name: 'customer_session',
    schema: CustomerSession,
    key: keyFor(options.secret, 'session-cookie'),
    maxAgeSeconds: sessionSeconds,
    secure: options.secureCookies,
  });
  const csrfKey = keyFor(options.secret, 'csrf-token');
  const failed = (failure: SignInFailure) => options.onFailure?.(failure);

  async function sessionFor(c: Context, requestId: string): Promise<CustomerSession | undefined> {
    const session = await sessions.read(c);
    if (!session || session.requestId !== requestId || session.expiresAt <= now().getTime()) return undefined;
    return session;
  }

  /** The callback as the provider addressed it: the redirect URI with the query received (behind a proxy too). */
  const callbackUrlOf = (c: Context) => {
    const url = new URL(redirectUri);
    url.search = new URL(c.req.url).search;
    return url;
  };

  return {
    /** Redirects to the provider for this invitation; `anotherUser` forces the account choice/login again. */
    async start(c: Context, invitation: { requestId: string; token: string; locale: string; anotherUser?: boolean }): Promise<Response> {
      const transaction: SignInTransaction = SignInTransaction.parse({
        state: openid.randomState(),
        nonce: openid.randomNonce(),
        codeVerifier: openid.randomPKCECodeVerifier(),
        requestId: invitation.requestId,
        token: invitation.token,
        locale: invitation.locale,
        expiresAt: now().getTime() + transactionSeconds * 1000,
      });
      const target = await provider.authorizationUrl(transaction, invitation.anotherUser ?? false);
      await transactions.write(c, transaction, callbackPath);
      return c.redirect(target.href, 302);
    },

    /** The handler of GET /auth/callback. */
    async callback(c: Context): Promise<Response> {
      const transaction = await transactions.read(c);
      transactions.clear(c, callbackPath);
      if (!transaction) {
        failed({ reason: 'no-sign-in-in-progress' });
        return problemResponse(c, {
          status: 400,
          slug: 'sign-in-not-in-progress',
          detail: 'No sign-in is in progress in this browser, or it took too long: open the invitation link and sign in again',
        });
      }
      const backToInvitation = (problem?: SignInProblem) =>
        c.redirect(`${invitationPath(transaction.token)}?lang=${encodeURIComponent(transaction.locale)}${problem ? `&signIn=${problem}` : ''}`, 303);

      if (transaction.expiresAt <= now().getTime()) {
        failed({ reason: 'sign-in-expired' });
        return backToInvitation('failed');
      }
      const callbackUrl = callbackUrlOf(c);
      const state = callbackUrl.searchParams.get('state');
      if (!state || !sameText(state, transaction.state)) {
        failed({ reason: 'state-mismatch' });
        return backToInvitation('failed');
      }
      const providerError = callbackUrl.searchParams.get('error');
      if (providerError !== null) {
        failed({ reason: 'provider-error', detail: errorCodeOf(providerError) });
        return backToInvitation('failed');
      }

      let identity: VerifiedIdentity;
      try {
        identity = identityFrom(await provider.redeem(callbackUrl, transaction));
      } catch (error) {
        if (!(error instanceof CodeExchangeError)) throw error;
        failed({ reason: 'code-exchange-failed', detail: error.message });
        return backToInvitation('failed');
      }

      const expectedTenant = await options.expectedTenantOf(transaction.requestId);
      if (!expectedTenant) {
        failed({ reason: 'unknown-request' });
        return backToInvitation('failed');
      }
      const refusal = refusalOf(identity, expectedTenant);
      if (refusal) {
        sessions.clear(c, invitationPath(transaction.token));
        return backToInvitation(refusal);
      }
      const session: CustomerSession = {
        requestId: transaction.requestId,
        identity,
        sessionId: newSessionId(),
        expiresAt: now().getTime() + sessionSeconds * 1000,
      };
      await sessions.write(c, session, invitationPath(transaction.token));
      return backToInvitation();
    },

    /** The verified user signed in for this invitation, or undefined (no, expired, tampered or other-invitation session). */
    async signedIn(c: Context, requestId: string): Promise<VerifiedIdentity | undefined> {
      return (await sessionFor(c, requestId))?.identity;
    },

    /** A CSRF token bound to the session, for the decision forms. */
    async csrfToken(c: Context, requestId: string): Promise<string | undefined> {
      const session = await sessionFor(c, requestId);
      return session && csrfTokenOf(csrfKey, session);
    },

    async checkCsrf(c: Context, requestId: string, submitted: string | undefined): Promise<boolean> {
      const session = await sessionFor(c, requestId);
      return session !== undefined && typeof submitted === 'string' && sameText(submitted, csrfTokenOf(csrfKey, session));
    },

    /**
     * Clears the session of the invitation the request is for: call it on a route under `/invitations/<token>`,
     * the only path the session cookie is set on.
     */
    signOut(c: Context): void {
      const token = /^\/invitations\/([^/]+)/.exec(new URL(c.req.url).pathname)?.[1];
      if (!token) throw new Error(`signOut is for routes under /invitations/<token>, not ${c.req.method} ${c.req.routePath}`);
      sessions.clear(c, `/invitations/${token}`);
    },
  };
}
