import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ServiceError } from '@temporalio/client';
import { MongoServerError } from 'mongodb';
import { isDependencyUnavailable } from '../../api/dependencyErrors.js';

describe('errors that mean a dependency is out of reach (503, retry) rather than a fault of ours (500)', () => {
  test("FerretDB's answer while its PostgreSQL is down, and Temporal's while a workflow's tasks fail, are out of reach", () => {
    assert.equal(isDependencyUnavailable(new MongoServerError({ message: 'failed to connect to `host=127.0.0.1 user=ferretdb database=ferretdb`: dial error', code: 1 })), true);
    assert.equal(isDependencyUnavailable(new Error('Workflow Task in failed state.')), true);
    assert.equal(isDependencyUnavailable(new ServiceError('Failed to start update')), true);
  });

  test('a duplicate key or a validation error is not', () => {
    assert.equal(isDependencyUnavailable(new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 })), false);
    assert.equal(isDependencyUnavailable(new TypeError("Cannot read properties of undefined (reading 'status')")), false);
  });
});
