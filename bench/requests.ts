/**
 * `npm run bench`: the product through its HTTP API against a bare workflow of the same shape driven directly with
 * the Temporal client, on the same embedded services, in one run. Writes bench/results/<date>.json and a chart.
 * Sizes: BENCH_RUNS (default 1000) per phase, BENCH_PENDING (default 5000) for the memory phase, BENCH_CONCURRENCY (16),
 * BENCH_ROUNDS (4) turns that bare and product take.
 * `npm run bench -- --cluster`: the same on the production shape (scripts/cluster): the Temporal server and FerretDB on
 * PostgreSQL, two workers and two APIs behind HAProxy against two bare workers. Writes <date>.cluster.json.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { MongoClient } from 'mongodb';
import { z } from 'zod';
import { connectDatabase } from '../platform/mongo.js';
import { seedDatabase } from '../platform/seed.js';
import { bareDecide, bareOpened, type bareRequest } from './bareWorkflow.js';
import { benchAppEnv, benchSeed, commandCounter, commandCountsDir, givenOrEmbeddedServices, percentile, polling, productDataConverter, rssMb, type ServicesEnv } from './benchParts.js';
import { renderChart } from './chart.js';
import { addCounts, countCommands, readCommandCounts, type CommandCounts } from './commandCounts.js';
import { commandLedger } from './commandLedger.js';
import { cpuPerOperation, sampleCpu, type CpuSample } from './cpu.js';
import { measureCodecCost } from './codecCost.js';
import { countHistories, noTemporalCounts, perWorkflow, spreadSample } from './temporalCounts.js';
import { ownCpuPerOperation, targets, verdictOn } from './targets.js';
import { relationshipRequestWorkflowId } from '../workflows/relationshipRequestContract.js';
import { workerEnv, workerNodeFlags } from '../worker/processSettings.js';
import { bundleWorkflows } from '../scripts/bundleWorkflows.js';
import { freeClusterPorts, startApps, startClusterServices, type ClusterServices } from '../scripts/cluster/index.js';
import { connectionOptionsOf } from '../platform/temporalSetup.js';
import type { RunningServices } from '../scripts/services/index.js';
import { freePort, startProcess, waitUntilReady, type ManagedProcess } from '../scripts/services/processes.js';

const settings = z
  .object({
    BENCH_RUNS: z.coerce.number().int().min(10).default(1000),
    BENCH_PENDING: z.coerce.number().int().min(100).default(5000),
    BENCH_CONCURRENCY: z.coerce.number().int().min(1).default(16),
    // Bare and product take turns in this many rounds, so that neither always runs on the emptier server.
    BENCH_ROUNDS: z.coerce.number().int().min(1).default(4),
    // Where the Temporal dev server keeps its state: a SQLite file, as `npm run dev` runs it, or memory (no durability).
    BENCH_TEMPORAL_STATE: z.enum(['file', 'memory']).default('file'),
    // Where the worker and the API write V8 CPU profiles (.cpuprofile, open in Chrome DevTools); off when unset.
    BENCH_CPU_PROFILE_DIR: z.string().min(1).optional(),
  })
  .parse(process.env);

const onCluster = process.argv.includes('--cluster');
/** Workflows per side whose histories are read for Temporal's work per operation; they all have the same shape. */
const historiesSampled = 50;
const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => console.log(`[bench] ${line}`);

type Stats = { count: number; seconds: number; throughput: number; p50: number; p95: number; p99: number };
function stats(latencies: number[], seconds: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    count: sorted.length,
    seconds: round(seconds),
    throughput: round(sorted.length / seconds),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
  };
}

type Measured = { latencies: number[]; seconds: number };

/**
 * Runs `task` for each item with bounded concurrency, then `settle` (work the tasks left running, counted in the
 * wall time); returns per-item latencies in ms and the wall time.
 */
async function measure<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>, settle?: () => Promise<unknown>): Promise<Measured> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const t0 = performance.now();
        await task(item);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  await settle?.();
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

const combine = (parts: Measured[]): Measured => ({
  latencies: parts.flatMap((part) => part.latencies),
  seconds: parts.reduce((sum, part) => sum + part.seconds, 0),
});

