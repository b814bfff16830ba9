import type * as workflows from '../../workflows/index.js';

/** A workflow type the worker registers: a function exported by workflows/index.ts. */
export type WorkflowType = keyof typeof workflows;

/**
 * The paths recorded into every folder under test/histories/, one file `<path>.json` each, by the workflow they run.
 * Every registered workflow has at least one: a new workflow without a recorded path does not type-check.
 */
export const historyPaths = {
  relationshipRequest: ['accepted-after-resend', 'declined', 'cancelled', 'rejected-region', 'expired-after-reminders'],
  addCustomer: ['customer-added'],
  relationshipRequestBatch: ['batch-of-three'],
  relationshipEnding: ['relationship-ended'],
  delegatedAdminRemoval: ['delegated-admin-removed'],
  webhookDelivery: ['webhook-delivered-after-a-failure'],
  adminRelationship: ['admin-relationship-expired', 'admin-relationship-extended-then-terminated'],
} as const satisfies Record<WorkflowType, readonly string[]>;

export type HistoryPath = (typeof historyPaths)[WorkflowType][number];

/** Every path with the workflow type its history must start. */
export const recordedPaths = Object.entries(historyPaths).flatMap(([workflowType, paths]) => paths.map((path) => ({ path, workflowType })));

/**
 * The secret the recorder's stack derives its payload key from, so that the replay test decodes what it recorded. A
 * fixture of the tests, never a product's secret: histories recorded before encryption was on pass through unchanged.
 */
export const recordingSecret = 'recorded-histories-fixture-secret-0000000000';
