import { createRemoteJWKSet } from 'jose';
import * as openid from 'openid-client';
import { identityFrom, type IdentityClaims, type VerifiedIdentity } from '../../domain/identity.js';
import { sameText } from './customerSession.js';
import { createIdTokenVerifier, InvalidIdTokenError, type IdTokenVerifier } from './idTokens.js';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);
const entraOrigin = 'https://login.microsoftonline.com';

/** A code that could not be turned into a verified identity; the message is safe to log (no code, token or secret). */
export class CodeExchangeError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CodeExchangeError';
  }
}

/** What a sign-in's authorization request was sent with, and its response is checked against. */
export type SignInChecks = { state: string; nonce: string; codeVerifier: string };

const safeReason = (error: unknown): string => {
  if (error instanceof openid.ResponseBodyError) return `the token endpoint answered ${error.error}`;
  if (error instanceof InvalidIdTokenError) return error.message;
  if (error instanceof openid.ClientError) return `${error.message}${error.code ? ` (${error.code})` : ''}`;
  if (error instanceof TypeError) return error.message;
  return 'the code could not be redeemed';
};

/**
 * The customer's OpenID provider as a confidential client (`client_secret_post`) with one redirect URI: authorization
 * requests with PKCE, `state` and `nonce`, and code redemption down to verified identity claims. Discovery happens on
 * first use and is retried after a failure. For Entra ID's multi-tenant endpoint, openid-client's discovery accepts the
 * `{tenantid}` issuer template and checks each ID token's issuer against its own `tid`; the ID token's signature is
 * checked here as well, since openid-client trusts the token endpoint's TLS for that.
 */
export function createCustomerSignInProvider(options: { issuer: string; clientId: string; clientSecret: string; redirectUri: string }) {
  const issuerUrl = new URL(options.issuer);
  const plainHttp = issuerUrl.protocol === 'http:';
  if (plainHttp && !loopbackHosts.has(issuerUrl.hostname)) {
    throw new Error('The OpenID issuer must use https; plain http is accepted on loopback only');
  }
  const isEntra = issuerUrl.origin === entraOrigin;

  let discovered: Promise<{ config: openid.Configuration; verifyIdToken: IdTokenVerifier }> | undefined;

  async function discover() {
    const config = await openid.discovery(issuerUrl, options.clientId, undefined, openid.ClientSecretPost(options.clientSecret), {
      ...(plainHttp && { execute: [openid.allowInsecureRequests] }),
    });
    const metadata = config.serverMetadata();
    if (!metadata.jwks_uri) throw new Error("The OpenID provider's discovery document names no jwks_uri");
    const verifyIdToken = createIdTokenVerifier({ issuerTemplate: metadata.issuer, clientId: options.clientId, keys: createRemoteJWKSet(new URL(metadata.jwks_uri)) });
    return { config, verifyIdToken };
  }

  const provider = () =>
    (discovered ??= discover().catch((error: unknown) => {
      discovered = undefined;
      throw error;
    }));

  return {
    /**
     * Where to send the browser. No `login_hint`: whoever signs in is checked afterwards. With `anotherUser`, Entra
     * shows its account picker (`select_account`); other providers are asked to log in again.
     */
    async authorizationUrl(checks: SignInChecks, anotherUser: boolean): Promise<URL> {
      const { config } = await provider();
      return openid.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: 'openid profile',
        code_challenge: await openid.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
        state: checks.state,
        nonce: checks.nonce,
        ...(anotherUser && { prompt: isEntra ? 'select_account' : 'login' }),
      });
    },

    /** Redeems the code of a callback (as received at the redirect URI) and returns the ID token's verified claims. */
    async redeem(callbackUrl: URL, checks: SignInChecks): Promise<IdentityClaims> {
      try {
        const { config, verifyIdToken } = await provider();
        const tokens = await openid.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
        if (!tokens.id_token) throw new InvalidIdTokenError('The provider returned no ID token');
        return await verifyIdToken(tokens.id_token);
      } catch (error) {
        throw new CodeExchangeError(safeReason(error));
      }
    },
  };
}
export type CustomerSignInProvider = ReturnType<typeof createCustomerSignInProvider>;

/** Why a callback gave no identity, for the operator's log: never a code, token or cookie. */
export type CallbackFailure = { reason: 'state-mismatch' | 'provider-error' | 'code-exchange-failed'; detail?: string };

const errorCodeOf = (value: string) => (/^[\w.-]{1,64}$/.test(value) ? value : 'unrecognised');

/**
 * A callback's checks, in order: its `state` against the sign-in's, the provider's own error, then the code redeemed
 * down to a verified identity. Shared by the customers' and the partners' sign-ins.
 */
export async function identityFromCallback(
  provider: Pick<CustomerSignInProvider, 'redeem'>,
  callbackUrl: URL,
  checks: SignInChecks,
): Promise<{ identity: VerifiedIdentity } | { failure: CallbackFailure }> {
  const state = callbackUrl.searchParams.get('state');
  if (!state || !sameText(state, checks.state)) return { failure: { reason: 'state-mismatch' } };
  const providerError = callbackUrl.searchParams.get('error');
  if (providerError !== null) return { failure: { reason: 'provider-error', detail: errorCodeOf(providerError) } };
  try {
    return { identity: identityFrom(await provider.redeem(callbackUrl, checks)) };
  } catch (error) {
    if (!(error instanceof CodeExchangeError)) throw error;
    return { failure: { reason: 'code-exchange-failed', detail: error.message } };
  }
}
