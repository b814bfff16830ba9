/**
 * The benchmark's targets and its verdict on them, apart from the run so that they can be tested. A side's own CPU is
 * what it runs itself: for the product its workers, its APIs and its database server (FerretDB); for the bare
 * workflow its worker and FerretDB. Temporal's own CPU, PostgreSQL's on the cluster (shared by Temporal and FerretDB),
 * the proxy's and the load generator's are not part of either.
 */
export const targets = {
  throughputRatioAtLeast: 0.9,
  ownCpuRatioAtMost: 1.5,
  workerRssMbBelow: 400,
  /** Create p50 with the most pending requests, over the p50 with 100 pending: flat within a quarter. */
  createP50GrowthAtMost: 1.25,
};

type CpuByProcess = Record<string, number>;
type Phases = { bareCreate?: CpuByProcess; productCreate?: CpuByProcess; bareAccept?: CpuByProcess; productAccept?: CpuByProcess };

const ownProcesses = { product: ['worker', 'api', 'ferretdb'], bare: ['bare-worker', 'ferretdb'] } as const;
const round = (value: number) => Math.round(value * 100) / 100;

export function ownCpuMs(perOperation: CpuByProcess | undefined, side: 'bare' | 'product'): number {
  return round(ownProcesses[side].reduce((sum, name) => sum + (perOperation?.[name] ?? 0), 0));
}

/** Per operation, each side's own CPU and the product's over the bare workflow's. */
export function ownCpuPerOperation(cpu: Phases) {
  const of = (product: CpuByProcess | undefined, bare: CpuByProcess | undefined) => {
    const mine = ownCpuMs(product, 'product');
    const theirs = ownCpuMs(bare, 'bare');
    return { product: mine, bare: theirs, ratio: theirs > 0 ? round(mine / theirs) : Number.POSITIVE_INFINITY };
  };
  return { create: of(cpu.productCreate, cpu.bareCreate), accept: of(cpu.productAccept, cpu.bareAccept) };
}

export type Measured = {
  createThroughputRatio: number;
  acceptThroughputRatio: number;
  ownCpu: ReturnType<typeof ownCpuPerOperation>;
  workerPeakRssMb: number;
  createP50ByPending: { pending: number; p50: number }[];
};

export function verdictOn(measured: Measured) {
  const byPending = measured.createP50ByPending;
  const first = byPending[0]?.p50 ?? 0;
  const last = byPending.at(-1)?.p50 ?? 0;
  return {
    createThroughputRatio: measured.createThroughputRatio >= targets.throughputRatioAtLeast,
    acceptThroughputRatio: measured.acceptThroughputRatio >= targets.throughputRatioAtLeast,
    ownCpuPerCreate: measured.ownCpu.create.ratio <= targets.ownCpuRatioAtMost,
    ownCpuPerAccept: measured.ownCpu.accept.ratio <= targets.ownCpuRatioAtMost,
    workerRss: measured.workerPeakRssMb < targets.workerRssMbBelow,
    createP50Flat: first > 0 && last <= first * targets.createP50GrowthAtMost,
  };
}
