import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { Worker } from '@temporalio/worker';
import type { Mailer, OutgoingEmail } from '../../activities/mailer.js';
import { relationshipEndedEmailKey } from '../../activities/relationshipEndings.js';
import { endRelationship } from '../../client/index.js';
import { relationshipEndingWorkflowId } from '../../workflows/relationshipChangesContract.js';
import { freePort } from '../../scripts/services/processes.js';
import { call, invitationPath } from '../support/http.js';
import { seededStack, workflowBundle } from '../support/stack.js';

/** Every email the stack sends, as handed to the transport. */
const sent: OutgoingEmail[] = [];
const recordingMailer: Mailer = {
  async send(email) {
    sent.push(email);
  },
};
const sentWithKey = (key: string) => sent.filter((email) => email.idempotencyKey === key);

const acceptance = { firstName: 'Olena', lastName: 'Koval', email: 'olena@kyiv.example', acceptAgreement: true };

describe('a partner ends a reseller relationship', () => {
  const ctx = seededStack({ mailer: recordingMailer });
  let server: ServerType | undefined;
  let base = '';

  before(async () => {
    const port = await freePort();
    server = serve({ fetch: ctx.stack.app.fetch, hostname: '127.0.0.1', port });
    await once(server, 'listening');
    base = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    if (server) await new Promise((resolve) => server!.close(resolve));
  });

  /** The real server, over HTTP. */
  const http = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), text, json: text ? (JSON.parse(text) as Record<string, any>) : {} };
  };

  /** A request the customer accepts through its link: the relationship exists once this returns. */
  async function acceptedRequest(customerTenantId: string, customerEmail: string) {
    const created = await http('POST', '/v1/relationship-requests', ctx.world.keys.trAdmin, {
      customerTenantId,
      customerEmail,
      includeDelegatedAdminPrivileges: true,
    });
    assert.equal(created.status, 201, created.text);
    const accepted = await fetch(`${base}${invitationPath(created.json.invitationUrl)}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(acceptance),
    });
    assert.equal(accepted.status, 200, await accepted.clone().text());
    return created.json.id as string;
  }

  const customersOf = async (status?: string, customerTenantId?: string) => {
    const list = await http('GET', `/v1/customers?limit=100${status ? `&status=${status}` : ''}`, ctx.world.keys.trReader);
    assert.equal(list.status, 200, list.text);
    const items = list.json.items as Record<string, any>[];
    return customerTenantId ? items.filter((item) => item.customerTenantId === customerTenantId) : items;
  };

  const endingDone = (customerTenantId: string, relationshipId: string) =>
    ctx.stack.client.workflow
      .getHandle(relationshipEndingWorkflowId({ partnerTenantId: ctx.world.tenants.trPartner, customerTenantId, relationshipId }))
      .result();

  test('the relationship is kept as ended, leaves the list, the customer is told once, and the pair may start again', async () => {
    const { tenants, keys, tag } = ctx.world;
    const ua = tenants.uaCustomer;
    const firstRequest = await acceptedRequest(ua, 'owner@kyiv.example');
    const [active] = await customersOf(undefined, ua);
    assert.ok(active, 'the customer is in the list');
    assert.equal(active.status, 'active');

    const ended = await http('POST', `/v1/customers/${ua}/relationship/end`, keys.trSales, { reason: '  The customer moved to another partner  ' });
    assert.equal(ended.status, 200, ended.text);
    assert.equal(ended.type, 'application/json');
    const salesUser = `sales-${tag}@anatolia.example`;
    assert.deepEqual(
      { ...ended.json, endedAt: typeof ended.json.endedAt },
      {
        ...active,
        status: 'ended',
        endedAt: 'string',
        endedBy: { userId: `${tenants.trPartner}:${salesUser}`, email: salesUser },
        reason: 'The customer moved to another partner',
      },
    );
    const relationshipId = ended.json.relationshipId as string;

    assert.deepEqual(await customersOf(undefined, ua), [], 'it left the customer list');
    assert.deepEqual(await customersOf('ended', ua), [ended.json]);
    assert.deepEqual(await customersOf('all', ua), [ended.json]);

    await endingDone(ua, relationshipId);
    const handle = ctx.stack.client.workflow.getHandle(relationshipEndingWorkflowId({ partnerTenantId: tenants.trPartner, customerTenantId: ua, relationshipId }));
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: ctx.stack.dataConverter }, await handle.fetchHistory(), handle.workflowId);
    const [email, ...more] = sentWithKey(relationshipEndedEmailKey(relationshipId));
    assert.ok(email, 'the customer was emailed');
    assert.equal(more.length, 0, 'once');
    assert.deepEqual(email.to, [`it@ua-${tag}.example`, 'owner@kyiv.example'], "the tenant's contact and the address the request went to");
    assert.equal(email.subject, 'Anatolia Cloud ended its reseller relationship with Kyiv Bakery');
    assert.match(email.text, /The customer moved to another partner/);
    assert.match(email.text, /delegated admin privileges/);
    assert.ok(email.text.includes(relationshipId));

    const events = await ctx.stack.collections.relationshipEvents.find({ relationshipId }).sort({ at: 1 }).toArray();
    assert.deepEqual(
      events.map(({ _id, type, actor }) => ({ _id, type, actor: actor.kind })),
      [
        { _id: `relationship_ended:${relationshipId}`, type: 'relationship_ended', actor: 'partnerUser' },
        { _id: `customer_notified:${relationshipId}`, type: 'customer_notified', actor: 'system' },
      ],
    );
    assert.deepEqual(events[0]?.actor, { kind: 'partnerUser', userId: `${tenants.trPartner}:${salesUser}`, email: salesUser });

    // The pair may ask again; the new acceptance makes a new active relationship and the old one stays ended.
    const secondRequest = await acceptedRequest(ua, 'owner@kyiv.example');
    assert.notEqual(secondRequest, firstRequest);
    const [renewed] = await customersOf(undefined, ua);
    assert.equal(renewed?.customerTenantId, ua);
    assert.equal(renewed?.status, 'active');
    assert.notEqual(renewed?.relationshipId, relationshipId);
    assert.deepEqual(
      (await customersOf('all', ua)).map((item) => [item.relationshipId, item.status]),
      [
        [renewed?.relationshipId, 'active'],
        [relationshipId, 'ended'],
      ],
    );
    assert.equal(await ctx.stack.collections.relationships.countDocuments({ customerTenantId: ua }), 1);
    assert.equal(await ctx.stack.collections.endedRelationships.countDocuments({ customerTenantId: ua }), 1);

    const again = await call(ctx.stack, 'POST', `/v1/customers/${ua}/relationship/end`, { key: keys.trAdmin, body: { reason: 'again' } });
    assert.equal(again.status, 200, 'the new relationship can end in turn');
    assert.notEqual(again.json.relationshipId, relationshipId);
  });

  test("a brand-new customer's relationship ends too, and a Turkish customer is told in Turkish", async () => {
    const { keys, tag } = ctx.world;
    const added = await call(ctx.stack, 'POST', '/v1/customers', {
      key: keys.trAdmin,
      body: {
        domainPrefix: `ankara${tag}`,
        companyName: 'Ankara Yazılım',
        country: 'TR',
        email: `bt@ankara-${tag}.example`,
        preferredLanguage: 'tr',
        includeDelegatedAdminPrivileges: false,
        agreement: { firstName: 'Deniz', lastName: 'Kaya', email: `deniz@ankara-${tag}.example`, acceptAgreement: true },
      },
    });
    assert.equal(added.status, 201, added.text);
    const tenantId = added.json.customerTenantId as string;
    const ended = await http('POST', `/v1/customers/${tenantId}/relationship/end`, keys.trAdmin, { reason: 'Sözleşme sona erdi' });
    assert.equal(ended.status, 200, ended.text);
    await endingDone(tenantId, ended.json.relationshipId);
    const [email] = sentWithKey(relationshipEndedEmailKey(ended.json.relationshipId));
    assert.deepEqual(email?.to, [`bt@ankara-${tag}.example`]);
    assert.equal(email?.subject, 'Anatolia Cloud, Ankara Yazılım ile kurumsal bayi ilişkisini sonlandırdı');
    assert.match(email?.text ?? '', /kurumsal bayi ilişkisini .* tarihinde sonlandırdı/);
    assert.match(email?.text ?? '', /İş ortağının belirttiği gerekçe: Sözleşme sona erdi/);
    assert.doesNotMatch(email?.text ?? '', /temsilci yönetici/, 'it held no delegated admin privileges');
    assert.match(email?.html ?? '', /<html lang="tr">/);
  });

  test('only an Admin agent or a Sales agent ends a relationship; none active is 404; a bad call is a 400 naming the field', async () => {
    const { tenants, keys } = ctx.world;
    await acceptedRequest(tenants.aeCustomer, 'it@dubai.example');
    const path = `/v1/customers/${tenants.aeCustomer}/relationship/end`;

    const reader = await call(ctx.stack, 'POST', path, { key: keys.trReader, body: { reason: 'no' } });
    assert.equal(reader.status, 403);
    assert.equal(reader.headers.get('content-type'), 'application/problem+json');
    assert.match(reader.json.detail, /Admin agent or a Sales agent/);
    assert.equal((await call(ctx.stack, 'POST', path, { body: { reason: 'no' } })).status, 401);

    const otherPartner = await call(ctx.stack, 'POST', path, { key: keys.deAdmin, body: { reason: 'not mine' } });
    assert.equal(otherPartner.status, 404, "another partner's relationship is none of its own");
    assert.equal(otherPartner.json.type, '/problems/relationship-not-found');
    assert.equal((await call(ctx.stack, 'POST', `/v1/customers/${tenants.usPublicCustomer}/relationship/end`, { key: keys.trAdmin, body: { reason: 'x' } })).status, 404);
    assert.equal((await call(ctx.stack, 'POST', '/v1/customers/nobody-here/relationship/end', { key: keys.trAdmin, body: { reason: 'x' } })).status, 404);

    const noReason = await call(ctx.stack, 'POST', path, { key: keys.trAdmin, body: { reason: ' ' } });
    assert.equal(noReason.status, 400);
    assert.deepEqual(noReason.json.errors.map((error: { field: string }) => error.field), ['reason']);
    const badTenant = await call(ctx.stack, 'POST', '/v1/customers/not:a:tenant/relationship/end', { key: keys.trAdmin, body: { reason: 'x' } });
    assert.equal(badTenant.status, 400);
    assert.deepEqual(badTenant.json.errors.map((error: { field: string }) => error.field), ['tenantId']);
    const badStatus = await call(ctx.stack, 'GET', '/v1/customers?status=gone', { key: keys.trReader });
    assert.equal(badStatus.status, 400);
    assert.deepEqual(badStatus.json.errors.map((error: { field: string }) => error.field), ['status']);

    assert.equal((await customersOf(undefined, tenants.aeCustomer)).length, 1, 'nothing ended');
    const ended = await call(ctx.stack, 'POST', path, { key: keys.trAdmin, body: { reason: 'done' } });
    assert.equal(ended.status, 200);
    const twice = await call(ctx.stack, 'POST', path, { key: keys.trAdmin, body: { reason: 'done again' } });
    assert.equal(twice.status, 404, 'an ended relationship cannot end again');
  });

  test('two endings at once record one ending, email the customer once, and both answers show it', async () => {
    const { tenants, keys } = ctx.world;
    await acceptedRequest(tenants.trCustomer, 'it@izmir.example');
    const path = `/v1/customers/${tenants.trCustomer}/relationship/end`;
    const answers = await Promise.all([
      http('POST', path, keys.trAdmin, { reason: 'first reason' }),
      http('POST', path, keys.trSales, { reason: 'second reason' }),
    ]);
    const ok = answers.filter((answer) => answer.status === 200);
    assert.ok(ok.length >= 1, answers.map((answer) => answer.text).join('\n'));
    for (const answer of answers) assert.ok([200, 404].includes(answer.status), answer.text);
    const endings = await ctx.stack.collections.endedRelationships.find({ customerTenantId: tenants.trCustomer }).toArray();
    assert.equal(endings.length, 1);
    for (const answer of ok) {
      assert.equal(answer.json.reason, endings[0]?.reason, 'every answer shows the one recorded ending');
      assert.equal(answer.json.endedAt, endings[0]?.endedAt.toISOString());
    }
    const relationshipId = endings[0]!.relationshipId;
    await endingDone(tenants.trCustomer, relationshipId);
    assert.equal(sentWithKey(relationshipEndedEmailKey(relationshipId)).length, 1);
    assert.equal(await ctx.stack.collections.relationshipEvents.countDocuments({ relationshipId, type: 'relationship_ended' }), 1);
    assert.equal(await ctx.stack.collections.relationships.countDocuments({ customerTenantId: tenants.trCustomer }), 0);

    // A third ending that read the relationship as active before the first recorded its ending, and reaches Temporal
    // only after that ending's workflow closed: it starts no second run, so nothing is recorded or sent again.
    const ref = { partnerTenantId: tenants.trPartner, customerTenantId: tenants.trCustomer, relationshipId };
    const handle = ctx.stack.client.workflow.getHandle(relationshipEndingWorkflowId(ref));
    const { runId } = await handle.describe();
    const late = await endRelationship(ctx.stack.client, { taskQueue: ctx.stack.taskQueue }, {
      ...ref,
      endedAt: new Date().toISOString(),
      endedBy: { userId: `${tenants.trPartner}:late`, email: 'late@anatolia.example' },
      reason: 'third reason',
      parties: { partner: { name: 'Anatolia Cloud', preferredLanguage: 'tr' }, customer: { companyName: 'Izmir', emails: ['it@izmir.example'] } },
    });
    assert.deepEqual(late, { outcome: 'closedBefore' });
    assert.equal((await handle.describe()).runId, runId, 'no second run');
    assert.equal(sentWithKey(relationshipEndedEmailKey(relationshipId)).length, 1);
    assert.equal(await ctx.stack.collections.endedRelationships.countDocuments({ customerTenantId: tenants.trCustomer }), 1);
  });

  test('the customer list pages through active and ended relationships with one cursor', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await http('GET', `/v1/customers?status=all&limit=1${cursor ? `&cursor=${cursor}` : ''}`, ctx.world.keys.trReader);
      assert.equal(page.status, 200, page.text);
      all.push(...page.json.items.map((item: { relationshipId: string }) => item.relationshipId));
      cursor = page.json.nextCursor;
    } while (cursor);
    const everything = (await customersOf('all')).map((item) => item.relationshipId);
    assert.ok(everything.length >= 5, `${everything.length} relationships so far`);
    assert.deepEqual(all, everything);
  });

  test('the OpenAPI document describes the ending and the filter with their problems', async () => {
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, any>> };
    const endRoute = document.paths['/v1/customers/{tenantId}/relationship/end']?.post;
    assert.ok(endRoute, 'the ending is documented');
    assert.deepEqual(Object.keys(endRoute.responses).sort(), ['200', '400', '401', '403', '404', '413', '429']);
    assert.ok(endRoute.responses['404'].content['application/problem+json']);
    const listParameters = (document.paths['/v1/customers']?.get.parameters as { name: string }[]).map((parameter) => parameter.name);
    assert.ok(listParameters.includes('status'));
    assert.match(await (await fetch(`${base}/docs`)).text(), /relationship\/end/);
  });
});
