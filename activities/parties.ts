import { ApplicationFailure } from '@temporalio/common';
import type { RequestParties } from '../domain/relationshipRequest.js';
import type { Collections } from '../platform/mongo.js';
import { findParties } from '../platform/parties.js';

/** The two parties of a request as the tenants are now; for runs and requests that do not carry them. */
export async function readParties(
  collections: Collections,
  ids: { partnerTenantId: string; customerTenantId: string },
): Promise<RequestParties> {
  const parties = await findParties(collections, ids);
  if (!parties) throw ApplicationFailure.nonRetryable('Partner or customer no longer exists', 'TenantNotFound');
  return parties;
}
