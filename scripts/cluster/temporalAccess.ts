/**
 * Who may do what on the cluster's Temporal server: the local OpenID provider signs every token the server accepts,
 * for the operators who sign in to the Temporal UI and for the services' own client credentials, each with exactly
 * the permissions it needs, as app roles named the way Temporal's authorizer reads them.
 */
import type { SeedFile } from '../../domain/tenants.js';
import { stateSecret } from '../demo.js';
import { webRedirectUris } from '../identityProvider/defaults.js';
import { identityProviderDefaults, startIdentityProvider, type IdentityProvider, type ProviderApplication } from '../identityProvider/index.js';
import { operationsTenantId } from '../identityProvider/users.js';
import type { ClusterClient } from './certificates.js';

/** The services that hold client credentials, and their permissions. */
export const temporalServiceRoles = {
  // Starts requests, sends updates, signals and queries, lists and counts: the namespace's write permission.
  api: ['default:write'],
  // Polls and answers tasks, which Temporal's authorizer counts as writes (its `worker` role alone may not poll).
  worker: ['default:write'],
  // Registers the namespace and its search attributes: the cluster's own administrator (the setup steps, the
  // benchmark's client and the fault suite's checks).
  admin: ['temporal-system:admin'],
} as const satisfies Partial<Record<ClusterClient, readonly string[]>>;
export type TemporalService = keyof typeof temporalServiceRoles;

export const temporalServiceClientId = (service: TemporalService) => `temporal-${service}`;

export type ClusterIdentity = {
  provider: IdentityProvider;
  /** The settings a service sets to get its tokens (platform/temporalTokens.ts). */
  authEnv(service: TemporalService): Record<string, string>;
  /** The Temporal UI server's client at the provider. */
  uiClient: { clientId: string; clientSecret: string };
};

/**
 * The local OpenID provider on `port`: the seed's people when given (as `npm run dev` has them), the company's demo
 * operators, the services' client credentials, the Temporal UI's sign-in, and the API's own client for customers.
 * Secrets and the signing key are kept in `stateDir`, so tokens and sessions survive a restart.
 */
export async function startClusterIdentity(options: {
  stateDir: string;
  port: number;
  seed?: SeedFile | undefined;
  publicBaseUrl: string;
  uiUrls: string[];
  log: (line: string) => void;
}): Promise<ClusterIdentity> {
  const secrets = Object.fromEntries(
    await Promise.all(
      (Object.keys(temporalServiceRoles) as TemporalService[]).map(async (service) => [service, await stateSecret(options.stateDir, `temporal-${service}-secret`)] as const),
    ),
  ) as Record<TemporalService, string>;
  const applications: ProviderApplication[] = (Object.keys(temporalServiceRoles) as TemporalService[]).map((service) => ({
    clientId: temporalServiceClientId(service),
    clientSecret: secrets[service],
    tenantId: operationsTenantId,
    roles: [...temporalServiceRoles[service]],
  }));
  const uiClient = { clientId: identityProviderDefaults.temporalUiClientId, clientSecret: await stateSecret(options.stateDir, 'temporal-ui-secret') };
  const provider = await startIdentityProvider({
    seed: options.seed ?? { partners: [], customers: [] },
    port: options.port,
    clients: {
      web: {
        clientId: process.env.OIDC_CLIENT_ID ?? identityProviderDefaults.webClientId,
        clientSecret: process.env.OIDC_CLIENT_SECRET ?? (await stateSecret(options.stateDir, 'oidc-client-secret')),
        redirectUris: webRedirectUris(options.publicBaseUrl),
      },
      applications,
      temporalUi: { ...uiClient, redirectUris: options.uiUrls.map((url) => `${url}/auth/sso/callback`) },
    },
    ...(process.env.OIDC_DEMO_PASSWORD && { demoPassword: process.env.OIDC_DEMO_PASSWORD }),
    signingKeyFile: `${options.stateDir}/identity-provider-key.json`,
    log: (line) => options.log(`identity: ${line}`),
  });
  return {
    provider,
    uiClient,
    authEnv: (service) => ({
      TEMPORAL_AUTH_ISSUER: provider.issuer,
      TEMPORAL_AUTH_CLIENT_ID: temporalServiceClientId(service),
      TEMPORAL_AUTH_CLIENT_SECRET: secrets[service],
      TEMPORAL_AUTH_AUDIENCE: provider.temporalAudience,
    }),
  };
}
