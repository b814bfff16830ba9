import { v7 as uuidv7 } from 'uuid';
import { clockOf } from '../platform/clock.js';
import type { RoleTemplateDocument } from '../platform/documents.js';
import type { ApiDeps, AuthenticatedUser } from './deps.js';

/** A partner's own role templates for admin relationships, by name; at most this many. */
export const maxRoleTemplates = 50;

export async function listRoleTemplates(deps: ApiDeps, user: Pick<AuthenticatedUser, 'partnerTenantId'>): Promise<RoleTemplateDocument[]> {
  return deps.database.collections.roleTemplates.find({ partnerTenantId: user.partnerTenantId }).sort({ name: 1 }).limit(maxRoleTemplates).toArray();
}

/** Saves the roles under the name: a template of the same name is replaced. False when the partner has too many. */
export async function saveRoleTemplate(deps: ApiDeps, user: AuthenticatedUser, name: string, roleIds: readonly string[]): Promise<boolean> {
  const { roleTemplates } = deps.database.collections;
  const now = clockOf(deps)();
  const updated = await roleTemplates.updateOne({ partnerTenantId: user.partnerTenantId, name }, { $set: { roleIds: [...roleIds], updatedAt: now } });
  if (updated.matchedCount > 0) return true;
  if ((await roleTemplates.countDocuments({ partnerTenantId: user.partnerTenantId })) >= maxRoleTemplates) return false;
  await roleTemplates.insertOne({ _id: uuidv7(), partnerTenantId: user.partnerTenantId, name, roleIds: [...roleIds], createdBy: { userId: user.id, email: user.email }, updatedAt: now });
  return true;
}
