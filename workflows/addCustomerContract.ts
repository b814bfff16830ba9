import type { Attestation, Signatory } from '../domain/agreement.js';
import type { PartnerUserRef } from '../domain/relationshipRequest.js';
import type { Customer } from '../domain/tenants.js';
import type { StartOptions, WorkflowSettings } from './startOptions.js';

/**
 * Keyed by the new tenant's initial domain, which one tenant holds across all partners (the engine assigns the tenant
 * ID, so it cannot key a retry).
 */
export const addCustomerWorkflowId = (initialDomain: string) => `add-customer:${initialDomain}`;

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

/**
 * Joins a running workflow for the same domain (conflict policy use existing): a second add of a prefix that another
 * is creating waits for that one and sees a tenant ID that is not its own.
 */
export function addCustomerStart(
  settings: WorkflowSettings,
  input: NewCustomerInput,
  partnerName: string,
): StartOptions<NewCustomerInput, NewCustomerOutcome> {
  return {
    workflowType: 'addCustomer',
    workflowId: addCustomerWorkflowId(input.domain),
    taskQueue: settings.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: `${partnerName} adds new customer ${input.companyName} (${input.domain})`,
  };
}
