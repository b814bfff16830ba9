import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { freePort } from '../../scripts/services/processes.js';
import { demoWorld } from '../support/fixtures.js';
import { launchChromium } from '../support/chromium.js';
import { call } from '../support/http.js';
import { startStack, type Stack } from '../support/stack.js';

const artifacts = new URL('../../test-results/', import.meta.url);

/** Playwright's first line, and what the browser itself said on stderr (its full command line is left out). */
describe('a customer accepts in a real browser', () => {
  let stack: Stack;
  let server: ServerType;
  let browser: Browser;
  const world = demoWorld();

  before(async () => {
    const port = await freePort();
    stack = await startStack({ publicBaseUrl: `http://127.0.0.1:${port}` });
    await stack.seed(world.seed);
    server = serve({ fetch: stack.app.fetch, hostname: '127.0.0.1', port });
    await new Promise((resolve) => server.once('listening', resolve));
    assert.equal((server.address() as AddressInfo).port, port);
    browser = await launchChromium();
    await mkdir(artifacts, { recursive: true });
  });
  // Whatever `before` got to: a promise that can never settle (closing a server never started) would end the
  // run with "Promise resolution is still pending" instead of the reason.
  after(async () => {
    await browser?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    await stack?.stop();
  });

  test('from the emailed link, in Turkish then English, to the customer list', async () => {
    const created = await call(stack, 'POST', '/v1/relationship-requests', {
      key: world.keys.trAdmin,
      body: { customerTenantId: world.tenants.trCustomer, customerEmail: 'bt@izmir.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, created.text);
    const email = await stack.collections.outbox.findOne({ _id: `invitation:${created.json.id}` });
    const link = /https?:\/\/\S+\/invitations\/[\w.-]+/.exec(email?.text ?? '')?.[0];
    assert.ok(link, 'the email carries the link');

    const page = await browser.newPage();
    await page.goto(link);
    assert.equal(await page.getAttribute('html', 'lang'), 'tr');
    assert.match(await page.textContent('h1') ?? '', /Kurumsal bayi ilişkisi talebi/);
    await page.screenshot({ path: new URL('invitation-tr.png', artifacts).pathname, fullPage: true });

    await page.click('a[hreflang="en"]');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.textContent('main') ?? '', /Anatolia Cloud asks İzmir Tekstil for a reseller relationship/);
    await page.screenshot({ path: new URL('invitation-en.png', artifacts).pathname, fullPage: true });

    // Submitting without the checkbox shows the errors on the page.
    await page.fill('#firstName', 'Ayşe');
    await page.fill('#lastName', 'Demir');
    await page.fill('#email', 'ayse@izmir.example');
    await page.click('button.primary');
    assert.match(await page.textContent('[role="alert"]') ?? '', /Microsoft Customer Agreement/);
    assert.equal(await page.inputValue('#firstName'), 'Ayşe');

    await page.check('#acceptAgreement');
    await page.click('button.primary');
    assert.match(await page.textContent('[role="status"]') ?? '', /relationship with Anatolia Cloud is in place/);
    await page.screenshot({ path: new URL('invitation-accepted.png', artifacts).pathname, fullPage: true });

    const customers = await call(stack, 'GET', '/v1/customers', { key: world.keys.trReader });
    const listed = customers.json.items.filter((item: { customerTenantId: string }) => item.customerTenantId === world.tenants.trCustomer);
    assert.equal(listed.length, 1);
  });
});
