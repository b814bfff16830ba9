import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { Connection } from '@temporalio/client';
import { MongoClient } from 'mongodb';
import { searchAttributeNames } from '../../workflows/searchAttributes.js';
import { serviceAddresses } from '../support/stack.js';

describe('the services the suite runs on', () => {
  test('Temporal answers and has the four search attributes registered as Keyword', async () => {
    const connection = await Connection.connect({ address: serviceAddresses().temporalAddress });
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      for (const name of searchAttributeNames) {
        // 2 is INDEXED_VALUE_TYPE_KEYWORD
        assert.equal(customAttributes?.[name], 2, `${name} is not a Keyword search attribute`);
      }
    } finally {
      await connection.close();
    }
  });

  test('the MongoDB-wire server stores and returns a document', async () => {
    const client = new MongoClient(serviceAddresses().mongoUri);
    const db = client.db(`probe_${randomUUID().slice(0, 8)}`);
    try {
      await db.collection('probe').insertOne({ _id: 'x' as never, value: 42 });
      assert.equal((await db.collection('probe').findOne({ _id: 'x' as never }))?.value, 42);
    } finally {
      await db.dropDatabase();
      await client.close();
    }
  });
});
