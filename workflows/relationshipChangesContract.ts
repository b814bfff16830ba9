import { defineUpdate } from '@temporalio/workflow';
import type { CustomerDecider, PartnerUserRef } from '../domain/relationshipRequest.js';
import type { RelationshipEndingParties, RelationshipView } from '../domain/relationships.js';
import * as searchAttributes from './searchAttributes.js';
import type { UpdateWithStartOptions, WorkflowSettings } from './startOptions.js';

/** One relationship of a pair, by its own ID (platform/relationships.ts). */
export type RelationshipRef = { partnerTenantId: string; customerTenantId: string; relationshipId: string };

/** The partner ends a reseller relationship: who, when, why, and what the customer's email is written with. */
export type RelationshipEndingInput = RelationshipRef & {
  endedAt: string;
  endedBy: PartnerUserRef;
  reason: string;
  parties: RelationshipEndingParties;
};

/** A Global administrator of the customer removes the partner's delegated admin privileges. */
export type DelegatedAdminRemovalInput = RelationshipRef & {
  at: string;
  by: Extract<CustomerDecider, { verifiedBy: 'signIn' }>;
};

/**
 * How a change was recorded: the relationship after it (an ending or a removal recorded before, by this run or a
 * concurrent one, answers the same), or why there was nothing to change.
 */
export type RelationshipChangeOutcome =
  | { outcome: 'ended' | 'removed'; relationship: RelationshipView }
  | { outcome: 'notActive' }
  | { outcome: 'noPrivileges' };

/**
 * One ending per relationship: every attempt to end the same relationship joins the same workflow while it runs, and
 * none starts it again once it has closed (only a failed run may be followed by another).
 */
export const relationshipEndingWorkflowId = (ref: RelationshipRef) =>
  `relationship-ending:${ref.partnerTenantId}:${ref.customerTenantId}:${ref.relationshipId}`;

/** One removal of delegated admin privileges per relationship, with the same policy as an ending. */
export const delegatedAdminRemovalWorkflowId = (ref: RelationshipRef) =>
  `delegated-admin-removal:${ref.partnerTenantId}:${ref.customerTenantId}:${ref.relationshipId}`;

/** Update-with-start target of both workflows: returns once the change is recorded, before anyone is told. */
export const changeRecorded = defineUpdate<RelationshipChangeOutcome>('changeRecorded');

const pairAttributes = (ref: RelationshipRef) => [
  { key: searchAttributes.PartnerTenantId, value: ref.partnerTenantId },
  { key: searchAttributes.CustomerTenantId, value: ref.customerTenantId },
];

/** Two endings of one relationship at once: the second joins the first (use existing) and answers with its ending. */
export function relationshipEndingStart(
  settings: WorkflowSettings,
  input: RelationshipEndingInput,
): UpdateWithStartOptions<RelationshipEndingInput, RelationshipChangeOutcome> {
  return {
    workflowType: 'relationshipEnding',
    workflowId: relationshipEndingWorkflowId(input),
    taskQueue: settings.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    typedSearchAttributes: pairAttributes(input),
    staticSummary: `${input.parties.partner.name} ends the reseller relationship with ${input.parties.customer.companyName}`,
    staticDetails: [`Relationship: ${input.relationshipId}`, `Ended by: ${input.endedBy.email}`, `Reason: ${input.reason}`].join('\n'),
  };
}

/** A second removal of the same relationship's privileges joins the first (use existing). */
export function delegatedAdminRemovalStart(
  settings: WorkflowSettings,
  input: DelegatedAdminRemovalInput,
  customerName: string,
): UpdateWithStartOptions<DelegatedAdminRemovalInput, RelationshipChangeOutcome> {
  return {
    workflowType: 'delegatedAdminRemoval',
    workflowId: delegatedAdminRemovalWorkflowId(input),
    taskQueue: settings.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    typedSearchAttributes: pairAttributes(input),
    staticSummary: `${customerName} removes the delegated admin privileges of ${input.partnerTenantId}`,
    staticDetails: `Relationship: ${input.relationshipId}\nRemoved by: ${input.by.username ?? input.by.objectId}`,
  };
}
