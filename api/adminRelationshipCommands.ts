import type { Filter } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import {
  autoExtendDays,
  daysOf,
  isActive,
  mayAutoExtend,
  rolesOutsideRelationship,
  type AdminRelationshipChanges,
  type AdminRelationshipStatus,
  type CustomerAdministrator,
  type NewAccessAssignment,
  type NewAdminRelationship,
  type PartnerAgent,
} from '../domain/adminRelationships.js';
import { announceAccessAssignments, askToDecideApproval, askToLockForApproval, askToTerminate, startAdminRelationship, type AdminRelationshipAnswer } from '../client/index.js';
import { clockOf } from '../platform/clock.js';
import type { AccessAssignmentDocument, AdminRelationshipDocument } from '../platform/documents.js';
import { isDuplicateKeyError } from '../platform/keyedWrites.js';
import { adminRelationshipWorkflowId } from '../workflows/adminRelationshipContract.js';
import { decodeCursor, encodeCursor, idsPastCursor } from './cursors.js';
import type { ApiDeps, AuthenticatedUser } from './deps.js';
import { ProblemError } from './problem.js';

const dayOf = (deps: ApiDeps) => deps.config.ADMIN_RELATIONSHIP_DAY ?? 24 * 3_600_000;
const agentOf = (user: AuthenticatedUser): PartnerAgent => ({ kind: 'partnerUser', userId: user.id, email: user.email });
const refOf = (relationship: AdminRelationshipDocument) => ({ partnerTenantId: relationship.partnerTenantId, relationshipId: relationship._id });

const notFound = () => new ProblemError({ status: 404, slug: 'not-found', detail: 'No admin relationship with this ID' });
const fieldProblem = (field: string, message: string) =>
  new ProblemError({ status: 400, slug: 'validation', title: 'Your request is not valid', detail: `Invalid body: ${field}: ${message}`, errors: [{ field, message }] });
const displayNameTaken = () =>
  new ProblemError({ status: 409, slug: 'display-name-taken', detail: 'Another admin relationship of your organisation has this displayName', errors: [{ field: 'displayName', message: 'already used' }] });
const wrongStatus = (status: AdminRelationshipStatus, detail: string) => new ProblemError({ status: 409, slug: 'wrong-status', detail, relationshipStatus: status });

/** This partner's relationship, or 404 (another partner's is none). */
export async function findPartnerAdminRelationship(deps: ApiDeps, user: Pick<AuthenticatedUser, 'partnerTenantId'>, id: string): Promise<AdminRelationshipDocument> {
  const relationship = await deps.database.collections.adminRelationships.findOne({ _id: id });
  if (!relationship || relationship.partnerTenantId !== user.partnerTenantId) throw notFound();
  return relationship;
}

async function checkCustomer(deps: ApiDeps, tenantId: string | undefined) {
  if (tenantId && !(await deps.database.collections.customers.findOne({ _id: tenantId }, { projection: { _id: 1 } }))) {
    throw fieldProblem('customer.tenantId', 'no customer tenant with this ID');
  }
}

/** Records the relationship as `created` and starts its workflow, which waits for the partner to lock it. */
export async function createAdminRelationship(deps: ApiDeps, user: AuthenticatedUser, body: NewAdminRelationship): Promise<AdminRelationshipDocument> {
  const { collections } = deps.database;
  const partner = await collections.partners.findOne({ _id: user.partnerTenantId });
  if (!partner) throw new ProblemError({ status: 403, slug: 'forbidden', detail: 'Your partner tenant is not set up' });
  await checkCustomer(deps, body.customer?.tenantId);
  const now = clockOf(deps)();
  const relationship: AdminRelationshipDocument = {
    _id: uuidv7(),
    partnerTenantId: partner._id,
    displayName: body.displayName,
    durationDays: daysOf(body.duration)!,
    autoExtendDays: daysOf(body.autoExtendDuration)!,
    ...(body.customer && { customerTenantId: body.customer.tenantId }),
    roleIds: body.accessDetails.unifiedRoles.map((role) => role.roleDefinitionId),
    status: 'created',
    workflowId: '',
    createdBy: { userId: user.id, email: user.email },
    createdAt: now,
    lastModifiedAt: now,
  };
  relationship.workflowId = adminRelationshipWorkflowId(partner._id, relationship._id);
  try {
    await collections.adminRelationships.insertOne(relationship);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw displayNameTaken();
    throw error;
  }
  await startAdminRelationship(
    deps.temporal,
    { taskQueue: deps.config.TEMPORAL_TASK_QUEUE },
    { relationshipId: relationship._id, partnerTenantId: partner._id, dayMs: dayOf(deps) },
    { displayName: relationship.displayName, partnerName: partner.name },
  );
  return relationship;
}

