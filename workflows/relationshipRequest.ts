import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setDefaultSignalHandler,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { customerActor } from '../domain/deciders.js';
import { canTransition, isTerminal, nextDeadline, reminderSchedule, statusAfter } from '../domain/lifecycle.js';
import type { Decision, PartnerUserRef, RequestSnapshot, RequestStatus } from '../domain/relationshipRequest.js';
import type { IgnoredSignal, RelationshipRequestActivities } from './activityPorts.js';
import { requestSummaries as summaries } from './activitySummaries.js';
import { requestDetails as details } from './currentDetails.js';
import * as messages from './relationshipRequestContract.js';
import type { RelationshipRequestInput } from './relationshipRequestContract.js';
import * as searchAttributes from './searchAttributes.js';
import { firstInTask, inTaskOnceStep, inTaskStep, retriedLater, scheduledStep } from './steps.js';
import { currentTraceContext, inTraceContext } from './traceScope.js';
import { workflowTime } from './workflowTime.js';

const inTask = proxyLocalActivities<RelationshipRequestActivities>(inTaskStep);
const inTaskOnce = proxyLocalActivities<RelationshipRequestActivities>(inTaskOnceStep);
const scheduled = proxyActivities<RelationshipRequestActivities>(scheduledStep);

/**
 * Patches (docs/versioning.md). Each answer's write and its emails run as one local activity where a run passes these
 * points on the current code; runs that passed them before take the two steps they recorded.
 */
const patches = { openAndInviteInOneStep: 'open-and-invite-in-one-step', acceptAndNotifyInOneStep: 'accept-and-notify-in-one-step' };

/**
 * One reseller relationship request, from the partner's ask to a closed state: checked and recorded (or rejected),
 * invited, reminded while it waits, and closed by the customer's answer, the partner's cancellation or the expiry.
 * The API opens it with update-with-start (`requestOpened`) and decides it with the `decide` update; each is answered
 * within one workflow task.
 */
