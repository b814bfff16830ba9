/**
 * The workflows' clock. Inside the workflow sandbox `Date` is the SDK's deterministic clock: the start time of the
 * current workflow task, the same on every replay. Workflows read the time only through these, and wait only through
 * the SDK's `sleep` and `condition`.
 */
export const workflowTime = (): number => Date.now();

/** A time in milliseconds as an ISO 8601 timestamp, as inputs, records and current details carry it. */
export const timestampOf = (ms: number): string => new Date(ms).toISOString();

export const workflowTimestamp = (): string => timestampOf(workflowTime());
