import { allHandlersFinished, condition, setCurrentDetails, setHandler } from '@temporalio/workflow';
import { firstInTask, inTask, scheduled } from './inTaskSteps.js';
import {
  changeRecorded,
  type DelegatedAdminRemovalInput,
  type RelationshipChangeOutcome,
  type RelationshipEndingInput,
  type RelationshipRef,
} from './relationshipChangesContract.js';

/** Runs `record` once, answers `changeRecorded` with its outcome, then runs `notify` when something changed. */
async function recordThenNotify(
  record: () => Promise<RelationshipChangeOutcome>,
  notify: (ref: RelationshipRef) => Promise<unknown>,
  ref: RelationshipRef,
  details: { recording: string; notifying: string; done: string; nothing: string },
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

/**
 * A partner ends a reseller relationship: the ending is recorded (the API answers with it), then the customer is
 * emailed and the partner's webhook endpoints hear `relationship.ended`. One per relationship (its workflow ID).
 */
export async function relationshipEnding(input: RelationshipEndingInput): Promise<RelationshipChangeOutcome> {
  const ref: RelationshipRef = { partnerTenantId: input.partnerTenantId, customerTenantId: input.customerTenantId, relationshipId: input.relationshipId };
  return recordThenNotify(
    // The record the API waits on, in the task that answers; the notices no one waits on, scheduled.
    () => firstInTask(inTask.recordRelationshipEnding, scheduled.recordRelationshipEnding, 'Record the ending', [input]),
    (ended) =>
      Promise.all([
        scheduled.notifyCustomerOfEnding.executeWithOptions({ summary: 'Email the customer' }, [ended]),
        scheduled.publishRelationshipEnded.executeWithOptions({ summary: 'Publish relationship.ended' }, [ended]),
      ]),
    ref,
    {
      recording: `Ending the reseller relationship ${input.relationshipId}`,
      notifying: 'Ended; telling the customer and the partner\'s webhook endpoints',
      done: 'Ended; the customer was told',
      nothing: 'Nothing to end: the relationship is not active',
    },
  );
}

/**
 * A Global administrator of the customer removes the partner's delegated admin privileges: the removal is recorded
 * (the API answers with it), then the partner is emailed. The relationship stays.
 */
export async function delegatedAdminRemoval(input: DelegatedAdminRemovalInput): Promise<RelationshipChangeOutcome> {
  const ref: RelationshipRef = { partnerTenantId: input.partnerTenantId, customerTenantId: input.customerTenantId, relationshipId: input.relationshipId };
  return recordThenNotify(
    () => firstInTask(inTask.recordDelegatedAdminRemoval, scheduled.recordDelegatedAdminRemoval, 'Record the removal', [input]),
    (removed) => scheduled.notifyPartnerOfDelegatedAdminRemoval.executeWithOptions({ summary: 'Email the partner' }, [removed]),
    ref,
    {
      recording: `Removing the delegated admin privileges of relationship ${input.relationshipId}`,
      notifying: 'Removed; telling the partner',
      done: 'Removed; the partner was told',
      nothing: 'Nothing to remove',
    },
  );
}
