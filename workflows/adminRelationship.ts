import { allHandlersFinished, condition, continueAsNew, proxyActivities, setCurrentDetails, setHandler } from '@temporalio/workflow';
import { approvalReminderDays, approvalTtlDays, isActive, isTerminable, nextDeadline, type AdminRelationshipStatus } from '../domain/adminRelationshipLifecycle.js';
import type { AdminRelationshipActor } from '../domain/adminRelationships.js';
import type { AdminRelationshipActivities } from './activityPorts.js';
import { adminRelationshipSummaries as summaries } from './activitySummaries.js';
import {
  accessAssignmentsChanged,
  decideApproval,
  lockForApproval,
  terminate,
  type AdminRelationshipInput,
  type AdminRelationshipOutcome,
} from './adminRelationshipContract.js';
import { adminRelationshipDetails as details } from './currentDetails.js';
import { scheduledStep } from './steps.js';
import { timestampOf, workflowTime, workflowTimestamp } from './workflowTime.js';

const scheduled = proxyActivities<AdminRelationshipActivities>(scheduledStep);

/**
 * One admin relationship (GDAP), from its creation to its end. It waits for the partner to lock it for approval, then
 * for the customer's Global administrator (reminding them, expiring after 90 days); once approved it is active until
 * its end, with the partner's notices 30, 7 and 1 days before; at the end it extends itself (continuing as new, so its
 * history stays small) or expires. Either side may terminate it while it is open. Access assignments are granted while
 * it is active and removed as it ends. Every change is a step that moves the recorded status from the one expected.
 */
