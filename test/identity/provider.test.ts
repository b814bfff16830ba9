import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { globalAdministratorRoleId } from '../../domain/identity.js';
import { createBrowserlessSession, formsOf } from '../../scripts/identityProvider/browserlessSession.js';
import { identityProviderDefaults } from '../../scripts/identityProvider/defaults.js';
import { deviceFlowTokens } from '../../scripts/identityProvider/deviceFlow.js';
import { pageOf, signInOnLoginPage } from '../../scripts/identityProvider/passwordSignIn.js';
import { objectIdFor } from '../../scripts/identityProvider/users.js';
import { authorizationRequest, identityProviderSettings, signInWithCodeFlow, webClient } from '../support/identityProvider.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const settings = identityProviderSettings();
const discovery = async () => (await fetch(`${settings.issuer}/.well-known/openid-configuration`)).json() as Promise<Record<string, unknown>>;

/** Checks an access token as the API will: RS256 against the provider's JWKS, its issuer, the API audience. */
async function verifiedAccessToken(token: string) {
  const keys = createRemoteJWKSet(new URL(String((await discovery()).jwks_uri)));
  const { payload, protectedHeader } = await jwtVerify(token, keys, { issuer: settings.issuer, audience: settings.audience, algorithms: ['RS256'] });
  return { payload, protectedHeader };
}

