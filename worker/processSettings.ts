/**
 * How a worker process is started, wherever it is started (npm script, `npm run dev`, compose, tests, bench).
 * V8 sizes its heap limit from the machine's memory (gigabytes) and, below it, collects lazily, so a busy worker's
 * resident memory grows to several times its live data. A bounded old space makes V8 collect before it grows; capping
 * glibc's malloc arenas keeps the SDK's many native threads from holding one arena each. Node 24's V8 lets each of
 * the young generation's semi-spaces grow to 64 MB (Node 20's stopped at 16 MB), which a busy worker fills: the cap
 * keeps the young generation where it was.
 * Raise the heap with WORKER_MAX_CACHED_WORKFLOWS: each cached workflow keeps its state in the workflow isolate.
 */
export const workerNodeFlags = ['--max-old-space-size=256', '--max-semi-space-size=16'] as const;
export const workerEnv = { MALLOC_ARENA_MAX: '2' } as const;
