import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { MongoClient, ObjectId, type Collection, type Db, type Filter } from 'mongodb';
import { requireServices } from '../../scripts/services/fromEnv.js';

/**
 * The queries the embedded FerretDB build narrows in SQLite (docs/ferretdb.md): lists in `_id` order read from an
 * index, equalities on indexed fields, and text searches. Each answer is compared with the same query wrapped in
 * `$and`, which the build never narrows (the server decodes every document and filters and sorts them itself), so the
 * test holds on MongoDB too. Without a sort, the two are compared as sets: the order is the server's.
 */
type Doc = { _id: string | number | ObjectId; pt?: string | string[]; st?: string | string[]; name?: string | string[] | ObjectId; domain?: string; n?: number };

let client: MongoClient;
let db: Db;
let docs: Collection<Doc>;

const trickyIds = ['ab', 'ab!', 'ab ', 'a"', 'a\\', 'aZ', 'é', '\u0001x', 'b', 'Z', '', 'a b', 'a%', 'a_'];

before(async () => {
  client = new MongoClient(requireServices().mongoUri, { serverSelectionTimeoutMS: 5_000 });
  db = client.db(`narrowed_${randomUUID().replaceAll('-', '').slice(0, 12)}`);
  docs = db.collection<Doc>('docs');
  await docs.createIndex({ pt: 1, _id: -1 }, { name: 'partner_newest' });
  await docs.createIndex({ pt: 1, st: 1, _id: -1 }, { name: 'partner_status_newest' });
  const rows: Doc[] = [
    ...trickyIds.map((id) => ({ _id: id, pt: 'P', st: 'open', name: `Name ${id}` })),
    { _id: 'arr-partner', pt: ['P', 'Q'], st: 'open', name: 'In two partners' },
    { _id: 'arr-status', pt: 'P', st: ['open', 'held'], name: 'Two statuses' },
    { _id: 'other', pt: 'Q', st: 'open', name: 'Other partner' },
    { _id: new ObjectId(), pt: 'P', st: 'open', name: 'ObjectId id' },
    { _id: 42, pt: 'P', st: 'open', name: 'Number id' },
    { _id: 'closed', pt: 'P', st: 'closed', name: 'Closed' },
    { _id: 'kelvin', pt: 'P', st: 'open', name: 'Anadolu \u212Aimya', domain: 'anadolu.example' },
    { _id: 'long-s', pt: 'P', st: 'open', name: 'A\u017Fya Tek\u017Ftil', domain: 'asya.example' },
    { _id: 'turkish', pt: 'P', st: 'open', name: 'İstanbul Lojistik Ş.', domain: 'istanbul.example' },
    { _id: 'names', pt: 'P', st: 'open', name: ['Alpha Lojistik', 'Beta'], domain: 'names.example' },
    { _id: 'special', pt: 'P', st: 'open', name: '50%_off a.b x\\y', domain: 'special.example' },
    { _id: 'oid-name', pt: 'P', st: 'open', name: new ObjectId('6f6b6b6b6b6b6b6b6b6b6b6b') },
  ];
  for (let i = 0; i < 600; i++) {
    rows.push({ _id: `r-${String(i).padStart(4, '0')}`, pt: i % 3 ? 'P' : 'R', st: i % 5 ? 'open' : 'closed', name: i % 8 ? `Company ${i}` : `Lojistik ${i}`, domain: `c${i}.example`, n: i });
  }
  await docs.insertMany(rows);
});

after(async () => {
  await db.dropDatabase();
  await client.close();
});

const byString = (a: unknown, b: unknown) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
const ids = (found: Doc[]) => found.map((doc) => (doc._id instanceof ObjectId ? `oid:${doc._id.toHexString()}` : doc._id));

async function sameAsUnnarrowed(filter: Filter<Doc>, sort?: Record<string, 1 | -1>, limit = 0) {
  const run = (f: Filter<Doc>) => {
    const cursor = docs.find(f);
    if (sort) cursor.sort(sort);
    if (limit) cursor.limit(limit);
    return cursor.toArray();
  };
  const [narrowed, reference] = await Promise.all([run(filter), run({ $and: [filter] })]);
  const inOrder = (found: Doc[]) => (sort ? ids(found) : ids(found).sort(byString));
  assert.deepEqual(inOrder(narrowed), inOrder(reference), `${JSON.stringify(filter)} ${JSON.stringify(sort)} limit ${limit}`);
  return inOrder(narrowed);
}

describe('lists in `_id` order', () => {
  test('a partner’s page, both ways, from the first page through cursors, with the ids that sort differently as JSON', async () => {
    for (const order of [1, -1] as const) {
      let bound: Record<string, string> = { $gte: '' };
      const seen: unknown[] = [];
      for (let page = 0; page < 50; page++) {
        const found = await sameAsUnnarrowed({ pt: 'P', _id: bound }, { _id: order }, 26);
        seen.push(...found);
        if (found.length < 26) break;
        const last = found.at(-1) as string;
        bound = order === 1 ? { $gt: last } : { $lt: last };
      }
      // Every string id of partner P once, including the one held in an array of partners; no ObjectId or number.
      assert.ok(seen.includes('arr-partner') && seen.includes('a"') && seen.includes('ab!') && seen.includes(''));
      assert.ok(!seen.includes('other') && !seen.includes(42));
      assert.equal(new Set(seen).size, seen.length);
      // The tricky ids, nine more strings of P's own, and 400 of the 600 numbered ones.
      assert.equal(seen.length, trickyIds.length + 9 + 400);
    }
  });

  test('by partner and status, an array of statuses included, and bounds on both sides', async () => {
    const open = await sameAsUnnarrowed({ pt: 'P', st: 'open', _id: { $lt: 'r-0300' } }, { _id: -1 }, 40);
    assert.equal(open.length, 40);
    assert.ok((await sameAsUnnarrowed({ pt: 'P', st: 'held', _id: { $gte: '' } }, { _id: 1 }, 10)).includes('arr-status'));
    assert.deepEqual(await sameAsUnnarrowed({ pt: 'P', _id: { $gt: 'ab', $lte: 'b' } }, { _id: 1 }, 0), ['ab ', 'ab!', 'arr-partner', 'arr-status', 'b']);
    await sameAsUnnarrowed({ st: 'closed', _id: { $gt: 'a' } }, { _id: 1 }, 5);
    await sameAsUnnarrowed({ pt: 'R', _id: { $gte: '' }, n: { $gt: 500 } }, { _id: -1 }, 7);
  });

  test('the page is read from the partner’s index in `_id` order', async () => {
    const plan = JSON.stringify((await docs.find({ pt: 'P', _id: { $lt: 'r-0300' } }).sort({ _id: -1 }).limit(26).explain()).queryPlanner);
    assert.match(plan, /partner_newest|partner_status_newest/, plan);
    assert.doesNotMatch(plan, /detail=SCAN docs/, plan);
  });
});

