import { readdir, readFile } from 'node:fs/promises';

/** CPU time used so far (user + system, ms) by every live process under `rootPid`, keyed by a readable name. */
export type CpuSample = Map<string, number>;

const clockTicksPerSecond = 100; // USER_HZ: 100 on every Linux architecture Node runs on

type ProcStat = { pid: number; ppid: number; comm: string; cpuMs: number };

async function readStat(pid: number): Promise<ProcStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  // The command name is in parentheses and may itself contain spaces or parentheses.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return { pid, ppid: Number(fields[1]), comm, cpuMs: (ticks * 1000) / clockTicksPerSecond };
}

/**
 * Samples the process tree below `rootPid` (itself included). A process is named by `names` if its PID is there,
 * else by its command name, so the services show up as `temporal` and `ferretdb`.
 */
export async function sampleCpu(rootPid: number, names: ReadonlyMap<number, string>): Promise<CpuSample> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const stats = (await Promise.all(pids.map(readStat))).filter((stat): stat is ProcStat => stat !== undefined);
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const sample: CpuSample = new Map();
  const visit = (stat: ProcStat) => {
    const name = names.get(stat.pid) ?? stat.comm;
    sample.set(name, (sample.get(name) ?? 0) + stat.cpuMs);
    for (const child of children.get(stat.pid) ?? []) visit(child);
  };
  const root = stats.find((stat) => stat.pid === rootPid);
  if (root) visit(root);
  return sample;
}

/** CPU ms per operation between two samples, per process and in total. */
export function cpuPerOperation(before: CpuSample, after: CpuSample, operations: number): Record<string, number> {
  const perOperation: Record<string, number> = {};
  let total = 0;
  for (const [name, ms] of after) {
    const used = ms - (before.get(name) ?? 0);
    if (used <= 0) continue;
    perOperation[name] = Math.round((used / operations) * 100) / 100;
    total += used;
  }
  perOperation['total'] = Math.round((total / operations) * 100) / 100;
  return perOperation;
}
