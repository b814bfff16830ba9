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
});
