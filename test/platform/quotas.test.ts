import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { connectDatabase, type Database } from '../../platform/mongo.js';
import { createQuotaCounters, removeExpiredQuotaEvents, type Quota } from '../../platform/quotas.js';
import { serviceAddresses } from '../support/stack.js';

const minute = 60_000;

describe('quota counters on the database', () => {
  let database: Database;
  let otherInstance: Database;
  before(async () => {
    const name = `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    database = await connectDatabase(serviceAddresses().mongoUri, name);
    otherInstance = await connectDatabase(serviceAddresses().mongoUri, name);
  });
  after(async () => {
    await database.db.dropDatabase();
    await Promise.all([database.close(), otherInstance.close()]);
  });

  const quota = (limit: number): Quota => ({ name: `q${randomUUID().slice(0, 8)}`, limit, windowMs: minute });
  const clockAt = (start: number) => {
    const clock = { now: start, tick: (ms: number) => void (clock.now += ms) };
    return clock;
  };
  const eventsOf = (q: Quota) => database.collections.quotaEvents.countDocuments({ _id: { $regex: `^${q.name}:` } });

  test('a sliding window: refused until the oldest counted event is a window old, and a refusal counts nothing', async () => {
    const q = quota(3);
    const clock = clockAt(Math.floor(Date.now() / minute) * minute + 1_000);
    const counters = createQuotaCounters(database.collections.quotaEvents, () => clock.now);
    for (let i = 0; i < 3; i += 1) {
      assert.deepEqual(await counters.admit(q, 'k'), { admitted: true });
      clock.tick(1_000);
    }
    clock.tick(7_000); // 10 s after the first
    assert.deepEqual(await counters.admit(q, 'k'), { admitted: false, retryAfterSeconds: 50 });
    assert.deepEqual(await counters.check(q, 'k'), { admitted: false, retryAfterSeconds: 50 });
    assert.equal(await eventsOf(q), 3, 'refusals wrote nothing');
    assert.deepEqual(await counters.admit(q, 'another key'), { admitted: true });

    clock.tick(50_500); // the first event has left the window; it is still stored (no sweep yet) and not counted
    assert.deepEqual(await counters.admit(q, 'k'), { admitted: true });
    assert.deepEqual(await counters.admit(q, 'k'), { admitted: false, retryAfterSeconds: 1 });
    assert.equal(await eventsOf(q), 5);
  });

  test('events late in one period still count early in the next', async () => {
    const q = quota(2);
    const periodEnd = (Math.floor(Date.now() / minute) + 1) * minute;
    const clock = clockAt(periodEnd - 2_000);
    const counters = createQuotaCounters(database.collections.quotaEvents, () => clock.now);
    await counters.admit(q, 'k');
    clock.tick(1_000);
    await counters.admit(q, 'k');
    clock.tick(2_000); // 1 s into the next period
    assert.deepEqual(await counters.admit(q, 'k'), { admitted: false, retryAfterSeconds: 57 });
    clock.tick(57_000);
    assert.deepEqual(await counters.admit(q, 'k'), { admitted: true });
    assert.deepEqual(await counters.admit(q, 'k'), { admitted: false, retryAfterSeconds: 1 });
  });

  test('several events at once: admitted whole or not at all; more than the limit never fits', async () => {
    const q = quota(5);
    const counters = createQuotaCounters(database.collections.quotaEvents);
    assert.deepEqual(await counters.admit(q, 'k', 3), { admitted: true });
    assert.equal((await counters.admit(q, 'k', 3)).admitted, false);
    assert.equal(await eventsOf(q), 3);
    assert.deepEqual(await counters.admit(q, 'k', 2), { admitted: true });
    assert.deepEqual(await counters.admit(q, 'fresh', 6), { admitted: false, retryAfterSeconds: 60 });
    assert.equal(await eventsOf(q), 5);
  });

  test('20 concurrent attempts through two instances admit exactly the limit', async () => {
    const q = quota(5);
    const instances = [createQuotaCounters(database.collections.quotaEvents), createQuotaCounters(otherInstance.collections.quotaEvents)];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => instances[i % 2]!.admit(q, 'k')));
    assert.equal(results.filter((result) => result.admitted).length, 5);
    assert.equal(await eventsOf(q), 5);
    const batches = await Promise.all(Array.from({ length: 6 }, (_, i) => instances[i % 2]!.admit({ ...q, name: `${q.name}b` }, 'k', 2)));
    assert.equal(batches.filter((result) => result.admitted).length, 2, 'batches of 2 under a limit of 5');
  });

  test('concurrent claims in one instance take slots 0, 1, 2… without a gap, and a second instance goes on after them', async () => {
    const q = quota(100);
    const counters = createQuotaCounters(database.collections.quotaEvents);
    const results = await Promise.all(Array.from({ length: 20 }, () => counters.admit(q, 'k')));
    assert.ok(results.every((result) => result.admitted));
    const slots = async () =>
      (await database.collections.quotaEvents.find({ _id: { $regex: `^${q.name}:` } }).toArray()).map(({ _id }) => Number(_id.split(':').at(-1))).sort((a, b) => a - b);
    assert.deepEqual(await slots(), Array.from({ length: 20 }, (_, i) => i));
    // The other instance knows none of them; this one's guess is then stale and its insert collides, then looks.
    assert.deepEqual(await createQuotaCounters(otherInstance.collections.quotaEvents).admit(q, 'k', 3), { admitted: true });
    assert.deepEqual(await counters.admit(q, 'k'), { admitted: true });
    assert.deepEqual(await slots(), Array.from({ length: 24 }, (_, i) => i));
  });

  test('several quotas at once: all counted, or none, with the one that refused named', async () => {
    const requests = quota(3);
    const emails = quota(2);
    const counters = createQuotaCounters(database.collections.quotaEvents);
    const both = [
      { quota: requests, key: 'p' },
      { quota: emails, key: 'p' },
    ];
    assert.deepEqual(await counters.admitAll(both), { admitted: true });
    assert.deepEqual(await counters.admitAll(both), { admitted: true });
    const refused = await counters.admitAll(both);
    assert.equal(refused.admitted, false);
    assert.equal(!refused.admitted && refused.refusedBy.quota, emails);
    assert.deepEqual([await eventsOf(requests), await eventsOf(emails)], [2, 2], 'the refusal by the second used none of the first');
  });

  test('two instances claiming two quotas at once, concurrently, admit exactly the smaller limit', async () => {
    const requests = quota(8);
    const emails = quota(5);
    const instances = [createQuotaCounters(database.collections.quotaEvents), createQuotaCounters(otherInstance.collections.quotaEvents)];
    const asks = [
      { quota: requests, key: 'p' },
      { quota: emails, key: 'p' },
    ];
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => instances[i % 2]!.admitAll(asks)));
    assert.equal(results.filter((result) => result.admitted).length, 5);
    assert.equal(await eventsOf(emails), 5);
    // A collision in the middle of a claim may leave a request counted without its email, never the other way round.
    assert.ok((await eventsOf(requests)) >= 5);
  });

  test('claims that wait behind one in flight are made together, and count exactly what was admitted', async () => {
    // The real collection, with its inserts counted.
    let inserts = 0;
    const events = database.collections.quotaEvents;
    const counted = new Proxy(events, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'insertOne' || property === 'insertMany') inserts += 1;
        return value.bind(target);
      },
    });
    const counters = createQuotaCounters(counted);
    const roomy = quota(1_000);
    const results = await Promise.all(Array.from({ length: 30 }, () => counters.admit(roomy, 'k')));
    assert.ok(results.every((result) => result.admitted));
    assert.equal(await eventsOf(roomy), 30, 'one slot per admitted event, none ahead of need');
    assert.ok(inserts < 30, `30 events in ${inserts} inserts`);

    // Near the limit, those that do not all fit are claimed one by one: exactly the limit is admitted.
    const tight = quota(5);
    const near = await Promise.all(Array.from({ length: 8 }, () => counters.admit(tight, 'k')));
    assert.equal(near.filter((result) => result.admitted).length, 5);
    assert.equal(await eventsOf(tight), 5);
  });

  test('expired events are removed by the sweep; those in their window stay', async () => {
    const q = quota(2);
    const clock = clockAt(Date.now() - 3 * minute);
    const counters = createQuotaCounters(database.collections.quotaEvents, () => clock.now);
    await counters.admit(q, 'old');
    clock.now = Date.now();
    await counters.admit(q, 'new');
    await removeExpiredQuotaEvents(database.collections.quotaEvents);
    assert.equal(await database.collections.quotaEvents.countDocuments({ _id: { $regex: `^${q.name}:old:` } }), 0);
    assert.equal(await database.collections.quotaEvents.countDocuments({ _id: { $regex: `^${q.name}:new:` } }), 1);
  });

  test('the expiry index is created at start, idempotently, where the server has TTL indexes (FerretDB v1 has not)', async () => {
    const again = await connectDatabase(serviceAddresses().mongoUri, database.db.databaseName);
    await again.close();
    const build = await database.db.admin().command({ buildInfo: 1 });
    const expiry = (await database.collections.quotaEvents.indexes()).find((index) => index.name === 'expires');
    if ('ferretdbVersion' in build) assert.equal(expiry, undefined);
    else assert.deepEqual([expiry?.key, expiry?.expireAfterSeconds], [{ expiresAt: 1 }, 0]);
  });
});
