import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { killed, spawnWorker, type Spawned } from '../support/processes.js';
import { seededStack } from '../support/stack.js';
import { allItems, batchWhen, done, fetchJson, listen, manyCustomers } from './support.js';

describe('a worker killed with SIGKILL in the middle of a batch', () => {
  const ctx = seededStack({ inProcessWorker: false });
  let server: Awaited<ReturnType<typeof listen>>;
  const workers: Spawned[] = [];
  const count = 300;

  before(async () => {
    await ctx.stack.seed({ partners: [], customers: manyCustomers(ctx.world.tag, 'crash', count) });
    server = await listen(ctx.stack);
  });
  after(async () => {
    await Promise.all(workers.map((worker) => killed(worker.child, 'SIGTERM')));
    await server?.close();
  });

  test('after a restart the batch finishes with exactly one request and one invitation per item', { timeout: 420_000 }, async () => {
    const { keys, tenants, tag } = ctx.world;
    const first = spawnWorker(ctx.stack.workerEnv);
    workers.push(first);
    await first.ready;

    const created = await fetchJson(`${server.base}/v1/relationship-request-batches`, {
      method: 'POST',
      key: keys.trAdmin,
      body: JSON.stringify({
        items: manyCustomers(tag, 'crash', count).map((customer) => ({
          customerTenantId: customer.tenantId,
          customerEmail: customer.email,
          includeDelegatedAdminPrivileges: true,
        })),
      }),
      headers: { 'content-type': 'application/json', 'idempotency-key': `crash-${tag}` },
    });
    assert.equal(created.status, 202, created.text);
    const id = created.json.id as string;

    // Past the first continue-as-new, with openings in flight.
    const before = await batchWhen(server.base, keys.trAdmin, id, (batch) => done(batch) >= 120, 180_000, 'the batch to be under way');
    await killed(first.child, 'SIGKILL');
    assert.equal(before.status, 'running');
    assert.ok(done(before) < count, 'killed mid-batch');

    const second = spawnWorker(ctx.stack.workerEnv);
    workers.push(second);
    await second.ready;
    const finished = await batchWhen(server.base, keys.trAdmin, id, (batch) => batch.status === 'completed', 300_000, 'the batch to complete');
    assert.equal(finished.counts.invited, count, JSON.stringify(finished.counts));
    assert.equal(finished.counts.pending, 0);

    const listed = await allItems(server.base, keys.trAdmin, id);
    assert.equal(listed.length, count);
    const { requests, outbox } = ctx.stack.collections;
    const recorded = await requests.find({ partnerTenantId: tenants.trPartner }).toArray();
    assert.equal(recorded.length, count, 'one request per item');
    assert.equal(new Set(recorded.map((request) => request.customerTenantId)).size, count, 'one request per customer');
    assert.deepEqual(new Set(recorded.map((request) => request._id)), new Set(listed.map((item) => item.requestId)), "each item's request is the one recorded");
    assert.equal(await outbox.countDocuments({ _id: { $regex: /^invitation:/ } }), count, 'one invitation per item');
    for (const request of recorded) {
      assert.equal(Object.values(request.events).filter((event) => event.type === 'invitation_sent').length, 1);
    }
  });
});
