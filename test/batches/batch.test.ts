import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Worker } from '@temporalio/worker';
import { pairKey } from '../../platform/documents.js';
import { batchWorkflowId } from '../../workflows/relationshipRequestBatchContract.js';
import { eventually } from '../support/http.js';
import { seededStack, workflowBundle } from '../support/stack.js';
import { allItems, batchWhen, done, fetchJson, listen, manyCustomers } from './support.js';

const path = '/v1/relationship-request-batches';

describe('a batch of 1,000 customers, through a listening server', () => {
  const ctx = seededStack();
  let server: Awaited<ReturnType<typeof listen>>;
  // 900 customers in the partner's region, 50 in another region, 30 in the US Government cloud; 20 unknown domains.
  const place = (i: number) => (i < 900 ? { country: 'UA', cloud: 'public' as const } : i < 950 ? { country: 'DE', cloud: 'public' as const } : { country: 'US', cloud: 'usgov' as const });
  let customers: ReturnType<typeof manyCustomers>;
  let cancelCustomers: ReturnType<typeof manyCustomers>;
  let operatorCustomers: ReturnType<typeof manyCustomers>;

  before(async () => {
    const { tag, tenants } = ctx.world;
    customers = manyCustomers(tag, 'bulk', 980, place);
    cancelCustomers = manyCustomers(tag, 'stop', 300);
    operatorCustomers = manyCustomers(tag, 'ops', 150);
    await ctx.stack.seed({ partners: [], customers: [...customers, ...cancelCustomers, ...operatorCustomers] });
    // Customers 10-19 already have a relationship with the partner.
    await ctx.stack.collections.relationships.insertMany(
      customers.slice(10, 20).map((customer) => ({
        _id: pairKey(tenants.trPartner, customer.tenantId),
        partnerTenantId: tenants.trPartner,
        customerTenantId: customer.tenantId,
        type: 'reseller' as const,
        delegatedAdminPrivileges: true,
        since: new Date(),
        origin: { kind: 'newCustomer' as const, partnerUserId: 'seed' },
      })),
    );
    server = await listen(ctx.stack);
  });
  after(() => server?.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetchJson(`${server.base}${path}`, {
      method: 'POST',
      key: ctx.world.keys.trAdmin,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });

  test('every item is accounted for: invited, already open, rejected by code, unknown; once each', { timeout: 600_000 }, async (t) => {
    const { keys, tenants, tag } = ctx.world;
    // Customers 0-9 have an open request already.
    const existing = new Map<string, string>();
    for (const customer of customers.slice(0, 10)) {
      const single = await fetchJson(`${server.base}/v1/relationship-requests`, {
        method: 'POST',
        key: keys.trSales,
        body: JSON.stringify({ customerTenantId: customer.tenantId, customerEmail: customer.email, includeDelegatedAdminPrivileges: true }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(single.status, 201, single.text);
      existing.set(customer.tenantId, single.json.id);
    }

    const items = [
      ...customers.map((customer, i) =>
        i % 5 === 0
          ? { customerDomain: customer.domain, customerEmail: customer.email, includeDelegatedAdminPrivileges: true, locale: 'en' }
          : { customerTenantId: customer.tenantId, customerEmail: customer.email, includeDelegatedAdminPrivileges: i % 2 === 0 },
      ),
      ...Array.from({ length: 20 }, (_, i) => ({ customerDomain: `nobody-${i}-${tag}.example`, customerEmail: `it@nobody-${i}.example`, includeDelegatedAdminPrivileges: true })),
    ];
    const key = `batch-${tag}`;
    const started = performance.now();
    const created = await post({ items }, { 'idempotency-key': key });
    assert.equal(created.status, 202, created.text);
    const id = created.json.id as string;
    assert.equal(created.headers.get('location'), `${path}/${id}`);
    assert.equal(created.json.status, 'running');
    assert.equal(created.json.itemCount, 1000);

    // The same key and body: the same batch. The same key with other customers: 422, and nothing new.
    const replay = await post({ items }, { 'idempotency-key': key });
    assert.equal(replay.status, 202, replay.text);
    assert.equal(replay.json.id, id);
    const other = await post({ items: items.slice(1) }, { 'idempotency-key': key });
    assert.equal(other.status, 422, other.text);
    assert.equal(other.json.type, '/problems/idempotency-key-reused');
    assert.equal(other.json.existingBatchId, id);
    assert.equal(await ctx.stack.collections.batches.countDocuments({}), 1);

    // Progress shows in the Temporal UI's current details while it runs.
    const handle = ctx.stack.client.workflow.getHandle(batchWorkflowId(id));
    const details = await eventually(async () => {
      const metadata = (await handle.query('__temporal_workflow_metadata').catch(() => undefined)) as { currentDetails?: string } | undefined;
      return metadata?.currentDetails?.match(/Opening requests: ([1-9]\d*) of 1000 done/) ? metadata.currentDetails : undefined;
    }, 120_000, 'progress in the current details');
    assert.match(details, /Invited: \d+\. Already open: \d+\. Rejected: \d+/);

    const finished = await batchWhen(server.base, keys.trReader, id, (batch) => batch.status === 'completed', 540_000, 'the batch to complete');
    t.diagnostic(`1,000 items in ${Math.round(performance.now() - started) / 1000} s`);
    assert.deepEqual(finished.counts, {
      total: 1000,
      pending: 0,
      invited: 880,
      alreadyOpen: 10,
      rejected: { region_not_allowed: 50, cloud_mismatch: 30, delegated_admin_required: 0, relationship_exists: 10 },
      unknownCustomer: 20,
      badInput: 0,
      cancelled: 0,
    });
    assert.ok(finished.finishedAt);

    // Every item, page by page, once and in order, with its outcome.
    const listed = await allItems(server.base, keys.trAdmin, id, 100);
    assert.deepEqual(listed.map((item) => item.index), Array.from({ length: 1000 }, (_, i) => i));
    for (const item of listed.slice(0, 10)) {
      assert.equal(item.outcome, 'alreadyOpen');
      assert.equal(item.existingRequestId, existing.get(item.customerTenantId ?? customers[item.index]!.tenantId));
    }
    assert.ok(listed.slice(10, 20).every((item) => item.outcome === 'rejected' && item.code === 'relationship_exists'));
    assert.ok(listed.slice(980).every((item) => item.outcome === 'unknownCustomer' && item.requestId === null));

    // Exactly one request per opened item, and one invitation per invited one.
    const { requests, outbox } = ctx.stack.collections;
    const opened = listed.filter((item) => item.outcome === 'invited' || item.outcome === 'rejected');
    const requestIds = new Set(opened.map((item) => item.requestId));
    assert.equal(requestIds.size, opened.length);
    const recorded = await requests.find({ partnerTenantId: tenants.trPartner }, { projection: { _id: 1, customerTenantId: 1, status: 1 } }).toArray();
    assert.equal(recorded.length, opened.length + existing.size);
    assert.equal(new Set(recorded.map((request) => request.customerTenantId)).size, recorded.length, 'one request per customer');
    for (const request of recorded) if (!existing.has(request.customerTenantId)) assert.ok(requestIds.has(request._id), `${request._id} belongs to an item`);
    assert.equal(recorded.filter((request) => request.status === 'pending').length, 880 + existing.size);
    assert.equal(await outbox.countDocuments({ _id: { $regex: /^invitation:/ } }), 880 + existing.size);

    // The workflow continued as new along the way, and ended completed.
    const description = await handle.describe();
    assert.equal(description.status.name, 'COMPLETED');
    assert.notEqual(description.raw.workflowExecutionInfo?.firstRunId, description.runId, 'continued as new');
    assert.ok(Number(description.raw.workflowExecutionInfo?.historyLength) < 2000, `history of the last run: ${description.raw.workflowExecutionInfo?.historyLength}`);
    const firstRun = ctx.stack.client.workflow.getHandle(batchWorkflowId(id), description.raw.workflowExecutionInfo?.firstRunId ?? undefined);
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: ctx.stack.dataConverter }, await firstRun.fetchHistory(), batchWorkflowId(id));

    // Finished: it cannot be cancelled; the same key still answers with it; other partners do not see it.
    const late = await fetchJson(`${server.base}${path}/${id}/cancel`, { method: 'POST', key: keys.trAdmin });
    assert.equal(late.status, 409, late.text);
    assert.equal(late.json.batchStatus, 'completed');
    assert.equal((await post({ items }, { 'idempotency-key': key })).json.status, 'completed');
    assert.equal((await fetchJson(`${server.base}${path}/${id}`, { key: keys.deAdmin })).status, 404);
  });

  test('a CSV batch cancelled mid-way: items opened stay, the rest are cancelled', { timeout: 300_000 }, async () => {
    const { keys } = ctx.world;
    const csv = [
      'customerTenantId,customerEmail,includeDelegatedAdminPrivileges,locale',
      ...cancelCustomers.map((customer) => `${customer.tenantId},${customer.email},true,tr`),
    ].join('\n');
    const created = await fetchJson(`${server.base}${path}`, { method: 'POST', key: keys.trSales, body: csv, headers: { 'content-type': 'text/csv' } });
    assert.equal(created.status, 202, created.text);
    assert.equal(created.json.source, 'csv');
    const id = created.json.id as string;
    await batchWhen(server.base, keys.trReader, id, (batch) => done(batch) >= 20, 120_000, 'some items opened');

    const reader = await fetchJson(`${server.base}${path}/${id}/cancel`, { method: 'POST', key: keys.trReader });
    assert.equal(reader.status, 403);
    const cancelled = await fetchJson(`${server.base}${path}/${id}/cancel`, {
      method: 'POST',
      key: keys.trAdmin,
      body: JSON.stringify({ reason: 'wrong list' }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.json.status, 'cancelled');
    const { counts } = cancelled.json;
    assert.equal(counts.pending, 0);
    assert.ok(counts.invited >= 20, `invited ${counts.invited}`);
    assert.ok(counts.cancelled > 0, 'some items were never opened');
    assert.equal(counts.invited + counts.cancelled, 300);

    const batch = (await fetchJson(`${server.base}${path}/${id}?limit=100`, { key: keys.trReader })).json;
    assert.equal(batch.status, 'cancelled');
    assert.deepEqual(batch.counts, counts);
    assert.equal(batch.cancellation.reason, 'wrong list');
    assert.match(batch.cancellation.by.email, /^admin-/);
    assert.equal(batch.items[0].line, 2);

    // Items opened keep their pending requests; cancelled ones have none.
    const listed = await allItems(server.base, keys.trAdmin, id, 100);
    const invited = listed.filter((item) => item.outcome === 'invited');
    const skipped = listed.filter((item) => item.outcome === 'cancelled');
    assert.equal(invited.length, counts.invited);
    assert.equal(await ctx.stack.collections.requests.countDocuments({ _id: { $in: invited.map((item) => item.requestId) }, status: 'pending' }), invited.length);
    assert.equal(await ctx.stack.collections.requests.countDocuments({ customerTenantId: { $in: skipped.map((item) => item.customerTenantId) } }), 0);

    const again = await fetchJson(`${server.base}${path}/${id}/cancel`, { method: 'POST', key: keys.trAdmin });
    assert.equal(again.status, 409, again.text);
    assert.equal(again.json.batchStatus, 'cancelled');
  });

  test('cancelling the workflow in the Temporal UI cancels the batch the same way', { timeout: 300_000 }, async () => {
    const { keys } = ctx.world;
    const created = await post({
      items: operatorCustomers.map((customer) => ({ customerTenantId: customer.tenantId, customerEmail: customer.email, includeDelegatedAdminPrivileges: true })),
    });
    assert.equal(created.status, 202, created.text);
    const id = created.json.id as string;
    await batchWhen(server.base, keys.trReader, id, (batch) => done(batch) >= 10, 120_000, 'some items opened');
    await ctx.stack.client.workflow.getHandle(batchWorkflowId(id)).cancel();

    const batch = await batchWhen(server.base, keys.trReader, id, (current) => current.status !== 'running', 120_000, 'the batch to stop');
    assert.equal(batch.status, 'cancelled');
    assert.deepEqual(batch.cancellation.by, null);
    assert.equal(batch.counts.pending, 0);
    assert.ok(batch.counts.cancelled > 0);
    assert.equal(batch.counts.invited + batch.counts.cancelled, 150);
    assert.equal(await ctx.stack.collections.requests.countDocuments({ customerTenantId: { $in: operatorCustomers.map((customer) => customer.tenantId) } }), batch.counts.invited);
  });
});
