/**
 * The fault suite's clients: requests sent as a careful user sends them, and the bookkeeping of recovery, that is,
 * when each injected fault ended and when each request that met a failure was finally answered.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** The recovery log of one scenario. Times are `Date.now()` milliseconds. */
export type RecoveryLog = {
  /** The injected fault is over: requests answered from now on count their wait from here. */
  faultEnded(): void;
  /** A request that met a failure at least once was answered with success. */
  caughtAnswered(): void;
  /** What happened from `since` on, for the log. */
  since(since: number): { faultEnds: number[]; caughtAnswers: number[] };
  recoveryMs(): number;
};

export function recoveryLog(): RecoveryLog {
  const faultEnds: number[] = [];
  const caughtAnswers: number[] = [];
  const from = (since: number) => (times: number[]) => times.filter((time) => time >= since);
  return {
    faultEnded: () => void faultEnds.push(Date.now()),
    caughtAnswered: () => void caughtAnswers.push(Date.now()),
    since: (since) => ({ faultEnds: from(since)(faultEnds), caughtAnswers: from(since)(caughtAnswers) }),
    recoveryMs: () => recoveryMs(faultEnds, caughtAnswers),
  };
}

/**
 * How long clients still waited once a fault was over: for each caught request answered after a fault ended, the
 * time from the latest such end to its answer; the longest of these, or 0. A request answered while its fault still
 * lasted waited on the fault, not on the recovery.
 */
export function recoveryMs(faultEnds: readonly number[], caughtAnswers: readonly number[]): number {
  let longest = 0;
  for (const answered of caughtAnswers) {
    const lastEnd = Math.max(...faultEnds.filter((end) => end <= answered));
    if (Number.isFinite(lastEnd)) longest = Math.max(longest, answered - lastEnd);
  }
  return longest;
}

export type SendOptions = {
  /** The statuses that answer the request (a repeat's 409, say). */
  done: (status: number) => boolean;
  deadline: number;
  recovery?: RecoveryLog;
};

/** A failure a careful client retries: the server, or the way to it, failed or asked to slow down. */
const retryable = (status: number) => status >= 500 || status === 429;
const backoffMs = (attempt: number) => Math.min(250 * 2 ** attempt, 2_000);

/**
 * A client as a careful user writes one: retries network errors, 5xx and 429 with a backoff up to 2 s, until
 * `deadline`; any other status that is not `done` is an error. A request that met a failure tells `recovery` when it
 * was answered.
 */
export async function send(url: string, init: RequestInit, { done, deadline, recovery }: SendOptions): Promise<Response> {
  let caught = false;
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(url, init).catch(() => undefined);
    if (response && done(response.status)) {
      if (caught) recovery?.caughtAnswered();
      return response;
    }
    if (response && !retryable(response.status)) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    caught = true;
    await response?.body?.cancel().catch(() => undefined);
    if (Date.now() > deadline) throw new Error(`${url}: gave up`);
    await sleep(backoffMs(attempt));
  }
}

/** Runs `task` on every item, `concurrency` at a time. */
export async function pool<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}
