import type { Context } from 'hono';
import * as openid from 'openid-client';
import type { SignInProblem } from '../../content/invitationPage.js';
import { partnerRelationshipsPath } from '../../content/partnerRelationshipsPage.js';
import { identityFrom, isGlobalAdministrator, type VerifiedIdentity } from '../../domain/identity.js';
import { refusalOf } from '../customerIdentity.js';
import { problemResponse } from '../problem.js';
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

/** The invitation page a sign-in returns to. */
const invitationPath = (token: string) => `/invitations/${encodeURIComponent(token)}`;

/** The partner relationships page a sign-in returns to, in the language chosen before it, if any. */
const tenantPageUrl = (transaction: TenantSignInTransaction, problem?: SignInProblem) => {
  const query = new URLSearchParams({ ...(transaction.locale && { lang: transaction.locale }), ...(problem && { signIn: problem }) }).toString();
  return `${partnerRelationshipsPath}${query ? `?${query}` : ''}`;
};

/** The provider's `error` is echoed into the log only when it looks like an OAuth error code. */
const errorCodeOf = (value: string) => (/^[\w.-]{1,64}$/.test(value) ? value : 'unrecognised');

/**
 * The customer's sign-in before deciding on an invitation: the OpenID Connect authorization code flow with PKCE,
 * `state` and `nonce`; a short-lived session bound to that one invitation, for a Global administrator of the invited
 * tenant only. The cookies are signed values of our own; nothing the provider issued is kept. Every cookie has
 * Path=/ (as `__Host-` requires), so the binding is the session's `requestId`: a browser holds one invitation session,
 * and signing in for another invitation replaces it, after which the first one's page asks to sign in again.
 */
export function createCustomerSignIn(options: CustomerSignInOptions) {
  const now = options.now ?? (() => new Date());
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

  async function sessionFor(c: Context, requestId: string): Promise<CustomerSession | undefined> {
    const session = await sessions.read(c);
    if (!session || session.requestId !== requestId || session.expiresAt <= now().getTime()) return undefined;
    return session;
  }

  async function tenantSessionOf(c: Context): Promise<TenantSession | undefined> {
    const session = await tenantSessions.read(c);
    if (!session || session.expiresAt <= now().getTime()) return undefined;
    return session;
  }

  async function redirectToProvider(c: Context, transaction: SignInTransaction, anotherUser: boolean): Promise<Response> {
    const target = await provider.authorizationUrl(transaction, anotherUser);
    await transactions.write(c, transaction);
    return c.redirect(target.href, 302);
  }

  /** The rest of a callback for the partner relationships page: a session for the signed-in user's own tenant. */
  async function tenantCallback(c: Context, transaction: TenantSignInTransaction, identity: VerifiedIdentity): Promise<Response> {
    const back = (problem?: SignInProblem) => c.redirect(tenantPageUrl(transaction, problem), 303);
    const isCustomer = (await options.isCustomerTenant?.(identity.tenantId)) ?? false;
    const refusal = !isCustomer ? 'other-organization' : !isGlobalAdministrator(identity) ? 'not-global-administrator' : undefined;
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
    /** Redirects to the provider for this invitation; `anotherUser` forces the account choice/login again. */
    async start(c: Context, invitation: { requestId: string; token: string; locale: string; anotherUser?: boolean }): Promise<Response> {
      const transaction = InvitationSignInTransaction.parse({
        state: openid.randomState(),
        nonce: openid.randomNonce(),
        codeVerifier: openid.randomPKCECodeVerifier(),
        requestId: invitation.requestId,
        token: invitation.token,
        locale: invitation.locale,
        expiresAt: now().getTime() + transactionSeconds * 1000,
      });
      return redirectToProvider(c, transaction, invitation.anotherUser ?? false);
    },

    /**
     * Redirects to the provider for the partner relationships page, which then speaks `locale` if given (else the
     * tenant's language); `anotherUser` forces the account choice/login again.
     */
    async startForTenant(c: Context, page: { locale?: string | undefined; anotherUser?: boolean }): Promise<Response> {
      const transaction: TenantSignInTransaction = {
        state: openid.randomState(),
        nonce: openid.randomNonce(),
        codeVerifier: openid.randomPKCECodeVerifier(),
        purpose: 'partnerRelationships',
        ...(page.locale && { locale: page.locale }),
        expiresAt: now().getTime() + transactionSeconds * 1000,
      };
      return redirectToProvider(c, SignInTransaction.parse(transaction), page.anotherUser ?? false);
    },

    /** The handler of GET /auth/callback. */
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
      const callbackUrl = callbackUrlOf(c);
      const state = callbackUrl.searchParams.get('state');
      if (!state || !sameText(state, transaction.state)) {
        failed({ reason: 'state-mismatch' });
        return backToPage('failed');
      }
      const providerError = callbackUrl.searchParams.get('error');
      if (providerError !== null) {
        failed({ reason: 'provider-error', detail: errorCodeOf(providerError) });
        return backToPage('failed');
      }

      let identity: VerifiedIdentity;
      try {
        identity = identityFrom(await provider.redeem(callbackUrl, transaction));
      } catch (error) {
        if (!(error instanceof CodeExchangeError)) throw error;
        failed({ reason: 'code-exchange-failed', detail: error.message });
        return backToPage('failed');
      }

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

    /** The verified user signed in for this invitation, or undefined (no, expired, tampered or other-invitation session). */
    async signedIn(c: Context, requestId: string): Promise<VerifiedIdentity | undefined> {
      return (await sessionFor(c, requestId))?.identity;
    },

    /** A CSRF token bound to the session, for the decision forms. */
    async csrfToken(c: Context, requestId: string): Promise<string | undefined> {
      const session = await sessionFor(c, requestId);
      return session && csrfTokenOf(csrfKeys.signing, session);
    },

    async checkCsrf(c: Context, requestId: string, submitted: string | undefined): Promise<boolean> {
      const session = await sessionFor(c, requestId);
      return session !== undefined && csrfMatches(submitted, (key) => csrfTokenOf(key, session));
    },

    /** The Global administrator signed in for their tenant's partner relationships page, with that tenant, or undefined. */
    async signedInTenant(c: Context): Promise<{ tenantId: string; identity: VerifiedIdentity } | undefined> {
      const session = await tenantSessionOf(c);
      return session && { tenantId: session.tenantId, identity: session.identity };
    },

    async tenantCsrfToken(c: Context): Promise<string | undefined> {
      const session = await tenantSessionOf(c);
      return session && tenantCsrfTokenOf(csrfKeys.signing, session);
    },

    async checkTenantCsrf(c: Context, submitted: string | undefined): Promise<boolean> {
      const session = await tenantSessionOf(c);
      return session !== undefined && csrfMatches(submitted, (key) => tenantCsrfTokenOf(key, session));
    },

    signOutTenant(c: Context): void {
      tenantSessions.clear(c);
    },

    /** Clears the browser's invitation session (there is one at most, for whichever invitation it signed in last). */
    signOut(c: Context): void {
      sessions.clear(c);
    },
  };
}
