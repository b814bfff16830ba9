import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Logger } from './logger.js';

/**
 * Logs a warning for each 10-second window in which the event loop stalled for longer than `stallMs`: a stalled loop
 * delays every timer, socket and workflow task in the process, and is the first thing to rule out after an outage.
 * The heap in use is logged with it: a process near its heap limit stalls in garbage collection.
 */
export function watchEventLoop(log: Logger, { stallMs = 1_000, windowMs = 10_000 } = {}): () => void {
  const histogram = monitorEventLoopDelay({ resolution: 50 });
  histogram.enable();
  const timer = setInterval(() => {
    const maxMs = histogram.max / 1e6;
    if (maxMs > stallMs) {
      const heapMb = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
      log.warn({ maxMs: Math.round(maxMs), p99Ms: Math.round(histogram.percentile(99) / 1e6), windowMs, heapMb }, 'event loop stalled');
    }
    histogram.reset();
  }, windowMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    histogram.disable();
  };
}
