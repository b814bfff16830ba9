import { addCounts, countsBetween, type CommandCounts } from './commandCounts.js';

/** Commands per operation of one phase, in all and by process, each by `collection.command`. */
export type CommandsPerOperation = { total: number; byProcess: Record<string, Record<string, number>> };

/**
 * Puts the MongoDB commands of a run's processes on the phases that caused them. `take` reads every process's counts
 * so far, by process name. Called at the start of each phase and once after the last, the ledger gives what a process
 * sent since the previous call to the latest phase of its own side (bare or product): a product worker still finishing
 * a create while the next bare round runs pays it to that create, not to the bare round.
 */
export function commandLedger<Phase extends string, Side extends string>(options: {
  take: () => Promise<Map<string, CommandCounts>>;
  sideOfPhase: (phase: Phase) => Side;
  sideOfProcess: (name: string) => Side;
}) {
  const byPhase = new Map<Phase, Map<string, CommandCounts>>();
  const latestPhase = new Map<Side, Phase>();
  let previous = new Map<string, CommandCounts>();

  return {
    /** Settles what each process sent since the last call, then opens `phase` (none after the last). */
    async mark(phase?: Phase): Promise<void> {
      const now = await options.take();
      for (const [name, counts] of now) {
        const owner = latestPhase.get(options.sideOfProcess(name));
        if (owner === undefined) continue; // start-up: indexes, the first connections
        const phaseCounts = byPhase.get(owner) ?? new Map<string, CommandCounts>();
        phaseCounts.set(name, addCounts(phaseCounts.get(name) ?? {}, countsBetween(previous.get(name) ?? {}, counts)));
        byPhase.set(owner, phaseCounts);
      }
      previous = now;
      if (phase !== undefined) latestPhase.set(options.sideOfPhase(phase), phase);
    },

    /** Per phase, each count divided by `operations`, rounded to hundredths. */
    perOperation(operations: number): Record<string, CommandsPerOperation> {
      const per = (count: number) => Math.round((count / operations) * 100) / 100;
      return Object.fromEntries(
        [...byPhase].map(([phase, processes]) => {
          let total = 0;
          const byProcess: CommandsPerOperation['byProcess'] = {};
          for (const [name, counts] of processes) {
            if (Object.keys(counts).length === 0) continue;
            const sorted = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
            byProcess[name] = Object.fromEntries(sorted.map(([key, count]) => [key, per(count)]));
            total += sorted.reduce((sum, [, count]) => sum + count, 0);
          }
          return [phase, { total: per(total), byProcess } satisfies CommandsPerOperation];
        }),
      );
    },
  };
}
