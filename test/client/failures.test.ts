import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { isTemporalUnavailable } from '../../client/index.js';
import { updateFailureDetail } from '../../client/failures.js';

describe("Temporal's failures as the client module answers them", () => {
  const refused = (type: string, details: unknown[]) =>
    new WorkflowUpdateFailedError('update failed', ApplicationFailure.create({ type, message: 'refused', details, nonRetryable: true }));

  test("an update refused with the contract's failure type gives its first detail", () => {
    assert.deepEqual(updateFailureDetail(refused('RequestClosed', ['accepted']), 'RequestClosed'), { detail: 'accepted' });
    assert.deepEqual(updateFailureDetail(refused('RequestClosed', []), 'RequestClosed'), { detail: undefined });
  });

  test('any other failure is not that refusal', () => {
    assert.equal(updateFailureDetail(refused('BatchFinished', ['completed']), 'RequestClosed'), undefined);
    assert.equal(updateFailureDetail(new Error('RequestClosed'), 'RequestClosed'), undefined);
  });

  test('an error that is not from the server is not "Temporal unavailable"', () => {
    assert.equal(isTemporalUnavailable(new Error('UNAVAILABLE')), false);
  });
});
