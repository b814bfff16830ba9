import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { SeedFile } from '../../domain/tenants.js';
import type { ProviderApplication } from './claims.js';
import { providerConfiguration } from './configuration.js';
import { identityProviderDefaults, identityProviderEnv, type IdentityProviderEnv } from './defaults.js';
import { createInteractionRoutes } from './interactions.js';
import { allowAnyLoopbackPort } from './loopbackRedirects.js';
import { loadSigningKey } from './signingKey.js';
import { usersFromSeed, type IdentityUser } from './users.js';

export { identityProviderDefaults, identityProviderEnv, type IdentityProviderEnv } from './defaults.js';
export type { IdentityUser } from './users.js';
export type { ProviderApplication } from './claims.js';

export type IdentityProviderOptions = {
  /** The people who can sign in come from the seed's customers and partners. */
  seed: SeedFile;
  clients: {
    /** The API's confidential client; its redirect URIs are `<PUBLIC_BASE_URL>/auth/callback`. */
    web: { clientId: string; clientSecret: string; redirectUris: string[]; postLogoutRedirectUris?: string[] };
    /** The public client of the device authorization grant; defaults to identityProviderDefaults.deviceClientId. */
    deviceClientId?: string;
    /** Partners' integrations, and the services that reach Temporal, with client credentials; none by default. */
    applications?: readonly ProviderApplication[];
    /** The Temporal UI server's operator sign-in; none by default. */
    temporalUi?: { clientId: string; clientSecret: string; redirectUris: string[] };
  };
  /** Problems of the provider itself; sign-ins, tokens and secrets are never logged. */
  log: (line: string) => void;
  /** 0 (the default) takes a free port. */
  port?: number;
  host?: string;
  demoPassword?: string;
  apiAudience?: string;
  apiScope?: string;
  temporalAudience?: string;
  /** Keeps the signing key in this file across restarts; without it, every start signs with a new key. */
  signingKeyFile?: string;
};

export type IdentityProvider = {
  /** The issuer URL: discovery at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  /** Its signing keys, for those that take a JWKS URL rather than discovery (the Temporal server). */
  jwksUri: string;
  apiAudience: string;
  temporalAudience: string;
  apiScope: string;
  users: readonly IdentityUser[];
  /** The variables through which the API, the worker and tests find this provider (they hold the client secret). */
  env: IdentityProviderEnv;
  stop(): Promise<void>;
};

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * A real OpenID Connect provider (oidc-provider) on loopback, issuing RS256 ID tokens and JWT access tokens shaped like
 * Entra ID's v2 tokens, for the seed's demo users, all with one demo password. Development and tests only.
 */
export async function startIdentityProvider(options: IdentityProviderOptions): Promise<IdentityProvider> {
  const host = options.host ?? '127.0.0.1';
  const demoPassword = options.demoPassword ?? identityProviderDefaults.demoPassword;
  const apiAudience = options.apiAudience ?? identityProviderDefaults.apiAudience;
  const apiScope = options.apiScope ?? identityProviderDefaults.apiScope;
  const temporalAudience = options.temporalAudience ?? identityProviderDefaults.temporalAudience;
  const deviceClientId = options.clients.deviceClientId ?? identityProviderDefaults.deviceClientId;
  const users = usersFromSeed(options.seed);
  const usersByEmail = new Map(users.map((user) => [user.email, user]));
  const expectedPassword = digest(demoPassword);

  // The issuer names the port, so the server listens before the provider exists.
  let handle: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => {
    response.writeHead(503).end();
  };
  const server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve, reject) => {
    const refused = (error: Error) => reject(new Error(`The OpenID provider cannot listen on ${host}:${options.port ?? 0}: ${error.message}`));
    server.once('error', refused);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', refused);
      resolve();
    });
  });
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(
    issuer,
    providerConfiguration({
      users,
      clients: {
        web: options.clients.web,
        device: { clientId: deviceClientId },
        ...(options.clients.applications && { applications: options.clients.applications }),
        ...(options.clients.temporalUi && { temporalUi: options.clients.temporalUi }),
      },
      apiAudience,
      apiScope,
      temporalAudience,
      signingKey: await loadSigningKey(options.signingKeyFile),
      cookieKeys: [randomBytes(32).toString('base64url')],
    }),
  );
  allowAnyLoopbackPort(provider);
  provider.on('server_error', (_ctx, error) => options.log(`server error: ${error.message}`));
  const interactions = createInteractionRoutes({
    provider,
    findUser: (email) => usersByEmail.get(email.toLowerCase()),
    passwordMatches: (password) => timingSafeEqual(digest(password), expectedPassword),
    log: options.log,
  });
  const providerHandler = provider.callback();
  handle = (request, response) => {
    void interactions.handle(request, response).then((handled) => {
      if (!handled) void providerHandler(request, response);
    });
  };

  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    apiAudience,
    temporalAudience,
    apiScope,
    users,
    env: identityProviderEnv({ issuer, webClient: options.clients.web, deviceClientId, apiAudience, apiScope, demoPassword }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
