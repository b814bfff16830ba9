import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Worker } from '@temporalio/worker';
import { delegatedAdminRemovedEmailKey } from '../../activities/delegatedAdminRemovals.js';
import { SeedFile } from '../../domain/tenants.js';
import { createBrowserlessSession, formsOf, type BrowserlessSession, type Landing, type Page } from '../../scripts/identityProvider/browserlessSession.js';
import { signInOnLoginPage } from '../../scripts/identityProvider/passwordSignIn.js';
import { delegatedAdminRemovalWorkflowId } from '../../workflows/relationshipChangesContract.js';
import { apiAccessToken } from '../support/identityProvider.js';
import { startSignInStack, type SignInStack } from '../support/signInStack.js';
import { workflowBundle } from '../support/stack.js';

const demo = SeedFile.parse(JSON.parse(readFileSync(new URL('../../seed/demo.json', import.meta.url), 'utf8')));

/**
 * Partners of this file only (tagged tenant IDs), so that the workflow IDs of their requests, which name the pair,
 * are used by no other test; the customers are the demo's, whose users the local OpenID provider knows.
 */
const tag = randomBytes(3).toString('hex');
const bosphorus = { tenantId: `bosphorus-${tag}`, name: 'Bosphorus Bulut', admin: `admin-${tag}@bosphorus.example`, key: `key-bosphorus-admin-${tag}-xxxxxxxx` };
const gulf = { tenantId: `gulf-${tag}`, name: 'Gulf Cloud Partners', admin: `admin-${tag}@gulf.example`, key: `key-gulf-admin-${tag}-xxxxxxxxxxxx` };
const seed: SeedFile = {
  ...demo,
  partners: [
    ...demo.partners,
    {
      tenantId: bosphorus.tenantId,
      name: bosphorus.name,
      country: 'TR',
      cloud: 'public',
      preferredLanguage: 'tr',
      users: [{ email: bosphorus.admin, roles: ['AdminAgent'], apiKey: bosphorus.key }],
    },
    {
      tenantId: gulf.tenantId,
      name: gulf.name,
      country: 'AE',
      cloud: 'public',
      preferredLanguage: 'en',
      users: [{ email: gulf.admin, roles: ['AdminAgent'], apiKey: gulf.key }],
    },
  ],
};
const kyiv = { tenantId: 'kyiv-bakery-ua', admin: 'admin@kyivbakery.example', user: 'user@kyivbakery.example' };
const dubai = { tenantId: 'dubai-logistics-ae', admin: 'admin@dubailogistics.example', user: 'user@dubailogistics.example' };
const partnerUser = 'ayse.admin@anatolia.example';

const page = (landing: Landing): Page => {
  assert.equal(landing.kind, 'page', 'expected a page');
  return (landing as { page: Page }).page;
};
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

