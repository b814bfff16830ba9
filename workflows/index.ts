export { relationshipRequest } from './relationshipRequest.js';
export { addCustomer } from './addCustomer.js';
