import { allHandlersFinished, ApplicationFailure, condition, setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Acceptance, Decision, RelationshipRequestInput, RequestSnapshot } from '../domain/relationshipRequest.js';
import { isTerminal, reminderSchedule, statusAfter, type RequestStatus } from '../domain/lifecycle.js';
import type { RuleCode } from '../domain/eligibility.js';
import * as messages from './definitions.js';
import * as searchAttributes from './searchAttributes.js';
import { step } from './steps.js';

type IgnoredSignal = { signal: string; reason: string };

/**
 * Workflow time: inside the workflow sandbox the SDK replaces `Date` with a deterministic clock that reads the
 * current workflow task's start time, the same on every replay. Not the machine's clock.
 */
export const workflowTime = () => Date.now();

/** One request's live state and the messages that read or change it, shared by every generation of the workflow. */
export class RequestState {
  status: RequestStatus = 'validating';
  invitationSent = false;
  rejection: { code: RuleCode; detail: string } | undefined;
  expiresAt: string | undefined;
  remindersSent = 0;
  resendsRequested = 0;
  resendsSent = 0;
  /** Set by the expiry timer of the generations that started one timer per deadline. */
  expired = false;
  /** With one timer at a time, the expiry also holds while a reminder is being sent; before that, never set. */
  expiresAtMs = Number.POSITIVE_INFINITY;
  decision: Decision | undefined;
  readonly ignored: IgnoredSignal[] = [];
  readonly reminderOffsets: number[];
  readonly dueReminders: number[] = [];

  constructor(readonly input: RelationshipRequestInput) {
    this.reminderOffsets = reminderSchedule(input.reminderOffsetsMs, input.invitationTtlMs);
    this.listen();
  }

  snapshot = (): RequestSnapshot => ({
    requestId: this.input.requestId,
    status: this.status,
    ...(this.rejection && { rejection: this.rejection }),
    ...(this.expiresAt && { expiresAt: this.expiresAt }),
    remindersSent: this.remindersSent,
    ...(this.status === 'pending' && this.remindersSent < this.reminderOffsets.length && { nextReminderNumber: this.remindersSent + 1 }),
  });

  hasExpired = () => this.expired || workflowTime() >= this.expiresAtMs;
  isOpen = () => this.status === 'pending' && this.decision === undefined && !this.hasExpired();
  closingStatus = (): RequestStatus =>
    this.decision ? statusAfter(this.decision.kind) : this.hasExpired() ? 'expired' : this.status;

  /** Enters a status and shows it to operators as the `RequestStatus` search attribute. */
  enter(next: RequestStatus) {
    this.status = next;
    upsertSearchAttributes([{ key: searchAttributes.RequestStatus, value: next }]);
  }

  /** The arguments of `recordAcceptance`: the acceptance with the request's own facts, so that it reads nothing back. */
  acceptanceToRecord(acceptance: Acceptance) {
    const { input } = this;
    return {
      requestId: input.requestId,
      acceptance,
      request: {
        partnerTenantId: input.partnerTenantId,
        customerTenantId: input.customerTenantId,
        includeDelegatedAdminPrivileges: input.includeDelegatedAdminPrivileges,
        ...(input.indirectResellerId && { indirectResellerId: input.indirectResellerId }),
      },
    };
  }

  /** The arguments of `closeRequest` for an ending other than an acceptance: a decline, a cancellation or the expiry. */
  closingToRecord() {
    const { decision } = this;
    const requestId = this.input.requestId;
    if (decision?.kind === 'decline') return { requestId, status: 'declined' as const, reason: decision.reason, actor: { kind: 'customer' as const } };
    if (decision?.kind === 'cancel') {
      return { requestId, status: 'cancelled' as const, reason: decision.reason, actor: { kind: 'partnerUser' as const, ...decision.by } };
    }
    return { requestId, status: 'expired' as const, actor: { kind: 'system' as const } };
  }

  private offer(candidate: Decision, via: string): boolean {
    if (!this.isOpen()) {
      this.ignored.push({ signal: via, reason: `request is ${this.closingStatus()}` });
      return false;
    }
    this.decision = candidate;
    return true;
  }

  private listen() {
    setHandler(messages.status, this.snapshot);
    setHandler(messages.openRequest, async () => {
      await condition(() => this.status !== 'validating' && (this.status !== 'pending' || this.invitationSent));
      return this.snapshot();
    });
    setHandler(
      messages.decide,
      async (candidate) => {
        this.offer(candidate, `decide:${candidate.kind}`);
        await condition(() => isTerminal(this.status));
        return this.snapshot();
      },
      {
        validator: (_candidate: Decision) => {
          if (!this.isOpen()) {
            throw ApplicationFailure.create({
              type: messages.requestClosedFailureType,
              message: `The request is ${this.closingStatus()}`,
              details: [this.closingStatus()],
              nonRetryable: true,
            });
          }
        },
      },
    );
    setHandler(messages.accept, (body) => void this.offer({ kind: 'accept', ...body }, 'accept'));
    setHandler(messages.decline, (body) => void this.offer({ kind: 'decline', ...body }, 'decline'));
    setHandler(messages.cancel, (body) => void this.offer({ kind: 'cancel', ...body }, 'cancel'));
    setHandler(messages.resendInvitation, () => {
      if (this.isOpen()) this.resendsRequested += 1;
      else this.ignored.push({ signal: 'resendInvitation', reason: `request is ${this.closingStatus()}` });
    });
  }

  /**
   * Waits for a message or for the next deadline (the next reminder, else the expiry) with a single timer, so that
   * opening costs one timer and a decision cancels one. A reminder found due after the expiry is not sent.
   */
  async untilNextDeadline(): Promise<void> {
    if (!this.hasExpired()) {
      const openedAt = this.expiresAtMs - this.input.invitationTtlMs;
      const nextReminder = this.reminderOffsets[this.remindersSent];
      const dueAt = nextReminder === undefined ? this.expiresAtMs : openedAt + nextReminder;
      const woken = await condition(
        () => this.decision !== undefined || this.resendsRequested > this.resendsSent,
        Math.max(1, dueAt - workflowTime()),
      );
      if (!woken && !this.hasExpired()) this.dueReminders.push(this.remindersSent + 1);
    }
    if (this.decision === undefined && this.hasExpired()) this.expired = true;
  }

  describeWaiting() {
    // Timers started when the invitation opened, at expiresAt - TTL.
    const openedAt = Date.parse(this.expiresAt ?? '') - this.input.invitationTtlMs;
    const next = this.reminderOffsets[this.remindersSent];
    const reminder =
      next === undefined || Number.isNaN(openedAt)
        ? 'no reminder left'
        : `reminder ${this.remindersSent + 1} of ${this.reminderOffsets.length} at ${new Date(openedAt + next).toISOString()}`;
    setCurrentDetails(
      `Waiting for the customer to accept or decline.\nNext: ${reminder}.\nExpires: ${this.expiresAt ?? 'unknown'}.\nReminders sent: ${this.remindersSent}.`,
    );
  }

  /** Waits for every handler, records the signals that came too late (they change nothing), and answers. */
  async close(): Promise<RequestSnapshot> {
    await condition(allHandlersFinished);
    for (let recorded = 0; recorded < this.ignored.length; ) {
      const batch = this.ignored.slice(recorded);
      await step('recordIgnoredSignals', 'Record signals that came too late', { requestId: this.input.requestId, firstIndex: recorded, signals: batch });
      recorded += batch.length;
    }
    return this.snapshot();
  }
}
