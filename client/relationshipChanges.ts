import {
  changeRecorded,
  delegatedAdminRemovalStart,
  relationshipEndingStart,
  type DelegatedAdminRemovalInput,
  type RelationshipChangeOutcome,
  type RelationshipEndingInput,
} from '../workflows/relationshipChangesContract.js';
import type { UpdateWithStartOptions, WorkflowSettings } from '../workflows/startOptions.js';
import type { TemporalClient } from './connection.js';
import { isAlreadyStarted } from './failures.js';
import { withStart } from './start.js';

/**
 * What a change answered; or `closedBefore`: its workflow had already closed, so the change was recorded (or found
 * nothing to change) by that run, whose record the caller reads. A late second attempt never records or notifies again.
 */
export type ChangeAnswer = RelationshipChangeOutcome | { outcome: 'closedBefore' };

/** Ends a reseller relationship through its `relationshipEnding` workflow; answers once the ending is recorded. */
export const endRelationship = (temporal: TemporalClient, settings: WorkflowSettings, input: RelationshipEndingInput): Promise<ChangeAnswer> =>
  recordChange(temporal, relationshipEndingStart(settings, input));

/** Removes a partner's delegated admin privileges through its `delegatedAdminRemoval` workflow; answers once recorded. */
export const removeDelegatedAdminPrivileges = (
  temporal: TemporalClient,
  settings: WorkflowSettings,
  input: DelegatedAdminRemovalInput,
  customerName: string,
): Promise<ChangeAnswer> => recordChange(temporal, delegatedAdminRemovalStart(settings, input, customerName));

async function recordChange<Input>(temporal: TemporalClient, start: UpdateWithStartOptions<Input, RelationshipChangeOutcome>): Promise<ChangeAnswer> {
  try {
    return await temporal.workflow.executeUpdateWithStart(changeRecorded, { startWorkflowOperation: withStart(start) });
  } catch (error) {
    if (isAlreadyStarted(error)) return { outcome: 'closedBefore' };
    throw error;
  }
}
