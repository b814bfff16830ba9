import { execFile as execFileCallback, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, cp, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFile = promisify(execFileCallback);

/**
 * Every binary built here, pinned. `installs` maps each binary's name to the package `go install` builds it from
 * (the first is the one `cachedBinaryPath` names); FerretDB is built from a patched copy instead (below).
 * The cluster's Temporal server is the release the CLI v1.5.1 embeds.
 */
export const pinned = {
  temporal: { module: 'github.com/temporalio/cli', version: 'v1.5.1', binary: 'temporal', cacheTag: 'v1.5.1', installs: { temporal: 'cmd/temporal' } },
  // The tag names the build: the pinned release plus the fixes below (`_id` lookups, lists in `_id` order, searches,
  // what every command paid for nothing).
  ferretdb: { module: 'github.com/FerretDB/FerretDB', version: 'v1.24.2', binary: 'ferretdb', cacheTag: 'v1.24.2-pushdown-3', installs: { ferretdb: 'cmd/ferretdb' } },
  'temporal-server': {
    module: 'go.temporal.io/server',
    version: 'v1.29.1',
    binary: 'temporal-server',
    cacheTag: 'v1.29.1',
    installs: { 'temporal-server': 'cmd/server', 'temporal-sql-tool': 'cmd/tools/sql' },
  },
  'temporal-ui-server': {
    module: 'github.com/temporalio/ui-server/v2',
    version: 'v2.42.1',
    binary: 'temporal-ui-server',
    cacheTag: 'v2.42.1',
    installs: { 'temporal-ui-server': 'cmd/server' },
  },
} as const;
export type PinnedTool = keyof typeof pinned;

export const cacheRoot = (env: NodeJS.ProcessEnv) =>
  join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'reseller-relationships');

export const cachedBinaryPath = (tool: PinnedTool, env: NodeJS.ProcessEnv, binary: string = pinned[tool].binary) =>
  join(cacheRoot(env), `${tool}-${pinned[tool].cacheTag}`, binary);

export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The first executable called `name` on the PATH of `env`. */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export type Resolved =
  | { kind: 'external'; address: string }
  | { kind: 'binary'; path: string; source: 'env' | 'path' | 'cache' }
  | { kind: 'build'; go: string; target: string }
  | { kind: 'missing'; message: string };

/** Order (README, Requirements): TEMPORAL_ADDRESS → TEMPORAL_CLI / `temporal` on PATH → cache → build with Go. */
export async function resolveTemporal(env: NodeJS.ProcessEnv): Promise<Resolved> {
  if (env.TEMPORAL_ADDRESS) return { kind: 'external', address: env.TEMPORAL_ADDRESS };
  if (env.TEMPORAL_CLI) {
    if (await isExecutable(env.TEMPORAL_CLI)) return { kind: 'binary', path: env.TEMPORAL_CLI, source: 'env' };
    return { kind: 'missing', message: `TEMPORAL_CLI=${env.TEMPORAL_CLI} is not an executable file` };
  }
  return resolvePinned('temporal', env, 'put the `temporal` CLI on PATH (or name it in TEMPORAL_CLI), or set TEMPORAL_ADDRESS to a running Temporal server');
}

/** Order (README, Requirements): MONGODB_URI → `mongod` on PATH → `ferretdb` on PATH or cached → build FerretDB with Go. */
export async function resolveMongo(env: NodeJS.ProcessEnv): Promise<Resolved & { server?: 'mongod' | 'ferretdb' }> {
  if (env.MONGODB_URI) return { kind: 'external', address: env.MONGODB_URI };
  const mongod = await findOnPath('mongod', env);
  if (mongod) return { kind: 'binary', path: mongod, source: 'path', server: 'mongod' };
  return { ...(await resolvePinned('ferretdb', env, 'put `mongod` or `ferretdb` on PATH, or set MONGODB_URI to a running MongoDB')), server: 'ferretdb' };
}

async function resolvePinned(tool: PinnedTool, env: NodeJS.ProcessEnv, alternative: string): Promise<Resolved> {
  const onPath = await findOnPath(pinned[tool].binary, env);
  if (onPath) return { kind: 'binary', path: onPath, source: 'path' };
  const cached = cachedBinaryPath(tool, env);
  if (await isExecutable(cached)) return { kind: 'binary', path: cached, source: 'cache' };
  const go = await findGo(env);
  if (go) return { kind: 'build', go, target: cached };
  return {
    kind: 'missing',
    message: `No ${tool} found and no Go toolchain to build it. Install Go (https://go.dev/dl/) so it can be built once into ${cached}; or: ${alternative}.`,
  };
}

