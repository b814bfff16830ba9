/**
 * `npm run test:faults`: each scenario runs FAULT_REQUESTS (default 200) requests through real API and worker
 * processes on real Temporal and FerretDB, with a Resend stand-in, while one fault is injected. Then it counts
 * effects: every request finished, one email per idempotency key, one relationship and one MCA record per request;
 * and the recovery: how long clients still waited once the fault was over, at most FAULT_RECOVERY_BOUND seconds.
 * Loopback only, bounded in time. Prints a table and `faults: N passed, N failed`.
 * `npm run test:faults -- --cluster` runs its scenarios on the production shape (scripts/cluster): the Temporal
 * server and FerretDB on PostgreSQL, two workers, two APIs behind HAProxy.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { SeedFile } from '../../domain/tenants.js';
import { connectDatabase, type Database } from '../../platform/mongo.js';
import { seedDatabase } from '../../platform/seed.js';
import { checkClusterAccess } from './clusterAccess.js';
import { freeClusterPorts, startApps, startClusterServices, type AppName, type ClusterServices } from '../../scripts/cluster/index.js';
import { startServices, type RunningServices } from '../../scripts/services/index.js';
import { freePort, startProcess, waitUntilReady, type ManagedProcess } from '../../scripts/services/processes.js';
import { startResendStandIn, type ResendStandIn } from '../support/resendStandIn.js';
import { bundleWorkflows } from '../../scripts/bundleWorkflows.js';
import { workerEnv, workerNodeFlags } from '../../worker/processSettings.js';
import { pool, recoveryLog, send, type RecoveryLog } from './clients.js';

const settings = z
  .object({
    FAULT_REQUESTS: z.coerce.number().int().min(10).default(200),
    FAULT_CONCURRENCY: z.coerce.number().int().min(1).default(12),
    FAULT_SCENARIOS: z.string().optional(),
    /** Seconds a client may still wait once a fault is over (see docs/faults.md). */
    FAULT_RECOVERY_BOUND: z.coerce.number().positive().default(40),
    /** Keep every server's and app's log even when all scenarios pass. */
    FAULT_KEEP_LOGS: z.stringbool().default(false),
  })
  .parse(process.env);
