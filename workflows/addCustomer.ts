import { proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type { NewCustomerInput, NewCustomerOutcome } from './addCustomerContract.js';
import type { AddCustomerActivities } from './activityPorts.js';
import { addCustomerSummaries as summaries } from './activitySummaries.js';
import { addCustomerDetails as details } from './currentDetails.js';
import { scheduledStep } from './steps.js';

const scheduled = proxyActivities<AddCustomerActivities>(scheduledStep);

/** A brand-new customer: the reseller relationship exists at once, no invitation. */
export async function addCustomer(input: NewCustomerInput): Promise<NewCustomerOutcome> {
  setCurrentDetails(details.creating(input.companyName));
  return scheduled.createCustomerWithRelationship.executeWithOptions({ summary: summaries.createCustomerWithRelationship }, [input]);
}
