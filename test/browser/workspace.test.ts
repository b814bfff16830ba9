import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SeedFile } from '../../domain/tenants.js';
import { launchChromium } from '../support/chromium.js';
import { identityProviderSettings } from '../support/identityProvider.js';
import { startSignInStack, type SignInStack } from '../support/signInStack.js';
import { workspaceBrowserCustomers } from '../support/workspaceCustomers.js';

/**
 * A Sales agent signs in to the partner workspace in headless Chromium, through the provider's real login page, and
 * finds a customer in the list, in English and in Turkish; every page passes axe-core's WCAG 2.1 A and AA rules.
 * Screenshots go to a temporary folder removed afterwards; set WORKSPACE_SCREENSHOTS=/some/dir to keep them.
 */

const demoSeed = SeedFile.parse(JSON.parse(readFileSync(new URL('../../seed/demo.json', import.meta.url), 'utf8')));
const demo: SeedFile = { ...demoSeed, customers: [...demoSeed.customers, ...workspaceBrowserCustomers] };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const wcag21 = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const tag = randomBytes(3).toString('hex');

/** axe-core's WCAG 2.1 A and AA violations on the page as it stands, each with the elements it names. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the browser's debugging protocol, which the pages' CSP (no script at all) does not govern.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: tags } });
  }, wcag21);
  return result.violations.map((violation) => `${violation.id} (${violation.help}): ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

describe('the partner workspace in a real browser', () => {
  const settings = identityProviderSettings();
  let running: SignInStack | undefined;
  let browser: Browser | undefined;
  let screenshots: string;
  let removeScreenshots = false;
  const companyName = `Ankara Yazılım ${tag}`;

  const addCustomer = async (prefix: string, name: string) => {
    assert.ok(running);
    const added = await fetch(`${running.base}/v1/customers`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-tr-admin-agent-key-0001', 'content-type': 'application/json' },
      body: JSON.stringify({
        domainPrefix: prefix,
        companyName: name,
        country: 'TR',
        email: `it@${prefix}.example`,
        includeDelegatedAdminPrivileges: true,
        agreement: { firstName: 'Deniz', lastName: 'Kaya', email: `deniz@${prefix}.example`, acceptAgreement: true },
      }),
    });
    const text = await added.text();
    assert.equal(added.status, 201, text);
  };

  before(async () => {
    running = await startSignInStack({ seed: demo, mcaVersion: 'MCA-browser-2026' });
    browser = await launchChromium();
    screenshots = process.env.WORKSPACE_SCREENSHOTS || (await mkdtemp(join(tmpdir(), 'workspace-screens-')));
    removeScreenshots = !process.env.WORKSPACE_SCREENSHOTS;
    await mkdir(screenshots, { recursive: true });
    await addCustomer(`ankara${tag}`, companyName);
  });
  after(async () => {
    await browser?.close();
    await running?.stop();
    if (removeScreenshots) await rm(screenshots, { recursive: true, force: true });
  });

  /** The customer each language's run invites: a pair of this test's own, as workflow IDs name the pair. */
  const invited = { en: 'odesa-port-ua', tr: 'bursa-ipek-tr' } as const;
  const texts = {
    en: { heading: 'Sign in to the partner workspace', signInButton: 'Sign in', customersHeading: 'Customers', end: 'End relationship', reason: 'Reason', ended: 'The reseller relationship has ended' },
    tr: { heading: 'İş ortağı çalışma alanında oturum açın', signInButton: 'Oturum aç', customersHeading: 'Müşteriler', end: 'İlişkiyi sonlandır', reason: 'Neden', ended: 'Bayi ilişkisi sona erdi' },
  };
  for (const locale of ['en', 'tr'] as const) {
    const { heading, signInButton, customersHeading } = texts[locale];
    test(`${locale}: a Sales agent signs in and finds the customer in the list; every page passes WCAG 2.1 AA`, async () => {
      assert.ok(running && browser);
      const base = running.base;
      const context = await browser.newContext({ locale: locale === 'tr' ? 'tr-TR' : 'en-GB', viewport: { width: 1200, height: 900 } });
      context.setDefaultTimeout(15_000);
      try {
        const page = await context.newPage();
        await page.goto(`${base}/workspace/customers`);
        assert.equal(new URL(page.url()).pathname, '/workspace/sign-in');
        assert.equal(await page.locator('h1').textContent(), heading);
        assert.equal(await page.getAttribute('html', 'lang'), locale, 'the browser language picks the page language');
        await page.screenshot({ path: join(screenshots, `sign-in.${locale}.png`), fullPage: true });
        assert.deepEqual(await accessibilityViolations(page), [], 'the sign-in page');

        await page.getByRole('link', { name: signInButton }).click();
        await page.waitForURL((url) => url.origin === new URL(settings.issuer).origin);
        await page.fill('#email', 'mehmet.sales@anatolia.example');
        await page.fill('#password', settings.password);
        await page.click('button[type="submit"]');
        await page.waitForURL((url) => url.origin === base && url.pathname === '/workspace/customers');

        assert.equal(await page.locator('h1').textContent(), customersHeading);
        assert.equal(await page.getByRole('row', { name: new RegExp(companyName) }).count(), 1, 'the customer is in the list');
        assert.match((await page.locator('.user').textContent()) ?? '', /Mehmet Sales/);
        await page.screenshot({ path: join(screenshots, `customers.${locale}.png`), fullPage: true });
        assert.deepEqual(await accessibilityViolations(page), [], 'the customer list');

        // New relationship: the form, the email with its link; the customer's Global administrator accepts through it.
        const customer = demo.customers.find((candidate) => candidate.tenantId === invited[locale])!;
        await page.getByRole('link', { name: locale === 'tr' ? 'Yeni ilişki' : 'New relationship' }).click();
        assert.deepEqual(await accessibilityViolations(page), [], 'the New relationship form');
        await page.screenshot({ path: join(screenshots, `new-relationship.${locale}.png`), fullPage: true });
        await page.locator('#customer').fill(customer.domain);
        await page.locator('#email').fill(customer.email);
        // Opening a request waits for its workflow's first step (the checks, the record, the email): slower on a busy machine.
        await Promise.all([
          page.waitForNavigation({ timeout: 60_000 }),
          page.locator('form[action="/workspace/relationships/new"] button[type="submit"]').click({ noWaitAfter: true }),
        ]);
        const link = await page.locator('#invitation-link').inputValue();
        assert.match(link, new RegExp(`^${base}/invitations/`), `the link is shown: ${await page.locator('main').textContent()}`);
        await page.screenshot({ path: join(screenshots, `invitation-sent.${locale}.png`), fullPage: true });
        assert.deepEqual(await accessibilityViolations(page), [], 'the invitation sent page');

        const customerContext = await browser.newContext({ locale: locale === 'tr' ? 'tr-TR' : 'en-GB' });
        customerContext.setDefaultTimeout(15_000);
        try {
          const customerPage = await customerContext.newPage();
          await customerPage.goto(link);
          await customerPage.locator('a.button.primary[href*="/sign-in"]').click();
          await customerPage.waitForURL((url) => url.origin === new URL(settings.issuer).origin);
          await customerPage.fill('#email', `admin@${customer.domain}`);
          await customerPage.fill('#password', settings.password);
          await customerPage.click('button[type="submit"]');
          await customerPage.waitForURL((url) => url.origin === base && url.pathname.startsWith('/invitations/'));
          await customerPage.check('#acceptAgreement');
          await customerPage.locator('form[action*="/accept"] button[type="submit"]').click();
          await customerPage.waitForURL((url) => url.pathname.endsWith('/accept'));
        } finally {
          await customerContext.close();
        }
        await page.goto(`${base}/workspace/customers`);
        assert.equal(await page.getByRole('row', { name: new RegExp(customer.companyName) }).count(), 1, 'the customer who accepted is in the list');
        // Requests: the accepted request, and its timeline.
        await page.getByRole('link', { name: locale === 'tr' ? 'İstekler' : 'Requests' }).click();
        assert.deepEqual(await accessibilityViolations(page), [], 'the requests');
        await page.screenshot({ path: join(screenshots, `requests.${locale}.png`), fullPage: true });
        await page.getByRole('link', { name: customer.companyName }).first().click();
        assert.match((await page.locator('.timeline').textContent()) ?? '', locale === 'tr' ? /Müşteri kabul etti/ : /Accepted by the customer/);
        assert.deepEqual(await accessibilityViolations(page), [], 'a request');
        await page.screenshot({ path: join(screenshots, `request.${locale}.png`), fullPage: true });

        // The Sales agent ends another customer's relationship: its page, the confirmation (first without a reason).
        const toEnd = `Bursa Tekstil ${tag} ${locale}`;
        await addCustomer(`bursa${tag}${locale}`, toEnd);
        await page.goto(`${base}/workspace/customers?q=${encodeURIComponent(toEnd)}`);
        await page.getByRole('link', { name: toEnd }).click();
        assert.equal(await page.locator('h1').textContent(), toEnd);
        await page.screenshot({ path: join(screenshots, `customer.${locale}.png`), fullPage: true });
        assert.deepEqual(await accessibilityViolations(page), [], "the customer's page");
        await page.getByRole('link', { name: texts[locale].end }).click();
        await page.getByRole('button', { name: texts[locale].end }).click();
        assert.equal(await page.getByRole('alert').count(), 1, 'the missing reason is said');
        assert.equal(await page.getByLabel(texts[locale].reason).getAttribute('aria-invalid'), 'true');
        await page.screenshot({ path: join(screenshots, `end-relationship.${locale}.png`), fullPage: true });
        assert.deepEqual(await accessibilityViolations(page), [], 'the confirmation with its error');
        await page.getByLabel(texts[locale].reason).fill('The customer moved to another partner');
        await page.getByRole('button', { name: texts[locale].end }).click();
        assert.match((await page.getByRole('status').textContent()) ?? '', new RegExp(texts[locale].ended));
        await page.goto(`${base}/workspace/customers`);

        // A phone's width: the same page, still without violations.
        await page.setViewportSize({ width: 390, height: 844 });
        await page.screenshot({ path: join(screenshots, `customers.${locale}.phone.png`), fullPage: true });
        assert.deepEqual(await accessibilityViolations(page), [], 'the customer list on a phone');

        await page.getByRole('button', { name: locale === 'tr' ? 'Oturumu kapat' : 'Sign out' }).click();
        await page.waitForURL((url) => url.pathname === '/workspace/sign-in');
        assert.equal(await page.getByRole('status').count(), 1, 'the page says the user is signed out');
      } finally {
        await context.close();
      }
    });
  }
});
