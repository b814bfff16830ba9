import {
  changeRecorded,
  delegatedAdminRemovalStart,
  relationshipEndingStart,
  type DelegatedAdminRemovalInput,
  type RelationshipChangeOutcome,
  type RelationshipEndingInput,
} from '../workflows/relationshipChangesContract.js';
import type { WorkflowSettings } from '../workflows/startOptions.js';
import type { TemporalClient } from './connection.js';
import { withStart } from './start.js';

/** Ends a reseller relationship through its `relationshipEnding` workflow; answers once the ending is recorded. */
export const endRelationship = (temporal: TemporalClient, settings: WorkflowSettings, input: RelationshipEndingInput): Promise<RelationshipChangeOutcome> =>
  temporal.workflow.executeUpdateWithStart(changeRecorded, { startWorkflowOperation: withStart(relationshipEndingStart(settings, input)) });

/** Removes a partner's delegated admin privileges through its `delegatedAdminRemoval` workflow; answers once recorded. */
export const removeDelegatedAdminPrivileges = (
  temporal: TemporalClient,
  settings: WorkflowSettings,
  input: DelegatedAdminRemovalInput,
  customerName: string,
): Promise<RelationshipChangeOutcome> =>
  temporal.workflow.executeUpdateWithStart(changeRecorded, {
    startWorkflowOperation: withStart(delegatedAdminRemovalStart(settings, input, customerName)),
  });
