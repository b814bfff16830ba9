/**
 * `npm run bundle-workflows -- <out.js>`: bundles the workflow code once, ahead of time, for WORKFLOW_BUNDLE_PATH.
 * The container image and the benchmark use it; without it the worker bundles in-process at start. Writes a second
 * bundle beside it, `<out>.traced.js`, with the tracing interceptors, for workers with tracing on (worker/tracing.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { sharedWorkflowModules, workflowsPath } from '../worker/createWorker.js';
import { tracedBundlePath, workflowTracingModules } from '../worker/tracing.js';

/** Returns the path of the untraced bundle; the traced one is `tracedBundlePath` of it. */
export async function bundleWorkflows(outPath: string): Promise<string> {
  const target = resolve(outPath);
  const [plain, traced] = await Promise.all([
    bundleWorkflowCode({ workflowsPath, preloadModules: sharedWorkflowModules, logger: quiet }),
    bundleWorkflowCode({ workflowsPath, workflowInterceptorModules: workflowTracingModules, logger: quiet }),
  ]);
  await mkdir(dirname(target), { recursive: true });
  await Promise.all([writeFile(target, plain.code), writeFile(tracedBundlePath(target), traced.code)]);
  return target;
}

const quiet = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} };

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = process.argv[2] ?? 'dist/workflow-bundle.js';
  const written = await bundleWorkflows(out);
  console.log(`workflow bundles written: ${written}, ${tracedBundlePath(written)}`);
}
