import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/stack.js';

const dir = new URL('../histories/', import.meta.url);

const paths = ['accepted-after-resend', 'declined', 'cancelled', 'rejected-region', 'expired-after-reminders'];

// One folder per version of the workflow code that may have runs in flight (docs/versioning.md); each must replay.
describe('recorded histories replay on the current workflow code', async () => {
  const folders = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

  test('the histories of the released workflow are kept', () => assert.ok(folders.includes('v1'), 'missing test/histories/v1/'));

  for (const folder of folders) {
    const files = (await readdir(new URL(`${folder}/`, dir))).filter((name) => name.endsWith('.json')).sort();

    test(`${folder}: there is a recorded history for every path`, () => {
      for (const path of paths) assert.ok(files.includes(`${path}.json`), `missing test/histories/${folder}/${path}.json`);
    });

    test(`${folder}: every history replays without nondeterminism`, async () => {
      const histories = await Promise.all(
        files.map(async (file) => ({
          workflowId: `${folder}/${file}`,
          history: historyFromJSON(JSON.parse(await readFile(new URL(`${folder}/${file}`, dir), 'utf8'))),
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
