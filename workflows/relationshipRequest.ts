import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { Decision, RelationshipRequestInput, RequestSnapshot } from '../domain/relationshipRequest.js';
import { isTerminal, reminderSchedule, statusAfter, type RequestStatus } from '../domain/lifecycle.js';
import type { RuleCode } from '../domain/eligibility.js';
import * as messages from './definitions.js';
import * as searchAttributes from './searchAttributes.js';

const retry = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' };
const activities = proxyActivities<Activities>({ startToCloseTimeout: '30s', retry });
/**
 * The steps an API call waits on (validation, the invitation, recording a decision) are short MongoDB writes and one
 * email: as local activities they run inside the workflow task, with no round trip through the server per step.
 */
const localActivities = proxyLocalActivities<Activities>({ startToCloseTimeout: '30s', retry });
/** Histories recorded before the steps ran locally replay through regular activities. */
const inlineStepsPatch = 'inline-steps';
/** Histories recorded before both acceptance emails went out in one step replay through two. */
const acceptanceNoticesPatch = 'acceptance-notices';
/** Histories recorded before the one-timer-at-a-time wait replay with a timer per reminder and one for the expiry. */
const nextDeadlineTimerPatch = 'next-deadline-timer';

/**
 * Workflow time: inside the workflow sandbox the SDK replaces `Date` with a deterministic clock that reads the
 * current workflow task's start time, the same on every replay. Not the machine's clock.
 */
const workflowTime = () => Date.now();

type IgnoredSignal = { signal: string; reason: string };
type StepRunner = { executeWithOptions(options: { summary: string }, args: unknown[]): Promise<never> };

/** Runs an activity with a one-line summary, so the Temporal UI's event history reads as plain steps. */
function step<K extends keyof Activities>(
  name: K,
  summary: string,
  ...args: Parameters<Activities[K]>
): Promise<Awaited<ReturnType<Activities[K]>>> {
  return (activities[name] as unknown as StepRunner).executeWithOptions({ summary }, args);
}

/** Like `step`, as a local activity once the workflow runs with the `inline-steps` patch. */
function inlineStep<K extends keyof Activities>(
  name: K,
  summary: string,
  ...args: Parameters<Activities[K]>
): Promise<Awaited<ReturnType<Activities[K]>>> {
  if (!patched(inlineStepsPatch)) return step(name, summary, ...args);
  return (localActivities[name] as unknown as StepRunner).executeWithOptions({ summary }, args);
}

/**
 * One reseller relationship request, from validation to a closed state.
 * The API opens it with update-with-start (`openRequest`) and decides it with `decide`.
 */
