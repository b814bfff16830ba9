import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { workerEnv, workerNodeFlags } from '../../worker/processSettings.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export type Spawned = { child: ChildProcess; output: () => string; ready: Promise<void> };

/** `npm run worker` as a real child process, so tests can SIGKILL it mid-flight. */
export const spawnWorker = (env: NodeJS.ProcessEnv): Spawned =>
  spawnEntry('worker/main.ts', { ...env, ...workerEnv }, 'worker started', workerNodeFlags);

/** `npm run api` as a real child process. */
export const spawnApi = (env: NodeJS.ProcessEnv): Spawned => spawnEntry('api/main.ts', env, 'api listening');

function spawnEntry(entry: string, env: NodeJS.ProcessEnv, readyLine: string, nodeFlags: readonly string[] = []): Spawned {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', entry], { cwd: root, env: { LOG_LEVEL: 'info', ...env } });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyLine)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before starting:\n${output}`)));
  });
  return { child, output: () => output, ready };
}

export const killed = (child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL') =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
