import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/stack.js';

const dir = new URL('../histories/', import.meta.url);

describe('recorded histories replay on the current workflow code', async () => {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();

  test('there is a recorded history for every path', () => {
    for (const path of ['accepted-after-resend', 'declined', 'cancelled', 'rejected-region', 'expired-after-reminders']) {
      assert.ok(files.includes(`${path}.json`), `missing test/histories/${path}.json`);
    }
  });

  for (const file of files) {
    test(`${file} replays without nondeterminism`, async () => {
      const history = historyFromJSON(JSON.parse(await readFile(new URL(file, dir), 'utf8')));
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
    });
  }
});
