import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SeedFile } from '../../domain/tenants.js';
import { call } from '../support/http.js';
import { identityProviderSettings } from '../support/identityProvider.js';
import { launchChromium } from '../support/chromium.js';
import { startSignInStack, type SignInStack } from '../support/signInStack.js';
import type { Stack } from '../support/stack.js';

/**
 * A customer signs in on the invitation page in headless Chromium, through the local OpenID provider's real login
 * page, then decides. The stack is set up as test/api/customerDecisions.test.ts sets it up (CUSTOMER_SIGN_IN=oidc).
 *
 * Workflow IDs are `relationship-request:<partner>:<customer>` in the one Temporal namespace every test file of the
 * run shares, so each test here uses a demo partner–customer pair that no other test invites:
 *   - rhein-it-de → lyon-vins-fr (Europe, public cloud);
 *   - liberty-gov-us → austin-county-us (United States, US Government cloud). Not rhein-it-de → berlin-maschinen-de:
 *     test/api/partnerTokens.test.ts invites that pair.
 *
 * Screenshots go to a temporary folder removed afterwards; set SIGN_IN_SCREENSHOTS=/some/dir to keep them.
 */

const demo = SeedFile.parse(JSON.parse(readFileSync(new URL('../../seed/demo.json', import.meta.url), 'utf8')));
const partnerNamed = (tenantId: string) => {
  const partner = demo.partners.find((candidate) => candidate.tenantId === tenantId);
  assert.ok(partner, `seed/demo.json has the partner ${tenantId}`);
  const adminAgent = partner.users.find((user) => user.roles.includes('AdminAgent'));
  assert.ok(adminAgent, `${tenantId} has an Admin agent in seed/demo.json`);
  return { ...partner, apiKey: adminAgent.apiKey };
};
const customerNamed = (tenantId: string) => {
  const customer = demo.customers.find((candidate) => candidate.tenantId === tenantId);
  assert.ok(customer, `seed/demo.json has the customer ${tenantId}`);
  return customer;
};
const mcaVersion = 'MCA-browser-2026';

