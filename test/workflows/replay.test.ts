import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/stack.js';

const dir = new URL('../histories/', import.meta.url);

const paths = ['accepted-after-resend', 'declined', 'cancelled', 'rejected-region', 'expired-after-reminders'];

// One folder per generation of the workflow code; every generation must keep replaying on the current code.
describe('recorded histories replay on the current workflow code', async () => {
  const generations = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

  test('every generation is kept: before the inline-steps patch and after each patch since', () => {
    assert.deepEqual(generations, ['acceptance-notices', 'inline-steps', 'next-deadline-timer', 'one-task-per-answer', 'regular-activity-steps']);
  });

  for (const generation of generations) {
    const files = (await readdir(new URL(`${generation}/`, dir))).filter((name) => name.endsWith('.json')).sort();

    test(`${generation}: there is a recorded history for every path`, () => {
      for (const path of paths) assert.ok(files.includes(`${path}.json`), `missing test/histories/${generation}/${path}.json`);
    });

    test(`${generation}: every history replays without nondeterminism`, async () => {
      const histories = await Promise.all(
        files.map(async (file) => ({
          workflowId: `${generation}/${file}`,
          history: historyFromJSON(JSON.parse(await readFile(new URL(`${generation}/${file}`, dir), 'utf8'))),
        })),
      );
      const replayed: string[] = [];
      for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
        assert.equal(result.error, undefined, `${result.workflowId}: ${result.error?.message}`);
        replayed.push(result.workflowId);
      }
      assert.equal(replayed.length, files.length);
    });
  }
});
