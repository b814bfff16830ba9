import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Decision, PartnerUserRef, RequestSnapshot } from '../domain/relationshipRequest.js';

/** Where requests run and how long their invitations last: the API's settings, passed on by a batch. */
export type OpeningSettings = { taskQueue: string; invitationTtlMs: number; reminderOffsetsMs: number[] };

/** At most one open request per partner and customer: the pair is the workflow ID. */
export const relationshipRequestWorkflowId = (partnerTenantId: string, customerTenantId: string) =>
  `relationship-request:${partnerTenantId}:${customerTenantId}`;

/**
 * Keyed by the new tenant's initial domain, which one tenant holds across all partners (the engine assigns the tenant
 * ID, so it cannot key a retry). See the route for the conflict policy.
 */
export const addCustomerWorkflowId = (initialDomain: string) => `add-customer:${initialDomain}`;

/** One delivery per endpoint and event: publishing the same event again starts nothing new. */
export const webhookDeliveryWorkflowId = (endpointId: string, eventId: string) => `webhook-delivery:${endpointId}:${eventId}`;

type DecisionBody<K extends Decision['kind']> = Omit<Extract<Decision, { kind: K }>, 'kind'>;

/** Update-with-start target: returns once the request is rejected or the invitation is out. */
export const openRequest = defineUpdate<RequestSnapshot>('openRequest');

/** The API's decision: returns the closed state, or fails with `requestClosedFailureType` when the request is no longer open. */
export const decide = defineUpdate<RequestSnapshot, [Decision]>('decide');

/** Fire-and-forget forms of the same decisions, e.g. for operators signalling from the Temporal UI. */
export const accept = defineSignal<[DecisionBody<'accept'>]>('accept');
export const decline = defineSignal<[DecisionBody<'decline'>]>('decline');
export const cancel = defineSignal<[DecisionBody<'cancel'>]>('cancel');
export const resendInvitation = defineSignal<[{ requestedBy?: PartnerUserRef }]>('resendInvitation');

export const status = defineQuery<RequestSnapshot>('status');

/** Failure type the `decide` update raises when the request is already closed; details[0] is the status. */
export const requestClosedFailureType = 'RequestClosed';