describe('a customer signs in with Microsoft on the invitation page, in a real browser', () => {
  const settings = identityProviderSettings();
  const issuerOrigin = new URL(settings.issuer).origin;
  let stack: Stack | undefined;
  let signInStack: SignInStack | undefined;
  let browser: Browser | undefined;
  let base: string;
  let screenshots: string;
  let removeScreenshots = false;

  before(async () => {
    signInStack = await startSignInStack({ seed: demo, mcaVersion });
    ({ stack, base } = signInStack);
    browser = await launchChromium();
    screenshots = process.env.SIGN_IN_SCREENSHOTS || (await mkdtemp(join(tmpdir(), 'sign-in-screens-')));
    removeScreenshots = !process.env.SIGN_IN_SCREENSHOTS;
  });
  // Only what `before` got to: stopping what never started would leave a promise that never settles.
  after(async () => {
    await browser?.close();
    await signInStack?.stop();
    if (removeScreenshots) await rm(screenshots, { recursive: true, force: true });
  });

  const running = () => {
    assert.ok(stack && browser, 'the stack and the browser started');
    return { stack, browser };
  };

  /** A partner's Admin agent requests the relationship through the API; returns the link the invitation email carries. */
  async function invite(partnerTenantId: string, customerTenantId: string) {
    const { stack } = running();
    const partner = partnerNamed(partnerTenantId);
    const customer = customerNamed(customerTenantId);
    const created = await call(stack, 'POST', '/v1/relationship-requests', {
      key: partner.apiKey,
      body: { customerTenantId, customerEmail: customer.email, includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, `${partnerTenantId} invites ${customerTenantId}: ${created.text}`);
    const id = created.json.id as string;
    const email = await stack.collections.outbox.findOne({ _id: `invitation:${id}` });
    const link = /https?:\/\/\S+\/invitations\/[\w.-]+/.exec(email?.text ?? '')?.[0];
    assert.ok(link, `the invitation email of ${id} carries the link: ${email?.text ?? '(no email in the outbox)'}`);
    assert.ok(link.startsWith(`${base}/invitations/`), `the link ${link} points at this server (${base})`);
    return { id, link, partner, customer };
  }

  /** A browser profile of its own per test: no cookie of the API or of the provider carries over. */
  async function newCustomerPage(contexts: BrowserContext[]): Promise<Page> {
    const context = await running().browser.newContext({ locale: 'fr-FR', viewport: { width: 1000, height: 900 } });
    contexts.push(context);
    context.setDefaultTimeout(15_000);
    return context.newPage();
  }

  const textOf = async (page: Page, selector: string) => ((await page.locator(selector).allTextContents()).join(' ').replace(/\s+/g, ' ').trim());

  /** The page offers the sign-in button and no way to decide. */
  async function assertSignInOnly(page: Page, when: string) {
    const button = page.locator('a.button.primary', { hasText: 'Sign in with Microsoft' });
    assert.equal(await button.count(), 1, `${when}: one "Sign in with Microsoft" button (page: ${await textOf(page, 'main')})`);
    assert.match((await button.getAttribute('href')) ?? '', /^\/invitations\/[^/]+\/sign-in\?/, `${when}: the button starts the sign-in`);
    assert.equal(await page.locator('form').count(), 0, `${when}: no decision form before a Global administrator signs in`);
    assert.equal(await page.locator('#acceptAgreement, #phone, #reason').count(), 0, `${when}: no decision field`);
  }

  /**
   * Clicks a link that starts a sign-in and waits for the page the browser settles on (the redirects in between
   * commit no page): the provider's login page is expected, and anything else fails naming where the browser is.
   */
  async function clickToLoginPage(page: Page, link: ReturnType<Page['locator']>, what: string) {
    const committed = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
    await link.click();
    await committed;
    await page.waitForLoadState();
    const url = new URL(page.url());
    if (url.origin !== issuerOrigin) {
      const said = (await textOf(page, '[role="alert"], [role="status"]')) || (await textOf(page, 'body')).slice(0, 300);
      assert.fail(`${what}: expected the provider's login page at ${issuerOrigin}, but the browser is at ${url.href}, which says: ${said}`);
    }
    assert.match(url.pathname, /^\/interaction\//, `${what}: the provider's interaction page, not ${url.href}`);
    assert.equal(await textOf(page, 'h1'), 'Sign in', `${what}: the provider shows its login page (at ${url.href})`);
  }

  /** On the provider's login page: types the email and the demo password, submits, and waits to be back on this server. */
  async function signInAtProvider(page: Page, email: string) {
    await page.fill('#email', email);
    await page.fill('#password', settings.password);
    await page.click('button[type="submit"]');
    await page.waitForURL((url) => url.origin === base && url.pathname.startsWith('/invitations/')).catch(async () => {
      assert.fail(`after signing in as ${email}, expected the invitation page on ${base}, but the browser is at ${page.url()}: ${await textOf(page, 'body')}`);
    });
  }

  const signInButton = (page: Page) => page.locator('a.button.primary', { hasText: 'Sign in with Microsoft' });

  test('the Global administrator of the invited tenant signs in at the provider and accepts; the MCA record names that user', async () => {
    const contexts: BrowserContext[] = [];
    try {
      const { stack } = running();
      const { id, link, partner, customer } = await invite('rhein-it-de', 'lyon-vins-fr');
      const page = await newCustomerPage(contexts);

      const opened = await page.goto(link);
      assert.equal(opened?.status(), 200, `the invitation page opens (${link})`);
      assert.equal(await page.getAttribute('html', 'lang'), 'en', 'French is not offered: the page falls back to English');
      assert.match(await textOf(page, 'main .lead'), new RegExp(`${partner.name} asks ${customer.companyName} for a reseller relationship`), 'the request is shown');
      assert.match(await textOf(page, '.facts'), new RegExp(customer.tenantId), "the invited tenant's ID is shown");
      await assertSignInOnly(page, 'before signing in');

      await clickToLoginPage(page, signInButton(page), 'the sign-in button');
      await signInAtProvider(page, `admin@${customer.domain}`);
      const signedInAs = await textOf(page, '[role="status"]');
      assert.match(signedInAs, new RegExp(`Signed in as ${customer.companyName} Administrator \\(admin@${customer.domain.replaceAll('.', '\\.')}\\)\\.`), 'the page names the signed-in user');
      assert.match(signedInAs, /Sign in as someone else/);
      assert.equal(await page.locator('[role="alert"]').count(), 0, `no sign-in problem shown: ${await textOf(page, '[role="alert"]')}`);
      assert.equal(await page.locator('a.button', { hasText: 'Sign in with Microsoft' }).count(), 0, 'no sign-in button once signed in');
      assert.equal(await page.locator('#firstName, #lastName, #email').count(), 0, 'signed in, nobody types their name');
      assert.equal(await page.locator('#phone').count(), 1, 'the phone field');
      assert.equal(await page.locator('input[type="checkbox"]').count(), 1, 'one checkbox: the agreement');
      assert.equal(await page.locator('#reason').count(), 1, 'the decline form');
      assert.match(await textOf(page, 'label[for="acceptAgreement"]'), new RegExp(customer.companyName), 'the agreement names the customer');
      await page.screenshot({ path: join(screenshots, 'signed-in.png'), fullPage: true });

      await page.fill('#phone', '+33 4 72 00 00 00');
      await page.check('#acceptAgreement');
      await page.locator('form[action*="/accept"] button[type="submit"]').click();
      await page.waitForURL((url) => url.pathname.endsWith('/accept'));
      assert.match(
        await textOf(page, '[role="status"]'),
        new RegExp(`The relationship with ${partner.name} is in place`),
        `the page shows the acceptance (page: ${await textOf(page, 'main')})`,
      );
      assert.equal(await page.locator('form').count(), 0, 'no form once accepted');
      await page.screenshot({ path: join(screenshots, 'accepted.png'), fullPage: true });

      const mca = await stack.collections.agreementAcceptances.findOne({ requestId: id });
      assert.ok(mca, `an MCA acceptance is recorded for request ${id}`);
      assert.equal(mca.acceptedBy.verifiedBy, 'signIn', 'accepted by a signed-in user, not typed names');
      assert.deepEqual(
        mca.acceptedBy.verifiedBy === 'signIn' && { tenantId: mca.acceptedBy.tenantId, username: mca.acceptedBy.username },
        { tenantId: customer.tenantId, username: `admin@${customer.domain}` },
        'the MCA record names the signed-in Global administrator',
      );
      assert.equal(mca.agreementVersion, mcaVersion, "the agreement's version from the stack's configuration");
      assert.equal(mca.phone, '+33 4 72 00 00 00', 'the phone typed on the page');
      assert.match(mca.client?.userAgent ?? '', /Chrome/, 'the browser is recorded as the client');
      const request = await stack.collections.requests.findOne({ _id: id });
      assert.equal(request?.status, 'accepted', 'the request is accepted');
    } finally {
      await Promise.all(contexts.map((context) => context.close()));
    }
  });

  test('an ordinary user is refused and offered the sign-in again; a Global administrator then signs in and declines', async () => {
    const contexts: BrowserContext[] = [];
    try {
      const { stack } = running();
      const { id, link, customer } = await invite('liberty-gov-us', 'austin-county-us');

      // The ordinary user's browser.
      const page = await newCustomerPage(contexts);
      await page.goto(link);
      await assertSignInOnly(page, 'before signing in');
      await clickToLoginPage(page, signInButton(page), 'the sign-in button');
      await signInAtProvider(page, `user@${customer.domain}`);
      assert.match(
        await textOf(page, '[role="alert"]'),
        new RegExp(`You are signed in, but not as a Global administrator of ${customer.companyName}`),
        `the ordinary user is told why (page: ${await textOf(page, 'main')})`,
      );
      assert.doesNotMatch(await textOf(page, 'main'), /Signed in as/, 'the ordinary user is not shown as signed in');
      await assertSignInOnly(page, 'after an ordinary user signed in');
      await page.screenshot({ path: join(screenshots, 'not-global-administrator.png'), fullPage: true });
      assert.equal((await stack.collections.requests.findOne({ _id: id }))?.status, 'pending', 'nothing is decided');

      // The page's button now asks the provider for another account: the Global administrator signs in here.
      await clickToLoginPage(page, signInButton(page), 'the sign-in button after the refusal');
      await signInAtProvider(page, `admin@${customer.domain}`);
      const adminPage = page;
      const signedInAs = new RegExp(`Signed in as ${customer.companyName} Administrator \\(admin@${customer.domain.replaceAll('.', '\\.')}\\)\\.`);
      assert.match(await textOf(adminPage, '[role="status"]'), signedInAs, `the administrator is signed in (page: ${await textOf(adminPage, 'main')})`);
      // "Sign in as someone else" asks the provider for the login page again, despite its session.
      await clickToLoginPage(adminPage, adminPage.locator('a', { hasText: 'Sign in as someone else' }), '"Sign in as someone else"');
      await signInAtProvider(adminPage, `admin@${customer.domain}`);
      assert.match(await textOf(adminPage, '[role="status"]'), signedInAs, 'signed in again after "Sign in as someone else"');
      assert.equal(await adminPage.locator('[role="alert"]').count(), 0, `no sign-in problem shown: ${await textOf(adminPage, '[role="alert"]')}`);

      await adminPage.fill('#reason', 'We work with another partner.');
      await adminPage.locator('form[action*="/decline"] button[type="submit"]').click();
      await adminPage.waitForURL((url) => url.pathname.endsWith('/decline'));
      assert.match(await textOf(adminPage, '[role="status"]'), /You declined the request/, `the page shows the decline (page: ${await textOf(adminPage, 'main')})`);
      assert.equal(await adminPage.locator('form').count(), 0, 'no form once declined');

      const request = await stack.collections.requests.findOne({ _id: id });
      assert.equal(request?.status, 'declined', 'the request is declined');
      const actor = request?.events['declined']?.actor;
      assert.equal(actor?.kind, 'customer', `the declined event's actor is the customer: ${JSON.stringify(actor)}`);
      assert.deepEqual(
        actor?.kind === 'customer' && { tenantId: actor.tenantId, email: actor.email },
        { tenantId: customer.tenantId, email: `admin@${customer.domain}` },
        'the declined event names the Global administrator who signed in',
      );
      assert.equal(await stack.collections.agreementAcceptances.countDocuments({ requestId: id }), 0, 'no MCA acceptance');
    } finally {
      await Promise.all(contexts.map((context) => context.close()));
    }
  });
});
