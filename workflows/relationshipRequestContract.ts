import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Decision, PartnerUserRef, RequestFacts, RequestSnapshot } from '../domain/relationshipRequest.js';
import * as searchAttributes from './searchAttributes.js';
import type { UpdateWithStartOptions, WorkflowSettings } from './startOptions.js';

/** At most one open request per partner and customer: the pair is the workflow ID. */
export const relationshipRequestWorkflowId = (partnerTenantId: string, customerTenantId: string) =>
  `relationship-request:${partnerTenantId}:${customerTenantId}`;

/** Where requests run and how long their invitations last: the API's settings, passed on by a batch. */
export type OpeningSettings = WorkflowSettings & { invitationTtlMs: number; reminderOffsetsMs: number[] };

/** What the API starts a request with: the request as the partner made it, and its timing from configuration. */
export type RelationshipRequestInput = {
  request: RequestFacts;
  invitationTtlMs: number;
  reminderOffsetsMs: number[];
};

/** The request's state once it closed. */
export type RelationshipRequestResult = RequestSnapshot;

type DecisionBody<K extends Decision['kind']> = Omit<Extract<Decision, { kind: K }>, 'kind'>;

/**
 * Update-with-start target: returns once the request is rejected or the invitation is out. On the wire it is
 * `openRequest`, as recorded histories and running requests know it; in code it is not the `openRequest` activity.
 */
export const requestOpened = defineUpdate<RequestSnapshot>('openRequest');

/** The API's decision: returns the closed state, or fails with `requestClosedFailureType` when the request is no longer open. */
export const decide = defineUpdate<RequestSnapshot, [Decision]>('decide');

/**
 * The partner's acts as signals: a cancellation, and a resend of the invitation, each naming who asked (the API sends
 * the user it authenticated; an operator stopping a stuck request names themself, docs/operations.md). No signal
 * decides for a customer: an acceptance or a decline comes only through `decide`, from the API, with the identity the
 * edge verified. A signal of any other name changes nothing and is recorded on the request as ignored.
 */
export const cancel = defineSignal<[DecisionBody<'cancel'>]>('cancel');
export const resendInvitation = defineSignal<[{ requestedBy?: PartnerUserRef }]>('resendInvitation');

export const status = defineQuery<RequestSnapshot>('status');

/** Failure type the `decide` update raises when the request is already closed; details[0] is the status. */
export const requestClosedFailureType = 'RequestClosed';

/**
 * One open request per partner and customer (conflict policy use existing: a second ask joins the open one); a
 * closed one does not block the next.
 */
export function relationshipRequestStart(
  settings: OpeningSettings,
  request: RequestFacts,
): UpdateWithStartOptions<RelationshipRequestInput, RelationshipRequestResult> {
  const { partner, customer } = request.parties;
  return {
    workflowType: 'relationshipRequest',
    workflowId: relationshipRequestWorkflowId(request.partnerTenantId, request.customerTenantId),
    taskQueue: settings.taskQueue,
    args: [{ request, invitationTtlMs: settings.invitationTtlMs, reminderOffsetsMs: settings.reminderOffsetsMs }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [
      { key: searchAttributes.PartnerTenantId, value: request.partnerTenantId },
      { key: searchAttributes.CustomerTenantId, value: request.customerTenantId },
      { key: searchAttributes.RequestStatus, value: 'validating' },
      { key: searchAttributes.Cloud, value: customer.cloud },
    ],
    memo: { partnerName: partner.name, customerName: customer.companyName, requestId: request.requestId },
    staticSummary: `${partner.name} asks ${customer.companyName} for a reseller relationship`,
    staticDetails: [
      `Partner: ${partner.name} (${request.partnerTenantId}, ${partner.country}, ${partner.cloud})`,
      `Customer: ${customer.companyName} (${request.customerTenantId}, ${customer.country}, ${customer.cloud})`,
      `Delegated admin privileges: ${request.includeDelegatedAdminPrivileges ? 'requested' : 'not requested'}`,
      `Requested by: ${request.requestedBy.email}`,
    ].join('\n'),
  };
}
