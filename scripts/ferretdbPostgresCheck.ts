/**
 * What FerretDB v1.24.2 does on its PostgreSQL backend, with two FerretDB instances on one PostgreSQL database:
 * whether lookups by `_id` use the `_id` index, what each instance's cached metadata does, and what concurrent writes
 * to one document do. docs/ferretdb.md ("On the PostgreSQL backend") reports its numbers.
 *
 *   POSTGRES_URL=postgres://user@127.0.0.1:5432/ferretdb npx tsx scripts/ferretdbPostgresCheck.ts
 *
 * POSTGRES_URL must name a PostgreSQL database made for this check (UTF8, C or en_US.UTF-8 locale): the check drops and
 * recreates the schemas fc, fc_boot and fc_stale in it, and needs `psql` on PATH. FERRETDB_BIN defaults to the cached
 * build. Sizes: CHECK_DOCS (20000) documents in the lookup collection, CHECK_OPS (2000) operations per race,
 * CHECK_CONCURRENCY (20) operations at once, half through each instance.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { collectionsOf, ensureIndexes } from '../platform/mongo.js';
import { cachedBinaryPath } from './services/binaries.js';
import { freePort, startProcess, waitUntilReady, type ManagedProcess } from './services/processes.js';

const run = promisify(execFile);
const env = process.env;
const pgUrl = env.POSTGRES_URL;
if (!pgUrl) throw new Error('Set POSTGRES_URL to a PostgreSQL database made for this check (see the header of this script).');
const ferretdb = env.FERRETDB_BIN || cachedBinaryPath('ferretdb', env);
const docsCount = Number(env.CHECK_DOCS ?? 20_000);
const ops = Number(env.CHECK_OPS ?? 2_000);
const concurrency = Number(env.CHECK_CONCURRENCY ?? 20);
const rounds = Math.max(1, Math.round(ops / concurrency));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => console.log(line);

async function psql(sql: string): Promise<string> {
  const { stdout } = await run('psql', [pgUrl!, '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], { maxBuffer: 64 << 20 });
  return stdout.trim();
}

/** The PostgreSQL table behind a FerretDB collection, from FerretDB's metadata table. */
const tableOf = async (db: string, collection: string) =>
  `"${db}"."${await psql(`SELECT _jsonb->>'table' FROM "${db}"._ferretdb_database_metadata WHERE _jsonb->>'_id' = '${collection}'`)}"`;

type Instance = { name: string; port: number; stateDir: string; process?: ManagedProcess; client?: MongoClient };

async function start(instance: Instance): Promise<MongoClient> {
  instance.process = startProcess(
    `ferretdb ${instance.name}`,
    ferretdb,
    [
      '--handler=postgresql',
      `--postgresql-url=${pgUrl}`,
      `--listen-addr=127.0.0.1:${instance.port}`,
      `--state-dir=${instance.stateDir}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=warn',
    ],
    join(instance.stateDir, 'ferretdb.log'),
  );
  const client = new MongoClient(`mongodb://127.0.0.1:${instance.port}/?directConnection=true`, {
    maxPoolSize: concurrency,
    serverSelectionTimeoutMS: 2_000,
  });
  // `ping` asks the backend for its status, which loads the instance's metadata cache (metadata/registry.go getPool):
  // from here on the instance knows only the databases, collections and indexes that exist now, or that it creates.
  await waitUntilReady(instance.process, () => client.db('admin').command({ ping: 1 }), 30_000);
  instance.client = client;
  return client;
}

async function stop(instance: Instance) {
  await instance.client?.close();
  await instance.process?.stop();
  instance.client = undefined;
  instance.process = undefined;
}

const describe = (error: unknown) => {
  const { code, message } = error as { code?: unknown; message?: string };
  if (code === 11000) return 'E11000 duplicate key';
  // FerretDB's message is its Go call stack in brackets, then the cause: keep the cause.
  return `code ${String(code)}: ${String(message).replace(/^(\[[^\]]*\]\s*)+/, '').slice(0, 200)}`;
};
const attempt = async (what: () => Promise<unknown>) => {
  try {
    const result = await what();
    return { ok: true as const, result };
  } catch (error) {
    return { ok: false as const, error: describe(error) };
  }
};
const tally = (values: string[]) => values.reduce<Record<string, number>>((all, v) => ({ ...all, [v]: (all[v] ?? 0) + 1 }), {});

