/**
 * `npm run test:faults`: each scenario runs FAULT_REQUESTS (default 200) requests through real API and worker
 * processes on real Temporal and FerretDB, with a Resend stand-in, while one fault is injected. Then it counts
 * effects: every request finished, one email per idempotency key, one relationship and one MCA record per request.
 * Loopback only, bounded in time. Prints a table and `faults: N passed, N failed`.
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
import { startServices, type RunningServices } from '../../scripts/services/index.js';
import { freePort, startProcess, type ManagedProcess } from '../../scripts/services/processes.js';
import { startResendStandIn, type ResendStandIn } from '../support/resendStandIn.js';
import { workerEnv, workerNodeFlags } from '../../worker/processSettings.js';

const settings = z
  .object({
    FAULT_REQUESTS: z.coerce.number().int().min(10).default(200),
    FAULT_CONCURRENCY: z.coerce.number().int().min(1).default(12),
    FAULT_SCENARIOS: z.string().optional(),
  })
  .parse(process.env);
const root = fileURLToPath(new URL('../..', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => console.log(`[faults] ${line}`);

type Context = {
  services: RunningServices;
  resend: ResendStandIn;
  restartWorker: () => Promise<void>;
  restartApi: () => Promise<void>;
};
type Scenario = { name: string; inject: (ctx: Context, phase: 'create' | 'accept') => Promise<void> };

const scenarios: Scenario[] = [
  {
    name: 'worker SIGKILLed 3 times',
    inject: async (ctx, phase) => {
      for (const delay of phase === 'create' ? [1_500, 2_000] : [2_500]) {
        await sleep(delay + Math.random() * 1_000);
        await ctx.restartWorker();
      }
    },
  },
  {
    name: 'MongoDB down for 10 s',
    inject: async (ctx, phase) => {
      if (phase !== 'accept') return;
      await sleep(1_000);
      await ctx.services.restart('mongo', 10_000);
    },
  },
  { name: 'Resend failing 30% of calls', inject: async (ctx) => void ctx.resend.setFailureRate(0.3) },
  {
    name: 'Temporal server restarted',
    inject: async (ctx, phase) => {
      if (phase !== 'create') return;
      await sleep(2_000);
      await ctx.services.restart('temporal', 2_000);
    },
  },
  {
    name: 'API restarted while accepting',
    inject: async (ctx, phase) => {
      if (phase !== 'accept') return;
      await sleep(1_500);
      await ctx.restartApi();
    },
  },
];

/** A client as a careful user writes one: retries on network errors and 503s, treats a repeat's 409 as done. */
async function send(url: string, init: RequestInit, done: (status: number) => boolean, deadline: number): Promise<Response> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await fetch(url, init);
      if (done(response.status)) return response;
      if (response.status < 500 && response.status !== 429) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(url)) throw error;
    }
    if (Date.now() > deadline) throw new Error(`${url}: gave up`);
    await sleep(Math.min(250 * 2 ** attempt, 2_000));
  }
}

async function pool<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}

