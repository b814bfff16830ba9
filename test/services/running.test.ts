import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { Connection } from '@temporalio/client';
import { MongoClient } from 'mongodb';
import { requireServices } from '../../scripts/services/fromEnv.js';

const searchAttributes = ['PartnerTenantId', 'CustomerTenantId', 'RequestStatus', 'Cloud'];

describe('the services the suite runs on (TEMPORAL_ADDRESS, MONGODB_URI)', () => {
  test('Temporal answers and has the four search attributes registered as Keyword', async () => {
    const connection = await Connection.connect({ address: requireServices().temporalAddress });
    try {
      await connection.workflowService.getSystemInfo({});
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      for (const name of searchAttributes) {
        // 2 is INDEXED_VALUE_TYPE_KEYWORD
        assert.equal(customAttributes?.[name], 2, `${name} is not a Keyword search attribute`);
      }
    } finally {
      await connection.close();
    }
  });

  test('the MongoDB-wire server answers ping, stores and returns a document', async () => {
    const client = new MongoClient(requireServices().mongoUri, { serverSelectionTimeoutMS: 5_000 });
    const db = client.db(`probe_${randomUUID().replaceAll('-', '').slice(0, 12)}`);
    try {
      assert.equal((await db.command({ ping: 1 })).ok, 1);
      const probe = db.collection<{ _id: string; value: number }>('probe');
      await probe.insertOne({ _id: 'x', value: 42 });
      assert.deepEqual(await probe.findOne({ _id: 'x' }), { _id: 'x', value: 42 });
    } finally {
      await db.dropDatabase();
      await client.close();
    }
  });

  test('a filter naming `_id` among other fields is served by the `_id` index, as the compare-and-set writes need', async () => {
    const client = new MongoClient(requireServices().mongoUri, { serverSelectionTimeoutMS: 5_000 });
    const db = client.db(`probe_${randomUUID().replaceAll('-', '').slice(0, 12)}`);
    try {
      const docs = db.collection<{ _id: string; status: string }>('docs');
      await docs.insertMany(Array.from({ length: 200 }, (_, n) => ({ _id: `doc-${n}`, status: n % 2 ? 'open' : 'closed' })));
      const plan = async (filter: object) => JSON.stringify((await docs.find(filter).explain()).queryPlanner);

      for (const filter of [{ _id: 'doc-7' }, { _id: 'doc-7', status: 'open' }, { status: 'open', _id: 'doc-7' }]) {
        const used = await plan(filter);
        assert.match(used, /_id_/, `${JSON.stringify(filter)} does not use the _id index: ${used}`);
        assert.doesNotMatch(used, /detail=SCAN /, `${JSON.stringify(filter)} scans: ${used}`);
      }
      assert.doesNotMatch(await plan({ status: 'open' }), /_id_/, 'a filter without _id cannot use its index');
      assert.deepEqual(await docs.findOne({ _id: 'doc-7', status: 'open' }), { _id: 'doc-7', status: 'open' });
      assert.equal(await docs.findOne({ _id: 'doc-7', status: 'closed' }), null);
      assert.equal((await docs.updateOne({ _id: 'doc-8', status: 'open' }, { $set: { status: 'x' } })).matchedCount, 0);
    } finally {
      await db.dropDatabase();
      await client.close();
    }
  });
});
