/**
 * Finds a Chromium (or Chrome) for the browser test, in this order: CHROMIUM_PATH, then the usual command names on
 * PATH, then the newest browser Playwright downloaded into its cache. Everything is read from the env it is given.
 */
import { execFile as execFileCallback } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findOnPath, isExecutable } from './services/binaries.js';

const execFile = promisify(execFileCallback);

export const chromiumCommands = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;

// Inside a chromium-<revision> folder: chrome-linux before Chrome for Testing, chrome-linux64 / -arm64 since.
const playwrightExecutables = [join('chrome-linux', 'chrome'), join('chrome-linux64', 'chrome'), join('chrome-linux-arm64', 'chrome')];

export type ChromiumLookup =
  | { kind: 'found'; path: string; source: 'CHROMIUM_PATH' | 'PATH' | 'Playwright cache' }
  /** CHROMIUM_PATH names something that cannot run; installing a browser would not change that. */
  | { kind: 'unusable'; message: string }
  | { kind: 'missing'; message: string };

/** Playwright's own rule: PLAYWRIGHT_BROWSERS_PATH, else ms-playwright in the user's cache folder. */
export const playwrightBrowsersDir = (env: NodeJS.ProcessEnv) =>
  env.PLAYWRIGHT_BROWSERS_PATH || join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'ms-playwright');

export async function findChromium(env: NodeJS.ProcessEnv): Promise<ChromiumLookup> {
  if (env.CHROMIUM_PATH) {
    if (await isExecutable(env.CHROMIUM_PATH)) return { kind: 'found', path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
    return { kind: 'unusable', message: `CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file: point it at a Chromium or Chrome binary, or unset it.` };
  }
  for (const command of chromiumCommands) {
    const path = await findOnPath(command, env);
    if (path) return { kind: 'found', path, source: 'PATH' };
  }
  const downloaded = await findPlaywrightChromium(playwrightBrowsersDir(env));
  if (downloaded) return { kind: 'found', path: downloaded, source: 'Playwright cache' };
  return { kind: 'missing', message: chromiumMissingMessage(env) };
}

async function findPlaywrightChromium(browsersDir: string): Promise<string | undefined> {
  const entries = await readdir(browsersDir, { withFileTypes: true }).catch(() => []);
  const revision = (name: string) => Number(name.slice('chromium-'.length)) || 0;
  const folders = entries
    .filter((entry) => entry.isDirectory() && entry.name.startsWith('chromium-'))
    .map((entry) => entry.name)
    .sort((a, b) => revision(b) - revision(a));
  for (const folder of folders) {
    for (const executable of playwrightExecutables) {
      const path = join(browsersDir, folder, executable);
      if (await isExecutable(path)) return path;
    }
  }
  return undefined;
}

export function chromiumMissingMessage(env: NodeJS.ProcessEnv): string {
  return (
    `Chromium not found (looked at CHROMIUM_PATH, for ${chromiumCommands.join(', ')} on PATH, and in ${join(playwrightBrowsersDir(env), 'chromium-*')}). ` +
    'Install it: `apt-get install chromium` (Debian/Ubuntu, as root), or `npx playwright-core install chromium`; ' +
    'or set CHROMIUM_PATH=/path/to/chromium.'
  );
}

/** `chromium --version`: proves the binary starts (its shared libraries are there) and names it. */
export async function chromiumVersion(path: string): Promise<string> {
  const { stdout } = await execFile(path, ['--version'], { timeout: 20_000 });
  return stdout.trim();
}
