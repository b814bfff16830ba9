import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { CustomerDocument } from '../../platform/documents.js';
import { insertAllOnce, insertOnce, insertOrFind } from '../../platform/keyedWrites.js';
import { connectDatabase, type Database } from '../../platform/mongo.js';
import { serviceAddresses } from '../support/stack.js';

const at = new Date('2026-12-01T10:00:00Z');
const customer = (id: string, domain: string): CustomerDocument => ({
  _id: id,
  domain,
  companyName: `Company ${id}`,
  country: 'TR',
  cloud: 'public',
  email: `it@${domain}`,
  createdAt: at,
  updatedAt: at,
});

describe('keyed writes on the database', () => {
  let database: Database;
  before(async () => {
    database = await connectDatabase(serviceAddresses().mongoUri, `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`);
  });
  after(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  test('the first insert of a key wins; a second reads the first back and writes nothing', async () => {
    const { customers } = database.collections;
    const first = await insertOrFind(customers, customer('tenant-1', 'first.example'));
    assert.equal(first.inserted, true);
    const second = await insertOrFind(customers, { ...customer('tenant-1', 'first.example'), companyName: 'Someone else' });
    assert.equal(second.inserted, false);
    assert.equal(second.document?.companyName, 'Company tenant-1');
    assert.equal(await customers.countDocuments({ _id: 'tenant-1' }), 1);
  });

  test('a duplicate on another unique key (a domain) finds nothing under our key', async () => {
    const { customers } = database.collections;
    await insertOnce(customers, customer('tenant-2', 'taken.example'));
    const clash = await insertOrFind(customers, customer('tenant-3', 'taken.example'));
    assert.deepEqual(clash, { inserted: false, document: null });
    await assert.rejects(insertOnce(customers, customer('tenant-4', 'taken.example')), /cannot be read back/);
  });

  test('insertAllOnce keeps the documents already there and adds the others', async () => {
    const { customers } = database.collections;
    await insertOnce(customers, customer('tenant-5', 'five.example'));
    await insertAllOnce(customers, [
      { ...customer('tenant-5', 'five.example'), companyName: 'Changed' },
      customer('tenant-6', 'six.example'),
    ]);
    assert.equal((await customers.findOne({ _id: 'tenant-5' }))?.companyName, 'Company tenant-5');
    assert.ok(await customers.findOne({ _id: 'tenant-6' }));
  });

  test('an error that is not a duplicate key is thrown', async () => {
    const failing = {
      collectionName: 'failing',
      insertOne: async () => {
        throw Object.assign(new Error('not primary'), { code: 10107 });
      },
    } as unknown as Parameters<typeof insertOrFind>[0];
    await assert.rejects(insertOrFind(failing, { _id: 'x' }), /not primary/);
  });
});
