import { Context } from '@temporalio/activity';

/** How often a long step beats: well inside the shortest heartbeat timeout of any workflow (the SDK throttles the rest). */
const beatEveryMs = 1_000;

/**
 * Heartbeats while `work` runs, so that a worker lost in the middle is noticed within the heartbeat timeout rather
 * than at the start-to-close one. Outside an activity (a test calling the function itself) it just runs `work`.
 */
export async function whileBeating<T>(work: () => Promise<T>): Promise<T> {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return work();
  }
  context.heartbeat();
  const beat = setInterval(() => context.heartbeat(), beatEveryMs);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}
