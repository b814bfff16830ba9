import type { Context } from 'hono';
import * as openid from 'openid-client';
import { z } from 'zod';
import { invitationPath, type SignInProblem } from '../../content/invitationPage.js';
import { partnerRelationshipsPath } from '../../content/partnerRelationshipsPage.js';
import type { VerifiedIdentity } from '../../domain/identity.js';
import { refusalOf } from './customerAdministrators.js';
import { problemResponse } from '../problem.js';
import { clockOf } from '../../platform/clock.js';
import type { Keyring } from '../../platform/secretKeys.js';
import {
  csrfTokenOf,
  CustomerSession,
  newSessionId,
  sameText,
  SignInTransaction,
  tenantCsrfTokenOf,
  TenantSession,
  InvitationSignInTransaction,
  type TenantSignInTransaction,
} from './customerSession.js';
import { createCustomerSignInProvider, identityFromCallback } from './customerSignInProvider.js';
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
  /** `Secure` and the `__Host-` prefix on every cookie: everywhere but development. */
  secureCookies: boolean;
  /** The keys of the cookies and the CSRF tokens, one per purpose, made from INVITATION_SECRET (and its previous value). */
  keys: Keyring;
  /** The invited customer's tenant ID, or undefined when the request is unknown. */
  expectedTenantOf: (requestId: string) => Promise<string | undefined>;
  /** Whether a tenant is a customer here: only a customer's Global administrator gets a session for its partner relationships page. */
  isCustomerTenant?: (tenantId: string) => Promise<boolean>;
  /** Told why a callback failed, e.g. to log it. */
  onFailure?: (failure: SignInFailure) => void;
  now?: () => Date;
};

/**
 * A page a customer signs in for: one invitation (its request, link token and language), or the partner relationships
 * page of the user's own tenant, in the language chosen before signing in, if any.
 */
export type SignInTarget =
  | { page: 'invitation'; requestId: string; token: string; locale: string }
  | { page: 'partnerRelationships'; locale?: string | undefined };

/** Which of a browser's two sessions a page reads: the one for this invitation's request, or the tenant's. */
export type SignInScope = { page: 'invitation'; requestId: string } | { page: 'partnerRelationships' };

/** The verified user of a page's session, with the CSRF token its forms carry. */
export type SignedInCustomer = { identity: VerifiedIdentity; csrfToken: string };

/** The customer's sign-in with the OpenID provider, bound to one invitation at a time, or to the user's own tenant. */
export type CustomerSignIn = {
  /** Redirects to the provider; `anotherUser` ends the page's session and forces the account choice/login again. */
  start(c: Context, target: SignInTarget, options?: { anotherUser?: boolean }): Promise<Response>;
  /** The handler of GET /auth/callback. */
  callback(c: Context): Promise<Response>;
  /** The verified user signed in for this scope, or undefined (no, expired, tampered or other-invitation session). */
  signedIn(c: Context, scope: SignInScope): Promise<SignedInCustomer | undefined>;
  checkCsrf(c: Context, scope: SignInScope, submitted: string | undefined): Promise<boolean>;
  signOut(c: Context, scope: SignInScope): void;
};

/** The `signIn` query a page is returned to with: what went wrong with the sign-in, shown on the page. */
export const SignInProblemQuery = z.enum(['other-organization', 'not-global-administrator', 'failed', 'required']) satisfies z.ZodType<SignInProblem>;

/** The partner relationships page a sign-in returns to, in the language chosen before it, if any. */
const tenantPageUrl = (transaction: TenantSignInTransaction, problem?: SignInProblem) => {
  const query = new URLSearchParams({ ...(transaction.locale && { lang: transaction.locale }), ...(problem && { signIn: problem }) }).toString();
  return `${partnerRelationshipsPath}${query ? `?${query}` : ''}`;
};

