/**
 * `npm run bundle-workflows -- <out.js>`: bundles the workflow code once, ahead of time, for WORKFLOW_BUNDLE_PATH.
 * The container image and the benchmark use it; without it the worker bundles in-process at start.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '../worker/createWorker.js';

export async function bundleWorkflows(outPath: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quiet });
  const target = resolve(outPath);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, code);
  return target;
}

const quiet = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} };

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = process.argv[2] ?? 'dist/workflow-bundle.js';
  console.log(`workflow bundle written: ${await bundleWorkflows(out)}`);
}
