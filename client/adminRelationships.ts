import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { AdminRelationshipStatus, CustomerAdministrator, PartnerAgent } from '../domain/adminRelationships.js';
import {
  accessAssignmentsChanged,
  adminRelationshipStart,
  adminRelationshipWorkflowId,
  decideApproval,
  lockForApproval,
  terminate,
  type AdminRelationshipInput,
  type AdminRelationshipOutcome,
} from '../workflows/adminRelationshipContract.js';
import type { WorkflowSettings } from '../workflows/startOptions.js';
import type { TemporalClient } from './connection.js';
import { isAlreadyStarted } from './failures.js';
import { sdkStart, type WorkflowOf } from './start.js';

/** What an ask answered; `closed`: the relationship's workflow has ended, so nothing can change it any more. */
export type AdminRelationshipAnswer = AdminRelationshipOutcome | { outcome: 'closed' };

/** Starts a new relationship's workflow; one started before (a retried create) is left as it is. */
export async function startAdminRelationship(temporal: TemporalClient, settings: WorkflowSettings, input: AdminRelationshipInput, names: { displayName: string; partnerName: string }): Promise<void> {
  const { workflowType, options } = sdkStart(adminRelationshipStart(settings, input, names));
  try {
    await temporal.workflow.start<WorkflowOf<AdminRelationshipInput, AdminRelationshipStatus>>(workflowType, options);
  } catch (error) {
    if (!isAlreadyStarted(error)) throw error;
  }
}

type Ref = { partnerTenantId: string; relationshipId: string };

const ask = async (temporal: TemporalClient, ref: Ref, send: (handle: ReturnType<TemporalClient['workflow']['getHandle']>) => Promise<AdminRelationshipOutcome>): Promise<AdminRelationshipAnswer> => {
  try {
    return await send(temporal.workflow.getHandle(adminRelationshipWorkflowId(ref.partnerTenantId, ref.relationshipId)));
  } catch (error) {
    // The run has closed: an expired, rejected or terminated relationship takes no more asks.
    if (error instanceof WorkflowNotFoundError || (error instanceof WorkflowUpdateFailedError && /closed|completed/i.test(error.message))) return { outcome: 'closed' };
    throw error;
  }
};

export const askToLockForApproval = (temporal: TemporalClient, ref: Ref, by: PartnerAgent, at: string) =>
  ask(temporal, ref, (handle) => handle.executeUpdate(lockForApproval, { args: [{ by, at }] }));

export const askToDecideApproval = (temporal: TemporalClient, ref: Ref, kind: 'approve' | 'reject', by: CustomerAdministrator, at: string) =>
  ask(temporal, ref, (handle) => handle.executeUpdate(decideApproval, { args: [{ kind, by, at }] }));

export const askToTerminate = (temporal: TemporalClient, ref: Ref, by: PartnerAgent | CustomerAdministrator, at: string) =>
  ask(temporal, ref, (handle) => handle.executeUpdate(terminate, { args: [{ by, at }] }));

/** Tells the relationship's workflow that its access assignments changed; a closed one has none to apply. */
export async function announceAccessAssignments(temporal: TemporalClient, ref: Ref): Promise<void> {
  await ask(temporal, ref, async (handle) => {
    await handle.signal(accessAssignmentsChanged);
    return { outcome: 'changed', status: 'active' };
  });
}
