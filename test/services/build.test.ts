/**
 * The Go build path, with a fake `go` (a shell script) instead of minutes of compiling: what it is asked to
 * do, where the binary lands, that a failure leaves nothing behind, and that two builds at once build once.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';

import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildPinned, cachedBinaryPath, ferretdbAddedFiles, ferretdbFixes, resolveTemporal } from '../../scripts/services/binaries.js';
import { tempDir } from '../support/tempDirs.js';

const fakeGoScript = (calls: string, moduleDir: string, built: string, behaviour: 'ok' | 'fail' | 'slow') => `#!/bin/sh
echo "$*" >> "${calls}"
${behaviour === 'fail' ? 'echo "go: github.com/x/y@v1: reading https://proxy.golang.org: 404 Not Found" >&2; exit 1' : ''}
${behaviour === 'slow' ? 'sleep 1' : ''}
case "$1" in
  install)
    echo "go: downloading github.com/temporalio/cli v1.5.1" >&2
    printf '#!/bin/sh\\necho temporal\\n' > "$GOBIN/temporal"; chmod +x "$GOBIN/temporal" ;;
  mod)
    echo '{"Path": "github.com/FerretDB/FerretDB", "Dir": "${moduleDir}"}' ;;
  build)
    test -f build/version/version.txt || { echo "version.txt missing" >&2; exit 3; }
    grep -qF 'IDColumn = DefaultColumn + \`->"_id"\`' internal/backends/sqlite/metadata/metadata.go || { echo "id lookup not fixed" >&2; exit 4; }
    grep -qF 'if k == "_id" && operator == "->" {' internal/backends/postgresql/query.go || { echo "postgresql id lookup not fixed" >&2; exit 5; }
    rm -rf "${built}"; cp -R . "${built}"
    printf '#!/bin/sh\\necho ferretdb %s\\n' "$(cat build/version/version.txt)" > "$3"; chmod +x "$3" ;;
esac
`;

// The constant block of FerretDB v1.24.2's internal/backends/sqlite/metadata/metadata.go, as released.
const releasedMetadataGo = `const (
\tDefaultColumn = backends.ReservedPrefix + "sjson"
\tIDColumn = DefaultColumn + "->'$._id'"
)
`;

// The equality branch of filterEqual in FerretDB v1.24.2's internal/backends/postgresql/query.go, as released.
const releasedQueryGo = [
  '\tcase string, types.ObjectID, time.Time:',
  '\t\t// don\'t change the default eq query',
  '\t\tfilter = fmt.Sprintf(sql, metadata.DefaultColumn, operator, p.Next(), p.Next())',
  '\t\targs = append(args, k, string(must.NotFail(sjson.MarshalSingleValue(v))))',
  '',
].join('\n');

const metadataPath = 'internal/backends/sqlite/metadata/metadata.go';
const postgresQueryPath = 'internal/backends/postgresql/query.go';

/**
 * A fake module copy: the released fragments the `_id` fixes expect, and, for every other fix, the text it replaces
 * as often as it expects to find it.
 */
async function sandbox(behaviour: 'ok' | 'fail' | 'slow' = 'ok', metadataGo = releasedMetadataGo, queryGo = releasedQueryGo) {
  const root = await tempDir('services-build-');
  const moduleDir = join(root, 'modcache', 'ferretdb@v1.24.2');
  const sources = new Map<string, string>([
    [metadataPath, metadataGo],
    [postgresQueryPath, queryGo],
  ]);
  for (const fix of ferretdbFixes) {
    if (fix.file === metadataPath || fix.file === postgresQueryPath) continue;
    sources.set(fix.file, (sources.get(fix.file) ?? '') + `${fix.from}\n`.repeat('occurrences' in fix ? fix.occurrences : 1));
  }
  await mkdir(join(moduleDir, 'build', 'version'), { recursive: true });
  for (const [path, source] of sources) {
    await mkdir(join(moduleDir, path, '..'), { recursive: true });
    await writeFile(join(moduleDir, path), source);
  }
  await writeFile(join(moduleDir, 'go.mod'), 'module github.com/FerretDB/FerretDB\n');
  const calls = join(root, 'calls.log');
  const built = join(root, 'built');
  await writeFile(calls, '');
  const go = join(root, 'bin', 'go');
  await mkdir(join(root, 'bin'));
  await writeFile(go, fakeGoScript(calls, moduleDir, built, behaviour));
  await chmod(go, 0o755);
  const env = { XDG_CACHE_HOME: join(root, 'cache'), PATH: `${join(root, 'bin')}:/usr/bin:/bin` };
  return { root, go, env, built, calls: async () => (await readFile(calls, 'utf8')).trim().split('\n').filter(Boolean) };
}

