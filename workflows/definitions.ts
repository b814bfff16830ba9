import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Decision, RequestSnapshot } from '../domain/relationshipRequest.js';

type DecisionOf<K extends Decision['kind']> = Omit<Extract<Decision, { kind: K }>, 'kind'>;

/** Update-with-start target: returns once the request is rejected or the invitation is out. */
export const openRequest = defineUpdate<RequestSnapshot>('openRequest');

/** Synchronous decision for the API: returns the closed state, or fails when the request is no longer open. */
export const decide = defineUpdate<RequestSnapshot, [Decision]>('decide');

/** Fire-and-forget forms of the same decisions, e.g. for operators signalling from the Temporal UI. */
export const accept = defineSignal<[DecisionOf<'accept'>]>('accept');
export const decline = defineSignal<[DecisionOf<'decline'>]>('decline');
export const cancel = defineSignal<[DecisionOf<'cancel'>]>('cancel');
export const resendInvitation = defineSignal<[{ requestedBy?: { userId: string; email: string } }]>('resendInvitation');

export const status = defineQuery<RequestSnapshot>('status');

/** Failure type the `decide` update raises when the request is already closed; details[0] is the status. */
export const requestClosedFailureType = 'RequestClosed';
