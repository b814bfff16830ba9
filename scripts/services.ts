/**
 * `npm run services`: a Temporal dev server (UI included, search attributes registered) and a MongoDB-wire
 * server in the foreground, with their state in `.data/` so that a restart keeps history. Ctrl-C stops both.
 * Ports: TEMPORAL_PORT (7233), TEMPORAL_UI_PORT (8233), MONGODB_PORT (27017).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { requirePrerequisites } from './prerequisites.js';
import { startServices, type RunningServices } from './services/index.js';

const Port = z.coerce.number().int().min(1).max(65535);
const Ports = z.object({
  TEMPORAL_PORT: Port.default(7233),
  TEMPORAL_UI_PORT: Port.default(8233),
  MONGODB_PORT: Port.default(27017),
});
const parsed = Ports.safeParse(process.env);
if (!parsed.success) {
  console.error(`bad port setting: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  process.exit(2);
}
const ports = parsed.data;
const stateDir = fileURLToPath(new URL('../.data', import.meta.url));

let services: RunningServices | undefined;
let stopping = false;
let stoppingSince = 0;
async function shutdown(reason: string) {
  if (stopping) {
    // Ctrl-C reaches us twice at once (from the terminal, and relayed by tsx): only a later one forces.
    if (Date.now() - stoppingSince < 1_000) return;
    console.error('stopping already; second signal: forcing exit');
    process.exit(1);
  }
  stopping = true;
  stoppingSince = Date.now();
  console.log(`\n${reason}: stopping Temporal and MongoDB…`);
  try {
    await services?.stop();
    process.exit(0);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGHUP', () => void shutdown('SIGHUP'));

/**
 * `npm run services` is npm → sh → tsx → node. npm passes SIGTERM to `sh`, which dies without passing it
 * on, so this process would live on as an orphan. Linux only: watch the launcher processes above us whose
 * command line names this script, and stop when one of them goes away.
 */
function watchLaunchers() {
  const stat = (pid: number) => {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return { state: fields[0], ppid: Number(fields[1]) };
    } catch {
      return undefined;
    }
  };
  const cmdline = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      return '';
    }
  };
  const launchers: number[] = [];
  let pid = process.ppid;
  while (pid > 1 && launchers.length < 5 && /\bservices\b/.test(cmdline(pid))) {
    launchers.push(pid);
    pid = stat(pid)?.ppid ?? 0;
  }
  if (launchers.length === 0) return;
  const timer = setInterval(() => {
    if (stopping) return clearInterval(timer);
    const gone = launchers.find((launcher) => {
      const status = stat(launcher);
      return !status || status.state === 'Z';
    });
    if (gone === undefined) return;
    clearInterval(timer);
    void shutdown(`launcher process ${gone} is gone`);
  }, 1_000).unref();
}
if (process.platform === 'linux') watchLaunchers();

await requirePrerequisites('npm run services', { chromium: false });
try {
  services = await startServices({
    stateDir,
    temporalPort: ports.TEMPORAL_PORT,
    uiPort: ports.TEMPORAL_UI_PORT,
    mongoPort: ports.MONGODB_PORT,
    log: (line) => console.log(line),
  });
  console.log(`TEMPORAL_ADDRESS=${services.temporalAddress}`);
  console.log(`MONGODB_URI=${services.mongoUri}`);
  if (services.temporalUiUrl) console.log(`Temporal UI: ${services.temporalUiUrl}`);
  console.log(`State and server logs in ${stateDir}. Ctrl-C stops both.`);
  // Stay in the foreground: the servers are children, so keep the event loop busy until a signal.
  setInterval(() => {}, 1 << 30);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
