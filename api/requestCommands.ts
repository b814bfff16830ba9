import { askToResendInvitation, deliverDecision, openRelationshipRequest } from '../client/index.js';
import { renderRequestInvitation } from '../content/requestEmails.js';
import { isTerminal, statusAfter } from '../domain/lifecycle.js';
import type { Decision, RequestSnapshot, RequestStatus } from '../domain/relationshipRequest.js';
import type { RequestAsk } from '../domain/requestAsk.js';
import type { Filter } from 'mongodb';
import type { RelationshipRequestDocument } from '../platform/documents.js';
import type { InvitationLinks } from '../platform/invitationTokens.js';
import { requestSummary } from '../platform/representations.js';
import { decodeCursor, encodeCursor, idsPastCursor } from './cursors.js';
import type { OpeningSettings } from '../workflows/relationshipRequestContract.js';
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

/** A page of this partner's requests, newest first, of one status or all; the links only for `links`' roles. */
type RequestListQuery = { limit: number; cursor?: string | undefined; status?: RequestStatus | undefined };

/** A page of the partner's requests, newest first, as recorded (without their events). */
export async function findPartnerRequests(deps: ApiDeps, user: Pick<AuthenticatedUser, 'partnerTenantId'>, { limit, cursor, status }: RequestListQuery) {
  const filter: Filter<RelationshipRequestDocument> = { partnerTenantId: user.partnerTenantId };
  if (status) filter.status = status;
  filter._id = idsPastCursor(-1, cursor === undefined ? undefined : decodeCursor(cursor));
  const found = await deps.database.collections.requests.find(filter, { projection: { events: 0 } }).sort({ _id: -1 }).limit(limit + 1).toArray();
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: found.length > limit && last ? encodeCursor(last._id) : null };
}

export async function listRequests(deps: ApiDeps, user: Pick<AuthenticatedUser, 'partnerTenantId'>, query: RequestListQuery, links?: InvitationLinks) {
  const { items, nextCursor } = await findPartnerRequests(deps, user, query);
  return { items: items.map((request) => requestSummary(request, links)), nextCursor };
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
  const answer = await deliverDecision(deps.temporal, request, decision, { waitMs: decisionWaitMs });
  switch (answer.outcome) {
    case 'unanswered':
      throw decisionPending();
    case 'closed':
      throw new RequestClosedError(answer.status);
    case 'workflowGone':
      throw await closedAsRecorded(deps, request);
    case 'recorded':
      if (isTerminal(answer.snapshot.status) && answer.snapshot.status !== statusAfter(decision.kind)) {
        throw new RequestClosedError(answer.snapshot.status);
      }
      return answer.snapshot;
  }
}

export async function resendInvitation(deps: ApiDeps, request: RelationshipRequestDocument, user: AuthenticatedUser) {
  if (request.status !== 'pending') throw new RequestClosedError(request.status);
  const guard = quotaGuard(deps);
  await admitOrRefuse(guard, [
    { quota: guard.quotas.resends, key: request._id },
    { quota: guard.quotas.partnerEmails, key: request.partnerTenantId },
  ]);
  const answer = await askToResendInvitation(deps.temporal, request, { userId: user.id, email: user.email });
  if (answer.outcome === 'workflowGone') throw await closedAsRecorded(deps, request);
}

/** The request's workflow is gone: it closed, and its document says how. */
async function closedAsRecorded(deps: ApiDeps, request: RelationshipRequestDocument): Promise<RequestClosedError> {
  const current = await deps.database.collections.requests.findOne({ _id: request._id });
  return new RequestClosedError(current?.status ?? request.status);
}
