import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';

/** The Temporal server did not answer (a gRPC error): nothing was done, and trying again later is the right answer. */
export const isTemporalUnavailable = (error: unknown) => error instanceof ServiceError;

/** The update was refused by the workflow with a failure of this type: its first detail, or null when it has none. */
export function updateFailureDetail(error: unknown, failureType: string): { detail: unknown } | undefined {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === failureType) {
    return { detail: error.cause.details?.[0] };
  }
  return undefined;
}

/** The update may have reached the workflow, but its answer did not come back in time. */
export const isUnansweredUpdate = (error: unknown) => error instanceof WorkflowUpdateRPCTimeoutOrCancelledError;

/** No such workflow run: it closed and is gone, or never ran. */
export const isWorkflowGone = (error: unknown) => error instanceof WorkflowNotFoundError;

export const isAlreadyStarted = (error: unknown) => error instanceof WorkflowExecutionAlreadyStartedError;
