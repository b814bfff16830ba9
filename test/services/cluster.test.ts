import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freeClusterPorts, temporalPortOffsets } from '../../scripts/cluster/index.js';
import { schemaSteps, temporalDatabases } from '../../scripts/cluster/temporalServer.js';

const postgres = { host: '127.0.0.1', port: 5433, user: 'temporal' };
const command = (args: string[]) => args.slice(args.indexOf('--db') + 2).join(' ');
const database = (args: string[]) => args[args.indexOf('--db') + 1];

describe('the cluster', () => {
  test('a new PostgreSQL gets each database created, versioned and brought to the schema, in that order', () => {
    const steps = schemaSteps(postgres, true);
    assert.deepEqual(
      steps.map((args) => `${database(args)}: ${command(args)}`),
      temporalDatabases.flatMap(({ database: name, schema }) => [
        `${name}: create-database`,
        `${name}: setup-schema -v 0.0`,
        `${name}: update-schema --schema-name ${schema}`,
      ]),
    );
    for (const args of steps) assert.deepEqual(args.slice(0, 8), ['--plugin', 'postgres12', '--ep', '127.0.0.1', '--port', '5433', '--user', 'temporal']);
  });

  test('an existing one is only brought to the schema, which changes nothing when it is current', () => {
    assert.deepEqual(schemaSteps(postgres, false).map(command), temporalDatabases.map(({ schema }) => `update-schema --schema-name ${schema}`));
  });

  test('free ports: every port the Temporal server takes fits its membership table (a smallint) and none repeats', async () => {
    for (let round = 0; round < 5; round += 1) {
      const ports = await freeClusterPorts();
      const temporal = temporalPortOffsets.map((offset) => ports.temporal + offset);
      for (const port of temporal) assert.ok(port > 1024 && port < 32768, `${port}`);
      const all = [ports.proxy, ...ports.apis, ...temporal, ports.ui, ports.postgres, ports.ferretdb];
      assert.equal(new Set(all).size, all.length);
    }
  });
});
