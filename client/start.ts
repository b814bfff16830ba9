import { WithStartWorkflowOperation } from '@temporalio/client';
import type { StartOptions, UpdateWithStartOptions } from '../workflows/startOptions.js';

type WorkflowOf<Input, Result> = (input: Input) => Promise<Result>;

/** A contract's start options as the SDK takes them: the workflow type apart from the rest. */
export function sdkStart<Input, Result>({ workflowType, result: _result, ...options }: StartOptions<Input, Result>) {
  return { workflowType, options };
}

/** The start half of an update-with-start, from a contract's start options. */
export function withStart<Input, Result>(start: UpdateWithStartOptions<Input, Result>): WithStartWorkflowOperation<WorkflowOf<Input, Result>> {
  const { workflowType, options } = sdkStart(start);
  return new WithStartWorkflowOperation<WorkflowOf<Input, Result>>(workflowType, { ...options, workflowIdConflictPolicy: start.workflowIdConflictPolicy });
}

export type { WorkflowOf };
