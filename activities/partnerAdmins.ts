import type { Collections } from '../platform/mongo.js';

/** The addresses of a partner's Admin agents, each once: who hears of what happens to its endpoints and relationships. */
export async function adminAgentEmails(collections: Pick<Collections, 'partnerUsers'>, partnerTenantId: string): Promise<string[]> {
  const admins = await collections.partnerUsers.find({ partnerTenantId, roles: 'AdminAgent' }, { projection: { email: 1 } }).toArray();
  return [...new Set(admins.map((admin) => admin.email))];
}
