/**
 * `npm run bench:workspace` (and the second step of `npm run bench`): the partner workspace's pages on a partner with
 * BENCH_WORKSPACE_CUSTOMERS customers (default 6,000, each with an active reseller relationship) and
 * BENCH_WORKSPACE_REQUESTS requests (default 5,000, mostly pending). A Sales agent signs in through the local OpenID
 * provider (no browser); then each page is requested BENCH_WORKSPACE_SAMPLES times one after another over a keep-alive
 * connection (the figure the target holds: the server's time per page, timed on the client, to the body's last byte),
 * then a quarter as many times four at once. Every answer must be 200 and the page expected, or the step fails.
 * Also: each page's own script (same-origin `<script src>` and inline), the API's MongoDB commands and the API's and
 * the database server's CPU per page view. Writes bench/results/<date>.workspace.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { connectDatabase } from '../platform/mongo.js';
import { startIdentityProvider } from '../scripts/identityProvider/index.js';
import { webRedirectUris } from '../scripts/identityProvider/defaults.js';
import type { RunningServices } from '../scripts/services/index.js';
import { freePort, startProcess, waitUntilReady, type ManagedProcess } from '../scripts/services/processes.js';
import { commandCounter, givenOrEmbeddedServices, percentile } from './benchParts.js';
import { countsBetween, readCommandCounts, type CommandCounts } from './commandCounts.js';
import { cpuPerOperation, sampleCpu } from './cpu.js';
import { nextLinkOf, scriptBytesOf, signInToWorkspace, timedGet, type ScriptBytes } from './workspaceClient.js';
import { seedWorkspace, workspacePartnerSeed, workspaceSearch, type WorkspaceSeeded } from './workspaceSeed.js';
import { workspaceTargets, workspaceVerdictOn } from './workspaceTargets.js';

const settings = z
  .object({
    BENCH_WORKSPACE_CUSTOMERS: z.coerce.number().int().min(100).max(200_000).default(6000),
    BENCH_WORKSPACE_REQUESTS: z.coerce.number().int().min(100).max(200_000).default(5000),
    /** Sequential requests of each page; a quarter as many again four at once. */
    BENCH_WORKSPACE_SAMPLES: z.coerce.number().int().min(20).max(10_000).default(200),
  })
  .parse(process.env);

const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => console.log(`[bench:workspace] ${line}`);
const concurrency = 4;
const concurrentCount = Math.max(concurrency * 5, Math.ceil(settings.BENCH_WORKSPACE_SAMPLES / 4));
const warmUp = 5;
/** How deep the deep pages are: the page reached by following `rel="next"` this many times from the first. */
const deepPages = 10;

/**
 * The pages, in the order they are measured. `path` is a path, or how to reach one (following the next-page link);
 * `expect` is text the page must hold (escaped as the page escapes it), beside the signed-in layout; `as` the user
 * (the Sales agent unless an Admin agent's page). An `optional` page that does not answer 200 (a page not built yet)
 * is skipped with a note; one that answers 200 must be the page expected. Add a page with one line.
 */
type PageSpec = {
  name: string;
  path: string | { from: string; nextLinks: number };
  expect: string[];
  as?: 'sales' | 'admin';
  optional?: boolean;
};
const pagesOf = (seeded: WorkspaceSeeded): PageSpec[] => [
  { name: 'customers', path: '/workspace/customers', expect: ['<caption>Customers with an active reseller relationship</caption>', 'rel="next"'] },
  { name: 'customers, search', path: `/workspace/customers?q=${workspaceSearch}`, expect: ['<caption>Customers with an active reseller relationship</caption>', 'Lojistik'] },
  { name: `customers, page ${deepPages + 1}`, path: { from: '/workspace/customers', nextLinks: deepPages }, expect: ['<caption>Customers with an active reseller relationship</caption>', 'First page'] },
  { name: 'customers, ended', path: '/workspace/customers?status=ended', expect: ['<caption>Ended reseller relationships</caption>', 'The customer moved to another partner'] },
  { name: 'customer', path: `/workspace/customers/${seeded.customer.tenantId}`, expect: [`<h1>${seeded.customer.companyName}</h1>`, 'The customer moved to another partner'] },
  { name: 'requests', path: '/workspace/requests', expect: ['<caption>Relationship requests</caption>', 'rel="next"'] },
  { name: 'requests, pending', path: '/workspace/requests?status=pending', expect: ['<caption>Relationship requests</caption>', 'rel="next"'] },
  { name: `requests, page ${deepPages + 1}`, path: { from: '/workspace/requests', nextLinks: deepPages }, expect: ['<caption>Relationship requests</caption>', 'First page'] },
  { name: 'request', path: `/workspace/requests/${seeded.request.id}`, expect: [`Request to ${seeded.request.companyName}`, 'What happened'] },
  { name: 'batches', path: '/workspace/batches', expect: [], optional: true },
  { name: 'webhooks', path: '/workspace/webhooks', expect: [], as: 'admin', optional: true },
  { name: 'admin relationships', path: '/workspace/admin-relationships', expect: [], optional: true },
];
/** Every signed-in page has the layout's sign-out form: a page that has it is not the sign-in page or an error. */
const signedInLayout = 'action="/workspace/sign-out"';

