import { createHash } from 'node:crypto';
import { deciderKey } from '../domain/deciders.js';
import { RequestStatus, type Decision, type PartnerUserRef, type RequestSnapshot } from '../domain/relationshipRequest.js';
import * as request from '../workflows/relationshipRequestContract.js';
import type { TemporalClient } from './connection.js';
import { isUnansweredUpdate, isWorkflowGone, updateFailureDetail } from './failures.js';

/** A request's workflow run, as its document records it. */
export type RequestRun = { workflowId: string; runId?: string | undefined };

/**
 * What became of a decision: recorded (the closed state), refused because the request was already closed, not
 * answered in time (it may still be recorded), or the run is gone (it closed; its document says how).
 */
export type DecisionAnswer =
  | { outcome: 'recorded'; snapshot: RequestSnapshot }
  | { outcome: 'closed'; status: RequestStatus }
  | { outcome: 'unanswered' }
  | { outcome: 'workflowGone' };

/**
 * One update ID per decision and decider: a retried POST of the same decision joins the update the first one started
 * (Temporal answers an update ID it has seen with that update's outcome, even once the workflow has closed), so it gets
 * the same outcome, never a second decision. Hashed: an update ID is kept in the history unencrypted.
 */
export function decisionUpdateId(decision: Decision): string {
  return `decide-${decision.kind}-${createHash('sha256').update(deciderOf(decision)).digest('base64url').slice(0, 22)}`;
}

function deciderOf(decision: Decision): string {
  switch (decision.kind) {
    case 'accept':
      return deciderKey(decision.acceptance.by);
    case 'decline':
      return decision.by ? deciderKey(decision.by) : 'customer';
    case 'cancel':
      return `partnerUser:${decision.by.userId}`;
  }
}

/** Delivers an accept, decline or cancel through the `decide` update, waiting at most `waitMs` for it to be recorded. */
export async function deliverDecision(temporal: TemporalClient, run: RequestRun, decision: Decision, { waitMs }: { waitMs: number }): Promise<DecisionAnswer> {
  const handle = temporal.workflow.getHandle(run.workflowId, run.runId);
  try {
    const snapshot = await temporal.withAbortSignal(AbortSignal.timeout(waitMs), () =>
      handle.executeUpdate(request.decide, { args: [decision], updateId: decisionUpdateId(decision) }),
    );
    return { outcome: 'recorded', snapshot };
  } catch (error) {
    if (isUnansweredUpdate(error)) return { outcome: 'unanswered' };
    const refused = updateFailureDetail(error, request.requestClosedFailureType);
    if (refused) {
      const parsed = RequestStatus.safeParse(refused.detail);
      return { outcome: 'closed', status: parsed.success ? parsed.data : 'expired' };
    }
    if (isWorkflowGone(error)) return { outcome: 'workflowGone' };
    throw error;
  }
}

/** Asks an open request to send its invitation again; a run that is gone closed meanwhile. */
export async function askToResendInvitation(
  temporal: TemporalClient,
  run: RequestRun,
  requestedBy: PartnerUserRef,
): Promise<{ outcome: 'asked' } | { outcome: 'workflowGone' }> {
  try {
    await temporal.workflow.getHandle(run.workflowId, run.runId).signal(request.resendInvitation, { requestedBy });
    return { outcome: 'asked' };
  } catch (error) {
    if (isWorkflowGone(error)) return { outcome: 'workflowGone' };
    throw error;
  }
}
