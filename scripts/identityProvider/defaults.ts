/**
 * What `npm run dev`, `npm test`, `npm run dev:token` and the tests agree on about the local OpenID provider, and the
 * environment through which they hand it to the API, the worker and the test processes.
 */
export const identityProviderDefaults = {
  /** `npm run dev` listens here so that the issuer, and tokens issued before a restart, stay valid. */
  port: 3001,
  /** The resource indicator and `aud` of access tokens for the API, like an Entra app ID URI. */
  apiAudience: 'api://reseller-relationships',
  /** The API's delegated scope, named as in an Entra app registration; users' access tokens carry it in `scp`. */
  apiScope: 'Relationships.ReadWrite',
  /** The confidential client of the API's invitation sign-in. */
  webClientId: 'reseller-relationships-web',
  /** The public client through which developers' API clients get tokens with the device authorization grant. */
  deviceClientId: 'reseller-relationships-cli',
  /**
   * The resource indicator and `aud` of tokens for the Temporal server and the Temporal UI's codec server, like the
   * Application ID URI of a second app registration: operators' and services' app roles there are Temporal's
   * permissions (`default:read`, `default:write`, `temporal-system:admin`).
   */
  temporalAudience: 'api://temporal',
  /** The Temporal UI server's confidential client (authorization code). */
  temporalUiClientId: 'temporal-ui',
  /** Every demo user's password; the provider exists only in development and tests. */
  demoPassword: 'demo-password',
} as const;

export type IdentityProviderEnv = {
  OIDC_ISSUER: string;
  OIDC_CLIENT_ID: string;
  OIDC_CLIENT_SECRET: string;
  OIDC_API_AUDIENCE: string;
  OIDC_API_SCOPE: string;
  OIDC_DEVICE_CLIENT_ID: string;
  OIDC_DEMO_PASSWORD: string;
};

export const identityProviderEnv = (provider: {
  issuer: string;
  webClient: { clientId: string; clientSecret: string };
  deviceClientId: string;
  apiAudience: string;
  apiScope: string;
  demoPassword: string;
}): IdentityProviderEnv => ({
  OIDC_ISSUER: provider.issuer,
  OIDC_CLIENT_ID: provider.webClient.clientId,
  OIDC_CLIENT_SECRET: provider.webClient.clientSecret,
  OIDC_API_AUDIENCE: provider.apiAudience,
  OIDC_API_SCOPE: provider.apiScope,
  OIDC_DEVICE_CLIENT_ID: provider.deviceClientId,
  OIDC_DEMO_PASSWORD: provider.demoPassword,
});

/**
 * The redirect URIs of the API's web client at an origin: the customers' sign-in (invitation and partner relationships
 * pages) and the partner workspace's. Entra ID registers both on the same app.
 */
export const webRedirectUris = (origin: string): string[] => {
  const base = origin.replace(/\/+$/, '');
  return [`${base}/auth/callback`, `${base}/workspace/auth/callback`];
};
