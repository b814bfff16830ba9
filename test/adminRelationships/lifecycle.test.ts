import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { globalAdministratorRoleId } from '../../domain/entraRoles.js';
import { SeedFile } from '../../domain/tenants.js';
import { adminRelationshipWorkflowId } from '../../workflows/adminRelationshipContract.js';
import { eventually } from '../support/http.js';
import { apiAccessToken } from '../support/identityProvider.js';
import { startSignInStack, type SignInStack } from '../support/signInStack.js';
import { registerReceiver } from '../support/webhookFlows.js';
import { startWebhookReceiver } from '../support/webhookReceiver.js';

/**
 * Admin relationships (GDAP) on real Temporal and MongoDB, with a day of 100 ms (ADMIN_RELATIONSHIP_DAY): the 90 days
 * an approval waits pass in 9 seconds, and a relationship of 40 days in 4.
 */
const demo = SeedFile.parse(JSON.parse(readFileSync(new URL('../../seed/demo.json', import.meta.url), 'utf8')));
const keys = { trAdmin: 'demo-tr-admin-agent-key-0001', trSales: 'demo-tr-sales-agent-key-0002', deAdmin: 'demo-de-admin-agent-key-0001' };
const kyiv = { tenantId: 'kyiv-bakery-ua', admin: 'admin@kyivbakery.example', user: 'user@kyivbakery.example' };
const dubaiAdmin = 'admin@dubailogistics.example';
const roles = { helpdesk: '729827e3-9c14-49f7-bb1b-9608f156bbb8', userAdmin: 'fe930be7-5e62-47db-91af-98c3a49a38b1' };
const tag = randomBytes(3).toString('hex');
const dayMs = 100;

