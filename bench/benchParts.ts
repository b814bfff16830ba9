/**
 * What every benchmark script shares: the seed of one partner and its customers, the product's data converter, when a
 * worker is ready, how each process's MongoDB commands are counted, and reading a process's memory and percentiles.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Client } from '@temporalio/client';
import type { SeedFile } from '../domain/tenants.js';
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
