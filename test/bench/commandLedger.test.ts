import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandCounts } from '../../bench/commandCounts.js';
import { commandLedger } from '../../bench/commandLedger.js';

type Phase = 'bareCreate' | 'productCreate';

/** A ledger over processes whose cumulative counts the test sets before each mark. */
function ledgerOver(counts: Map<string, CommandCounts>) {
  return commandLedger<Phase, 'bare' | 'product'>({
    take: async () => new Map([...counts].map(([name, each]) => [name, { ...each }])),
    sideOfPhase: (phase) => (phase.startsWith('bare') ? 'bare' : 'product'),
    sideOfProcess: (name) => (name === 'bare-worker' ? 'bare' : 'product'),
  });
}

test('commands before the first phase count for none, and each phase gets what its side sent', async () => {
  const counts = new Map<string, CommandCounts>([
    ['bare-worker', { 'bare.update': 0 }],
    ['worker', { 'relationshipRequests.createIndexes': 3 }],
  ]);
  const ledger = ledgerOver(counts);
  await ledger.mark('bareCreate');
  counts.set('bare-worker', { 'bare.update': 10 });
  await ledger.mark('productCreate');
  counts.set('worker', { 'relationshipRequests.createIndexes': 3, 'relationshipRequests.update': 20, 'outbox.insert': 10 });
  counts.set('api', { 'partnerUsers.find': 10 });
  await ledger.mark();

  assert.deepEqual(ledger.perOperation(10), {
    bareCreate: { total: 1, byProcess: { 'bare-worker': { 'bare.update': 1 } } },
    productCreate: { total: 4, byProcess: { worker: { 'outbox.insert': 1, 'relationshipRequests.update': 2 }, api: { 'partnerUsers.find': 1 } } },
  });
});

test("a process still busy with its side's phase while the other side runs pays it to its own phase", async () => {
  const counts = new Map<string, CommandCounts>([
    ['bare-worker', {}],
    ['worker', {}],
  ]);
  const ledger = ledgerOver(counts);
  await ledger.mark('productCreate');
  counts.set('worker', { 'relationshipRequests.update': 8 });
  await ledger.mark('bareCreate');
  // The product worker finishes its last creates while the bare round runs.
  counts.set('worker', { 'relationshipRequests.update': 10 });
  counts.set('bare-worker', { 'bare.update': 10 });
  await ledger.mark();

  const perOperation = ledger.perOperation(10);
  assert.equal(perOperation.productCreate?.total, 1);
  assert.deepEqual(perOperation.bareCreate?.byProcess, { 'bare-worker': { 'bare.update': 1 } });
});
