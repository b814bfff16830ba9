import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { payloadKeyring, temporalDataConverter } from '../../platform/temporalDataConverter.js';
import { recordedPaths, recordingSecret } from '../support/historyPaths.js';
import { workflowBundle } from '../support/stack.js';

const dir = new URL('../histories/', import.meta.url);
// The workers' codec is on in replay too, with the key the recorder encrypted with; histories recorded before
// encryption was on decode through it unchanged.
const replayDataConverter = temporalDataConverter(payloadKeyring({ INVITATION_SECRET: recordingSecret, NODE_ENV: 'test', PAYLOAD_CODEC_KEYS: undefined }));

// One folder per version of the workflow code that may have runs in flight (docs/versioning.md); each must replay.
describe('recorded histories replay on the current workflow code', async () => {
  const folders = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

  test('the histories of both generations in flight are kept', () => {
    for (const kept of ['v1', 'v2']) assert.ok(folders.includes(kept), `missing test/histories/${kept}/`);
  });

  for (const folder of folders) {
    const files = (await readdir(new URL(`${folder}/`, dir))).filter((name) => name.endsWith('.json')).sort();
    const histories = await Promise.all(
      files.map(async (file) => ({
        file,
        workflowId: `${folder}/${file}`,
        history: historyFromJSON(JSON.parse(await readFile(new URL(`${folder}/${file}`, dir), 'utf8'))),
      })),
    );
    // The replayer runs the workflow function its history's first event names.
    const workflowTypeOf = (file: string) =>
      histories.find((recorded) => recorded.file === file)?.history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;

    test(`${folder}: there is a recorded history for every path of every workflow, a history of that workflow`, () => {
      for (const { path, workflowType } of recordedPaths) {
        assert.ok(files.includes(`${path}.json`), `missing test/histories/${folder}/${path}.json`);
        assert.equal(workflowTypeOf(`${path}.json`), workflowType, `test/histories/${folder}/${path}.json is not a history of ${workflowType}`);
      }
    });

    test(`${folder}: every history replays without nondeterminism`, async () => {
      const replayed: string[] = [];
      // Every history is replayed, so that a failure names all the paths a change breaks.
      const failures: string[] = [];
      for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle(), dataConverter: replayDataConverter }, histories)) {
        replayed.push(result.workflowId);
        if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
      }
      assert.deepEqual(failures, []);
      assert.deepEqual(replayed, histories.map(({ workflowId }) => workflowId));
    });
  }
});
