import type { MongoClient } from 'mongodb';
import type { Logger } from './logger.js';

/** How often a database still out of reach is logged again, with the monitor's latest heartbeat. */
const stillAwayEveryMs = 10_000;

/**
 * Logs when the driver loses the database, while it stays away (with its heartbeats: a monitor that stopped checking
 * would show none), and when it sees it again, with how long it was away. This is the evidence an outage leaves.
 */
export function logTopologyChanges(client: MongoClient, log: Logger): void {
  let lostAt: number | undefined;
  let lastReport = 0;
  let heartbeatsFailed = 0;
  client.on('serverDescriptionChanged', ({ address, previousDescription, newDescription }) => {
    const wasKnown = previousDescription.type !== 'Unknown';
    const isKnown = newDescription.type !== 'Unknown';
    if (wasKnown && !isKnown) {
      lostAt = lastReport = Date.now();
      heartbeatsFailed = 0;
      log.warn({ address, error: newDescription.error?.message }, 'database out of reach');
    } else if (!wasKnown && isKnown && lostAt !== undefined) {
      log.warn({ address, awayMs: Date.now() - lostAt, heartbeatsFailed }, 'database back');
      lostAt = undefined;
    }
  });
  client.on('serverHeartbeatFailed', ({ connectionId, failure }) => {
    if (lostAt === undefined) return;
    heartbeatsFailed += 1;
    if (Date.now() - lastReport < stillAwayEveryMs) return;
    lastReport = Date.now();
    log.warn({ address: connectionId, awayMs: Date.now() - lostAt, heartbeatsFailed, error: failure.message }, 'database still out of reach');
  });
}