async function runScenario(scenario: Scenario, services: RunningServices, stateDir: string) {
  const tag = randomBytes(3).toString('hex');
  const resend = await startResendStandIn();
  const apiPort = await freePort();
  const base = `http://127.0.0.1:${apiPort}`;
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: services.temporalAddress,
    MONGODB_URI: services.mongoUri,
    MONGODB_DB: `faults_${tag}`,
    TEMPORAL_TASK_QUEUE: `faults-${tag}`,
    INVITATION_SECRET: randomBytes(32).toString('base64url'),
    PUBLIC_BASE_URL: base,
    PORT: String(apiPort),
    LOG_LEVEL: 'warn',
    RESEND_API_KEY: 're_test_standin',
    RESEND_BASE_URL: resend.baseUrl,
    INVITATION_RATE_LIMIT: '1000000',
    // A black-box run: requests are accepted through the link-only contract, with no one signing in.
    CUSTOMER_SIGN_IN: 'off',
    INVITATION_TTL: '5m',
    REMINDER_AFTER: '8s,16s',
    READINESS_DRAIN_DELAY_MS: '0',
  };
  const key = `faults-key-${tag}-xxxxxxxxxxxx`;
  const count = settings.FAULT_REQUESTS;
  const seed: SeedFile = {
    partners: [{ tenantId: `faults-partner-${tag}`, name: 'Fault Partner', country: 'TR', cloud: 'public', users: [{ email: 'ops@partner.example', roles: ['AdminAgent'], apiKey: key }] }],
    customers: Array.from({ length: count }, (_, i) => ({
      tenantId: `faults-customer-${tag}-${i}`, domain: `f${i}-${tag}.example`, companyName: `Customer ${i}`, country: 'UA', cloud: 'public' as const, email: `it@f${i}.example`,
    })),
  };
  let database: Database | undefined = await connectDatabase(services.mongoUri, env.MONGODB_DB);
  await seedDatabase(database.collections, seed);
  await database.close();

  const processes: Record<'worker' | 'api', ManagedProcess | undefined> = { worker: undefined, api: undefined };
  const start = (name: 'worker' | 'api') => {
    const worker = name === 'worker';
    processes[name] = startProcess(
      `${name}-${tag}`,
      process.execPath,
      [...(worker ? workerNodeFlags : []), '--import', 'tsx', join(root, `${name}/main.ts`)],
      join(stateDir, `${name}-${tag}.log`),
      worker ? { ...env, ...workerEnv } : env,
    );
  };
  const restart = async (name: 'worker' | 'api', signal: 'SIGKILL' | 'SIGTERM') => {
    const child = processes[name]!.child;
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
    start(name);
  };
  start('worker');
  start('api');
  const ctx: Context = { services, resend, restartWorker: () => restart('worker', 'SIGKILL'), restartApi: () => restart('api', 'SIGTERM') };

  const started = Date.now();
  const deadline = started + 6 * 60_000;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const created: { id: string; url: string }[] = [];
  try {
    await send(`${base}/readyz`, {}, (s) => s === 200, deadline);
    const indexes = Array.from({ length: count }, (_, i) => i);
    await Promise.all([
      scenario.inject(ctx, 'create'),
      pool(indexes, settings.FAULT_CONCURRENCY, async (i) => {
        const response = await send(`${base}/v1/relationship-requests`, {
          method: 'POST', headers,
          body: JSON.stringify({ customerTenantId: `faults-customer-${tag}-${i}`, customerEmail: `it@f${i}.example`, includeDelegatedAdminPrivileges: true }),
        }, (s) => s === 201 || s === 409, deadline);
        const json = (await response.json()) as { id?: string; existingRequestId?: string; invitationUrl?: string };
        const id = json.id ?? json.existingRequestId!;
        created.push({ id, url: json.invitationUrl ?? '' });
      }),
    ]);
    await sleep(17_000); // both reminders fall due before anyone accepts
    await Promise.all([
      scenario.inject(ctx, 'accept'),
      pool(created, settings.FAULT_CONCURRENCY, async ({ id }) => {
        const detail = await send(`${base}/v1/relationship-requests/${id}`, { headers }, (s) => s === 200, deadline);
        const { invitationUrl } = (await detail.json()) as { invitationUrl: string };
        await send(`${invitationUrl}/accept`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ firstName: 'Fault', lastName: 'Tester', email: `acceptor-${id}@example.com`, acceptAgreement: true }),
        }, (s) => s === 200 || s === 409, deadline);
      }),
    ]);
    resend.setFailureRate(0);

    // Everything settles: every request accepted and every promised email delivered. A reminder falls due only
    // while the request is open, so the promise is the reminders each request recorded, at least the first.
    database = await connectDatabase(services.mongoUri, env.MONGODB_DB);
    const reminders = new Map<string, number>();
    const expectedKeys = (id: string) => [
      `invitation:${id}`,
      ...Array.from({ length: Math.max(1, reminders.get(id) ?? 0) }, (_, n) => `reminder:${id}:${n + 1}`),
      `confirmation:${id}`,
      `partner:accepted:${id}`,
    ];
    let requests: { _id: string; status: string; remindersSent: number }[] = [];
    for (;;) {
      requests = await database.collections.requests.find({}, { projection: { status: 1, remindersSent: 1 } }).toArray();
      for (const request of requests) reminders.set(request._id, request.remindersSent);
      const accepted = requests.filter((request) => request.status === 'accepted').length;
      const missing = created.flatMap(({ id }) => expectedKeys(id)).filter((k) => !resend.delivered.has(k)).length;
      if ((accepted === count && missing === 0) || Date.now() > deadline) break;
      await sleep(1_000);
    }
    const ids = new Set(created.map((c) => c.id));
    const relationships = await database.collections.relationships.countDocuments({});
    const agreements = await database.collections.agreementAcceptances.countDocuments({});
    const deliveredForUs = [...resend.delivered.keys()].filter((k) => [...ids].some((id) => k.includes(id)));
    const expected = created.flatMap(({ id }) => expectedKeys(id));
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
      seconds: Math.round((Date.now() - started) / 1000),
    };
    const lost = count - row.accepted + (row.emailsExpected - row.emailsDelivered);
    const duplicated = row.unexpectedEmails + Math.max(0, relationships - count) + Math.max(0, agreements - count) + (requests.length - count);
    const passed =
      lost === 0 && duplicated === 0 && row.created === count && relationships === count && agreements === count && requests.length === count;
    return { ...row, lost, duplicated, passed };
  } finally {
    await Promise.all(Object.values(processes).map((p) => p?.stop()));
    if (database) {
      await database.db.dropDatabase().catch(() => undefined);
      await database.close();
    }
    await resend.close();
  }
}

