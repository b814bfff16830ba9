import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { SeedFile } from '../../domain/tenants.js';
import { deviceFlowTokens } from '../../scripts/identityProvider/deviceFlow.js';
import { apiAccessToken, signInWithCodeFlow } from '../support/identityProvider.js';
import { startSignInStack, type SignInStack } from '../support/signInStack.js';

const demo = SeedFile.parse(JSON.parse(readFileSync(new URL('../../seed/demo.json', import.meta.url), 'utf8')));

/** A partner of this file only, so that the workflow ID of its request (which names the pair) is no other test's. */
const tag = randomBytes(3).toString('hex');
const meridian = { tenantId: `meridian-${tag}`, key: `key-meridian-admin-${tag}-xxxxxxxx` };
const seed: SeedFile = {
  ...demo,
  partners: [
    ...demo.partners,
    { tenantId: meridian.tenantId, name: 'Meridian Bulut', country: 'TR', cloud: 'public', preferredLanguage: 'tr', users: [{ email: `admin-${tag}@meridian.example`, roles: ['AdminAgent'], apiKey: meridian.key }] },
  ],
};
const kyiv = { tenantId: 'kyiv-bakery-ua', admin: 'admin@kyivbakery.example' };
const partnerAgent = 'ayse.admin@anatolia.example';

/**
 * Only access tokens meant for this API open it: through a listening server, the ID token the provider gives the
 * invitation page's client, and a user's access token that lacks the API's delegated scope, are refused on every route
 * that takes a bearer token, and nothing is decided; a token with the scope opens each of them.
 */
describe('bearer tokens from the OpenID provider: only access tokens for this API, with its scope', () => {
  let running: SignInStack;
  let invitation: { id: string; path: string };

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${running.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: /json/.test(response.headers.get('content-type') ?? '') ? (JSON.parse(text) as Record<string, any>) : {} };
  };
  /** The three doors: a partner's /v1, the customer's JSON decision on an invitation, the customer's partner page. */
  const doors = () => [
    { name: '/v1', method: 'GET', path: '/v1/relationship-requests', as: partnerAgent },
    { name: 'the JSON accept', method: 'POST', path: `${invitation.path}/accept`, as: kyiv.admin, body: { acceptAgreement: true } },
    { name: '/partner-relationships', method: 'GET', path: '/partner-relationships', as: kyiv.admin },
  ];
  const statusOfRequest = async () => (await running.stack.collections.requests.findOne({ _id: invitation.id }))?.status;

  before(async () => {
    running = await startSignInStack({ seed, mcaVersion: 'MCA-test' });
    const created = await call('POST', '/v1/relationship-requests', meridian.key, {
      customerTenantId: kyiv.tenantId,
      customerEmail: 'it@kyiv.example',
      includeDelegatedAdminPrivileges: false,
    });
    assert.equal(created.status, 201, created.text);
    invitation = { id: created.json.id, path: new URL(created.json.invitationUrl).pathname };
  });
  after(() => running?.stop());

  test('an ID token as bearer answers 401 invalid_token on each of them', async () => {
    for (const door of doors()) {
      const { tokens } = await signInWithCodeFlow({ email: door.as, scope: `openid profile ${running.settings.scope}` });
      assert.ok(tokens.id_token);
      const response = await call(door.method, door.path, tokens.id_token, door.body);
      assert.equal(response.status, 401, `${door.name}: ${response.text}`);
      assert.equal(response.headers.get('content-type'), 'application/problem+json', door.name);
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer realm="[\w-]+", error="invalid_token"$/, door.name);
      assert.match(response.json.detail, /another audience/, door.name);
    }
    assert.equal(await statusOfRequest(), 'pending');
  });

  test("a user's access token for the API without its delegated scope answers 403 insufficient_scope on each of them", async () => {
    for (const door of doors()) {
      // The client asked for no scope of the API: the token is the API's, but carries no scp.
      const { tokens } = await signInWithCodeFlow({ email: door.as, scope: 'openid profile' });
      const response = await call(door.method, door.path, tokens.access_token, door.body);
      assert.equal(response.status, 403, `${door.name}: ${response.text}`);
      assert.equal(response.json.type, '/problems/insufficient-scope', door.name);
      assert.match(
        response.headers.get('www-authenticate') ?? '',
        new RegExp(`error="insufficient_scope", scope="${running.settings.scope.replace('.', '\\.')}"$`),
        door.name,
      );
    }
    assert.equal(await statusOfRequest(), 'pending');
  });

  test('with the scope, the same users get through: the device flow token on /v1, the code flow token on the customer side', async () => {
    const { access_token } = await deviceFlowTokens({
      issuer: running.settings.issuer,
      clientId: running.settings.deviceClientId,
      audience: running.settings.audience,
      scope: `openid profile ${running.settings.scope}`,
      user: { email: partnerAgent, password: running.settings.password },
    });
    const listed = await call('GET', '/v1/relationship-requests', access_token);
    assert.equal(listed.status, 200, listed.text);

    const token = await apiAccessToken(kyiv.admin);
    const accepted = await call('POST', `${invitation.path}/accept`, token, { acceptAgreement: true });
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(await statusOfRequest(), 'accepted');
    const partners = await call('GET', '/partner-relationships', token);
    assert.equal(partners.status, 200, partners.text);
    assert.ok(partners.json.items.some((item: { partnerTenantId: string }) => item.partnerTenantId === meridian.tenantId));
  });
});
