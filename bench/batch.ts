/**
 * `npm run bench:batch`: one batch of BENCH_BATCH_SIZE (default 1,000) customers through the HTTP API on the embedded
 * services, as `npm run dev` runs them (Temporal's state in a file), with one worker and one API process. Measures the
 * time from the POST to the batch completed, and the worker's and API's resident memory during it (sampled every
 * 100 ms, and the kernel's peak). Writes bench/results/<date>.batch.json. BATCH_CONCURRENCY is passed to the API.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { z } from 'zod';
import { benchAppEnv, benchSeed, givenOrEmbeddedServices, productDataConverter, rssMb } from './benchParts.js';
import { cpuPerOperation, sampleCpu } from './cpu.js';
import { defaultBatchConcurrency } from '../platform/config.js';
import { connectDatabase } from '../platform/mongo.js';
import { seedDatabase } from '../platform/seed.js';
import { batchWorkflowId } from '../workflows/relationshipRequestBatchContract.js';
import { workerEnv, workerNodeFlags } from '../worker/processSettings.js';
import { bundleWorkflows } from '../scripts/bundleWorkflows.js';
import type { RunningServices } from '../scripts/services/index.js';
import { freePort, startProcess, waitUntilReady, type ManagedProcess } from '../scripts/services/processes.js';

const settings = z
  .object({
    BENCH_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(1000),
    BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(defaultBatchConcurrency),
  })
  .parse(process.env);

const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => console.log(`[bench:batch] ${line}`);

const stateDir = await mkdtemp(join(tmpdir(), 'reseller-bench-batch-'));
let services: RunningServices | undefined;
const children: ManagedProcess[] = [];
try {
  const given = await givenOrEmbeddedServices({ ...process.env }, { stateDir, persistTemporal: true, log });
  services = given.services;
  const { env } = given;
  const tag = randomBytes(3).toString('hex');
  const dbName = `bench_batch_${tag}`;
  const apiPort = await freePort();
  const base = `http://127.0.0.1:${apiPort}`;
  const taskQueue = `bench-batch-${tag}`;
  const appEnv = {
    ...benchAppEnv(env, { db: dbName, taskQueue, baseUrl: base, port: apiPort }),
    BATCH_CONCURRENCY: String(settings.BATCH_CONCURRENCY),
    WORKFLOW_BUNDLE_PATH: await bundleWorkflows(join(stateDir, 'workflow-bundle.js')),
  };

  const key = `bench-batch-key-${tag}-xxxxxxxxxxxx`;
  const seed = benchSeed(tag, settings.BENCH_BATCH_SIZE, { email: 'bench@partner.example', apiKey: key });
  const database = await connectDatabase(env.MONGODB_URI, dbName);
  await seedDatabase(database.collections, seed);
  log(`seeded ${settings.BENCH_BATCH_SIZE} customers`);

  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  // The product's data converter, so that its workflows' memos and histories decode here too.
  const dataConverter = productDataConverter(appEnv.INVITATION_SECRET);
  const client = new Client({ connection, dataConverter });
  const start = async (name: string, entry: string, processEnv: NodeJS.ProcessEnv, ready: () => Promise<unknown>, flags: readonly string[] = []) => {
    const child = startProcess(name, process.execPath, [...flags, '--import', 'tsx', join(root, entry)], join(stateDir, `${name}.log`), processEnv);
    children.push(child);
    await waitUntilReady(child, ready, 120_000);
    return child;
  };
  const worker = await start(
    'worker',
    'worker/main.ts',
    { ...appEnv, ...workerEnv },
    async () => {
      const { pollers } = await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType: 1 });
      if (!pollers?.length) throw new Error('not polling yet');
    },
    workerNodeFlags,
  );
  const api = await start('api', 'api/main.ts', appEnv, async () => {
    if (!(await fetch(`${base}/readyz`)).ok) throw new Error('not ready');
  });

  const idle = { worker: await rssMb(worker.child.pid), api: await rssMb(api.child.pid) };
  const sampled = { worker: 0, api: 0 };
  let t0 = performance.now();
  const workerTimeline: { s: number; rssMb: number }[] = [];
  const sampler = setInterval(() => {
    void Promise.all([rssMb(worker.child.pid), rssMb(api.child.pid)]).then(([w, a]) => {
      sampled.worker = Math.max(sampled.worker, w.rss);
      sampled.api = Math.max(sampled.api, a.rss);
      const s = Math.floor((performance.now() - t0) / 1000);
      if (workerTimeline.at(-1)?.s !== s && s % 5 === 0) workerTimeline.push({ s, rssMb: w.rss });
    });
  }, 100);

  const processNames = new Map<number, string>([
    [process.pid, 'bench'],
    [worker.child.pid!, 'worker'],
    [api.child.pid!, 'api'],
  ]);
  const cpuBefore = await sampleCpu(process.pid, processNames);
  t0 = performance.now();
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const items = seed.customers.map((customer) => ({ customerTenantId: customer.tenantId, customerEmail: customer.email, includeDelegatedAdminPrivileges: true }));
  log(`POST a batch of ${items.length}, ${settings.BATCH_CONCURRENCY} at a time`);
  const created = await fetch(`${base}/v1/relationship-request-batches`, { method: 'POST', headers, body: JSON.stringify({ items }) });
  const accepted = (await created.json()) as { id: string };
  const acceptedMs = performance.now() - t0;
  if (created.status !== 202) throw new Error(`POST: ${created.status} ${JSON.stringify(accepted)}`);
  type Batch = { status: string; counts: { pending: number; invited: number } };
  let batch: Batch;
  for (;;) {
    batch = (await (await fetch(`${base}/v1/relationship-request-batches/${accepted.id}?limit=1`, { headers })).json()) as Batch;
    if (batch.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const cpuMsPerItem = cpuPerOperation(cpuBefore, await sampleCpu(process.pid, processNames), items.length);
  if (batch.status !== 'completed' || batch.counts.invited !== items.length) throw new Error(`batch ended ${JSON.stringify(batch)}`);

  const description = await client.workflow.getHandle(batchWorkflowId(accepted.id)).describe();
  const peaks = { worker: await rssMb(worker.child.pid), api: await rssMb(api.child.pid) };
  const round = (n: number) => Math.round(n * 10) / 10;
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    settings,
    services: services ? "embedded; Temporal's state in a file" : 'external (TEMPORAL_ADDRESS, MONGODB_URI)',
    items: items.length,
    acceptedMs: Math.round(acceptedMs),
    seconds: round(seconds),
    itemsPerSecond: round(items.length / seconds),
    counts: batch.counts,
    cpuMsPerItem,
    lastRunHistoryLength: Number(description.raw.workflowExecutionInfo?.historyLength ?? 0),
    workerRssTimeline: workerTimeline,
    rssMb: {
      workerIdle: idle.worker.rss,
      workerMaxDuringBatch: sampled.worker,
      workerPeak: peaks.worker.peak,
      apiIdle: idle.api.rss,
      apiMaxDuringBatch: sampled.api,
      apiPeak: peaks.api.peak,
    },
  };
  await mkdir(join(root, 'bench/results'), { recursive: true });
  const file = `bench/results/${result.date.slice(0, 10)}.batch.json`;
  await writeFile(join(root, file), `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    [
      '',
      `${items.length} items in ${result.seconds} s (${result.itemsPerSecond}/s); 202 after ${result.acceptedMs} ms`,
      `worker RSS: idle ${result.rssMb.workerIdle} MB, max during the batch ${result.rssMb.workerMaxDuringBatch} MB, peak ${result.rssMb.workerPeak} MB`,
      `api RSS: idle ${result.rssMb.apiIdle} MB, max during the batch ${result.rssMb.apiMaxDuringBatch} MB, peak ${result.rssMb.apiPeak} MB`,
      `CPU ms per item: ${Object.entries(cpuMsPerItem).map(([name, ms]) => `${name} ${ms}`).join(', ')}`,
      `history events of the batch's last run: ${result.lastRunHistoryLength}`,
      `written: ${file}`,
    ].join('\n'),
  );
  await connection.close();
  await database.db.dropDatabase();
  await database.close();
} finally {
  await Promise.all(children.map((child) => child.stop()));
  await services?.stop();
  await rm(stateDir, { recursive: true, force: true });
}