describe("a customer's Global administrator sees its partners and removes their delegated admin privileges", () => {
  let running: SignInStack;
  let base: string;
  const tokens = new Map<string, Promise<string>>();
  /** A user's access token from the provider's code flow, one sign-in per user. */
  const tokenOf = (email: string) => {
    if (!tokens.has(email)) tokens.set(email, apiAccessToken(email));
    return tokens.get(email)!;
  };
  const api = async (method: string, path: string, options: { as?: string; bearer?: string; body?: unknown; accept?: string } = {}) => {
    const bearer = options.bearer ?? (options.as ? await tokenOf(options.as) : undefined);
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(bearer && { authorization: `Bearer ${bearer}` }),
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
        ...(options.accept && { accept: options.accept }),
      },
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: /json/.test(response.headers.get('content-type') ?? '') ? (JSON.parse(text) as Record<string, any>) : {} };
  };

  /** The partner asks, and the customer's Global administrator accepts with an access token. */
  async function relationship(partner: typeof bosphorus, customer: typeof kyiv, includeDelegatedAdminPrivileges: boolean) {
    const created = await api('POST', '/v1/relationship-requests', {
      bearer: partner.key,
      body: { customerTenantId: customer.tenantId, customerEmail: `it@${customer.tenantId}.example`, includeDelegatedAdminPrivileges },
    });
    assert.equal(created.status, 201, created.text);
    const accepted = await api('POST', `${new URL(created.json.invitationUrl).pathname}/accept`, { as: customer.admin, body: { acceptAgreement: true } });
    assert.equal(accepted.status, 200, accepted.text);
  }

  before(async () => {
    running = await startSignInStack({ seed, mcaVersion: 'MCA-test' });
    base = running.base;
    await relationship(bosphorus, kyiv, true);
    await relationship(gulf, kyiv, false);
    await relationship(bosphorus, dubai, true);
  });
  after(() => running?.stop());

  const removalPath = (partnerTenantId: string) => `/partner-relationships/${partnerTenantId}/remove-admin-privileges`;

  test("an API client sees the tenant's partners with the access token of its Global administrator; anyone else is refused", async () => {
    const listed = await api('GET', '/partner-relationships', { as: kyiv.admin });
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.json.customerTenantId, kyiv.tenantId);
    assert.deepEqual(
      listed.json.items.map((item: Record<string, unknown>) => [item.partnerTenantId, item.partnerName, item.relationship, item.delegatedAdminPrivileges, item.delegatedAdminPrivilegesRemoved]),
      [
        [bosphorus.tenantId, bosphorus.name, 'reseller', true, null],
        [gulf.tenantId, gulf.name, 'reseller', false, null],
      ],
    );
    for (const item of listed.json.items) assert.match(item.relationshipId, /^rel_[\w-]{22}$/);

    const anonymous = await api('GET', '/partner-relationships', { accept: 'application/json' });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('content-type'), 'application/problem+json');
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer/);
    const ordinary = await api('GET', '/partner-relationships', { as: kyiv.user });
    assert.deepEqual([ordinary.status, ordinary.json.type], [403, '/problems/not-global-administrator']);
    const partner = await api('GET', '/partner-relationships', { as: partnerUser });
    assert.deepEqual([partner.status, partner.json.type], [403, '/problems/other-organization'], "a partner's user is of another tenant");
    assert.equal((await api('GET', '/partner-relationships', { bearer: 'not.a.token' })).status, 401);
  });

  test('an API client removes a partner\'s delegated admin privileges: the relationship stays, the removal is recorded and the partner told', async () => {
    const removed = await api('POST', removalPath(bosphorus.tenantId), { as: kyiv.admin, body: {} });
    assert.equal(removed.status, 200, removed.text);
    const { delegatedAdminPrivilegesRemoved: removal, ...relationship } = removed.json;
    assert.deepEqual(
      { ...relationship, since: typeof relationship.since },
      { partnerTenantId: bosphorus.tenantId, partnerName: bosphorus.name, relationshipId: relationship.relationshipId, relationship: 'reseller', since: 'string', delegatedAdminPrivileges: false },
    );
    assert.deepEqual(removal.by, { objectId: removal.by.objectId, tenantId: kyiv.tenantId, name: 'Kyiv Bakery LLC Administrator', username: kyiv.admin });

    const again = await api('POST', removalPath(bosphorus.tenantId), { as: kyiv.admin, body: {} });
    assert.equal(again.status, 200);
    assert.deepEqual(again.json.delegatedAdminPrivilegesRemoved, removal, 'removing again answers with the recorded removal');

    // The partner still has the customer, without the privileges.
    const customers = await api('GET', '/v1/customers', { bearer: bosphorus.key });
    const [kept] = customers.json.items.filter((item: { customerTenantId: string }) => item.customerTenantId === kyiv.tenantId);
    assert.deepEqual([kept?.status, kept?.delegatedAdminPrivileges, kept?.delegatedAdminPrivilegesRemoved], ['active', false, removal]);

    const { collections, client } = running.stack;
    const relationshipId = relationship.relationshipId as string;
    const event = await collections.relationshipEvents.findOne({ _id: `delegated_admin_privileges_removed:${relationshipId}` });
    assert.equal(event?.at.toISOString(), removal.at);
    assert.deepEqual(event?.actor, { kind: 'customer', objectId: removal.by.objectId, tenantId: kyiv.tenantId, name: 'Kyiv Bakery LLC Administrator', email: kyiv.admin });

    const handle = client.workflow.getHandle(delegatedAdminRemovalWorkflowId({ partnerTenantId: bosphorus.tenantId, customerTenantId: kyiv.tenantId, relationshipId }));
    await handle.result();
    // Its history replays on the workflow code as it is.
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: running.stack.dataConverter }, await handle.fetchHistory(), handle.workflowId);
    const emails = await collections.outbox.find({ _id: delegatedAdminRemovedEmailKey(relationshipId) }).toArray();
    assert.equal(emails.length, 1);
    const [email] = emails;
    assert.deepEqual(email?.to, [bosphorus.admin]);
    assert.equal(email?.subject, 'Kyiv Bakery LLC temsilci yönetici ayrıcalıklarınızı kaldırdı', "in the partner's language");
    assert.match(email?.text ?? '', /Kyiv Bakery LLC \(kyiv-bakery-ua\) kuruluşunun Genel Yöneticilerinden Kyiv Bakery LLC Administrator <admin@kyivbakery\.example>/);
    assert.match(email?.text ?? '', /kurumsal bayi ilişkiniz devam ediyor/);
    assert.equal(await collections.webhookEvents.countDocuments({ partnerTenantId: bosphorus.tenantId, type: { $nin: ['relationship_request.created', 'relationship_request.accepted', 'relationship.created'] } }), 0, 'no webhook event of its own');
  });

  test('a removal is refused for a partner without privileges, one of another tenant, and anyone but the Global administrator', async () => {
    const none = await api('POST', removalPath(gulf.tenantId), { as: kyiv.admin, body: {} });
    assert.deepEqual([none.status, none.json.type], [409, '/problems/no-delegated-admin-privileges']);
    const notOurs = await api('POST', removalPath(gulf.tenantId), { as: dubai.admin, body: {} });
    assert.deepEqual([notOurs.status, notOurs.json.type], [404, '/problems/relationship-not-found'], 'Gulf has no relationship with Dubai');
    assert.equal((await api('POST', removalPath('nobody-here'), { as: kyiv.admin, body: {} })).status, 404);
    assert.equal((await api('POST', removalPath(bosphorus.tenantId), { as: dubai.user, body: {} })).status, 403);
    assert.equal((await api('POST', removalPath(bosphorus.tenantId), { as: partnerUser, body: {} })).status, 403);
    const anonymous = await api('POST', removalPath(bosphorus.tenantId), { body: {} });
    assert.equal(anonymous.status, 401);
    const listed = await api('GET', '/partner-relationships', { as: dubai.admin });
    assert.deepEqual(listed.json.items.map((item: { delegatedAdminPrivileges: boolean }) => item.delegatedAdminPrivileges), [true], "Dubai's partner keeps its privileges");
  });

  /** Opens the page, follows its sign-in button through the provider's login page, and lands back on the page. */
  async function signInOnThePage(email: string, lang: string | null = 'en'): Promise<{ session: BrowserlessSession; landed: Page }> {
    const session = createBrowserlessSession();
    const first = page(await session.open(`${base}/partner-relationships${lang ? `?lang=${lang}` : ''}`));
    assert.equal(first.status, 200);
    const signIn = /href="(\/partner-relationships\/sign-in[^"]*)"/.exec(first.html)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(signIn, 'the page offers the sign-in');
    const landing = await signInOnLoginPage(session, await session.open(new URL(signIn, base)), { email, password: running.settings.password });
    const landed = page(landing);
    assert.equal(landed.url.pathname, '/partner-relationships');
    return { session, landed };
  }

  test('in the browser: the page asks to sign in, then shows the partners, says that ending is the partner\'s act, and removes privileges with its form', async () => {
    const anonymous = await fetch(`${base}/partner-relationships?lang=en`);
    assert.equal(anonymous.status, 200);
    assert.match(anonymous.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(anonymous.headers.get('cache-control'), 'no-store');
    assert.match(anonymous.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const signInPage = await anonymous.text();
    assert.match(signInPage, /Sign in with Microsoft/);
    assert.doesNotMatch(signInPage, /<form/);

    const { session, landed } = await signInOnThePage(dubai.admin);
    const text = textOf(landed.html);
    assert.match(text, /Signed in as Dubai Logistics FZE Administrator \(admin@dubailogistics\.example\)/);
    assert.match(text, /Bosphorus Bulut/);
    assert.match(text, /Only a partner can end a reseller relationship\. To end the relationship, contact your partner\./);
    assert.doesNotMatch(text, /Gulf Cloud Partners|Kyiv/, "only this tenant's partners");
    assert.match(text, /Bosphorus Bulut will no longer be able to manage your Microsoft services other than the Azure subscriptions it provisioned for you\./);
    const [form, ...others] = formsOf(landed);
    assert.ok(form, 'a removal form');
    assert.equal(others.length, 0);
    assert.equal(form.action.pathname, removalPath(bosphorus.tenantId));
    assert.ok(form.fields.csrfToken, 'with its CSRF token');

    const forged = page(await session.submit(form, { csrfToken: `${form.fields.csrfToken}x` }));
    assert.equal(forged.status, 403);
    assert.match(textOf(forged.html), /The form expired or was not sent from this page/);
    const crossSite = await fetch(form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: `csrfToken=${form.fields.csrfToken}` });
    assert.equal(crossSite.status, 403);
    const signedOut = await fetch(form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base }, body: `csrfToken=${form.fields.csrfToken}` });
    assert.equal(signedOut.status, 401, 'no session, no removal');
    assert.match(await signedOut.text(), /Sign in with Microsoft/);
    assert.equal((await api('GET', '/partner-relationships', { as: dubai.admin })).json.items[0].delegatedAdminPrivileges, true);

    const removed = page(await session.submit(form));
    assert.equal(removed.status, 200, removed.html.slice(0, 300));
    const after = textOf(removed.html);
    assert.match(after, /You removed the delegated admin privileges of Bosphorus Bulut\. The reseller relationship stays, and Bosphorus Bulut has been told\./);
    assert.match(after, /Delegated admin privileges removed on .* by Dubai Logistics FZE Administrator \(admin@dubailogistics\.example\)/);
    assert.equal(formsOf(removed).length, 0, 'nothing left to remove');
    const listed = await api('GET', '/partner-relationships', { as: dubai.admin });
    assert.equal(listed.json.items[0].delegatedAdminPrivilegesRemoved.by.username, dubai.admin, 'recorded with the signed-in user');
  });

  test("in the browser: an ordinary user and another organization's user get no partners; the page speaks the tenant's language", async () => {
    const ordinary = await signInOnThePage(dubai.user);
    assert.match(textOf(ordinary.landed.html), /not as a Global administrator/);
    assert.equal(formsOf(ordinary.landed).length, 0);
    assert.doesNotMatch(ordinary.landed.html, /Bosphorus/);

    const partner = await signInOnThePage(partnerUser);
    assert.match(textOf(partner.landed.html), /does not belong to a customer organization known here/);
    assert.doesNotMatch(partner.landed.html, /Bosphorus/);

    const izmir = await signInOnThePage('admin@izmirtekstil.example', null);
    const text = textOf(izmir.landed.html);
    assert.match(izmir.landed.html, /<html lang="tr">/);
    assert.match(text, /İş ortağı ilişkileri/);
    assert.match(text, /Kuruluşunuzun kurumsal bayi ilişkisi olan bir iş ortağı yok\./);
    assert.match(text, /Kurumsal bayi ilişkisini yalnızca iş ortağı sonlandırabilir\. İlişkiyi sonlandırmak için iş ortağınıza başvurun\./);
  });

  test('the OpenAPI document describes both routes with their problems', async () => {
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, any>>; components: Record<string, any> };
    const list = document.paths['/partner-relationships']?.get;
    const remove = document.paths['/partner-relationships/{partnerTenantId}/remove-admin-privileges']?.post;
    assert.ok(list && remove);
    assert.deepEqual(Object.keys(list.responses).sort(), ['200', '401', '403', '429']);
    assert.deepEqual(Object.keys(remove.responses).sort(), ['200', '401', '403', '404', '409', '413', '429']);
    assert.ok(document.components.securitySchemes.customerAccessToken);
  });
});
