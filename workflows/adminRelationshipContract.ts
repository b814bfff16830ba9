import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AdminRelationshipStatus, CustomerAdministrator, PartnerAgent } from '../domain/adminRelationships.js';
import * as searchAttributes from './searchAttributes.js';
import type { StartOptions, WorkflowSettings } from './startOptions.js';

/** One workflow per admin relationship, from its creation to its end: the relationship's ID is in the workflow ID. */
export const adminRelationshipWorkflowId = (partnerTenantId: string, relationshipId: string) => `admin-relationship:${partnerTenantId}:${relationshipId}`;


export type AdminRelationshipInput = {
  relationshipId: string;
  partnerTenantId: string;
  /**
   * How long a day of the relationship lasts, in milliseconds: 24 hours, shorter only outside production
   * (ADMIN_RELATIONSHIP_DAY), so that tests live through years in seconds.
   */
  dayMs: number;
  /** Set when an extension continued the workflow as new: the active relationship's end and its extension. */
  active?: { endAtMs: number; autoExtendDays: number };
};

/** What became of an ask: the relationship's status after it, or why nothing changed. */
export type AdminRelationshipOutcome =
  | { outcome: 'changed'; status: AdminRelationshipStatus }
  | { outcome: 'refused'; reason: 'notCreated' | 'noCustomer' | 'notPending' | 'notTerminable' | 'wrongTenant'; status: AdminRelationshipStatus };

/** The partner locks the relationship for approval: the customer is then asked. */
export const lockForApproval = defineUpdate<AdminRelationshipOutcome, [{ by: PartnerAgent; at: string }]>('lockForApproval');

/** The customer's Global administrator approves or rejects the pending relationship. */
export const decideApproval = defineUpdate<AdminRelationshipOutcome, [{ kind: 'approve' | 'reject'; by: CustomerAdministrator; at: string }]>('decideApproval');

/** Either side terminates the relationship; answered once it is terminated and its access assignments are removed. */
export const terminate = defineUpdate<AdminRelationshipOutcome, [{ by: PartnerAgent | CustomerAdministrator; at: string }]>('terminate');

/** The partner added or removed access assignments: the workflow applies them while the relationship is active. */
export const accessAssignmentsChanged = defineSignal('accessAssignmentsChanged');

export function adminRelationshipStart(settings: WorkflowSettings, input: AdminRelationshipInput, names: { displayName: string; partnerName: string }): StartOptions<AdminRelationshipInput, AdminRelationshipStatus> {
  return {
    workflowType: 'adminRelationship',
    workflowId: adminRelationshipWorkflowId(input.partnerTenantId, input.relationshipId),
    taskQueue: settings.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [{ key: searchAttributes.PartnerTenantId, value: input.partnerTenantId }],
    staticSummary: `${names.partnerName}: admin relationship “${names.displayName}”`,
    staticDetails: `Relationship: ${input.relationshipId}`,
  };
}
