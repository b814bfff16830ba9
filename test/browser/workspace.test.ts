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
  const run = async () => {
    // A click that posts a form returns before the next page has loaded: axe reads the page once it has.
    await page.waitForLoadState('load');
    // Evaluated through the browser's debugging protocol, which the pages' CSP (scripts of the site only) does not govern.
    await page.evaluate(axeSource);
    return page.evaluate(async (tags) => {
      const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
      return axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: tags } });
    }, wcag21);
  };
  // A page still being replaced (its document not there yet) is read again once the new one has loaded.
  const result = await run().catch(async (error: unknown) => {
    if (!/documentElement|Execution context was destroyed|navigat/i.test(String(error))) throw error;
    await page.waitForTimeout(200);
    return run();
  });
  return result.violations.map((violation) => `${violation.id} (${violation.help}): ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

/** What the page's clipboard holds. */
const clipboardText = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());

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
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
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

        // Add a new customer: the form, and the form sent empty with each field's error.
        await page.getByRole('link', { name: locale === 'tr' ? 'Yeni müşteri ekle' : 'Add a new customer' }).first().click();
        assert.deepEqual(await accessibilityViolations(page), [], 'the new customer form');
        await page.getByRole('button', { name: locale === 'tr' ? 'Müşteriyi ekle' : 'Add the customer' }).click();
        assert.equal(await page.locator('#companyName').getAttribute('aria-invalid'), 'true');
        await page.screenshot({ path: join(screenshots, `new-customer.${locale}.png`), fullPage: true });
        assert.deepEqual(await accessibilityViolations(page), [], 'the new customer form with its errors');
        await page.goto(`${base}/workspace/customers`);

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
        // The page's script shows the copy button; it puts the link on the clipboard and says so.
        const copy = page.getByRole('button', { name: locale === 'tr' ? 'Bağlantıyı kopyala' : 'Copy link' });
        await copy.click();
        assert.equal(await clipboardText(page), link, 'the link is on the clipboard');
        await page.locator('button.copy', { hasText: locale === 'tr' ? 'Kopyalandı' : 'Copied' }).waitFor();
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
  /** A new browser in the language, signed in to the workspace as `email` through the provider's login page. */
  async function signedIn(locale: 'en' | 'tr', email: string) {
    assert.ok(running && browser);
    const base = running.base;
    const context = await browser.newContext({ locale: locale === 'tr' ? 'tr-TR' : 'en-GB', viewport: { width: 1200, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${base}/workspace/sign-in`);
    await page.locator('a.button.primary').click();
    await page.waitForURL((url) => url.origin === new URL(settings.issuer).origin);
    await page.fill('#email', email);
    await page.fill('#password', settings.password);
    await page.click('button[type="submit"]');
    await page.waitForURL((url) => url.origin === base && url.pathname === '/workspace/customers');
    return { context, page, base };
  }

  const batchTexts = {
    en: { nav: 'Bulk invitations', send: 'Check and send the invitations', refused: /Nothing was sent: 3 problems in the file/, email: 'Not an email address.', completed: 'Completed', done: (n: number) => `${n} of ${n} done` },
    tr: { nav: 'Toplu davetler', send: 'Denetle ve davetleri gönder', refused: /Hiçbir şey gönderilmedi: dosyada 3 sorun var/, email: 'Bir e-posta adresi değil.', completed: 'Tamamlandı', done: (n: number) => `${n} müşteriden ${n} tamamlandı` },
  };
  for (const locale of ['en', 'tr'] as const) {
    test(`${locale}: bulk invitations: a CSV with bad lines is explained, a good one shows its progress to the end`, async () => {
      assert.ok(running);
      // Customers of this run only: their requests' workflow IDs are no other test's.
      const customers = Array.from({ length: 24 }, (_, i) => ({
        tenantId: `bulk-${locale}-${tag}-${i}`,
        domain: `bulk${locale}${tag}${i}.example`,
        companyName: `Toplu ${tag} ${i}`,
        country: 'TR',
        cloud: 'public' as const,
        email: `it@bulk${locale}${tag}${i}.example`,
      }));
      await running.stack.seed({ partners: [], customers });
      const header = 'customerTenantId,customerDomain,customerEmail,includeDelegatedAdminPrivileges';
      const lines = customers.map((customer, i) => (i % 2 === 0 ? `${customer.tenantId},,${customer.email},true` : `,${customer.domain},${customer.email},false`));
      const { context, page } = await signedIn(locale, 'mehmet.sales@anatolia.example');
      const m = batchTexts[locale];
      try {
        await page.getByRole('link', { name: m.nav, exact: true }).click();
        assert.deepEqual(await accessibilityViolations(page), [], 'the bulk invitations page');
        const upload = async (text: string) => {
          await page.setInputFiles('#file', { name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
          await Promise.all([page.waitForNavigation({ timeout: 60_000 }), page.getByRole('button', { name: m.send }).click({ noWaitAfter: true })]);
        };
        await upload([header, lines[0], `${customers[1]!.tenantId},,not-an-email,true`, 'only,two', lines[0]].join('\n'));
        assert.match((await page.locator('.refused').textContent()) ?? '', m.refused);
        assert.equal(await page.getByRole('row', { name: new RegExp(`^3 customerEmail ${m.email.replace('.', '\\.')}$`) }).count(), 1, 'line 3 is explained');
        await page.screenshot({ path: join(screenshots, `batch-refused.${locale}.png`), fullPage: true });
        assert.deepEqual(await accessibilityViolations(page), [], 'the refused file');

        await upload([header, ...lines].join('\n'));
        assert.match(new URL(page.url()).pathname, /^\/workspace\/batches\/[\w-]+$/);
        const polled = (await page.locator('[data-batch-progress]').count()) === 1;
        // While it runs, the page's script follows the batch (and reloads the page once it ends): no reload by the test.
        await page.getByText(m.done(customers.length)).first().waitFor({ timeout: 90_000 });
        await page.locator('[data-batch-status]', { hasText: m.completed }).waitFor({ timeout: 30_000 });
        assert.equal(await page.locator('progress').getAttribute('value'), String(customers.length));
        assert.equal(await page.locator('[data-batch-count="invited"]').textContent(), String(customers.length), `every customer invited (polled: ${polled})`);
        await page.screenshot({ path: join(screenshots, `batch.${locale}.png`), fullPage: true });
        assert.deepEqual(await accessibilityViolations(page), [], 'the batch');
        await page.getByRole('link', { name: m.nav, exact: true }).click();
        await page.screenshot({ path: join(screenshots, `batches.${locale}.png`), fullPage: true });
      } finally {
        await context.close();
      }
    });

    test(`${locale}: webhooks: an Admin agent adds an endpoint, copies its secret once, then deletes it`, async () => {
      const { context, page } = await signedIn(locale, 'ayse.admin@anatolia.example');
      try {
        await page.getByRole('link', { name: locale === 'tr' ? 'Web kancaları' : 'Webhooks' }).click();
        assert.deepEqual(await accessibilityViolations(page), [], 'the webhooks page');
        await page.locator('#url').fill('ftp://crm.example.com');
        await page.getByRole('button', { name: locale === 'tr' ? 'Uç noktayı ekle' : 'Add the endpoint' }).click();
        assert.equal(await page.locator('#url').getAttribute('aria-invalid'), 'true');
        await page.screenshot({ path: join(screenshots, `webhooks.${locale}.png`), fullPage: true });
        assert.deepEqual(await accessibilityViolations(page), [], 'the webhooks page with its error');
        await page.locator('#url').fill(`http://127.0.0.1:9/hooks/${locale}-${tag}`);
        await page.getByRole('button', { name: locale === 'tr' ? 'Uç noktayı ekle' : 'Add the endpoint' }).click();
        const secret = await page.locator('#secret').inputValue();
        assert.match(secret, /^whsec_/);
        await page.getByRole('button', { name: locale === 'tr' ? 'Kopyala' : 'Copy' }).click();
        assert.equal(await clipboardText(page), secret, 'the secret is on the clipboard');
        await page.screenshot({ path: join(screenshots, `webhook-secret.${locale}.png`), fullPage: true });
        assert.deepEqual(await accessibilityViolations(page), [], 'the secret page');
        await page.getByRole('link', { name: locale === 'tr' ? 'Uç noktaya git' : 'Go to the endpoint' }).click();
        assert.equal(await page.getByText(secret).count(), 0, 'the secret is not shown again');
        await page.screenshot({ path: join(screenshots, `webhook.${locale}.png`), fullPage: true });
        assert.deepEqual(await accessibilityViolations(page), [], 'the endpoint page');
        await page.getByRole('link', { name: locale === 'tr' ? 'Uç noktayı sil' : 'Delete the endpoint' }).click();
        assert.deepEqual(await accessibilityViolations(page), [], 'the delete confirmation');
        await page.getByRole('button', { name: locale === 'tr' ? 'Sil' : 'Delete' }).click();
        assert.match((await page.getByRole('status').textContent()) ?? '', locale === 'tr' ? /Uç nokta silindi/ : /The endpoint is deleted/);
      } finally {
        await context.close();
      }
    });
  }
  for (const locale of ['en', 'tr'] as const) {
    test(`${locale}: a read-only user sees the lists without actions, a forged post is 403; another partner sees none of it`, async () => {
      assert.ok(running);
      // The customer the suite's partner added before it began, whose relationship no test ends.
      const anatoliaCustomer = (await running.stack.collections.customers.findOne({ companyName }))!._id;
      const reader = await signedIn(locale, 'zeynep.billing@anatolia.example');
      try {
        const { page, base } = reader;
        assert.ok((await page.getByRole('row').count()) > 1, 'the customer list');
        assert.equal(await page.getByRole('link', { name: locale === 'tr' ? 'Yeni ilişki' : 'New relationship' }).count(), 0, 'no New relationship');
        await page.goto(`${base}/workspace/customers/${anatoliaCustomer}`);
        assert.equal(await page.getByRole('link', { name: locale === 'tr' ? 'İlişkiyi sonlandır' : 'End relationship' }).count(), 0, 'no End relationship');
        await page.getByRole('link', { name: locale === 'tr' ? 'Toplu davetler' : 'Bulk invitations', exact: true }).click();
        assert.equal(await page.locator('input[type="file"]').count(), 0, 'no upload form');
        assert.equal(await page.getByRole('link', { name: locale === 'tr' ? 'Web kancaları' : 'Webhooks' }).count(), 0, 'no webhooks');
        assert.deepEqual(await accessibilityViolations(page), [], 'bulk invitations, read-only');
        // A post the page does not offer, made in the page as a forger would (its session's cookie, no token).
        await Promise.all([
          page.waitForNavigation(),
          page.evaluate((action) => {
            const doc = (globalThis as unknown as { document: any }).document;
            const form = doc.createElement('form');
            form.method = 'post';
            form.action = action;
            const reason = doc.createElement('input');
            reason.name = 'reason';
            reason.value = 'forged';
            form.append(reason);
            doc.body.append(form);
            form.submit();
          }, `/workspace/customers/${anatoliaCustomer}/end`),
        ]);
        assert.equal(await page.locator('h1').textContent(), locale === 'tr' ? 'İzin verilmedi' : 'Not allowed');
        assert.deepEqual(await accessibilityViolations(page), [], 'the refusal');
        assert.equal(await running.stack.collections.endedRelationships.countDocuments({ customerTenantId: anatoliaCustomer, partnerTenantId: 'anatolia-cloud-tr' }), 0, 'nothing ended');
      } finally {
        await reader.context.close();
      }

      const other = await signedIn(locale, 'anna.admin@rhein-it.example');
      try {
        const { page, base } = other;
        const anatoliaName = (await running.stack.collections.customers.findOne({ _id: anatoliaCustomer }))!.companyName;
        assert.equal(await page.getByRole('row', { name: new RegExp(anatoliaName) }).count(), 0, "not in another partner's list");
        const response = await page.goto(`${base}/workspace/customers/${anatoliaCustomer}`);
        assert.equal(response?.status(), 404, "another partner's customer page is not found");
        assert.doesNotMatch((await page.locator('main').textContent()) ?? '', new RegExp(anatoliaName));
      } finally {
        await other.context.close();
      }
    });
  }
  for (const locale of ['en', 'tr'] as const) {
    test(`${locale}: an admin relationship: requested from a task's roles, approved by the customer's Global administrator, assigned, ended`, async () => {
      assert.ok(running && browser);
      const t = locale === 'tr'
        ? { nav: 'Yönetici ilişkileri', template: 'Kullanıcı ve grup oluşturma', send: 'Oluştur ve onay iste', active: 'Etkin', assign: 'Ata', end: 'Bu yönetici ilişkisini sonlandır', ended: 'Sonlandırıldı' }
        : { nav: 'Admin relationships', template: 'Create, update and delete users', send: 'Create and ask for approval', active: 'Active', assign: 'Assign', end: 'End this admin relationship', ended: 'Ended' };
      const { context, page, base } = await signedIn(locale, 'ayse.admin@anatolia.example');
      try {
        await page.getByRole('link', { name: t.nav, exact: true }).click();
        assert.deepEqual(await accessibilityViolations(page), [], 'the admin relationships');
        await page.getByRole('link', { name: locale === 'tr' ? 'Yeni yönetici ilişkisi' : 'New admin relationship' }).click();
        await page.getByRole('link', { name: new RegExp(t.template, 'i') }).click();
        assert.deepEqual(await accessibilityViolations(page), [], 'the request form');
        await page.screenshot({ path: join(screenshots, `admin-relationship-new.${locale}.png`), fullPage: true });
        await page.locator('#name').fill(`Helpdesk ${tag} ${locale}`);
        await page.locator('#customer').fill('kyivbakery.example');
        await page.locator('#duration').fill('90');
        await Promise.all([page.waitForNavigation({ timeout: 60_000 }), page.getByRole('button', { name: t.send }).click({ noWaitAfter: true })]);
        const approvalLink = await page.locator('#approval-link').inputValue();
        assert.match(approvalLink, new RegExp(`^${base}/partner-relationships/admin-relationships/[\\w-]+/approval$`));
        await page.getByRole('button', { name: locale === 'tr' ? 'Bağlantıyı kopyala' : 'Copy link' }).click();
        assert.equal(await clipboardText(page), approvalLink);
        assert.match((await page.locator('.email').textContent()) ?? '', /User Administrator|Kullanıcı Yöneticisi/, 'the email names the roles');
        await page.screenshot({ path: join(screenshots, `admin-relationship.${locale}.png`), fullPage: true });
        assert.deepEqual(await accessibilityViolations(page), [], 'the relationship waiting for approval');

        // The customer's Global administrator opens the link, signs in, and approves on the tenant's page.
        const customerContext = await browser.newContext({ locale: locale === 'tr' ? 'tr-TR' : 'en-GB' });
        customerContext.setDefaultTimeout(15_000);
        try {
          const customerPage = await customerContext.newPage();
          await customerPage.goto(approvalLink);
          await customerPage.locator('a.button.primary').click();
          await customerPage.waitForURL((url) => url.origin === new URL(settings.issuer).origin);
          await customerPage.fill('#email', 'admin@kyivbakery.example');
          await customerPage.fill('#password', settings.password);
          await customerPage.click('button[type="submit"]');
          await customerPage.waitForURL((url) => url.origin === base && url.pathname === '/partner-relationships');
          const section = customerPage.getByRole('region', { name: new RegExp(`Helpdesk ${tag} ${locale}`) });
          assert.match((await section.textContent()) ?? '', /User Administrator|Kullanıcı Yöneticisi/, 'each role in plain words');
          await customerPage.screenshot({ path: join(screenshots, `admin-relationship-approval.${locale}.png`), fullPage: true });
          assert.deepEqual(await accessibilityViolations(customerPage), [], 'the approval on the tenant page');
          // The tenant's page speaks the customer's language (its setting), whatever the partner's.
          await section.getByRole('button', { name: /^(Approve|Onayla)$/ }).click();
          assert.equal(await customerPage.getByRole('status').filter({ hasText: /Approved|Onaylandı/ }).count(), 1);
        } finally {
          await customerContext.close();
        }

        await page.reload();
        assert.match((await page.locator('.facts').textContent()) ?? '', new RegExp(t.active));
        await page.locator('#group').fill('4b3f1c2e-8a61-4f0e-9d7a-2c5b8e9f1a30');
        await page.locator('#assign-0').check();
        await page.getByRole('button', { name: t.assign, exact: true }).click();
        assert.equal(await page.getByRole('row', { name: /4b3f1c2e/ }).count(), 1, 'the assignment is listed');
        assert.deepEqual(await accessibilityViolations(page), [], 'the active relationship');
        await page.getByRole('button', { name: t.end }).click();
        assert.match((await page.locator('.facts').textContent()) ?? '', new RegExp(t.ended));
      } finally {
        await context.close();
      }
    });
  }
});