describe('the local OpenID provider', () => {
  test('serves its discovery document and a JWKS of public RS256 keys', async () => {
    const document = await discovery();
    assert.equal(document.issuer, settings.issuer);
    for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'device_authorization_endpoint', 'userinfo_endpoint']) {
      assert.match(String(document[endpoint]), new RegExp(`^${settings.issuer}/`), endpoint);
    }
    assert.deepEqual(document.code_challenge_methods_supported, ['S256']);
    assert.ok((document.id_token_signing_alg_values_supported as string[]).includes('RS256'));

    const jwks = (await (await fetch(String(document.jwks_uri))).json()) as { keys: Record<string, unknown>[] };
    assert.ok(jwks.keys.length > 0);
    for (const key of jwks.keys) {
      assert.equal(key.kty, 'RSA');
      assert.equal(key.alg, 'RS256');
      assert.equal(key.use, 'sig');
      assert.ok(key.kid);
      for (const privatePart of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(key[privatePart], undefined, `the JWKS publishes ${privatePart}`);
    }
  });

  test("a customer's Global administrator signs in with code and PKCE: Entra-shaped ID token with tid, oid, wids and the nonce", async () => {
    const { tokens, nonce } = await signInWithCodeFlow({ email: 'admin@kyivbakery.example' });
    const claims = tokens.claims()!;
    assert.equal(claims.iss, settings.issuer);
    assert.equal(claims.aud, settings.clientId);
    assert.equal(claims.nonce, nonce);
    assert.equal(claims.tid, 'kyiv-bakery-ua');
    assert.equal(claims.oid, objectIdFor('kyiv-bakery-ua', 'admin@kyivbakery.example'));
    assert.equal(claims.preferred_username, 'admin@kyivbakery.example');
    assert.equal(claims.ver, '2.0');
    assert.ok(claims.name);
    assert.deepEqual(claims.wids, [globalAdministratorRoleId]);
    assert.equal(claims.roles, undefined);
  });

  test('an ordinary user of the same customer has no wids', async () => {
    const { tokens } = await signInWithCodeFlow({ email: 'user@kyivbakery.example' });
    const claims = tokens.claims()!;
    assert.equal(claims.tid, 'kyiv-bakery-ua');
    assert.equal(claims.oid, objectIdFor('kyiv-bakery-ua', 'user@kyivbakery.example'));
    assert.notEqual(claims.oid, objectIdFor('kyiv-bakery-ua', 'admin@kyivbakery.example'));
    assert.equal(claims.wids, undefined);
  });

  test("a partner user's tokens carry the partner as tid and the seeded app roles; the access token is a JWT for the API", async () => {
    const { tokens } = await signInWithCodeFlow({ email: 'mehmet.sales@anatolia.example', scope: `openid profile ${identityProviderDefaults.apiScope}` });
    const claims = tokens.claims()!;
    assert.equal(claims.tid, 'anatolia-cloud-tr');
    assert.deepEqual(claims.roles, ['SalesAgent']);
    assert.equal(claims.wids, undefined);

    const { payload, protectedHeader } = await verifiedAccessToken(tokens.access_token);
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.aud, settings.audience);
    assert.equal(payload.tid, 'anatolia-cloud-tr');
    assert.equal(payload.oid, claims.oid);
    assert.deepEqual(payload.roles, ['SalesAgent']);
    assert.equal(payload.scp, identityProviderDefaults.apiScope);
    assert.equal(settings.scope, identityProviderDefaults.apiScope, 'npm test hands the scope to the tests');
    assert.equal(payload.idtyp, 'user');
    assert.equal(payload.azp, settings.clientId);
    assert.equal(payload.nonce, undefined);
    assert.equal(payload.preferred_username, 'mehmet.sales@anatolia.example');
    // The ID token is the web client's: its audience, the sign-in's nonce, and nothing of an access token.
    assert.equal(claims.aud, settings.clientId);
    assert.ok(claims.nonce);
    for (const claim of ['scp', 'idtyp', 'azp']) assert.equal(claims[claim], undefined, claim);
  });

  test("an access token asked without the API's scope is the API's but carries no scp", async () => {
    const { tokens } = await signInWithCodeFlow({ email: 'mehmet.sales@anatolia.example', scope: 'openid profile' });
    const { payload } = await verifiedAccessToken(tokens.access_token);
    assert.equal(payload.scp, undefined);
    assert.equal(payload.idtyp, 'user');
  });

  test("a Global administrator's access token for the API carries tid and wids", async () => {
    const { tokens } = await signInWithCodeFlow({ email: 'admin@izmirtekstil.example' });
    const { payload } = await verifiedAccessToken(tokens.access_token);
    assert.equal(payload.tid, 'izmir-tekstil-tr');
    assert.deepEqual(payload.wids, [globalAdministratorRoleId]);
  });

  test('an API on another loopback port signs in with the client registered for port 3000', async () => {
    const { tokens } = await signInWithCodeFlow({ email: 'user@lyonvins.example', redirectUri: 'http://127.0.0.1:45123/auth/callback' });
    assert.equal(tokens.claims()!.tid, 'lyon-vins-fr');
  });

  test('a wrong password or an unknown user is refused on the login page, which stays usable', async () => {
    const config = await webClient(settings);
    const request = await authorizationRequest(config, { redirectUri: 'http://localhost:3000/auth/callback' });
    const session = createBrowserlessSession();
    const loginPage = await session.open(request.url, request.isCallback);
    const form = formsOf(pageOf(loginPage, 'the login page')).find((candidate) => 'password' in candidate.fields)!;
    assert.ok(form, 'the login page has a password form');

    for (const credentials of [
      { email: 'admin@kyivbakery.example', password: `${settings.password}-wrong` },
      { email: 'nobody@kyivbakery.example', password: settings.password },
    ]) {
      const refused = await session.submit(form, credentials, request.isCallback);
      assert.equal(refused.kind, 'page', 'no redirect to the client');
      const page = pageOf(refused, 'the login page again');
      assert.equal(page.status, 401);
      assert.match(page.html, /email or password is incorrect/);
      assert.ok(!page.html.includes(credentials.password), 'the password is not echoed');
    }
    // The same sign-in still succeeds with the right password.
    const landing = await signInOnLoginPage(session, loginPage, { email: 'admin@kyivbakery.example', password: settings.password }, request.isCallback);
    assert.equal(landing.kind, 'stopped');
  });

  test('a sign-in page opened without its session says it has expired', async () => {
    const response = await fetch(`${settings.issuer}/interaction/not-a-sign-in`);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /This sign-in has expired/);
  });

  test('an authorization request without PKCE is refused', async () => {
    const config = await webClient(settings);
    const { url } = await authorizationRequest(config, { redirectUri: 'http://localhost:3000/auth/callback' });
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const landing = await createBrowserlessSession().open(url, (next) => next.href.startsWith('http://localhost:3000/'));
    assert.equal(landing.kind, 'stopped');
    assert.equal(landing.kind === 'stopped' && landing.url.searchParams.get('error'), 'invalid_request');
  });

  test('an unregistered redirect URI is refused without a redirect', async () => {
    const config = await webClient(settings);
    const { url } = await authorizationRequest(config, { redirectUri: 'https://evil.example/auth/callback' });
    const landing = await createBrowserlessSession().open(url, (next) => next.origin === 'https://evil.example');
    assert.equal(landing.kind, 'page');
    assert.equal(landing.kind === 'page' && landing.page.status, 400);
  });

  test('the device authorization grant gives a partner user an access token for the API', async () => {
    const tokens = await deviceFlowTokens({
      issuer: settings.issuer,
      clientId: settings.deviceClientId,
      audience: settings.audience,
      scope: `openid profile ${identityProviderDefaults.apiScope}`,
      user: { email: 'ayse.admin@anatolia.example', password: settings.password },
    });
    const { payload } = await verifiedAccessToken(tokens.access_token);
    assert.equal(payload.tid, 'anatolia-cloud-tr');
    assert.deepEqual(payload.roles, ['AdminAgent']);
    assert.equal(payload.client_id, settings.deviceClientId);
    assert.equal(payload.azp, settings.deviceClientId);
    assert.equal(payload.scp, settings.scope);
  });

  test('the device flow refuses a wrong password', async () => {
    await assert.rejects(
      deviceFlowTokens({
        issuer: settings.issuer,
        clientId: settings.deviceClientId,
        audience: settings.audience,
        scope: 'openid profile',
        user: { email: 'ayse.admin@anatolia.example', password: 'not-the-password' },
      }),
      /refused the sign-in of ayse\.admin@anatolia\.example/,
    );
  });

  describe('npm run dev:token', () => {
    const devToken = (email: string, env: NodeJS.ProcessEnv = {}) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/devToken.ts', email], { cwd: root, env: { ...process.env, ...env } });

    test("prints only a demo user's access token, from the running provider", async () => {
      const { stdout } = await devToken('admin@dubailogistics.example');
      const token = stdout.trim();
      assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
      const { payload } = await verifiedAccessToken(token);
      assert.equal(payload.tid, 'dubai-logistics-ae');
      assert.deepEqual(payload.wids, [globalAdministratorRoleId]);
      assert.equal(payload.scp, settings.scope, 'a token the API accepts');
    });

    test('fails with the reason, and prints no token, when the sign-in is refused', async () => {
      await assert.rejects(devToken('admin@dubailogistics.example', { OIDC_DEMO_PASSWORD: 'not-the-password' }), (error: { code?: number; stdout?: string; stderr?: string }) => {
        assert.equal(error.code, 1);
        assert.equal(error.stdout, '');
        assert.match(error.stderr ?? '', /refused the sign-in/);
        assert.ok(!(error.stderr ?? '').includes('not-the-password'));
        return true;
      });
    });
  });
});
