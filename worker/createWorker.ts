import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities/index.js';
import type { WorkerTuning } from '../platform/config.js';
import type { Tracing } from '../platform/tracing.js';
import { workerTracingOptions } from './tracing.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * The workflows' modules, evaluated once per worker thread and shared by every workflow it runs, instead of once per
 * workflow: none of them keeps state between calls (the SDK freezes what they export). Only the plain bundle: in the
 * traced one, each workflow's tracing interceptor installs its own trace scope into `workflows/traceScope.ts`.
 */
export const sharedWorkflowModules = [workflowsPath];

export type RelationshipWorkerOptions = {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** The same as the client's (platform/temporalDataConverter.ts): it encrypts what goes into histories. */
  dataConverter: NonNullable<WorkerOptions['dataConverter']>;
  tuning?: Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'>;
  /** Trace workflows and activities; a `workflowBundle` must then be the traced one (worker/tracing.ts). */
  tracing?: Tracing;
} & Pick<WorkerOptions, 'workflowBundle'>;

export function workerTuning(settings: WorkerTuning): NonNullable<RelationshipWorkerOptions['tuning']> {
  return {
    maxConcurrentActivityTaskExecutions: settings.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: settings.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxCachedWorkflows: settings.WORKER_MAX_CACHED_WORKFLOWS,
  };
}

/** The one place that knows what a worker registers; used by the entry point and by tests. */
export function createRelationshipWorker(options: RelationshipWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    dataConverter: options.dataConverter,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath, ...(!options.tracing && { bundlerOptions: { preloadModules: sharedWorkflowModules } }) }),
    ...options.tuning,
    ...(options.tracing && workerTracingOptions(options.tracing, { bundled: Boolean(options.workflowBundle) })),
  });
}
