import { readFile, unlink } from 'node:fs/promises';
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

/** Where a process started with bench/commandCounter.ts writes its counts when asked. */
export const countsFile = (dir: string, pid: number) => join(dir, `${pid}.json`);

/** The signal that asks such a process for its counts. */
export const countsSignal = 'SIGUSR2';

/** Asks the process `pid` (started with bench/commandCounter.ts) for its counts so far and waits for the answer. */
export async function readCommandCounts(dir: string, pid: number, timeoutMs = 10_000): Promise<CommandCounts> {
  const file = countsFile(dir, pid);
  await unlink(file).catch(() => undefined);
  process.kill(pid, countsSignal);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) return JSON.parse(text) as CommandCounts;
    if (Date.now() > deadline) throw new Error(`process ${pid} wrote no command counts within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
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