export async function listAdminRelationships(
  deps: ApiDeps,
  user: Pick<AuthenticatedUser, 'partnerTenantId'>,
  query: { limit: number; cursor?: string | undefined; status?: AdminRelationshipStatus | undefined; customerTenantId?: string | undefined },
) {
  const filter: Filter<AdminRelationshipDocument> = { partnerTenantId: user.partnerTenantId };
  if (query.status) filter.status = query.status;
  if (query.customerTenantId) filter.customerTenantId = query.customerTenantId;
  filter._id = idsPastCursor(-1, query.cursor === undefined ? undefined : decodeCursor(query.cursor));
  const found = await deps.database.collections.adminRelationships.find(filter).sort({ _id: -1 }).limit(query.limit + 1).toArray();
  const items = found.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: found.length > query.limit && last ? encodeCursor(last._id) : null };
}

/** Changes a relationship while it is `created`: compare-and-set on that status, the auto-extend rule on the result. */
export async function updateAdminRelationship(deps: ApiDeps, user: AuthenticatedUser, id: string, changes: AdminRelationshipChanges): Promise<AdminRelationshipDocument> {
  const current = await findPartnerAdminRelationship(deps, user, id);
  if (current.status !== 'created') throw wrongStatus(current.status, `Only a relationship in status created can be changed; this one is ${current.status}`);
  await checkCustomer(deps, changes.customer?.tenantId);
  const roleIds = changes.accessDetails ? changes.accessDetails.unifiedRoles.map((role) => role.roleDefinitionId) : current.roleIds;
  const extension = changes.autoExtendDuration !== undefined ? daysOf(changes.autoExtendDuration)! : current.autoExtendDays;
  if (extension === autoExtendDays && !mayAutoExtend(roleIds)) throw fieldProblem('autoExtendDuration', 'a relationship with the Global Administrator role cannot extend itself: use PT0S');
  const set: Partial<AdminRelationshipDocument> = {
    ...(changes.displayName !== undefined && { displayName: changes.displayName }),
    ...(changes.duration !== undefined && { durationDays: daysOf(changes.duration)! }),
    autoExtendDays: extension,
    ...(changes.customer && { customerTenantId: changes.customer.tenantId }),
    roleIds,
    lastModifiedAt: clockOf(deps)(),
  };
  try {
    const updated = await deps.database.collections.adminRelationships.findOneAndUpdate({ _id: id, status: 'created' }, { $set: set }, { returnDocument: 'after' });
    if (updated) return updated;
  } catch (error) {
    if (isDuplicateKeyError(error)) throw displayNameTaken();
    throw error;
  }
  const moved = await findPartnerAdminRelationship(deps, user, id);
  throw wrongStatus(moved.status, `Only a relationship in status created can be changed; this one is ${moved.status}`);
}

const refusedProblem = (answer: Exclude<AdminRelationshipAnswer, { outcome: 'changed' }>) => {
  if (answer.outcome === 'closed') return new ProblemError({ status: 409, slug: 'wrong-status', detail: 'The relationship has ended' });
  const detail = {
    notCreated: 'Only a relationship in status created can be locked for approval',
    noCustomer: 'Name the customer (customer.tenantId) before locking the relationship for approval',
    notPending: 'The relationship is not waiting for approval',
    notTerminable: 'The relationship has already ended',
    wrongTenant: "The relationship is for another customer's tenant",
  }[answer.reason];
  return answer.reason === 'noCustomer' ? fieldProblem('customer.tenantId', detail) : wrongStatus(answer.status, detail);
};

