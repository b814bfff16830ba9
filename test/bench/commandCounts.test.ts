import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { answerCountRequests, readCommandCounts } from '../../bench/commandCounts.js';

test('a process that starts answering after a request answers that request at once, then each next one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'command-counts-'));
  try {
    await writeFile(join(dir, 'request'), '4');
    const counts = { 'requests.find': 2 };
    const answering = answerCountRequests(dir, counts);
    assert.deepEqual(JSON.parse(await readFile(join(dir, `${process.pid}.json`), 'utf8')), { request: 4, counts });
    counts['requests.find'] = 3;
    const answers = await readCommandCounts(dir, [process.pid], 5_000);
    assert.deepEqual(answers.get(process.pid), { 'requests.find': 3 });
    answering.stop();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
