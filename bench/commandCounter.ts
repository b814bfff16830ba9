/**
 * Preloaded by the bench into the processes it starts (`--import tsx --import bench/commandCounter.ts`): counts every
 * MongoDB command any client of the process sends (bench/commandCounts.ts), and writes the counts so far to
 * `$BENCH_COMMAND_COUNTS_DIR/<pid>.json` on SIGUSR2. The product's code is not touched: every client it makes connects
 * through `MongoClient.prototype.connect`, which this wraps.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import type { CommandCounts } from './commandCounts.js';

// Preloads also run in the SDK's workflow threads, which talk to no database: they load nothing more.
if (isMainThread) {
  const { z } = await import('zod');
  const dir = z.string().min(1).parse(process.env.BENCH_COMMAND_COUNTS_DIR);
  const { MongoClient } = await import('mongodb');
  const { countCommands, countsFile, countsSignal } = await import('./commandCounts.js');
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
  process.on(countsSignal, () => {
    const file = countsFile(dir, process.pid);
    // Written whole, then renamed, so the bench never reads half a file.
    writeFileSync(`${file}.partial`, JSON.stringify(counts));
    renameSync(`${file}.partial`, file);
  });
}
