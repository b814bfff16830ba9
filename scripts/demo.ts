/** What `npm run dev` and `npm run cluster` share: their secrets, the local OpenID provider and the printed summary. */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { SeedFile } from '../domain/tenants.js';
import { temporalVariables } from '../platform/temporalSettings.js';
import { identityProviderDefaults, startIdentityProvider, type IdentityProvider, type IdentityUser } from './identityProvider/index.js';
import { webRedirectUris } from './identityProvider/defaults.js';

/**
 * A secret kept beside the state, so that it survives restarts: links in the outbox keep working, and an API started
 * on its own can still use the OpenID provider's client.
 */
export async function stateSecret(stateDir: string, name: string): Promise<string> {
  const path = `${stateDir}/${name}`;
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    const secret = randomBytes(48).toString('base64url');
    await writeFile(path, secret, { mode: 0o600 });
    return secret;
  }
}

/**
 * A server started here is reached with a profile of its own, so that a Temporal profile or `TEMPORAL_*` variables
 * the user keeps for another server (an API key, TLS, a namespace) do not apply to it.
 */
export async function withOwnTemporalProfile(
  stateDir: string,
  env: NodeJS.ProcessEnv,
  address: string,
  tls?: { ca: string; serverName: string; cert: string; key: string },
): Promise<NodeJS.ProcessEnv> {
  const configFile = `${stateDir}/temporal.toml`;
  const tlsTable = tls
    ? `\n[profile.default.tls]\nserver_ca_cert_path = "${tls.ca}"\nserver_name = "${tls.serverName}"\nclient_cert_path = "${tls.cert}"\nclient_key_path = "${tls.key}"\n`
    : '';
  await writeFile(configFile, `[profile.default]\naddress = "${address}"\nnamespace = "default"\n${tlsTable}`);
  const isConnectionSetting = (name: string) =>
    (temporalVariables as readonly string[]).includes(name) || name.startsWith('TEMPORAL_GRPC_META_');
  const others = Object.entries(env).filter(([name]) => !isConnectionSetting(name));
  return { ...Object.fromEntries(others), TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'default' };
}

/** The local OpenID provider with the demo's users, redirecting back to `publicBaseUrl`. */
export async function startDemoIdentityProvider(stateDir: string, demo: SeedFile, publicBaseUrl: string): Promise<IdentityProvider> {
  return startIdentityProvider({
    seed: demo,
    port: Number(process.env.OIDC_PROVIDER_PORT ?? identityProviderDefaults.port),
    clients: {
      web: {
        clientId: process.env.OIDC_CLIENT_ID ?? identityProviderDefaults.webClientId,
        clientSecret: process.env.OIDC_CLIENT_SECRET ?? (await stateSecret(stateDir, 'oidc-client-secret')),
        redirectUris: webRedirectUris(publicBaseUrl),
      },
    },
    ...(process.env.OIDC_DEMO_PASSWORD && { demoPassword: process.env.OIDC_DEMO_PASSWORD }),
    ...(process.env.OIDC_API_SCOPE && { apiScope: process.env.OIDC_API_SCOPE }),
    signingKeyFile: `${stateDir}/identity-provider-key.json`,
    log: (line) => console.error(`[identity] ${line}`),
  });
}