describe('building the pinned servers with Go', () => {
  test('temporal: `go install …@v1.5.1` into a temporary GOBIN, then moved into the cache; progress is printed', async () => {
    const s = await sandbox();
    const resolved = await resolveTemporal(s.env);
    assert.equal(resolved.kind, 'build');
    const target = cachedBinaryPath('temporal', s.env);
    const lines: string[] = [];
    assert.equal(await buildPinned('temporal', s.go, target, (line) => lines.push(line), s.env), target);
    assert.deepEqual(await s.calls(), ['install github.com/temporalio/cli/cmd/temporal@v1.5.1']);
    assert.match(lines[0] ?? '', /building temporal v1\.5\.1 with go \(first time only, takes several minutes\)/);
    assert.ok(lines.some((line) => line.includes('go: downloading')), 'go output is streamed');
    assert.deepEqual(await readdir(join(target, '..')), ['temporal'], 'no temporary GOBIN or lock left behind');
    assert.deepEqual(await resolveTemporal(s.env), { kind: 'binary', path: target, source: 'cache' });
    // and never again: a second call finds the binary and does not run go
    await buildPinned('temporal', s.go, target, () => {}, s.env);
    assert.equal((await s.calls()).length, 1);
  });

  test('ferretdb: built from a writable copy of the module with build/version/version.txt written, every fix applied and our files added', async () => {
    const s = await sandbox();
    const target = cachedBinaryPath('ferretdb', s.env);
    await buildPinned('ferretdb', s.go, target, () => {}, s.env);
    const calls = await s.calls();
    assert.equal(calls[0], 'mod download -json github.com/FerretDB/FerretDB@v1.24.2');
    assert.match(calls[1] ?? '', /^build -o .*ferretdb\.partial-\d+ \.\/cmd\/ferretdb$/);
    assert.deepEqual(await readdir(join(target, '..')), ['ferretdb']);
    assert.match(await readFile(target, 'utf8'), /ferretdb/);
    for (const fix of ferretdbFixes) {
      const source = await readFile(join(s.built, fix.file), 'utf8');
      assert.ok(source.includes(fix.to), `${fix.file}: fix not applied`);
    }
    for (const path of Object.values(ferretdbAddedFiles)) {
      assert.match(await readFile(join(s.built, path), 'utf8'), /^package \w+$/m, `${path} not added`);
    }
  });

  test('ferretdb: a source without the expected `_id` lookup line stops the build instead of building it unfixed', async () => {
    const s = await sandbox('ok', releasedMetadataGo.replace(`"->'$._id'"`, `"->'$.id'"`));
    const target = cachedBinaryPath('ferretdb', s.env);
    await assert.rejects(buildPinned('ferretdb', s.go, target, () => {}, s.env), /FerretDB source changed/);
    assert.ok(!(await s.calls()).some((call) => call.startsWith('build')), 'go build never ran');
    assert.deepEqual(await readdir(join(target, '..')), []);
  });

  test('ferretdb: a PostgreSQL query builder other than the released one stops the build too', async () => {
    const s = await sandbox('ok', releasedMetadataGo, releasedQueryGo.replace('MarshalSingleValue', 'Marshal'));
    const target = cachedBinaryPath('ferretdb', s.env);
    await assert.rejects(buildPinned('ferretdb', s.go, target, () => {}, s.env), /FerretDB source changed: .*postgresql\/query\.go/);
    assert.ok(!(await s.calls()).some((call) => call.startsWith('build')), 'go build never ran');
  });

  test('a failed build leaves no binary (not even half of one) and says why', async () => {
    const s = await sandbox('fail');
    const target = cachedBinaryPath('temporal', s.env);
    await assert.rejects(buildPinned('temporal', s.go, target, () => {}, s.env), /404 Not Found/);
    assert.deepEqual(await readdir(join(target, '..')), []);
    assert.equal((await resolveTemporal(s.env)).kind, 'build', 'the next start tries again');
  });

  test('two builds at once: one runs go, the other waits for it and uses its binary', async () => {
    const s = await sandbox('slow');
    const target = cachedBinaryPath('ferretdb', s.env);
    const [a, b] = await Promise.all([
      buildPinned('ferretdb', s.go, target, () => {}, s.env),
      buildPinned('ferretdb', s.go, target, () => {}, s.env),
    ]);
    assert.equal(a, target);
    assert.equal(b, target);
    assert.equal((await s.calls()).filter((call) => call.startsWith('build')).length, 1);
  });
});