describe('equalities on indexed fields', () => {
  test('a find, a count, an update and a delete by fields an index leads with, arrays of values included', async () => {
    assert.deepEqual(await sameAsUnnarrowed({ pt: 'Q' }), ['arr-partner', 'other']);
    assert.deepEqual(await sameAsUnnarrowed({ pt: 'P', st: 'held' }), ['arr-status']);
    assert.equal((await sameAsUnnarrowed({ pt: 'R', st: 'closed' })).length, 40);
    await sameAsUnnarrowed({ pt: 'P', n: { $lt: 30 } });
    assert.equal(await docs.countDocuments({ pt: 'R' }), await docs.countDocuments({ $and: [{ pt: 'R' }] }));
  });

  test('an update and a delete by such fields change exactly what they match', async () => {
    const scratch = db.collection<Doc>('scratch');
    await scratch.createIndex({ pt: 1, st: 1 }, { name: 'partner_status' });
    await scratch.insertMany([
      ...Array.from({ length: 90 }, (_, n) => ({ _id: `s-${n}`, pt: n % 3 ? 'P' : 'R', st: n % 2 ? 'open' : 'closed', n })),
      { _id: 's-arrays', pt: ['R', 'Q'], st: ['closed'], n: 0 },
    ]);
    const flagged = await scratch.updateMany({ pt: 'R', st: 'closed' }, { $set: { n: -1 } });
    assert.equal(flagged.matchedCount, 16);
    assert.equal(await scratch.countDocuments({ $and: [{ n: -1 }] }), 16);
    const removed = await scratch.deleteMany({ pt: 'R', st: 'closed' });
    assert.equal(removed.deletedCount, 16);
    assert.equal(await scratch.countDocuments({ $and: [{ pt: 'R' }] }), 15);
  });

  test('such a find is read from the index', async () => {
    const plan = JSON.stringify((await docs.find({ pt: 'Q' }).explain()).queryPlanner);
    assert.match(plan, /partner_newest|partner_status_newest/, plan);
    assert.doesNotMatch(plan, /detail=SCAN docs/, plan);
  });
});

describe('searches for a piece of text', () => {
  const search = (text: string) => ({ $regex: text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'), $options: 'i' });

  test('in any case, across fields with $or, in arrays, with characters that fold to ASCII and that LIKE treats specially', async () => {
    const lojistik = await sameAsUnnarrowed({ $or: [{ name: search('lojistik') }, { domain: search('lojistik') }, { _id: search('lojistik') }] });
    assert.ok(lojistik.includes('turkish') && lojistik.includes('names') && lojistik.includes('r-0008'));
    assert.equal(lojistik.length, 2 + 75);
    // U+212A (Kelvin sign) folds to k: a case-insensitive search for "kimya" finds "Anadolu Kimya" written with it.
    const kelvin = await sameAsUnnarrowed({ name: search('kimya') });
    const kelvinReference = await sameAsUnnarrowed({ name: { $regex: '[k]imya', $options: 'i' } });
    assert.deepEqual(kelvin, kelvinReference);
    // U+017F (long s) folds to s.
    assert.deepEqual(await sameAsUnnarrowed({ name: search('tekstil') }), await sameAsUnnarrowed({ name: { $regex: 'teks[t]il', $options: 'i' } }));
    assert.deepEqual(await sameAsUnnarrowed({ name: search('50%_off a.b x\\y') }), ['special']);
    assert.deepEqual(await sameAsUnnarrowed({ name: search('%') }), ['a%', 'special']);
    assert.deepEqual(await sameAsUnnarrowed({ name: search('_') }), ['a_', 'special']);
    assert.deepEqual((await sameAsUnnarrowed({ pt: 'Q', name: search('partner') })).sort(), ['arr-partner', 'other']);
  });

  test('case-sensitive, anchored and not-a-string fields answer as without narrowing', async () => {
    assert.deepEqual(await sameAsUnnarrowed({ name: { $regex: 'Lojistik 8$' } }), ['r-0008']);
    assert.deepEqual(await sameAsUnnarrowed({ name: { $regex: 'LOJISTIK 8$' } }), []);
    await sameAsUnnarrowed({ name: { $regex: '^lojistik 1', $options: 'i' } });
    await sameAsUnnarrowed({ name: search('6f6b') });
    await sameAsUnnarrowed({ _id: search('a') });
    assert.equal(await docs.countDocuments({ $or: [{ name: search('company') }, { domain: search('c1') }] }), await docs.countDocuments({ $and: [{ $or: [{ name: search('company') }, { domain: search('c1') }] }] }));
  });
});
