import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createConfig, lintFromString, loadConfig, type Config } from '@redocly/openapi-core';
import { call } from '../support/http.js';
import { startStack, type Stack } from '../support/stack.js';

const redoclyYaml = fileURLToPath(new URL('../../redocly.yaml', import.meta.url));

describe('the OpenAPI document passes `redocly lint`', () => {
  let stack: Stack;
  let document: string;
  before(async () => {
    stack = await startStack({ inProcessWorker: false });
    document = (await call(stack, 'GET', '/openapi.json')).text;
  });
  after(() => stack?.stop());

  /** Every problem the rules find: the rule and where, and what it says. */
  async function problemsBy(config: Config) {
    const problems = await lintFromString({ source: document, absoluteRef: `${stack.deps.config.PUBLIC_BASE_URL}/openapi.json`, config });
    return problems.map((problem) => ({ place: `${problem.ruleId} at ${problem.location[0]?.pointer}`, message: problem.message }));
  }

  test("the project's redocly.yaml (the recommended rules, less three) finds no error and no warning", async () => {
    const problems = await problemsBy(await loadConfig({ configPath: redoclyYaml }));
    assert.deepEqual(problems.map(({ place, message }) => `${place}: ${message}`), []);
  });

  test('the recommended rules, all of them, find only what redocly.yaml turns off, where it says why', async () => {
    const problems = await problemsBy(await createConfig({ extends: ['recommended'] }));
    assert.deepEqual(problems.map(({ place }) => place).sort(), [
      'no-server-example.com at #/servers/0/url',
      'operation-2xx-response at #/paths/~1invitations~1{token}~1sign-in/get/responses',
      'operation-2xx-response at #/paths/~1partner-relationships~1sign-in/get/responses',
      'operation-4xx-response at #/paths/~1healthz/get/responses',
      'operation-4xx-response at #/paths/~1readyz/get/responses',
    ]);
  });
});
