import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet } from 'jose';
import { createCustomerSignIn } from '../../api/identity/customerSignIn.js';
import { createIdTokenVerifier, InvalidIdTokenError } from '../../api/identity/idTokens.js';
import { globalAdministratorRoleId } from '../../domain/identity.js';
import { createKeyring } from '../../platform/secretKeys.js';
import { createBrowserlessSession } from '../../scripts/identityProvider/browserlessSession.js';
import { pageOf } from '../../scripts/identityProvider/passwordSignIn.js';
import { objectIdFor } from '../../scripts/identityProvider/users.js';
import { returnedTo, signInForInvitation, startCustomerSignInServer, type CustomerSignInServer, type TestInvitation } from '../support/customerSignInServer.js';
import { startTokenIssuer, type TokenIssuer } from '../support/tokenIssuer.js';

const kyiv: TestInvitation = { token: 'token-kyiv', requestId: 'request-kyiv', customerTenantId: 'kyiv-bakery-ua' };
/** A second open invitation of the same customer: a session for the first must not count here. */
const kyivAgain: TestInvitation = { token: 'token-kyiv-again', requestId: 'request-kyiv-again', customerTenantId: 'kyiv-bakery-ua' };
/** An invitation whose request is no longer known. */
const gone: TestInvitation = { token: 'token-gone', requestId: 'request-gone' };
const invitations = [kyiv, kyivAgain, gone];

const kyivAdmin = 'admin@kyivbakery.example';
const minutes = 60_000;

/** A Set-Cookie line of this cookie, split into its value and its attributes (lower-cased names). */
function setCookie(lines: string[], name: string) {
  const line = lines.find((candidate) => candidate.startsWith(`${name}=`));
  if (!line) return undefined;
  const [pair = '', ...parts] = line.split(';').map((part) => part.trim());
  const attributes = Object.fromEntries(parts.map((part) => {
    const [key = '', ...rest] = part.split('=');
    return [key.toLowerCase(), rest.join('=')];
  }));
  return { value: decodeURIComponent(pair.slice(name.length + 1)), attributes };
}

/** What the signed session cookie holds (its payload, before the signature). */
const payloadOf = (signedValue: string) => JSON.parse(Buffer.from(signedValue.slice(0, signedValue.lastIndexOf('.')), 'base64url').toString('utf8')) as Record<string, unknown>;

async function probeWithCookie(server: CustomerSignInServer, token: string, cookie: string) {
  const response = await fetch(`${server.base}/invitations/${token}/probe`, { headers: { cookie } });
  return (await response.json()) as { identity: unknown; csrfToken: unknown };
}

