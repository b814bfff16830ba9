/**
 * The workflows a worker registers. Each is written the same way:
 *
 * - **Sections, in this order**: imports; the input and result types; the activity proxies; the workflow function
 *   (its state as local `let`s, the handlers, the story top to bottom, then the nested helpers it calls); module-level
 *   helpers last.
 * - **Activities** are called through proxies typed by the workflow's port (activityPorts.ts), never the activities'
 *   own module, and named for how their steps run: `inTask` and `inTaskOnce` inside the answering task, `scheduled`
 *   through the server, `heartbeating` for a long step that heartbeats. Their options come from steps.ts, which holds
 *   the one retry policy.
 * - **Every step has a summary** (activitySummaries.ts) and every stage sets the current details (currentDetails.ts).
 * - **Time** comes from workflowTime.ts and waits from `sleep` and `condition`, never from timers of the host.
 */
export { relationshipRequest } from './relationshipRequest.js';
export { addCustomer } from './addCustomer.js';
export { relationshipEnding, delegatedAdminRemoval } from './relationshipChanges.js';
export { webhookDelivery } from './webhookDelivery.js';
export { relationshipRequestBatch } from './relationshipRequestBatch.js';
export { adminRelationship } from './adminRelationship.js';
