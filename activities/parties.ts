import { ApplicationFailure } from '@temporalio/common';
import { partiesFrom, type RequestParties } from '../domain/relationshipRequest.js';
import type { Collections } from '../platform/mongo.js';

/** The two parties of a request as the tenants are now; for runs and requests that do not carry them. */
export async function readParties(
  collections: Collections,
  ids: { partnerTenantId: string; customerTenantId: string },
): Promise<RequestParties> {
  const [partner, customer] = await Promise.all([
    collections.partners.findOne({ _id: ids.partnerTenantId }),
    collections.customers.findOne({ _id: ids.customerTenantId }),
  ]);
  if (!partner || !customer) throw ApplicationFailure.nonRetryable('Partner or customer no longer exists', 'TenantNotFound');
  return partiesFrom(partner, customer);
}
