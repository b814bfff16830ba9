import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { partnerAttestationFor } from '../../domain/agreement.js';
import type { NewCustomerInput, NewCustomerOutcome } from '../../workflows/addCustomerContract.js';
import { addCustomerWorkflowId } from '../../workflows/addCustomerContract.js';
import { seededStack } from '../support/stack.js';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const newTenant = (domainPrefix: string, changes: Record<string, unknown> = {}) => ({
  domainPrefix,
  companyName: 'Ankara Yazılım',
  country: 'TR',
  email: 'it@ankarayazilim.example',
  includeDelegatedAdminPrivileges: true,
  agreement: { firstName: 'Deniz', lastName: 'Kaya', email: 'deniz@ankarayazilim.example', acceptAgreement: true },
  ...changes,
});

describe('a new customer is a new tenant, made by the engine (through a listening server)', () => {
  const ctx = seededStack();
  let server: ServerType;
  let base: string;

  before(async () => {
    server = serve({ fetch: ctx.stack.app.fetch, hostname: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server?.close(resolve)));

  const post = async (key: string, body: unknown) => {
    const response = await fetch(`${base}/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), text, json: JSON.parse(text) as Record<string, any> };
  };
  const written = async () => ({
    customers: await ctx.stack.collections.customers.countDocuments({}),
    relationships: await ctx.stack.collections.relationships.countDocuments({}),
    agreements: await ctx.stack.collections.agreementAcceptances.countDocuments({}),
  });
  const holders = (domain: string) => ctx.stack.collections.customers.countDocuments({ domain });

  test('the engine assigns a GUID tenant ID and the .onmicrosoft.com domain, and the customer is listed', async () => {
    const prefix = `Ankara${ctx.world.tag}`;
    const created = await post(ctx.world.keys.trSales, newTenant(prefix));
    assert.equal(created.status, 201, created.text);
    assert.match(created.json.customerTenantId, guid);
    assert.equal(created.json.domain, `${prefix.toLowerCase()}.onmicrosoft.com`, 'the prefix is case-insensitive, stored lower-case');
    const stored = await ctx.stack.collections.customers.findOne({ _id: created.json.customerTenantId });
    assert.equal(stored?.domain, created.json.domain);

    const listed = await fetch(`${base}/v1/customers?limit=100`, { headers: { authorization: `Bearer ${ctx.world.keys.trReader}` } });
    const items = ((await listed.json()) as { items: { customerTenantId: string; domain: string }[] }).items;
    assert.deepEqual(
      items.filter((item) => item.customerTenantId === created.json.customerTenantId).map((item) => item.domain),
      [created.json.domain],
    );
  });

  test('a US Government partner gets a .onmicrosoft.us tenant', async () => {
    const created = await post(ctx.world.keys.usAdmin, newTenant(`austin${ctx.world.tag}`, { country: 'US', companyName: 'Austin Records' }));
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.domain, `austin${ctx.world.tag}.onmicrosoft.us`);
    assert.equal(created.json.cloud, 'usgov');
    assert.match(created.json.customerTenantId, guid);
  });

  test('a body with tenantId or domain is a 400 naming each, and nothing is written', async () => {
    const before = await written();
    const tenantId = `real-tenant-${ctx.world.tag}`;
    const cases: [Record<string, unknown>, string[]][] = [
      [{ tenantId }, ['tenantId']],
      [{ domain: `contoso-${ctx.world.tag}.example` }, ['domain']],
      [{ tenantId, domain: `contoso-${ctx.world.tag}.example` }, ['tenantId', 'domain']],
    ];
    for (const [extra, fields] of cases) {
      const refused = await post(ctx.world.keys.trAdmin, newTenant(`refused${ctx.world.tag}`, extra));
      assert.equal(refused.status, 400, refused.text);
      assert.equal(refused.type, 'application/problem+json');
      assert.deepEqual(refused.json.errors.map((error: { field: string }) => error.field).sort(), [...fields].sort());
    }
    assert.deepEqual(await written(), before);
    assert.equal(await ctx.stack.collections.customers.countDocuments({ _id: tenantId }), 0);
    assert.equal(await holders(`refused${ctx.world.tag}.onmicrosoft.com`), 0);
  });

  test('the OpenAPI document asks for domainPrefix, not tenantId or domain', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as Record<string, any>;
    const operation = doc.paths['/v1/customers'].post;
    const schema = operation.requestBody.content['application/json'].schema;
    const body = schema.$ref ? doc.components.schemas[schema.$ref.split('/').at(-1)] : schema;
    assert.ok(body.required.includes('domainPrefix'));
    assert.equal(body.properties.domainPrefix.pattern, '^[A-Za-z0-9]{2,63}$');
    assert.equal(body.properties.tenantId, undefined);
    assert.equal(body.properties.domain, undefined);
    assert.equal(body.additionalProperties, false);
    assert.ok(operation.responses['409'], 'a taken prefix is documented');
  });

  test('a prefix is letters and digits only', async () => {
    const before = await written();
    for (const prefix of ['contoso-tr', 'contoso.com', 'x', 'a'.repeat(64), 'ankara yazılım', '', 42]) {
      const refused = await post(ctx.world.keys.trAdmin, newTenant(prefix as string));
      assert.equal(refused.status, 400, `${prefix}: ${refused.text}`);
      assert.deepEqual(refused.json.errors.map((error: { field: string }) => error.field), ['domainPrefix']);
    }
    assert.deepEqual(await written(), before);
  });

  test('a taken prefix is a 409 naming domainPrefix, whoever holds the domain', async () => {
    // The operator's seed holds this one; the engine never created it.
    const seeded = `seeded${ctx.world.tag}`;
    await ctx.stack.seed({
      partners: [],
      customers: [{ tenantId: `seeded-${ctx.world.tag}`, domain: `${seeded}.onmicrosoft.com`, companyName: 'Seeded', country: 'TR', cloud: 'public', email: 'it@seeded.example' }],
    });
    const before = await written();
    const taken = await post(ctx.world.keys.trAdmin, newTenant(seeded.toUpperCase()));
    assert.equal(taken.status, 409, taken.text);
    assert.equal(taken.type, 'application/problem+json');
    assert.deepEqual(taken.json.errors.map((error: { field: string }) => error.field), ['domainPrefix']);
    assert.equal(taken.json.existingCustomerTenantId, undefined, 'another holder is not named');
    assert.deepEqual(await written(), before);

    // The same prefix in the other cloud is another domain.
    const inUsGov = await post(ctx.world.keys.usAdmin, newTenant(seeded, { country: 'US' }));
    assert.equal(inUsGov.status, 201, inUsGov.text);
    assert.equal(inUsGov.json.domain, `${seeded}.onmicrosoft.us`);
  });

  test('concurrent POSTs of one prefix: one tenant, one 201, the rest 409', async () => {
    const prefix = `race${ctx.world.tag}`;
    const answers = await Promise.all([
      post(ctx.world.keys.trAdmin, newTenant(prefix)),
      post(ctx.world.keys.trSales, newTenant(prefix, { companyName: 'Ankara Yazılım A.Ş.' })),
      post(ctx.world.keys.deAdmin, newTenant(prefix, { country: 'DE', companyName: 'Berlin Bäckerei' })),
      post(ctx.world.keys.trAdmin, newTenant(prefix)),
    ]);
    const statuses = answers.map((answer) => answer.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409], answers.map((answer) => answer.text).join('\n'));
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      assert.deepEqual(refused.json.errors.map((error: { field: string }) => error.field), ['domainPrefix']);
    }
    const winner = answers.find((answer) => answer.status === 201)!.json.customerTenantId as string;
    assert.equal(await holders(`${prefix}.onmicrosoft.com`), 1);
    assert.equal(await ctx.stack.collections.relationships.countDocuments({ customerTenantId: winner }), 1);
    assert.equal(await ctx.stack.collections.agreementAcceptances.countDocuments({ customerTenantId: winner }), 1);
  });

  test('a POST retried after a lost answer creates no second tenant and learns which tenant it made', async () => {
    const prefix = `retry${ctx.world.tag}`;
    const first = await post(ctx.world.keys.trSales, newTenant(prefix));
    assert.equal(first.status, 201, first.text);
    const before = await written();

    const retried = await post(ctx.world.keys.trSales, newTenant(prefix));
    assert.equal(retried.status, 409, retried.text);
    assert.deepEqual(retried.json.errors.map((error: { field: string }) => error.field), ['domainPrefix']);
    assert.equal(retried.json.existingCustomerTenantId, first.json.customerTenantId);
    assert.deepEqual(await written(), before);

    // A retry that passed the API's check just before the first one wrote: a new run of the workflow, another tenant
    // ID, the same domain. The unique domain index stops it.
    const domain = `${prefix}.onmicrosoft.com`;
    const signatory = { firstName: 'Deniz', lastName: 'Kaya', email: 'deniz@ankarayazilim.example' };
    const acceptedAt = new Date().toISOString();
    const input: NewCustomerInput = {
      tenantId: randomUUID(),
      domain,
      companyName: 'Ankara Yazılım',
      country: 'TR',
      cloud: 'public',
      email: 'it@ankarayazilim.example',
      includeDelegatedAdminPrivileges: true,
      partnerTenantId: ctx.world.tenants.trPartner,
      createdBy: { userId: 'u', email: `sales-${ctx.world.tag}@anatolia.example` },
      agreement: {
        ...signatory,
        acceptedAt,
        attestation: partnerAttestationFor('en', { partnerName: 'Anatolia Cloud', partnerUserEmail: 'sales@anatolia.example', signatory, companyName: 'Ankara Yazılım', acceptedAt }, 'test'),
      },
    };
    const outcome = await ctx.stack.client.workflow.execute<(input: NewCustomerInput) => Promise<NewCustomerOutcome>>('addCustomer', {
      workflowId: addCustomerWorkflowId(domain),
      taskQueue: ctx.stack.taskQueue,
      args: [input],
    });
    assert.deepEqual(outcome, { outcome: 'domainTaken' });
    assert.equal(await holders(domain), 1);
    assert.deepEqual(await written(), before);
  });
});