/** The provider's `error` is echoed into the log only when it looks like an OAuth error code. */
/**
 * The customer's sign-in before deciding on an invitation: the OpenID Connect authorization code flow with PKCE,
 * `state` and `nonce`; a short-lived session bound to that one invitation, for a Global administrator of the invited
 * tenant only. The cookies are signed values of our own; nothing the provider issued is kept. Every cookie has
 * Path=/ (as `__Host-` requires), so the binding is the session's `requestId`: a browser holds one invitation session,
 * and signing in for another invitation replaces it, after which the first one's page asks to sign in again.
 */
export function createCustomerSignIn(options: CustomerSignInOptions): CustomerSignIn {
  const now = clockOf(options);
  const publicBaseUrl = options.publicBaseUrl.replace(/\/+$/, '');
  const redirectUri = `${publicBaseUrl}${callbackPath}`;
  const provider = createCustomerSignInProvider({ issuer: options.issuer, clientId: options.clientId, clientSecret: options.clientSecret, redirectUri });
  const transactions = signedCookie({
    name: 'customer_sign_in',
    schema: SignInTransaction,
    keys: options.keys.keysFor('signInTransaction'),
    maxAgeSeconds: transactionSeconds,
    secure: options.secureCookies,
  });
  const sessions = signedCookie({
    name: 'customer_session',
    schema: CustomerSession,
    keys: options.keys.keysFor('customerSession'),
    maxAgeSeconds: sessionSeconds,
    secure: options.secureCookies,
  });
  const tenantSessions = signedCookie({
    name: 'customer_tenant_session',
    schema: TenantSession,
    keys: options.keys.keysFor('tenantSession'),
    maxAgeSeconds: sessionSeconds,
    secure: options.secureCookies,
  });
  // A CSRF token of the previous secret is accepted as long as its session is: both are signed by the same secret, and
  // the token is bound to the session, so this only spares a form loaded before the deploy from failing after it.
  const csrfKeys = options.keys.keysFor('csrf');
  const csrfMatches = (submitted: string | undefined, tokenWith: (key: Uint8Array) => string) =>
    typeof submitted === 'string' && csrfKeys.verifying.map((key) => sameText(submitted, tokenWith(key))).includes(true);
  const failed = (failure: SignInFailure) => options.onFailure?.(failure);

  /** The session of this scope with its CSRF token under a given key, while it lasts. */
  async function sessionIn(c: Context, scope: SignInScope): Promise<{ identity: VerifiedIdentity; csrfTokenWith: (key: Uint8Array) => string } | undefined> {
    if (scope.page === 'invitation') {
      const session = await sessions.read(c);
      if (!session || session.requestId !== scope.requestId || session.expiresAt <= now().getTime()) return undefined;
      return { identity: session.identity, csrfTokenWith: (key) => csrfTokenOf(key, session) };
    }
    const session = await tenantSessions.read(c);
    // A tenant session is for its user's own tenant; one saying otherwise is no session.
    if (!session || session.expiresAt <= now().getTime() || session.tenantId !== session.identity.tenantId) return undefined;
    return { identity: session.identity, csrfTokenWith: (key) => tenantCsrfTokenOf(key, session) };
  }

  const clearSession = (c: Context, scope: SignInScope) => (scope.page === 'invitation' ? sessions : tenantSessions).clear(c);

  async function redirectToProvider(c: Context, transaction: SignInTransaction, anotherUser: boolean): Promise<Response> {
    const target = await provider.authorizationUrl(transaction, anotherUser);
    await transactions.write(c, transaction);
    return c.redirect(target.href, 302);
  }

  /** The rest of a callback for the partner relationships page: a session for the signed-in user's own tenant. */
  async function tenantCallback(c: Context, transaction: TenantSignInTransaction, identity: VerifiedIdentity): Promise<Response> {
    const back = (problem?: SignInProblem) => c.redirect(tenantPageUrl(transaction, problem), 303);
    const isCustomer = (await options.isCustomerTenant?.(identity.tenantId)) ?? false;
    const refusal = refusalOf(identity, isCustomer ? identity.tenantId : undefined);
    if (refusal) {
      tenantSessions.clear(c);
      return back(refusal);
    }
    const session: TenantSession = { tenantId: identity.tenantId, identity, sessionId: newSessionId(), expiresAt: now().getTime() + sessionSeconds * 1000 };
    await tenantSessions.write(c, session);
    return back();
  }

  /** The callback as the provider addressed it: the redirect URI with the query received (behind a proxy too). */
  const callbackUrlOf = (c: Context) => {
    const url = new URL(redirectUri);
    url.search = new URL(c.req.url).search;
    return url;
  };

  return {
    async start(c: Context, target: SignInTarget, { anotherUser = false }: { anotherUser?: boolean } = {}): Promise<Response> {
      if (anotherUser) clearSession(c, target);
      const checks = {
        state: openid.randomState(),
        nonce: openid.randomNonce(),
        codeVerifier: openid.randomPKCECodeVerifier(),
        expiresAt: now().getTime() + transactionSeconds * 1000,
      };
      const transaction: SignInTransaction =
        target.page === 'invitation'
          ? InvitationSignInTransaction.parse({ ...checks, requestId: target.requestId, token: target.token, locale: target.locale })
          : SignInTransaction.parse({ ...checks, purpose: 'partnerRelationships', ...(target.locale && { locale: target.locale }) } satisfies TenantSignInTransaction);
      return redirectToProvider(c, transaction, anotherUser);
    },

    async callback(c: Context): Promise<Response> {
      const transaction = await transactions.read(c);
      transactions.clear(c);
      if (!transaction) {
        failed({ reason: 'no-sign-in-in-progress' });
        return problemResponse(c, {
          status: 400,
          slug: 'sign-in-not-in-progress',
          detail: 'No sign-in is in progress in this browser, or it took too long: open the invitation link and sign in again',
        });
      }
      /** The page the sign-in started from: the invitation's, or the partner relationships page. */
      const backToPage = (problem?: SignInProblem) =>
        c.redirect(
          'purpose' in transaction
            ? tenantPageUrl(transaction, problem)
            : `${invitationPath(transaction.token)}?lang=${encodeURIComponent(transaction.locale)}${problem ? `&signIn=${problem}` : ''}`,
          303,
        );

      if (transaction.expiresAt <= now().getTime()) {
        failed({ reason: 'sign-in-expired' });
        return backToPage('failed');
      }
      const verified = await identityFromCallback(provider, callbackUrlOf(c), transaction);
      if ('failure' in verified) {
        failed(verified.failure);
        return backToPage('failed');
      }
      const { identity } = verified;

      if ('purpose' in transaction) return tenantCallback(c, transaction, identity);
      const expectedTenant = await options.expectedTenantOf(transaction.requestId);
      if (!expectedTenant) {
        failed({ reason: 'unknown-request' });
        return backToPage('failed');
      }
      const refusal = refusalOf(identity, expectedTenant);
      if (refusal) {
        sessions.clear(c);
        return backToPage(refusal);
      }
      const session: CustomerSession = {
        requestId: transaction.requestId,
        identity,
        sessionId: newSessionId(),
        expiresAt: now().getTime() + sessionSeconds * 1000,
      };
      await sessions.write(c, session);
      return backToPage();
    },

    async signedIn(c: Context, scope: SignInScope): Promise<SignedInCustomer | undefined> {
      const session = await sessionIn(c, scope);
      return session && { identity: session.identity, csrfToken: session.csrfTokenWith(csrfKeys.signing) };
    },

    async checkCsrf(c: Context, scope: SignInScope, submitted: string | undefined): Promise<boolean> {
      const session = await sessionIn(c, scope);
      return session !== undefined && csrfMatches(submitted, session.csrfTokenWith);
    },

    /** Clears the browser's session of this scope (one invitation session at most, for whichever it signed in last). */
    signOut(c: Context, scope: SignInScope): void {
      clearSession(c, scope);
    },
  };
}
