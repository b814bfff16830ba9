import { proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type { Attestation, Signatory } from '../domain/agreement.js';
import type { PartnerUserRef } from '../domain/relationshipRequest.js';
import type { Customer } from '../domain/tenants.js';
import type { AddCustomerActivities } from './activityPorts.js';
import { addCustomerSummaries as summaries } from './activitySummaries.js';
import { addCustomerDetails as details } from './currentDetails.js';
import { scheduledStep } from './steps.js';

/**
 * A brand-new tenant (its ID assigned by the engine, its domain the initial `.onmicrosoft` one), the partner that adds
 * it, and who accepted the agreement for the customer.
 */
export type NewCustomerInput = Customer & {
  includeDelegatedAdminPrivileges: boolean;
  partnerTenantId: string;
  /** The partner user who adds the customer and attests the signatory's acceptance. */
  createdBy: PartnerUserRef;
  agreement: Signatory & { acceptedAt: string; attestation: Attestation };
};

export type NewCustomerOutcome = { outcome: 'created'; customerTenantId: string } | { outcome: 'domainTaken' };

const scheduled = proxyActivities<AddCustomerActivities>(scheduledStep);

/** A brand-new customer: the reseller relationship exists at once, no invitation. */
export async function addCustomer(input: NewCustomerInput): Promise<NewCustomerOutcome> {
  setCurrentDetails(details.creating(input.companyName));
  return scheduled.createCustomerWithRelationship.executeWithOptions({ summary: summaries.createCustomerWithRelationship }, [input]);
}