describe('admin relationships (GDAP): one durable workflow from request to expiry, extension or termination', () => {
  let running: SignInStack;
  let base: string;
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (email: string) => {
    if (!tokens.has(email)) tokens.set(email, apiAccessToken(email));
    return tokens.get(email)!;
  };
  const api = async (method: string, path: string, options: { key?: string; as?: string; body?: unknown } = {}) => {
    const bearer = options.key ?? (options.as ? await tokenOf(options.as) : undefined);
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(bearer && { authorization: `Bearer ${bearer}` }),
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
        accept: 'application/json',
      },
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, text, json: /json/.test(response.headers.get('content-type') ?? '') ? (JSON.parse(text) as Record<string, any>) : {} };
  };
  const partner = (method: string, path: string, body?: unknown, key = keys.trAdmin) => api(method, `/v1/admin-relationships${path}`, { key, body });
  const customer = (act: 'approve' | 'reject' | 'terminate', id: string, as = kyiv.admin) => api('POST', `/partner-relationships/admin-relationships/${id}/${act}`, { as, body: {} });
  const stored = (id: string) => running.stack.collections.adminRelationships.findOne({ _id: id });
  const statusOf = async (id: string) => (await stored(id))?.status;
  const until = (id: string, status: string, timeoutMs = 20_000) => eventually(async () => (await statusOf(id)) === status, timeoutMs, `${id} to be ${status}`);

  /** A relationship created and locked for approval: its ID. */
  async function requested(body: Record<string, unknown> = {}) {
    const created = await partner('POST', '', {
      displayName: `GDAP ${tag} ${randomUUID().slice(0, 8)}`,
      duration: 'P40D',
      customer: { tenantId: kyiv.tenantId },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: roles.helpdesk }, { roleDefinitionId: roles.userAdmin }] },
      ...body,
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.status, 'created');
    const locked = await partner('POST', `/${created.json.id}/requests`, { action: 'lockForApproval' });
    assert.equal(locked.status, 201, locked.text);
    assert.equal(locked.json.relationship.status, 'approvalPending');
    return created.json.id as string;
  }

  before(async () => {
    running = await startSignInStack({ seed: demo, mcaVersion: 'MCA-test', stack: { adminRelationshipDay: `${dayMs}ms` } });
    base = running.base;
  });
  after(() => running?.stop());

  test('approved, active with its access assignment, the partner told 30, 7 and 1 days before, then expired and the access removed; each change a webhook event', async (t) => {
    const receiver = await startWebhookReceiver();
    t.after(() => receiver.close());
    await registerReceiver(running.stack, keys.trAdmin, receiver, ['admin_relationship.approval_pending', 'admin_relationship.active', 'admin_relationship.expiring', 'admin_relationship.expired']);
    const id = await requested();
    const asked = await eventually(async () => (await running.stack.collections.outbox.findOne({ _id: `admin-approval:${id}:0` })) ?? undefined, 10_000, 'the approval email');
    assert.match(asked.text, /Helpdesk Administrator/);
    assert.match(asked.text, new RegExp(`/partner-relationships/admin-relationships/${id}`));

    const approved = await customer('approve', id);
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.json.status, 'active');
    const active = (await stored(id))!;
    assert.equal(active.approvedBy?.kind, 'customer');
    assert.equal(active.endAt!.getTime() - active.activatedAt!.getTime(), 40 * dayMs);

    const outside = await partner('POST', `/${id}/access-assignments`, {
      accessContainer: { accessContainerId: randomUUID() },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: globalAdministratorRoleId }] },
    });
    assert.equal(outside.status, 400, 'a role the relationship does not hold');
    const assigned = await partner('POST', `/${id}/access-assignments`, {
      accessContainer: { accessContainerId: randomUUID() },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: roles.helpdesk }] },
    });
    assert.equal(assigned.status, 201, assigned.text);
    await eventually(async () => (await running.stack.collections.accessAssignments.findOne({ _id: assigned.json.id }))?.status === 'active', 10_000, 'the assignment granted');

    await until(id, 'expired');
    const expired = (await stored(id))!;
    assert.equal(expired.closing, 'expired');
    assert.deepEqual([...(expired.noticesSent ?? [])].sort((a, b) => a - b), [1, 7, 30]);
    const notices = await running.stack.collections.outbox.find({ _id: { $regex: `^admin-expiry:${id}:` } }).toArray();
    assert.equal(notices.length, 3, "the partner's three notices");
    assert.deepEqual(notices.map((notice) => notice.to).flat().sort(), Array(3).fill('ayse.admin@anatolia.example'));
    assert.equal((await running.stack.collections.accessAssignments.findOne({ _id: assigned.json.id }))?.status, 'deleted', 'access ends with the relationship');
    const result = await running.stack.client.workflow.getHandle(adminRelationshipWorkflowId('anatolia-cloud-tr', id)).result();
    assert.equal(result, 'expired');
    const events = await eventually(async () => {
      const mine = [...receiver.processed.values()].filter((event) => event.data.id === id);
      return mine.length >= 4 && mine;
    }, 20_000, 'the four events');
    // Each delivery is a workflow of its own: they may arrive in any order.
    assert.deepEqual(events.map((event) => `${event.type} ${event.data.status}`).sort(), [
      'admin_relationship.active active',
      'admin_relationship.approval_pending approvalPending',
      'admin_relationship.expired expired',
      'admin_relationship.expiring expiring',
    ]);
  });

  test('one that extends itself is extended at its end (a new run each term); with Global Administrator it may not extend', async () => {
    const refused = await partner('POST', '', {
      displayName: `GA ${tag}`,
      duration: 'P10D',
      autoExtendDuration: 'P180D',
      accessDetails: { unifiedRoles: [{ roleDefinitionId: globalAdministratorRoleId }] },
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.json.errors[0].field, 'autoExtendDuration');

    const id = await requested({ duration: 'P2D', autoExtendDuration: 'P180D' });
    assert.equal((await customer('approve', id)).status, 200);
    const firstEnd = (await stored(id))!.endAt!.getTime();
    const extended = await eventually(async () => {
      const current = await stored(id);
      return current && (current.extensions ?? 0) >= 1 ? current : undefined;
    }, 10_000, 'the extension');
    assert.equal(extended.endAt!.getTime(), firstEnd + 180 * dayMs);
    assert.equal(extended.status, 'active');
    const handle = running.stack.client.workflow.getHandle(adminRelationshipWorkflowId('anatolia-cloud-tr', id));
    // The extension is recorded, then the run continues as new: the next term runs as a new run.
    await eventually(async () => {
      const description = await handle.describe();
      return description.runId !== description.raw.workflowExecutionInfo?.firstRunId;
    }, 10_000, 'the next run');

    const ended = await partner('POST', `/${id}/requests`, { action: 'terminate' });
    assert.equal(ended.status, 201, ended.text);
    assert.equal(ended.json.relationship.status, 'terminated');
    assert.equal(ended.json.relationship.closing, 'terminatedByPartner');
  });

  test('terminated by the partner while pending, and by the customer while active with its assignments removed', async () => {
    const pending = await requested();
    const byPartner = await partner('POST', `/${pending}/requests`, { action: 'terminate' });
    assert.equal(byPartner.json.relationship.status, 'terminated');
    assert.equal((await customer('approve', pending)).status, 409, 'too late to approve');

    const id = await requested();
    assert.equal((await customer('approve', id)).status, 200);
    const assigned = await partner('POST', `/${id}/access-assignments`, {
      accessContainer: { accessContainerId: randomUUID() },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: roles.userAdmin }] },
    });
    await eventually(async () => (await running.stack.collections.accessAssignments.findOne({ _id: assigned.json.id }))?.status === 'active', 10_000, 'granted');
    const byCustomer = await customer('terminate', id);
    assert.equal(byCustomer.status, 200, byCustomer.text);
    assert.equal(byCustomer.json.status, 'terminated');
    assert.equal((await stored(id))?.closing, 'terminatedByCustomer');
    assert.equal((await running.stack.collections.accessAssignments.findOne({ _id: assigned.json.id }))?.status, 'deleted');
  });

  test('an unapproved request expires after 90 days, the customer reminded after 7, 30 and 60', async () => {
    const id = await requested();
    await until(id, 'expired', 30_000);
    assert.equal((await stored(id))?.closing, 'approvalExpired');
    const asked = await running.stack.collections.outbox.countDocuments({ _id: { $regex: `^admin-approval:${id}:` } });
    assert.equal(asked, 4, 'the request and three reminders');
    assert.equal((await customer('approve', id)).status, 409);
  });

  test("only a Global administrator of the customer's own tenant decides; a Sales agent cannot create; another partner sees nothing", async () => {
    const id = await requested();
    assert.equal((await customer('approve', id, kyiv.user)).status, 403, 'an ordinary user of the tenant');
    assert.equal((await customer('approve', id, dubaiAdmin)).status, 404, "another tenant's administrator");
    assert.equal(await statusOf(id), 'approvalPending', 'nothing decided');
    const rejected = await customer('reject', id);
    assert.equal(rejected.json.status, 'terminated');
    assert.equal((await stored(id))?.closing, 'rejected');

    const sales = await partner('POST', '', { displayName: `Sales ${tag}`, duration: 'P30D', accessDetails: { unifiedRoles: [{ roleDefinitionId: roles.helpdesk }] } }, keys.trSales);
    assert.equal(sales.status, 403);
    assert.equal((await partner('GET', `/${id}`, undefined, keys.trSales)).status, 200, 'other partner users read');
    assert.equal((await partner('GET', `/${id}`, undefined, keys.deAdmin)).status, 404);
    const theirs = await partner('GET', '', undefined, keys.deAdmin);
    assert.ok(!theirs.json.items.some((item: { id: string }) => item.id === id));
  });

  test('created is a draft: changed with PATCH, a name used twice is 409, and it cannot be locked without a customer', async () => {
    const name = `Draft ${tag}`;
    const created = await partner('POST', '', { displayName: name, duration: 'P30D', accessDetails: { unifiedRoles: [{ roleDefinitionId: roles.helpdesk }] } });
    assert.equal(created.status, 201, created.text);
    const twice = await partner('POST', '', { displayName: name, duration: 'P30D', accessDetails: { unifiedRoles: [{ roleDefinitionId: roles.helpdesk }] } });
    assert.equal(twice.status, 409);
    const noCustomer = await partner('POST', `/${created.json.id}/requests`, { action: 'lockForApproval' });
    assert.equal(noCustomer.status, 400);
    assert.equal(noCustomer.json.errors[0].field, 'customer.tenantId');
    const changed = await partner('PATCH', `/${created.json.id}`, { duration: 'P90D', customer: { tenantId: kyiv.tenantId } });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json.duration, 'P90D');
    assert.equal((await partner('POST', `/${created.json.id}/requests`, { action: 'lockForApproval' })).status, 201);
    assert.equal((await partner('PATCH', `/${created.json.id}`, { duration: 'P10D' })).status, 409, 'no change once locked');
    const bad = await partner('POST', '', { displayName: 'x', duration: 'P731D', accessDetails: { unifiedRoles: [{ roleDefinitionId: randomUUID() }] } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.errors.map((error: { field: string }) => error.field).sort(), ['accessDetails.unifiedRoles.0.roleDefinitionId', 'duration']);
  });
});
