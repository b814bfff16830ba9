import assert from 'node:assert/strict';
import { chmod, mkdir, writeFile } from 'node:fs/promises';

import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cachedBinaryPath, resolveMongo, resolveTemporal } from '../../scripts/services/binaries.js';
import { startServices } from '../../scripts/services/index.js';
import { tempDir } from '../support/tempDirs.js';

async function fakeBin(dir: string, name: string) {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, '#!/bin/sh\nexit 0\n');
  await chmod(path, 0o755);
  return path;
}

async function sandbox() {
  const root = await tempDir('services-resolution-');
  return { root, bin: join(root, 'bin'), cache: join(root, 'cache'), empty: join(root, 'empty') };
}

describe('where the Temporal server comes from (the order in the README)', () => {
  test('TEMPORAL_ADDRESS wins over everything', async () => {
    const s = await sandbox();
    await fakeBin(s.bin, 'temporal');
    const resolved = await resolveTemporal({ TEMPORAL_ADDRESS: 'temporal.example:7233', PATH: s.bin });
    assert.deepEqual(resolved, { kind: 'external', address: 'temporal.example:7233' });
  });

  test('TEMPORAL_CLI, then `temporal` on PATH, then the cache, then a Go build', async () => {
    const s = await sandbox();
    const explicit = await fakeBin(join(s.root, 'explicit'), 'temporal');
    const onPath = await fakeBin(s.bin, 'temporal');
    const go = await fakeBin(join(s.root, 'go'), 'go');
    const env = { XDG_CACHE_HOME: s.cache };

    assert.deepEqual(await resolveTemporal({ ...env, TEMPORAL_CLI: explicit, PATH: s.bin }), { kind: 'binary', path: explicit, source: 'env' });
    assert.deepEqual(await resolveTemporal({ ...env, PATH: s.bin }), { kind: 'binary', path: onPath, source: 'path' });

    const cached = cachedBinaryPath('temporal', env);
    assert.match(cached, /reseller-relationships\/temporal-v1\.5\.1\/temporal$/);
    assert.deepEqual(await resolveTemporal({ ...env, PATH: join(s.root, 'go') }), { kind: 'build', go, target: cached });
    await fakeBin(join(cached, '..'), 'temporal');
    assert.deepEqual(await resolveTemporal({ ...env, PATH: join(s.root, 'go') }), { kind: 'binary', path: cached, source: 'cache' });
  });

  test('with nothing at all, a message says what to install or set', async () => {
    const s = await sandbox();
    const resolved = await resolveTemporal({ XDG_CACHE_HOME: s.cache, PATH: s.empty });
    assert.equal(resolved.kind, 'missing');
    if (resolved.kind === 'missing') assert.match(resolved.message, /Install Go.*TEMPORAL_ADDRESS/s);
  });

  test('a TEMPORAL_CLI that is not executable is reported, not skipped', async () => {
    const s = await sandbox();
    const resolved = await resolveTemporal({ TEMPORAL_CLI: join(s.root, 'nope'), PATH: s.empty });
    assert.equal(resolved.kind, 'missing');
  });
});

describe('where the MongoDB-wire server comes from', () => {
  test('MONGODB_URI, then mongod, then ferretdb on PATH, then cached FerretDB, then a Go build', async () => {
    const s = await sandbox();
    const env = { XDG_CACHE_HOME: s.cache };
    assert.deepEqual(await resolveMongo({ ...env, MONGODB_URI: 'mongodb://db.example/', PATH: s.bin }), {
      kind: 'external',
      address: 'mongodb://db.example/',
    });

    const both = join(s.root, 'both');
    const mongod = await fakeBin(both, 'mongod');
    await fakeBin(both, 'ferretdb');
    assert.deepEqual(await resolveMongo({ ...env, PATH: both }), { kind: 'binary', path: mongod, source: 'path', server: 'mongod' });

    const ferretOnly = await fakeBin(s.bin, 'ferretdb');
    assert.deepEqual(await resolveMongo({ ...env, PATH: s.bin }), { kind: 'binary', path: ferretOnly, source: 'path', server: 'ferretdb' });

    const go = await fakeBin(join(s.root, 'go'), 'go');
    const cached = cachedBinaryPath('ferretdb', env);
    assert.match(cached, /ferretdb-v1\.24\.2-pushdown-3\/ferretdb$/);
    assert.deepEqual(await resolveMongo({ ...env, PATH: join(s.root, 'go') }), { kind: 'build', go, target: cached, server: 'ferretdb' });
    await fakeBin(join(cached, '..'), 'ferretdb');
    assert.deepEqual(await resolveMongo({ ...env, PATH: join(s.root, 'go') }), { kind: 'binary', path: cached, source: 'cache', server: 'ferretdb' });
  });
});

describe('startServices', () => {
  test('with TEMPORAL_ADDRESS and MONGODB_URI set it starts nothing and hands them back', async () => {
    const s = await sandbox();
    const services = await startServices({
      stateDir: join(s.root, 'state'),
      env: { TEMPORAL_ADDRESS: 'temporal.example:7233', MONGODB_URI: 'mongodb://db.example/', PATH: s.empty },
    });
    assert.equal(services.temporalAddress, 'temporal.example:7233');
    assert.equal(services.mongoUri, 'mongodb://db.example/');
    assert.equal(services.temporalUiUrl, undefined);
    await services.stop();
  });

  test('with no server, no cache and no Go, it fails saying what to do', async () => {
    const s = await sandbox();
    await assert.rejects(
      startServices({ stateDir: join(s.root, 'state'), env: { XDG_CACHE_HOME: s.cache, PATH: s.empty, MONGODB_URI: 'mongodb://db.example/' } }),
      /No temporal found and no Go toolchain[\s\S]*Install Go[\s\S]*`temporal` CLI on PATH[\s\S]*TEMPORAL_ADDRESS/,
    );
    await assert.rejects(
      startServices({ stateDir: join(s.root, 'state'), env: { XDG_CACHE_HOME: s.cache, PATH: s.empty, TEMPORAL_ADDRESS: 'x:1' } }),
      /No ferretdb found[\s\S]*Install Go[\s\S]*mongod[\s\S]*MONGODB_URI/,
    );
  });
});
