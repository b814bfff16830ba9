import { allHandlersFinished, CancellationScope, condition, isCancellation, patched, setCurrentDetails, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { RelationshipRequestInput, RequestSnapshot } from '../domain/relationshipRequest.js';
import { RequestState } from './requestState.js';
import { localStep, step } from './steps.js';

/** Histories recorded before the steps ran locally replay through regular activities. */
const inlineStepsPatch = 'inline-steps';
/** Histories recorded before both acceptance emails went out in one step replay through two. */
const acceptanceNoticesPatch = 'acceptance-notices';
/** Histories recorded before the one-timer-at-a-time wait replay with a timer per reminder and one for the expiry. */
const nextDeadlineTimerPatch = 'next-deadline-timer';

/** Like `step`, as a local activity once the workflow runs with the `inline-steps` patch. */
function inlineStep<K extends keyof Activities>(name: K, summary: string, ...args: Parameters<Activities[K]>) {
  return patched(inlineStepsPatch) ? localStep(name, summary, ...args) : step(name, summary, ...args);
}

/**
 * The request's lifecycle as runs started before `one-task-per-answer` recorded it, kept so that those runs (and
 * their recorded histories) replay to the same commands. Removable once no such run is open.
 */
export async function relationshipRequestBeforeOneTaskPerAnswer(input: RelationshipRequestInput): Promise<RequestSnapshot> {
  const { requestId } = input;
  const state = new RequestState(input);

  setCurrentDetails('Checking eligibility: roles, cloud, region and delegated admin option');
  await inlineStep('registerRequest', 'Record the request', input);
  const verdict = await inlineStep('checkEligibility', 'Check cloud, region, delegated admin and existing relationship', {
    partnerTenantId: input.partnerTenantId,
    customerTenantId: input.customerTenantId,
    includeDelegatedAdminPrivileges: input.includeDelegatedAdminPrivileges,
  });
  if (!verdict.eligible) {
    state.rejection = { code: verdict.code, detail: verdict.detail };
    await inlineStep('rejectRequest', `Reject: ${verdict.code}`, { requestId, ...state.rejection });
    state.enter('rejected');
    setCurrentDetails(`Rejected: ${verdict.code}. ${verdict.detail}`);
    await condition(allHandlersFinished);
    return state.snapshot();
  }

  ({ expiresAt: state.expiresAt } = await inlineStep('openInvitation', 'Open the invitation and set its expiry', {
    requestId,
    invitationTtlMs: input.invitationTtlMs,
  }));
  state.enter('pending');

  const oneTimerAtATime = patched(nextDeadlineTimerPatch);
  if (oneTimerAtATime) state.expiresAtMs = Date.parse(state.expiresAt);
  // Before that patch: every timer at once, in their own scope so that a decision can cancel the ones still pending.
  const timers = new CancellationScope();
  if (!oneTimerAtATime) {
    void timers
      .run(async () => {
        const reminders = state.reminderOffsets.map((offset, index) =>
          sleep(offset).then(() => void state.dueReminders.push(index + 1)),
        );
        await Promise.all([sleep(input.invitationTtlMs).then(() => (state.expired = true)), ...reminders]);
      })
      .catch((error: unknown) => {
        if (!isCancellation(error)) throw error;
      });
  }

  await inlineStep('sendInvitation', 'Send the invitation email', { requestId });
  state.invitationSent = true;

  for (;;) {
    state.describeWaiting();
    if (oneTimerAtATime) await state.untilNextDeadline();
    else {
      await condition(
        () =>
          state.decision !== undefined ||
          state.expired ||
          state.dueReminders.length > 0 ||
          state.resendsRequested > state.resendsSent,
      );
    }
    if (state.decision || state.expired) break;
    const reminderNumber = state.dueReminders.shift();
    if (reminderNumber !== undefined) {
      await step('sendReminder', `Send reminder ${reminderNumber}`, { requestId, reminderNumber });
      state.remindersSent = reminderNumber;
    } else if (state.resendsRequested > state.resendsSent) {
      state.resendsSent += 1;
      await inlineStep('sendInvitation', `Resend the invitation (${state.resendsSent})`, { requestId, resendNumber: state.resendsSent });
    }
  }
  timers.cancel();

  const { decision } = state;
  setCurrentDetails(`Recording: ${state.closingStatus()}`);
  if (decision?.kind === 'accept') {
    await inlineStep('recordAcceptance', 'Record the acceptance, the MCA and the reseller relationship', state.acceptanceToRecord(decision.acceptance));
    state.enter('accepted');
    if (patched(acceptanceNoticesPatch)) {
      await step('sendAcceptanceNotices', 'Confirm to the customer and tell the partner: accepted', { requestId });
    } else {
      await step('confirmToCustomer', 'Confirm to the customer', { requestId });
      await step('notifyPartner', 'Tell the partner: accepted', { requestId, kind: 'accepted' });
    }
  } else if (decision?.kind === 'decline') {
    await inlineStep('closeRequest', 'Record the decline', state.closingToRecord());
    state.enter('declined');
    await step('notifyPartner', 'Tell the partner: declined', { requestId, kind: 'declined' });
  } else if (decision?.kind === 'cancel') {
    await inlineStep('closeRequest', 'Record the cancellation', state.closingToRecord());
    state.enter('cancelled');
  } else {
    await inlineStep('closeRequest', 'Record the expiry', state.closingToRecord());
    state.enter('expired');
    await step('notifyPartner', 'Tell the partner: expired', { requestId, kind: 'expired' });
  }
  setCurrentDetails(`Closed: ${state.status}`);
  return state.close();
}
