import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

export type ManagedProcess = { name: string; child: ChildProcess; logFile: string; stop(): Promise<void> };

const running = new Set<ChildProcess>();
// Whatever happens to this process, its servers go with it (SIGTERM lets them close their files cleanly).
process.once('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

/**
 * A parent killed with SIGKILL (or by a signal it does not handle) runs no 'exit' handler, so each server
 * gets a tiny watchdog of its own, outside our process group: when this process is gone, it sends the server
 * SIGTERM, then SIGKILL. It is stopped as soon as the server exits, so it never signals a reused pid.
 */
const watchdogScript = [
  'while kill -0 "$1" 2>/dev/null; do sleep 1; done',
  'kill -TERM "$2" 2>/dev/null || exit 0',
  'i=0; while kill -0 "$2" 2>/dev/null && [ $i -lt 10 ]; do sleep 1; i=$((i+1)); done',
  'kill -KILL "$2" 2>/dev/null',
].join('; ');

function watchdog(childPid: number): ChildProcess | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    const dog = spawn('/bin/sh', ['-c', watchdogScript, 'server-watchdog', String(process.pid), String(childPid)], {
      stdio: 'ignore',
      detached: true,
    });
    dog.on('error', () => {});
    dog.unref();
    return dog;
  } catch {
    return undefined;
  }
}

export type ProcessOptions = {
  /** Run as this user and group (PostgreSQL refuses to run as root). */
  uid?: number;
  gid?: number;
  /** How `stop()` asks: SIGTERM unless the server means something else by it (PostgreSQL's fast shutdown is SIGINT). */
  stopSignal?: NodeJS.Signals;
};

/** Starts a server with its output in a log file; `stop()` asks politely, then insists. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  logFile: string,
  env?: NodeJS.ProcessEnv,
  options: ProcessOptions = {},
): ManagedProcess {
  // The server writes straight into its log file: no pipe through this process, so nothing breaks if we go first.
  appendFileSync(logFile, `\n--- ${new Date().toISOString()} ${command} ${args.join(' ')}\n`);
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      stdio: ['ignore', fd, fd],
      ...(env && { env }),
      ...(options.uid !== undefined && { uid: options.uid }),
      ...(options.gid !== undefined && { gid: options.gid }),
    });
  } finally {
    closeSync(fd);
  }
  running.add(child);
  const dog = child.pid === undefined ? undefined : watchdog(child.pid);
  child.once('error', (error) => appendFileSync(logFile, `failed to start ${command}: ${error.message}\n`));
  child.once('exit', () => {
    running.delete(child);
    dog?.kill('SIGKILL');
  });
  return {
    name,
    child,
    logFile,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill(options.stopSignal ?? 'SIGTERM');
      }),
  };
}

export async function lastLines(file: string, count = 20): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** Retries `probe` until it resolves, the process dies, or time runs out; failures name the log to read. */
export async function waitUntilReady(process: ManagedProcess, probe: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  if (process.child.pid === undefined) {
    await new Promise((resolve) => setImmediate(resolve)); // let the spawn error reach the log
    throw new Error(`${process.name} could not be started:\n${await lastLines(process.logFile)}`);
  }
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null || process.child.signalCode !== null) {
      throw new Error(`${process.name} exited (${process.child.exitCode ?? process.child.signalCode}) while starting:\n${await lastLines(process.logFile)}`);
    }
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await process.stop();
  throw new Error(
    `${process.name} did not become ready in ${timeoutMs / 1000} s (${(lastError as Error)?.message ?? 'no answer'}):\n${await lastLines(process.logFile)}`,
  );
}

const portsHandedOut = new Set<number>();

/**
 * A TCP port that was free a moment ago, for servers in tests; never the same one twice in a process, since a server
 * started on an earlier one may not be listening yet when the next is asked for.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await portFreeNow();
    if (portsHandedOut.has(port)) continue;
    portsHandedOut.add(port);
    return port;
  }
}

function portFreeNow(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
