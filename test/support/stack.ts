import { randomBytes, randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { createOutboxMailer, type Mailer } from '../../activities/mailer.js';
import { createApp } from '../../api/app.js';
import type { CustomerSignIn } from '../../api/identity/customerSignIn.js';
import type { AccessTokenVerifier } from '../../api/identity/accessTokens.js';
import type { OperatorTokenVerifier } from '../../api/identity/operatorTokens.js';
import type { PartnerSignIn } from '../../api/identity/partnerSignIn.js';
import type { SeedFile } from '../../domain/tenants.js';
import { parseDuration } from '../../domain/durations.js';
import type { QuotaSettings } from '../../platform/config.js';
import { createInvitationLinks } from '../../platform/invitationTokens.js';
import { createLogger } from '../../platform/logger.js';
import { createKeyring } from '../../platform/secretKeys.js';
import { connectDatabase } from '../../platform/mongo.js';
import { seedDatabase } from '../../platform/seed.js';
import { payloadKeyring, temporalDataConverter } from '../../platform/temporalDataConverter.js';
import { createSecretBox } from '../../platform/webhookSecrets.js';
import { createRelationshipWorker, sharedWorkflowModules, workflowsPath } from '../../worker/createWorker.js';
import { demoWorld } from './fixtures.js';

export function serviceAddresses() {
  const temporalAddress = process.env.TEMPORAL_ADDRESS;
  const mongoUri = process.env.MONGODB_URI;
  if (!temporalAddress || !mongoUri) {
    throw new Error('Tests need real services: run them with `npm test` (which starts them) or set TEMPORAL_ADDRESS and MONGODB_URI');
  }
  return { temporalAddress, mongoUri };
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundling the workflows takes seconds: once per test process is enough. The plain bundle, as workers load it. */
export const workflowBundle = () => (bundle ??= bundleWorkflowCode({ workflowsPath, preloadModules: sharedWorkflowModules, logger: quietLogger }));

const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
let runtimeQuiet = false;
function quietRuntime() {
  if (runtimeQuiet) return;
  runtimeQuiet = true;
  Runtime.install({ logger: { ...quietLogger, error: (message: string) => console.error(message) } as never });
}

export type StackOptions = {
  invitationTtl?: string;
  /** How long an admin relationship's day lasts (ADMIN_RELATIONSHIP_DAY), as an SDK duration; a day by default. */
  adminRelationshipDay?: string;
  reminderAfter?: string;
  mailer?: Mailer;
  logLines?: string[];
  secret?: string;
  publicBaseUrl?: string;
  invitationRateLimit?: number;
  authFailureRateLimit?: number;
  /** Other quotas (QUOTA settings by name); those not given take their defaults. */
  quotas?: Partial<QuotaSettings>;
  /** false: no worker in this process; start one with `spawnWorker` to kill and restart it. */
  inProcessWorker?: boolean;
  /** Partner users sign in to the workspace at /workspace through this. */
  partnerSignIn?: PartnerSignIn;
  /** Serve the Temporal UI's codec at /codec to operators whose tokens this verifier accepts, called from this origin. */
  operatorTokens?: { verify: OperatorTokenVerifier; uiOrigin: string };
  /** Accept partner users' access tokens checked by this verifier, as the API does with an OpenID provider configured. */
  accessTokens?: AccessTokenVerifier;
  /** Customers sign in before deciding (CUSTOMER_SIGN_IN=oidc); without it, the link-only mode. */
  customerSignIn?: CustomerSignIn;
  mcaVersion?: string;
  /** The worker's activities reach MongoDB here instead (a cuttable link to the same server); the API does not. */
  workerMongoUri?: string;
  /** Webhook retries, SDK durations: first interval (default 1s), longest interval (5s), whole window (1h). */
  webhookRetry?: { initial?: string; maxInterval?: string; window?: string };
};

/** A worker and an API on real Temporal and MongoDB, isolated by database name and task queue. */
export async function startStack(options: StackOptions = {}) {
  quietRuntime();
  const { temporalAddress, mongoUri } = serviceAddresses();
  const dbName = `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const database = await connectDatabase(mongoUri, dbName);
  const workerDatabase = options.workerMongoUri ? await connectDatabase(options.workerMongoUri, dbName) : database;
  const taskQueue = `test-${randomUUID()}`;
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const publicBaseUrl = options.publicBaseUrl ?? 'http://localhost:3000';
  const links = createInvitationLinks({ keys: createKeyring({ current: secret }), publicBaseUrl });
  // Histories are encrypted as in production, with the key a worker started from `workerEnv` derives alike.
  const keyring = payloadKeyring({ INVITATION_SECRET: secret, NODE_ENV: 'test', PAYLOAD_CODEC_KEYS: undefined });
  const dataConverter = temporalDataConverter(keyring);
  const mailer = options.mailer ?? createOutboxMailer({ collections: workerDatabase.collections, from: 'test@example.com' });
  // Webhook receivers in tests listen on loopback, as WEBHOOK_ALLOW_LOOPBACK allows outside production.
  const webhookKey = randomBytes(32);
  const webhookRetry = { initial: '1s', maxInterval: '5s', window: '1h', ...options.webhookRetry };
  const webhooks = { secrets: createSecretBox(webhookKey), allowLoopback: true };
  const activities = createActivities({
    collections: workerDatabase.collections,
    mailer,
    links,
    webhooks: {
      ...webhooks,
      schedule: { initialMs: parseDuration(webhookRetry.initial), maxIntervalMs: parseDuration(webhookRetry.maxInterval), windowMs: parseDuration(webhookRetry.window) },
    },
  });

  const workerConnection = await NativeConnection.connect({ address: temporalAddress });
  const worker =
    options.inProcessWorker === false
      ? undefined
      : await createRelationshipWorker({
          connection: workerConnection,
          namespace: 'default',
          taskQueue,
          activities,
          dataConverter,
          workflowBundle: await workflowBundle(),
        });
  const workerRun = worker?.run();
  /** The environment of `npm run worker` for this stack: same database, task queue and secret. */
  const workerEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: temporalAddress,
    MONGODB_URI: mongoUri,
    MONGODB_DB: dbName,
    TEMPORAL_TASK_QUEUE: taskQueue,
    INVITATION_SECRET: secret,
    // Named, so that a worker started in production mode (which derives no key) encrypts with the same one.
    PAYLOAD_CODEC_KEYS: `${keyring.current.id}:${keyring.current.key.toString('base64')}`,
    PUBLIC_BASE_URL: publicBaseUrl,
    // Processes started from this stack decide as its app does: link-only unless the stack signs customers in.
    CUSTOMER_SIGN_IN: options.customerSignIn ? 'oidc' : 'off',
    WEBHOOK_SECRET_KEY: webhookKey.toString('base64'),
    WEBHOOK_ALLOW_LOOPBACK: 'true',
    WEBHOOK_RETRY_INITIAL: webhookRetry.initial,
    WEBHOOK_RETRY_MAX_INTERVAL: webhookRetry.maxInterval,
    WEBHOOK_RETRY_WINDOW: webhookRetry.window,
  };

  const clientConnection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection: clientConnection, namespace: 'default', dataConverter });
  const logLines = options.logLines;
  const log = createLogger({
    level: logLines ? 'info' : 'silent',
    name: 'api',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logLines?.push(String(chunk));
        done();
      },
    }),
  });
  const deps = {
    database,
    temporal: client,
    links,
    log,
    config: {
      TEMPORAL_TASK_QUEUE: taskQueue,
      INVITATION_TTL: parseDuration(options.invitationTtl ?? '1h'),
      REMINDER_AFTER: (options.reminderAfter ?? '').split(',').filter(Boolean).map(parseDuration),
      INVITATION_RATE_LIMIT: options.invitationRateLimit ?? 1000,
      AUTH_FAILURE_RATE_LIMIT: options.authFailureRateLimit ?? 1000,
      ...options.quotas,
      PUBLIC_BASE_URL: publicBaseUrl,
      CUSTOMER_SIGN_IN: options.customerSignIn ? ('oidc' as const) : ('off' as const),
      MCA_VERSION: options.mcaVersion,
      ...(options.adminRelationshipDay && { ADMIN_RELATIONSHIP_DAY: parseDuration(options.adminRelationshipDay) }),
    },
    ...(options.accessTokens && { accessTokens: options.accessTokens }),
    ...(options.customerSignIn && { customerSignIn: options.customerSignIn }),
    ...(options.partnerSignIn && { partnerSignIn: options.partnerSignIn }),
    ...(options.operatorTokens && {
      temporalCodec: { codec: dataConverter.payloadCodecs![0]!, verify: options.operatorTokens.verify, namespace: 'default', allowedOrigins: [options.operatorTokens.uiOrigin] },
    }),
    webhooks,
  };
  const app = createApp(deps);

  return {
    app,
    deps,
    client,
    dataConverter,
    database,
    collections: database.collections,
    taskQueue,
    links,
    activities,
    workerEnv,
    seed: (seed: SeedFile) => seedDatabase(database.collections, seed),
    async stop() {
      worker?.shutdown();
      await workerRun;
      await workerConnection.close();
      await clientConnection.close();
      await database.db.dropDatabase();
      await database.close();
      if (workerDatabase !== database) await workerDatabase.close();
    },
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * A stack seeded with a fresh demo world for the enclosing `describe`: `ctx.stack` and `ctx.world` are ready
 * when its tests run, and the stack stops after them.
 */
export function seededStack(options: StackOptions = {}) {
  const ctx = { world: demoWorld(), stack: undefined as unknown as Stack };
  before(async () => {
    ctx.stack = await startStack(options);
    await ctx.stack.seed(ctx.world.seed);
  });
  after(() => ctx.stack?.stop());
  return ctx;
}

/** A payload as a history holds it (encrypted by the stack's codec), decoded to its value. */
export async function decodedPayload<T>(stack: Stack, payload: Payload): Promise<T> {
  const [plain] = await stack.dataConverter.payloadCodecs![0]!.decode([payload]);
  return defaultPayloadConverter.fromPayload<T>(plain!);
}

/** A history with each of its payloads decoded in place by the stack's codec: what its workflow saw. */
export async function decodedHistory<T>(stack: Stack, history: T): Promise<T> {
  const codec = stack.dataConverter.payloadCodecs![0]!;
  const visit = async (value: unknown): Promise<void> => {
    if (!value || typeof value !== 'object' || value instanceof Uint8Array) return;
    for (const [key, child] of Object.entries(value)) {
      if (child && typeof child === 'object' && 'metadata' in child && 'data' in child && child.data instanceof Uint8Array) {
        (value as Record<string, unknown>)[key] = (await codec.decode([child as Payload]))[0];
      } else {
        await visit(child);
      }
    }
  };
  await visit(history);
  return history;
}
