import { readFileSync, renameSync, watch, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';

/** Commands a process sent to MongoDB so far, keyed `collection.command` (`-.command` for one on no collection). */
export type CommandCounts = Record<string, number>;

/** The driver's own traffic, not the work of an operation. */
const notCounted = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'saslStart', 'saslContinue']);

/** `collection.command`: a command document's first key names the command, and its value the collection. */
function commandKey(command: Record<string, unknown>): string | undefined {
  const name = Object.keys(command)[0];
  if (name === undefined || notCounted.has(name)) return undefined;
  const target = name === 'getMore' ? command.collection : command[name];
  return `${typeof target === 'string' ? target : '-'}.${name}`;
}

type ConnectionCommand = (this: unknown, ns: unknown, command: Record<string, unknown>, ...rest: unknown[]) => Promise<unknown>;
const countedBy = new WeakMap<object, CommandCounts>();

/**
 * Counts every command any MongoDB client of this process sends from now on into `counts` (the same object for every
 * call), where the driver hands a command to a connection. Not through command monitoring: a monitored client builds
 * an event for each command and decodes each reply a second time for it, about 0.13 ms of CPU a command, which would
 * charge the side with more commands for the counting itself.
 */
export function countCommands(counts: CommandCounts = {}): CommandCounts {
  const { Connection } = createRequire(import.meta.url)('mongodb/lib/cmap/connection.js') as { Connection: { prototype: { command: ConnectionCommand } } };
  const already = countedBy.get(Connection.prototype);
  if (already) return already;
  const send = Connection.prototype.command;
  Connection.prototype.command = function (ns, command, ...rest) {
    const key = commandKey(command);
    if (key !== undefined) counts[key] = (counts[key] ?? 0) + 1;
    return send.call(this, ns, command, ...rest);
  };
  countedBy.set(Connection.prototype, counts);
  return counts;
}

/*
 * How the bench asks a process started with bench/commandCounter.ts for its counts: it writes the file `request` in
 * the counts folder with a new number; each such process watches the folder and answers with `<pid>.json`, holding
 * that number and its counts. Both files are written whole and renamed into place, so neither side reads half a file.
 * (A signal would be simpler, but the Temporal SDK takes SIGUSR2 to mean shut down.)
 */
const requestName = 'request';
type Answer = { request: number; counts: CommandCounts };

function writeWhole(file: string, text: string) {
  writeFileSync(`${file}.partial`, text);
  renameSync(`${file}.partial`, file);
}

/** In the counting process: answers every request for `counts` written to `dir`. */
export function answerCountRequests(dir: string, counts: CommandCounts): { stop(): void } {
  const answer = () => {
    let text: string;
    try {
      text = readFileSync(join(dir, requestName), 'utf8');
    } catch {
      return; // no request yet, or none any more: the bench has ended and removed its folder
    }
    writeWhole(join(dir, `${process.pid}.json`), JSON.stringify({ request: Number(text), counts } satisfies Answer));
  };
  const watcher = watch(dir, (_event, name) => {
    if (name === requestName) answer();
  });
  watcher.unref(); // the process ends when its work does, watched or not
  // A process that started after the last request (the bench may find a second worker of a task queue ready through
  // the first) answers it now: it has sent nothing yet.
  answer();
  return { stop: () => watcher.close() };
}

let lastRequest = 0;

/** In the bench: the counts so far of the processes `pids`, each counting into `dir`. */
export async function readCommandCounts(dir: string, pids: readonly number[], timeoutMs = 10_000): Promise<Map<number, CommandCounts>> {
  const request = (lastRequest += 1);
  writeWhole(join(dir, requestName), String(request));
  const deadline = Date.now() + timeoutMs;
  const answers = new Map<number, CommandCounts>();
  for (const pid of pids) {
    for (;;) {
      const text = await readFile(join(dir, `${pid}.json`), 'utf8').catch(() => undefined);
      const answer = text === undefined ? undefined : (JSON.parse(text) as Answer);
      if (answer?.request === request) {
        answers.set(pid, answer.counts);
        break;
      }
      if (Date.now() > deadline) throw new Error(`process ${pid} gave no command counts within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return answers;
}

/** `after - before`, per key, leaving out keys that did not move. */
export function countsBetween(before: CommandCounts, after: CommandCounts): CommandCounts {
  const moved: CommandCounts = {};
  for (const [key, count] of Object.entries(after)) {
    const delta = count - (before[key] ?? 0);
    if (delta > 0) moved[key] = delta;
  }
  return moved;
}

export function addCounts(into: CommandCounts, more: CommandCounts): CommandCounts {
  for (const [key, count] of Object.entries(more)) into[key] = (into[key] ?? 0) + count;
  return into;
}