/** The Go toolchain on PATH or under GOROOT. */
export async function findGo(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return (await findOnPath('go', env)) ?? (env.GOROOT && (await isExecutable(join(env.GOROOT, 'bin', 'go'))) ? join(env.GOROOT, 'bin', 'go') : undefined);
}

/** A pinned tool from the cache, built with Go the first time; what is missing is said in one message. */
export async function pinnedBinary(tool: PinnedTool, log: (line: string) => void, env: NodeJS.ProcessEnv): Promise<string> {
  const cached = cachedBinaryPath(tool, env);
  if (await isExecutable(cached)) return cached;
  const go = await findGo(env);
  if (!go) throw new Error(`No ${tool} ${pinned[tool].version} in ${cached} and no Go toolchain to build it. Install Go (https://go.dev/dl/).`);
  return buildPinned(tool, go, cached, log, env);
}

/**
 * Builds a pinned tool into the cache with Go, printing progress. Everything but FerretDB is a plain `go install`.
 * FerretDB is built from a writable copy of its module: the module archive lacks the generated
 * `build/version/version.txt`, and a `go install`ed binary panics at start without it, so the file is written
 * from the pinned tag before `go build`. The copy also gets the `_id` lookup fixes for both backends (below).
 * Builds go to a temporary name and are renamed into place, so an interrupted build never leaves half a binary;
 * a lock directory keeps two concurrent runs from building the same thing.
 */