const work = await mkdtemp(join(tmpdir(), 'ferretdb-pg-check-'));
const a: Instance = { name: 'A', port: await freePort(), stateDir: join(work, 'a') };
const b: Instance = { name: 'B', port: await freePort(), stateDir: join(work, 'b') };
const report: Record<string, unknown> = { date: new Date().toISOString(), ferretdb, docsCount, ops, concurrency };

try {
  for (const instance of [a, b]) await mkdir(instance.stateDir, { recursive: true });
  for (const schema of ['fc', 'fc_boot', 'fc_stale']) await psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  report.postgres = await psql('SHOW server_version');
  report.isolation = await psql('SHOW default_transaction_isolation');
  let clientA: MongoClient;
  let clientB: MongoClient;

  // 1. The project's own start: every process runs ensureIndexes; here two through each instance at once, on a fresh
  // database, in CHECK_BOOT_TRIALS (5) trials with freshly started instances.
  const trials: unknown[] = [];
  for (let trial = 0; trial < Number(env.CHECK_BOOT_TRIALS ?? 5); trial++) {
    await stop(a);
    await stop(b);
    await psql('DROP SCHEMA IF EXISTS fc_boot CASCADE');
    clientA = await start(a);
    clientB = await start(b);
    const boot = await Promise.all(
      [clientA, clientB, clientA, clientB].map((client) => attempt(() => ensureIndexes(collectionsOf(client.db('fc_boot'))))),
    );
    const outcome: Record<string, string> = {};
    for (const [name, client, first] of [['A', clientA, [boot[0]!, boot[2]!]], ['B', clientB, [boot[1]!, boot[3]!]]] as const) {
      const retry = await attempt(() => ensureIndexes(collectionsOf(client.db('fc_boot'))));
      const insert = await attempt(() => client.db('fc_boot').collection<Document>('relationshipRequests').insertOne({ _id: `probe-${name}` as never }));
      const count = await attempt(() => client.db('fc_boot').collection('relationshipRequests').countDocuments());
      outcome[name] = [
        `ensureIndexes ${first.map((r) => (r.ok ? 'ok' : r.error)).join(' / ')}`,
        `then again ${retry.ok ? 'ok' : retry.error}`,
        `insert ${insert.ok ? 'ok' : insert.error}`,
        `count ${count.ok ? String(count.result) : count.error}`,
      ].join('; ');
    }
    trials.push(outcome);
    say(`boot trial ${trial + 1}: ${JSON.stringify(outcome)}`);
  }
  report.boot = trials;

  // 2. Metadata cached per instance: a database, a collection and an index created through A after B loaded its cache.
  // Both instances restarted first, so that both know fc_boot whichever lost the race above.
  await stop(a);
  await stop(b);
  clientA = await start(a);
  clientB = await start(b);
  const stale: Record<string, string> = {};
  const note = async (label: string, what: () => Promise<unknown>) => {
    const r = await attempt(what);
    stale[label] = r.ok ? JSON.stringify(r.result === undefined ? 'ok' : r.result) : r.error;
  };
  await note('B lists databases', async () => (await clientB.db('admin').admin().listDatabases()).databases.map((d) => d.name));
  await note('A inserts into new database fc_stale.c1', () => clientA.db('fc_stale').collection<Document>('c1').insertOne({ _id: 'x' as never }));
  await note('B counts fc_stale.c1', () => clientB.db('fc_stale').collection('c1').countDocuments());
  await note('B finds fc_stale.c1 {_id:x}', () => clientB.db('fc_stale').collection('c1').findOne({ _id: 'x' as never }));
  await note('B inserts into fc_stale.c1', () => clientB.db('fc_stale').collection<Document>('c1').insertOne({ _id: 'y' as never }));
  await note('B inserts into fc_stale.c1 again', () => clientB.db('fc_stale').collection<Document>('c1').insertOne({ _id: 'z' as never }));
  await stop(b);
  clientB = await start(b);
  await note('after restarting B: B counts fc_stale.c1', () => clientB.db('fc_stale').collection('c1').countDocuments());
  await note('after restarting B: B inserts into fc_stale.c1', () => clientB.db('fc_stale').collection<Document>('c1').insertOne({ _id: 'y' as never }));
  await note('A inserts into new collection fc_stale.c2 (database known to both)', () =>
    clientA.db('fc_stale').collection<Document>('c2').insertOne({ _id: 'x' as never }),
  );
  await note('B counts fc_stale.c2', () => clientB.db('fc_stale').collection('c2').countDocuments());
  await note('B inserts into fc_stale.c2', () => clientB.db('fc_stale').collection<Document>('c2').insertOne({ _id: 'y' as never }));
  await note('A creates a unique index on fc_stale.c1.email (collection known to both)', () =>
    clientA.db('fc_stale').collection('c1').createIndex({ email: 1 }, { unique: true, name: 'email_unique' }),
  );
  await note('B lists the indexes of fc_stale.c1', async () => (await clientB.db('fc_stale').collection('c1').listIndexes().toArray()).map((i) => i.name));
  await note('B inserts two documents with the same email into fc_stale.c1', async () => {
    const coll = clientB.db('fc_stale').collection<Document>('c1');
    const results = [await attempt(() => coll.insertOne({ email: 'e' })), await attempt(() => coll.insertOne({ email: 'e' }))];
    return results.map((r) => (r.ok ? 'ok' : r.error));
  });
  await note('B creates the same index', () =>
    clientB.db('fc_stale').collection('c1').createIndex({ email: 1 }, { unique: true, name: 'email_unique' }),
  );
  report.staleMetadata = stale;
  for (const [k, v] of Object.entries(stale)) say(`stale: ${k}: ${v}`);

  // 3. Lookups by _id on a collection of CHECK_DOCS documents, and a small one for comparison. Created through A, then
  // B restarted so that both instances know every collection of the races below.
  const fc = clientA.db('fc');
  const id = (i: number) => `req-${String(i).padStart(6, '0')}`;
  for (const [name, count] of [['big', docsCount], ['small', 100]] as const) {
    for (let from = 0; from < count; from += 1000) {
      const batch = Array.from({ length: Math.min(1000, count - from) }, (_, k) => ({ _id: id(from + k), status: 'open', n: from + k }));
      await fc.collection<Document>(name).insertMany(batch as never[]);
    }
  }
  for (const name of ['counter', 'counterOne', 'cond', 'ins', 'uniq', 'ups', 'events']) await fc.createCollection(name);
  await fc.collection('uniq').createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
  await psql(`ANALYZE ${await tableOf('fc', 'big')}`);
  await stop(b);
  clientB = await start(b);
  const fcB = clientB.db('fc');

  const big = await tableOf('fc', 'big');
  const plan = async (sql: string, generic: boolean) =>
    (
      await psql(
        `SET plan_cache_mode = ${generic ? 'force_generic_plan' : 'force_custom_plan'}; ${sql.replace('EXPLAIN EXECUTE', 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) EXECUTE')}`,
      )
    )
      .split('\n')
      .map((l) => l.trim());
  // The statements as FerretDB prepares them (pgx caches prepared statements): Query's pushdown of {_id: v}
  // (query.go filterEqual), UpdateAll (collection.go) and DeleteAll.
  const probeId = id(Math.floor(docsCount / 2));
  const explains: Record<string, string[]> = {};
  for (const generic of [false, true]) {
    const mode = generic ? 'generic plan' : 'custom plan';
    explains[`find: SELECT _jsonb FROM t WHERE _jsonb->$1 @> $2 (${mode})`] = await plan(
      `PREPARE q(text, jsonb) AS SELECT _jsonb FROM ${big} WHERE _jsonb->$1 @> $2; EXPLAIN EXECUTE q('_id', '"${probeId}"')`,
      generic,
    );
    explains[`update: UPDATE t SET _jsonb = $1 WHERE _jsonb->'_id' = $2 (${mode})`] = await plan(
      `BEGIN; PREPARE q(jsonb, jsonb) AS UPDATE ${big} SET _jsonb = $1 WHERE _jsonb->'_id' = $2; EXPLAIN EXECUTE q('{}', '"${probeId}"'); ROLLBACK`,
      generic,
    );
  }
  explains[`delete: DELETE FROM t WHERE _jsonb->'_id' IN ($1)`] = await plan(
    `BEGIN; PREPARE q(jsonb) AS DELETE FROM ${big} WHERE _jsonb->'_id' IN ($1); EXPLAIN EXECUTE q('"${probeId}"'); ROLLBACK`,
    false,
  );
  report.explain = explains;
  for (const [k, v] of Object.entries(explains)) say(`explain ${k}:\n    ${v.join('\n    ')}`);
  report.indexes = (await psql(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'fc' AND tablename = '${big.split('.')[1]!.replaceAll('"', '')}'`)).split('\n');
  say(`indexes: ${JSON.stringify(report.indexes)}`);
  const ferretExplain = (await clientA.db('fc').command({ explain: { find: 'big', filter: { _id: probeId } } })) as Document;
  report.ferretdbExplain = { pushdown: ferretExplain.pushdown ?? ferretExplain.filterPushdown, plan: JSON.stringify(ferretExplain.queryPlanner).slice(0, 400) };
  say(`ferretdb explain: ${JSON.stringify(report.ferretdbExplain)}`);

  // Scan counters and latency of 200 findOne and 200 updateOne by _id through FerretDB (one client, one after another).
  const counters = async (table: string) => {
    const [seq, seqTup, idx] = (await psql(`SELECT seq_scan, seq_tup_read, coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relid = '${table}'::regclass`)).split('|').map(Number);
    return { seq: seq!, seqTup: seqTup!, idx: idx! };
  };
  const lookups: Record<string, unknown> = {};
  for (const [name, count] of [['big', docsCount], ['small', 100]] as const) {
    const table = await tableOf('fc', name);
    const coll = fc.collection<Document>(name);
    for (const op of ['findOne', 'updateOne'] as const) {
      await sleep(11_000); // PostgreSQL 15 flushes a backend's table counters when it has been idle 10 s
      const before = await counters(table);
      const started = performance.now();
      for (let i = 0; i < 200; i++) {
        const key = id((i * 7919) % count);
        if (op === 'findOne') await coll.findOne({ _id: key as never });
        else await coll.updateOne({ _id: key as never }, { $set: { touched: i } });
      }
      const ms = (performance.now() - started) / 200;
      await sleep(11_000);
      const after = await counters(table);
      lookups[`${op} by _id, ${count} docs`] = {
        msPerOp: Number(ms.toFixed(2)),
        seqScansPerOp: (after.seq - before.seq) / 200,
        rowsScannedPerOp: (after.seqTup - before.seqTup) / 200,
        indexScansPerOp: (after.idx - before.idx) / 200,
      };
    }
  }
  report.lookups = lookups;
  for (const [k, v] of Object.entries(lookups)) say(`lookup ${k}: ${JSON.stringify(v)}`);

  // 4. Races: CHECK_CONCURRENCY operations at once, alternately through A and B.
  const via = (i: number) => (i % 2 === 0 ? fc : fcB);
  const races: Record<string, unknown> = {};

  const incRace = async (name: string, both: boolean) => {
    await fc.collection<Document>(name).insertOne({ _id: 'c' as never, n: 0 });
    const perWorker = Math.round(ops / concurrency);
    const outcomes: string[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        const coll = (both ? via(w) : fc).collection<Document>(name);
        for (let k = 0; k < perWorker; k++) {
          const r = await attempt(() => coll.updateOne({ _id: 'c' as never }, { $inc: { n: 1 } }));
          outcomes.push(r.ok ? `modified ${(r.result as { modifiedCount: number }).modifiedCount}` : r.error);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const final = (await fc.collection<Document>(name).findOne({ _id: 'c' as never }))?.n as number;
    return { attempted: perWorker * concurrency, replies: tally(outcomes), finalN: final, lost: perWorker * concurrency - final, opsPerSecond: Math.round((perWorker * concurrency) / seconds) };
  };
  races['$inc one document, through A and B'] = await incRace('counter', true);
  races['$inc one document, through A only'] = await incRace('counterOne', false);

  const roundRace = async (
    name: string,
    setup: (round: number) => Promise<unknown>,
    op: (coll: Collection<Document>, round: number, i: number) => Promise<unknown>,
    classify: (result: unknown) => string,
  ) => {
    const perRound: Record<string, number>[] = [];
    for (let round = 0; round < rounds; round++) {
      await setup(round);
      const results = await Promise.all(
        Array.from({ length: concurrency }, (_, i) => attempt(() => op(via(i).collection<Document>(name), round, i))),
      );
      perRound.push(tally(results.map((r) => (r.ok ? classify(r.result) : r.error))));
    }
    return perRound;
  };
  const summarize = (perRound: Record<string, number>[], winner: string) => ({
    rounds: perRound.length,
    replies: perRound.reduce<Record<string, number>>((all, t) => {
      for (const [k, v] of Object.entries(t)) all[k] = (all[k] ?? 0) + v;
      return all;
    }, {}),
    // how many rounds had 0, 1, 2, … replies saying `winner`
    roundsByWinners: tally(perRound.map((t) => String(t[winner] ?? 0))),
    winner,
  });

  const cond = await roundRace(
    'cond',
    (round) => fc.collection<Document>('cond').insertOne({ _id: `r${round}` as never, status: 'open' }),
    (coll, round, i) => coll.updateOne({ _id: `r${round}` as never, status: 'open' }, { $set: { status: `w${i}` } }),
    (r) => `modified ${(r as { modifiedCount: number }).modifiedCount}`,
  );
  races["updateOne({_id, status: 'open'}, {$set: {status}}) racing"] = summarize(cond, 'modified 1');

  const ins = await roundRace(
    'ins',
    async () => {},
    (coll, round) => coll.insertOne({ _id: `i${round}` as never }),
    () => 'inserted',
  );
  races['insertOne with the same _id racing'] = {
    ...summarize(ins, 'inserted'),
    rowsPerIdInPostgres: tally((await psql(`SELECT count(*) FROM ${await tableOf('fc', 'ins')} GROUP BY _jsonb->'_id'`)).split('\n')),
  };

  const uniq = await roundRace(
    'uniq',
    async () => {},
    (coll, round, i) => coll.insertOne({ _id: `u${round}-${i}` as never, email: `e${round}@example.com` }),
    () => 'inserted',
  );
  races['insertOne, distinct _id, same value of a unique index, racing'] = {
    ...summarize(uniq, 'inserted'),
    rowsPerEmailInPostgres: tally((await psql(`SELECT count(*) FROM ${await tableOf('fc', 'uniq')} GROUP BY _jsonb->'email'`)).split('\n')),
  };

  const ups = await roundRace(
    'ups',
    async () => {},
    (coll, round, i) => coll.updateOne({ _id: `p${round}` as never }, { $setOnInsert: { by: i } }, { upsert: true }),
    (r) => {
      const { upsertedCount, matchedCount } = r as { upsertedCount: number; matchedCount: number };
      return upsertedCount ? 'upserted' : matchedCount ? 'matched' : 'neither';
    },
  );
  races['updateOne({_id}, {$setOnInsert}, {upsert: true}) racing'] = {
    ...summarize(ups, 'upserted'),
    rowsPerIdInPostgres: tally((await psql(`SELECT count(*) FROM ${await tableOf('fc', 'ups')} GROUP BY _jsonb->'_id'`)).split('\n')),
  };

  const events = await roundRace(
    'events',
    (round) => fc.collection<Document>('events').insertOne({ _id: `v${round}` as never, events: {} }),
    (coll, round, i) => coll.updateOne({ _id: `v${round}` as never }, { $set: { [`events.k${i}`]: i, updatedAt: new Date() } }),
    (r) => `modified ${(r as { modifiedCount: number }).modifiedCount}`,
  );
  const kept = (await fc.collection<Document>('events').find({}).toArray()).map((d) => Object.keys((d.events as object) ?? {}).length);
  races['updateOne({_id}, {$set: {events.<own key>}}) racing, one key per writer'] = {
    ...summarize(events, 'modified 1'),
    keysWritten: rounds * concurrency,
    keysKept: kept.reduce((x, y) => x + y, 0),
    documentsWithAllKeys: kept.filter((n) => n === concurrency).length,
  };
  const byEmail = (await clientA.db('fc').command({ explain: { find: 'uniq', filter: { email: 'e1@example.com' } } })) as Document;
  report.ferretdbExplainUniqueEmail = JSON.stringify(byEmail.queryPlanner).slice(0, 400);
  say(`ferretdb explain of find {email} on a unique index: ${report.ferretdbExplainUniqueEmail}`);
  report.races = races;
  for (const [k, v] of Object.entries(races)) say(`race ${k}: ${JSON.stringify(v)}`);
  report.postgresConnections = await psql(
    `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
  );
  say(`postgres connections held by the two instances: ${report.postgresConnections}`);
} finally {
  await stop(a).catch(() => {});
  await stop(b).catch(() => {});
  if (env.CHECK_KEEP_LOGS) say(`logs: ${work}`);
  else await rm(work, { recursive: true, force: true });
}
console.log(JSON.stringify(report, null, 2));
