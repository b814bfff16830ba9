import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createBrowserlessSession, type BrowserlessSession } from '../../scripts/identityProvider/browserlessSession.js';
import { signInOnLoginPage } from '../../scripts/identityProvider/passwordSignIn.js';
import { signInForInvitation, startCustomerSignInServer, type CustomerSignInServer } from '../support/customerSignInServer.js';

const kyiv = 'kyiv-bakery-ua';
const invitation = { token: 'token-kyiv', requestId: 'request-kyiv', customerTenantId: kyiv };

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
const payloadOf = (signedValue: string) => JSON.parse(Buffer.from(signedValue.slice(0, signedValue.lastIndexOf('.')), 'base64url').toString('utf8')) as Record<string, unknown>;

/** Signs in for the partner relationships page; returns where the sign-in came back to. */
async function signInForTenant(server: CustomerSignInServer, email: string, options: { lang?: string; session?: BrowserlessSession } = {}) {
  const session = options.session ?? createBrowserlessSession();
  const first = await session.open(`${server.base}/partner-relationships/sign-in${options.lang ? `?lang=${options.lang}` : ''}`);
  const showsLogin = first.kind === 'page' && first.page.url.origin === new URL(server.settings.issuer).origin;
  const landing = showsLogin ? await signInOnLoginPage(session, first, { email, password: server.settings.password }) : first;
  const url = landing.kind === 'page' ? landing.page.url : landing.url;
  return { session, returnedTo: `${url.pathname}${url.search}` };
}

async function probe(server: CustomerSignInServer, session: BrowserlessSession, csrfToken?: string) {
  const landing = await session.open(`${server.base}/partner-relationships/probe${csrfToken === undefined ? '' : `?csrfToken=${encodeURIComponent(csrfToken)}`}`);
  assert.equal(landing.kind, 'page');
  return JSON.parse(landing.kind === 'page' ? landing.page.html : '{}') as { tenant: { tenantId: string; identity: Record<string, unknown> } | null; csrfToken: string | null; csrfAccepted: boolean | null };
}

describe('the sign-in for a customer tenant\'s partner relationships page', () => {
  let server: CustomerSignInServer;
  before(async () => {
    server = await startCustomerSignInServer({ invitations: [invitation], customerTenants: [kyiv, 'dubai-logistics-ae'] });
  });
  after(() => server?.close());

  test("a customer's Global administrator gets a session bound to their tenant, in a cookie like the invitation's", async () => {
    const { session, returnedTo } = await signInForTenant(server, 'admin@kyivbakery.example', { lang: 'tr' });
    assert.equal(returnedTo, '/partner-relationships?lang=tr');

    const started = setCookie(server.lastExchange('GET', '/partner-relationships/sign-in').setCookies, 'customer_sign_in');
    const transaction = payloadOf(started!.value);
    assert.equal(transaction.purpose, 'partnerRelationships');
    assert.equal(transaction.locale, 'tr');
    assert.equal(transaction.requestId, undefined, 'bound to no invitation');

    const callback = server.lastExchange('GET', '/auth/callback');
    const cookie = setCookie(callback.setCookies, 'customer_tenant_session');
    assert.ok(cookie, 'the tenant session cookie is set');
    assert.deepEqual(
      { path: cookie.attributes.path, maxAge: cookie.attributes['max-age'], httpOnly: 'httponly' in cookie.attributes, sameSite: cookie.attributes.samesite, secure: 'secure' in cookie.attributes },
      { path: '/', maxAge: '900', httpOnly: true, sameSite: 'Lax', secure: false },
    );
    const payload = payloadOf(cookie.value);
    assert.deepEqual(Object.keys(payload).sort(), ['expiresAt', 'identity', 'sessionId', 'tenantId']);
    assert.equal(payload.tenantId, kyiv);
    assert.ok(!/eyJ[\w-]+\.[\w-]+\./.test(JSON.stringify(payload)), 'no JWT in the session');
    assert.equal(setCookie(callback.setCookies, 'customer_session'), undefined, 'no invitation session');

    const { tenant, csrfToken } = await probe(server, session);
    assert.equal(tenant?.tenantId, kyiv);
    assert.equal(tenant?.identity.username, 'admin@kyivbakery.example');
    assert.ok(csrfToken);
    assert.equal((await probe(server, session, csrfToken)).csrfAccepted, true);
    assert.equal((await probe(server, session, `${csrfToken}x`)).csrfAccepted, false);
    assert.equal((await probe(server, createBrowserlessSession(), csrfToken)).csrfAccepted, false, 'not without the session');

    const invitationProbe = await session.open(`${server.base}/invitations/${invitation.token}/probe`);
    assert.equal(invitationProbe.kind === 'page' && JSON.parse(invitationProbe.page.html).identity, null, 'the tenant session decides no invitation');
  });

  test('without a chosen language the page is left to speak the tenant\'s', async () => {
    const { returnedTo } = await signInForTenant(server, 'admin@kyivbakery.example');
    assert.equal(returnedTo, '/partner-relationships');
  });

  test('an ordinary user, or a user of a tenant that is no customer here, gets no session', async () => {
    const ordinary = await signInForTenant(server, 'user@kyivbakery.example', { lang: 'en' });
    assert.equal(ordinary.returnedTo, '/partner-relationships?lang=en&signIn=not-global-administrator');
    assert.equal((await probe(server, ordinary.session)).tenant, null);
    assert.equal(setCookie(server.lastExchange('GET', '/auth/callback').setCookies, 'customer_tenant_session')?.attributes['max-age'], '0', 'only cleared');

    const partner = await signInForTenant(server, 'ayse.admin@anatolia.example', { lang: 'en' });
    assert.equal(partner.returnedTo, '/partner-relationships?lang=en&signIn=other-organization');
    assert.equal((await probe(server, partner.session)).tenant, null);

    const unknownCustomer = await signInForTenant(server, 'admin@izmirtekstil.example');
    assert.equal(unknownCustomer.returnedTo, '/partner-relationships?signIn=other-organization', 'a tenant this server does not hold as a customer');
  });

  test('an invitation session is no tenant session', async () => {
    const { session } = await signInForInvitation(server, { token: invitation.token, email: 'admin@kyivbakery.example' });
    assert.equal((await probe(server, session)).tenant, null);
  });
});

describe('the tenant session with Secure cookies', () => {
  let server: CustomerSignInServer;
  before(async () => {
    server = await startCustomerSignInServer({ invitations: [], customerTenants: [kyiv], secureCookies: true });
  });
  after(() => server?.close());

  test('has the __Host- prefix: Secure, Path=/, no Domain', async () => {
    const { session } = await signInForTenant(server, 'admin@kyivbakery.example');
    const cookie = setCookie(server.lastExchange('GET', '/auth/callback').setCookies, '__Host-customer_tenant_session');
    assert.ok(cookie && 'secure' in cookie.attributes && 'httponly' in cookie.attributes);
    assert.equal(cookie.attributes.path, '/');
    assert.equal(cookie.attributes.domain, undefined);
    assert.equal((await probe(server, session)).tenant?.tenantId, kyiv);
  });
});
