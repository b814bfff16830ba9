import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { Decision, RelationshipRequestInput, RequestSnapshot } from '../domain/relationshipRequest.js';
import { reminderSchedule } from '../domain/durations.js';
import { isTerminal, statusAfter, type RequestStatus } from '../domain/requestStatus.js';
import type { RuleCode } from '../domain/eligibility.js';
import * as messages from './definitions.js';
import * as searchAttributes from './searchAttributes.js';

const activities = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

type IgnoredSignal = { signal: string; reason: string };

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
  const isOpen = () => status === 'pending' && decision === undefined && !expired;
  const closingStatus = (): RequestStatus =>
    decision ? statusAfter(decision.kind) : expired ? 'expired' : status;

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
  await activities.registerRequest(input);
  const verdict = await activities.checkEligibility({ requestId });
  if (!verdict.eligible) {
    rejection = { code: verdict.code, detail: verdict.detail };
    await activities.rejectRequest({ requestId, ...rejection });
    enter('rejected');
    setCurrentDetails(`Rejected: ${verdict.code}. ${verdict.detail}`);
    await condition(allHandlersFinished);
    return snapshot();
  }

  ({ expiresAt } = await activities.openInvitation({ requestId, invitationTtlMs: input.invitationTtlMs }));
  enter('pending');

  // Timers live in their own scope so that a decision can cancel the ones still pending.
  const timers = new CancellationScope();
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

  await activities.sendInvitation.executeWithOptions(
    { summary: 'Send the invitation email' },
    [{ requestId }],
  );
  invitationSent = true;

  for (;;) {
    describeWaiting();
    await condition(
      () => decision !== undefined || expired || dueReminders.length > 0 || resendsRequested > resendsSent,
    );
    if (decision || expired) break;
    const reminderNumber = dueReminders.shift();
    if (reminderNumber !== undefined) {
      await activities.sendReminder.executeWithOptions(
        { summary: `Send reminder ${reminderNumber}` },
        [{ requestId, reminderNumber }],
      );
      remindersSent = reminderNumber;
    } else {
      resendsSent += 1;
      await activities.sendInvitation.executeWithOptions(
        { summary: `Resend the invitation (${resendsSent})` },
        [{ requestId, resendNumber: resendsSent }],
      );
    }
  }
  timers.cancel();

  const closed = closingStatus();
  setCurrentDetails(`Recording: ${closed}`);
  if (decision?.kind === 'accept') {
    await activities.recordAcceptance({ requestId, acceptance: decision.acceptance });
    enter('accepted');
    await activities.confirmToCustomer({ requestId });
    await activities.notifyPartner({ requestId, kind: 'accepted' });
  } else if (decision?.kind === 'decline') {
    await activities.closeRequest({ requestId, status: 'declined', reason: decision.reason, actor: { kind: 'customer' } });
    enter('declined');
    await activities.notifyPartner({ requestId, kind: 'declined' });
  } else if (decision?.kind === 'cancel') {
    await activities.closeRequest({
      requestId,
      status: 'cancelled',
      reason: decision.reason,
      actor: { kind: 'partnerUser', ...decision.by },
    });
    enter('cancelled');
  } else {
    await activities.closeRequest({ requestId, status: 'expired', actor: { kind: 'system' } });
    enter('expired');
    await activities.notifyPartner({ requestId, kind: 'expired' });
  }
  setCurrentDetails(`Closed: ${status}`);

  await condition(allHandlersFinished);
  // Signals that arrived after the decision change nothing; they are kept on the request as ignored.
  for (let recorded = 0; recorded < ignored.length; ) {
    const batch = ignored.slice(recorded);
    await activities.recordIgnoredSignals({ requestId, firstIndex: recorded, signals: batch });
    recorded += batch.length;
  }
  return snapshot();

  function describeWaiting() {
    const next = reminderOffsets[remindersSent];
    const reminder = next === undefined ? 'no reminder left' : `reminder ${remindersSent + 1} after ${formatOffset(next)}`;
    setCurrentDetails(`Waiting for the customer to accept or decline; ${reminder}; expires ${expiresAt ?? '?'}`);
  }
}

function formatOffset(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1000, 's'],
  ];
  const found = units.find(([size]) => ms % size === 0);
  return found ? `${ms / found[0]}${found[1]}` : `${ms}ms`;
}
