/** What an attempt answers when it saw a race it cannot settle itself and wants another look. */
export const tryAgain: unique symbol = Symbol('tryAgain');

/**
 * Runs `attempt` until it answers something other than `tryAgain`, at most `times` times: for steps that lose a race
 * to a concurrent writer (or a run that closed meanwhile) and look again, but never forever. Each attempt is told
 * whether it is the last, to answer or throw instead of asking again; if the last asks again, the answer is undefined.
 */
export async function attemptUpTo<T>(times: number, attempt: (last: boolean) => Promise<T | typeof tryAgain>): Promise<T | undefined> {
  for (let count = 1; count <= times; count += 1) {
    const answer = await attempt(count === times);
    if (answer !== tryAgain) return answer;
  }
  return undefined;
}
