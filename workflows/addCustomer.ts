import { proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { Attestation, Signatory } from '../domain/agreement.js';
import type { PartnerUserRef } from '../domain/relationshipRequest.js';
import type { Customer } from '../domain/tenants.js';

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

const { createCustomerWithRelationship } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/** A brand-new customer: the reseller relationship exists at once, no invitation. */
export async function addCustomer(input: NewCustomerInput): Promise<NewCustomerOutcome> {
  setCurrentDetails(`Creating customer ${input.companyName} with a reseller relationship`);
  return createCustomerWithRelationship(input);
}
