import { proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { NewCustomerInput, NewCustomerOutcome } from './addCustomerContract.js';

const { createCustomerWithRelationship } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/** A brand-new customer: the reseller relationship exists at once, no invitation. */
export async function addCustomer(input: NewCustomerInput): Promise<NewCustomerOutcome> {
  setCurrentDetails(`Creating customer ${input.companyName} with a reseller relationship`);
  return createCustomerWithRelationship(input);
}
