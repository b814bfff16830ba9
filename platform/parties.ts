import { partiesFrom, type RequestParties } from '../domain/relationshipRequest.js';
import type { Collections } from './mongo.js';

/** A request's two parties as the tenants are now, or undefined when either is gone. */
export async function findParties(
  collections: Collections,
  ids: { partnerTenantId: string; customerTenantId: string },
): Promise<RequestParties | undefined> {
  const [partner, customer] = await Promise.all([
    collections.partners.findOne({ _id: ids.partnerTenantId }),
    collections.customers.findOne({ _id: ids.customerTenantId }),
  ]);
  return partner && customer ? partiesFrom(partner, customer) : undefined;
}