const onCluster = process.argv.includes('--cluster');
const root = fileURLToPath(new URL('../..', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => console.log(`[faults] ${line}`);

/** The apps of one scenario: one worker and one API on the dev services, two of each on the cluster. */
type Apps = {
  baseUrl: string;
  kill(name: AppName, signal: NodeJS.Signals): Promise<void>;
  start(name: AppName): Promise<void>;
  stop(): Promise<void>;
};
type Platform = {
  mongoUri: string;
  /** Starts the apps with `env`, the API (or the proxy in front of the APIs) reachable at `baseUrl`. */
  startApps(env: NodeJS.ProcessEnv, tag: string): Promise<Apps>;
  /** The public base URL for invitation links, known before the apps start. */
  baseUrl: string;
  stop(): Promise<void>;
};
/** `faultEnded()`: the injected fault is over (the server or process is back, or the kill happened for good). */
type Context = { resend: ResendStandIn; apps: Apps; faultEnded(): void };
type Phase = 'create' | 'accept';
type Scenario = {
  name: string;
  inject: (ctx: Context, phase: Phase) => Promise<void>;
  /** Ends a fault that lasts while the clients send; called once every accept is answered. */
  end?: (ctx: Context) => void;
};

/** A scenario with one fault, `delayMs` into `phase`; the fault is over when `fault` resolves. */
const faultIn = (name: string, phase: Phase, delayMs: number, fault: (ctx: Context) => Promise<unknown>): Scenario => ({
  name,
  inject: async (ctx, current) => {
    if (current !== phase) return;
    await sleep(delayMs);
    await fault(ctx);
    ctx.faultEnded();
  },
});

const restartApp = async (ctx: Context, name: AppName, signal: NodeJS.Signals) => {
  await ctx.apps.kill(name, signal);
  await ctx.apps.start(name);
};

// No client waits past this fault's end: it ends once every accept is answered, so its recovery is 0 by construction.
const resendFailing: Scenario = {
  name: 'Resend failing 30% of calls',
  inject: async (ctx, phase) => {
    if (phase === 'create') ctx.resend.setFailureRate(0.3);
  },
  end: (ctx) => {
    ctx.resend.setFailureRate(0);
    ctx.faultEnded();
  },
};

function devScenarios(services: RunningServices): Scenario[] {
  return [
    {
      name: 'worker SIGKILLed 3 times',
      inject: async (ctx, phase) => {
        for (const delay of phase === 'create' ? [1_500, 2_000] : [2_500]) {
          await sleep(delay + Math.random() * 1_000);
          await restartApp(ctx, 'worker-1', 'SIGKILL');
          ctx.faultEnded();
        }
      },
    },
    faultIn('MongoDB down for 10 s', 'accept', 1_000, () => services.restart('mongo', 10_000)),
    faultIn('MongoDB down for 60 s', 'accept', 1_000, () => services.restart('mongo', 60_000)),
    resendFailing,
    faultIn('Temporal server restarted', 'create', 2_000, () => services.restart('temporal', 2_000)),
    faultIn('API restarted while accepting', 'accept', 1_500, (ctx) => restartApp(ctx, 'api-1', 'SIGTERM')),
  ];
}

function clusterScenarios(cluster: ClusterServices): Scenario[] {
  return [
    {
      name: 'one of two workers SIGKILLed',
      // Each phase loses one worker for good (until the next phase): the other carries on alone.
      inject: async (ctx, phase) => {
        if (phase === 'accept') await ctx.apps.start('worker-1');
        await sleep(1_500 + Math.random() * 1_000);
        await ctx.apps.kill(phase === 'create' ? 'worker-1' : 'worker-2', 'SIGKILL');
        ctx.faultEnded();
      },
    },
    faultIn('API instance SIGKILLed behind the proxy', 'accept', 1_500, async (ctx) => {
      await ctx.apps.kill('api-1', 'SIGKILL');
      await sleep(5_000);
      await ctx.apps.start('api-1');
    }),
    faultIn('PostgreSQL restarted', 'accept', 1_500, () => cluster.postgres.restart(5_000)),
    faultIn('PostgreSQL down for 45 s', 'accept', 1_500, () => cluster.postgres.restart(45_000)),
    faultIn('Temporal server SIGKILLed', 'create', 2_000, () => cluster.killTemporalServer(2_000)),
    faultIn('FerretDB down for 10 s', 'accept', 1_000, () => cluster.restartFerretdb(10_000)),
    faultIn('FerretDB down for 60 s', 'accept', 1_000, () => cluster.restartFerretdb(60_000)),
    resendFailing,
  ];
}

const scenarioDeadlineMs = 10 * 60_000;
const readinessTimeoutMs = 120_000;
// A repeat whose first attempt went through is done too: a create answers 409, an accept 200 with the request's state
// (or 409, as the API answered before that contract).
const createAnswered = (status: number) => status === 201 || status === 409;
const acceptAnswered = (status: number) => status === 200 || status === 409;

/** The apps' environment for one scenario: its own database and task queue, and timing that fits the longest outage. */
function scenarioEnv(tag: string, baseUrl: string, resend: ResendStandIn): NodeJS.ProcessEnv {
  return {
    ...process.env,
    MONGODB_DB: `faults_${tag}`,
    TEMPORAL_TASK_QUEUE: `faults-${tag}`,
    INVITATION_SECRET: randomBytes(32).toString('base64url'),
    PUBLIC_BASE_URL: baseUrl,
    LOG_LEVEL: 'warn',
    RESEND_API_KEY: 're_test_standin',
    RESEND_BASE_URL: resend.baseUrl,
    INVITATION_RATE_LIMIT: '1000000',
    // A black-box run: requests are accepted through the link-only contract, with no one signing in.
    CUSTOMER_SIGN_IN: 'off',
    // Far beyond the longest outage, so no request expires by accident; the reminders fall due before the accepts.
    INVITATION_TTL: '15m',
    REMINDER_AFTER: '8s,16s',
    READINESS_DRAIN_DELAY_MS: '0',
    // As in the container image: a restarted worker loads the prebuilt bundle instead of running webpack.
    WORKFLOW_BUNDLE_PATH: workflowBundlePath,
  };
}

const customerTenant = (tag: string, i: number) => `faults-customer-${tag}-${i}`;
const customerEmail = (i: number) => `it@f${i}.example`;

function scenarioSeed(tag: string, apiKey: string, count: number): SeedFile {
  return {
    partners: [{ tenantId: `faults-partner-${tag}`, name: 'Fault Partner', country: 'TR', cloud: 'public', users: [{ email: 'ops@partner.example', roles: ['AdminAgent'], apiKey }] }],
    customers: Array.from({ length: count }, (_, i) => ({
      tenantId: customerTenant(tag, i), domain: `f${i}-${tag}.example`, companyName: `Customer ${i}`, country: 'UA', cloud: 'public' as const, email: customerEmail(i),
    })),
  };
}

/** The emails one request promises: the invitation, each reminder it recorded (at least the first), the confirmation and the partner notice. */
const promisedEmails = (id: string, remindersSent: number) => [
  `invitation:${id}`,
  ...Array.from({ length: Math.max(1, remindersSent) }, (_, n) => `reminder:${id}:${n + 1}`),
  `confirmation:${id}`,
  `partner:accepted:${id}`,
];

type StoredRequest = { _id: string; status: string; remindersSent: number };

/**
 * Waits until every request is accepted and every promised email delivered, or the deadline. A reminder falls due
 * only while the request is open, so the promise is the reminders each request recorded.
 */
async function settle(database: Database, ids: string[], resend: ResendStandIn, deadline: number) {
  for (;;) {
    const requests: StoredRequest[] = await database.collections.requests.find({}, { projection: { status: 1, remindersSent: 1 } }).toArray();
    const remindersSent = new Map(requests.map((request) => [request._id, request.remindersSent]));
    const expected = ids.flatMap((id) => promisedEmails(id, remindersSent.get(id) ?? 0));
    const accepted = requests.filter((request) => request.status === 'accepted').length;
    const missing = expected.filter((key) => !resend.delivered.has(key)).length;
    if ((accepted === ids.length && missing === 0) || Date.now() > deadline) return { requests, expected };
    await sleep(1_000);
  }
}

/** Seconds from the scenario's start, for the log. */
const secondsFrom = (started: number, time: number) => `${((time - started) / 1000).toFixed(1)} s`;

function phaseEndLine(phase: Phase, started: number, phaseStarted: number, recovery: RecoveryLog): string {
  const { faultEnds, caughtAnswers } = recovery.since(phaseStarted);
  const faults = faultEnds.length === 0 ? 'no fault ended' : `fault ended at ${faultEnds.map((end) => secondsFrom(started, end)).join(', ')}`;
  const caught = caughtAnswers.length === 0
    ? 'no request caught'
    : `${caughtAnswers.length} requests caught, the last answered at ${secondsFrom(started, Math.max(...caughtAnswers))}`;
  return `phase end: ${phase} at ${secondsFrom(started, Date.now())}; ${faults}; ${caught}`;
}

async function runScenario(scenario: Scenario, platform: Platform) {
  const tag = randomBytes(3).toString('hex');
  const resend = await startResendStandIn();
  const base = platform.baseUrl;
  const env = scenarioEnv(tag, base, resend);
  const key = `faults-key-${tag}-xxxxxxxxxxxx`;
  const count = settings.FAULT_REQUESTS;
  let database: Database | undefined = await connectDatabase(platform.mongoUri, `faults_${tag}`);
  await seedDatabase(database.collections, scenarioSeed(tag, key, count));
  await database.close();

  let apps: Apps | undefined;
  const started = Date.now();
  const deadline = started + scenarioDeadlineMs;
  const recovery = recoveryLog();
  const client = (done: (status: number) => boolean) => ({ done, deadline, recovery });
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const created: { id: string; url: string }[] = [];

  const createRequest = async (i: number) => {
    const response = await send(`${base}/v1/relationship-requests`, {
      method: 'POST', headers,
      body: JSON.stringify({ customerTenantId: customerTenant(tag, i), customerEmail: customerEmail(i), includeDelegatedAdminPrivileges: true }),
    }, client(createAnswered));
    const json = (await response.json()) as { id?: string; existingRequestId?: string; invitationUrl?: string };
    created.push({ id: json.id ?? json.existingRequestId!, url: json.invitationUrl ?? '' });
  };
  const acceptRequest = async ({ id }: { id: string }) => {
    const detail = await send(`${base}/v1/relationship-requests/${id}`, { headers }, client((s) => s === 200));
    const { invitationUrl } = (await detail.json()) as { invitationUrl: string };
    await send(`${invitationUrl}/accept`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'Fault', lastName: 'Tester', email: `acceptor-${id}@example.com`, acceptAgreement: true }),
    }, client(acceptAnswered));
  };

  try {
    apps = await platform.startApps(env, tag);
    const ctx: Context = { resend, apps, faultEnded: recovery.faultEnded };
    const runPhase = async (phase: Phase, requests: () => Promise<void>) => {
      const phaseStarted = Date.now();
      await Promise.all([scenario.inject(ctx, phase), requests()]);
      if (phase === 'accept') scenario.end?.(ctx);
      log(phaseEndLine(phase, started, phaseStarted, recovery));
    };

    await send(`${base}/readyz`, {}, { done: (s) => s === 200, deadline: Date.now() + readinessTimeoutMs });
    await runPhase('create', () => pool(Array.from({ length: count }, (_, i) => i), settings.FAULT_CONCURRENCY, createRequest));
    await sleep(17_000); // both reminders fall due before anyone accepts
    await runPhase('accept', () => pool(created, settings.FAULT_CONCURRENCY, acceptRequest));

    database = await connectDatabase(platform.mongoUri, `faults_${tag}`);
    const { requests, expected } = await settle(database, created.map(({ id }) => id), resend, deadline);
    const ids = new Set(created.map((c) => c.id));
    const relationships = await database.collections.relationships.countDocuments({});
    const agreements = await database.collections.agreementAcceptances.countDocuments({});
    const deliveredForUs = [...resend.delivered.keys()].filter((k) => [...ids].some((id) => k.includes(id)));
    const recoveryMs = recovery.recoveryMs();
    const row = {
      scenario: scenario.name,
      requests: count,
      created: ids.size,
      accepted: requests.filter((r) => r.status === 'accepted').length,
      emailsExpected: expected.length,
      emailsDelivered: expected.filter((k) => resend.delivered.has(k)).length,
      unexpectedEmails: deliveredForUs.filter((k) => !expected.includes(k)).length,
      sendAttempts: [...resend.attempts.values()].reduce((a, b) => a + b, 0),
      injectedFailures: resend.failures(),
      relationships,
      mcaRecords: agreements,
      recoverySeconds: Math.round(recoveryMs / 100) / 10,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    const lost = count - row.accepted + (row.emailsExpected - row.emailsDelivered);
    const duplicated = row.unexpectedEmails + Math.max(0, relationships - count) + Math.max(0, agreements - count) + (requests.length - count);
    const complete = row.created === count && relationships === count && agreements === count && requests.length === count;
    const recoveredInTime = recoveryMs <= settings.FAULT_RECOVERY_BOUND * 1000;
    return { ...row, lost, duplicated, passed: lost === 0 && duplicated === 0 && complete && recoveredInTime };
  } finally {
    await apps?.stop();
    if (database) {
      await database.db.dropDatabase().catch(() => undefined);
      await database.close();
    }
    await resend.close();
  }
}

