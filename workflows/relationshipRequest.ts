import { patched, setCurrentDetails } from '@temporalio/workflow';
import type { RelationshipRequestInput, RequestFacts, RequestSnapshot } from '../domain/relationshipRequest.js';
import { relationshipRequestBeforeOneTaskPerAnswer } from './earlierGenerations.js';
import { RequestState } from './requestState.js';
import { localStep, localStepThenRetried, step } from './steps.js';

/** Runs started before this generation replay through the earlier code, which their histories recorded. */
const oneTaskPerAnswerPatch = 'one-task-per-answer';

/**
 * One reseller relationship request, from validation to a closed state. The API opens it with update-with-start
 * (`openRequest`) and decides it with `decide`; each answer is one workflow task: the steps it waits on run as local
 * activities on the facts the workflow already holds, and the emails after a decision are tried in that same task.
 */
export async function relationshipRequest(input: RelationshipRequestInput): Promise<RequestSnapshot> {
  if (!patched(oneTaskPerAnswerPatch)) return relationshipRequestBeforeOneTaskPerAnswer(input);
  const { requestId } = input;
  const state = new RequestState(input);

  setCurrentDetails('Checking eligibility: cloud, region, delegated admin option and existing relationship');
  const opened = await localStep('openRequest', 'Check eligibility and record the request', input);
  if (!opened.eligible) {
    state.rejection = { code: opened.code, detail: opened.detail };
    state.enter('rejected');
    setCurrentDetails(`Rejected: ${opened.code}. ${opened.detail}`);
    return state.close();
  }
  state.expiresAt = opened.expiresAt;
  state.expiresAtMs = Date.parse(opened.expiresAt);
  state.enter('pending');

  /** What the email steps render from, so that none of them reads the request or the tenants back. */
  const facts = (): RequestFacts => {
    const { invitationTtlMs: _ttl, reminderOffsetsMs: _offsets, parties: _asGiven, ...request } = input;
    const { decision } = state;
    return {
      ...request,
      parties: opened.parties,
      expiresAt: opened.expiresAt,
      ...(decision?.kind === 'accept' && {
        acceptedBy: { firstName: decision.acceptance.firstName, lastName: decision.acceptance.lastName, email: decision.acceptance.email },
      }),
      ...(decision?.kind === 'decline' && decision.reason && { declineReason: decision.reason }),
    };
  };

  await localStep('sendInvitation', 'Send the invitation email', { requestId, facts: facts() });
  state.invitationSent = true;

  for (;;) {
    state.describeWaiting();
    await state.untilNextDeadline();
    if (state.decision || state.expired) break;
    const reminderNumber = state.dueReminders.shift();
    if (reminderNumber !== undefined) {
      await step('sendReminder', `Send reminder ${reminderNumber}`, { requestId, reminderNumber, facts: facts() });
      state.remindersSent = reminderNumber;
    } else if (state.resendsRequested > state.resendsSent) {
      state.resendsSent += 1;
      await localStep('sendInvitation', `Resend the invitation (${state.resendsSent})`, { requestId, resendNumber: state.resendsSent, facts: facts() });
    }
  }

  const { decision } = state;
  setCurrentDetails(`Recording: ${state.closingStatus()}`);
  if (decision?.kind === 'accept') {
    await localStep('recordAcceptance', 'Record the acceptance, the MCA and the reseller relationship', state.acceptanceToRecord(decision.acceptance));
    state.enter('accepted');
    // One step, not two in parallel: both emails record an event on the request document, and a MongoDB-wire server
    // without document-level atomicity (FerretDB v1 reads, then writes) could lose one of two concurrent updates.
    await localStepThenRetried('sendAcceptanceNotices', 'Confirm to the customer and tell the partner: accepted', { requestId, facts: facts() });
  } else if (decision?.kind === 'decline') {
    await localStep('closeRequest', 'Record the decline', state.closingToRecord());
    state.enter('declined');
    await localStepThenRetried('notifyPartner', 'Tell the partner: declined', { requestId, kind: 'declined', facts: facts() });
  } else if (decision?.kind === 'cancel') {
    await localStep('closeRequest', 'Record the cancellation', state.closingToRecord());
    state.enter('cancelled');
  } else {
    await localStep('closeRequest', 'Record the expiry', state.closingToRecord());
    state.enter('expired');
    await localStepThenRetried('notifyPartner', 'Tell the partner: expired', { requestId, kind: 'expired', facts: facts() });
  }
  setCurrentDetails(`Closed: ${state.status}`);
  return state.close();
}
