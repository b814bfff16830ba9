import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { MongoClient } from 'mongodb';
import { ConfigSchema, temporalAuthSettings, WorkerTuningSchema } from '../platform/config.js';
import { startTemporalTokens } from '../platform/temporalTokens.js';
import { connectWorker } from '../platform/temporal.js';
import { workerTuning } from '../worker/createWorker.js';
import { createBareActivities } from './bareActivities.js';

/**
 * The baseline's worker, a process of its own like the product's, started with the same process settings and the
 * same tuning (concurrency, sticky cache size), so that the two differ only in what their workflows do.
 */
const { MONGODB_URI = 'mongodb://127.0.0.1:27017/', BARE_TASK_QUEUE = 'bench-bare', MONGODB_DB = 'bench_bare' } =
  process.env;
const bareWorkflowPath = fileURLToPath(new URL('./bareWorkflow.ts', import.meta.url));
const mongo = await new MongoClient(MONGODB_URI).connect();
// Where Temporal is, and with which certificate and token on the cluster, read as the product's worker reads them.
const auth = temporalAuthSettings(ConfigSchema.pick({ TEMPORAL_AUTH_ISSUER: true, TEMPORAL_AUTH_CLIENT_ID: true, TEMPORAL_AUTH_CLIENT_SECRET: true, TEMPORAL_AUTH_AUDIENCE: true, TEMPORAL_AUTH_SCOPE: true }).parse(process.env));
const tokens = auth && (await startTemporalTokens(auth, (error) => console.error('refreshing the Temporal token failed', error)));
const { connection, namespace } = await connectWorker(process.env, tokens);
const worker = await Worker.create({
  connection,
  namespace,
  taskQueue: BARE_TASK_QUEUE,
  workflowsPath: bareWorkflowPath,
  // Shared by every workflow of the thread, as the product's plain bundle does (worker/createWorker.ts).
  bundlerOptions: { preloadModules: [bareWorkflowPath] },
  activities: createBareActivities(mongo.db(MONGODB_DB).collection('bare')),
  ...workerTuning(WorkerTuningSchema.parse(process.env)),
});
process.on('SIGTERM', () => worker.getState() === 'RUNNING' && worker.shutdown());
console.log('worker started');
await worker.run();
tokens?.stop();
await connection.close();
await mongo.close();
