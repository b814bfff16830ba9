import { createActivities } from '../activities/index.js';
import { loadConfigOrExit } from '../platform/config.js';
import { createInvitationLinks } from '../platform/invitationTokens.js';
import { createLogger } from '../platform/logger.js';
import { mailerFromConfig } from '../activities/mailer.js';
import { connectDatabase } from '../platform/mongo.js';
import { connectWorker } from '../platform/temporal.js';
import { installTemporalRuntime } from '../platform/temporalRuntime.js';
import { createRelationshipWorker, workerTuning } from './createWorker.js';

const config = loadConfigOrExit();
const log = createLogger({ level: config.LOG_LEVEL, name: 'worker' });
// Worker metrics come from the SDK's own Prometheus exporter, on METRICS_PORT when set.
installTemporalRuntime({ log, metricsBindAddress: config.METRICS_PORT ? `${config.HOST}:${config.METRICS_PORT}` : undefined });

const database = await connectDatabase(config.MONGODB_URI, config.MONGODB_DB);
const { mailer, transport } = mailerFromConfig(config, database.collections);
const { connection, namespace } = await connectWorker();
const worker = await createRelationshipWorker({
  connection,
  namespace,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  activities: createActivities({
    collections: database.collections,
    mailer,
    links: createInvitationLinks({ secret: config.INVITATION_SECRET, publicBaseUrl: config.PUBLIC_BASE_URL }),
  }),
  // A bundle built ahead (`npm run bundle-workflows`) spares the worker webpack's start-up time and memory.
  ...(config.WORKFLOW_BUNDLE_PATH && { workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH } }),
  tuning: workerTuning(config),
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // Ctrl-C in a terminal reaches both this process and its parent, which then sends SIGTERM: drain once.
  process.on(signal, () => {
    if (worker.getState() !== 'RUNNING') return;
    log.info({ signal }, 'draining worker');
    worker.shutdown();
  });
}

log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace, email: transport }, 'worker started');
try {
  await worker.run();
} finally {
  await connection.close();
  await database.close();
  log.info('worker stopped');
}