/** Item k goes to round k mod rounds. */
const roundOf = <T>(items: T[], round: number, rounds: number) => items.filter((_, k) => k % rounds === round);

async function startNode(name: string, entry: string, env: NodeJS.ProcessEnv, stateDir: string, ready: () => Promise<unknown>, nodeFlags: readonly string[] = []) {
  // A folder per process: each of its threads (tsx's loader, the SDK's workflow threads) writes a profile of its own.
  const profile = settings.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${join(settings.BENCH_CPU_PROFILE_DIR, name)}`] : [];
  const child = startProcess(
    name,
    process.execPath,
    [...nodeFlags, ...profile, '--import', 'tsx', '--import', commandCounter, join(root, entry)],
    join(stateDir, `${name}.log`),
    { ...env, BENCH_COMMAND_COUNTS_DIR: commandCountsDir(stateDir) },
  );
  await waitUntilReady(child, ready, 120_000);
  return child;
}

const stateDir = await mkdtemp(join(tmpdir(), 'reseller-bench-'));
await mkdir(commandCountsDir(stateDir));
let services: RunningServices | undefined;
let cluster: ClusterServices | undefined;
const children: ManagedProcess[] = [];
try {
  let env: ServicesEnv;
  if (onCluster) {
    cluster = await startClusterServices({ stateDir, ports: await freeClusterPorts(), headless: true, log, env: process.env });
    // The bench's own client and the bare workers reach the frontend with certificates of the cluster's CA.
    const { TEMPORAL_ADDRESS, ...temporalEnv } = cluster.temporalEnv('admin');
    env = { ...process.env, ...temporalEnv, TEMPORAL_ADDRESS: TEMPORAL_ADDRESS!, MONGODB_URI: cluster.mongoUri };
  } else {
    ({ services, env } = await givenOrEmbeddedServices({ ...process.env }, { stateDir, persistTemporal: settings.BENCH_TEMPORAL_STATE === 'file', log }));
  }
  const tag = randomBytes(3).toString('hex');
  const productDb = `bench_product_${tag}`;
  const bareDb = `bench_bare_${tag}`;
  const apiPort = await freePort();
  const base = cluster?.proxyUrl ?? `http://127.0.0.1:${apiPort}`;
  const appEnv = {
    ...benchAppEnv(env, { db: productDb, taskQueue: `bench-product-${tag}`, baseUrl: base, port: apiPort }),
    // As in the container image: the worker loads a prebuilt bundle instead of running webpack in-process.
    WORKFLOW_BUNDLE_PATH: await bundleWorkflows(join(stateDir, 'workflow-bundle.js')),
  };

  // Seed one partner and enough customers for every request of every phase.
  const partnerKey = `bench-key-${tag}-xxxxxxxxxxxxxxxx`;
  const customerCount = settings.BENCH_RUNS + settings.BENCH_PENDING;
  const seed = benchSeed(tag, customerCount, { email: 'bench@partner.example', apiKey: partnerKey });
  const database = await connectDatabase(env.MONGODB_URI, productDb);
  await seedDatabase(database.collections, seed);
  log(`seeded ${customerCount} customers`);

  const connection = await Connection.connect(cluster ? await connectionOptionsOf(cluster.temporalEnv('admin')) : { address: env.TEMPORAL_ADDRESS! });
  // The product's data converter, so that its workflows' memos and histories decode here too.
  const dataConverter = productDataConverter(appEnv.INVITATION_SECRET);
  const client = new Client({ connection, dataConverter });
  // The bare workflow is Temporal alone: no codec on its side.
  const bareClient = new Client({ connection });
  // The product: one worker and one API, or on the cluster two of each behind the proxy (started and stopped here).
  const productWorkers: ManagedProcess[] = [];
  const productApis: ManagedProcess[] = [];
  if (cluster) {
    const { PORT: _port, ...clusterAppEnv } = appEnv;
    const apps = await startApps(cluster, { ...clusterAppEnv, BENCH_COMMAND_COUNTS_DIR: commandCountsDir(stateDir) }, stateDir, [commandCounter]);
    for (const [name, child] of apps.processes) (name.startsWith('worker') ? productWorkers : productApis).push(child);
    await waitUntilReady(productWorkers[0]!, polling(client, appEnv.TEMPORAL_TASK_QUEUE), 120_000);
  } else {
    productWorkers.push(await startNode('worker', 'worker/main.ts', { ...appEnv, ...workerEnv }, stateDir, polling(client, appEnv.TEMPORAL_TASK_QUEUE), workerNodeFlags));
    productApis.push(
      await startNode('api', 'api/main.ts', appEnv, stateDir, async () => {
        if (!(await fetch(`${base}/readyz`)).ok) throw new Error('not ready');
      }),
    );
  }
  // The bare side gets as many workers as the product.
  const bareWorkers: ManagedProcess[] = [];
  for (let n = 1; n <= productWorkers.length; n += 1) {
    bareWorkers.push(
      await startNode(
        `bare-worker-${n}`,
        'bench/bareWorker.ts',
        { ...env, ...cluster?.temporalEnv('worker'), ...workerEnv, BARE_TASK_QUEUE: `bench-bare-${tag}`, MONGODB_DB: bareDb },
        stateDir,
        polling(client, `bench-bare-${tag}`),
        workerNodeFlags,
      ),
    );
  }
  children.push(...productWorkers, ...productApis, ...bareWorkers);

  // The load's own commands: the bare accept's read-back (the product's goes through its API, counted there).
  const loadCommands = countCommands();
  const mongo = new MongoClient(env.MONGODB_URI);
  await mongo.connect();
  const bareCollection = mongo.db(bareDb).collection<{ _id: string; status: string }>('bare');

  // (a) the bare workflow, driven with the client: update-with-start, then an update for the decision.
  const bareIds = Array.from({ length: settings.BENCH_RUNS }, () => randomUUID());
  const bareHandle = (id: string) => bareClient.workflow.getHandle<typeof bareRequest>(`bare:${id}`);
  const bareCreateOne = async (id: string) => {
    const start = new WithStartWorkflowOperation<typeof bareRequest>('bareRequest', {
      workflowId: `bare:${id}`,
      taskQueue: `bench-bare-${tag}`,
      args: [id],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    await bareClient.workflow.executeUpdateWithStart(bareOpened, { startWorkflowOperation: start });
  };
  const bareAcceptOne = async (id: string) => {
    await bareHandle(id).executeUpdate(bareDecide);
    if ((await bareCollection.findOne({ _id: id }))?.status !== 'accepted') throw new Error('bare: not recorded');
  };

  // (b) the product through its HTTP API: create, accept through the link, see the accepted request.
  const headers = { authorization: `Bearer ${partnerKey}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown, expect: number, auth = true) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: auth ? headers : { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await response.json()) as Record<string, string>;
    if (response.status !== expect) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const created = new Map<number, { id: string; invitationUrl: string }>();
  const productIndexes = Array.from({ length: settings.BENCH_RUNS }, (_, i) => i);
  const productWorkflowId = (i: number) => relationshipRequestWorkflowId(seed.partners[0]!.tenantId, `bench-customer-${tag}-${i}`);
  const productHandle = (i: number) => client.workflow.getHandle(productWorkflowId(i));
  const productCreateOne = async (i: number) => {
    const json = await post('/v1/relationship-requests', { customerTenantId: `bench-customer-${tag}-${i}`, customerEmail: `it@c${i}.example`, includeDelegatedAdminPrivileges: true }, 201);
    created.set(i, { id: json.id!, invitationUrl: json.invitationUrl! });
  };
  const productAcceptOne = async (i: number) => {
    const request = created.get(i)!;
    await post(`${new URL(request.invitationUrl).pathname}/accept`, { firstName: 'Bench', lastName: 'Customer', email: 'b@c.example', acceptAgreement: true }, 200, false);
    const detail = (await (await fetch(`${base}/v1/relationship-requests/${request.id}`, { headers })).json()) as { status: string };
    if (detail.status !== 'accepted') throw new Error('product: not accepted');
  };

  // Creates, then accepts, bare and product taking turns. An accept round counts until its workflows have finished,
  // so the product's emails after the decision are paid in its own round, not in the next bare one.
  log(`bare and product: ${settings.BENCH_RUNS} requests each in ${settings.BENCH_ROUNDS} rounds, concurrency ${settings.BENCH_CONCURRENCY}`);
  type Phase = 'bareCreate' | 'productCreate' | 'bareAccept' | 'productAccept';
  const runs: Record<Phase, Measured[]> = { bareCreate: [], productCreate: [], bareAccept: [], productAccept: [] };
  // CPU time of every process (services, workers, API, this load generator) per phase, to show where each costs.
  const processNames = new Map<number, string>([
    [process.pid, 'bench'],
    ...productWorkers.map((child) => [child.child.pid!, 'worker'] as const),
    ...productApis.map((child) => [child.child.pid!, 'api'] as const),
    ...bareWorkers.map((child) => [child.child.pid!, 'bare-worker'] as const),
  ]);
  const cpuUsed = new Map<Phase, CpuSample>();
  // The MongoDB commands of every process, read from each between phases and put on the phase that caused them.
  const countedProcesses = [...productWorkers, ...productApis, ...bareWorkers].map(({ child }) => ({ pid: child.pid!, name: processNames.get(child.pid!)! }));
  const commands = commandLedger<Phase, 'bare' | 'product'>({
    take: async () => {
      const now = new Map<string, CommandCounts>([['bench', { ...loadCommands }]]);
      const answers = await readCommandCounts(commandCountsDir(stateDir), countedProcesses.map(({ pid }) => pid));
      for (const { pid, name } of countedProcesses) now.set(name, addCounts(now.get(name) ?? {}, answers.get(pid)!));
      return now;
    },
    sideOfPhase: (phase) => (phase.startsWith('bare') ? 'bare' : 'product'),
    sideOfProcess: (name) => (name === 'bench' || name === 'bare-worker' ? 'bare' : 'product'),
  });
  const run = async (phase: Phase, work: () => Promise<Measured>) => {
    await commands.mark(phase);
    const before = await sampleCpu(process.pid, processNames);
    runs[phase].push(await work());
    const after = await sampleCpu(process.pid, processNames);
    const total = cpuUsed.get(phase) ?? new Map<string, number>();
    for (const [name, ms] of after) total.set(name, (total.get(name) ?? 0) + ms - (before.get(name) ?? 0));
    cpuUsed.set(phase, total);
  };
  for (let round = 0; round < settings.BENCH_ROUNDS; round += 1) {
    await run('bareCreate', () => measure(roundOf(bareIds, round, settings.BENCH_ROUNDS), settings.BENCH_CONCURRENCY, bareCreateOne));
    await run('productCreate', () => measure(roundOf(productIndexes, round, settings.BENCH_ROUNDS), settings.BENCH_CONCURRENCY, productCreateOne));
  }
  // Temporal's work per operation, from the histories of a sample of each side's workflows: what they hold after the
  // creates, then what the accepts added.
  const historySample = {
    bare: spreadSample(bareIds, historiesSampled).map((id) => `bare:${id}`),
    product: spreadSample(productIndexes, historiesSampled).map(productWorkflowId),
  };
  const historiesAfterCreates = { bare: await countHistories(client, historySample.bare), product: await countHistories(client, historySample.product) };
  for (let round = 0; round < settings.BENCH_ROUNDS; round += 1) {
    const bareRound = roundOf(bareIds, round, settings.BENCH_ROUNDS);
    await run('bareAccept', () =>
      measure(bareRound, settings.BENCH_CONCURRENCY, bareAcceptOne, () => Promise.all(bareRound.map((id) => bareHandle(id).result()))),
    );
    const productRound = roundOf(productIndexes, round, settings.BENCH_ROUNDS);
    await run('productAccept', () =>
      measure(productRound, settings.BENCH_CONCURRENCY, productAcceptOne, () => Promise.all(productRound.map((i) => productHandle(i).result()))),
    );
  }
  await commands.mark();
  const mongoCommandsPerOperation = commands.perOperation(settings.BENCH_RUNS);
  const historiesAfterAccepts = { bare: await countHistories(client, historySample.bare), product: await countHistories(client, historySample.product) };
  const temporalPerOperation = {
    bareCreate: perWorkflow(noTemporalCounts(), historiesAfterCreates.bare, historySample.bare.length),
    productCreate: perWorkflow(noTemporalCounts(), historiesAfterCreates.product, historySample.product.length),
    bareAccept: perWorkflow(historiesAfterCreates.bare, historiesAfterAccepts.bare, historySample.bare.length),
    productAccept: perWorkflow(historiesAfterCreates.product, historiesAfterAccepts.product, historySample.product.length),
  };
  const codecCost = await measureCodecCost(client, dataConverter.payloadCodecs![0]!, historySample.product);
  const cpuMsPerOperation = Object.fromEntries(
    [...cpuUsed].map(([phase, used]) => [phase, cpuPerOperation(new Map(), used, settings.BENCH_RUNS)]),
  );
  const bareCreate = combine(runs.bareCreate);
  const bareAccept = combine(runs.bareAccept);
  const productCreate = combine(runs.productCreate);
  const productAccept = combine(runs.productAccept);
  const listed = (await (await fetch(`${base}/v1/customers?limit=100`, { headers })).json()) as { items: unknown[] };
  if (listed.items.length === 0) throw new Error('product: the customer list is empty');

  // (c) many pending requests: create latency as they pile up, and the processes' memory.
  log(`pending: ${settings.BENCH_PENDING} open requests`);
  const pendingIndexes = Array.from({ length: settings.BENCH_PENDING }, (_, i) => settings.BENCH_RUNS + i);
  const byPending: { pending: number; ms: number }[] = [];
  let pending = 0;
  const pendingRun = await measure(pendingIndexes, settings.BENCH_CONCURRENCY, async (i) => {
    const t0 = performance.now();
    await post('/v1/relationship-requests', { customerTenantId: `bench-customer-${tag}-${i}`, customerEmail: `it@c${i}.example`, includeDelegatedAdminPrivileges: true }, 201);
    byPending.push({ pending: ++pending, ms: performance.now() - t0 });
  });
  const checkpoints = [...new Set([100, 1000, 2500, settings.BENCH_PENDING])].filter((n) => n <= settings.BENCH_PENDING);
  const growth = checkpoints.map((n) => {
    const window = byPending.filter((s) => s.pending > n - Math.min(100, n) && s.pending <= n).map((s) => s.ms);
    const sorted = window.sort((a, b) => a - b);
    return { pending: n, p50: Math.round(percentile(sorted, 50)), p95: Math.round(percentile(sorted, 95)) };
  });
  // The largest of each kind: each process has its own limit.
  const largest = async (processes: ManagedProcess[]) => {
    const sizes = await Promise.all(processes.map((child) => rssMb(child.child.pid)));
    return { rss: Math.max(...sizes.map((size) => size.rss)), peak: Math.max(...sizes.map((size) => size.peak)) };
  };
  const memory = { worker: await largest(productWorkers), api: await largest(productApis) };

  const bare = { create: stats(bareCreate.latencies, bareCreate.seconds), accept: stats(bareAccept.latencies, bareAccept.seconds) };
  const product = { create: stats(productCreate.latencies, productCreate.seconds), accept: stats(productAccept.latencies, productAccept.seconds) };
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    settings,
    services: cluster
      ? 'cluster: the Temporal server and FerretDB on PostgreSQL; two workers and two APIs behind HAProxy against two bare workers'
      : services
        ? `embedded; Temporal's state in ${settings.BENCH_TEMPORAL_STATE}`
        : 'external (TEMPORAL_ADDRESS, MONGODB_URI)',
    bare,
    product,
    createThroughputRatio: ratio(product.create.throughput, bare.create.throughput),
    acceptThroughputRatio: ratio(product.accept.throughput, bare.accept.throughput),
    createP50LatencyRatio: ratio(bare.create.p50, product.create.p50),
    acceptP50LatencyRatio: ratio(bare.accept.p50, product.accept.p50),
    cpuMsPerOperation,
    mongoCommandsPerOperation,
    temporalPerOperation,
    codecCost,
    temporalHistoriesSampled: { bare: historySample.bare.length, product: historySample.product.length },
    pending: { count: settings.BENCH_PENDING, createThroughput: stats(pendingRun.latencies, pendingRun.seconds).throughput, createLatencyByPending: growth },
    peakRssMb: { worker: memory.worker.peak, api: memory.api.peak },
    rssMbWithPending: { worker: memory.worker.rss, api: memory.api.rss },
    ownCpuMsPerOperation: ownCpuPerOperation(cpuMsPerOperation),
    targets,
  };
  const verdict = verdictOn({
    createThroughputRatio: result.createThroughputRatio,
    acceptThroughputRatio: result.acceptThroughputRatio,
    ownCpu: result.ownCpuMsPerOperation,
    workerPeakRssMb: result.peakRssMb.worker,
    createP50ByPending: growth,
  });

  // The default (Temporal's state in a file) is `<date>.json`; a run on an in-memory Temporal is `<date>.memory.json`,
  // one on the cluster `<date>.cluster.json`.
  const name = `${result.date.slice(0, 10)}${cluster ? '.cluster' : settings.BENCH_TEMPORAL_STATE === 'memory' ? '.memory' : ''}`;
  await mkdir(join(root, 'bench/results'), { recursive: true });
  await writeFile(join(root, `bench/results/${name}.json`), `${JSON.stringify({ ...result, verdict }, null, 2)}\n`);
  await writeFile(join(root, `bench/results/${name}.svg`), renderChart(result));

  const row = (name: string, s: Stats) =>
    `${name.padEnd(16)} ${String(s.throughput).padStart(8)}/s  p50 ${String(s.p50).padStart(7)} ms  p95 ${String(s.p95).padStart(7)} ms  p99 ${String(s.p99).padStart(7)} ms`;
  console.log(
    [
      '',
      row('bare create', bare.create),
      row('product create', product.create),
      row('bare accept', bare.accept),
      row('product accept', product.accept),
      `create throughput ratio (product/bare) ${result.createThroughputRatio}   accept ${result.acceptThroughputRatio}`,
      ...(['create', 'accept'] as const).map((operation) => {
        const own = result.ownCpuMsPerOperation[operation];
        return `own CPU ms per ${operation}: product ${own.product} (worker, API, FerretDB), bare ${own.bare} (worker, FerretDB): ${own.ratio}×`;
      }),
      ...Object.entries(cpuMsPerOperation).map(
        ([phase, used]) => `CPU ms per ${phase.padEnd(13)} ${Object.entries(used).map(([name, ms]) => `${name} ${ms}`).join(', ')}`,
      ),
      ...Object.entries(mongoCommandsPerOperation).map(
        ([phase, { total, byProcess }]) =>
          `MongoDB commands per ${phase.padEnd(13)} ${total}: ${Object.entries(byProcess)
            .map(([name, counts]) => `${name} ${Object.entries(counts).map(([command, count]) => `${command} ${count}`).join(', ')}`)
            .join('; ')}`,
      ),
      ...Object.entries(temporalPerOperation).map(
        ([phase, counts]) =>
          `Temporal per ${phase.padEnd(13)} workflow tasks ${counts.workflowTasks}, activities ${counts.activities}, local activities ${counts.localActivities}, history events ${counts.historyEvents}`,
      ),
      `payload codec per request: ${codecCost.microsecondsPerRequest} µs of CPU to decode and encode its ${codecCost.payloadsPerRequest} payloads (${codecCost.kilobytesPerRequest} KB)`,
      `create latency with pending: ${growth.map((g) => `${g.pending}: p50 ${g.p50} ms`).join(', ')}`,
      `peak RSS with ${settings.BENCH_PENDING} pending: worker ${result.peakRssMb.worker} MB, api ${result.peakRssMb.api} MB`,
      `targets: ${Object.entries(verdict).map(([k, ok]) => `${k} ${ok ? 'met' : 'MISSED'}`).join(', ')}`,
      `written: bench/results/${name}.json and .svg`,
    ].join('\n'),
  );
  await connection.close();
  await mongo.db(bareDb).dropDatabase();
  await database.db.dropDatabase();
  await mongo.close();
  await database.close();
} finally {
  await Promise.all(children.map((child) => child.stop()));
  await services?.stop();
  await cluster?.stop();
  await rm(stateDir, { recursive: true, force: true });
}
