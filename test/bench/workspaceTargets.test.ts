import assert from 'node:assert/strict';
import { test } from 'node:test';
import { workspaceTargets, workspaceVerdictOn } from '../../bench/workspaceTargets.js';

test('the workspace targets are those of the requirement: p95 under 150 ms a page, a page\'s script under 20 KB', () => {
  assert.deepEqual(workspaceTargets, { pageP95MsBelow: 150, scriptKbBelow: 20 });
});

test('the workspace verdict holds every page to both targets, strictly below each', () => {
  const verdict = workspaceVerdictOn({
    customers: { p95: 149.9, scriptBytes: 20 * 1024 - 1 },
    requests: { p95: 150, scriptBytes: 0 },
    request: { p95: 12, scriptBytes: 20 * 1024 },
  });
  assert.deepEqual(verdict, {
    pageP95: false,
    scriptSize: false,
    pages: {
      customers: { p95: true, script: true },
      requests: { p95: false, script: true },
      request: { p95: true, script: false },
    },
  });
  assert.deepEqual(workspaceVerdictOn({ customers: { p95: 40, scriptBytes: 1700 } }), {
    pageP95: true,
    scriptSize: true,
    pages: { customers: { p95: true, script: true } },
  });
});

test('no page measured is no verdict met', () => {
  assert.deepEqual(workspaceVerdictOn({}), { pageP95: false, scriptSize: false, pages: {} });
});
