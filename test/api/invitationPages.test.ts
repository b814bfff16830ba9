import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import type { CustomerSignIn } from '../../api/identity/customerSignIn.js';
import type { VerifiedIdentity } from '../../domain/identity.js';
import type { DemoWorld } from '../support/fixtures.js';
import { bearer } from '../support/fixtures.js';
import { eventually } from '../support/http.js';
import { seededStack, type Stack } from '../support/stack.js';

/** The stack's app on a real socket, for the lifetime of the enclosing describe. */
function listening(ctx: { stack: Stack }) {
  const server = { base: '', instance: undefined as ServerType | undefined };
  before(async () => {
    await new Promise<void>((resolve) => {
      server.instance = serve({ fetch: ctx.stack.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
    });
    server.base = `http://127.0.0.1:${(server.instance!.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => (server.instance ? server.instance.close(() => resolve()) : resolve())));
  return server;
}

/** A request of the Turkish partner; one customer per test, as a pair has at most one open request. */
async function invite(base: string, world: DemoWorld, customerTenantId: string, body: Record<string, unknown> = {}) {
  const response = await fetch(`${base}/v1/relationship-requests`, {
    method: 'POST',
    headers: bearer(world.keys.trAdmin),
    body: JSON.stringify({ customerTenantId, customerEmail: 'it@customer.example', includeDelegatedAdminPrivileges: true, ...body }),
  });
  const json = (await response.json()) as { id: string; invitationUrl: string };
  assert.equal(response.status, 201, JSON.stringify(json));
  return { id: json.id, path: new URL(json.invitationUrl).pathname };
}

/** A browser's form post from the page itself (the API refuses cross-site forms). */
const form = (origin: string, fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  body: new URLSearchParams(fields).toString(),
});

/** What a closed invitation's page must not show to whoever holds the link. */
const personal = (world: DemoWorld, customerTenantId: string) => {
  const customer = world.seed.customers.find((candidate) => candidate.tenantId === customerTenantId)!;
  return ['Anatolia Cloud', customer.companyName, customerTenantId, 'Ask for Olena', 'reseller-77'];
};
const closedOn = (words: string) => new RegExp(`${words} \\d{1,2} [A-Za-zçğıöşüÇĞİÖŞÜ]+ \\d{4} \\(UTC\\)`);
const requestFacts = { message: 'Ask for Olena', indirectResellerId: 'reseller-77' };

describe('invitation links, answers and pages over a real socket', () => {
  const ctx = seededStack();
  const server = listening(ctx);

  test('only the roles that act on requests get the invitation link; read-only roles get the request without it', async () => {
    const { id } = await invite(server.base, ctx.world, ctx.world.tenants.aeCustomer);
    const read = async (key: string, path: string) => {
      const response = await fetch(`${server.base}${path}`, { headers: bearer(key) });
      assert.equal(response.status, 200);
      return { text: await response.clone().text(), json: (await response.json()) as Record<string, any> };
    };
    for (const [role, key, sees] of [
      ['Admin agent', ctx.world.keys.trAdmin, true],
      ['Sales agent', ctx.world.keys.trSales, true],
      ['Billing admin (read-only)', ctx.world.keys.trReader, false],
    ] as const) {
      const one = await read(key, `/v1/relationship-requests/${id}`);
      const list = await read(key, '/v1/relationship-requests');
      const item = list.json.items.find((candidate: { id: string }) => candidate.id === id);
      assert.equal(one.json.id, id, role);
      assert.ok(item, role);
      assert.equal(typeof one.json.invitationUrl === 'string', sees, `${role}: GET one`);
      assert.equal(typeof item.invitationUrl === 'string', sees, `${role}: the list`);
      if (!sees) {
        assert.ok(!one.text.includes('/invitations/') && !list.text.includes('/invitations/'), `${role} sees no link anywhere`);
        assert.equal(one.json.status, 'pending', 'the rest of the request is there');
        assert.ok(Array.isArray(one.json.events));
      }
    }
    const openapi = (await (await fetch(`${server.base}/openapi.json`)).json()) as Record<string, any>;
    const summary = openapi.components.schemas.RelationshipRequestSummary;
    assert.ok(!(summary.required as string[]).includes('invitationUrl'), 'the link is optional in the schema');
    assert.match(summary.properties.invitationUrl.description, /Admin agent, Sales agent/);
    const cancel = await fetch(`${server.base}/v1/relationship-requests/${id}/cancel`, { method: 'POST', headers: bearer(ctx.world.keys.trAdmin), body: '{}' });
    assert.equal(cancel.status, 200);
  });

  test('a decline form that fails validation shows the page again in its language, with the message by the field', async () => {
    const customerTenantId = ctx.world.tenants.trCustomer;
    const { id, path } = await invite(server.base, ctx.world, customerTenantId, requestFacts);
    const tooLong = 'x'.repeat(501);
    const response = await fetch(`${server.base}${path}/decline?lang=tr`, form(server.base, { reason: tooLong }));
    assert.equal(response.status, 400);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/, 'a page, never a JSON problem, for a browser form');
    const page = await response.text();
    assert.match(page, /<html lang="tr">/);
    assert.match(page, /<p class="error" id="reason-error">Gerekçe en fazla 500 karakter olabilir\.<\/p>/);
    assert.match(page, /<textarea id="reason" name="reason"[^>]*aria-invalid="true" aria-describedby="reason-error"/);
    assert.match(page, new RegExp(`<textarea[^>]*>${tooLong}</textarea>`), 'the text typed is kept');
    assert.match(page, /<a href="#reason">Gerekçe en fazla 500 karakter olabilir\.<\/a>/, 'the summary links to the field');
    const english = await fetch(`${server.base}${path}/decline?lang=en`, form(server.base, { reason: tooLong }));
    assert.equal(english.status, 400);
    assert.match(await english.text(), /<p class="error" id="reason-error">Keep the reason to 500 characters or fewer\.<\/p>/);
    assert.equal((await ctx.stack.collections.requests.findOne({ _id: id }))?.status, 'pending', 'nothing decided');

    // At the textarea's limit: 500 characters there (a line break counts one), 502 on the wire, where it is CRLF.
    const reason = `${'a'.repeat(248)}\n${'b'.repeat(249)}\nc`.replaceAll('\n', '\r\n');
    assert.equal(reason.replaceAll('\r\n', '\n').length, 500);
    const declined = await fetch(`${server.base}${path}/decline?lang=en`, form(server.base, { reason }));
    assert.equal(declined.status, 200, await declined.clone().text());
    assert.match(await declined.text(), /You declined the request\./);
    const request = await eventually(async () => {
      const found = await ctx.stack.collections.requests.findOne({ _id: id });
      return found?.events['declined'] && found;
    });
    assert.equal(request.status, 'declined');
    assert.equal(request.events['declined']?.detail?.['reason'], reason.replaceAll('\r\n', '\n'), 'kept with plain line breaks');

    // The declined invitation, opened again: its state, date and next step, and nothing personal.
    const again = await fetch(`${server.base}${path}?lang=en`);
    assert.equal(again.status, 200);
    const closed = await again.text();
    assert.match(closed, closedOn('This request was declined on'));
    assert.match(closed, /If you change your mind, ask the partner to send a new request\./);
    assert.doesNotMatch(closed, /<form|<blockquote|class="facts"/);
    for (const fact of personal(ctx.world, customerTenantId)) assert.ok(!closed.includes(fact), `the declined page shows ${fact}`);
  });

  test('a cancelled invitation shows its state, date and next step in the browser\'s language, and nothing personal', async () => {
    const customerTenantId = ctx.world.tenants.uaCustomer;
    const cancelled = await invite(server.base, ctx.world, customerTenantId, requestFacts);
    const cancel = await fetch(`${server.base}/v1/relationship-requests/${cancelled.id}/cancel`, {
      method: 'POST',
      headers: bearer(ctx.world.keys.trSales),
      body: JSON.stringify({ reason: 'wrong contact' }),
    });
    assert.equal(cancel.status, 200);
    const response = await fetch(`${server.base}${cancelled.path}`, { headers: { 'accept-language': 'tr-TR,tr;q=0.9' } });
    assert.equal(response.status, 200);
    const turkish = await response.text();
    assert.match(turkish, /<html lang="tr">/);
    assert.match(turkish, closedOn('İş ortağı bu talebi'));
    assert.match(turkish, /tarihinde iptal etti\. Hiçbir yetki verilmedi\./);
    assert.match(turkish, /Yapmanız gereken bir şey yok\./);
    assert.doesNotMatch(turkish, /<form|<blockquote|class="facts"/);
    for (const fact of personal(ctx.world, customerTenantId)) assert.ok(!turkish.includes(fact), `the cancelled page shows ${fact}`);

    // A form posted to the closed request answers with the same impersonal page.
    const late = await fetch(`${server.base}${cancelled.path}/accept?lang=en`, form(server.base, { firstName: 'A', lastName: 'B', email: 'a@b.example', acceptAgreement: 'true' }));
    assert.equal(late.status, 409);
    const latePage = await late.text();
    assert.match(latePage, closedOn('The partner canceled this request on'));
    for (const fact of personal(ctx.world, customerTenantId)) assert.ok(!latePage.includes(fact), `the answer shows ${fact}`);
  });

  test("the invalid-link page speaks the browser's language unless one is chosen", async () => {
    const bogus = `${server.base}/invitations/bm90LWEtcmVxdWVzdA.bm90LWEtc2lnbmF0dXJl`;
    const turkish = await fetch(bogus, { headers: { 'accept-language': 'de-DE,tr;q=0.8,en;q=0.5' } });
    assert.equal(turkish.status, 404);
    const page = await turkish.text();
    assert.match(page, /<html lang="tr">/);
    assert.match(page, /<h1>Bu davet bağlantısı geçerli değil<\/h1>/);
    const chosen = await fetch(`${bogus}?lang=en`, { headers: { 'accept-language': 'tr' } });
    assert.match(await chosen.text(), /<h1>This invitation link is not valid<\/h1>/);
    const english = await fetch(bogus, { headers: { 'accept-language': 'fr-FR' } });
    assert.match(await english.text(), /<html lang="en">/);
  });
});

describe('an expired invitation over a real socket', () => {
  const ctx = seededStack({ invitationTtl: '2s' });
  const server = listening(ctx);

  test('shows that it expired, when, and what to do next; nothing personal', async () => {
    const { id, path } = await invite(server.base, ctx.world, ctx.world.tenants.uaCustomer, requestFacts);
    await eventually(async () => (await ctx.stack.collections.requests.findOne({ _id: id }))?.status === 'expired', 30_000, 'the expiry');
    const response = await fetch(`${server.base}${path}?lang=en`);
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(page, closedOn('This request expired on'));
    assert.match(page, /\(UTC\)\. Nothing was granted\./);
    assert.match(page, /If you still want to work with this partner, ask the partner to send a new request\./);
    for (const fact of personal(ctx.world, ctx.world.tenants.uaCustomer)) assert.ok(!page.includes(fact), `the expired page shows ${fact}`);
  });
});

/**
 * Customer sign-in as the API sees it: a session whose user is not a Global administrator of the invited tenant, or
 * belongs to another. The provider's own callback never opens such a session; the routes still answer it exactly.
 */
function signedInAs(identity: () => VerifiedIdentity): CustomerSignIn {
  const unused = () => {
    throw new Error('not used here');
  };
  return {
    start: unused,
    callback: unused,
    signedIn: async () => ({ identity: identity(), csrfToken: 'csrf' }),
    checkCsrf: async (_c, _scope, submitted) => submitted === 'csrf',
    signOut: () => undefined,
  };
}

describe('a signed-in user who may not decide is told why, not asked to sign in', () => {
  let current: VerifiedIdentity;
  const ctx = seededStack({ customerSignIn: signedInAs(() => current) });
  const server = listening(ctx);
  const ordinaryUser = (tenantId: string): VerifiedIdentity => ({ tenantId, objectId: 'user-1', name: 'Olena', username: 'olena@kyiv.example', appRoles: [], directoryRoles: [] });

  test('on the invitation: a decision posted by an ordinary user of the tenant, or by someone of another organization', async () => {
    const { id, path } = await invite(server.base, ctx.world, ctx.world.tenants.uaCustomer);
    current = ordinaryUser(ctx.world.tenants.uaCustomer);
    for (const [action, fields] of [['accept', { acceptAgreement: 'true', csrfToken: 'csrf' }], ['decline', { csrfToken: 'csrf' }]] as const) {
      const response = await fetch(`${server.base}${path}/${action}?lang=en`, form(server.base, fields));
      assert.equal(response.status, 403, action);
      const page = await response.text();
      assert.match(page, /You are signed in, but not as a Global administrator of Kyiv Bakery: only a Global administrator can accept or decline this request\./);
      assert.doesNotMatch(page, /Sign in before you accept or decline/);
    }
    current = ordinaryUser(ctx.world.tenants.aeCustomer);
    const stranger = await fetch(`${server.base}${path}/decline?lang=tr`, form(server.base, { csrfToken: 'csrf' }));
    assert.equal(stranger.status, 403);
    assert.match(await stranger.text(), /Oturum açtığınız hesap başka bir kuruluşa ait\./);
    assert.equal((await ctx.stack.collections.requests.findOne({ _id: id }))?.status, 'pending', 'nothing decided');
  });

  test('on the partner relationships page: a removal posted by an ordinary user', async () => {
    current = ordinaryUser(ctx.world.tenants.uaCustomer);
    const response = await fetch(`${server.base}/partner-relationships/${ctx.world.tenants.trPartner}/remove-admin-privileges?lang=en`, form(server.base, { csrfToken: 'csrf' }));
    assert.equal(response.status, 403);
    const page = await response.text();
    assert.match(page, /You are signed in, but not as a Global administrator: only a Global administrator can see and change partner relationships\./);
    assert.doesNotMatch(page, /Sign in first/);
  });
});
