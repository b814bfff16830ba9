import { addCustomerStart, type NewCustomerInput, type NewCustomerOutcome } from '../workflows/addCustomerContract.js';
import type { WorkflowSettings } from '../workflows/startOptions.js';
import type { TemporalClient } from './connection.js';
import { sdkStart, type WorkflowOf } from './start.js';

/** Creates a brand-new customer through its `addCustomer` workflow and waits for the outcome. */
export async function addNewCustomer(
  temporal: TemporalClient,
  settings: WorkflowSettings,
  input: NewCustomerInput,
  partnerName: string,
): Promise<NewCustomerOutcome> {
  const { workflowType, options } = sdkStart(addCustomerStart(settings, input, partnerName));
  return temporal.workflow.execute<WorkflowOf<NewCustomerInput, NewCustomerOutcome>>(workflowType, options);
}