const stateDir = await mkdtemp(join(tmpdir(), 'reseller-faults-'));
let services: RunningServices | undefined;
const rows: Awaited<ReturnType<typeof runScenario>>[] = [];
let failed = 0;
try {
  // Our own servers, so they can be stopped and restarted; Temporal keeps its history in a SQLite file.
  services = await startServices({
    stateDir,
    ephemeral: true,
    persistTemporal: true,
    log,
    env: { ...process.env, TEMPORAL_ADDRESS: '', MONGODB_URI: '' },
  });
  const chosen = scenarios.filter((s) => !settings.FAULT_SCENARIOS || settings.FAULT_SCENARIOS.split(',').some((n) => s.name.includes(n)));
  for (const scenario of chosen) {
    log(`scenario: ${scenario.name}`);
    try {
      const row = await runScenario(scenario, services, stateDir);
      rows.push(row);
      if (!row.passed) failed += 1;
      log(`${row.passed ? 'ok' : 'FAILED'}: ${JSON.stringify(row)}`);
    } catch (error) {
      failed += 1;
      log(`FAILED: ${scenario.name}: ${error instanceof Error ? error.message : error}`);
    }
  }
} finally {
  await services?.stop();
  await rm(stateDir, { recursive: true, force: true });
}

const header = '| scenario | requests | accepted | emails delivered / expected | duplicated | relationships | MCA records | lost | Resend attempts (injected failures) | seconds |';
console.log(`\n${header}\n|${' --- |'.repeat(10)}`);
for (const r of rows) {
  console.log(
    `| ${r.scenario} | ${r.requests} | ${r.accepted} | ${r.emailsDelivered} / ${r.emailsExpected} | ${r.duplicated} | ${r.relationships} | ${r.mcaRecords} | ${r.lost} | ${r.sendAttempts} (${r.injectedFailures}) | ${r.seconds} |`,
  );
}
console.log(`\nfaults: ${rows.filter((r) => r.passed).length} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
