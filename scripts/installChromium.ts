/**
 * Puts a Chromium on this machine, each way bounded in time, printing progress: the distribution's `chromium`
 * package when running as root with apt-get, else (or when that fails) Playwright's download into its cache.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { findOnPath } from './services/binaries.js';

export interface InstallLimits {
  aptUpdateMs: number;
  aptInstallMs: number;
  playwrightMs: number;
}

export const defaultInstallLimits: InstallLimits = { aptUpdateMs: 3 * 60_000, aptInstallMs: 10 * 60_000, playwrightMs: 5 * 60_000 };

export interface InstallOptions {
  env: NodeJS.ProcessEnv;
  isRoot: boolean;
  log: (line: string) => void;
  limits?: InstallLimits;
  /** The script run as `node <playwrightCli> install chromium`. */
  playwrightCli?: string;
}

export type InstallOutcome = { installed: true; by: string } | { installed: false; failures: string[] };

export const defaultPlaywrightCli = () => join(dirname(createRequire(import.meta.url).resolve('playwright-core/package.json')), 'cli.js');

export async function installChromium(options: InstallOptions): Promise<InstallOutcome> {
  const { env, isRoot, log } = options;
  const limits = options.limits ?? defaultInstallLimits;
  const failures: string[] = [];

  const apt = await aptInstall(['chromium'], { env, isRoot, log, limits });
  if (apt.ok) return { installed: true, by: 'apt-get install chromium' };
  failures.push(apt.failure);

  const cli = options.playwrightCli ?? defaultPlaywrightCli();
  log('playwright-core install chromium');
  // Playwright waits 30 s per stalled connection and tries five times; without a network that is minutes of nothing.
  const playwrightEnv = { PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT: '10000', ...env };
  const playwright = await runBounded(process.execPath, [cli, 'install', 'chromium'], { env: playwrightEnv, timeoutMs: limits.playwrightMs, log });
  if (playwright.ok) return { installed: true, by: 'playwright-core install chromium' };
  failures.push(`playwright-core install chromium: ${playwright.failure}`);
  return { installed: false, failures };
}

/**
 * Installs Debian packages with apt-get when running as root, bounded in time, printing progress.
 * Used for Chromium (browser tests) and for the cluster's PostgreSQL and HAProxy.
 */
export async function aptInstall(
  packages: string[],
  options: { env: NodeJS.ProcessEnv; isRoot: boolean; log: (line: string) => void; limits?: Pick<InstallLimits, 'aptUpdateMs' | 'aptInstallMs'> },
): Promise<{ ok: true } | { ok: false; failure: string }> {
  const { env, isRoot, log } = options;
  const limits = options.limits ?? defaultInstallLimits;
  const aptGet = await findOnPath('apt-get', env);
  if (!isRoot) return { ok: false, failure: 'apt-get: not tried, this is not root' };
  if (!aptGet) return { ok: false, failure: 'apt-get: not on PATH' };
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  // Status-Fd: apt's progress as lines to pass on (see aptProgress); the lock timeout waits a while for another
  // apt or dpkg run to finish instead of failing at once.
  const aptOptions = ['-qq', '-o', 'APT::Status-Fd=1', '-o', 'DPkg::Lock::Timeout=120'];
  log('apt-get update');
  const update = await runBounded(aptGet, [...aptOptions, 'update'], { env: aptEnv, timeoutMs: limits.aptUpdateMs, log, show: aptProgress() });
  if (!update.ok) return { ok: false, failure: `apt-get update: ${update.failure}` };
  log(`apt-get install ${packages.join(' ')}`);
  const install = await runBounded(aptGet, [...aptOptions, '-y', 'install', ...packages], {
    env: aptEnv,
    timeoutMs: limits.aptInstallMs,
    log,
    show: aptProgress(),
  });
  return install.ok ? { ok: true } : { ok: false, failure: `apt-get install ${packages.join(' ')}: ${install.failure}` };
}

// dpkg's lines for each of a hundred-odd packages; the progress lines below say the same in a tenth of the space.
const dpkgChatter = /^(\(Reading database|Selecting previously unselected|Preparing to unpack|Unpacking|Setting up|Processing triggers|debconf: delaying)/;

/** apt's status lines (`dlstatus:…:<percent>:<text>`, `pmstatus:…`) as one line per tenth of each phase. */
function aptProgress(): (line: string) => string | undefined {
  const shownTenths = new Map<string, number>();
  return (line) => {
    const status = /^(dlstatus|pmstatus):[^:]*:([\d.]+):(.*)$/.exec(line);
    if (!status) return dpkgChatter.test(line) ? undefined : line;
    const [, phase = '', percent, text] = status;
    const tenth = Math.floor(Number(percent) / 10);
    if ((shownTenths.get(phase) ?? -1) >= tenth) return undefined;
    shownTenths.set(phase, tenth);
    return `${phase === 'dlstatus' ? 'downloading' : 'installing'} ${tenth * 10}%: ${text}`;
  };
}

type RunOutcome = { ok: true } | { ok: false; failure: string };

interface RunOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  log: (line: string) => void;
  /** What to print for a line of output, if anything. */
  show?: (line: string) => string | undefined;
}

/** Runs a command, printing its output as it comes; stops it after timeoutMs. */
function runBounded(command: string, args: string[], options: RunOptions): Promise<RunOutcome> {
  const show = options.show ?? ((line: string) => line);
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    // What a failure is reported with: the first line that says error (apt's `E:`, Node's `Error:`), else the last.
    let errorLine: string | undefined;
    let lastLine = '';
    // Playwright retries five times, each with the same error and stack: each line once, no stack frames, no colours.
    const printed = new Set<string>();
    const printLine = (raw: string) => {
      const line = stripVTControlCharacters(raw).trim();
      if (!line) return;
      if (!errorLine && /^(E:|Err:|Error\b)/.test(line)) errorLine = line;
      lastLine = line;
      const shown = show(line);
      if (shown === undefined || shown.startsWith('at ') || printed.has(shown)) return;
      printed.add(shown);
      options.log(`  ${shown}`);
    };
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (partial + chunk).split(/[\r\n]/);
        partial = lines.pop() ?? '';
        lines.forEach(printLine);
      });
      stream.on('end', () => printLine(partial));
    }
    // Not waiting for it to go: a child of the command may keep the pipes open after the command itself has ended.
    const deadline = setTimeout(() => {
      child.kill('SIGTERM');
      child.stdout.destroy();
      child.stderr.destroy();
      finish({ ok: false, failure: `stopped after ${Math.round(options.timeoutMs / 1000)} s` });
    }, options.timeoutMs);
    const ticker = setInterval(() => options.log(`  …still running (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
    function finish(outcome: RunOutcome) {
      clearTimeout(deadline);
      clearInterval(ticker);
      resolve(outcome);
    }
    child.once('error', (error) => finish({ ok: false, failure: error.message }));
    child.once('close', (code, signal) => {
      finish(code === 0 ? { ok: true } : { ok: false, failure: `exit ${code ?? signal}: ${errorLine ?? (lastLine || 'no output')}` });
    });
  });
}
