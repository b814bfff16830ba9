import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { SeedFile } from '../../domain/tenants.js';
import { createBrowserlessSession, formsOf, type BrowserlessSession, type Landing, type Page } from '../../scripts/identityProvider/browserlessSession.js';
import { signInOnLoginPage } from '../../scripts/identityProvider/passwordSignIn.js';
import { eventually } from '../support/http.js';
import { startSignInStack, type SignInStack } from '../support/signInStack.js';

const demo = SeedFile.parse(JSON.parse(readFileSync(new URL('../../seed/demo.json', import.meta.url), 'utf8')));
const users = {
  trSales: 'mehmet.sales@anatolia.example',
  trBilling: 'zeynep.billing@anatolia.example',
  deAdmin: 'anna.admin@rhein-it.example',
  customerAdmin: 'admin@kyivbakery.example',
};
const keys = { trAdmin: 'demo-tr-admin-agent-key-0001', deAdmin: 'demo-de-admin-agent-key-0001' };
const tag = randomBytes(3).toString('hex');

const pageOf = (landing: Landing): Page => {
  assert.equal(landing.kind, 'page', `expected a page, was sent on to ${landing.kind === 'stopped' ? landing.url.href : ''}`);
  return (landing as { page: Page }).page;
};
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

describe('the partner workspace: partner users sign in and see their customer list', () => {
  let running: SignInStack;
  let base: string;

  /** Signs a user in through the workspace's own sign-in, in a browser of their own; where it ends. */
  async function signIn(email: string, session: BrowserlessSession = createBrowserlessSession()) {
    const signInPage = pageOf(await session.open(`${base}/workspace/customers`));
    assert.equal(signInPage.url.pathname, '/workspace/sign-in', 'a visitor is sent to the sign-in page');
    const start = /href="(\/workspace\/sign-in\/start)"/.exec(signInPage.html)?.[1];
    assert.ok(start, 'the sign-in page has its button');
    const landed = pageOf(await signInOnLoginPage(session, await session.open(new URL(start, base)), { email, password: running.settings.password }));
    return { session, landed };
  }

  const addCustomer = async (key: string, prefix: string, companyName: string, country: string) => {
    const response = await fetch(`${base}/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        domainPrefix: prefix,
        companyName,
        country,
        email: `it@${prefix}.example`,
        includeDelegatedAdminPrivileges: true,
        agreement: { firstName: 'Deniz', lastName: 'Kaya', email: `deniz@${prefix}.example`, acceptAgreement: true },
      }),
    });
    const text = await response.text();
    assert.equal(response.status, 201, text);
    return (JSON.parse(text) as { customerTenantId: string }).customerTenantId;
  };

  let ended: string;
  before(async () => {
    running = await startSignInStack({ seed: demo, mcaVersion: 'MCA-test' });
    base = running.base;
    // 26 customers of the Turkish partner (one more than a page), one ended; one of the German partner.
    for (let i = 0; i < 26; i += 1) await addCustomer(keys.trAdmin, `trcust${tag}${i}`, `Ankara Yazılım ${tag} ${String(i).padStart(2, '0')}`, 'TR');
    ended = await addCustomer(keys.trAdmin, `trended${tag}`, `Bursa Tekstil ${tag}`, 'TR');
    const end = await fetch(`${base}/v1/customers/${ended}/relationship/end`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.trAdmin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'The customer moved to another partner' }),
    });
    assert.equal(end.status, 200, await end.text());
    await addCustomer(keys.deAdmin, `decust${tag}`, `Köln Maschinen ${tag}`, 'DE');
  });
  after(() => running?.stop());

  test('a Sales agent signs in and lands on the customer list: their name, partner and role, a page of 25 and the next', async () => {
    const { session, landed } = await signIn(users.trSales);
    assert.equal(landed.url.pathname, '/workspace/customers');
    const text = textOf(landed.html);
    assert.match(text, /Signed in as Mehmet Sales , Anatolia Cloud Bilişim A\.Ş\./);
    assert.match(text, /Roles: SalesAgent/);
    const names = (page: Page) => [...page.html.matchAll(new RegExp(`Ankara Yazılım ${tag} (\\d\\d)`, 'g'))].map((match) => match[1]!);
    const first = names(landed);
    assert.equal(first.length, 25, 'a page of 25');
    const next = /href="([^"]*cursor=[^"]+)" rel="next"/.exec(landed.html)?.[1];
    assert.ok(next, 'a link to the next page');
    const second = pageOf(await session.open(new URL(next.replaceAll('&amp;', '&'), base)));
    assert.equal(names(second).length, 1, 'the 26th on the next page');
    assert.deepEqual(new Set([...first, ...names(second)]).size, 26, 'each customer once');
    assert.doesNotMatch(second.html, /rel="next"/);
    assert.match(second.html, /First page/);
  });

  test('ended relationships show when, by whom and why; the active list leaves them out', async () => {
    const { session, landed } = await signIn(users.trSales);
    assert.doesNotMatch(textOf(landed.html), new RegExp(`Bursa Tekstil ${tag}`));
    const endedPage = pageOf(await session.open(`${base}/workspace/customers?status=ended`));
    const text = textOf(endedPage.html);
    assert.match(text, new RegExp(`Bursa Tekstil ${tag}`));
    assert.match(text, /Ended .* by ayse\.admin@anatolia\.example/);
    assert.match(text, /Reason: The customer moved to another partner/);
  });

  test('a search finds customers by a part of their name, domain or tenant ID, in any case, and pages within them', async () => {
    const { session } = await signIn(users.trSales);
    const search = async (text: string, status = 'active') =>
      textOf(pageOf(await session.open(`${base}/workspace/customers?status=${status}&q=${encodeURIComponent(text)}`)).html);
    const byName = await search(`yazılım ${tag} 07`);
    assert.match(byName, new RegExp(`Ankara Yazılım ${tag} 07`));
    assert.equal((byName.match(new RegExp(`Ankara Yazılım ${tag}`, 'g')) ?? []).length, 1, 'that customer only');
    const byDomain = await search(`TRCUST${tag.toUpperCase()}12.onmicrosoft`);
    assert.match(byDomain, new RegExp(`Ankara Yazılım ${tag} 12`));
    assert.match(await search(`Bursa Tekstil ${tag}`), /No customer matches/, 'an ended relationship is not in the active list');
    assert.match(await search(`bursa tekstil ${tag}`, 'ended'), new RegExp(`Bursa Tekstil ${tag}`));
    // Another partner's customer is never found, nor is a pattern taken as one.
    assert.match(await search(`Köln Maschinen ${tag}`), /No customer matches/);
    assert.match(await search('.*'), /No customer matches “\.\*”/);
    const many = pageOf(await session.open(`${base}/workspace/customers?q=${encodeURIComponent(`ankara yazılım ${tag}`)}`));
    assert.match(many.html, /rel="next"/, 'all 26 match: a next page');
    assert.match(/href="([^"]*)" rel="next"/.exec(many.html)?.[1] ?? '', /q=/, 'the next page keeps the search');
  });

  test('an Admin agent ends a relationship from the customer\'s page: a confirmation, a reason the customer reads, then the list', async () => {
    const tenantId = await addCustomer(keys.trAdmin, `trtoend${tag}`, `İzmir Lojistik ${tag}`, 'TR');
    const { session } = await signIn('ayse.admin@anatolia.example');
    const customer = pageOf(await session.open(`${base}/workspace/customers/${tenantId}`));
    assert.match(textOf(customer.html), new RegExp(`İzmir Lojistik ${tag}`));
    const endLink = /href="([^"]+\/end)"/.exec(customer.html)?.[1];
    assert.ok(endLink, 'an Admin agent is offered to end it');
    const confirm = pageOf(await session.open(new URL(endLink, base)));
    assert.match(textOf(confirm.html), /End the reseller relationship with İzmir Lojistik/);
    const form = formsOf(confirm).find((candidate) => candidate.action.pathname.endsWith('/end'));
    assert.ok(form?.fields.csrf, 'the form carries the session\'s CSRF token');

    const noReason = await session.submit(form, { reason: '   ' });
    assert.equal(pageOf(noReason).status, 400);
    assert.match(textOf(pageOf(noReason).html), /Give a reason/);
    assert.equal(await running.stack.collections.endedRelationships.countDocuments({ customerTenantId: tenantId }), 0, 'nothing ended');

    const done = pageOf(await session.submit(form, { reason: 'Moving to direct billing' }));
    assert.equal(done.url.pathname, `/workspace/customers/${tenantId}`);
    assert.match(textOf(done.html), /The reseller relationship has ended/);
    assert.match(textOf(done.html), /Reason: Moving to direct billing/);
    const ended = await running.stack.collections.endedRelationships.findOne({ customerTenantId: tenantId });
    assert.deepEqual(ended?.endedBy.email, 'ayse.admin@anatolia.example', 'recorded as ended by the signed-in user');
    assert.match(textOf(pageOf(await session.open(`${base}/workspace/customers?q=${encodeURIComponent(`İzmir Lojistik ${tag}`)}`)).html), /No customer matches/);
  });

  test('a read-only user is offered no action, and a post of theirs, or one without the token, ends nothing: 403', async () => {
    const tenantId = await addCustomer(keys.trAdmin, `trkeep${tag}`, `Antalya Turizm ${tag}`, 'TR');
    const reader = await signIn(users.trBilling);
    const customer = pageOf(await reader.session.open(`${base}/workspace/customers/${tenantId}`));
    assert.doesNotMatch(customer.html, /\/end"/, 'no end link');
    assert.match(textOf(customer.html), /needs an Admin agent or a Sales agent/);
    assert.equal(pageOf(await reader.session.open(`${base}/workspace/customers/${tenantId}/end`)).status, 403);
    const readerToken = formsOf(customer).find((form) => form.action.pathname === '/workspace/sign-out')!.fields.csrf!;
    const endForm = { action: new URL(`${base}/workspace/customers/${tenantId}/end`), method: 'POST' as const, fields: { csrf: readerToken, reason: 'Not mine to end' } };
    assert.equal(pageOf(await reader.session.submit(endForm)).status, 403, 'a read-only role may not end, even with a valid token');

    const admin = await signIn('ayse.admin@anatolia.example');
    assert.equal(pageOf(await admin.session.submit({ ...endForm, fields: { reason: 'forged' } })).status, 403, 'no token');
    assert.equal(pageOf(await admin.session.submit({ ...endForm, fields: { csrf: readerToken, reason: 'forged' } })).status, 403, "another session's token");
    assert.equal(await running.stack.collections.endedRelationships.countDocuments({ customerTenantId: tenantId }), 0, 'nothing ended');
  });

  test('New relationship: a Sales agent invites a customer and gets the templated email and its unique link', async () => {
    const izmir = { tenantId: `izmir-${tag}`, domain: `izmir${tag}.example`, companyName: `İzmir Tekstil ${tag}`, country: 'TR', cloud: 'public' as const, email: `it@izmir${tag}.example` };
    const berlin = { tenantId: `berlin-${tag}`, domain: `berlin${tag}.example`, companyName: `Berlin Maschinen ${tag}`, country: 'DE', cloud: 'public' as const, email: `it@berlin${tag}.example` };
    await running.stack.seed({ partners: [], customers: [izmir, berlin] });
    const { session, landed } = await signIn(users.trSales);
    assert.match(landed.html, /href="\/workspace\/relationships\/new"/, 'the list offers a new relationship');
    const formPage = pageOf(await session.open(`${base}/workspace/relationships/new`));
    const form = formsOf(formPage).find((candidate) => candidate.action.pathname === '/workspace/relationships/new')!;
    assert.ok(form.fields.csrf);

    const empty = pageOf(await session.submit(form, { customer: '', email: 'not-an-email' }));
    assert.equal(empty.status, 400);
    assert.match(textOf(empty.html), /Give the customer’s domain or tenant ID/);
    assert.match(textOf(empty.html), /Give a valid email address/);
    const unknown = pageOf(await session.submit(form, { customer: `nowhere${tag}.example`, email: 'it@nowhere.example', delegatedAdmin: 'on' }));
    assert.match(textOf(unknown.html), /There is no customer tenant with this domain or tenant ID/);
    const outOfRegion = pageOf(await session.submit(form, { customer: berlin.domain, email: berlin.email, delegatedAdmin: 'on' }));
    assert.equal(outOfRegion.status, 409);
    assert.match(textOf(outOfRegion.html), /outside your organisation’s region/);
    assert.match(outOfRegion.html, new RegExp(`value="${berlin.domain.replaceAll('.', '\\.')}"`), 'what was typed is kept');

    const sent = pageOf(await session.submit(form, { customer: izmir.domain, email: izmir.email, delegatedAdmin: 'on', message: 'Merhaba!' }));
    assert.equal(sent.status, 200, textOf(sent.html));
    const text = textOf(sent.html);
    assert.match(text, /The invitation is on its way/);
    assert.match(text, new RegExp(`İzmir Tekstil ${tag} got this email`));
    const link = /id="invitation-link"[^>]*value="([^"]+)"/.exec(sent.html)?.[1] ?? /value="([^"]+)"[^>]*id="invitation-link"/.exec(sent.html)?.[1];
    assert.match(link ?? '', new RegExp(`^${base}/invitations/`), 'the unique link, ready to copy');
    assert.match(text, /Merhaba!/, 'the email quotes the message');
    const request = await running.stack.collections.requests.findOne({ customerTenantId: izmir.tenantId });
    assert.equal(request?.requestedBy.email, users.trSales, 'requested by the signed-in user');
    assert.equal(request?.status, 'pending');

    const twice = pageOf(await session.submit(form, { customer: izmir.tenantId, email: izmir.email, delegatedAdmin: 'on' }));
    assert.equal(twice.status, 409);
    assert.match(textOf(twice.html), /already open/);
    // The request in Requests: its timeline and link; Resend, then Cancel with a reason; then it is closed.
    const requests = pageOf(await session.open(`${base}/workspace/requests?status=pending`));
    const requestLink = new RegExp(`href="(/workspace/requests/[^"]+)">İzmir Tekstil ${tag}<`).exec(requests.html)?.[1];
    assert.ok(requestLink, 'the pending request is listed');
    const detail = pageOf(await session.open(new URL(requestLink, base)));
    assert.match(textOf(detail.html), /Invitation sent/);
    assert.match(detail.html, /id="invitation-link"/, 'a Sales agent sees the link');
    const resend = formsOf(detail).find((candidate) => candidate.action.pathname.endsWith('/resend'))!;
    assert.match(textOf(pageOf(await session.submit(resend)).html), /The invitation is being sent again/);
    // The resend goes out from the workflow: it shows in the timeline once it is out, naming who asked.
    const resentBy = new RegExp(`Invitation sent again · [^·]* · by ${users.trSales.replaceAll('.', '\\.')}`);
    const resent = await eventually(async () => {
      const current = pageOf(await session.open(new URL(requestLink, base)));
      return resentBy.test(textOf(current.html)) && current;
    }, 10_000, 'the resend in the timeline');
    const cancel = formsOf(resent).find((candidate) => candidate.action.pathname.endsWith('/cancel'))!;
    const cancelled = pageOf(await session.submit(cancel, { reason: 'Asked the wrong address' }));
    assert.match(textOf(cancelled.html), /The request is cancelled/);
    assert.equal((await running.stack.collections.requests.findOne({ customerTenantId: izmir.tenantId }))?.status, 'cancelled');
    assert.doesNotMatch(cancelled.html, /\/resend"/, 'no action once closed');
    assert.match(textOf(pageOf(await session.submit(resend)).html), /no longer pending/);
    const reader = await signIn(users.trBilling);
    const readerView = pageOf(await reader.session.open(new URL(requestLink, base)));
    assert.doesNotMatch(readerView.html, /invitation-link|\/resend"/, 'a read-only role sees neither the link nor the actions');
    const other = await signIn(users.deAdmin);
    assert.equal(pageOf(await other.session.open(new URL(requestLink, base))).status, 404, "another partner's request is not found");

    const turkish = pageOf(await session.open(`${base}/workspace/relationships/new?lang=tr`));
    const trForm = formsOf(turkish).find((candidate) => candidate.action.pathname === '/workspace/relationships/new')!;
    assert.match(textOf(pageOf(await session.submit(trForm, { customer: berlin.tenantId, email: berlin.email, delegatedAdmin: 'on' })).html), /kuruluşunuzun bölgesinin dışında/);
    await session.open(`${base}/workspace/customers?lang=en`);
  });

  test('a read-only user cannot open New relationship, and a US Government partner is told why delegated admin stays on', async () => {
    const reader = await signIn(users.trBilling);
    assert.doesNotMatch(reader.landed.html, /relationships\/new/);
    assert.equal(pageOf(await reader.session.open(`${base}/workspace/relationships/new`)).status, 403);
    const usGov = await signIn('alex.sales@liberty-gov.example');
    const usPage = pageOf(await usGov.session.open(`${base}/workspace/relationships/new`));
    assert.match(textOf(usPage.html), /must include them: it cannot be left out/);
    assert.match(usPage.html, /<input type="hidden" name="delegatedAdmin" value="on"/);
  });

  test('Add a new customer: the tenant and the relationship at once, the agreement attested by the signed-in user', async () => {
    const { session, landed } = await signIn(users.trSales);
    assert.match(landed.html, /href="\/workspace\/customers\/new"/, 'the list offers to add a customer');
    const formPage = pageOf(await session.open(`${base}/workspace/customers/new`));
    assert.equal(formPage.status, 200);
    assert.match(formPage.html, /<option value="TR" selected="">Turkey|<option value="TR" selected="">Türkiye/, "the partner's country is chosen");
    const form = formsOf(formPage).find((candidate) => candidate.action.pathname === '/workspace/customers/new')!;

    const empty = pageOf(await session.submit(form, { companyName: '', domainPrefix: 'x', email: 'nope', firstName: '', lastName: '', signatoryEmail: '' }));
    assert.equal(empty.status, 400);
    const emptyText = textOf(empty.html);
    for (const said of [/Give the company’s name/, /Give 2 to 63 letters or digits/, /Give a valid email address/, /Give the first name/, /Give the last name/, /The customer must accept the agreement/]) {
      assert.match(emptyText, said);
    }
    const prefix = `gaziantep${tag}`;
    const values = { companyName: `Gaziantep Gıda ${tag}`, domainPrefix: prefix, email: `it@${prefix}.example`, delegatedAdmin: 'on', firstName: 'Elif', lastName: 'Demir', signatoryEmail: `elif@${prefix}.example`, attest: 'on' };
    const abroad = pageOf(await session.submit(form, { ...values, country: 'DE' }));
    assert.equal(abroad.status, 409);
    assert.match(textOf(abroad.html), /outside your organisation’s region/);
    assert.match(abroad.html, /<option value="DE" selected="">/, 'what was chosen is kept');

    const added = pageOf(await session.submit(form, { ...values, country: 'TR' }));
    assert.equal(added.status, 200, textOf(added.html));
    assert.match(added.url.pathname, /^\/workspace\/customers\/[0-9a-f-]{36}$/);
    assert.match(textOf(added.html), /The customer is added, and your reseller relationship with it is active\./);
    const tenantId = decodeURIComponent(added.url.pathname.split('/').at(-1)!);
    const customer = await running.stack.collections.customers.findOne({ _id: tenantId });
    assert.equal(customer?.domain, `${prefix}.onmicrosoft.com`);
    const acceptance = await running.stack.collections.agreementAcceptances.findOne({ customerTenantId: tenantId });
    assert.match(acceptance?.attestation.text ?? '', new RegExp(users.trSales.replaceAll('.', '\\.')), 'attested by the signed-in user');
    assert.equal((await running.stack.collections.relationships.findOne({ customerTenantId: tenantId }))?.partnerTenantId, 'anatolia-cloud-tr');

    const again = pageOf(await session.submit(form, { ...values, country: 'TR' }));
    assert.equal(again.status, 409);
    assert.match(textOf(again.html), /A customer already holds this domain/);
    const turkish = pageOf(await session.open(`${base}/workspace/customers/new?lang=tr`));
    const trForm = formsOf(turkish).find((candidate) => candidate.action.pathname === '/workspace/customers/new')!;
    assert.match(textOf(pageOf(await session.submit(trForm, { ...values, country: 'TR' })).html), /Bu etki alanı zaten bir müşteride/);
    await session.open(`${base}/workspace/customers?lang=en`);

    const reader = await signIn(users.trBilling);
    assert.equal(pageOf(await reader.session.open(`${base}/workspace/customers/new`)).status, 403);
    const token = formsOf(reader.landed).find((candidate) => candidate.action.pathname === '/workspace/sign-out')!.fields.csrf!;
    const forged = pageOf(await reader.session.submit({ ...form, fields: { csrf: token } }, { ...values, domainPrefix: `forged${tag}`, country: 'TR' }));
    assert.equal(forged.status, 403);
    assert.equal(await running.stack.collections.customers.countDocuments({ domain: `forged${tag}.onmicrosoft.com` }), 0, 'nothing added');
  });

  test("a partner's users never see another partner's customers", async () => {
    const signedIn = await signIn(users.deAdmin);
    const text = textOf(signedIn.landed.html);
    assert.match(text, new RegExp(`Köln Maschinen ${tag}`));
    assert.doesNotMatch(text, new RegExp(`Ankara Yazılım ${tag}`));
    assert.match(text, /Rhein IT Partner GmbH/);
    const trCustomer = (await running.stack.collections.relationships.findOne({ partnerTenantId: 'anatolia-cloud-tr' }))!.customerTenantId;
    const elsewhere = await fetch(`${base}/workspace/customers/${trCustomer}`, { headers: { cookie: `partner_session=${signedIn.session.cookie(`${base}/workspace/customers`, 'partner_session')}` } });
    assert.equal(elsewhere.status, 404, "another partner's customer page is not found");
    assert.doesNotMatch(await elsewhere.text(), /Ankara Yazılım/);
  });

  test('a read-only role sees the list; a customer tenant\'s user gets no session and is told why', async () => {
    const { session: readerSession, landed } = await signIn(users.trBilling);
    assert.match(textOf(landed.html), /Roles: BillingAdmin/);
    // The list's order is the cursor's (by relationship), so the customer is looked for, not expected on page one.
    const found = pageOf(await readerSession.open(`${base}/workspace/customers?q=${encodeURIComponent(`Ankara Yazılım ${tag} 00`)}`));
    assert.match(textOf(found.html), new RegExp(`Ankara Yazılım ${tag} 00`));

    const { session, landed: refused } = await signIn(users.customerAdmin);
    assert.equal(refused.url.pathname, '/workspace/sign-in');
    assert.equal(refused.url.searchParams.get('problem'), 'not-a-partner');
    assert.match(textOf(refused.html), /not in a partner tenant/);
    const again = pageOf(await session.open(`${base}/workspace/customers`));
    assert.equal(again.url.pathname, '/workspace/sign-in', 'still no session');
  });

  test('signing out needs the session\'s CSRF token: a forged post is refused, the real one ends the session', async () => {
    const { session, landed } = await signIn(users.trSales);
    const cookie = `partner_session=${session.cookie(`${base}/workspace/customers`, 'partner_session')}`;
    const forged = await fetch(`${base}/workspace/sign-out`, {
      method: 'POST',
      headers: { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csrf=not-the-token',
    });
    assert.equal(forged.status, 403);
    assert.equal(forged.headers.get('content-type'), 'application/problem+json');
    const stillIn = pageOf(await session.open(`${base}/workspace/customers`));
    assert.equal(stillIn.url.pathname, '/workspace/customers');

    const signOut = formsOf(landed).find((form) => form.action.pathname === '/workspace/sign-out');
    assert.ok(signOut && signOut.fields.csrf, 'the sign-out form carries the token');
    const out = pageOf(await session.submit(signOut));
    assert.equal(out.url.pathname, '/workspace/sign-in');
    assert.match(textOf(out.html), /You are signed out/);
    const after = pageOf(await session.open(`${base}/workspace/customers`));
    assert.equal(after.url.pathname, '/workspace/sign-in');
  });

  test('a tampered session cookie is no session', async () => {
    const { session } = await signIn(users.trSales);
    const value = decodeURIComponent(session.cookie(`${base}/workspace/customers`, 'partner_session')!);
    const [payload, signature] = [value.slice(0, value.lastIndexOf('.')), value.slice(value.lastIndexOf('.') + 1)];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { partnerTenantId: string; identity: { tenantId: string } };
    const moved = Buffer.from(JSON.stringify({ ...claims, partnerTenantId: 'rhein-it-de', identity: { ...claims.identity, tenantId: 'rhein-it-de' } })).toString('base64url');
    const response = await fetch(`${base}/workspace/customers`, { headers: { cookie: `partner_session=${encodeURIComponent(`${moved}.${signature}`)}` }, redirect: 'manual' });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/workspace/sign-in');
  });

  test('in Turkish: chosen once, kept for the next pages, with dates in Turkish', async () => {
    const { session } = await signIn(users.trSales);
    const turkish = pageOf(await session.open(`${base}/workspace/customers?lang=tr`));
    assert.match(turkish.html, /<html lang="tr">/);
    const text = textOf(turkish.html);
    assert.match(text, /Müşteriler/);
    assert.match(text, /Oturum açan Mehmet Sales/);
    assert.match(text, /(Ocak|Şubat|Mart|Nisan|Mayıs|Haziran|Temmuz|Ağustos|Eylül|Ekim|Kasım|Aralık) \d{4}/);
    const kept = pageOf(await session.open(`${base}/workspace/customers?status=ended`));
    assert.match(kept.html, /<html lang="tr">/);
    assert.match(textOf(kept.html), /sonlandırdı/);
  });

  test('pages come with the strict page headers and are never cached', async () => {
    const response = await fetch(`${base}/workspace/sign-in`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    const css = await fetch(`${base}/assets/workspace.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
  });
});
