import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MongoClient } from 'mongodb';
import { answerCountRequests, countCommands, readCommandCounts, type CommandCounts } from '../../bench/commandCounts.js';
import { serviceAddresses } from '../support/stack.js';

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

test('every command of every client of the process is counted by collection and name, not what the driver sends for itself', async () => {
  const counts = countCommands();
  assert.equal(countCommands(), counts, 'counting twice counts once');
  const client = await new MongoClient(serviceAddresses().mongoUri).connect();
  try {
    const since = { ...counts };
    const things = client.db(`bench_counts_${process.pid}`).collection<{ _id: string; n?: number }>('things');
    await things.insertOne({ _id: 'a' });
    await things.updateOne({ _id: 'a' }, { $set: { n: 1 } });
    await things.find({}, { batchSize: 1 }).toArray();
    await client.db('admin').command({ ping: 1 });
    const sent: CommandCounts = Object.fromEntries(Object.entries(counts).map(([key, n]) => [key, n - (since[key] ?? 0)]).filter(([, n]) => n !== 0));
    assert.deepEqual(sent, { 'things.insert': 1, 'things.update': 1, 'things.find': 1, 'things.getMore': 1 });
    await things.drop();
  } finally {
    await client.close();
  }
});
