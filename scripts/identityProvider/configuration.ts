import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import { accessTokenClaims, applicationTokenClaims, claimsByScope, userClaims, type ProviderApplication } from './claims.js';
import {
  deviceSignedInPage,
  errorPage,
  logoutPage,
  pageSecurityHeaders,
  signedOutPage,
  userCodeConfirmPage,
  userCodeInputPage,
} from './pages.js';
import type { SigningKey } from './signingKey.js';
import type { IdentityUser } from './users.js';

export type ProviderClients = {
  /** The API's invitation sign-in: authorization code with PKCE, the secret sent in the form (`client_secret_post`). */
  web: { clientId: string; clientSecret: string; redirectUris: string[]; postLogoutRedirectUris?: string[] };
  /** Developers' API clients: the device authorization grant, no secret. */
  device: { clientId: string };
  /** Partners' integrations: client credentials, each acting in one tenant with the app roles granted to it there. */
  applications?: readonly ProviderApplication[];
  /** The Temporal UI server's sign-in of operators: authorization code, its tokens for the Temporal audience. */
  temporalUi?: { clientId: string; clientSecret: string; redirectUris: string[] };
};

export type ProviderSettings = {
  users: readonly IdentityUser[];
  clients: ProviderClients;
  apiAudience: string;
  apiScope: string;
  /** The Temporal server's and the codec server's audience (identityProviderDefaults.temporalAudience). */
  temporalAudience: string;
  signingKey: SigningKey;
  cookieKeys: string[];
};

/** The delegated scope of the Temporal audience, like the API's; Temporal itself reads only the roles. */
export const temporalScope = 'Temporal.Access';

const minutes = 60;
const hours = 60 * minutes;

const render = (ctx: KoaContextWithOIDC, html: string) => {
  ctx.set(pageSecurityHeaders);
  ctx.type = 'html';
  ctx.body = html;
};

const clientNameOf = (ctx: KoaContextWithOIDC) => ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId ?? 'the application';

/** oidc-provider's configuration: Entra-shaped claims, JWT access tokens for the API, our own pages. */
export function providerConfiguration(settings: ProviderSettings): Configuration {
  const { clients, apiAudience, apiScope, temporalAudience } = settings;
  const usersByOid = new Map(settings.users.map((user) => [user.oid, user]));
  const applications = clients.applications ?? [];
  const applicationsById = new Map(applications.map((application) => [application.clientId, application]));

  return {
    clients: [
      {
        client_id: clients.web.clientId,
        client_secret: clients.web.clientSecret,
        client_name: 'Reseller relationships',
        redirect_uris: clients.web.redirectUris,
        post_logout_redirect_uris: clients.web.postLogoutRedirectUris ?? [],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        client_id: clients.device.clientId,
        client_name: 'Reseller relationships API clients',
        redirect_uris: [],
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code'],
        response_types: [],
        token_endpoint_auth_method: 'none',
      },
      ...(clients.temporalUi
        ? [
            {
              client_id: clients.temporalUi.clientId,
              client_secret: clients.temporalUi.clientSecret,
              client_name: 'Temporal UI',
              redirect_uris: clients.temporalUi.redirectUris,
              grant_types: ['authorization_code'],
              response_types: ['code' as const],
              token_endpoint_auth_method: 'client_secret_basic' as const,
            },
          ]
        : []),
      ...applications.map((application) => ({
        client_id: application.clientId,
        client_secret: application.clientSecret,
        client_name: application.clientId,
        redirect_uris: [],
        grant_types: ['client_credentials'],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_post' as const,
      })),
    ],
    findAccount(_ctx, sub) {
      const user = usersByOid.get(sub);
      return user && { accountId: sub, claims: () => ({ sub, ...userClaims(user) }) };
    },
    claims: { acr: null, auth_time: null, iss: null, sid: null, ...claimsByScope },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    // Entra ID puts the user's claims in the ID token itself; the API reads them there.
    conformIdTokenClaims: false,
    extraTokenClaims(_ctx, token) {
      const application = token.kind === 'ClientCredentials' && token.clientId ? applicationsById.get(token.clientId) : undefined;
      if (application) return applicationTokenClaims(application);
      const user = 'accountId' in token && token.accountId ? usersByOid.get(token.accountId) : undefined;
      return user && accessTokenClaims(user, { scope: token.scope ?? '', clientId: token.clientId ?? '' });
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      deviceFlow: {
        enabled: true,
        userCodeInputSource: (ctx, form, _out, error) => render(ctx, userCodeInputPage(form, error && 'That code is not valid; check it and try again.')),
        userCodeConfirmSource: (ctx, form, client, _deviceInfo, userCode) =>
          render(ctx, userCodeConfirmPage(form, client.clientName ?? client.clientId, userCode)),
        successSource: (ctx) => render(ctx, deviceSignedInPage(clientNameOf(ctx))),
      },
      resourceIndicators: {
        enabled: true,
        // Like Entra ID, a token is for the API unless the client names another resource: the Temporal UI's are for
        // Temporal, and any client may ask for Temporal's (its roles there decide what the token may do).
        defaultResource: (_ctx, client, oneOf) => oneOf ?? (client.clientId === clients.temporalUi?.clientId ? temporalAudience : apiAudience),
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resourceIndicator) {
          const jwt = { accessTokenFormat: 'jwt', accessTokenTTL: hours, jwt: { sign: { alg: 'RS256' } } } as const;
          if (resourceIndicator === apiAudience) return { scope: apiScope, audience: apiAudience, ...jwt };
          if (resourceIndicator === temporalAudience) return { scope: temporalScope, audience: temporalAudience, ...jwt };
          throw new errors.InvalidTarget(`unknown resource ${resourceIndicator}`);
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => render(ctx, logoutPage(form, ctx.host)),
        postLogoutSuccessSource: (ctx) => render(ctx, signedOutPage()),
      },
    },
    // The Temporal UI server is a confidential client that does not send a PKCE challenge; every other client must.
    pkce: { required: (_ctx, client) => client.clientId !== clients.temporalUi?.clientId },
    jwks: { keys: [settings.signingKey as NonNullable<Configuration['jwks']>['keys'][number]] },
    cookies: { keys: settings.cookieKeys },
    clientBasedCORS: () => false,
    renderError: (ctx, out) => render(ctx, errorPage('Sign-in failed', { error: out.error, description: out.error_description })),
    ttl: {
      AccessToken: hours,
      AuthorizationCode: minutes,
      DeviceCode: 10 * minutes,
      IdToken: hours,
      Interaction: hours,
      Grant: 24 * hours,
      Session: 24 * hours,
      RefreshToken: 24 * hours,
    },
  };
}
