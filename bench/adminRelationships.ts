/**
 * `npx tsx bench/adminRelationships.ts`: how many admin relationships (GDAP) the product holds open at once, and the
 * worker's memory with BENCH_ADMIN_RELATIONSHIPS (default 5,000) of them active. Each relationship is one long-running
 * `adminRelationship` workflow (workflows/adminRelationship.ts): the bench inserts the relationships' documents in bulk
 * (as api/adminRelationshipCommands.ts records one), then drives each workflow with the product's client functions
 * (start, `lockForApproval`, approve) at BENCH_CONCURRENCY at once, with a day of 24 hours, so that every one ends on
 * its timer for the first expiry notice, 700 days away. Then it counts the open workflows in Temporal's visibility,
 * reads the worker's RSS and peak RSS from /proc, and checks that every document is `active`.
 * The customer's Global administrator's sign-in at the edge is not measured: the approval goes to the workflow directly.
 * Writes bench/results/<date>.admin-relationships.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { askToDecideApproval, askToLockForApproval, startAdminRelationship } from '../client/index.js';
import type { CustomerAdministrator, PartnerAgent } from '../domain/adminRelationships.js';
import type { AdminRelationshipDocument } from '../platform/documents.js';
import { connectDatabase } from '../platform/mongo.js';
import { partnerUserId, seedDatabase } from '../platform/seed.js';
import { bundleWorkflows } from '../scripts/bundleWorkflows.js';
import type { RunningServices } from '../scripts/services/index.js';
import { lastLines, startProcess, waitUntilReady, type ManagedProcess } from '../scripts/services/processes.js';
import { adminRelationshipWorkflowId } from '../workflows/adminRelationshipContract.js';
import { workerEnv, workerNodeFlags } from '../worker/processSettings.js';
import { benchAppEnv, benchSeed, commandCounter, commandCountsDir, givenOrEmbeddedServices, percentile, polling, productDataConverter, rssMb } from './benchParts.js';
import { countsBetween, readCommandCounts, type CommandCounts } from './commandCounts.js';
import { cpuPerOperation, sampleCpu } from './cpu.js';
import { countHistories, perWorkflow, spreadSample } from './temporalCounts.js';

const settings = z
  .object({
    BENCH_ADMIN_RELATIONSHIPS: z.coerce.number().int().min(10).max(200_000).default(5000),
    BENCH_CONCURRENCY: z.coerce.number().int().min(1).default(16),
    // Where the Temporal dev server keeps its state: a SQLite file, as `npm run dev` runs it, or memory (no durability).
    BENCH_TEMPORAL_STATE: z.enum(['file', 'memory']).default('file'),
    // How long the worker is left with nothing to do before its resting RSS is read.
    BENCH_ADMIN_IDLE_SECONDS: z.coerce.number().min(0).max(600).default(15),
  })
  .parse(process.env);

const N = settings.BENCH_ADMIN_RELATIONSHIPS;
const dayMs = 24 * 3_600_000;
/** Helpdesk Administrator: a role that may auto-extend; the bench's relationships do not (autoExtendDays 0). */
const helpdeskAdministrator = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const durationDays = 730;
/** Workflows whose histories are read for Temporal's work per relationship and to see each waits on its timer. */
const historiesSampled = 50;
const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => console.log(`[bench:admin] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (n: number) => Math.round(n * 10) / 10;

type Stats = { count: number; p50: number; p95: number; p99: number; max: number };
function stats(latencies: number[]): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count: sorted.length, p50: round1(percentile(sorted, 50)), p95: round1(percentile(sorted, 95)), p99: round1(percentile(sorted, 99)), max: round1(sorted.at(-1) ?? 0) };
}

/** Retries `check` until it answers true or `timeoutMs` passes; returns whether it did and how long it took. */
async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<{ met: boolean; ms: number }> {
  const started = performance.now();
  for (;;) {
    if (await check()) return { met: true, ms: performance.now() - started };
    if (performance.now() - started > timeoutMs) return { met: false, ms: performance.now() - started };
    await sleep(everyMs);
  }
}

class WorkerExited extends Error {}

const stateDir = await mkdtemp(join(tmpdir(), 'reseller-bench-admin-'));
await mkdir(commandCountsDir(stateDir));
let services: RunningServices | undefined;
const children: ManagedProcess[] = [];
/** Set when the worker died mid-run: updates are still in flight on the connection, so the process exits at the end. */
let abandoned = false;
/** The run, from the services to the result; returns early (exit code 1) if the worker dies on the way. */
async function run() {
  const given = await givenOrEmbeddedServices({ ...process.env }, { stateDir, persistTemporal: settings.BENCH_TEMPORAL_STATE === 'file', log });
  services = given.services;
  const { env } = given;
  const tag = randomBytes(3).toString('hex');
  const dbName = `bench_admin_${tag}`;
  const taskQueue = `bench-admin-${tag}`;
  const appEnv = {
    // No API runs: the link base is never served.
    ...benchAppEnv(env, { db: dbName, taskQueue, baseUrl: 'http://127.0.0.1:1' }),
    // As in the container image: the worker loads a prebuilt bundle instead of running webpack in-process.
    WORKFLOW_BUNDLE_PATH: await bundleWorkflows(join(stateDir, 'workflow-bundle.js')),
  };

  // One partner and a customer per relationship.
  const partnerTenantId = `bench-partner-${tag}`;
  const partnerEmail = 'bench@partner.example';
  const seed = benchSeed(tag, N, { email: partnerEmail, apiKey: `bench-key-${tag}-xxxxxxxxxxxxxxxx` });
  const database = await connectDatabase(env.MONGODB_URI, dbName);
  await seedDatabase(database.collections, seed);
  log(`seeded 1 partner and ${N} customers`);

  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
  // The product's data converter, so that the workflows' payloads are encoded as the API encodes them.
  const dataConverter = productDataConverter(appEnv.INVITATION_SECRET);
  const client = new Client({ connection, dataConverter });

  // The product's worker, started as bench/requests.ts starts it.
  const worker = startProcess(
    'worker',
    process.execPath,
    [...workerNodeFlags, '--import', 'tsx', '--import', commandCounter, join(root, 'worker/main.ts')],
    join(stateDir, 'worker.log'),
    { ...appEnv, ...workerEnv, BENCH_COMMAND_COUNTS_DIR: commandCountsDir(stateDir) },
  );
  children.push(worker);
  await waitUntilReady(worker, polling(client, taskQueue), 120_000);
  const workerPid = worker.child.pid!;
  // A worker that dies (its workflow thread out of heap, say) would leave every update waiting: the run stops instead.
  const workerExited = new Promise<never>((_, reject) =>
    worker.child.once('exit', (code, signal) => reject(new WorkerExited(`the worker exited (${code ?? signal}) during the run`))),
  );
  workerExited.catch(() => undefined);
  const memoryAtStart = await rssMb(workerPid);
  log(`worker polling ${taskQueue}; RSS ${memoryAtStart.rss} MB`);

  // The relationships' documents, in bulk, as createAdminRelationship records each.
  const now = new Date();
  const relationships: AdminRelationshipDocument[] = Array.from({ length: N }, (_, i) => {
    const _id = uuidv7();
    return {
      _id,
      partnerTenantId,
      displayName: `Bench helpdesk ${i}`,
      durationDays,
      autoExtendDays: 0,
      customerTenantId: `bench-customer-${tag}-${i}`,
      roleIds: [helpdeskAdministrator],
      status: 'created',
      workflowId: adminRelationshipWorkflowId(partnerTenantId, _id),
      createdBy: { userId: partnerUserId(partnerTenantId, partnerEmail), email: partnerEmail },
      createdAt: now,
      lastModifiedAt: now,
    };
  });
  for (let from = 0; from < N; from += 1000) await database.collections.adminRelationships.insertMany(relationships.slice(from, from + 1000), { ordered: false });
  log(`inserted ${N} admin relationships (created)`);

  // Start, lock for approval and approve each, BENCH_CONCURRENCY at once; the worker's memory sampled every second.
  const partnerAgent: PartnerAgent = { kind: 'partnerUser', userId: partnerUserId(partnerTenantId, partnerEmail), email: partnerEmail };
  const workflowSettings = { taskQueue };
  const latencies = { start: [] as number[], lock: [] as number[], approve: [] as number[], total: [] as number[] };
  let activeSoFar = 0;
  const rssSamples: { seconds: number; active: number; rss: number }[] = [];
  const loadStarted = performance.now();
  const sampler = setInterval(() => {
    void rssMb(workerPid).then(({ rss }) => rssSamples.push({ seconds: round1((performance.now() - loadStarted) / 1000), active: activeSoFar, rss }));
  }, 1000);
  const processNames = new Map<number, string>([
    [process.pid, 'bench'],
    [workerPid, 'worker'],
  ]);
  const commandsBefore = (await readCommandCounts(commandCountsDir(stateDir), [workerPid])).get(workerPid)!;
  const cpuBefore = await sampleCpu(process.pid, processNames);
  const bringToActive = async (relationship: AdminRelationshipDocument) => {
    const ref = { partnerTenantId, relationshipId: relationship._id };
    const t0 = performance.now();
    await startAdminRelationship(client, workflowSettings, { relationshipId: relationship._id, partnerTenantId, dayMs }, { displayName: relationship.displayName, partnerName: 'Bench Partner' });
    const t1 = performance.now();
    const locked = await askToLockForApproval(client, ref, partnerAgent, new Date().toISOString());
    if (locked.outcome !== 'changed' || locked.status !== 'approvalPending') throw new Error(`lockForApproval ${relationship._id}: ${JSON.stringify(locked)}`);
    const t2 = performance.now();
    const by: CustomerAdministrator = { kind: 'customer', objectId: 'bench', tenantId: relationship.customerTenantId! };
    const approved = await askToDecideApproval(client, ref, 'approve', by, new Date().toISOString());
    if (approved.outcome !== 'changed' || approved.status !== 'active') throw new Error(`approve ${relationship._id}: ${JSON.stringify(approved)}`);
    const t3 = performance.now();
    latencies.start.push(t1 - t0);
    latencies.lock.push(t2 - t1);
    latencies.approve.push(t3 - t2);
    latencies.total.push(t3 - t0);
    activeSoFar += 1;
    if (activeSoFar % 500 === 0) log(`${activeSoFar} active, ${round1(activeSoFar / ((performance.now() - loadStarted) / 1000))}/s`);
  };
  log(`bringing ${N} relationships to active, ${settings.BENCH_CONCURRENCY} at once`);
  let next = 0;
  const resultName = `${new Date().toISOString().slice(0, 10)}.admin-relationships${process.env.WORKER_MAX_CACHED_WORKFLOWS ? `.cache${process.env.WORKER_MAX_CACHED_WORKFLOWS}` : ''}`;
  const workerSettings = { nodeFlags: workerNodeFlags, env: workerEnv, maxCachedWorkflows: Number(process.env.WORKER_MAX_CACHED_WORKFLOWS ?? 250) };
  try {
    try {
      await Promise.race([
        workerExited,
        Promise.all(
          Array.from({ length: settings.BENCH_CONCURRENCY }, async () => {
            while (next < relationships.length && worker.child.exitCode === null && worker.child.signalCode === null) await bringToActive(relationships[next++]!);
          }),
        ),
      ]);
    } catch (error) {
      if (!(error instanceof WorkerExited)) throw error;
      // What the run reached before the worker died, written down as the result of this run.
      const seconds = round1((performance.now() - loadStarted) / 1000);
      const lastSample = rssSamples.at(-1);
      const failed = {
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
        settings,
        worker: workerSettings,
        completed: false,
        failure: error.message,
        activeBeforeFailure: activeSoFar,
        secondsBeforeFailure: seconds,
        throughputBeforeFailure: round1(activeSoFar / seconds),
        documentsByStatus: Object.fromEntries(
          (await database.collections.adminRelationships.aggregate<{ _id: string; count: number }>([{ $group: { _id: '$status', count: { $sum: 1 } } }]).toArray()).map(({ _id, count }) => [_id, count]),
        ),
        workerRssMb: { atStart: memoryAtStart.rss, lastSampled: lastSample?.rss, maxSampled: Math.max(0, ...rssSamples.map((sample) => sample.rss)) },
        workerLog: (await lastLines(worker.logFile, 400)).split('\n').filter((line) => /"level":(50|60)|Error/.test(line)).slice(0, 3),
      };
      await mkdir(join(root, 'bench/results'), { recursive: true });
      await writeFile(join(root, `bench/results/${resultName}.json`), `${JSON.stringify(failed, null, 2)}\n`);
      console.log(
        [
          '',
          `FAILED: ${error.message}, after ${activeSoFar} of ${N} relationships brought to active in ${seconds} s (${failed.throughputBeforeFailure}/s)`,
          `worker RSS MB: at start ${memoryAtStart.rss}, last sampled ${lastSample?.rss}, max sampled ${failed.workerRssMb.maxSampled}`,
          ...failed.workerLog.map((line) => `worker: ${line.slice(0, 300)}`),
          `log: ${worker.logFile} (removed with the state directory); written: bench/results/${resultName}.json`,
        ].join('\n'),
      );
      abandoned = true;
      return;
    }
    const updatesSeconds = (performance.now() - loadStarted) / 1000;
    log(`${N} approved in ${round1(updatesSeconds)} s; waiting for the workflows to settle on their timers`);

    // Settled: every approval email sent (the step after the lock) and the sampled workflows each waiting on one timer.
    const outbox = database.collections.outbox;
    const approvalEmails = () => outbox.countDocuments({ _id: { $regex: '^admin-approval:' } });
    const sampleIds = spreadSample(relationships, historiesSampled).map((relationship) => relationship.workflowId);
    const onTimer = async () => {
      const histories = await Promise.all(sampleIds.map((id) => client.workflow.getHandle(id).fetchHistory()));
      return histories.map((history) => history.events?.at(-1)?.timerStartedEventAttributes);
    };
    const settled = await until(async () => {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) throw new WorkerExited('the worker exited while the workflows settled');
      return (await approvalEmails()) >= N && (await onTimer()).every(Boolean);
    }, 600_000, 1000);
    const settledSeconds = (performance.now() - loadStarted) / 1000;
    clearInterval(sampler);
    const cpuAfter = await sampleCpu(process.pid, processNames);
    const commandsAfter = (await readCommandCounts(commandCountsDir(stateDir), [workerPid])).get(workerPid)!;
    const memoryLoaded = await rssMb(workerPid);
    if (!settled.met) throw new Error(`the workflows did not settle within 10 minutes: ${await approvalEmails()} approval emails of ${N}`);
    const timers = await onTimer();
    const timerDays = [...new Set(timers.map((timer) => round1(Number(timer?.startToFireTimeout?.seconds ?? 0) / 86_400)))];
    const temporalPerRelationship = perWorkflow({ workflowTasks: 0, activities: 0, localActivities: 0, historyEvents: 0 }, await countHistories(client, sampleIds), sampleIds.length);

    // The workflows open now, as Temporal's visibility counts them (it trails the histories by a moment).
    const query = `WorkflowType='adminRelationship' AND ExecutionStatus='Running' AND TaskQueue='${taskQueue}'`;
    let countedBy: 'count' | 'list' = 'count';
    const countOpen = async (): Promise<number> => {
      if (countedBy === 'count') {
        try {
          return Number((await client.workflow.count(query)).count);
        } catch (error) {
          log(`count is not supported here (${(error as Error).message}); listing instead`);
          countedBy = 'list';
        }
      }
      let listed = 0;
      for await (const _ of client.workflow.list({ query, pageSize: 1000 })) listed += 1;
      return listed;
    };
    let openWorkflows = 0;
    await until(async () => (openWorkflows = await countOpen()) >= N, 60_000, 1000);

    // Every relationship recorded active.
    const byStatus = Object.fromEntries(
      (await database.collections.adminRelationships.aggregate<{ _id: string; count: number }>([{ $match: { partnerTenantId } }, { $group: { _id: '$status', count: { $sum: 1 } } }]).toArray()).map(
        ({ _id, count }) => [_id, count],
      ),
    );
    const allActive = byStatus.active === N;

    // The worker at rest with every relationship open.
    log(`idle ${settings.BENCH_ADMIN_IDLE_SECONDS} s before reading the worker's resting memory`);
    await sleep(settings.BENCH_ADMIN_IDLE_SECONDS * 1000);
    const memoryAtRest = await rssMb(workerPid);
    const openAtRest = await countOpen();

    const checkpoints = [...new Set([Math.round(N / 10), Math.round(N / 4), Math.round(N / 2), N])];
    const rssByActive = checkpoints.map((active) => ({ active, rss: rssSamples.find((sample) => sample.active >= active)?.rss ?? memoryLoaded.rss }));
    const workerCommands: CommandCounts = countsBetween(commandsBefore, commandsAfter);
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
      settings,
      services: services ? `embedded; Temporal's state in ${settings.BENCH_TEMPORAL_STATE}` : 'external (TEMPORAL_ADDRESS, MONGODB_URI)',
      worker: workerSettings,
      completed: true,
      relationships: { count: N, durationDays, autoExtendDays: 0, roleIds: [helpdeskAdministrator], dayMs },
      toActive: {
        // Start, lockForApproval and approve answered for every relationship (each document `active` by then).
        seconds: round1(updatesSeconds),
        throughput: round1(N / updatesSeconds),
        // Until every workflow has also sent its approval email and waits on its timer.
        settledSeconds: round1(settledSeconds),
        settledThroughput: round1(N / settledSeconds),
        latencyMs: { start: stats(latencies.start), lockForApproval: stats(latencies.lock), approve: stats(latencies.approve), total: stats(latencies.total) },
      },
      openWorkflows: { counted: openWorkflows, atRest: openAtRest, countedBy, query },
      documents: { byStatus, allActive },
      sampledWorkflows: { count: sampleIds.length, waitingOnTimer: timers.filter(Boolean).length, timerDays },
      temporalPerRelationship,
      cpuMsPerRelationship: cpuPerOperation(cpuBefore, cpuAfter, N),
      workerMongoCommandsPerRelationship: Object.fromEntries(Object.entries(workerCommands).map(([command, count]) => [command, Math.round((count / N) * 100) / 100])),
      workerRssMb: {
        atStart: memoryAtStart.rss,
        loaded: memoryLoaded.rss,
        atRest: memoryAtRest.rss,
        peak: memoryAtRest.peak,
        byActive: rssByActive,
      },
    };
    const name = resultName;
    await mkdir(join(root, 'bench/results'), { recursive: true });
    await writeFile(join(root, `bench/results/${name}.json`), `${JSON.stringify(result, null, 2)}\n`);

    const t = result.toActive.latencyMs;
    console.log(
      [
        '',
        `admin relationships brought to active: ${N} at ${settings.BENCH_CONCURRENCY} at once`,
        `  start+lock+approve answered in ${result.toActive.seconds} s: ${result.toActive.throughput}/s; settled on their timers in ${result.toActive.settledSeconds} s: ${result.toActive.settledThroughput}/s`,
        `  latency p50/p95 ms: start ${t.start.p50}/${t.start.p95}, lockForApproval ${t.lockForApproval.p50}/${t.lockForApproval.p95}, approve ${t.approve.p50}/${t.approve.p95}, total ${t.total.p50}/${t.total.p95}`,
        `open adminRelationship workflows (${countedBy}): ${openWorkflows}; after ${settings.BENCH_ADMIN_IDLE_SECONDS} s idle: ${openAtRest}`,
        `documents: ${JSON.stringify(byStatus)} ${allActive ? '(all active)' : '(NOT all active)'}`,
        `sampled workflows on their timer: ${result.sampledWorkflows.waitingOnTimer}/${sampleIds.length}, timer ${timerDays.join(', ')} days`,
        `Temporal per relationship: workflow tasks ${temporalPerRelationship.workflowTasks}, activities ${temporalPerRelationship.activities}, history events ${temporalPerRelationship.historyEvents}`,
        `CPU ms per relationship: ${Object.entries(result.cpuMsPerRelationship).map(([process, ms]) => `${process} ${ms}`).join(', ')}`,
        `worker MongoDB commands per relationship: ${Object.entries(result.workerMongoCommandsPerRelationship).map(([command, count]) => `${command} ${count}`).join(', ')}`,
        `worker RSS MB: at start ${memoryAtStart.rss}, ${rssByActive.map((c) => `${c.active} active ${c.rss}`).join(', ')}, at rest ${memoryAtRest.rss}, peak ${memoryAtRest.peak}`,
        `written: bench/results/${name}.json`,
      ].join('\n'),
    );
    if (!allActive) process.exitCode = 1;
    if (openWorkflows < N) {
      log(`only ${openWorkflows} of ${N} workflows counted open`);
      process.exitCode = 1;
    }
  } finally {
    clearInterval(sampler);
    if (!abandoned) await connection.close();
    await database.db.dropDatabase();
    await database.close();
  }
}
try {
  await run();
} finally {
  await Promise.all(children.map((child) => child.stop()));
  await services?.stop();
  await rm(stateDir, { recursive: true, force: true });
}
// The updates the dead worker never answered would retry on a closed connection: leave without waiting for them.
if (abandoned) process.exit(1);
