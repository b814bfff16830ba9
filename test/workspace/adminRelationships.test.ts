import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { globalAdministratorRoleId } from '../../domain/entraRoles.js';
import { SeedFile } from '../../domain/tenants.js';
import { createBrowserlessSession, formsOf, type Landing, type Page } from '../../scripts/identityProvider/browserlessSession.js';
import { signInOnLoginPage } from '../../scripts/identityProvider/passwordSignIn.js';
import { startSignInStack, type SignInStack } from '../support/signInStack.js';

const demo = SeedFile.parse(JSON.parse(readFileSync(new URL('../../seed/demo.json', import.meta.url), 'utf8')));
const tag = randomBytes(3).toString('hex');
const helpdesk = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const pageOf = (landing: Landing): Page => {
  assert.equal(landing.kind, 'page');
  return (landing as { page: Page }).page;
};
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

describe('the workspace: admin relationships (GDAP)', () => {
  let running: SignInStack;
  let base: string;
  async function signIn(email: string) {
    const session = createBrowserlessSession();
    const start = /href="(\/workspace\/sign-in\/start)"/.exec(pageOf(await session.open(`${base}/workspace/sign-in`)).html)?.[1];
    assert.ok(start);
    pageOf(await signInOnLoginPage(session, await session.open(new URL(start, base)), { email, password: running.settings.password }));
    return session;
  }
  const formTo = (page: Page, path: string) => {
    const form = formsOf(page).find((candidate) => candidate.action.pathname === path);
    assert.ok(form, `a form posting to ${path}`);
    return form;
  };
  /** Created through the API and locked for approval: its ID. */
  const requested = async (name: string, roles: string[]) => {
    const call = (path: string, body: unknown) =>
      fetch(`${base}/v1/admin-relationships${path}`, { method: 'POST', headers: { authorization: 'Bearer demo-tr-admin-agent-key-0001', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = await call('', { displayName: name, duration: 'P60D', customer: { tenantId: 'kyiv-bakery-ua' }, accessDetails: { unifiedRoles: roles.map((roleDefinitionId) => ({ roleDefinitionId })) } });
    const { id } = (await created.json()) as { id: string };
    assert.equal((await call(`/${id}/requests`, { action: 'lockForApproval' })).status, 201);
    return id;
  };

  before(async () => {
    running = await startSignInStack({ seed: demo, mcaVersion: 'MCA-test' });
    base = running.base;
  });
  after(() => running?.stop());

  test('an Admin agent requests one from a task template: each bad field said, then the approval link and the email', async () => {
    const admin = await signIn('ayse.admin@anatolia.example');
    const templated = pageOf(await admin.open(`${base}/workspace/admin-relationships/new?template=reset-passwords`));
    assert.match(templated.html, /value="Reset passwords/i, 'the task names the relationship');
    assert.match(templated.html, /name="roles" type="checkbox" value="966707d0-3269-4727-9be2-8c3a10f19b9d" checked=""/, "the task's least-privileged role is chosen");
    const form = formTo(templated, '/workspace/admin-relationships/new');
    const bad = pageOf(await admin.submit(form, { name: '', customer: `nowhere${tag}.example`, duration: '999' }));
    assert.equal(bad.status, 400);
    const said = textOf(bad.html);
    for (const message of [/Give a name of at most 50 characters/, /There is no customer tenant/, /Give a number of days from 1 to 730/, /Choose at least one role/]) assert.match(said, message);
    const withGlobalAdmin = pageOf(await admin.submit(form, { name: `GA ${tag}`, customer: 'kyivbakery.example', duration: '30', autoExtend: 'on', roles: [globalAdministratorRoleId] }));
    assert.match(textOf(withGlobalAdmin.html), /cannot extend itself/);

    const sent = pageOf(await admin.submit(form, { name: `Passwords ${tag}`, customer: 'kyivbakery.example', duration: '30', roles: [helpdesk] }));
    assert.equal(sent.status, 200, textOf(sent.html));
    assert.match(textOf(sent.html), /The request is sent/);
    assert.match(sent.html, /id="approval-link"[^>]*value="http[^"]+\/approval"|value="http[^"]+\/approval"[^>]*id="approval-link"/);
    assert.match(textOf(sent.html), /Helpdesk Administrator/);
    const id = sent.url.pathname.split('/').at(-1)!;
    assert.equal((await running.stack.collections.adminRelationships.findOne({ _id: id }))?.status, 'approvalPending');
    const again = pageOf(await admin.submit(form, { name: `Passwords ${tag}`, customer: 'kyivbakery.example', duration: '30', roles: [helpdesk] }));
    assert.equal(again.status, 409);
    assert.match(textOf(again.html), /Another admin relationship has this name/);

    // The partner's own template: saved with a request, then offered on the form with its roles chosen.
    const userAdministrator = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
    const saving = pageOf(await admin.submit(form, { name: `Tier 1 ${tag}`, customer: 'kyivbakery.example', duration: '60', roles: [helpdesk, userAdministrator], templateName: `Tier 1 ${tag}` }));
    assert.equal(saving.status, 200, textOf(saving.html));
    const offered = pageOf(await admin.open(`${base}/workspace/admin-relationships/new`));
    const savedLink = new RegExp(`href="([^"]+template=saved%3A[^"]+)">Tier 1 ${tag}<`).exec(offered.html)?.[1];
    assert.ok(savedLink, 'the saved template is offered');
    const fromSaved = pageOf(await admin.open(new URL(savedLink.replaceAll('&amp;', '&'), base)));
    for (const role of [helpdesk, userAdministrator]) assert.match(fromSaved.html, new RegExp(`value="${role}" checked=""`));
    const other = await signIn('anna.admin@rhein-it.example');
    assert.doesNotMatch(pageOf(await other.open(`${base}/workspace/admin-relationships/new`)).html, new RegExp(`Tier 1 ${tag}`), "another partner's templates are its own");
  });

  test('several ended at once; one with Global Administrator replaced by the same request without it', async () => {
    const [first, second] = [await requested(`Bulk A ${tag}`, [helpdesk]), await requested(`Bulk B ${tag}`, [helpdesk])];
    const admin = await signIn('ayse.admin@anatolia.example');
    const list = pageOf(await admin.open(`${base}/workspace/admin-relationships?status=approvalPending`));
    const bulk = formTo(list, '/workspace/admin-relationships/terminate');
    assert.match(textOf(pageOf(await admin.submit(bulk, { ids: [first, second] })).html), /2 admin relationships ended/);
    for (const id of [first, second]) assert.equal((await running.stack.collections.adminRelationships.findOne({ _id: id }))?.status, 'terminated');

    const withGlobalAdmin = await requested(`Everything ${tag}`, [globalAdministratorRoleId, helpdesk]);
    const detail = pageOf(await admin.open(`${base}/workspace/admin-relationships/${withGlobalAdmin}`));
    const replaced = pageOf(await admin.submit(formTo(detail, `/workspace/admin-relationships/${withGlobalAdmin}/replace-without-global-administrator`)));
    assert.match(textOf(replaced.html), /its replacement without Global Administrator is waiting for approval/);
    const replacement = await running.stack.collections.adminRelationships.findOne({ _id: replaced.url.pathname.split('/').at(-1)! });
    assert.deepEqual(replacement?.roleIds, [helpdesk]);
    assert.equal(replacement?.status, 'approvalPending');
    assert.equal((await running.stack.collections.adminRelationships.findOne({ _id: withGlobalAdmin }))?.closing, 'terminatedByPartner');
  });

  test('a Sales agent reads but cannot request or end; another partner sees none of them', async () => {
    const id = await requested(`Read only ${tag}`, [helpdesk]);
    const sales = await signIn('mehmet.sales@anatolia.example');
    const detail = pageOf(await sales.open(`${base}/workspace/admin-relationships/${id}`));
    assert.equal(detail.status, 200);
    assert.doesNotMatch(detail.html, /\/terminate"/, 'no end button');
    assert.equal(pageOf(await sales.open(`${base}/workspace/admin-relationships/new`)).status, 403);
    const token = formTo(detail, '/workspace/sign-out').fields.csrf!;
    const forged = pageOf(await sales.submit({ action: new URL(`${base}/workspace/admin-relationships/${id}/terminate`), method: 'POST', fields: { csrf: token } }));
    assert.equal(forged.status, 403);
    assert.equal((await running.stack.collections.adminRelationships.findOne({ _id: id }))?.status, 'approvalPending', 'nothing ended');
    const other = await signIn('anna.admin@rhein-it.example');
    assert.equal(pageOf(await other.open(`${base}/workspace/admin-relationships/${id}`)).status, 404);
    assert.doesNotMatch(pageOf(await other.open(`${base}/workspace/admin-relationships`)).html, new RegExp(id));
  });
});