describe('the customer sign-in for an invitation', () => {
  let clock = Date.now();
  let server: CustomerSignInServer;

  before(async () => {
    server = await startCustomerSignInServer({ invitations, now: () => new Date(clock) });
  });
  after(() => server?.close());

  test('starts the code flow with PKCE, state and nonce, without login_hint, keeping them in a signed cookie for the callback', async () => {
    const response = await fetch(`${server.base}/invitations/${kyiv.token}/sign-in?lang=tr`, { redirect: 'manual' });
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('location')!);
    assert.equal(location.origin, new URL(server.settings.issuer).origin);
    const query = Object.fromEntries(location.searchParams);
    assert.equal(query.client_id, server.settings.clientId);
    assert.equal(query.redirect_uri, `${server.base}/auth/callback`);
    assert.equal(query.response_type, 'code');
    assert.equal(query.scope, 'openid profile');
    assert.equal(query.code_challenge_method, 'S256');
    assert.match(query.code_challenge ?? '', /^[\w-]{43}$/);
    assert.ok(query.state && query.nonce);
    assert.equal(query.login_hint, undefined);
    assert.equal(query.prompt, undefined);

    const transaction = setCookie(response.headers.getSetCookie(), 'customer_sign_in');
    assert.ok(transaction, 'the transaction cookie is set');
    assert.deepEqual(
      { path: transaction.attributes.path, maxAge: transaction.attributes['max-age'], httpOnly: 'httponly' in transaction.attributes, sameSite: transaction.attributes.samesite, secure: 'secure' in transaction.attributes },
      { path: '/', maxAge: '600', httpOnly: true, sameSite: 'Lax', secure: false },
    );
    const held = payloadOf(transaction.value);
    assert.equal(held.state, query.state);
    assert.equal(held.nonce, query.nonce);
    assert.equal(held.requestId, kyiv.requestId);
    assert.equal(held.token, kyiv.token);
    assert.equal(held.locale, 'tr');
    assert.notEqual(held.codeVerifier, query.code_challenge, 'only the challenge leaves for the provider');

    const switching = await fetch(`${server.base}/invitations/${kyiv.token}/sign-in?lang=en&anotherUser=1`, { redirect: 'manual' });
    assert.equal(new URL(switching.headers.get('location')!).searchParams.get('prompt'), 'login', 'the local provider is asked to log in again');
  });

  test('the Global administrator of the invited tenant gets a session bound to that invitation only', async () => {
    const { session, landing } = await signInForInvitation(server, { token: kyiv.token, email: kyivAdmin });
    assert.deepEqual(returnedTo(landing), { path: `/invitations/${kyiv.token}`, lang: 'en', signIn: null });

    const { identity, csrfToken } = await server.probe(session, kyiv.token);
    assert.deepEqual(identity, {
      tenantId: 'kyiv-bakery-ua',
      objectId: objectIdFor('kyiv-bakery-ua', kyivAdmin),
      name: 'Kyiv Bakery LLC Administrator',
      username: kyivAdmin,
      appRoles: [],
      directoryRoles: [globalAdministratorRoleId],
    });
    assert.ok(csrfToken);

    assert.equal((await server.probe(session, kyiv.token, kyivAgain.requestId)).identity, null, 'not signed in for another request');
    assert.equal((await server.probe(session, kyivAgain.token)).identity, null, "not on another invitation's pages");
  });

  test('the session cookie: HttpOnly, SameSite=Lax, 15 minutes, Path=/, holding no token of the provider', async () => {
    await signInForInvitation(server, { token: kyiv.token, email: kyivAdmin });
    const callback = server.lastExchange('GET', '/auth/callback');
    assert.equal(callback.status, 303);
    const cookie = setCookie(callback.setCookies, 'customer_session');
    assert.ok(cookie, 'the session cookie is set');
    assert.deepEqual(
      { path: cookie.attributes.path, maxAge: cookie.attributes['max-age'], httpOnly: 'httponly' in cookie.attributes, sameSite: cookie.attributes.samesite, secure: 'secure' in cookie.attributes },
      { path: '/', maxAge: '900', httpOnly: true, sameSite: 'Lax', secure: false },
    );
    const payload = payloadOf(cookie.value);
    assert.deepEqual(Object.keys(payload).sort(), ['expiresAt', 'identity', 'requestId', 'sessionId']);
    assert.equal(payload.requestId, kyiv.requestId);
    assert.equal(payload.expiresAt, clock + 15 * minutes);
    assert.ok(!/eyJ[\w-]+\.[\w-]+\./.test(JSON.stringify(payload)), 'no JWT in the session');

    const transactionCleared = setCookie(callback.setCookies, 'customer_sign_in');
    assert.equal(transactionCleared?.attributes['max-age'], '0', 'the transaction is used once');
    assert.equal(transactionCleared?.attributes.path, '/');
  });

  test('an ordinary user of the invited tenant is sent back with not-global-administrator, without a session', async () => {
    const { session, landing } = await signInForInvitation(server, { token: kyiv.token, email: 'user@kyivbakery.example' });
    assert.deepEqual(returnedTo(landing), { path: `/invitations/${kyiv.token}`, lang: 'en', signIn: 'not-global-administrator' });
    assert.deepEqual(await server.probe(session, kyiv.token), { identity: null, csrfToken: null });
    const cookie = setCookie(server.lastExchange('GET', '/auth/callback').setCookies, 'customer_session');
    assert.equal(cookie?.attributes['max-age'], '0', 'only cleared, never set');
  });

  test("another customer's Global administrator is sent back with other-organization, without a session", async () => {
    const { session, landing } = await signInForInvitation(server, { token: kyiv.token, email: 'admin@dubailogistics.example' });
    assert.deepEqual(returnedTo(landing), { path: `/invitations/${kyiv.token}`, lang: 'en', signIn: 'other-organization' });
    assert.equal((await server.probe(session, kyiv.token)).identity, null);
  });

  test('a request that is no longer known gets no session', async () => {
    const { session, landing } = await signInForInvitation(server, { token: gone.token, email: kyivAdmin });
    assert.equal(returnedTo(landing).signIn, 'failed');
    assert.equal((await server.probe(session, gone.token)).identity, null);
    assert.equal(server.failures.at(-1)?.reason, 'unknown-request');
  });

  test('a tampered session cookie is not signed in', async () => {
    await signInForInvitation(server, { token: kyiv.token, email: kyivAdmin });
    const { value } = setCookie(server.lastExchange('GET', '/auth/callback').setCookies, 'customer_session')!;
    const genuine = `customer_session=${encodeURIComponent(value)}`;
    assert.ok((await probeWithCookie(server, kyiv.token, genuine)).identity, 'the genuine cookie is signed in');

    const signature = value.slice(value.lastIndexOf('.') + 1);
    const forPayload = (payload: Record<string, unknown>) =>
      `customer_session=${encodeURIComponent(`${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`)}`;
    const payload = payloadOf(value);
    const forgeries = [
      forPayload({ ...payload, requestId: kyivAgain.requestId }),
      forPayload({ ...payload, expiresAt: Number(payload.expiresAt) + 60 * minutes }),
      forPayload({ ...payload, identity: { ...(payload.identity as object), tenantId: 'dubai-logistics-ae' } }),
      `customer_session=${encodeURIComponent(`${value.slice(0, 10)}A${value.slice(11)}`)}`,
      `customer_session=${encodeURIComponent(value.slice(0, value.lastIndexOf('.')))}`,
      'customer_session=garbage',
    ];
    for (const cookie of forgeries) assert.deepEqual(await probeWithCookie(server, kyiv.token, cookie), { identity: null, csrfToken: null }, cookie);
    for (const cookie of forgeries.slice(0, 1)) {
      const response = await fetch(`${server.base}/invitations/${kyivAgain.token}/probe`, { headers: { cookie } });
      assert.equal(((await response.json()) as { identity: unknown }).identity, null);
    }
  });

  test('a session signed with another secret is not signed in', async () => {
    const other = await startCustomerSignInServer({ invitations, secrets: { current: 'another invitation secret, of 32+ characters' } });
    try {
      await signInForInvitation(other, { token: kyiv.token, email: kyivAdmin });
      const { value } = setCookie(other.lastExchange('GET', '/auth/callback').setCookies, 'customer_session')!;
      assert.equal((await probeWithCookie(server, kyiv.token, `customer_session=${encodeURIComponent(value)}`)).identity, null);
    } finally {
      await other.close();
    }
  });

  test('an expired session is not signed in, whatever the browser still sends', async () => {
    const { session } = await signInForInvitation(server, { token: kyiv.token, email: kyivAdmin });
    const signedInAt = clock;
    try {
      clock = signedInAt + 14 * minutes;
      assert.ok((await server.probe(session, kyiv.token)).identity, 'still signed in after 14 minutes');
      clock = signedInAt + 15 * minutes;
      assert.deepEqual(await server.probe(session, kyiv.token), { identity: null, csrfToken: null });
    } finally {
      clock = Date.now();
    }
  });

  test('a callback with a wrong state is refused back to the invitation; the code is never redeemed', async () => {
    const isCallback = (url: URL) => url.pathname === '/auth/callback';
    const { session, landing } = await signInForInvitation(server, { token: kyiv.token, email: kyivAdmin, stopAt: isCallback });
    assert.equal(landing.kind, 'stopped');
    const callback = new URL(landing.kind === 'stopped' ? landing.url : '');
    assert.ok(callback.searchParams.get('code'));
    callback.searchParams.set('state', 'not-the-state-we-sent');
    const refused = await session.open(callback);
    assert.deepEqual(returnedTo(refused), { path: `/invitations/${kyiv.token}`, lang: 'en', signIn: 'failed' });
    assert.equal(server.failures.at(-1)?.reason, 'state-mismatch');
    assert.equal((await server.probe(session, kyiv.token)).identity, null);
    for (const failure of server.failures) assert.ok(!JSON.stringify(failure).includes(callback.searchParams.get('code')!), 'the code is never reported');
  });

  test('a callback without the transaction cookie is a 400 problem, and so is a replayed one', async () => {
    const isCallback = (url: URL) => url.pathname === '/auth/callback';
    const { session, landing } = await signInForInvitation(server, { token: kyiv.token, email: kyivAdmin, stopAt: isCallback });
    const callback = landing.kind === 'stopped' ? landing.url : new URL(server.base);

    const foreign = await fetch(callback, { redirect: 'manual' });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.headers.get('content-type'), 'application/problem+json');
    const problem = (await foreign.json()) as Record<string, unknown>;
    assert.equal(problem.status, 400);
    assert.equal(problem.type, '/problems/sign-in-not-in-progress');

    assert.equal(returnedTo(await session.open(callback)).signIn, null, 'the browser that started it signs in');
    const replayed = await session.open(callback);
    assert.equal(replayed.kind === 'page' && replayed.page.status, 400, 'the transaction was used up');
  });

  test('a sign-in that took more than 10 minutes is refused back to the invitation', async () => {
    const isCallback = (url: URL) => url.pathname === '/auth/callback';
    const { session, landing } = await signInForInvitation(server, { token: kyiv.token, email: kyivAdmin, stopAt: isCallback });
    assert.equal(landing.kind, 'stopped');
    try {
      clock += 10 * minutes;
      const late = await session.open(landing.kind === 'stopped' ? landing.url : server.base);
      assert.deepEqual(returnedTo(late), { path: `/invitations/${kyiv.token}`, lang: 'en', signIn: 'failed' });
      assert.equal(server.failures.at(-1)?.reason, 'sign-in-expired');
      assert.equal((await server.probe(session, kyiv.token)).identity, null);
    } finally {
      clock = Date.now();
    }
  });

  test('cancelling on the provider (error=access_denied) returns to the invitation with signIn=failed', async () => {
    const session = createBrowserlessSession();
    const login = pageOf(await session.open(`${server.base}/invitations/${kyiv.token}/sign-in?lang=tr`), 'the login page');
    const cancel = /href="([^"]*\/abort)"/.exec(login.html)?.[1];
    assert.ok(cancel, 'the login page has a Cancel link');
    const landing = await session.open(new URL(cancel, login.url));
    assert.deepEqual(returnedTo(landing), { path: `/invitations/${kyiv.token}`, lang: 'tr', signIn: 'failed' });
    assert.deepEqual(server.failures.at(-1), { reason: 'provider-error', detail: 'access_denied' });
    assert.equal((await server.probe(session, kyiv.token)).identity, null);
  });

  test('the CSRF token checks for its session and request only', async () => {
    const { session } = await signInForInvitation(server, { token: kyiv.token, email: kyivAdmin });
    const { csrfToken } = await server.probe(session, kyiv.token);
    assert.ok(csrfToken);
    assert.equal((await server.probe(session, kyiv.token)).csrfToken, csrfToken, 'stable within the session');

    const decide = async (submitted: Record<string, string>, requestId?: string, from = session) => {
      const url = new URL(`${server.base}/invitations/${kyiv.token}/decide`);
      if (requestId) url.searchParams.set('requestId', requestId);
      const landing = await from.submit({ action: url, method: 'POST', fields: {} }, submitted);
      return (JSON.parse(pageOf(landing, 'the answer').html) as { csrfAccepted: boolean }).csrfAccepted;
    };
    assert.equal(await decide({ csrfToken }), true);
    assert.equal(await decide({}), false, 'missing');
    assert.equal(await decide({ csrfToken: `${csrfToken.slice(0, -1)}${csrfToken.endsWith('A') ? 'B' : 'A'}` }), false, 'altered');
    assert.equal(await decide({ csrfToken }, kyivAgain.requestId), false, 'for another request');
    assert.equal(await decide({ csrfToken }, undefined, createBrowserlessSession()), false, 'without the session');

    const { session: later } = await signInForInvitation(server, { token: kyiv.token, email: kyivAdmin });
    const { csrfToken: laterToken } = await server.probe(later, kyiv.token);
    assert.notEqual(laterToken, csrfToken, 'each session has its own');
    assert.equal(await decide({ csrfToken }, undefined, later), false, "another session's token");
  });

  test('signing in again reuses the provider session; anotherUser asks to log in again, and a refusal ends the session', async () => {
    const { session } = await signInForInvitation(server, { token: kyiv.token, email: kyivAdmin });
    const again = await session.open(`${server.base}/invitations/${kyiv.token}/sign-in?lang=en`);
    assert.deepEqual(returnedTo(again), { path: `/invitations/${kyiv.token}`, lang: 'en', signIn: null }, 'no login page the second time');

    const { landing } = await signInForInvitation(server, { token: kyiv.token, email: 'user@kyivbakery.example', session, anotherUser: true });
    assert.equal(returnedTo(landing).signIn, 'not-global-administrator');
    assert.equal((await server.probe(session, kyiv.token)).identity, null, "the administrator's session is gone");
  });

  test('signOut clears the invitation session', async () => {
    const { session } = await signInForInvitation(server, { token: kyiv.token, email: kyivAdmin });
    assert.ok((await server.probe(session, kyiv.token)).identity);
    await session.open(`${server.base}/invitations/${kyiv.token}/sign-out`);
    const cleared = setCookie(server.lastExchange('GET', `/invitations/${kyiv.token}/sign-out`).setCookies, 'customer_session');
    assert.deepEqual({ maxAge: cleared?.attributes['max-age'], path: cleared?.attributes.path }, { maxAge: '0', path: '/' });
    assert.equal((await server.probe(session, kyiv.token)).identity, null);
  });

  test('two invitations in one browser: signing in for the second replaces the first one\'s session', async () => {
    const { session } = await signInForInvitation(server, { token: kyiv.token, email: kyivAdmin });
    const first = await server.probe(session, kyiv.token);
    assert.ok(first.identity && first.csrfToken);

    await signInForInvitation(server, { token: kyivAgain.token, email: kyivAdmin, session });
    assert.ok((await server.probe(session, kyivAgain.token)).identity, 'signed in for the second invitation');
    assert.deepEqual(await server.probe(session, kyiv.token), { identity: null, csrfToken: null }, 'the first one asks to sign in again');
    const landing = await session.submit({ action: new URL(`${server.base}/invitations/${kyiv.token}/decide`), method: 'POST', fields: {} }, { csrfToken: first.csrfToken });
    assert.equal((JSON.parse(pageOf(landing, 'the answer').html) as { csrfAccepted: boolean }).csrfAccepted, false, "a form of the first invitation's page decides nothing");

    await signInForInvitation(server, { token: kyiv.token, email: kyivAdmin, session });
    assert.ok((await server.probe(session, kyiv.token)).identity, 'signing in there again brings it back');
  });
});

