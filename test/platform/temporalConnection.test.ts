import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import { requireServices } from '../../scripts/services/fromEnv.js';
import { connectClient } from '../../client/index.js';
import { connectWorker } from '../../platform/temporal.js';
import { tempDir } from '../support/tempDirs.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const apiKey = 'tmprl-api-key-that-must-never-show';

/** Runs an entry point until it exits; its exit code and everything it printed. */
function run(entry: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: root, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('connecting to Temporal through a profile of the standard config file', () => {
  let configFile: string;
  let home: string;

  before(async () => {
    const dir = await tempDir('temporal-connection-');
    home = join(dir, 'home');
    configFile = join(dir, 'temporal.toml');
    await writeFile(
      configFile,
      [
        '[profile.default]',
        'address = "127.0.0.1:1"',
        '',
        '[profile.suite]',
        `address = "${requireServices().temporalAddress}"`,
        'namespace = "default"',
      ].join('\n'),
    );
  });

  // No TEMPORAL_ADDRESS here: the address comes from the profile alone.
  const profileEnv = () => ({ HOME: home, TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'suite' });

  test("the API's client reaches the server and its namespace", async () => {
    const client = await connectClient(profileEnv(), { dataConverter: {} });
    try {
      assert.equal(client.options.namespace, 'default');
      const { namespaceInfo } = await client.workflowService.describeNamespace({ namespace: client.options.namespace });
      assert.equal(namespaceInfo?.name, 'default');
    } finally {
      await client.connection.close();
    }
  });

  test("the worker's native connection reaches the server, with the namespace to poll in", async () => {
    const { connection, namespace } = await connectWorker(profileEnv());
    try {
      assert.equal(namespace, 'default');
      const { namespaceInfo } = await connection.workflowService.describeNamespace({ namespace });
      assert.equal(namespaceInfo?.name, 'default');
    } finally {
      await connection.close();
    }
  });

  test('a bad setting stops the API and the worker at start: exit code 78, one line naming it, no secret', async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      INVITATION_SECRET: 'a'.repeat(40),
      TEMPORAL_CONFIG_FILE: configFile,
      TEMPORAL_PROFILE: 'production',
      TEMPORAL_API_KEY: apiKey,
      CUSTOMER_SIGN_IN: 'off',
    };
    for (const entry of ['api/main.ts', 'worker/main.ts']) {
      const { code, output } = await run(entry, env);
      assert.equal(code, 78, `${entry}: ${output}`);
      assert.deepEqual(output.trim().split('\n'), ['Invalid configuration:', `  - TEMPORAL_PROFILE: no profile "production" in ${configFile}`]);
      assert.equal(output.includes(apiKey), false);
    }
  });
});
