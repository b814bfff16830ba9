import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { pairKey } from '../../platform/documents.js';
import { sampleParties } from '../support/fixtures.js';
import { call } from '../support/http.js';
import { seededStack } from '../support/stack.js';

describe('pagination is stable under concurrent inserts', () => {
  const ctx = seededStack();

  const insertRequest = () => {
    const now = new Date();
    return ctx.stack.collections.requests.insertOne({
      _id: uuidv7(),
      workflowId: 'w',
      runId: 'r',
      partnerTenantId: ctx.world.tenants.trPartner,
      customerTenantId: ctx.world.tenants.uaCustomer,
      customerEmail: 'x@y.example',
      status: 'pending',
      includeDelegatedAdminPrivileges: true,
      requestedBy: { userId: 'u', email: 'u@p.example' },
      parties: sampleParties(),
      createdAt: now,
      updatedAt: now,
      remindersSent: 0,
      events: {},
    });
  };

  test('requests: every item present at the start is seen exactly once while new ones arrive', async () => {
    for (let i = 0; i < 11; i += 1) await insertRequest();
    const present = (await ctx.stack.collections.requests.find({}).toArray()).map((r) => r._id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(ctx.stack, 'GET', `/v1/relationship-requests?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { key: ctx.world.keys.trAdmin });
      assert.equal(page.status, 200);
      seen.push(...page.json.items.map((item: { id: string }) => item.id));
      cursor = page.json.nextCursor;
      await insertRequest();
      await insertRequest();
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length, 'an item was repeated');
    assert.deepEqual([...seen].sort(), [...present].sort(), 'an item present at the start was skipped');
  });

  test('customers: the same holds for the customer list', async () => {
    const customerIds = Array.from({ length: 7 }, (_, i) => `${ctx.world.tag}-c${String(i).padStart(2, '0')}`);
    const addCustomer = async (id: string) => {
      await ctx.stack.collections.customers.insertOne({
        _id: id, domain: `${id}.example`, companyName: id, country: 'TR', cloud: 'public', email: `it@${id}.example`, createdAt: new Date(), updatedAt: new Date(),
      });
      await ctx.stack.collections.relationships.insertOne({
        _id: pairKey(ctx.world.tenants.trPartner, id), partnerTenantId: ctx.world.tenants.trPartner, customerTenantId: id,
        type: 'reseller', delegatedAdminPrivileges: true, since: new Date(), origin: { kind: 'newCustomer', partnerUserId: 'u' },
      });
    };
    for (const id of customerIds) await addCustomer(id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let extra = 0;
    do {
      const page = await call(ctx.stack, 'GET', `/v1/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { key: ctx.world.keys.trAdmin });
      seen.push(...page.json.items.map((item: { customerTenantId: string }) => item.customerTenantId));
      cursor = page.json.nextCursor;
      await addCustomer(`${ctx.world.tag}-a${extra++}`); // sorts before every listed one: never seen, never shifts a page
    } while (cursor);
    assert.deepEqual(seen, customerIds);
  });
});