describe('the customer sign-in with Secure cookies', () => {
  let server: CustomerSignInServer;
  before(async () => {
    server = await startCustomerSignInServer({ invitations, secureCookies: true });
  });
  after(() => server?.close());

  test('both cookies have the __Host- prefix: Secure, Path=/, no Domain; and the sign-in works', async () => {
    const { session, landing } = await signInForInvitation(server, { token: kyiv.token, email: kyivAdmin });
    assert.equal(returnedTo(landing).signIn, null);
    const started = setCookie(server.lastExchange('GET', `/invitations/${kyiv.token}/sign-in`).setCookies, '__Host-customer_sign_in');
    const callback = server.lastExchange('GET', '/auth/callback').setCookies;
    const established = setCookie(callback, '__Host-customer_session');
    for (const cookie of [started, established, setCookie(callback, '__Host-customer_sign_in')]) {
      assert.ok(cookie);
      assert.ok('secure' in cookie.attributes && 'httponly' in cookie.attributes);
      assert.equal(cookie.attributes.samesite, 'Lax');
      assert.equal(cookie.attributes.path, '/');
      assert.equal(cookie.attributes.domain, undefined);
    }
    assert.ok((await server.probe(session, kyiv.token)).identity);
    for (const name of ['customer_session', '__Secure-customer_session']) {
      const renamed = `${name}=${encodeURIComponent(established!.value)}`;
      assert.equal((await probeWithCookie(server, kyiv.token, renamed)).identity, null, `only the __Host- cookie counts, not ${name}`);
    }
  });
});

