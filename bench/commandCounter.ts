/**
 * Preloaded by the bench into the processes it starts (`--import tsx --import bench/commandCounter.ts`): counts every
 * MongoDB command any client of the process sends, and answers the bench's requests for the counts through files in
 * `$BENCH_COMMAND_COUNTS_DIR` (bench/commandCounts.ts). The product's code is not touched: every command of every
 * client goes through the driver's connection, where this counts it.
 */
import { isMainThread } from 'node:worker_threads';

// Preloads also run in the SDK's workflow threads, which talk to no database: they load nothing more.
if (isMainThread) {
  const { z } = await import('zod');
  const dir = z.string().min(1).parse(process.env.BENCH_COMMAND_COUNTS_DIR);
  const { answerCountRequests, countCommands } = await import('./commandCounts.js');
  const counts = countCommands();
  answerCountRequests(dir, counts);
}
