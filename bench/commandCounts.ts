import { readFileSync, renameSync, watch, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandStartedEvent, MongoClient } from 'mongodb';

/** Commands a process sent to MongoDB so far, keyed `collection.command` (`-.command` for one on no collection). */
export type CommandCounts = Record<string, number>;

/** The driver's own traffic, not the work of an operation. */
const notCounted = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'saslStart', 'saslContinue']);

function commandKey(event: CommandStartedEvent): string {
  const target: unknown = event.commandName === 'getMore' ? event.command.collection : event.command[event.commandName];
  return `${typeof target === 'string' ? target : '-'}.${event.commandName}`;
}

/**
 * Counts every command `client` sends from now on, through the driver's command monitoring. Monitoring is read when
 * the client connects, so call this before `connect()`.
 */
export function countCommands(client: MongoClient, counts: CommandCounts = {}): CommandCounts {
  client.options.monitorCommands = true;
  client.on('commandStarted', (event) => {
    if (notCounted.has(event.commandName)) return;
    const key = commandKey(event);
    counts[key] = (counts[key] ?? 0) + 1;
  });
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