describe('the customer sign-in configuration', () => {
  const options = {
    clientId: 'client',
    clientSecret: 'secret',
    publicBaseUrl: 'https://relationships.example',
    secureCookies: true,
    keys: createKeyring({ current: 'a secret of at least thirty-two characters' }),
    expectedTenantOf: async () => undefined,
  };

  test('plain http is accepted for a loopback issuer only', () => {
    assert.throws(() => createCustomerSignIn({ ...options, issuer: 'http://login.example/organizations/v2.0' }), /https/);
    for (const issuer of ['http://127.0.0.1:3001', 'http://localhost:3001', 'http://[::1]:3001', 'https://login.microsoftonline.com/organizations/v2.0']) {
      assert.doesNotThrow(() => createCustomerSignIn({ ...options, issuer }), issuer);
    }
  });
});

describe("the ID token check, with Entra's multi-tenant issuer", () => {
  let issuer: TokenIssuer;
  let verify: ReturnType<typeof createIdTokenVerifier>;
  const clientId = 'web-client';
  const claims = { tid: 'tenant-a', oid: 'user-1', name: 'User One', preferred_username: 'one@a.example', wids: [globalAdministratorRoleId] };

  before(async () => {
    issuer = await startTokenIssuer({ issuerPath: '/{tenantid}/v2.0' });
    const discovery = (await (await fetch(`${issuer.issuerUrl}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    assert.match(discovery.issuer, /\/\{tenantid\}\/v2\.0$/);
    verify = createIdTokenVerifier({ issuerTemplate: discovery.issuer, clientId, keys: createRemoteJWKSet(new URL(discovery.jwks_uri)) });
  });
  after(() => issuer?.close());

  test("accepts a token whose issuer names its own tenant, and returns the identity claims", async () => {
    const verified = await verify(await issuer.sign(claims, { audience: clientId }));
    assert.deepEqual(verified, { ...claims, roles: [] });
  });

  test("refuses a token whose issuer names another tenant, another audience, another key, or an expired one", async () => {
    const refusals = [
      issuer.sign(claims, { audience: clientId, issuer: issuer.issuerFor('tenant-b') }),
      issuer.sign(claims, { audience: 'another-client' }),
      issuer.sign(claims, { audience: clientId, key: issuer.forgedKey }),
      issuer.sign(claims, { audience: clientId, expiresIn: Math.floor(Date.now() / 1000) - 3600 }),
      issuer.sign({ oid: 'user-1' }, { audience: clientId }),
    ];
    for (const token of refusals) await assert.rejects(verify(await token), InvalidIdTokenError);
  });
});