/** The partner's `lockForApproval` or `terminate`, through the relationship's workflow; answers with the relationship after it. */
export async function requestOnAdminRelationship(deps: ApiDeps, user: AuthenticatedUser, id: string, action: 'lockForApproval' | 'terminate') {
  const relationship = await findPartnerAdminRelationship(deps, user, id);
  const at = clockOf(deps)().toISOString();
  const answer =
    action === 'lockForApproval'
      ? await askToLockForApproval(deps.temporal, refOf(relationship), agentOf(user), at)
      : await askToTerminate(deps.temporal, refOf(relationship), agentOf(user), at);
  if (answer.outcome !== 'changed') throw refusedProblem(answer);
  return findPartnerAdminRelationship(deps, user, id);
}

/** A customer's Global administrator approves, rejects or terminates a relationship of its own tenant. */
export async function customerActsOnAdminRelationship(deps: ApiDeps, by: CustomerAdministrator, id: string, act: 'approve' | 'reject' | 'terminate') {
  const relationship = await deps.database.collections.adminRelationships.findOne({ _id: id });
  // Another tenant's relationship is none, for the customer as for the partner.
  if (!relationship || relationship.customerTenantId !== by.tenantId || relationship.status === 'created') throw notFound();
  const at = clockOf(deps)().toISOString();
  const answer = act === 'terminate' ? await askToTerminate(deps.temporal, refOf(relationship), by, at) : await askToDecideApproval(deps.temporal, refOf(relationship), act, by, at);
  if (answer.outcome !== 'changed') throw refusedProblem(answer);
  return (await deps.database.collections.adminRelationships.findOne({ _id: id }))!;
}

/** A security group given some of the relationship's roles; granted by the workflow while the relationship is active. */
export async function createAccessAssignment(deps: ApiDeps, user: AuthenticatedUser, id: string, body: NewAccessAssignment): Promise<AccessAssignmentDocument> {
  const relationship = await findPartnerAdminRelationship(deps, user, id);
  if (!isActive(relationship.status)) throw wrongStatus(relationship.status, 'Access can be assigned only while the relationship is active');
  const roleIds = body.accessDetails.unifiedRoles.map((role) => role.roleDefinitionId);
  const outside = rolesOutsideRelationship(roleIds, relationship.roleIds);
  if (outside.length > 0) throw fieldProblem('accessDetails.unifiedRoles', `not roles of this relationship: ${outside.join(', ')}`);
  const now = clockOf(deps)();
  const assignment: AccessAssignmentDocument = {
    _id: uuidv7(),
    relationshipId: relationship._id,
    partnerTenantId: relationship.partnerTenantId,
    accessContainerId: body.accessContainer.accessContainerId,
    roleIds,
    status: 'pending',
    createdBy: { userId: user.id, email: user.email },
    createdAt: now,
    lastModifiedAt: now,
  };
  await deps.database.collections.accessAssignments.insertOne(assignment);
  await announceAccessAssignments(deps.temporal, refOf(relationship));
  return assignment;
}

export async function listAccessAssignments(deps: ApiDeps, user: AuthenticatedUser, id: string) {
  const relationship = await findPartnerAdminRelationship(deps, user, id);
  return deps.database.collections.accessAssignments.find({ relationshipId: relationship._id }).sort({ _id: 1 }).limit(200).toArray();
}

/** Marks the assignment for removal; the workflow removes it. */
export async function deleteAccessAssignment(deps: ApiDeps, user: AuthenticatedUser, id: string, assignmentId: string) {
  const relationship = await findPartnerAdminRelationship(deps, user, id);
  const { matchedCount } = await deps.database.collections.accessAssignments.updateOne(
    { _id: assignmentId, relationshipId: relationship._id, status: { $in: ['pending', 'active', 'error'] } },
    { $set: { status: 'deleting', lastModifiedAt: clockOf(deps)() } },
  );
  if (matchedCount === 0) throw new ProblemError({ status: 404, slug: 'not-found', detail: 'No access assignment with this ID to delete' });
  await announceAccessAssignments(deps.temporal, refOf(relationship));
}
