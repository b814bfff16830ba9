import { allHandlersFinished, condition, proxyActivities, proxyLocalActivities, setCurrentDetails, setHandler } from '@temporalio/workflow';
import type { RelationshipChangeActivities } from './activityPorts.js';
import { relationshipChangeSummaries as summaries } from './activitySummaries.js';
import { delegatedAdminRemovalDetails, relationshipEndingDetails, type RelationshipChangeDetails } from './currentDetails.js';
import {
  changeRecorded,
  type DelegatedAdminRemovalInput,
  type RelationshipChangeOutcome,
  type RelationshipEndingInput,
  type RelationshipRef,
} from './relationshipChangesContract.js';
import { firstInTask, inTaskStep, scheduledStep } from './steps.js';

const inTask = proxyLocalActivities<RelationshipChangeActivities>(inTaskStep);
const scheduled = proxyActivities<RelationshipChangeActivities>(scheduledStep);

/**
 * A partner ends a reseller relationship: the ending is recorded (the API answers with it), then the customer is
 * emailed and the partner's webhook endpoints hear `relationship.ended`. One per relationship (its workflow ID).
 */
export async function relationshipEnding(input: RelationshipEndingInput): Promise<RelationshipChangeOutcome> {
  const ref: RelationshipRef = { partnerTenantId: input.partnerTenantId, customerTenantId: input.customerTenantId, relationshipId: input.relationshipId };
  return recordThenNotify(
    // The record the API waits on, in the task that answers; the notices no one waits on, scheduled.
    () => firstInTask(inTask.recordRelationshipEnding, scheduled.recordRelationshipEnding, summaries.recordRelationshipEnding, [input]),
    (ended) =>
      Promise.all([
        scheduled.notifyCustomerOfEnding.executeWithOptions({ summary: summaries.notifyCustomerOfEnding }, [ended]),
        scheduled.publishRelationshipEnded.executeWithOptions({ summary: summaries.publishRelationshipEnded }, [ended]),
      ]),
    ref,
    relationshipEndingDetails(input.relationshipId),
  );
}

/**
 * A Global administrator of the customer removes the partner's delegated admin privileges: the removal is recorded
 * (the API answers with it), then the partner is emailed. The relationship stays.
 */
export async function delegatedAdminRemoval(input: DelegatedAdminRemovalInput): Promise<RelationshipChangeOutcome> {
  const ref: RelationshipRef = { partnerTenantId: input.partnerTenantId, customerTenantId: input.customerTenantId, relationshipId: input.relationshipId };
  return recordThenNotify(
    () => firstInTask(inTask.recordDelegatedAdminRemoval, scheduled.recordDelegatedAdminRemoval, summaries.recordDelegatedAdminRemoval, [input]),
    (removed) =>
      scheduled.notifyPartnerOfDelegatedAdminRemoval.executeWithOptions({ summary: summaries.notifyPartnerOfDelegatedAdminRemoval }, [removed]),
    ref,
    delegatedAdminRemovalDetails(input.relationshipId),
  );
}

/** Runs `record` once, answers `changeRecorded` with its outcome, then runs `notify` when something changed. */
async function recordThenNotify(
  record: () => Promise<RelationshipChangeOutcome>,
  notify: (ref: RelationshipRef) => Promise<unknown>,
  ref: RelationshipRef,
  details: RelationshipChangeDetails,
): Promise<RelationshipChangeOutcome> {
  let outcome: RelationshipChangeOutcome | undefined;
  setHandler(changeRecorded, async () => {
    await condition(() => outcome !== undefined);
    return outcome!;
  });
  setCurrentDetails(details.recording);
  outcome = await record();
  if (outcome.outcome === 'ended' || outcome.outcome === 'removed') {
    setCurrentDetails(details.notifying);
    await notify(ref);
    setCurrentDetails(details.done);
  } else {
    setCurrentDetails(details.nothing);
  }
  await condition(allHandlersFinished);
  return outcome;
}