export async function adminRelationship(input: AdminRelationshipInput): Promise<AdminRelationshipStatus> {
  const { relationshipId, dayMs } = input;
  let status: AdminRelationshipStatus = input.active ? 'active' : 'created';
  let endAtMs = input.active?.endAtMs ?? 0;
  let autoExtendDays = input.active?.autoExtendDays ?? 0;
  let noticesSent: number[] = [];
  let assignmentsChanged = Boolean(input.active);
  // One change at a time: the handlers and the relationship's own clock take turns.
  let busy = false;
  const exclusive = async <T>(change: () => Promise<T>): Promise<T> => {
    await condition(() => !busy);
    busy = true;
    try {
      return await change();
    } finally {
      busy = false;
    }
  };
  const refused = (reason: Extract<AdminRelationshipOutcome, { outcome: 'refused' }>['reason']): AdminRelationshipOutcome => ({ outcome: 'refused', reason, status });
  const changed = (): AdminRelationshipOutcome => ({ outcome: 'changed', status });

  setHandler(lockForApproval, ({ by, at }) =>
    exclusive(async () => {
      if (status !== 'created') return refused('notCreated');
      const locked = await scheduled.lockAdminRelationship.executeWithOptions({ summary: summaries.lockAdminRelationship }, [
        { relationshipId, at, by, approvalTtlMs: approvalTtlDays * dayMs },
      ]);
      if (!locked.locked) return refused(locked.reason);
      status = 'approvalPending';
      return changed();
    }),
  );

  setHandler(decideApproval, ({ kind, by, at }) =>
    exclusive(async () => {
      if (status !== 'approvalPending') return refused('notPending');
      if (kind === 'reject') {
        await record(['approvalPending'], 'terminated', at, by, 'rejected');
        return changed();
      }
      const activated = await scheduled.activateAdminRelationship.executeWithOptions({ summary: summaries.activateAdminRelationship }, [{ relationshipId, at, by, dayMs }]);
      if (!activated.activated) return refused(activated.reason);
      ({ endAtMs, autoExtendDays } = activated);
      noticesSent = [...activated.noticesSkipped];
      status = 'active';
      assignmentsChanged = true;
      return changed();
    }),
  );

  setHandler(terminate, ({ by, at }) =>
    exclusive(async () => {
      if (!isTerminable(status)) return refused('notTerminable');
      const closing = by.kind === 'customer' ? 'terminatedByCustomer' : 'terminatedByPartner';
      await record([status], 'terminationRequested', at, by);
      await record(['terminationRequested'], 'terminating', at, by);
      setCurrentDetails(details.terminating);
      await scheduled.removeAccessAssignments.executeWithOptions({ summary: summaries.removeAccessAssignments }, [{ relationshipId, at }]);
      await record(['terminating'], 'terminated', at, by, closing);
      return changed();
    }),
  );

  setHandler(accessAssignmentsChanged, () => {
    assignmentsChanged = true;
  });

  if (status === 'created') {
    setCurrentDetails(details.created);
    await condition(() => status !== 'created');
  }
  // The handlers move `status` while the workflow waits: read it afresh after each wait.
  const current = (): AdminRelationshipStatus => status;
  if (current() === 'approvalPending') await awaitApproval();
  while (isActive(current())) {
    const next = nextDeadline({ endAtMs, noticesSent }, dayMs);
    setCurrentDetails(details.active(endAtMs, autoExtendDays, next.kind === 'notice' ? `notice ${next.daysLeft} days before the end, ${timestampOf(next.atMs)}` : 'the end'));
    if (assignmentsChanged) {
      assignmentsChanged = false;
      await exclusive(() => scheduled.applyAccessAssignments.executeWithOptions({ summary: summaries.applyAccessAssignments }, [{ relationshipId, at: workflowTimestamp() }]));
      continue;
    }
    const interrupted = await condition(() => !isActive(status) || assignmentsChanged, Math.max(0, next.atMs - workflowTime()));
    if (interrupted) continue;
    const ended = await exclusive(async () => {
      if (!isActive(status)) return false;
      const at = workflowTimestamp();
      if (next.kind === 'notice') {
        await scheduled.sendExpiryNotice.executeWithOptions({ summary: summaries.sendExpiryNotice(next.daysLeft) }, [{ relationshipId, daysLeft: next.daysLeft, at }]);
        noticesSent.push(next.daysLeft);
        status = 'expiring';
        return false;
      }
      if (autoExtendDays > 0) {
        const extendedEnd = endAtMs + autoExtendDays * dayMs;
        await scheduled.extendAdminRelationship.executeWithOptions({ summary: summaries.extendAdminRelationship }, [{ relationshipId, at, endAtMs: extendedEnd }]);
        endAtMs = extendedEnd;
        return 'extended' as const;
      }
      await scheduled.removeAccessAssignments.executeWithOptions({ summary: summaries.removeAccessAssignments }, [{ relationshipId, at }]);
      await record(['active', 'expiring'], 'expired', at, { kind: 'system' }, 'expired');
      return true;
    });
    if (ended === 'extended') {
      // A new run for the next term: the history of this one stays as it is, the next starts small.
      await condition(() => allHandlersFinished() && !busy);
      await continueAsNew<typeof adminRelationship>({ relationshipId, partnerTenantId: input.partnerTenantId, dayMs, active: { endAtMs, autoExtendDays } });
    }
  }
  setCurrentDetails(details.closed(status));
  await condition(allHandlersFinished);
  return status;

  /** Asks the customer, reminds them, and closes the request unapproved after 90 days. */
  async function awaitApproval() {
    const askedAtMs = workflowTime();
    const expiresAtMs = askedAtMs + approvalTtlDays * dayMs;
    setCurrentDetails(details.approvalPending(expiresAtMs));
    await scheduled.sendAdminApprovalRequest.executeWithOptions({ summary: summaries.sendAdminApprovalRequest() }, [{ relationshipId }]);
    for (const [index, days] of approvalReminderDays.entries()) {
      if (await condition(() => status !== 'approvalPending', Math.max(0, askedAtMs + days * dayMs - workflowTime()))) return;
      await scheduled.sendAdminApprovalRequest.executeWithOptions({ summary: summaries.sendAdminApprovalRequest(index + 1) }, [{ relationshipId, reminderNumber: index + 1 }]);
    }
    if (await condition(() => status !== 'approvalPending', Math.max(0, expiresAtMs - workflowTime()))) return;
    await exclusive(async () => {
      if (status === 'approvalPending') await record(['approvalPending'], 'expired', workflowTimestamp(), { kind: 'system' }, 'approvalExpired');
    });
  }

  /** Records a status change, and takes the status recorded (which a retried step finds already moved). */
  async function record(from: AdminRelationshipStatus[], to: AdminRelationshipStatus, at: string, by: AdminRelationshipActor, closing?: Parameters<AdminRelationshipActivities['recordAdminRelationshipStatus']>[0]['closing']) {
    const recorded = await scheduled.recordAdminRelationshipStatus.executeWithOptions({ summary: summaries.recordAdminRelationshipStatus(to) }, [
      { relationshipId, from, to, at, by, ...(closing && { closing }) },
    ]);
    status = recorded.status;
  }
}
