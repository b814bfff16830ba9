/**
 * The one line each step shows in the event history (an activity's summary). A step retried as a scheduled activity
 * after its try in the answering task adds " (retried)" (steps.ts, `firstInTask`).
 */

export const requestSummaries = {
  openRequest: 'Check eligibility and record the request',
  sendInvitation: 'Send the invitation email',
  openRequestAndInvite: 'Check eligibility, record the request and send the invitation',
  resendInvitation: (resendNumber: number) => `Resend the invitation (${resendNumber})`,
  sendReminder: (reminderNumber: number) => `Send reminder ${reminderNumber}`,
  recordAcceptance: 'Record the acceptance, the MCA and the reseller relationship',
  sendAcceptanceNotices: 'Confirm to the customer and tell the partner: accepted',
  recordAcceptanceAndNotify: 'Record the acceptance, the MCA and the reseller relationship; confirm to the customer and tell the partner',
  recordDecline: 'Record the decline',
  recordCancellation: 'Record the cancellation',
  recordExpiry: 'Record the expiry',
  notifyPartner: (outcome: 'declined' | 'expired') => `Tell the partner: ${outcome}`,
  recordIgnoredSignals: 'Record signals that came too late',
};

export const addCustomerSummaries = {
  createCustomerWithRelationship: 'Create the customer, its MCA record and the reseller relationship',
};

export const relationshipChangeSummaries = {
  recordRelationshipEnding: 'Record the ending',
  notifyCustomerOfEnding: 'Email the customer',
  publishRelationshipEnded: 'Publish relationship.ended',
  recordDelegatedAdminRemoval: 'Record the removal',
  notifyPartnerOfDelegatedAdminRemoval: 'Email the partner',
};

export const webhookDeliverySummaries = {
  deliverWebhook: (attempt: number) => `Deliver the event: attempt ${attempt}`,
  disableWebhookEndpoint: "Disable the endpoint and tell the partner's Admin agents",
};

export const batchSummaries = {
  openBatchItem: (index: number, itemCount: number) => `Open the request of item ${index + 1} of ${itemCount}`,
  finishBatch: (closing: 'completed' | 'cancelled') => (closing === 'cancelled' ? 'Record the cancellation' : 'Record the batch as completed'),
};

export const adminRelationshipSummaries = {
  lockAdminRelationship: 'Lock the relationship for approval',
  sendAdminApprovalRequest: (reminderNumber?: number) => (reminderNumber ? `Remind the customer to approve: reminder ${reminderNumber}` : 'Ask the customer to approve'),
  activateAdminRelationship: 'Record the approval and activate the relationship',
  recordAdminRelationshipStatus: (status: string) => `Record the status: ${status}`,
  applyAccessAssignments: 'Apply the access assignments',
  removeAccessAssignments: 'Remove every access assignment',
  sendExpiryNotice: (daysLeft: number) => `Tell the partner: ${daysLeft} day${daysLeft === 1 ? '' : 's'} left`,
  extendAdminRelationship: 'Extend the relationship',
};
