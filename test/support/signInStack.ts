import { once } from 'node:events';
import { serve, type ServerType } from '@hono/node-server';
import { createAccessTokenVerifier } from '../../api/identity/accessTokens.js';
import { createCustomerSignIn } from '../../api/identity/customerSignIn.js';
import { createPartnerSignIn } from '../../api/identity/partnerSignIn.js';
import type { SeedFile } from '../../domain/tenants.js';
import { createKeyring } from '../../platform/secretKeys.js';
import { freePort } from '../../scripts/services/processes.js';
import { accessTokenPolicyOf, identityProviderSettings } from './identityProvider.js';
import { startStack, type Stack, type StackOptions } from './stack.js';

/**
 * A stack on which customers sign in before deciding (CUSTOMER_SIGN_IN=oidc), with the provider `npm test` started,
 * served on a real loopback port that is also its public base URL, seeded with `seed`.
 */
export async function startSignInStack(options: { seed: SeedFile; mcaVersion: string; stack?: Pick<StackOptions, 'adminRelationshipDay'> }) {
  const settings = identityProviderSettings();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let requests: Stack['collections']['requests'] | undefined;
  let customers: Stack['collections']['customers'] | undefined;
  let partners: Stack['collections']['partners'] | undefined;
  // One client at the provider for both sign-ins, as the API has it.
  const client = { issuer: settings.issuer, clientId: settings.clientId, clientSecret: settings.clientSecret, publicBaseUrl: base, secureCookies: false, keys: createKeyring({ current: 'x'.repeat(40) }) };
  const stack = await startStack({
    ...options.stack,
    publicBaseUrl: base,
    mcaVersion: options.mcaVersion,
    accessTokens: createAccessTokenVerifier(accessTokenPolicyOf(settings)),
    customerSignIn: createCustomerSignIn({
      ...client,
      expectedTenantOf: async (requestId) => (await requests?.findOne({ _id: requestId }))?.customerTenantId,
      isCustomerTenant: async (tenantId) => (await customers?.findOne({ _id: tenantId })) != null,
    }),
    // Partner users sign in to the workspace with the same provider and client.
    partnerSignIn: createPartnerSignIn({
      ...client,
      partnerOf: async (tenantId) => {
        const partner = await partners?.findOne({ _id: tenantId });
        return partner ? { name: partner.name } : undefined;
      },
    }),
  });
  requests = stack.collections.requests;
  customers = stack.collections.customers;
  partners = stack.collections.partners;
  let server: ServerType | undefined;
  try {
    await stack.seed(options.seed);
    server = serve({ fetch: stack.app.fetch, hostname: '127.0.0.1', port });
    await once(server, 'listening');
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const listening = server;
  return {
    stack,
    base,
    settings,
    async stop() {
      await new Promise((resolve) => listening.close(resolve));
      await stack.stop();
    },
  };
}
export type SignInStack = Awaited<ReturnType<typeof startSignInStack>>;
