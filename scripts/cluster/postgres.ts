/**
 * The cluster's PostgreSQL: the distribution's server (found on PATH or in Debian's versioned folder, installed with
 * apt-get when missing and root), a private data folder, loopback only. PostgreSQL refuses to run as root, so as root
 * it runs as the `postgres` user the package creates.
 */
import { execFile as execFileCallback } from 'node:child_process';
import { access, chmod, chown, mkdir, readdir, realpath, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { aptInstall } from '../installChromium.js';
import { findOnPath, isExecutable } from '../services/binaries.js';
import { startProcess, waitUntilReady, type ManagedProcess } from '../services/processes.js';

const execFile = promisify(execFileCallback);

export type PostgresServer = {
  port: number;
  user: string;
  process(): ManagedProcess;
  /** Fast shutdown (clients disconnected, no recovery needed), `downtimeMs` of nothing, then the same server again. */
  restart(downtimeMs: number): Promise<void>;
  stop(): Promise<void>;
};

const binaries = ['postgres', 'initdb', 'pg_isready'] as const;

/** The folder holding PostgreSQL's server binaries, newest Debian version first; undefined when there is none. */
export async function findPostgresBin(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  // `postgres` on PATH is often a link into the versioned folder that holds the rest.
  const onPath = await findOnPath('postgres', env);
  const candidates = onPath ? [dirname(await realpath(onPath))] : [];
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  candidates.push(...versions.sort((a, b) => Number(b) - Number(a)).map((version) => `/usr/lib/postgresql/${version}/bin`));
  for (const bin of candidates) {
    if ((await Promise.all(binaries.map((name) => isExecutable(join(bin, name))))).every(Boolean)) return bin;
  }
  return undefined;
}

export async function requirePostgresBin(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<string> {
  const found = await findPostgresBin(env);
  if (found) return found;
  const installed = await aptInstall(['postgresql'], { env, isRoot: process.getuid?.() === 0, log });
  const bin = await findPostgresBin(env);
  if (bin) return bin;
  throw new Error(
    `PostgreSQL's server is needed for the cluster and none was found (${installed.ok ? 'installed, yet not found' : installed.failure}). ` +
      'Install it (Debian: apt-get install postgresql) or put the `postgres` of a PostgreSQL install (beside its initdb and pg_isready) on PATH.',
  );
}

async function idsOf(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([execFile('id', ['-u', user]), execFile('id', ['-g', user])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Starts PostgreSQL on 127.0.0.1:`port` with its data in `dataDir`. Without `setUpMarker` (written by the caller once
 * its databases and schemas are set up), the folder is made anew, so a setup cut short is never half reused;
 * `fresh` then says so.
 */
export async function startPostgres(options: {
  bin: string;
  dataDir: string;
  logFile: string;
  port: number;
  user: string;
  setUpMarker: string;
  log: (line: string) => void;
}): Promise<{ server: PostgresServer; fresh: boolean }> {
  const { bin, dataDir, port, user } = options;
  const owner = process.getuid?.() === 0 ? await idsOf('postgres') : undefined;
  const fresh = !(await access(options.setUpMarker).then(() => true, () => false));
  // The server's own user must reach its folder (a temporary folder is private to its creator).
  if (owner) await chmod(dirname(dataDir), 0o755);
  if (fresh) {
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (owner) await chown(dataDir, owner.uid, owner.gid);
    options.log(`initdb ${dataDir}`);
    await execFile(join(bin, 'initdb'), ['-D', dataDir, '-U', user, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], {
      ...(owner && { uid: owner.uid, gid: owner.gid }),
      env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' },
    });
  }
  const args = [
    '-D', dataDir,
    '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    // Temporal (persistence and visibility pools), two FerretDB instances and the operator's psql.
    '-c', 'max_connections=300',
  ];
  const launch = async () => {
    const child = startProcess('postgresql', join(bin, 'postgres'), args, options.logFile, { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' }, {
      ...owner,
      stopSignal: 'SIGINT',
    });
    await waitUntilReady(child, () => execFile(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-q']), 60_000);
    return child;
  };
  let current = await launch();
  const server: PostgresServer = {
    port,
    user,
    process: () => current,
    restart: async (downtimeMs) => {
      await current.stop();
      await new Promise((resolve) => setTimeout(resolve, downtimeMs));
      current = await launch();
    },
    stop: () => current.stop(),
  };
  return { server, fresh };
}
