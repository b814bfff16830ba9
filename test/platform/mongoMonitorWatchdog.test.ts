import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { MongoClient } from 'mongodb';
import { createLogger } from '../../platform/logger.js';
import { driverSettings } from '../../platform/mongo.js';
import { monitorsOf, watchMonitors } from '../../platform/mongoMonitorWatchdog.js';
import { startCuttableLink, throughLink } from '../support/cuttableLink.js';
import { eventually } from '../support/http.js';
import { serviceAddresses } from '../support/stack.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the database monitor's watchdog", () => {
  const mongo = new URL(serviceAddresses().mongoUri);
  let link: Awaited<ReturnType<typeof startCuttableLink>>;
  let client: MongoClient;
  const lines: string[] = [];
  const log = createLogger({
    level: 'warn',
    name: 'test',
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  before(async () => {
    link = await startCuttableLink({ host: mongo.hostname, port: Number(mongo.port) });
    client = new MongoClient(throughLink(mongo.toString(), link.port), { ...driverSettings, heartbeatFrequencyMS: 500 });
    await client.connect();
  });
  after(async () => {
    await client.close();
    await link.close();
  });

  test('finds the monitor of each server in this version of the driver', () => {
    assert.equal(monitorsOf(client)?.length, 1);
  });

  test('restarts a monitor that stopped checking while the server is Unknown, and the client sees the database again', async () => {
    const stopWatching = watchMonitors(client, { heartbeatFrequencyMS: 500, log, checkEveryMs: 100 });
    const ping = () => client.db('admin').command({ ping: 1 });
    try {
      await ping();
      // A monitor whose check never ends, as after an outage: it no longer checks or reports anything.
      for (const monitor of monitorsOf(client) ?? []) monitor.close();
      await link.cut();
      await assert.rejects(ping(), 'an operation meets the outage and marks the server Unknown');
      await link.restore();
      await sleep(500);
      await eventually(() => ping().then(() => true, () => false), 15_000, 'the database to be seen again');
      assert.ok(lines.some((line) => line.includes('restarting it')), 'the watchdog said what it did');
    } finally {
      stopWatching();
    }
  });
});