export async function relationshipRequest(input: RelationshipRequestInput): Promise<RequestSnapshot> {
  const { requestId } = input;
  let status: RequestStatus = 'validating';
  let invitationSent = false;
  let rejection: { code: RuleCode; detail: string } | undefined;
  let expiresAt: string | undefined;
  let remindersSent = 0;
  let resendsRequested = 0;
  let resendsSent = 0;
  let expired = false;
  /** With one timer at a time, the expiry also holds while a reminder is being sent; before that patch, never set. */
  let expiresAtMs = Number.POSITIVE_INFINITY;
  let decision: Decision | undefined;
  const ignored: IgnoredSignal[] = [];
  const reminderOffsets = reminderSchedule(input.reminderOffsetsMs, input.invitationTtlMs);
  const dueReminders: number[] = [];

  const snapshot = (): RequestSnapshot => ({
    requestId,
    status,
    ...(rejection && { rejection }),
    ...(expiresAt && { expiresAt }),
    remindersSent,
    ...(status === 'pending' && remindersSent < reminderOffsets.length && { nextReminderNumber: remindersSent + 1 }),
  });
  const hasExpired = () => expired || workflowTime() >= expiresAtMs;
  const isOpen = () => status === 'pending' && decision === undefined && !hasExpired();
  const closingStatus = (): RequestStatus =>
    decision ? statusAfter(decision.kind) : hasExpired() ? 'expired' : status;

  const offer = (candidate: Decision, via: string): boolean => {
    if (!isOpen()) {
      ignored.push({ signal: via, reason: `request is ${closingStatus()}` });
      return false;
    }
    decision = candidate;
    return true;
  };

  setHandler(messages.status, snapshot);
  setHandler(messages.openRequest, async () => {
    await condition(() => status !== 'validating' && (status !== 'pending' || invitationSent));
    return snapshot();
  });
  setHandler(
    messages.decide,
    async (candidate) => {
      offer(candidate, `decide:${candidate.kind}`);
      await condition(() => isTerminal(status));
      return snapshot();
    },
    {
      validator: (_candidate: Decision) => {
        if (!isOpen()) {
          throw ApplicationFailure.create({
            type: messages.requestClosedFailureType,
            message: `The request is ${closingStatus()}`,
            details: [closingStatus()],
            nonRetryable: true,
          });
        }
      },
    },
  );
  setHandler(messages.accept, (body) => void offer({ kind: 'accept', ...body }, 'accept'));
  setHandler(messages.decline, (body) => void offer({ kind: 'decline', ...body }, 'decline'));
  setHandler(messages.cancel, (body) => void offer({ kind: 'cancel', ...body }, 'cancel'));
  setHandler(messages.resendInvitation, () => {
    if (isOpen()) resendsRequested += 1;
    else ignored.push({ signal: 'resendInvitation', reason: `request is ${closingStatus()}` });
  });

  const enter = (next: RequestStatus) => {
    status = next;
    upsertSearchAttributes([{ key: searchAttributes.RequestStatus, value: next }]);
  };

  setCurrentDetails('Checking eligibility: roles, cloud, region and delegated admin option');
  await inlineStep('registerRequest', 'Record the request', input);
  const verdict = await inlineStep('checkEligibility', 'Check cloud, region, delegated admin and existing relationship', {
    partnerTenantId: input.partnerTenantId,
    customerTenantId: input.customerTenantId,
    includeDelegatedAdminPrivileges: input.includeDelegatedAdminPrivileges,
  });
  if (!verdict.eligible) {
    rejection = { code: verdict.code, detail: verdict.detail };
    await inlineStep('rejectRequest', `Reject: ${verdict.code}`, { requestId, ...rejection });
    enter('rejected');
    setCurrentDetails(`Rejected: ${verdict.code}. ${verdict.detail}`);
    await condition(allHandlersFinished);
    return snapshot();
  }

  ({ expiresAt } = await inlineStep('openInvitation', 'Open the invitation and set its expiry', { requestId, invitationTtlMs: input.invitationTtlMs }));
  enter('pending');

  const oneTimerAtATime = patched(nextDeadlineTimerPatch);
  if (oneTimerAtATime) expiresAtMs = Date.parse(expiresAt!);
  // Before that patch: every timer at once, in their own scope so that a decision can cancel the ones still pending.
  const timers = new CancellationScope();
  if (!oneTimerAtATime) {
    void timers
      .run(async () => {
        const reminders = reminderOffsets.map((offset, index) =>
          sleep(offset).then(() => void dueReminders.push(index + 1)),
        );
        await Promise.all([sleep(input.invitationTtlMs).then(() => (expired = true)), ...reminders]);
      })
      .catch((error: unknown) => {
        if (!isCancellation(error)) throw error;
      });
  }

  await inlineStep('sendInvitation', 'Send the invitation email', { requestId });
  invitationSent = true;

  for (;;) {
    describeWaiting();
    if (oneTimerAtATime) await untilNextDeadline();
    else {
      await condition(
        () => decision !== undefined || expired || dueReminders.length > 0 || resendsRequested > resendsSent,
      );
    }
    if (decision || expired) break;
    const reminderNumber = dueReminders.shift();
    if (reminderNumber !== undefined) {
      await step('sendReminder', `Send reminder ${reminderNumber}`, { requestId, reminderNumber });
      remindersSent = reminderNumber;
    } else if (resendsRequested > resendsSent) {
      resendsSent += 1;
      await inlineStep('sendInvitation', `Resend the invitation (${resendsSent})`, { requestId, resendNumber: resendsSent });
    }
  }
  timers.cancel();

  const closed = closingStatus();
  setCurrentDetails(`Recording: ${closed}`);
  if (decision?.kind === 'accept') {
    await inlineStep('recordAcceptance', 'Record the acceptance, the MCA and the reseller relationship', {
      requestId,
      acceptance: decision.acceptance,
      request: {
        partnerTenantId: input.partnerTenantId,
        customerTenantId: input.customerTenantId,
        includeDelegatedAdminPrivileges: input.includeDelegatedAdminPrivileges,
        ...(input.indirectResellerId && { indirectResellerId: input.indirectResellerId }),
      },
    });
    enter('accepted');
    // One step, not two in parallel: both emails record an event on the request document, and a MongoDB-wire server
    // without document-level atomicity (FerretDB v1 reads, then writes) could lose one of two concurrent updates.
    if (patched(acceptanceNoticesPatch)) {
      await step('sendAcceptanceNotices', 'Confirm to the customer and tell the partner: accepted', { requestId });
    } else {
      await step('confirmToCustomer', 'Confirm to the customer', { requestId });
      await step('notifyPartner', 'Tell the partner: accepted', { requestId, kind: 'accepted' });
    }
  } else if (decision?.kind === 'decline') {
    await inlineStep('closeRequest', 'Record the decline', { requestId, status: 'declined', reason: decision.reason, actor: { kind: 'customer' } });
    enter('declined');
    await step('notifyPartner', 'Tell the partner: declined', { requestId, kind: 'declined' });
  } else if (decision?.kind === 'cancel') {
    await inlineStep('closeRequest', 'Record the cancellation', {
      requestId,
      status: 'cancelled',
      reason: decision.reason,
      actor: { kind: 'partnerUser', ...decision.by },
    });
    enter('cancelled');
  } else {
    await inlineStep('closeRequest', 'Record the expiry', { requestId, status: 'expired', actor: { kind: 'system' } });
    enter('expired');
    await step('notifyPartner', 'Tell the partner: expired', { requestId, kind: 'expired' });
  }
  setCurrentDetails(`Closed: ${status}`);

  await condition(allHandlersFinished);
  // Signals that arrived after the decision change nothing; they are kept on the request as ignored.
  for (let recorded = 0; recorded < ignored.length; ) {
    const batch = ignored.slice(recorded);
    await step('recordIgnoredSignals', 'Record signals that came too late', { requestId, firstIndex: recorded, signals: batch });
    recorded += batch.length;
  }
  return snapshot();

  /**
   * Waits for a message or for the next deadline (the next reminder, else the expiry) with a single timer, so that
   * opening costs one timer and a decision cancels one. A reminder found due after the expiry is not sent.
   */
  async function untilNextDeadline(): Promise<void> {
    if (!hasExpired()) {
      const openedAt = expiresAtMs - input.invitationTtlMs;
      const nextReminder = reminderOffsets[remindersSent];
      const dueAt = nextReminder === undefined ? expiresAtMs : openedAt + nextReminder;
      const woken = await condition(() => decision !== undefined || resendsRequested > resendsSent, Math.max(1, dueAt - workflowTime()));
      if (!woken && !hasExpired()) dueReminders.push(remindersSent + 1);
    }
    if (decision === undefined && hasExpired()) expired = true;
  }

  function describeWaiting() {
    // Timers started when the invitation opened, at expiresAt - TTL.
    const openedAt = Date.parse(expiresAt ?? '') - input.invitationTtlMs;
    const next = reminderOffsets[remindersSent];
    const reminder =
      next === undefined || Number.isNaN(openedAt)
        ? 'no reminder left'
        : `reminder ${remindersSent + 1} of ${reminderOffsets.length} at ${new Date(openedAt + next).toISOString()}`;
    setCurrentDetails(
      `Waiting for the customer to accept or decline.\nNext: ${reminder}.\nExpires: ${expiresAt ?? 'unknown'}.\nReminders sent: ${remindersSent}.`,
    );
  }
}
