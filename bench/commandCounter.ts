/**
 * Preloaded by the bench into the processes it starts (`--import tsx --import bench/commandCounter.ts`): counts every
 * MongoDB command any client of the process sends, and answers the bench's requests for the counts through files in
 * `$BENCH_COMMAND_COUNTS_DIR` (bench/commandCounts.ts). The product's code is not touched: every client it makes
 * connects through `MongoClient.prototype.connect`, which this wraps.
 */
import { isMainThread } from 'node:worker_threads';
import type { CommandCounts } from './commandCounts.js';

// Preloads also run in the SDK's workflow threads, which talk to no database: they load nothing more.
if (isMainThread) {
  const { z } = await import('zod');
  const dir = z.string().min(1).parse(process.env.BENCH_COMMAND_COUNTS_DIR);
  const { MongoClient } = await import('mongodb');
  const { answerCountRequests, countCommands } = await import('./commandCounts.js');
  const counts: CommandCounts = {};
  const counted = new WeakSet<InstanceType<typeof MongoClient>>();
  const connect = MongoClient.prototype.connect;
  MongoClient.prototype.connect = function (this: InstanceType<typeof MongoClient>) {
    if (!counted.has(this)) {
      counted.add(this);
      countCommands(this, counts);
    }
    return connect.call(this);
  };
  answerCountRequests(dir, counts);
}