/** The sign-ins, the demo partner users and the lines to try, as `npm run dev` and `npm run cluster` print them. */
export function demoSummary(options: { apiUrl: string; demo: SeedFile; identityProvider: IdentityProvider | undefined; oidcIssuer: string | undefined }): string[] {
  const { apiUrl, demo, identityProvider } = options;
  const partnerUsers = demo.partners.flatMap((partner) =>
    partner.users.map(
      (user) => `    ${user.email.padEnd(32)} ${user.apiKey.padEnd(32)} ${user.roles.join(',').padEnd(20)} ${partner.name} (${partner.country}, ${partner.cloud})`,
    ),
  );
  const signInOf = (tenantId: string, kind: IdentityUser['kind']) => identityProvider?.users.find((user) => user.tid === tenantId && user.kind === kind)?.email ?? '';
  const customerSignIns = demo.customers.map(
    (customer) =>
      `    ${signInOf(customer.tenantId, 'customerGlobalAdministrator').padEnd(32)} ${signInOf(customer.tenantId, 'customerUser').padEnd(32)} ${customer.companyName} (${customer.tenantId})`,
  );
  return [
    ...(identityProvider
      ? [
          `  Sign-in        OpenID provider ${identityProvider.issuer}   (every demo user's password: ${identityProvider.env.OIDC_DEMO_PASSWORD})`,
          '  Customer sign-ins: Global administrator, ordinary user',
          ...customerSignIns,
        ]
      : [`  Sign-in        OpenID provider ${options.oidcIssuer} (OIDC_ISSUER)`]),
    `  Workspace      ${apiUrl}/workspace   the partner users below sign in there${identityProvider ? ' with their email and the demo password' : ''}; English and Turkish`,
    `                 ${apiUrl}/workspace/customers        the customer list; Add a new customer; New relationship (the email and its link)`,
    `                 ${apiUrl}/workspace/requests         requests by status, each with its timeline, Resend and Cancel`,
    `                 ${apiUrl}/workspace/batches          bulk invitations from a CSV file, their progress and outcomes`,
    `                 ${apiUrl}/workspace/admin-relationships  admin relationships (GDAP): request, approval link, assignments, end`,
    `                 ${apiUrl}/workspace/webhooks         webhook endpoints and their deliveries (Admin agents)`,
    `  Demo partner users: email${identityProvider ? ' (sign-in)' : ''}, API key (Authorization: Bearer <key>), roles`,
    ...partnerUsers,
    '',
    'Try:',
    `  curl -s -X POST ${apiUrl}/v1/relationship-requests -H 'authorization: Bearer ${demo.partners[0]?.users[0]?.apiKey}' \\`,
    `       -H 'content-type: application/json' -d '{"customerTenantId":"kyiv-bakery-ua","customerEmail":"it@kyivbakery.example","includeDelegatedAdminPrivileges":true}'`,
    `  curl -s -X POST ${apiUrl}/v1/customers -H 'authorization: Bearer ${demo.partners[0]?.users[0]?.apiKey}' -H 'content-type: application/json' \\`,
    `       -d '{"domainPrefix":"ankarayazilim","companyName":"Ankara Yazılım","country":"TR","email":"it@ankarayazilim.example","includeDelegatedAdminPrivileges":true,"agreement":{"firstName":"Deniz","lastName":"Kaya","email":"deniz@ankarayazilim.example","acceptAgreement":true}}'`,
    `       # → 201 a new tenant: the engine assigns its customerTenantId and ankarayazilim.onmicrosoft.com; the same prefix again: 409`,
    `  curl -s -X POST ${apiUrl}/v1/relationship-request-batches -H 'authorization: Bearer ${demo.partners[0]?.users[0]?.apiKey}' -H 'idempotency-key: demo-batch-1' \\`,
    `       -H 'content-type: text/csv' --data-binary $'customerTenantId,customerDomain,customerEmail,includeDelegatedAdminPrivileges\\ndubai-logistics-ae,,admin@dubailogistics.example,true\\n,izmirtekstil.example,bt@izmirtekstil.example,false\\nberlin-maschinen-de,,it@berlinmaschinen.example,true\\nkyiv-bakery-ua,,it@kyivbakery.example,true\\n'`,
    `       # → 202 {"id":…}; then: curl -s ${apiUrl}/v1/relationship-request-batches/<id> -H 'authorization: Bearer ${demo.partners[0]?.users[0]?.apiKey}'`,
    `  curl -s -X POST ${apiUrl}/v1/webhook-endpoints -H 'authorization: Bearer ${demo.partners[0]?.users[0]?.apiKey}' \\`,
    `       -H 'content-type: application/json' -d '{"url":"https://example.com/hooks","eventTypes":["relationship_request.created","relationship_request.accepted","relationship.created"]}'`,
    `       # → 201 with the signing secret, shown once; attempts: GET ${apiUrl}/v1/webhook-endpoints/<id>/deliveries (a receiver on this machine: WEBHOOK_ALLOW_LOOPBACK=true)`,
    `  curl -s -X POST ${apiUrl}/v1/customers/kyiv-bakery-ua/relationship/end -H 'authorization: Bearer ${demo.partners[0]?.users[0]?.apiKey}' \\`,
    `       -H 'content-type: application/json' -d '{"reason":"The customer moved to another partner"}'`,
    `       # once the customer accepted: 200 the ended relationship; it shows in ${apiUrl}/v1/customers?status=ended and the pair may ask again`,
    `  ${apiUrl}/partner-relationships   a customer's partners, for its Global administrator${signInOf('kyiv-bakery-ua', 'customerGlobalAdministrator') ? ` (${signInOf('kyiv-bakery-ua', 'customerGlobalAdministrator')})` : ''}: removes a partner's delegated admin privileges; ending is the partner's act`,
    ...(identityProvider ? [`  curl -s ${apiUrl}/v1/customers -H "authorization: Bearer $(npm run -s dev:token -- ${demo.partners[0]?.users[0]?.email})"`] : []),
  ];
}

export async function waitForReady(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`the API did not become ready at ${url}`);
}
