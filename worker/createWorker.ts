import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities/index.js';
import type { WorkerTuning } from '../platform/config.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export type RelationshipWorkerOptions = {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  tuning?: Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'>;
} & Pick<WorkerOptions, 'workflowBundle' | 'sinks'>;

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
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    ...options.tuning,
  });
}
