import type { Context } from 'hono';
import { removeDelegatedAdminPrivileges } from '../../client/index.js';
import { TenantId } from '../../domain/tenants.js';
import { clockOf } from '../../platform/clock.js';
import { activeRelationship, relationshipInstanceId, relationshipView } from '../../platform/relationships.js';
import {
  delegatedAdminRemovalWorkflowId,
  type DelegatedAdminRemovalInput,
  type RelationshipChangeOutcome,
} from '../../workflows/relationshipChangesContract.js';
import type { ApiDeps } from '../deps.js';
import { deciderFrom } from '../identity/customerAdministrators.js';
import type { PartnerRelationshipsEnv, Tenant } from './tenantAccess.js';

/** Records the removal of a partner's delegated admin privileges through its workflow: its outcome, once recorded. */
export async function removePrivileges(deps: ApiDeps, c: Context<PartnerRelationshipsEnv>, tenant: Tenant, partnerTenantId: string): Promise<RelationshipChangeOutcome> {
  if (!TenantId.safeParse(partnerTenantId).success) return { outcome: 'notActive' };
  const active = await activeRelationship(deps.database.collections, partnerTenantId, tenant.tenantId);
  if (!active) return { outcome: 'notActive' };
  const { identity } = tenant;
  const input: DelegatedAdminRemovalInput = {
    partnerTenantId,
    customerTenantId: tenant.tenantId,
    relationshipId: relationshipInstanceId(active),
    at: clockOf(deps)().toISOString(),
    by: deciderFrom(identity),
  };
  c.set('partnerTenantId', partnerTenantId);
  c.set('workflowId', delegatedAdminRemovalWorkflowId(input));
  const answer = await removeDelegatedAdminPrivileges(deps.temporal, { taskQueue: deps.config.TEMPORAL_TASK_QUEUE }, input, tenant.customer.companyName);
  return answer.outcome === 'closedBefore' ? recordedRemoval(deps, input) : answer;
}

/** A removal whose workflow had closed: what that run recorded, read from the relationship as it is now. */
async function recordedRemoval(deps: ApiDeps, input: DelegatedAdminRemovalInput): Promise<RelationshipChangeOutcome> {
  const current = await activeRelationship(deps.database.collections, input.partnerTenantId, input.customerTenantId);
  if (!current || relationshipInstanceId(current) !== input.relationshipId) return { outcome: 'notActive' };
  if (!current.delegatedAdminPrivilegesRemoved) return { outcome: 'noPrivileges' };
  return { outcome: 'removed', relationship: relationshipView(current) };
}
