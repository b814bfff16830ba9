import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { SeedFile } from '../../domain/tenants.js';
import { createBrowserlessSession, formsOf, type Landing, type Page } from '../../scripts/identityProvider/browserlessSession.js';
import { signInOnLoginPage } from '../../scripts/identityProvider/passwordSignIn.js';
import { call, invitationPath } from '../support/http.js';
import { apiAccessToken } from '../support/identityProvider.js';
import { startSignInStack, type SignInStack } from '../support/signInStack.js';
import type { Stack } from '../support/stack.js';

const demo = SeedFile.parse(JSON.parse(readFileSync(new URL('../../seed/demo.json', import.meta.url), 'utf8')));
const customer = (country: string) => demo.customers.find((candidate) => candidate.country === country)!;
const partnerKey = demo.partners[0]!.users.find((user) => user.roles.includes('AdminAgent'))!.apiKey;
const mcaVersion = 'MCA-test-2026';

const pageOf = (landing: Landing): Page => {
  assert.equal(landing.kind, 'page', 'expected a page');
  return (landing as { page: Page }).page;
};

describe('customers sign in before they decide (CUSTOMER_SIGN_IN=oidc)', () => {
  let running: SignInStack;
  let stack: Stack;
  let base: string;
  let settings: SignInStack['settings'];

  before(async () => {
    running = await startSignInStack({ seed: demo, mcaVersion });
    ({ stack, base, settings } = running);
  });
  after(() => running?.stop());

  const invite = async (customerTenantId: string) => {
    const created = await call(stack, 'POST', '/v1/relationship-requests', {
      key: partnerKey,
      body: { customerTenantId, customerEmail: 'it@customer.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, created.text);
    return { id: created.json.id as string, path: invitationPath(created.json.invitationUrl as string) };
  };

  /** Opens the invitation, follows "Sign in with Microsoft" through the provider's real login page, and lands back. */
  const signInThroughThePage = async (path: string, email: string) => {
    const session = createBrowserlessSession();
    const first = pageOf(await session.open(`${base}${path}?lang=en`));
    assert.match(first.html, /Sign in with Microsoft/);
    assert.doesNotMatch(first.html, /name="firstName"|action="[^"]*\/accept/, 'no decision before signing in');
    const signInLink = /href="([^"]*\/sign-in[^"]*)"/.exec(first.html)![1]!.replaceAll('&amp;', '&');
    const landing = await signInOnLoginPage(session, await session.open(new URL(signInLink, base)), { email, password: settings.password });
    return { session, page: pageOf(landing) };
  };

  test('a Global administrator of the invited tenant signs in on the page and accepts; the record names that user', async () => {
    const kyiv = customer('UA');
    const { id, path } = await invite(kyiv.tenantId);
    const { session, page } = await signInThroughThePage(path, `admin@${kyiv.domain}`);
    assert.match(page.html, /Signed in as/);
    const acceptForm = formsOf(page).find((form) => form.action.pathname.endsWith('/accept'))!;
    assert.ok(acceptForm.fields.csrfToken, 'the form carries its CSRF token');
    const accepted = pageOf(await session.submit(acceptForm, { acceptAgreement: 'true', phone: '+380 44 000 0000' }));
    assert.equal(accepted.status, 200, accepted.html.slice(0, 300));

    const mca = await stack.collections.agreementAcceptances.findOne({ requestId: id });
    assert.equal(mca?.acceptedBy.verifiedBy, 'signIn');
    assert.deepEqual(
      mca?.acceptedBy.verifiedBy === 'signIn' && { tenantId: mca.acceptedBy.tenantId, username: mca.acceptedBy.username },
      { tenantId: kyiv.tenantId, username: `admin@${kyiv.domain}` },
    );
    assert.equal(mca?.agreementVersion, mcaVersion, "the agreement's version from configuration");
    assert.equal(mca?.phone, '+380 44 000 0000');
    assert.ok(mca?.client?.ip);
    const request = await stack.collections.requests.findOne({ _id: id });
    assert.equal(request?.status, 'accepted');
    assert.doesNotMatch(JSON.stringify([mca, request]), /eyJ[\w-]+\.[\w-]+/, 'no token is stored');
  });

  test('an ordinary user of the tenant and an administrator of another tenant are refused, and nothing is decided', async () => {
    const dubai = customer('AE');
    const { id, path } = await invite(dubai.tenantId);
    const ordinary = await signInThroughThePage(path, `user@${dubai.domain}`);
    assert.match(ordinary.page.html, /not as a Global administrator/);
    assert.match(ordinary.page.html, /Sign in with Microsoft/);
    const stranger = await signInThroughThePage(path, `admin@${customer('UA').domain}`);
    assert.match(stranger.page.html, /belongs to another organization/);
    assert.equal((await stack.collections.requests.findOne({ _id: id }))?.status, 'pending');

    // A form post without a signed-in session decides nothing either.
    const posted = await fetch(`${base}${path}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: 'acceptAgreement=true',
    });
    assert.equal(posted.status, 401);
    assert.match(await posted.text(), /Sign in before you accept or decline/);
    assert.equal((await stack.collections.requests.findOne({ _id: id }))?.status, 'pending');
  });

  test("API clients decide with an access token: only the invited tenant's Global administrator", async () => {
    const tekstil = customer('TR');
    const { id, path } = await invite(tekstil.tenantId);
    const tokenOf = apiAccessToken;
    const decline = (headers: Record<string, string>) =>
      fetch(`${base}${path}/decline`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ reason: 'not now' }) });

    const anonymous = await decline({});
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('content-type'), 'application/problem+json');
    assert.equal((await decline({ authorization: `Bearer ${await tokenOf(`user@${tekstil.domain}`)}` })).status, 403);
    const other = await decline({ authorization: `Bearer ${await tokenOf(`admin@${customer('UA').domain}`)}` });
    assert.equal(other.status, 403);
    assert.match(((await other.json()) as { type: string }).type, /other-organization/);
    assert.equal((await decline({ authorization: 'Bearer not.a.token' })).status, 401);
    assert.equal((await stack.collections.requests.findOne({ _id: id }))?.status, 'pending');

    const declined = await decline({ authorization: `Bearer ${await tokenOf(`admin@${tekstil.domain}`)}` });
    assert.equal(declined.status, 200, await declined.clone().text());
    assert.deepEqual(await declined.json(), { id, status: 'declined' });
    const request = await stack.collections.requests.findOne({ _id: id });
    assert.equal(request?.events['declined']?.actor.kind, 'customer');
    assert.deepEqual(
      request?.events['declined']?.actor.kind === 'customer' && [request.events['declined'].actor.tenantId, request.events['declined'].actor.email],
      [tekstil.tenantId, `admin@${tekstil.domain}`],
    );
  });
});
