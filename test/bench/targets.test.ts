import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownCpuPerOperation, verdictOn } from '../../bench/targets.js';

const cpu = {
  bareCreate: { bench: 2, temporal: 20, ferretdb: 1, 'bare-worker': 11, worker: 0.5, api: 0.1 },
  productCreate: { bench: 2, temporal: 17, ferretdb: 6, worker: 14, api: 5, 'bare-worker': 0.5 },
  bareAccept: { temporal: 18, ferretdb: 2, 'bare-worker': 10 },
  productAccept: { temporal: 13, ferretdb: 2, worker: 12, api: 3 },
};

test("each side's own CPU leaves out Temporal, the load and the other side's idle processes", () => {
  assert.deepEqual(ownCpuPerOperation(cpu), {
    create: { product: 25, bare: 12, ratio: 2.08 },
    accept: { product: 17, bare: 12, ratio: 1.42 },
  });
});

test('the verdict names each target and holds it to its figure', () => {
  const measured = {
    createThroughputRatio: 0.9,
    acceptThroughputRatio: 0.89,
    ownCpu: ownCpuPerOperation(cpu),
    workerPeakRssMb: 399,
    createP50ByPending: [
      { pending: 100, p50: 400 },
      { pending: 5000, p50: 501 },
    ],
  };
  assert.deepEqual(verdictOn(measured), {
    createThroughputRatio: true,
    acceptThroughputRatio: false,
    ownCpuPerCreate: false,
    ownCpuPerAccept: true,
    workerRss: true,
    createP50Flat: false,
  });
  assert.equal(verdictOn({ ...measured, createP50ByPending: [{ pending: 100, p50: 400 }, { pending: 5000, p50: 500 }] }).createP50Flat, true);
});