/** The dev services, as `npm test` starts them, with one worker and one API per scenario. */
async function devPlatform(stateDir: string): Promise<{ platform: Platform; scenarios: Scenario[] }> {
  // Our own servers, so they can be stopped and restarted; Temporal keeps its history in a SQLite file.
  const services = await startServices({
    stateDir,
    ephemeral: true,
    persistTemporal: true,
    log,
    env: { ...process.env, TEMPORAL_ADDRESS: '', MONGODB_URI: '' },
  });
  const apiPort = await freePort();
  const platform: Platform = {
    mongoUri: services.mongoUri,
    baseUrl: `http://127.0.0.1:${apiPort}`,
    stop: () => services.stop(),
    startApps: async (scenarioEnv, tag) => {
      const env = { ...scenarioEnv, TEMPORAL_ADDRESS: services.temporalAddress, MONGODB_URI: services.mongoUri, PORT: String(apiPort) };
      const processes = new Map<AppName, ManagedProcess>();
      const start = async (name: AppName) => {
        const worker = name.startsWith('worker');
        const child = startProcess(
          `${name}-${tag}`,
          process.execPath,
          [...(worker ? workerNodeFlags : []), '--import', 'tsx', join(root, worker ? 'worker/main.ts' : 'api/main.ts')],
          join(stateDir, `${name}-${tag}.log`),
          worker ? { ...env, ...workerEnv } : env,
        );
        processes.set(name, child);
        if (!worker) {
          await waitUntilReady(child, async () => {
            if (!(await fetch(`http://127.0.0.1:${apiPort}/readyz`)).ok) throw new Error('not ready');
          }, readinessTimeoutMs);
        }
      };
      await Promise.all([start('worker-1'), start('api-1')]);
      return {
        baseUrl: `http://127.0.0.1:${apiPort}`,
        kill: async (name, signal) => {
          const child = processes.get(name)!.child;
          await new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill(signal);
          });
        },
        start,
        stop: async () => {
          await Promise.all([...processes.values()].map((child) => child.stop()));
        },
      };
    },
  };
  return { platform, scenarios: devScenarios(services) };
}

