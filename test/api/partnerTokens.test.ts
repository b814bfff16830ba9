import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { createAccessTokenVerifier, type AccessTokenVerifier } from '../../api/identity/accessTokens.js';
import { SeedFile } from '../../domain/tenants.js';
import { startIdentityProvider, type IdentityProvider } from '../../scripts/identityProvider/index.js';
import { call } from '../support/http.js';
import { accessTokenPolicyOf, apiAccessToken, identityProviderSettings } from '../support/identityProvider.js';
import { seededStack } from '../support/stack.js';
import { startTokenIssuer, type TokenIssuer } from '../support/tokenIssuer.js';

const audience = 'api://reseller-relationships';
const scope = 'Relationships.ReadWrite';

describe("partner users' access tokens on /v1, beside API keys", () => {
  let issuer: TokenIssuer;
  let verify: AccessTokenVerifier;
  let allowListed: AccessTokenVerifier;
  let allowListOn = false;
  const ctx = seededStack({ accessTokens: (token) => (allowListOn ? allowListed : verify)(token) });
  let server: ServerType;
  let base: string;

  before(async () => {
    issuer = await startTokenIssuer();
    verify = createAccessTokenVerifier({ issuer: issuer.issuerUrl, audiences: [audience], scope });
    allowListed = createAccessTokenVerifier({ issuer: issuer.issuerUrl, audiences: [audience], scope, allowedClientIds: ['partner-cli', 'partner-automation'] });
    server = serve({ fetch: ctx.stack.app.fetch, hostname: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await issuer?.close();
  });

  const tokenFor = (tenantId: string, roles: string[], email = `agent@${tenantId}.example`, claims: Record<string, unknown> = {}) =>
    issuer.sign({ tid: tenantId, oid: `oid-${email}`, preferred_username: email, name: 'Agent', roles, scp: scope, azp: 'partner-cli', ...claims }, { audience });
  /** A partner's integration with client credentials: no user, no scp, the app roles its tenant granted it. */
  const applicationToken = (tenantId: string, roles: string[], azp = 'partner-automation') =>
    issuer.sign({ tid: tenantId, oid: 'sp-automation', sub: 'sp-automation', idtyp: 'app', azp, roles }, { audience });
  const listening = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { ...(init.body !== undefined && { 'content-type': 'application/json' }), authorization: `Bearer ${token}` } });
  const createBody = (customerTenantId: string) => ({ customerTenantId, customerEmail: 'it@customer.example', includeDelegatedAdminPrivileges: true });

  test("an Admin agent's token requests a relationship, recorded as made by that user", async () => {
    const token = await tokenFor(ctx.world.tenants.trPartner, ['AdminAgent'], 'ayse@anatolia.example');
    const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', { key: token, body: createBody(ctx.world.tenants.uaCustomer) });
    assert.equal(created.status, 201, created.text);
    const request = await ctx.stack.collections.requests.findOne({ _id: created.json.id });
    assert.deepEqual(request?.requestedBy, { userId: 'oid-ayse@anatolia.example', email: 'ayse@anatolia.example' });
  });

  test('a read-only role reads but may not request, exactly as with an API key', async () => {
    const token = await tokenFor(ctx.world.tenants.trPartner, ['BillingAdmin']);
    const listed = await call(ctx.stack, 'GET', '/v1/relationship-requests', { key: token });
    assert.equal(listed.status, 200, listed.text);
    assert.ok(listed.json.items.length >= 1);
    const refused = await call(ctx.stack, 'POST', '/v1/relationship-requests', { key: token, body: createBody(ctx.world.tenants.aeCustomer) });
    assert.equal(refused.status, 403);
    const byKey = await call(ctx.stack, 'POST', '/v1/relationship-requests', { key: ctx.world.keys.trReader, body: createBody(ctx.world.tenants.aeCustomer) });
    assert.equal(byKey.status, 403);
  });

  test("another partner's token sees nothing of this partner, by list or by ID", async () => {
    const mine = await call(ctx.stack, 'GET', '/v1/relationship-requests', { key: await tokenFor(ctx.world.tenants.trPartner, ['AdminAgent']) });
    const someId = mine.json.items[0]?.id as string;
    assert.ok(someId);
    const other = await tokenFor(ctx.world.tenants.dePartner, ['AdminAgent']);
    const listed = await call(ctx.stack, 'GET', '/v1/relationship-requests', { key: other });
    assert.equal(listed.status, 200);
    assert.equal(listed.json.items.some((item: { id: string }) => item.id === someId), false);
    assert.equal((await call(ctx.stack, 'GET', `/v1/relationship-requests/${someId}`, { key: other })).status, 404);
    assert.equal((await call(ctx.stack, 'POST', `/v1/relationship-requests/${someId}/cancel`, { key: other, body: {} })).status, 404);
    const customers = await call(ctx.stack, 'GET', '/v1/customers', { key: other });
    assert.equal(customers.status, 200);
    assert.deepEqual(customers.json.items, []);
  });

  test('a token from a tenant that is not a partner, a forged token and a token with no partner role are refused', async () => {
    const stranger = await tokenFor('not-a-partner', ['AdminAgent']);
    const forged = await issuer.sign({ tid: ctx.world.tenants.trPartner, oid: 'x', roles: ['AdminAgent'], scp: scope }, { audience, key: issuer.forgedKey });
    const roleless = await tokenFor(ctx.world.tenants.trPartner, []);
    const wrongAudience = await issuer.sign({ tid: ctx.world.tenants.trPartner, oid: 'x', roles: ['AdminAgent'], scp: scope }, { audience: 'api://other' });
    for (const [token, status] of [[stranger, 401], [forged, 401], [wrongAudience, 401], [roleless, 403]] as const) {
      const response = await call(ctx.stack, 'GET', '/v1/relationship-requests', { key: token });
      assert.equal(response.status, status, response.text);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
    }
  });

  test('through a real listening server, tokens and API keys answer alike on a kept-alive connection', async () => {
    const token = await tokenFor(ctx.world.tenants.trPartner, ['SalesAgent']);
    const byToken = await fetch(`${base}/v1/customers`, { headers: { authorization: `Bearer ${token}` } });
    const byKey = await fetch(`${base}/v1/customers`, { headers: { authorization: `Bearer ${ctx.world.keys.trSales}` } });
    assert.equal(byToken.status, 200);
    assert.equal(byKey.status, 200);
    assert.deepEqual(await byToken.json(), await byKey.json());
    const expired = await issuer.sign({ tid: ctx.world.tenants.trPartner, oid: 'x', roles: ['SalesAgent'], scp: scope }, { audience, expiresIn: Math.floor(Date.now() / 1000) - 120 });
    const refused = await fetch(`${base}/v1/customers`, { headers: { authorization: `Bearer ${expired}` } });
    assert.equal(refused.status, 401);
    assert.match(((await refused.json()) as { detail: string }).detail, /expired/);
  });
  test('through a listening server: an ID token, a token for another audience and an expired one answer 401 invalid_token', async () => {
    const partner = ctx.world.tenants.trPartner;
    const idToken = await issuer.sign({ tid: partner, oid: 'oid-x', roles: ['AdminAgent'], nonce: 'n-0S6_WzA2Mj', preferred_username: 'x@tr.example' }, { audience: 'reseller-relationships-web' });
    const idTokenForTheApi = await issuer.sign({ tid: partner, oid: 'oid-x', roles: ['AdminAgent'], nonce: 'n-0S6_WzA2Mj' }, { audience });
    const neitherUserNorApplication = await issuer.sign({ tid: partner, oid: 'oid-x', roles: ['AdminAgent'] }, { audience });
    const otherAudience = await issuer.sign({ tid: partner, oid: 'oid-x', roles: ['AdminAgent'], scp: scope, azp: 'partner-cli' }, { audience: 'api://another-api' });
    for (const [token, detail] of [
      [idToken, /another audience/],
      [idTokenForTheApi, /ID token/],
      [neitherUserNorApplication, /not an access token for this API/],
      [otherAudience, /another audience/],
    ] as const) {
      const response = await listening('/v1/relationship-requests', token);
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="reseller-relationships", error="invalid_token"');
      assert.match(((await response.json()) as { detail: string }).detail, detail);
    }
  });

  test("through a listening server: a user's token without the API's delegated scope answers 403 insufficient_scope", async () => {
    const before = await ctx.stack.collections.requests.countDocuments();
    for (const scp of ['User.Read', 'Relationships.Read offline_access']) {
      const token = await tokenFor(ctx.world.tenants.trPartner, ['AdminAgent'], 'ayse@anatolia.example', { scp });
      const response = await listening('/v1/relationship-requests', token, { method: 'POST', body: JSON.stringify(createBody(ctx.world.tenants.aeCustomer)) });
      assert.equal(response.status, 403);
      assert.equal(response.headers.get('www-authenticate'), `Bearer realm="reseller-relationships", error="insufficient_scope", scope="${scope}"`);
      assert.equal(((await response.json()) as { type: string }).type, '/problems/insufficient-scope');
    }
    assert.equal(await ctx.stack.collections.requests.countDocuments(), before, 'nothing written');
  });

  test("through a listening server: an application's token acts by its app roles; without a role it answers 403", async () => {
    const partner = ctx.world.tenants.dePartner;
    const created = await listening('/v1/relationship-requests', await applicationToken(partner, ['AdminAgent']), {
      method: 'POST',
      body: JSON.stringify(createBody(ctx.world.tenants.deCustomer)),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const request = await ctx.stack.collections.requests.findOne({ _id: ((await created.json()) as { id: string }).id });
    assert.deepEqual(request?.requestedBy.userId, 'sp-automation');
    const reader = await listening('/v1/customers', await applicationToken(partner, ['BillingAdmin']));
    assert.equal(reader.status, 200);
    const roleless = await listening('/v1/customers', await applicationToken(partner, []));
    assert.equal(roleless.status, 403);
    assert.match(roleless.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/);
  });

  test('through a listening server: with OIDC_ALLOWED_CLIENT_IDS, a token obtained by another client answers 401', async () => {
    allowListOn = true;
    try {
      const partner = ctx.world.tenants.trPartner;
      assert.equal((await listening('/v1/customers', await tokenFor(partner, ['SalesAgent']))).status, 200);
      assert.equal((await listening('/v1/customers', await applicationToken(partner, ['SalesAgent']))).status, 200);
      for (const token of [await tokenFor(partner, ['SalesAgent'], undefined, { azp: 'unknown-app' }), await applicationToken(partner, ['SalesAgent'], 'unknown-app')]) {
        const refused = await listening('/v1/customers', token);
        assert.equal(refused.status, 401);
        assert.match(refused.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
        assert.match(((await refused.json()) as { detail: string }).detail, /client that this API does not accept/);
      }
    } finally {
      allowListOn = false;
    }
  });
});

describe('partner access tokens from the OpenID provider, end to end', () => {
  const demo = SeedFile.parse(JSON.parse(readFileSync(new URL('../../seed/demo.json', import.meta.url), 'utf8')));
  const settings = identityProviderSettings();
  const ctx = seededStack({ accessTokens: createAccessTokenVerifier(accessTokenPolicyOf(settings)) });
  before(() => ctx.stack.seed(demo));

  const signedIn = apiAccessToken;

  test("an agent signed in at the provider gets the same answers with its token as with its API key, on every read route", async () => {
    // The German partner and customer: other tests of this run invite the demo's other customers.
    const partner = demo.partners.find((candidate) => candidate.country === 'DE')!;
    const agent = partner.users.find((user) => user.roles.includes('AdminAgent'))!;
    const token = await signedIn(agent.email);
    const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: token,
      body: { customerTenantId: demo.customers.find((customer) => customer.country === 'DE')!.tenantId, customerEmail: 'it@customer.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, created.text);
    for (const path of ['/v1/relationship-requests', `/v1/relationship-requests/${created.json.id}`, '/v1/customers']) {
      const byToken = await call(ctx.stack, 'GET', path, { key: token });
      const byKey = await call(ctx.stack, 'GET', path, { key: agent.apiKey });
      assert.equal(byToken.status, 200, `${path}: ${byToken.text}`);
      assert.deepEqual(byToken.json, byKey.json, path);
    }
    const resent = await call(ctx.stack, 'POST', `/v1/relationship-requests/${created.json.id}/resend`, { key: token });
    assert.equal(resent.status, 202, resent.text);
    const cancelled = await call(ctx.stack, 'POST', `/v1/relationship-requests/${created.json.id}/cancel`, { key: token, body: { reason: 'by token' } });
    assert.equal(cancelled.status, 200, cancelled.text);
    const added = await call(ctx.stack, 'POST', '/v1/customers', {
      key: token,
      body: {
        domainPrefix: `tokenadded${ctx.world.tag}`,
        companyName: 'Added By Token GmbH',
        country: 'AT',
        email: 'it@token-added.example',
        includeDelegatedAdminPrivileges: true,
        agreement: { firstName: 'Eva', lastName: 'Huber', email: 'eva@token-added.example', acceptAgreement: true },
      },
    });
    assert.equal(added.status, 201, added.text);
    const mca = await ctx.stack.collections.agreementAcceptances.findOne({ customerTenantId: added.json.customerTenantId });
    assert.equal(mca?.attestedBy?.email, agent.email, 'the signed-in partner user attests');
  });

  test("a customer's Global administrator is no partner user: refused on /v1", async () => {
    const customer = demo.customers[0]!;
    const response = await call(ctx.stack, 'GET', '/v1/customers', { key: await signedIn(`admin@${customer.domain}`) });
    assert.equal(response.status, 401, response.text);
  });
});

describe("a partner's integration with its own token (client credentials) from the OpenID provider", () => {
  const demo = SeedFile.parse(JSON.parse(readFileSync(new URL('../../seed/demo.json', import.meta.url), 'utf8')));
  let provider: IdentityProvider;
  let verify: AccessTokenVerifier;
  const ctx = seededStack({ accessTokens: (token) => verify(token) });
  let server: ServerType;
  let base: string;
  const secret = randomBytes(24).toString('base64url');
  const application = (clientId: string, roles: string[]) => ({ clientId, clientSecret: secret, tenantId: ctx.world.tenants.trPartner, roles });

  before(async () => {
    provider = await startIdentityProvider({
      seed: demo,
      clients: {
        web: { clientId: 'web', clientSecret: secret, redirectUris: ['http://localhost:3000/auth/callback'] },
        applications: [application('billing-sync', ['AdminAgent']), application('roleless-sync', []), application('unlisted-sync', ['AdminAgent'])],
      },
      log: () => {},
    });
    verify = createAccessTokenVerifier({
      issuer: provider.issuer,
      audiences: [provider.apiAudience],
      scope: provider.apiScope,
      allowedClientIds: ['billing-sync', 'roleless-sync', provider.env.OIDC_DEVICE_CLIENT_ID],
    });
    server = serve({ fetch: ctx.stack.app.fetch, hostname: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await provider?.stop();
  });

  const tokenOf = async (clientId: string) => {
    const response = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, resource: provider.apiAudience }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const get = (path: string, token: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });

  test("the provider's application token is shaped as Entra's: idtyp app, azp, the app roles, no scp", async () => {
    const [, payload] = (await tokenOf('billing-sync')).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    assert.deepEqual(
      [claims.aud, claims.tid, claims.idtyp, claims.azp, claims.roles, claims.scp],
      [provider.apiAudience, ctx.world.tenants.trPartner, 'app', 'billing-sync', ['AdminAgent'], undefined],
    );
  });

  test('through a listening server: an allowed application with an app role acts by it; one without answers 403; an unlisted one 401', async () => {
    const token = await tokenOf('billing-sync');
    const created = await fetch(`${base}/v1/relationship-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customerTenantId: ctx.world.tenants.uaCustomer, customerEmail: 'it@customer.example', includeDelegatedAdminPrivileges: false }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    assert.equal((await get('/v1/customers', token)).status, 200);

    const roleless = await get('/v1/customers', await tokenOf('roleless-sync'));
    assert.equal(roleless.status, 403);
    assert.match(roleless.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/);
    const unlisted = await get('/v1/customers', await tokenOf('unlisted-sync'));
    assert.equal(unlisted.status, 401);
    assert.match(((await unlisted.json()) as { detail: string }).detail, /client that this API does not accept/);
  });
});
