import type { SearchAttributePair, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';

/** Where a caller starts workflows: the task queue its workers poll. */
export type WorkflowSettings = { taskQueue: string };

/**
 * How one workflow is started, declared by its contract: the type the worker registers it under, its ID and what
 * happens when that ID is taken, and what operators see of it. The client module passes these to Temporal unchanged.
 */
export type StartOptions<Input, Result> = {
  workflowType: string;
  workflowId: string;
  taskQueue: string;
  args: [Input];
  workflowIdConflictPolicy?: WorkflowIdConflictPolicy;
  workflowIdReusePolicy?: WorkflowIdReusePolicy;
  typedSearchAttributes?: SearchAttributePair[];
  memo?: Record<string, unknown>;
  staticSummary: string;
  staticDetails?: string;
  /** Carries the workflow's result type to the caller; never set. */
  readonly result?: Result;
};

/** An update-with-start names what to do when the ID is taken: there is no default for it. */
export type UpdateWithStartOptions<Input, Result> = StartOptions<Input, Result> & { workflowIdConflictPolicy: WorkflowIdConflictPolicy };
