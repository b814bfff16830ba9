import type { AnyBulkWriteOperation } from 'mongodb';
import type { SeedFile } from '../domain/tenants.js';
import { hashApiKey } from './apiKeys.js';
import type { CustomerDocument, PartnerUserDocument } from './documents.js';
import type { Collections } from './mongo.js';

export const partnerUserId = (partnerTenantId: string, email: string) => `${partnerTenantId}:${email.toLowerCase()}`;

/** Loads partners, users and customers; running it twice changes nothing. API keys are stored hashed only. */
export async function seedDatabase(collections: Collections, seed: SeedFile, now = new Date()) {
  const users: AnyBulkWriteOperation<PartnerUserDocument>[] = seed.partners.flatMap((partner) =>
    partner.users.map((user) => ({
      updateOne: {
        filter: { _id: partnerUserId(partner.tenantId, user.email) },
        update: {
          $set: {
            partnerTenantId: partner.tenantId,
            email: user.email,
            roles: user.roles,
            apiKeyHash: hashApiKey(user.apiKey),
            updatedAt: now,
          },
        },
        upsert: true,
      },
    })),
  );
  const customers: AnyBulkWriteOperation<CustomerDocument>[] = seed.customers.map(({ tenantId, ...customer }) => ({
    updateOne: {
      filter: { _id: tenantId },
      update: { $set: { ...customer, updatedAt: now }, $setOnInsert: { createdAt: now } },
      upsert: true,
    },
  }));
  if (seed.partners.length > 0) {
    await collections.partners.bulkWrite(
      seed.partners.map(({ tenantId, users: _users, ...partner }) => ({
        updateOne: { filter: { _id: tenantId }, update: { $set: { ...partner, updatedAt: now } }, upsert: true },
      })),
    );
  }
  if (users.length > 0) await collections.partnerUsers.bulkWrite(users);
  if (customers.length > 0) await collections.customers.bulkWrite(customers);
  return { partners: seed.partners.length, users: users.length, customers: customers.length };
}
