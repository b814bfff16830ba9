import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maxBatchBodyBytes } from '../../api/app.js';
import { call } from '../support/http.js';
import { seededStack } from '../support/stack.js';

const path = '/v1/relationship-request-batches';

describe('a batch is checked whole before anything starts', () => {
  const ctx = seededStack();
  const item = (extra: Record<string, unknown> = {}) => ({
    customerTenantId: ctx.world.tenants.uaCustomer,
    customerEmail: 'it@ua.example',
    includeDelegatedAdminPrivileges: true,
    ...extra,
  });

  async function assertNothingWritten() {
    const { collections, client } = ctx.stack;
    assert.equal(await collections.batches.countDocuments({}), 0, 'no batch');
    assert.equal(await collections.batchItems.countDocuments({}), 0, 'no batch items');
    assert.equal(await collections.idempotencyKeys.countDocuments({}), 0, 'no idempotency key');
    assert.equal(await collections.requests.countDocuments({}), 0, 'no request');
    const { count } = await client.workflow.count(`WorkflowType = "relationshipRequestBatch" AND PartnerTenantId = "${ctx.world.tenants.trPartner}"`);
    assert.equal(count, 0, 'no batch workflow');
  }

  test('a CSV with bad rows: 400 naming each bad line and field, nothing written', async () => {
    const { tenants, tag } = ctx.world;
    const csv = [
      'customerTenantId,customerDomain,customerEmail,includeDelegatedAdminPrivileges,message', // line 1
      `${tenants.uaCustomer},,it@ua.example,true,`, // 2
      `,tr-${tag}.example,it@tr.example,FALSE,"Merhaba,`, // 3: a quoted message over two lines
      'ikinci satır"', // 4
      `${tenants.aeCustomer},,not-an-email,true,`, // 5: bad email
      '', // 6: empty, skipped
      `${tenants.deCustomer},,it@de.example,maybe,`, // 7: not a boolean
      `,,it@nobody.example,true,`, // 8: neither tenant nor domain
      `${tenants.usPublicCustomer},,it@us.example,true,hello,extra`, // 9: one field too many
      `${tenants.usGovCustomer},,it@usgov.example,true,${'x'.repeat(1001)}`, // 10: message too long
    ].join('\r\n');
    const response = await call(ctx.stack, 'POST', path, { key: ctx.world.keys.trAdmin, body: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    assert.equal(response.status, 400, response.text);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.equal(response.json.type, '/problems/validation');
    const named = response.json.errors.map((error: { line: number; field: string }) => `${error.line} ${error.field}`);
    assert.deepEqual(named, ['5 customerEmail', '7 includeDelegatedAdminPrivileges', '8 customerTenantId', '9 (row)', '10 message']);
    assert.match(response.json.detail, /^Nothing was started\. line 5: customerEmail: /);
    await assertNothingWritten();
  });

  test('CSV header problems are named on line 1; an empty file and a file of only a header are refused', async () => {
    const send = (csv: string) => call(ctx.stack, 'POST', path, { key: ctx.world.keys.trAdmin, body: csv, headers: { 'content-type': 'text/csv' } });
    const header = await send('customerTenantId,email,includeDelegatedAdminPrivileges\nx,a@b.example,true\n');
    assert.equal(header.status, 400, header.text);
    assert.deepEqual(
      header.json.errors.map((error: { line: number; field: string }) => `${error.line} ${error.field}`),
      ['1 email', '1 customerEmail'],
    );
    assert.equal((await send('')).status, 400);
    assert.equal((await send('customerTenantId,customerEmail,includeDelegatedAdminPrivileges\n')).status, 400);
    const unclosed = await send('customerTenantId,customerEmail,includeDelegatedAdminPrivileges\nx,"a@b.example,true\n');
    assert.equal(unclosed.status, 400, unclosed.text);
    assert.equal(unclosed.json.errors[0].field, '(csv)');
    await assertNothingWritten();
  });

  test('bad JSON items are named by index; too many items, duplicates and a missing body are refused', async () => {
    const bad = await call(ctx.stack, 'POST', path, {
      key: ctx.world.keys.trAdmin,
      body: { items: [item(), item({ customerTenantId: ctx.world.tenants.aeCustomer, customerEmail: 'nope' }), item({ customerTenantId: undefined, extra: 1 })] },
    });
    assert.equal(bad.status, 400, bad.text);
    const errors = bad.json.errors.map((error: { index: number; field: string }) => `${error.index} ${error.field}`);
    assert.ok(errors.includes('1 items.1.customerEmail'), errors.join());
    assert.ok(errors.some((error: string) => error.startsWith('2 ')), errors.join());

    const many = await call(ctx.stack, 'POST', path, {
      key: ctx.world.keys.trAdmin,
      body: { items: Array.from({ length: 1001 }, (_, i) => item({ customerTenantId: `c-${i}` })) },
    });
    assert.equal(many.status, 400, many.text);
    assert.equal(many.json.errors[0].field, 'items');

    const twice = await call(ctx.stack, 'POST', path, {
      key: ctx.world.keys.trAdmin,
      body: { items: [item(), item({ customerTenantId: ctx.world.tenants.aeCustomer }), item({ customerEmail: 'other@ua.example' })] },
    });
    assert.equal(twice.status, 400, twice.text);
    assert.deepEqual(twice.json.errors, [{ field: 'customerTenantId', message: 'the same customer as item 0', index: 2 }]);

    const empty = await call(ctx.stack, 'POST', path, { key: ctx.world.keys.trAdmin, body: { items: [] } });
    assert.equal(empty.status, 400);
    const none = await ctx.stack.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${ctx.world.keys.trAdmin}` } });
    assert.equal(none.status, 400);
    const key = await call(ctx.stack, 'POST', path, { key: ctx.world.keys.trAdmin, body: { items: [item()] }, headers: { 'idempotency-key': 'ä' } });
    assert.equal(key.status, 400, key.text);
    assert.equal(key.json.errors[0].field, 'idempotency-key');
    await assertNothingWritten();
  });

  test('roles, media types and size: 403, 415 and 413', async () => {
    const reader = await call(ctx.stack, 'POST', path, { key: ctx.world.keys.trReader, body: { items: [item()] } });
    assert.equal(reader.status, 403, reader.text);
    const text = await call(ctx.stack, 'POST', path, { key: ctx.world.keys.trAdmin, body: 'hello', headers: { 'content-type': 'text/plain' } });
    assert.equal(text.status, 415, text.text);
    assert.equal(text.headers.get('content-type'), 'application/problem+json');
    const huge = await call(ctx.stack, 'POST', path, {
      key: ctx.world.keys.trAdmin,
      body: `customerTenantId,customerEmail,includeDelegatedAdminPrivileges\n${'x,a@b.example,true\n'.repeat(maxBatchBodyBytes / 16)}`,
      headers: { 'content-type': 'text/csv' },
    });
    assert.equal(huge.status, 413);
    await assertNothingWritten();
  });

  test('unknown batches are 404, for reading and for cancelling', async () => {
    const missing = await call(ctx.stack, 'GET', `${path}/0190aaaa-0000-7000-8000-000000000000`, { key: ctx.world.keys.trReader });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-type'), 'application/problem+json');
    const cancel = await call(ctx.stack, 'POST', `${path}/0190aaaa-0000-7000-8000-000000000000/cancel`, { key: ctx.world.keys.trAdmin });
    assert.equal(cancel.status, 404);
  });

  test('the routes are in the OpenAPI document with their problems, CSV included', async () => {
    const doc = (await call(ctx.stack, 'GET', '/openapi.json')).json;
    const create = doc.paths[path].post;
    assert.ok(create.requestBody.content['text/csv']);
    assert.ok(create.requestBody.content['application/json']);
    assert.ok(create.parameters.some((parameter: { name: string; in: string }) => parameter.name === 'idempotency-key' && parameter.in === 'header'));
    for (const status of ['202', '400', '403', '413', '415', '422']) assert.ok(create.responses[status], `POST lacks ${status}`);
    assert.ok(doc.paths[`${path}/{id}`].get.responses['404']);
    assert.ok(doc.paths[`${path}/{id}/cancel`].post.responses['409']);
  });
});
