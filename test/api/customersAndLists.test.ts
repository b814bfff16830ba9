import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { call } from '../support/http.js';
import { seededStack } from '../support/stack.js';

const newCustomer = (tag: string, changes: Record<string, unknown> = {}) => ({
  domainPrefix: `new${tag.replaceAll('-', '')}`,
  companyName: 'Ankara Yazılım',
  country: 'TR',
  email: `it@new-${tag}.example`,
  includeDelegatedAdminPrivileges: true,
  agreement: { firstName: 'Deniz', lastName: 'Kaya', email: `deniz@new-${tag}.example`, acceptAgreement: true },
  ...changes,
});

describe('customers and lists', () => {
  const ctx = seededStack();

  test('a new customer has the reseller relationship at once, with its MCA record and no invitation', async () => {
    const created = await call(ctx.stack, 'POST', '/v1/customers', { key: ctx.world.keys.trSales, body: newCustomer(ctx.world.tag) });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.relationship, 'reseller');
    assert.equal(created.json.cloud, 'public');
    const id = created.json.customerTenantId as string;
    assert.equal(await ctx.stack.collections.agreementAcceptances.countDocuments({ customerTenantId: id }), 1);
    const agreement = await ctx.stack.collections.agreementAcceptances.findOne({ customerTenantId: id });
    const salesUser = `sales-${ctx.world.tag}@anatolia.example`;
    assert.deepEqual(agreement?.attestedBy, { userId: `${ctx.world.tenants.trPartner}:${salesUser}`, email: salesUser });
    assert.equal(agreement?.attestation.language, 'tr', "the partner attests, in the partner's language");
    assert.match(
      agreement?.attestation.text ?? '',
      new RegExp(`^Anatolia Cloud iş ortağının kullanıcısı ${salesUser}, Deniz Kaya \\(deniz@new-${ctx.world.tag}\\.example\\) adlı kişinin \\d{4}-\\d{2}-\\d{2} tarihinde Ankara Yazılım adına Microsoft Müşteri Sözleşmesi’ni kabul ettiğini beyan eder\\.$`),
    );
    assert.doesNotMatch(agreement?.attestation.text ?? '', /Genel Yönetici|Global administrator/);
    assert.deepEqual(agreement?.acceptedBy, { verifiedBy: 'typedNames', firstName: 'Deniz', lastName: 'Kaya', email: `deniz@new-${ctx.world.tag}.example` });
    assert.equal(await ctx.stack.collections.outbox.countDocuments({}), 0);

    const list = await call(ctx.stack, 'GET', '/v1/customers', { key: ctx.world.keys.trReader });
    assert.deepEqual(list.json.items.map((item: { customerTenantId: string }) => item.customerTenantId), [id]);

    const again = await call(ctx.stack, 'POST', '/v1/customers', { key: ctx.world.keys.trSales, body: newCustomer(ctx.world.tag) });
    assert.equal(again.status, 409);
    assert.equal(again.json.errors[0].field, 'domainPrefix');

    const otherPartner = await call(ctx.stack, 'GET', '/v1/customers', { key: ctx.world.keys.deAdmin });
    assert.equal(otherPartner.json.items.length, 0);

    // Searched by a part of its name, domain or tenant ID, in any case; a search another partner makes finds nothing.
    const ids = async (key: string, text: string) =>
      (await call(ctx.stack, 'GET', `/v1/customers?q=${encodeURIComponent(text)}`, { key })).json.items.map((item: { customerTenantId: string }) => item.customerTenantId);
    assert.deepEqual(await ids(ctx.world.keys.trReader, 'ankara yaz'), [id]);
    assert.deepEqual(await ids(ctx.world.keys.trReader, `new${ctx.world.tag.replaceAll('-', '')}.onmicrosoft`.toUpperCase()), [id]);
    assert.deepEqual(await ids(ctx.world.keys.trReader, id.slice(4, 16)), [id]);
    assert.deepEqual(await ids(ctx.world.keys.trReader, 'izmir'), []);
    assert.deepEqual(await ids(ctx.world.keys.deAdmin, 'ankara'), []);
    const tooLong = await call(ctx.stack, 'GET', `/v1/customers?q=${'x'.repeat(101)}`, { key: ctx.world.keys.trReader });
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.json.errors[0].field, 'q');
  });

  test('new customers follow the region and delegated-admin rules too', async () => {
    const region = await call(ctx.stack, 'POST', '/v1/customers', {
      key: ctx.world.keys.trAdmin,
      body: newCustomer(`${ctx.world.tag}-de`, { country: 'DE' }),
    });
    assert.equal(region.status, 422);
    assert.equal(region.json.code, 'region_not_allowed');
    assert.match(region.json.detail, /cannot add a customer in DE/, 'adding a customer is not inviting one');
    assert.doesNotMatch(region.json.detail, /invit/);
    const dap = await call(ctx.stack, 'POST', '/v1/customers', {
      key: ctx.world.keys.usAdmin,
      body: newCustomer(`${ctx.world.tag}-us`, { country: 'US', includeDelegatedAdminPrivileges: false }),
    });
    assert.equal(dap.status, 422);
    assert.equal(dap.json.code, 'delegated_admin_required');
    const forbidden = await call(ctx.stack, 'POST', '/v1/customers', { key: ctx.world.keys.trReader, body: newCustomer(`${ctx.world.tag}-x`) });
    assert.equal(forbidden.status, 403);
    assert.equal(await ctx.stack.collections.customers.countDocuments({ domain: { $regex: `${ctx.world.tag}(de|us|x)\\.` } }), 0);
  });

  test("an English-speaking partner's attestation is recorded in English", async () => {
    const created = await call(ctx.stack, 'POST', '/v1/customers', {
      key: ctx.world.keys.usAdmin,
      body: newCustomer(`us${ctx.world.tag}`, { country: 'US', companyName: 'Austin Records' }),
    });
    assert.equal(created.status, 201, created.text);
    const agreement = await ctx.stack.collections.agreementAcceptances.findOne({ customerTenantId: created.json.customerTenantId });
    const adminUser = `admin-${ctx.world.tag}@liberty.example`;
    assert.equal(agreement?.attestation.language, 'en');
    assert.equal(agreement?.attestedBy?.email, adminUser);
    assert.equal(
      agreement?.attestation.text,
      `${adminUser} of Liberty Gov attests that Deniz Kaya (deniz@new-us${ctx.world.tag}.example) accepted the Microsoft Customer Agreement on behalf of Austin Records on ${agreement?.acceptedAt.toISOString().slice(0, 10)}.`,
    );
  });

  test('a US Government partner adds only US customers: any other country is a 400 naming the field', async () => {
    // Guam shares the United States CSP region, so only the US Government rule refuses it; Germany fails both.
    for (const country of ['GU', 'DE']) {
      const refused = await call(ctx.stack, 'POST', '/v1/customers', {
        key: ctx.world.keys.usAdmin,
        body: newCustomer(`${ctx.world.tag}-gov-${country.toLowerCase()}`, { country }),
      });
      assert.equal(refused.status, 400, country);
      assert.equal(refused.headers.get('content-type'), 'application/problem+json');
      assert.deepEqual(refused.json.errors.map((error: { field: string }) => error.field), ['country']);
      assert.match(refused.json.errors[0].message, /US Government/);
      assert.equal(refused.json.code, undefined, 'not a relationship rule');
    }
    assert.equal(await ctx.stack.collections.customers.countDocuments({ domain: { $regex: `${ctx.world.tag}gov` } }), 0);
  });

  test('the request list pages newest first, filters by status, and shows only this partner', async () => {
    const customers = [ctx.world.tenants.uaCustomer, ctx.world.tenants.aeCustomer, ctx.world.tenants.trCustomer];
    const ids: string[] = [];
    for (const customerTenantId of customers) {
      const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
        key: ctx.world.keys.trAdmin,
        body: { customerTenantId, customerEmail: 'it@c.example', includeDelegatedAdminPrivileges: true },
      });
      assert.equal(created.status, 201, created.text);
      ids.push(created.json.id);
    }
    const rejected = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: { customerTenantId: ctx.world.tenants.deCustomer, customerEmail: 'it@c.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(rejected.status, 422);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(ctx.stack, 'GET', `/v1/relationship-requests?limit=2&status=pending${cursor ? `&cursor=${cursor}` : ''}`, {
        key: ctx.world.keys.trReader,
      });
      assert.equal(page.status, 200, page.text);
      assert.ok(page.json.items.length <= 2);
      for (const item of page.json.items) {
        assert.equal(item.status, 'pending');
        assert.ok(item.expiresAt && item.createdAt && item.customerTenantId);
        assert.equal('invitationUrl' in item, false, 'a read-only role gets no invitation link');
        seen.push(item.id);
      }
      cursor = page.json.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [...ids].reverse());

    const rejectedOnly = await call(ctx.stack, 'GET', '/v1/relationship-requests?status=rejected', { key: ctx.world.keys.trReader });
    assert.deepEqual(rejectedOnly.json.items.map((item: { id: string }) => item.id), [rejected.json.requestId]);

    const other = await call(ctx.stack, 'GET', '/v1/relationship-requests', { key: ctx.world.keys.deAdmin });
    assert.equal(other.json.items.length, 0);
  });

  test('bad list parameters are 400s naming the field', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=ten', 'status=open']) {
      const response = await call(ctx.stack, 'GET', `/v1/relationship-requests?${query}`, { key: ctx.world.keys.trReader });
      assert.equal(response.status, 400, query);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      assert.equal(response.json.errors[0].field, query.split('=')[0]);
    }
  });
});
