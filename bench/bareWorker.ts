import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { MongoClient } from 'mongodb';
import { WorkerTuningSchema } from '../platform/config.js';
import { workerTuning } from '../worker/createWorker.js';
import { createBareActivities } from './bareActivities.js';

/**
 * The baseline's worker, a process of its own like the product's, started with the same process settings and the
 * same tuning (concurrency, sticky cache size), so that the two differ only in what their workflows do.
 */
const { TEMPORAL_ADDRESS = '127.0.0.1:7233', MONGODB_URI = 'mongodb://127.0.0.1:27017/', BARE_TASK_QUEUE = 'bench-bare', MONGODB_DB = 'bench_bare' } =
  process.env;
const mongo = await new MongoClient(MONGODB_URI).connect();
const connection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
const worker = await Worker.create({
  connection,
  taskQueue: BARE_TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./bareWorkflow.ts', import.meta.url)),
  activities: createBareActivities(mongo.db(MONGODB_DB).collection('bare')),
  ...workerTuning(WorkerTuningSchema.parse(process.env)),
});
process.on('SIGTERM', () => worker.getState() === 'RUNNING' && worker.shutdown());
console.log('worker started');
await worker.run();
await connection.close();
await mongo.close();
