import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ferretdbEnv, mongoArgs, temporalArgs } from '../../scripts/services/index.js';
import { freePort, startProcess, waitUntilReady } from '../../scripts/services/processes.js';
import { tempDir } from '../support/tempDirs.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const until = async (check: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return check();
};

describe('server processes', () => {
  test('output goes to the log file, and stop() ends the server', async () => {
    const dir = await tempDir('services-proc-');
    const logFile = join(dir, 'server.log');
    const server = startProcess('server', '/bin/sh', ['-c', 'echo hello from the server; exec sleep 600'], logFile);
    await waitUntilReady(server, async () => {
      if (!(await readFile(logFile, 'utf8')).includes('hello from the server')) throw new Error('not yet');
    }, 5_000);
    await server.stop();
    assert.equal(server.child.signalCode, 'SIGTERM');
  });

  test('a server that dies while starting is reported with the last lines of its log', async () => {
    const dir = await tempDir('services-proc-');
    const server = startProcess('broken', '/bin/sh', ['-c', 'echo "bind: address already in use" >&2; exit 1'], join(dir, 'broken.log'));
    await assert.rejects(
      waitUntilReady(server, () => Promise.reject(new Error('no answer')), 5_000),
      /broken exited \(1\) while starting:[\s\S]*address already in use/,
    );
  });

  test('a missing binary is reported at once', async () => {
    const dir = await tempDir('services-proc-');
    const server = startProcess('ghost', join(dir, 'no-such-binary'), [], join(dir, 'ghost.log'));
    await assert.rejects(waitUntilReady(server, () => Promise.resolve(), 5_000), /ghost could not be started[\s\S]*ENOENT/);
  });

  test('when the parent is killed with SIGKILL, its servers do not outlive it', async () => {
    const processes = fileURLToPath(new URL('../../scripts/services/processes.ts', import.meta.url));
    const dir = await tempDir('services-proc-');
    const script = `
      import { startProcess } from ${JSON.stringify(processes)};
      const server = startProcess('sleeper', '/bin/sleep', ['600'], ${JSON.stringify(join(dir, 'sleeper.log'))});
      console.log(server.child.pid);
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve, reject) => {
      parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      parent.once('exit', () => reject(new Error('parent exited early')));
    });
    assert.ok(alive(pid));
    parent.kill('SIGKILL');
    assert.ok(await until(() => !alive(pid), 5_000), `server ${pid} outlived its killed parent`);
  });

  test('freePort gives distinct usable ports', async () => {
    const [a, b] = await Promise.all([freePort(), freePort()]);
    assert.ok(a > 0 && b > 0);
  });
});

describe('server command lines', () => {
  test('temporal dev server: loopback, search attributes, UI or headless, persistent or in memory', () => {
    const persistent = temporalArgs({ port: 7233, uiPort: 8233, dbFile: '/state/temporal.sqlite' });
    assert.deepEqual(persistent, [
      'server', 'start-dev', '--ip', '127.0.0.1', '--port', '7233', '--namespace', 'default', '--log-level', 'warn',
      '--search-attribute', 'PartnerTenantId=Keyword', '--search-attribute', 'CustomerTenantId=Keyword',
      '--search-attribute', 'RequestStatus=Keyword', '--search-attribute', 'Cloud=Keyword',
      '--ui-port', '8233', '--db-filename', '/state/temporal.sqlite',
    ]);
    const ephemeral = temporalArgs({ port: 4000 });
    assert.ok(ephemeral.includes('--headless'));
    assert.ok(!ephemeral.includes('--db-filename') && !ephemeral.includes('--ui-port'));
  });

  test('ferretdb: SQLite in the state folder, loopback, no telemetry, no debug listener', () => {
    assert.deepEqual(mongoArgs('ferretdb', 27017, '/state/ferretdb'), [
      '--handler=sqlite', '--sqlite-url=file:/state/ferretdb/', '--listen-addr=127.0.0.1:27017', '--state-dir=/state/ferretdb',
      '--telemetry=disable', '--debug-addr=-', '--log-level=warn',
    ]);
    assert.deepEqual(mongoArgs('mongod', 27018, '/state/mongod'), ['--dbpath', '/state/mongod', '--bind_ip', '127.0.0.1', '--port', '27018', '--quiet']);
  });

  test('ferretdb: its Go runtime collects garbage less often, unless the environment says otherwise', () => {
    assert.deepEqual(ferretdbEnv({ PATH: '/bin' }), { PATH: '/bin', GOGC: '400' });
    assert.equal(ferretdbEnv({ PATH: '/bin', GOGC: '100' }).GOGC, '100');
  });
});