export async function buildPinned(
  tool: PinnedTool,
  go: string,
  target: string,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const spec = pinned[tool];
  const folder = join(target, '..');
  await mkdir(folder, { recursive: true });
  const lock = join(folder, '.build-lock');
  await acquireLock(lock, log);
  const partial = `${target}.partial-${process.pid}`;
  try {
    if (await isExecutable(target)) return target; // another process built it while we waited
    const started = Date.now();
    log(`building ${tool} ${spec.version} with go (first time only, takes several minutes) into ${folder}…`);
    // Our own flags only: a user's GOFLAGS (-mod=vendor, say) must not leak into a build of someone else's module.
    const goEnv: NodeJS.ProcessEnv = { ...env, GOFLAGS: '', GOWORK: 'off' };
    if (tool !== 'ferretdb') {
      // One package at a time: two packages that end in the same name (`server`) would overwrite each other in GOBIN.
      // The main binary is renamed into place last, so its presence means the whole set is there.
      const installs = Object.entries(spec.installs).reverse();
      for (const [binary, pkg] of installs) {
        const gobin = await mkdtemp(join(folder, '.gobin-'));
        try {
          await run(go, ['install', `${spec.module}/${pkg}@${spec.version}`], folder, log, { ...goEnv, GOBIN: gobin });
          await rename(join(gobin, pkg.split('/').at(-1)!), join(folder, binary));
        } finally {
          await rm(gobin, { recursive: true, force: true });
        }
      }
    } else {
      log(`  go mod download ${spec.module}@${spec.version}`);
      const { stdout } = await execFile(go, ['mod', 'download', '-json', `${spec.module}@${spec.version}`], {
        cwd: folder,
        env: goEnv,
        maxBuffer: 16 * 1024 * 1024,
      });
      const moduleDir = (JSON.parse(stdout) as { Dir?: string }).Dir;
      if (!moduleDir) throw new Error(`go mod download did not report a folder for ${spec.module}@${spec.version}`);
      const work = await mkdtemp(join(tmpdir(), `${tool}-src-`));
      try {
        await cp(moduleDir, work, { recursive: true });
        await execFile('chmod', ['-R', 'u+w', work]);
        await writeFile(join(work, 'build', 'version', 'version.txt'), `${spec.version}\n`);
        for (const fix of ferretdbFixes) await applyFix(work, fix);
        for (const [ours, path] of Object.entries(ferretdbAddedFiles)) {
          await mkdir(join(work, path, '..'), { recursive: true });
          await cp(join(ferretdbSources, ours), join(work, path));
        }
        await run(go, ['build', '-o', partial, `./${pinned.ferretdb.installs.ferretdb}`], work, log, { ...goEnv, GOFLAGS: '-mod=mod' });
        await rename(partial, target);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    }
    log(`built ${tool} ${spec.version} in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
    return target;
  } finally {
    await rm(partial, { force: true });
    await rm(lock, { recursive: true, force: true });
  }
}

/**
 * FerretDB v1.24.2's SQLite backend creates each collection's `_id` index on `_ferretdb_sjson->"_id"`, but looks
 * documents up by `_ferretdb_sjson->'$._id'`. SQLite matches index expressions as written, so every find, update and
 * delete by `_id` scanned and decoded the whole collection. One line makes the lookup use the index's own expression;
 * both select the same value, so results are unchanged. Fails loudly if the pinned source ever differs.
 */
export const sqliteIdLookupFix = {
  file: 'internal/backends/sqlite/metadata/metadata.go',
  from: `IDColumn = DefaultColumn + "->'$._id'"`,
  to: `IDColumn = DefaultColumn + \`->"_id"\``,
} as const;

/**
 * The SQLite backend pushes a filter down only when it is `{_id: value}` alone: a filter that also names another
 * field (a compare-and-set such as `{_id, status}`) decoded the whole collection. With this fix a filter holding one
 * `_id` equal to a string or ObjectId looks that document up by the index whatever else it names. The handler still
 * applies the whole filter to what the backend returns, so the lookup only narrows what it reads; results are
 * unchanged. A filter naming `_id` twice keeps the released behaviour. The same test is in `Query` and `Explain`, so
 * `explain` says what the query does.
 */
export const sqliteIdAmongOtherKeysFix = {
  file: 'internal/backends/sqlite/collection.go',
  occurrences: 2,
  from: [
    '\tif params.Filter.Len() == 1 {',
    '\t\tv, _ := params.Filter.Get("_id")',
  ].join('\n'),
  to: [
    '\tidKeys := 0',
    '\tfor _, k := range params.Filter.Keys() {',
    '\t\tif k == "_id" {',
    '\t\t\tidKeys++',
    '\t\t}',
    '\t}',
    '',
    '\tif idKeys == 1 {',
    '\t\tv, _ := params.Filter.Get("_id")',
  ].join('\n'),
} as const;

/**
 * On PostgreSQL the `_id` index is on `_jsonb->'_id'`, but an equality filter is pushed down as `_jsonb->$1 @> $2`:
 * a parameter for the key and a containment test, which no B-tree index serves, so every find (and every update,
 * which finds first) by `_id` scanned the collection. For `_id` with a string, ObjectId or date, the filter becomes
 * `_jsonb->'_id' = $n::jsonb`, the index's own expression. Same value encoding, and `_id` is never an array (where
 * containment and equality differ), so results are unchanged.
 */
export const postgresIdLookupFix = {
  file: 'internal/backends/postgresql/query.go',
  from: [
    '\t\t// don\'t change the default eq query',
    '\t\tfilter = fmt.Sprintf(sql, metadata.DefaultColumn, operator, p.Next(), p.Next())',
    '\t\targs = append(args, k, string(must.NotFail(sjson.MarshalSingleValue(v))))',
  ].join('\n'),
  to: [
    '\t\tif k == "_id" && operator == "->" {',
    '\t\t\tfilter = fmt.Sprintf(`%[1]s->\'_id\' = %[2]s::jsonb`, metadata.DefaultColumn, p.Next())',
    '\t\t\targs = append(args, string(must.NotFail(sjson.MarshalSingleValue(v))))',
    '\t\t\tbreak',
    '\t\t}',
    '\t\tfilter = fmt.Sprintf(sql, metadata.DefaultColumn, operator, p.Next(), p.Next())',
    '\t\targs = append(args, k, string(must.NotFail(sjson.MarshalSingleValue(v))))',
  ].join('\n'),
} as const;

/**
 * Lists read in `_id` order from an index instead of decoded and sorted whole (docs/ferretdb.md, "Lists in `_id`
 * order"), and text searches narrowed in SQLite.
 */
export const sqliteListAndSearchFixes = [
  {
    // The handler leaves a sort by `_id` to the SQLite backend when idorder.Pushable accepts the find…
    file: 'internal/handler/handler.go',
    from: '\tEnableNestedPushdown    bool\n',
    to: '\tEnableNestedPushdown    bool\n\tEnableIDSortPushdown    bool\n',
  },
  {
    file: 'internal/handler/registry/sqlite.go',
    from: '\t\t\tEnableNestedPushdown:    opts.EnableNestedPushdown,\n',
    to: '\t\t\tEnableNestedPushdown:    opts.EnableNestedPushdown,\n\t\t\tEnableIDSortPushdown:    true,\n',
  },
  {
    file: 'internal/handler/msg_find.go',
    from: '\tcase params.Sort.Len() == 1:\n',
    to: '\tcase h.idSortPushable(cInfo, qp.Filter, params.Sort):\n\t\tqp.Sort = params.Sort\n\tcase params.Sort.Len() == 1:\n',
  },
  {
    // …and then does not sort what the backend returns.
    file: 'internal/handler/msg_find.go',
    from: 'iter, err := h.makeFindIter(queryRes.Iter, closer, params)',
    to: 'iter, err := h.makeFindIter(queryRes.Iter, closer, withoutPushedSort(params, qp))',
  },
  {
    file: 'internal/handler/msg_explain.go',
    from: '\tcase params.Sort.Len() == 1:\n',
    to: '\tcase h.idSortPushable(&cInfo, qp.Filter, params.Sort):\n\t\tqp.Sort = params.Sort\n\tcase params.Sort.Len() == 1:\n',
  },
  {
    // The backends' contract accepted only `$natural` as a sort.
    file: 'internal/backends/collection.go',
    occurrences: 2,
    from: 'params.Sort.Map()["$natural"].(int64)',
    to: 'params.Sort.Map()[params.Sort.Keys()[0]].(int64)',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: '\tq := prepareSelectClause(meta.TableName, params.Comment, meta.Capped(), params.OnlyRecordIDs)\n',
    to: '\tif orderedByID(params.Sort) {\n\t\treturn queryOrdered(ctx, db, meta, params)\n\t}\n\n\tq := prepareSelectClause(meta.TableName, params.Comment, meta.Capped(), params.OnlyRecordIDs)\n',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: '\tselectClause := prepareSelectClause(meta.TableName, "", meta.Capped(), false)\n',
    to: '\tif orderedByID(params.Sort) {\n\t\treturn explainOrdered(ctx, db, meta, params)\n\t}\n\n\tselectClause := prepareSelectClause(meta.TableName, "", meta.Capped(), false)\n',
  },
  {
    // A secondary index holds `_id` as an SQL value, the order idorder relies on. The `_id_` index and unique ones
    // keep the stored JSON, so lookups and uniqueness are as released.
    file: 'internal/backends/sqlite/metadata/registry.go',
    from: '\t\t\tcolumns[i] = fmt.Sprintf("%s->%s", DefaultColumn, strings.Join(fields, "->"))\n',
    to: '\t\t\tcolumns[i] = fmt.Sprintf("%s->%s", DefaultColumn, strings.Join(fields, "->"))\n\t\t\tif key.Field == "_id" && index.Name != backends.DefaultIndexName && !index.Unique {\n\t\t\t\tcolumns[i] = DefaultColumn + "->>\'$._id\'"\n\t\t\t}\n',
  },
  {
    // Any other filter is narrowed in SQLite, by an index that leads with its equality fields and by its text
    // searches, before the handler decodes anything (docs/ferretdb.md, "Equalities on indexed fields", "Searches for
    // a piece of text")…
    file: 'internal/backends/sqlite/collection.go',
    from: '\tq += whereClause\n\tq += prepareOrderByClause(params.Sort)\n',
    to: '\tif whereClause == "" {\n\t\twhereClause, args = prepareNarrowingWhere(meta, params.Filter)\n\t}\n\n\tq += whereClause\n\tq += prepareOrderByClause(params.Sort)\n',
  },
  {
    // …and `explain` shows it.
    file: 'internal/backends/sqlite/collection.go',
    from: '\torderByClause := prepareOrderByClause(params.Sort)\n',
    to: '\tif whereClause == "" {\n\t\twhereClause, args = prepareNarrowingWhere(meta, params.Filter)\n\t\tfilterPushdown = whereClause != ""\n\t}\n\n\torderByClause := prepareOrderByClause(params.Sort)\n',
  },
] as const;

/**
 * What every command paid for nothing (docs/ferretdb.md, "What every command costs"). Each query built its two debug
 * log lines, the SQL formatted and the logger cloned with the arguments, before the logger dropped them at the
 * configured level; now they are built only when debug logging is on.
 */
const queryLogLine = (handle: 'db' | 'tx', marker: '>>>' | '<<<') => ({
  from: `\t${handle}.l.With(fields...).DebugContext(ctx, fmt.Sprintf("${marker} %s", query))\n`,
  to: `\tif ${handle}.l.Enabled(ctx, slog.LevelDebug) {\n\t\t${handle}.l.With(fields...).DebugContext(ctx, fmt.Sprintf("${marker} %s", query))\n\t}\n`,
  occurrences: 3,
});
export const ferretdbCostFixes = [
  { file: 'internal/util/fsql/db.go', ...queryLogLine('db', '>>>') },
  { file: 'internal/util/fsql/db.go', ...queryLogLine('db', '<<<') },
  { file: 'internal/util/fsql/tx.go', ...queryLogLine('tx', '>>>') },
  { file: 'internal/util/fsql/tx.go', ...queryLogLine('tx', '<<<') },
  {
    // Leak tracking registered every transaction, cursor and iterator in a pprof profile, which walks the stack, and
    // gave each a finalizer; it now runs in FerretDB's debug builds only, where a leak is meant to panic.
    file: 'internal/util/resource/resource.go',
    from: 'func Track(obj any, token *Token) {\n\tcheckArgs(obj, token)\n',
    to: 'func Track(obj any, token *Token) {\n\tcheckArgs(obj, token)\n\n\tif !debugbuild.Enabled {\n\t\treturn\n\t}\n',
  },
  {
    file: 'internal/util/resource/resource.go',
    from: 'func Untrack(obj any, token *Token) {\n\tcheckArgs(obj, token)\n',
    to: 'func Untrack(obj any, token *Token) {\n\tcheckArgs(obj, token)\n\n\tif !debugbuild.Enabled {\n\t\treturn\n\t}\n',
  },
] as const;

/** Our own Go files the fixes add to the module copy, from `scripts/services/ferretdb/`. */
export const ferretdbAddedFiles = {
  'idorder.go': 'internal/backends/sqlite/idorder/idorder.go',
  'sqlite_ordered_pushdown.go': 'internal/backends/sqlite/ordered_pushdown.go',
  'handler_id_sort_pushdown.go': 'internal/handler/id_sort_pushdown.go',
  'sqlite_substring_prefilter.go': 'internal/backends/sqlite/substring_prefilter.go',
} as const;
const ferretdbSources = fileURLToPath(new URL('./ferretdb/', import.meta.url));

export const ferretdbFixes = [sqliteIdLookupFix, sqliteIdAmongOtherKeysFix, postgresIdLookupFix, ...sqliteListAndSearchFixes, ...ferretdbCostFixes];

async function applyFix(moduleCopy: string, fix: { file: string; from: string; to: string; occurrences?: number }): Promise<void> {
  const path = join(moduleCopy, fix.file);
  const source = await readFile(path, 'utf8');
  const expected = fix.occurrences ?? 1;
  if (source.split(fix.from).length !== expected + 1) {
    throw new Error(`FerretDB source changed: expected ${expected} \`${fix.from.split('\n')[0]!.trim()}\` block(s) in ${fix.file}`);
  }
  await writeFile(path, source.replaceAll(fix.from, fix.to));
}

function run(command: string, args: string[], cwd: string, log: (line: string) => void, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    log(`  ${command} ${args.join(' ')}`);
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env });
    const tail: string[] = [];
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        log(`  ${line}`);
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const ticker = setInterval(() => log('  …still building'), 30_000);
    child.once('error', (error) => {
      clearInterval(ticker);
      reject(error);
    });
    child.once('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${tail.join('\n')}`));
    });
  });
}

async function acquireLock(lock: string, log: (line: string) => void): Promise<void> {
  let announced = false;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(lock)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`another process is building into ${join(lock, '..')}; waiting for it…`);
      announced = true;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/** A lock is stale when its owner is gone, or when it never got an owner written within a minute. */
async function isStale(lock: string): Promise<boolean> {
  try {
    const pid = Number(await readFile(join(lock, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) throw new Error('no owner written');
    process.kill(pid, 0);
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
    const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: 0 }))).mtimeMs;
    return age > 60_000;
  }
}

/**
 * FerretDB's Go runtime collects garbage when the heap doubles; its live heap is a few megabytes (SQLite's pages are
 * outside it), so that is every few hundred commands. At 400 it collects a quarter as often: 19% less CPU a command
 * (0.38 to 0.30 ms, 24,000 inserts, updates and finds by `_id`, eight at once) for about 20 MB more memory. A `GOGC`
 * already in the environment wins.
 */
export function ferretdbEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, GOGC: env.GOGC ?? '400' };
}