/** The production shape: the Temporal server and FerretDB on PostgreSQL, two workers and two APIs behind HAProxy. */
async function clusterPlatform(stateDir: string): Promise<{ platform: Platform; scenarios: Scenario[] }> {
  // With the Temporal UI, whose operator sign-in the access checks go through.
  const cluster = await startClusterServices({ stateDir, ports: await freeClusterPorts(), log, env: process.env });
  for (const check of await checkClusterAccess(cluster, stateDir, log)) {
    log(`access: ${check.passed ? 'ok' : 'FAILED'}: ${check.name} (${check.detail})`);
    if (!check.passed) failed += 1;
  }
  const platform: Platform = {
    mongoUri: cluster.mongoUri,
    baseUrl: cluster.proxyUrl,
    stop: () => cluster.stop(),
    startApps: async (env) => {
      const apps = await startApps(cluster, env, stateDir);
      return { ...apps, baseUrl: cluster.proxyUrl };
    },
  };
  return { platform, scenarios: clusterScenarios(cluster) };
}

const stateDir = await mkdtemp(join(tmpdir(), 'reseller-faults-'));
const workflowBundlePath = await bundleWorkflows(join(stateDir, 'workflow-bundle.js'));
let platform: Platform | undefined;
const rows: Awaited<ReturnType<typeof runScenario>>[] = [];
let failed = 0;
try {
  const chosenPlatform = onCluster ? await clusterPlatform(stateDir) : await devPlatform(stateDir);
  platform = chosenPlatform.platform;
  const chosen = chosenPlatform.scenarios.filter(
    (s) => !settings.FAULT_SCENARIOS || settings.FAULT_SCENARIOS.split(',').some((n) => s.name.includes(n)),
  );
  for (const scenario of chosen) {
    log(`scenario: ${scenario.name}`);
    try {
      const row = await runScenario(scenario, platform);
      rows.push(row);
      if (!row.passed) failed += 1;
      log(`${row.passed ? 'ok' : 'FAILED'}: ${JSON.stringify(row)}`);
    } catch (error) {
      failed += 1;
      log(`FAILED: ${scenario.name}: ${error instanceof Error ? error.message : error}`);
    }
  }
} catch (error) {
  failed += 1;
  log(`FAILED to start: ${error instanceof Error ? error.message : error}`);
} finally {
  await platform?.stop();
  if (failed === 0 && !settings.FAULT_KEEP_LOGS) await rm(stateDir, { recursive: true, force: true });
  else log(`logs kept in ${stateDir}`);
}

const header =
  '| scenario | requests | accepted | emails delivered / expected | duplicated | relationships | MCA records | lost | Resend attempts (injected failures) | recovery (s) | seconds |';
console.log(`\n${header}\n|${' --- |'.repeat(11)}`);
for (const r of rows) {
  console.log(
    `| ${r.scenario} | ${r.requests} | ${r.accepted} | ${r.emailsDelivered} / ${r.emailsExpected} | ${r.duplicated} | ${r.relationships} | ${r.mcaRecords} | ${r.lost} | ${r.sendAttempts} (${r.injectedFailures}) | ${r.recoverySeconds} | ${r.seconds} |`,
  );
}
console.log(`\nfaults: ${rows.filter((r) => r.passed).length} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
