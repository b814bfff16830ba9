import { z } from 'zod';
import { Cloud, cloudLabel } from './clouds.js';
import { regionOf, sameRegion } from './regions.js';

export const RuleCode = z.enum(['region_not_allowed', 'cloud_mismatch', 'delegated_admin_required', 'relationship_exists']);
export type RuleCode = z.infer<typeof RuleCode>;

export const EligibilityInput = z.object({
  partner: z.object({ country: z.string(), cloud: Cloud }),
  customer: z.object({ country: z.string(), cloud: Cloud }),
  includeDelegatedAdminPrivileges: z.boolean(),
  /** An active reseller relationship of the pair; one that ended does not count, so the pair may ask again. */
  hasResellerRelationship: z.boolean(),
});
export type EligibilityInput = z.infer<typeof EligibilityInput>;

export type EligibilityVerdict = { eligible: true } | { eligible: false; code: RuleCode; detail: string };

/** What the partner is doing: inviting an existing customer (a request), or adding a new one (no invitation). */
export type EligibilityAction = 'invite' | 'add';

const where = (country: string) => `${country} (${regionOf(country) ?? 'no CSP region'})`;

/**
 * The rules in the order they are checked, first failure wins: the cloud boundary is the most fundamental,
 * then the market, then the partner's own option, then whether anything is left to ask for.
 */
const rules: readonly ((input: EligibilityInput, action: EligibilityAction) => EligibilityVerdict | undefined)[] = [
  ({ partner, customer }) =>
    partner.cloud === customer.cloud
      ? undefined
      : {
          eligible: false,
          code: 'cloud_mismatch',
          detail: `The partner is in the ${cloudLabel(partner.cloud)} and the customer in the ${cloudLabel(customer.cloud)}; both must be in the same cloud`,
        },
  ({ partner, customer }, action) =>
    sameRegion(partner.country, customer.country)
      ? undefined
      : {
          eligible: false,
          code: 'region_not_allowed',
          detail: `A partner in ${where(partner.country)} cannot ${action} a customer in ${where(customer.country)}: the customer's market must be in the partner's CSP region`,
        },
  ({ partner, includeDelegatedAdminPrivileges }) =>
    partner.cloud === 'usgov' && !includeDelegatedAdminPrivileges
      ? {
          eligible: false,
          code: 'delegated_admin_required',
          detail: 'Partners in Microsoft Cloud for US Government must include delegated admin privileges',
        }
      : undefined,
  ({ hasResellerRelationship }) =>
    hasResellerRelationship
      ? { eligible: false, code: 'relationship_exists', detail: 'The customer already has an active reseller relationship with this partner' }
      : undefined,
];

/** The first rule the input breaks, with a detail worded for the action (`invite` unless the caller adds a customer). */
export function checkEligibility(input: EligibilityInput, action: EligibilityAction = 'invite'): EligibilityVerdict {
  for (const rule of rules) {
    const violation = rule(input, action);
    if (violation) return violation;
  }
  return { eligible: true };
}
