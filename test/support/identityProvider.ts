import * as openid from 'openid-client';
import { createBrowserlessSession, type BrowserlessSession, type Landing } from '../../scripts/identityProvider/browserlessSession.js';
import { signInOnLoginPage } from '../../scripts/identityProvider/passwordSignIn.js';

/** The OpenID provider `npm test` started (or the one OIDC_ISSUER names), as test processes find it. */
export function identityProviderSettings() {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_API_AUDIENCE, OIDC_API_SCOPE, OIDC_DEVICE_CLIENT_ID, OIDC_DEMO_PASSWORD } = process.env;
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET || !OIDC_API_AUDIENCE || !OIDC_API_SCOPE || !OIDC_DEVICE_CLIENT_ID || !OIDC_DEMO_PASSWORD) {
    throw new Error(
      'Tests need the OpenID provider: run them with `npm test` (which starts it) or set OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_API_AUDIENCE, OIDC_API_SCOPE, OIDC_DEVICE_CLIENT_ID and OIDC_DEMO_PASSWORD',
    );
  }
  return {
    issuer: OIDC_ISSUER,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    audience: OIDC_API_AUDIENCE,
    scope: OIDC_API_SCOPE,
    deviceClientId: OIDC_DEVICE_CLIENT_ID,
    password: OIDC_DEMO_PASSWORD,
  };
}
export type IdentityProviderSettings = ReturnType<typeof identityProviderSettings>;

/** What the API checks bearer tokens against: the provider, the API's audience and its delegated scope. */
export const accessTokenPolicyOf = (settings: IdentityProviderSettings) => ({ issuer: settings.issuer, audiences: [settings.audience], scope: settings.scope });

/** A user's access token for the API, as a client gets it by asking for the API's delegated scope at sign-in. */
export const apiAccessToken = async (email: string) =>
  (await signInWithCodeFlow({ email, scope: `openid profile ${identityProviderSettings().scope}` })).tokens.access_token;

/** The API's confidential client, as openid-client sees it after discovery (http allowed: the provider is local). */
export const webClient = (settings: IdentityProviderSettings) =>
  openid.discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
    ...(settings.issuer.startsWith('http:') && { execute: [openid.allowInsecureRequests] }),
  });

/** An authorization request of the web client with PKCE, `state` and `nonce`, and what its callback is checked with. */
export async function authorizationRequest(config: openid.Configuration, options: { redirectUri: string; scope?: string; loginHint?: string }) {
  const codeVerifier = openid.randomPKCECodeVerifier();
  const state = openid.randomState();
  const nonce = openid.randomNonce();
  const url = openid.buildAuthorizationUrl(config, {
    redirect_uri: options.redirectUri,
    scope: options.scope ?? 'openid profile',
    code_challenge: await openid.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...(options.loginHint && { login_hint: options.loginHint }),
  });
  return { url, codeVerifier, state, nonce, isCallback: (url: URL) => url.href.startsWith(options.redirectUri) };
}

/**
 * A user signs in with the authorization code flow and PKCE through the provider's login page, and the web client
 * redeems the code: the token response (ID token checked by openid-client, nonce included) and the nonce sent.
 */
export async function signInWithCodeFlow(options: { email: string; password?: string; redirectUri?: string; scope?: string; session?: BrowserlessSession }) {
  const settings = identityProviderSettings();
  const config = await webClient(settings);
  const request = await authorizationRequest(config, {
    redirectUri: options.redirectUri ?? 'http://localhost:3000/auth/callback',
    ...(options.scope && { scope: options.scope }),
  });
  const session = options.session ?? createBrowserlessSession();
  const landing: Landing = await signInOnLoginPage(
    session,
    await session.open(request.url, request.isCallback),
    { email: options.email, password: options.password ?? settings.password },
    request.isCallback,
  );
  if (landing.kind !== 'stopped') throw new Error(`The sign-in ended at ${landing.page.url.pathname} (${landing.page.status}), not at the callback`);
  const tokens = await openid.authorizationCodeGrant(config, landing.url, {
    pkceCodeVerifier: request.codeVerifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
    idTokenExpected: true,
  });
  return { tokens, nonce: request.nonce };
}
