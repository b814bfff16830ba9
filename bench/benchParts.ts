/**
 * What every benchmark shares: the services it runs on, the product's settings, the seed of one partner and its
 * customers, the product's data converter, when a worker is ready, how each process's MongoDB commands are counted,
 * and reading a process's memory and percentiles.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Client } from '@temporalio/client';
import type { SeedFile } from '../domain/tenants.js';
import { startServices, type RunningServices } from '../scripts/services/index.js';
import { payloadKeyring, temporalDataConverter } from '../platform/temporalDataConverter.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The value `p` percent of the way through `sorted` (ascending); 0 for none. */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** The process's resident memory now and its peak so far, in MB. */
export async function rssMb(pid: number | undefined) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

/** Every process a bench starts counts its MongoDB commands (bench/commandCounter.ts) and hands them over here when asked. */
export const commandCountsDir = (stateDir: string) => join(stateDir, 'command-counts');
/** The `--import` that makes a process count its commands. */
export const commandCounter = pathToFileURL(join(root, 'bench/commandCounter.ts')).href;

/** A worker is ready when Temporal sees it polling its task queue. */
export const polling = (client: Client, taskQueue: string) => async () => {
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue },
    taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
  });
  if (!pollers?.length) throw new Error(`no poller on ${taskQueue} yet`);
};

/** One partner with one Admin agent (`apiKey`), and `customers` customers in Ukraine named `bench-customer-<tag>-<i>`. */
export function benchSeed(tag: string, customers: number, user: { email: string; apiKey: string }): SeedFile {
  return {
    partners: [{ tenantId: `bench-partner-${tag}`, name: 'Bench Partner', country: 'TR', cloud: 'public', users: [{ email: user.email, roles: ['AdminAgent'], apiKey: user.apiKey }] }],
    customers: Array.from({ length: customers }, (_, i) => ({
      tenantId: `bench-customer-${tag}-${i}`,
      domain: `c${i}-${tag}.example`,
      companyName: `Customer ${i}`,
      country: 'UA',
      cloud: 'public' as const,
      email: `it@c${i}-${tag}.example`,
    })),
  };
}

/** The product's data converter for the bench's own secret, so that its workflows' payloads encode and decode here too. */
export const productDataConverter = (invitationSecret: string) =>
  temporalDataConverter(payloadKeyring({ INVITATION_SECRET: invitationSecret, NODE_ENV: 'development', PAYLOAD_CODEC_KEYS: undefined }));

/** An environment that names the Temporal server and MongoDB to use. */
export type ServicesEnv = NodeJS.ProcessEnv & { TEMPORAL_ADDRESS: string; MONGODB_URI: string };

/**
 * The Temporal server and MongoDB of `env` (`TEMPORAL_ADDRESS`, `MONGODB_URI`) if it names both, else the embedded ones,
 * started in `stateDir` and written into `env`; with the services to stop afterwards, if they were started here.
 */
export async function givenOrEmbeddedServices(
  env: NodeJS.ProcessEnv,
  options: { stateDir: string; persistTemporal: boolean; log: (line: string) => void },
): Promise<{ services: RunningServices | undefined; env: ServicesEnv }> {
  if (env.TEMPORAL_ADDRESS && env.MONGODB_URI) return { services: undefined, env: env as ServicesEnv };
  const services = await startServices({ ...options, ephemeral: true });
  env.TEMPORAL_ADDRESS = services.temporalAddress;
  env.MONGODB_URI = services.mongoUri;
  return { services, env: env as ServicesEnv };
}

/**
 * The product's settings in a bench run: its own database and task queue, a fresh secret, warnings only, no drain
 * delay, and quotas far past what one load generator sends (one partner, one network). Customers decide through the
 * link alone: a benchmark signs no one in.
 */
export function benchAppEnv(env: NodeJS.ProcessEnv, run: { db: string; taskQueue: string; baseUrl: string; port?: number }) {
  return {
    ...env,
    MONGODB_DB: run.db,
    TEMPORAL_TASK_QUEUE: run.taskQueue,
    INVITATION_SECRET: randomBytes(32).toString('base64url'),
    PUBLIC_BASE_URL: run.baseUrl,
    ...(run.port !== undefined && { PORT: String(run.port) }),
    LOG_LEVEL: 'warn',
    INVITATION_RATE_LIMIT: '1000000',
    REQUESTS_PER_PARTNER_PER_HOUR: '1000000',
    EMAILS_PER_PARTNER_PER_HOUR: '1000000',
    READINESS_DRAIN_DELAY_MS: '0',
    CUSTOMER_SIGN_IN: 'off',
  };
}