export async function relationshipRequest({ request, invitationTtlMs, reminderOffsetsMs }: RelationshipRequestInput): Promise<RequestSnapshot> {
  const { requestId } = request;
  const schedule = { ttlMs: invitationTtlMs, reminderOffsetsMs: reminderSchedule(reminderOffsetsMs, invitationTtlMs) };

  let status: RequestStatus = 'validating';
  let rejection: RequestSnapshot['rejection'];
  let expiresAt: string | undefined;
  let invitationSent = false;
  let remindersSent = 0;
  let resendsRequested = 0;
  let resendsSent = 0;
  /** Who asked for each resend, in order; the API always says, an older sender may not have. */
  const resendRequesters: (PartnerUserRef | undefined)[] = [];
  let decision: Decision | undefined;
  let decidedIn: unknown;
  const lateSignals: IgnoredSignal[] = [];

  const hasExpired = () => expiresAt !== undefined && workflowTime() >= Date.parse(expiresAt);
  const isOpen = () => status === 'pending' && decision === undefined && !hasExpired();
  /** The status a request is closing with, before it is recorded. */
  const closingStatus = (): RequestStatus => (decision ? statusAfter(decision.kind) : hasExpired() ? 'expired' : status);
  const snapshot = (): RequestSnapshot => ({
    requestId,
    status,
    ...(rejection && { rejection }),
    ...(expiresAt && { expiresAt }),
    remindersSent,
    ...(status === 'pending' && remindersSent < schedule.reminderOffsetsMs.length && { nextReminderNumber: remindersSent + 1 }),
  });
  /** Moves to the next status and shows it to operators as the `RequestStatus` search attribute. */
  const enter = (next: RequestStatus) => {
    if (!canTransition(status, next)) throw new Error(`A request cannot go from ${status} to ${next}`);
    status = next;
    upsertSearchAttributes([{ key: searchAttributes.RequestStatus, value: next }]);
  };
  const decideIfOpen = (candidate: Decision, via: string) => {
    if (isOpen()) {
      decision = candidate;
      decidedIn = currentTraceContext();
    } else lateSignals.push({ signal: via, reason: `request is ${closingStatus()}` });
  };

  setHandler(messages.status, snapshot);
  setHandler(messages.requestOpened, async () => {
    await condition(() => invitationSent || isTerminal(status));
    return snapshot();
  });
  setHandler(
    messages.decide,
    async (candidate) => {
      decideIfOpen(candidate, `decide:${candidate.kind}`);
      await condition(() => isTerminal(status));
      return snapshot();
    },
    {
      validator: (_candidate: Decision) => {
        if (isOpen()) return;
        throw ApplicationFailure.create({
          type: messages.requestClosedFailureType,
          message: `The request is ${closingStatus()}`,
          details: [closingStatus()],
          nonRetryable: true,
        });
      },
    },
  );
  setHandler(messages.cancel, (body) => decideIfOpen({ kind: 'cancel', ...body }, 'cancel'));
  setHandler(messages.resendInvitation, ({ requestedBy }) => {
    if (!isOpen()) return void lateSignals.push({ signal: 'resendInvitation', reason: `request is ${closingStatus()}` });
    resendsRequested += 1;
    resendRequesters.push(requestedBy);
  });
  // Any other signal (an `accept` or `decline` of old, say) decides nothing; the request records that it came.
  setDefaultSignalHandler((signal) => void lateSignals.push({ signal, reason: 'no such signal: a customer decides only through the API' }));

  // Open: the rules on the parties' facts, and the request recorded with its outcome.
  setCurrentDetails(details.checking);
  const oneStep = patched(patches.openAndInviteInOneStep);
  const opened = oneStep
    ? await firstInTask(inTask.openRequestAndInvite, scheduled.openRequestAndInvite, summaries.openRequestAndInvite, [{ request, invitationTtlMs }])
    : await firstInTask(inTask.openRequest, scheduled.openRequest, summaries.openRequest, [{ request, invitationTtlMs }]);
  if (!opened.eligible) {
    rejection = { code: opened.code, detail: opened.detail };
    enter('rejected');
    setCurrentDetails(details.rejected(rejection));
    return finish();
  }
  expiresAt = opened.expiresAt;
  enter('pending');
  const invitation = { request, expiresAt: opened.expiresAt };
  if (!oneStep) await firstInTask(inTaskOnce.sendInvitation, scheduled.sendInvitation, summaries.sendInvitation, [invitation]);
  else if (!('invitationSent' in opened && opened.invitationSent)) await retriedLater(scheduled.sendInvitation, summaries.sendInvitation, [invitation]);
  invitationSent = true;

  // Wait for an answer, one timer at a time: the next reminder, else the expiry.
  while (decision === undefined && !hasExpired()) {
    const next = nextDeadline(opened.expiresAt, schedule, remindersSent);
    setCurrentDetails(details.waiting(next, schedule.reminderOffsetsMs.length, { expiresAt: opened.expiresAt, remindersSent }));
    const woken = await condition(
      () => decision !== undefined || resendsRequested > resendsSent,
      Math.max(1, next.at - workflowTime()),
    );
    if (decision !== undefined || hasExpired()) break;
    if (!woken && next.kind === 'reminder') {
      await scheduled.sendReminder.executeWithOptions({ summary: summaries.sendReminder(next.reminderNumber) }, [
        { request, expiresAt: opened.expiresAt, reminderNumber: next.reminderNumber },
      ]);
      remindersSent = next.reminderNumber;
    } else if (resendsRequested > resendsSent) {
      const requestedBy = resendRequesters[resendsSent];
      resendsSent += 1;
      await firstInTask(inTaskOnce.sendInvitation, scheduled.sendInvitation, summaries.resendInvitation(resendsSent), [
        { request, expiresAt: opened.expiresAt, resendNumber: resendsSent, ...(requestedBy && { requestedBy }) },
      ]);
    }
  }

  /**
   * The steps that close the request belong to the trace of the update or signal that decided it, not to the one that
   * started the workflow (traceScope.ts; without tracing this simply closes).
   */
  await inTraceContext(decidedIn, close);
  return finish();

  /** Records how it ended, then tells whoever needs to hear. */
  async function close(): Promise<void> {
    setCurrentDetails(details.recording(closingStatus()));
    if (decision?.kind === 'accept') {
      const { acceptance } = decision;
      // Both emails in one step: they answer the same decision, and their events reach the request in one write.
      const notices = { request, acceptedBy: acceptance.by };
      if (patched(patches.acceptAndNotifyInOneStep)) {
        const { noticesSent } = await firstInTask(inTask.recordAcceptanceAndNotify, scheduled.recordAcceptanceAndNotify, summaries.recordAcceptanceAndNotify, [
          { request, acceptance },
        ]);
        enter('accepted');
        if (!noticesSent) await retriedLater(scheduled.sendAcceptanceNotices, summaries.sendAcceptanceNotices, [notices]);
      } else {
        await firstInTask(inTask.recordAcceptance, scheduled.recordAcceptance, summaries.recordAcceptance, [{ request, acceptance }]);
        enter('accepted');
        await firstInTask(inTaskOnce.sendAcceptanceNotices, scheduled.sendAcceptanceNotices, summaries.sendAcceptanceNotices, [notices]);
      }
    } else if (decision?.kind === 'decline') {
      const { reason } = decision;
      await firstInTask(inTask.recordClosing, scheduled.recordClosing, summaries.recordDecline, [
        { requestId, status: 'declined', actor: customerActor(decision.by), reason },
      ]);
      enter('declined');
      await firstInTask(inTaskOnce.notifyPartner, scheduled.notifyPartner, summaries.notifyPartner('declined'), [{ request, outcome: 'declined', reason }]);
    } else if (decision?.kind === 'cancel') {
      await firstInTask(inTask.recordClosing, scheduled.recordClosing, summaries.recordCancellation, [
        { requestId, status: 'cancelled', actor: { kind: 'partnerUser', ...decision.by }, reason: decision.reason },
      ]);
      enter('cancelled');
    } else {
      await firstInTask(inTask.recordClosing, scheduled.recordClosing, summaries.recordExpiry, [{ requestId, status: 'expired', actor: { kind: 'system' } }]);
      enter('expired');
      await firstInTask(inTaskOnce.notifyPartner, scheduled.notifyPartner, summaries.notifyPartner('expired'), [{ request, outcome: 'expired' }]);
    }
    setCurrentDetails(details.closed(status));
  }

  /** Lets every handler answer, records the signals that came too late (they changed nothing), and returns the state. */
  async function finish(): Promise<RequestSnapshot> {
    await condition(allHandlersFinished);
    for (let recorded = 0; recorded < lateSignals.length; ) {
      const batch = lateSignals.slice(recorded);
      await scheduled.recordIgnoredSignals.executeWithOptions({ summary: summaries.recordIgnoredSignals }, [
        { requestId, firstIndex: recorded, signals: batch },
      ]);
      recorded += batch.length;
    }
    return snapshot();
  }
}
