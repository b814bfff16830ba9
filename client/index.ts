/**
 * The one door to Temporal as a client: each operation the API and the activities start or drive a workflow with,
 * built from the workflows' contracts, with Temporal's errors turned into typed answers.
 */
export { checkTemporal, connectClient, type TemporalClient } from './connection.js';
export { isTemporalUnavailable } from './failures.js';
export { openRelationshipRequest, type Opening, type OpeningDeps } from './requestOpening.js';
export { askToResendInvitation, deliverDecision, type DecisionAnswer, type RequestRun } from './requests.js';
export { addNewCustomer } from './customers.js';
export { endRelationship, removeDelegatedAdminPrivileges, type ChangeAnswer } from './relationshipChanges.js';
export { startBatch, stopBatch } from './batches.js';
export { startWebhookDelivery } from './webhooks.js';
export { announceAccessAssignments, askToDecideApproval, askToLockForApproval, askToTerminate, startAdminRelationship, type AdminRelationshipAnswer } from './adminRelationships.js';