type Stats = { count: number; p50: number; p95: number; p99: number; max: number };
const round = (n: number) => Math.round(n * 10) / 10;
function stats(latencies: number[]): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? 0) };
}

const stateDir = await mkdtemp(join(tmpdir(), 'reseller-bench-workspace-'));
const countsDir = join(stateDir, 'command-counts');
await mkdir(countsDir);
let services: RunningServices | undefined;
let provider: Awaited<ReturnType<typeof startIdentityProvider>> | undefined;
let api: ManagedProcess | undefined;
try {
  // The API connects to Temporal at start; the pages themselves only read MongoDB.
  const given = await givenOrEmbeddedServices({ ...process.env }, { stateDir, persistTemporal: false, log });
  services = given.services;
  const { env } = given;
  const tag = randomBytes(3).toString('hex');
  const dbName = `bench_workspace_${tag}`;
  const apiPort = await freePort();
  const base = `http://127.0.0.1:${apiPort}`;

  // The local OpenID provider as `npm run dev` runs it (scripts/demo.ts), on a free port, knowing the partner's users.
  const seed = workspacePartnerSeed(tag);
  provider = await startIdentityProvider({
    seed,
    port: 0,
    clients: { web: { clientId: 'reseller-relationships-web', clientSecret: randomBytes(32).toString('base64url'), redirectUris: webRedirectUris(base) } },
    signingKeyFile: join(stateDir, 'identity-provider-key.json'),
    log: (line) => log(`identity provider: ${line}`),
  });

  const database = await connectDatabase(env.MONGODB_URI, dbName);
  // Which server answers: FerretDB v1 pushes only a filter on `_id` alone down to its storage (docs/ferretdb.md).
  const buildInfo = (await database.db.admin().command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
  const databaseServer = buildInfo.ferretdbVersion ? `FerretDB ${buildInfo.ferretdbVersion}` : `MongoDB ${buildInfo.version ?? '?'}`;
  const seedStarted = performance.now();
  const seeded = await seedWorkspace(database.collections, seed, { customers: settings.BENCH_WORKSPACE_CUSTOMERS, requests: settings.BENCH_WORKSPACE_REQUESTS });
  const seedSeconds = round((performance.now() - seedStarted) / 1000);
  log(
    `seeded in ${seedSeconds} s: ${seeded.counts.customers} customers with active relationships, ${seeded.counts.endedRelationships} ended ones, ` +
      `${seeded.counts.requests} requests (${Object.entries(seeded.counts.requestsByStatus).map(([status, n]) => `${n} ${status}`).join(', ')})`,
  );

  // The API with sign-in on (as `npm run dev` passes the provider's settings), counting its MongoDB commands.
  api = startProcess(
    'api',
    process.execPath,
    ['--import', 'tsx', '--import', commandCounter, join(root, 'api/main.ts')],
    join(stateDir, 'api.log'),
    {
      ...env,
      ...provider.env,
      MONGODB_DB: dbName,
      TEMPORAL_TASK_QUEUE: `bench-workspace-${tag}`,
      INVITATION_SECRET: randomBytes(32).toString('base64url'),
      PUBLIC_BASE_URL: base,
      PORT: String(apiPort),
      LOG_LEVEL: 'warn',
      CUSTOMER_SIGN_IN: 'oidc',
      // One load generator signs in and reads: far past the per-network and per-partner defaults.
      INVITATION_RATE_LIMIT: '1000000',
      AUTH_FAILURE_RATE_LIMIT: '1000000',
      REQUESTS_PER_PARTNER_PER_HOUR: '1000000',
      EMAILS_PER_PARTNER_PER_HOUR: '1000000',
      READINESS_DRAIN_DELAY_MS: '0',
      BENCH_COMMAND_COUNTS_DIR: countsDir,
    },
  );
  await waitUntilReady(
    api,
    async () => {
      if (!(await fetch(`${base}/readyz`)).ok) throw new Error('not ready');
    },
    120_000,
  );
  const apiPid = api.child.pid!;
  const processNames = new Map<number, string>([
    [process.pid, 'bench'],
    [apiPid, 'api'],
  ]);

  const password = provider.env.OIDC_DEMO_PASSWORD;
  const cookies = { sales: await signInToWorkspace(base, { email: seeded.salesEmail, password }), admin: await signInToWorkspace(base, { email: seeded.adminEmail, password }) };
  log(`${seeded.salesEmail} (Sales agent) and ${seeded.adminEmail} (Admin agent) signed in through ${provider.issuer}`);

  /** The page's answer, or why it is not the page expected. */
  const problemOf = (spec: PageSpec, answer: { status: number; html: string; location: string | null }) => {
    if (answer.status !== 200) return `answered ${answer.status}${answer.location ? ` (to ${answer.location})` : ''}`;
    const missing = [signedInLayout, ...spec.expect].filter((text) => !answer.html.includes(text));
    return missing.length > 0 ? `is not the page expected: no ${missing.map((text) => JSON.stringify(text)).join(', ')}` : undefined;
  };
  const resolvePath = async (spec: PageSpec, cookie: string): Promise<string> => {
    if (typeof spec.path === 'string') return spec.path;
    let path = spec.path.from;
    for (let hop = 1; hop <= spec.path.nextLinks; hop += 1) {
      const answer = await timedGet(`${base}${path}`, cookie);
      const next = answer.status === 200 ? nextLinkOf(answer.html) : undefined;
      if (!next) throw new Error(`${spec.name}: ${path} has no next page (${answer.status}) after ${hop - 1} of ${spec.path.nextLinks}`);
      const target = new URL(next, base);
      path = `${target.pathname}${target.search}`;
    }
    return path;
  };

  type PageResult = {
    name: string;
    path: string;
    sequential: Stats;
    concurrent: Stats & { concurrency: number; pagesPerSecond: number };
    htmlBytes: number;
    htmlGzipBytes: number;
    script: ScriptBytes;
    mongoCommandsPerView: Record<string, number>;
    cpuMsPerView: Record<string, number>;
  };
  const results: PageResult[] = [];
  const skipped: { name: string; path: string; reason: string }[] = [];
  const commandsNow = async (): Promise<CommandCounts> => (await readCommandCounts(countsDir, [apiPid])).get(apiPid) ?? {};

  for (const spec of pagesOf(seeded)) {
    const cookie = cookies[spec.as ?? 'sales'];
    const path = await resolvePath(spec, cookie);
    const url = `${base}${path}`;
    const first = await timedGet(url, cookie);
    const problem = problemOf(spec, first);
    if (problem && spec.optional && first.status !== 200) {
      log(`skipped ${spec.name} (${path}): it ${problem}`);
      skipped.push({ name: spec.name, path, reason: problem });
      continue;
    }
    if (problem) throw new Error(`${spec.name} (${path}) ${problem}`);
    const script = await scriptBytesOf(first.html, url, cookie);
    const get = async () => {
      const answer = await timedGet(url, cookie);
      const wrong = problemOf(spec, answer);
      if (wrong) throw new Error(`${spec.name} (${path}) ${wrong}`);
      return answer.ms;
    };
    for (let i = 0; i < warmUp; i += 1) await get();

    const commandsBefore = await commandsNow();
    const cpuBefore = await sampleCpu(process.pid, processNames);
    const sequential: number[] = [];
    for (let i = 0; i < settings.BENCH_WORKSPACE_SAMPLES; i += 1) sequential.push(await get());
    const cpuAfter = await sampleCpu(process.pid, processNames);
    const commands = countsBetween(commandsBefore, await commandsNow());

    const concurrent: number[] = [];
    let issued = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (issued < concurrentCount) {
          issued += 1;
          concurrent.push(await get());
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    const perView = (counts: CommandCounts) =>
      Object.fromEntries(Object.entries(counts).map(([key, count]) => [key, Math.round((count / settings.BENCH_WORKSPACE_SAMPLES) * 100) / 100]));
    const result: PageResult = {
      name: spec.name,
      path: path.replace(/cursor=[^&]+/, 'cursor=…'),
      sequential: stats(sequential),
      concurrent: { ...stats(concurrent), concurrency, pagesPerSecond: round(concurrent.length / seconds) },
      htmlBytes: Buffer.byteLength(first.html),
      htmlGzipBytes: gzipSync(first.html).length,
      script,
      mongoCommandsPerView: perView(commands),
      cpuMsPerView: cpuPerOperation(cpuBefore, cpuAfter, settings.BENCH_WORKSPACE_SAMPLES),
    };
    results.push(result);
    log(`${spec.name.padEnd(22)} p50 ${String(result.sequential.p50).padStart(6)} ms  p95 ${String(result.sequential.p95).padStart(6)} ms  (4 at once: p95 ${result.concurrent.p95} ms)`);
  }

  const verdict = workspaceVerdictOn(Object.fromEntries(results.map((page) => [page.name, { p95: page.sequential.p95, scriptBytes: page.script.bytes }])));
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    settings,
    services: services ? 'embedded, as npm run dev runs them' : 'external (TEMPORAL_ADDRESS, MONGODB_URI)',
    databaseServer,
    data: { ...seeded.counts, seedSeconds },
    method: {
      sequential: `${settings.BENCH_WORKSPACE_SAMPLES} requests of each page one after another on a keep-alive loopback connection, after ${warmUp} not counted; ms from the request to the body's last byte`,
      concurrent: `${concurrentCount} requests of each page, ${concurrency} at once`,
      deepPages: `page ${deepPages + 1}: reached by following rel="next" ${deepPages} times`,
      search: workspaceSearch,
    },
    pages: results,
    skipped,
    targets: workspaceTargets,
  };
  await mkdir(join(root, 'bench/results'), { recursive: true });
  const file = `bench/results/${result.date.slice(0, 10)}.workspace.json`;
  await writeFile(join(root, file), `${JSON.stringify({ ...result, verdict }, null, 2)}\n`);

  const kb = (bytes: number) => `${round(bytes / 1024)} KB`;
  const commandsText = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([key, count]) => `${key} ${count}`)
      .join(', ');
  console.log(
    [
      '',
      `workspace pages on ${databaseServer}: ${seeded.counts.customers} customers, ${seeded.counts.requests} requests; ${settings.BENCH_WORKSPACE_SAMPLES} sequential requests a page (p95 target < ${workspaceTargets.pageP95MsBelow} ms), then ${concurrency} at once`,
      `${'page'.padEnd(22)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}   ${'4 at once p95'.padStart(13)} ${'pages/s'.padStart(8)}   ${'html'.padStart(8)}  script   CPU ms/view (api, ferretdb)`,
      ...results.map(
        (page) =>
          `${page.name.padEnd(22)} ${String(page.sequential.p50).padStart(7)} ${String(page.sequential.p95).padStart(7)} ${String(page.sequential.p99).padStart(7)}   ${String(page.concurrent.p95).padStart(13)} ${String(page.concurrent.pagesPerSecond).padStart(8)}   ${kb(page.htmlBytes).padStart(8)}  ${kb(page.script.bytes).padStart(6)}   ${page.cpuMsPerView.api ?? 0}, ${page.cpuMsPerView.ferretdb ?? '–'}${verdict.pages[page.name]?.p95 ? '' : '   MISSED'}`,
      ),
      ...results.map((page) => `MongoDB commands per view, ${page.name}: ${commandsText(page.mongoCommandsPerView) || 'none'}`),
      ...skipped.map((page) => `skipped ${page.name} (${page.path}): ${page.reason}`),
      `targets: page p95 < ${workspaceTargets.pageP95MsBelow} ms ${verdict.pageP95 ? 'met' : 'MISSED'}, script < ${workspaceTargets.scriptKbBelow} KB ${verdict.scriptSize ? 'met' : 'MISSED'}`,
      `written: ${file}`,
    ].join('\n'),
  );
  await database.db.dropDatabase();
  await database.close();
} finally {
  await api?.stop();
  await provider?.stop();
  await services?.stop();
  await rm(stateDir, { recursive: true, force: true });
}
