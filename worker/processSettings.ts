/**
 * How a worker process is started, wherever it is started (npm script, `npm run dev`, compose, tests, bench).
 * V8 sizes its heap limit from the machine's memory (gigabytes) and, below it, collects lazily, so a busy worker's
 * resident memory grows to several times its live data. A bounded old space makes V8 collect before it grows; capping
 * glibc's malloc arenas keeps the SDK's many native threads from holding one arena each.
 * Raise the heap with WORKER_MAX_CACHED_WORKFLOWS: each cached workflow keeps its state in the workflow isolate.
 */
export const workerNodeFlags = ['--max-old-space-size=256'] as const;
export const workerEnv = { MALLOC_ARENA_MAX: '2' } as const;
