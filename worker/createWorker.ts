import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities/index.js';
import type { WorkerTuning } from '../platform/config.js';
import type { Tracing } from '../platform/tracing.js';
import { workerTracingOptions } from './tracing.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

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
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    ...options.tuning,
    ...(options.tracing && workerTracingOptions(options.tracing, { bundled: Boolean(options.workflowBundle) })),
  });
}
