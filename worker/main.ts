import { tracing } from './instrumentation.js';
import { existsSync } from 'node:fs';
import { createActivities } from '../activities/index.js';
import { loadConfigOrExit, temporalAuthSettings, webhookSettingsProblems, type Config } from '../platform/config.js';
import { createInvitationLinks } from '../platform/invitationTokens.js';
import { createLogger } from '../platform/logger.js';
import { keyringFromConfig } from '../platform/secretKeys.js';
import { mailerFromConfig } from '../activities/mailer.js';
import { watchEventLoop } from '../platform/eventLoopWatch.js';
import { connectDatabase } from '../platform/mongo.js';
import { connectWorker } from '../platform/temporal.js';
import { installTemporalRuntime } from '../platform/temporalRuntime.js';
import { payloadKeyring, temporalDataConverter } from '../platform/temporalDataConverter.js';
import { startTemporalTokens } from '../platform/temporalTokens.js';
import { createSecretBox, webhookSecretKey } from '../platform/webhookSecrets.js';
import { createRelationshipWorker, workerTuning } from './createWorker.js';
import { tracedBundlePath } from './tracing.js';

/** A tracing worker loads the traced variant of a prebuilt bundle, built beside it (worker/tracing.ts). */
const bundlePath = (path: string) => (tracing ? tracedBundlePath(path) : path);
const tracedBundleProblems = (config: Config) =>
  tracing && config.WORKFLOW_BUNDLE_PATH && !existsSync(bundlePath(config.WORKFLOW_BUNDLE_PATH))
    ? [`WORKFLOW_BUNDLE_PATH: tracing is on and needs the traced bundle beside it, ${bundlePath(config.WORKFLOW_BUNDLE_PATH)}; \`npm run bundle-workflows -- <path>\` builds both`]
    : [];

const config = loadConfigOrExit(process.env, [tracedBundleProblems, webhookSettingsProblems]);
const log = createLogger({ level: config.LOG_LEVEL, name: 'worker' });
tracing?.reportErrorsTo(log);
log.info({ NODE_ENV: config.NODE_ENV }, `worker starting in ${config.NODE_ENV} mode`);
// Worker metrics come from the SDK's own Prometheus exporter, on METRICS_PORT when set.
installTemporalRuntime({ log, metricsBindAddress: config.METRICS_PORT ? `${config.HOST}:${config.METRICS_PORT}` : undefined });

const database = await connectDatabase(config.MONGODB_URI, config.MONGODB_DB, { log });
watchEventLoop(log);
const { mailer, transport } = mailerFromConfig(config, database.collections);
const temporalAuth = temporalAuthSettings(config);
const temporalTokens = temporalAuth && (await startTemporalTokens(temporalAuth, (err) => log.warn({ err }, 'refreshing the Temporal token failed; retrying')));
const { connection, namespace } = await connectWorker(process.env, temporalTokens);
const worker = await createRelationshipWorker({
  connection,
  namespace,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  dataConverter: temporalDataConverter(payloadKeyring(config)),
  activities: createActivities({
    collections: database.collections,
    mailer,
    links: createInvitationLinks({ keys: keyringFromConfig(config), publicBaseUrl: config.PUBLIC_BASE_URL }),
    webhooks: {
      secrets: createSecretBox(webhookSecretKey(config)),
      allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK,
      schedule: { initialMs: config.WEBHOOK_RETRY_INITIAL, maxIntervalMs: config.WEBHOOK_RETRY_MAX_INTERVAL, windowMs: config.WEBHOOK_RETRY_WINDOW },
    },
  }),
  // A bundle built ahead (`npm run bundle-workflows`) spares the worker webpack's start-up time and memory.
  ...(config.WORKFLOW_BUNDLE_PATH && { workflowBundle: { codePath: bundlePath(config.WORKFLOW_BUNDLE_PATH) } }),
  tuning: workerTuning(config),
  ...(tracing && { tracing }),
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // Ctrl-C in a terminal reaches both this process and its parent, which then sends SIGTERM: drain once.
  process.on(signal, () => {
    if (worker.getState() !== 'RUNNING') return;
    log.info({ signal }, 'draining worker');
    worker.shutdown();
  });
}

log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace, email: transport, tracing: Boolean(tracing) }, 'worker started');
try {
  await worker.run();
} finally {
  temporalTokens?.stop();
  await connection.close();
  await database.close();
  await tracing?.shutdown();
  log.info('worker stopped');
}
