import { createHash } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { renderRequestInvitation } from '../content/requestEmails.js';
import { deciderKey } from '../domain/deciders.js';
import { isTerminal, statusAfter } from '../domain/lifecycle.js';
import { RequestStatus, type Decision, type RequestSnapshot } from '../domain/relationshipRequest.js';
import type { RequestAsk } from '../domain/requestAsk.js';
import type { RelationshipRequestDocument } from '../platform/documents.js';
import { openRelationshipRequest, type OpeningSettings } from '../platform/requestOpening.js';
import * as messages from '../workflows/definitions.js';
import type { ApiDeps, AuthenticatedUser } from './deps.js';
import { ProblemError } from './problem.js';
import { admitOrRefuse, quotaGuard } from './quotas.js';

const requestNotFound = () =>
  new ProblemError({ status: 404, slug: 'request-not-found', detail: 'No relationship request with this ID' });

/** A request of this partner, or 404: another partner's request is indistinguishable from none. */
export async function findPartnerRequest(deps: ApiDeps, user: AuthenticatedUser, id: string) {
  // By `_id`, then scoped to the partner in code (see platform/mongo.ts on lookups by `_id`).
  const request = await deps.database.collections.requests.findOne({ _id: id });
  if (!request || request.partnerTenantId !== user.partnerTenantId) throw requestNotFound();
  return request;
}

export async function createRelationshipRequest(deps: ApiDeps, user: AuthenticatedUser, body: RequestAsk) {
  const guard = quotaGuard(deps);
  await admitOrRefuse(guard, [
    { quota: guard.quotas.partnerRequests, key: user.partnerTenantId },
    { quota: guard.quotas.partnerEmails, key: user.partnerTenantId },
  ]);
  const opening = await openRelationshipRequest(
    { collections: deps.database.collections, temporal: deps.temporal, settings: openingSettings(deps) },
    { userId: user.id, email: user.email, partnerTenantId: user.partnerTenantId },
    body,
  );
  switch (opening.outcome) {
    case 'unknownCustomer':
      throw new ProblemError({
        status: 404,
        slug: 'customer-not-found',
        detail: `No customer tenant with this ${opening.field}; add a new customer with POST /v1/customers instead`,
        errors: [{ field: opening.field, message: 'unknown customer' }],
      });
    case 'partnerNotSetUp':
      throw new ProblemError({ status: 403, slug: 'forbidden', detail: 'Your partner tenant is not set up' });
    case 'alreadyOpen':
      throw new ProblemError({
        status: 409,
        slug: 'open-request-exists',
        detail: 'An open relationship request for this customer already exists',
        existingRequestId: opening.existingRequestId,
        existingStatus: opening.existingStatus,
      });
    case 'rejected':
      throw new ProblemError({
        status: 422,
        slug: 'rule-violated',
        title: 'The relationship cannot be requested',
        detail: opening.detail,
        code: opening.code,
        requestId: opening.requestId,
      });
    case 'invited': {
      const { request, snapshot } = opening;
      const invitationUrl = deps.links.urlFor(request.requestId);
      const expiresAt = snapshot.expiresAt ?? '';
      const email = renderRequestInvitation(request, { expiresAt, invitationUrl });
      return {
        id: request.requestId,
        workflowId: opening.workflowId,
        status: snapshot.status,
        customerTenantId: opening.customerTenantId,
        invitationUrl,
        email: { subject: email.subject, text: email.text },
        expiresAt: snapshot.expiresAt ?? null,
      };
    }
  }
}

/** The settings every request opened through this API runs with. */
export const openingSettings = (deps: ApiDeps): OpeningSettings => ({
  taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
  invitationTtlMs: deps.config.INVITATION_TTL,
  reminderOffsetsMs: deps.config.REMINDER_AFTER,
});

export class RequestClosedError extends Error {
  constructor(readonly status: RequestStatus) {
    super(`The request is ${status}`);
    this.name = 'RequestClosedError';
  }
}

/** How long an answer waits for a decision to be recorded before it says the decision is still being recorded. */
export const decisionWaitMs = 20_000;

/**
 * One update ID per decision and decider: a retried POST of the same decision joins the update the first one started
 * (Temporal answers an update ID it has seen with that update's outcome, even once the workflow has closed), so it gets
 * the same outcome, never a second decision. Hashed: an update ID is kept in the history unencrypted.
 */
export function decisionUpdateId(decision: Decision): string {
  return `decide-${decision.kind}-${createHash('sha256').update(deciderOf(decision)).digest('base64url').slice(0, 22)}`;
}

function deciderOf(decision: Decision): string {
  switch (decision.kind) {
    case 'accept':
      return deciderKey(decision.acceptance.by);
    case 'decline':
      return decision.by ? deciderKey(decision.by) : 'customer';
    case 'cancel':
      return `partnerUser:${decision.by.userId}`;
  }
}

/** The decision reached the workflow (or may have) and is not recorded yet: the database or a worker is out of reach. */
export const decisionPending = () =>
  new ProblemError({
    status: 503,
    slug: 'decision-pending',
    detail: 'The decision is being recorded. Send the same request again: it answers with the outcome once it is recorded, and never decides twice.',
    headers: { 'retry-after': '5' },
  });

/**
 * Delivers a decision and waits until it is recorded; a closed request raises RequestClosedError. A request already
 * closed the way this decision closes it is asked again, so that a repeat of the decision that closed it gets its outcome.
 */
export async function decideRequest(
  deps: ApiDeps,
  request: RelationshipRequestDocument,
  decision: Decision,
): Promise<RequestSnapshot> {
  if (request.status !== 'pending' && request.status !== statusAfter(decision.kind)) throw new RequestClosedError(request.status);
  const handle = deps.temporal.workflow.getHandle(request.workflowId, request.runId);
  try {
    const snapshot = await deps.temporal.withAbortSignal(AbortSignal.timeout(decisionWaitMs), () =>
      handle.executeUpdate(messages.decide, { args: [decision], updateId: decisionUpdateId(decision) }),
    );
    if (isTerminal(snapshot.status) && snapshot.status !== statusAfter(decision.kind)) {
      throw new RequestClosedError(snapshot.status);
    }
    return snapshot;
  } catch (error) {
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) throw decisionPending();
    throw await asClosed(deps, request, error);
  }
}

export async function resendInvitation(deps: ApiDeps, request: RelationshipRequestDocument, user: AuthenticatedUser) {
  if (request.status !== 'pending') throw new RequestClosedError(request.status);
  const guard = quotaGuard(deps);
  await admitOrRefuse(guard, [
    { quota: guard.quotas.resends, key: request._id },
    { quota: guard.quotas.partnerEmails, key: request.partnerTenantId },
  ]);
  const handle = deps.temporal.workflow.getHandle(request.workflowId, request.runId);
  try {
    await handle.signal(messages.resendInvitation, { requestedBy: { userId: user.id, email: user.email } });
  } catch (error) {
    throw await asClosed(deps, request, error);
  }
}

async function asClosed(deps: ApiDeps, request: RelationshipRequestDocument, error: unknown): Promise<unknown> {
  if (error instanceof RequestClosedError) return error;
  if (
    error instanceof WorkflowUpdateFailedError &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === messages.requestClosedFailureType
  ) {
    const parsed = RequestStatus.safeParse(error.cause.details?.[0]);
    return new RequestClosedError(parsed.success ? parsed.data : 'expired');
  }
  if (error instanceof WorkflowNotFoundError) {
    const current = await deps.database.collections.requests.findOne({ _id: request._id });
    return new RequestClosedError(current?.status ?? request.status);
  }
  return error;
}
