import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attemptUpTo, tryAgain } from '../../platform/attempts.js';

describe('attemptUpTo', () => {
  test('stops at the first answer', async () => {
    let calls = 0;
    const answer = await attemptUpTo(3, async () => (++calls === 2 ? 'done' : tryAgain));
    assert.equal(answer, 'done');
    assert.equal(calls, 2);
  });

  test('tries at most the given number of times, telling the last it is the last', async () => {
    const lasts: boolean[] = [];
    const answer = await attemptUpTo(3, async (last) => {
      lasts.push(last);
      return tryAgain;
    });
    assert.equal(answer, undefined);
    assert.deepEqual(lasts, [false, false, true]);
  });

  test('a failure stops the attempts', async () => {
    let calls = 0;
    await assert.rejects(
      attemptUpTo(3, async () => {
        calls += 1;
        throw new Error('lost');
      }),
      /lost/,
    );
    assert.equal(calls, 1);
  });
});
