import type { MongoClient } from 'mongodb';
import type { Logger } from './logger.js';

/**
 * The driver's monitor of a server, as far as the watchdog needs it. `Monitor.close()` stops its timer, cancels a
 * check in flight and drops its connection; `connect()` starts it again with an immediate check. Neither is public API,
 * so they are looked up at run time and checked before use (`monitorsOf`).
 */
type Monitor = { close(): void; connect(): void };

const isMonitor = (value: unknown): value is Monitor =>
  typeof value === 'object' && value !== null && typeof Reflect.get(value, 'close') === 'function' && typeof Reflect.get(value, 'connect') === 'function';

/** The monitors of the client's servers, or undefined when the driver's shape is not the one this was written for. */
export function monitorsOf(client: MongoClient): Monitor[] | undefined {
  const topology: unknown = Reflect.get(client, 'topology');
  const state: unknown = typeof topology === 'object' && topology !== null ? Reflect.get(topology, 's') : undefined;
  const servers: unknown = typeof state === 'object' && state !== null ? Reflect.get(state, 'servers') : undefined;
  if (!(servers instanceof Map)) return undefined;
  const monitors = [...servers.values()].map((server: unknown) => (typeof server === 'object' && server !== null ? Reflect.get(server, 'monitor') : undefined));
  return monitors.every(isMonitor) ? monitors : undefined;
}

export type MonitorWatchdogOptions = { heartbeatFrequencyMS: number; log: Logger; checkEveryMs?: number };

/**
 * Restarts the driver's server monitors when a server is `Unknown` and its monitor has gone quiet: no heartbeat started,
 * failed or succeeded for three heartbeat periods. On a server without `topologyVersion` (FerretDB), the driver's
 * `Monitor.reset()` does nothing, so a network error on an operation never cancels the monitor's check in flight as the
 * SDAM specification asks; a check that then never ends keeps the server `Unknown` for as long as the process lives,
 * while the database is back (docs/faults.md, "A database outage during the accepts").
 */
export function watchMonitors(client: MongoClient, { heartbeatFrequencyMS, log, checkEveryMs = 1_000 }: MonitorWatchdogOptions): () => void {
  const quietLimitMs = 3 * heartbeatFrequencyMS;
  let lastHeartbeat = Date.now();
  let unknownSince: number | undefined;
  let restarts = 0;
  const heard = () => {
    lastHeartbeat = Date.now();
  };
  client.on('serverHeartbeatStarted', heard);
  client.on('serverHeartbeatFailed', heard);
  client.on('serverHeartbeatSucceeded', heard);
  client.on('serverDescriptionChanged', ({ newDescription }) => {
    if (newDescription.type === 'Unknown') unknownSince ??= Date.now();
    else unknownSince = undefined;
  });
  const timer = setInterval(() => {
    if (unknownSince === undefined) return;
    const quietMs = Date.now() - Math.max(lastHeartbeat, unknownSince);
    if (quietMs < quietLimitMs) return;
    const monitors = monitorsOf(client);
    if (!monitors) {
      log.error({ quietMs }, 'database monitor quiet and cannot be restarted: the MongoDB driver is not the version this was written for');
      lastHeartbeat = Date.now();
      return;
    }
    restarts += 1;
    log.warn({ quietMs, unknownForMs: Date.now() - unknownSince, restarts }, 'database monitor quiet while the database is out of reach: restarting it');
    lastHeartbeat = Date.now();
    for (const monitor of monitors) {
      monitor.close();
      monitor.connect();
    }
  }, checkEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}
