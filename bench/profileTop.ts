/**
 * The top frames of V8 CPU profiles (`--cpu-prof`), by self time: per function, and per place the code comes from (a
 * package under node_modules, a folder of this project, or Node's own). `npm run bench:profile -- <dir>` prints them
 * for every process folder the benchmark wrote with BENCH_CPU_PROFILE_DIR.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; hitCount?: number };
export type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] };

export type Frame = { name: string; ms: number; share: number };
export type ProfileTop = { totalMs: number; idleMs: number; byFunction: Frame[]; byOrigin: Frame[] };

/** Where a frame's code comes from: `node_modules/<package>`, a top-level folder of the project, or `node:`. */
export function originOf(url: string): string {
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node:';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? url);
  }
  const project = /\/(activities|api|client|content|domain|platform|workflows|worker|bench|scripts)\//.exec(url);
  return project ? `${project[1]}/` : url.replace(/^file:\/\//, '');
}

const meta = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Self time per function and per origin, from every sample; `(idle)` is left out of the shares. */
export function profileTop(profiles: CpuProfile[], limit = 15): ProfileTop {
  const byFunction = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i += 1) {
      // A sample's time is the gap to the next one.
      const ms = (deltas[i + 1] ?? 0) / 1000;
      const frame = nodes.get(samples[i]!)?.callFrame;
      if (!frame) continue;
      if (frame.functionName === '(idle)') {
        idleMs += ms;
        continue;
      }
      totalMs += ms;
      const origin = meta.has(frame.functionName) ? frame.functionName : originOf(frame.url);
      const name = meta.has(frame.functionName) ? frame.functionName : `${frame.functionName || '(anonymous)'} ${origin}:${frame.lineNumber + 1}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
      byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + ms);
    }
  }
  const top = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: totalMs ? Math.round((1000 * ms) / totalMs) / 10 : 0 }));
  return { totalMs: Math.round(totalMs), idleMs: Math.round(idleMs), byFunction: top(byFunction), byOrigin: top(byOrigin) };
}

export async function readProfiles(dir: string): Promise<CpuProfile[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.cpuprofile'));
  return Promise.all(files.map(async (file) => JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile));
}

export function formatTop(name: string, top: ProfileTop): string {
  const rows = (frames: Frame[]) => frames.map((f) => `  ${String(f.share).padStart(5)} %  ${String(f.ms).padStart(7)} ms  ${f.name}`);
  return [`${name}: ${top.totalMs} ms on CPU (${top.idleMs} ms idle)`, ' by origin:', ...rows(top.byOrigin), ' by function:', ...rows(top.byFunction)].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, limit = '15'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: npm run bench:profile -- <BENCH_CPU_PROFILE_DIR> [frames]');
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const profiles = await readProfiles(join(dir, entry.name));
    if (profiles.length) console.log(`${formatTop(entry.name, profileTop(profiles, Number(limit)))}\n`);
  }
}
