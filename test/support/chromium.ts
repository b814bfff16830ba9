import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { findChromium } from '../../scripts/chromium.js';

/** The launch error's first line and the browser's own last error lines, not its whole log. */
function launchFailure(error: Error): string {
  const [summary, ...log] = error.message.split('\n');
  return [summary, ...log.filter((line) => /^\[pid=\d+\]\[err\]/.test(line.trim())).slice(-5)].join('\n');
}

/** A headless Chromium found where it usually lives; a test fails with what to install when there is none. */
export async function launchChromium(): Promise<Browser> {
  const lookup = await findChromium(process.env);
  if (lookup.kind !== 'found') assert.fail(lookup.message);
  return chromium
    .launch({
      executablePath: lookup.path,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 60_000,
    })
    .catch((error: Error) => assert.fail(`Chromium at ${lookup.path} (from ${lookup.source}) did not start: ${launchFailure(error)}`));
}
