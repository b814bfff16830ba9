/**
 * What `npm test`, `npm run dev` and `npm run services` need before they start anything: a Node.js that
 * package.json's engines allows, a Temporal and a MongoDB-wire server (or Go to build them, as
 * scripts/services/binaries.ts resolves them), and for the browser test a Chromium, installed here when it can be.
 * Everything missing is reported at once, in seconds, with what to install or set.
 */
import { readFileSync } from 'node:fs';
import { chromiumVersion, findChromium } from './chromium.js';
import { installChromium, type InstallOptions } from './installChromium.js';
import { resolveMongo, resolveTemporal } from './services/binaries.js';

/** `required` is an engines.node range of the form `>=MAJOR[.MINOR[.PATCH]]`; `actual` is like process.version. */
export function nodeVersionProblem(required: string, actual: string): string | undefined {
  const wanted = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(required.trim());
  if (!wanted) throw new Error(`engines.node in package.json must read >=MAJOR.MINOR, not ${required}`);
  const have = /^v?(\d+)\.(\d+)\.(\d+)/.exec(actual);
  if (!have) throw new Error(`not a Node.js version: ${actual}`);
  const minimum = wanted.slice(1).map((part) => Number(part ?? 0));
  const running = have.slice(1).map(Number);
  const difference = running.map((part, index) => part - (minimum[index] ?? 0)).find((delta) => delta !== 0) ?? 0;
  if (difference >= 0) return undefined;
  return `Node.js ${required} is needed (package.json engines), this is ${actual}: install a newer one (https://nodejs.org/en/download, or \`nvm install ${minimum[0]}\`).`;
}

/** The resolvers' own words for each server that can neither be found nor built. */
export async function serverProblems(env: NodeJS.ProcessEnv): Promise<string[]> {
  const resolved = await Promise.all([resolveTemporal(env), resolveMongo(env)]);
  return resolved.flatMap((server) => (server.kind === 'missing' ? [server.message] : []));
}

export interface PrerequisiteCheck {
  env: NodeJS.ProcessEnv;
  node: { required: string; actual: string };
  /** Whether the browser test is among the tests to run. */
  chromium: boolean;
  /** How to install a missing Chromium, or false to only look. */
  install: false | Omit<InstallOptions, 'env' | 'log'>;
  log: (line: string) => void;
}

/** The problems, each a sentence saying what to install or set; empty when everything is there. */
export async function checkPrerequisites(check: PrerequisiteCheck): Promise<string[]> {
  const { env, log } = check;
  const nodeProblem = nodeVersionProblem(check.node.required, check.node.actual);
  const problems = [...(nodeProblem ? [nodeProblem] : []), ...(await serverProblems(env))];
  if (!check.chromium) return problems;

  let chromium = await findChromium(env);
  // Installing takes minutes: only worth it when Chromium is the one thing missing.
  if (chromium.kind === 'missing' && problems.length === 0 && check.install) {
    log('Chromium not found; installing it');
    const outcome = await installChromium({ ...check.install, env, log });
    chromium = await findChromium(env);
    if (chromium.kind === 'missing') {
      const attempts = outcome.installed ? `${outcome.by} finished, yet no Chromium is where it was looked for` : `installing it here failed: ${outcome.failures.join('; ')}`;
      return [`${chromium.message} (${attempts})`];
    }
  }
  if (chromium.kind !== 'found') return [...problems, chromium.message];
  try {
    log(`Chromium: ${chromium.path} (${await chromiumVersion(chromium.path)})`);
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim().split('\n')[0] || (error as Error).message;
    problems.push(
      `Chromium at ${chromium.path} (from ${chromium.source}) does not start: ${reason}. ` +
        'Install the distribution\'s (`apt-get install chromium`), or set CHROMIUM_PATH to one that starts.',
    );
  }
  return problems;
}

export function prerequisitesMessage(command: string, problems: string[]): string {
  return [`${command} cannot start; install or set what is missing first:`, ...problems.map((problem) => `  - ${problem}`)].join('\n');
}

const requiredNode = (): string => {
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
  return packageJson.engines.node;
};

/** Checks this machine for `command` and exits with the message when something is missing. */
export async function requirePrerequisites(command: string, needs: { chromium: boolean }): Promise<void> {
  const problems = await checkPrerequisites({
    env: process.env,
    node: { required: requiredNode(), actual: process.version },
    chromium: needs.chromium,
    install: { isRoot: process.getuid?.() === 0 },
    log: (line) => console.log(`[prerequisites] ${line}`),
  });
  if (problems.length === 0) return;
  console.error(prerequisitesMessage(command, problems));
  process.exit(1);
}
