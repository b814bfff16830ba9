export { relationshipRequest } from './relationshipRequest.js';
export { addCustomer } from './addCustomer.js';
export { relationshipEnding, delegatedAdminRemoval } from './relationshipChanges.js';
export { webhookDelivery } from './webhookDelivery.js';
export { relationshipRequestBatch } from './relationshipRequestBatch.js';
