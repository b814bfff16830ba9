import {
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { v7 as uuidv7 } from 'uuid';
import { renderRequestInvitation } from '../content/requestEmails.js';
import { isTerminal, statusAfter } from '../domain/lifecycle.js';
import {
  optionalRequestFields,
  partiesFrom,
  RequestStatus,
  type Decision,
  type RequestFacts,
  type RequestSnapshot,
} from '../domain/relationshipRequest.js';
import type { RelationshipRequestDocument } from '../platform/documents.js';
import * as messages from '../workflows/definitions.js';
import { relationshipRequestWorkflowId } from '../workflows/definitions.js';
import type { relationshipRequest } from '../workflows/relationshipRequest.js';
import * as searchAttributes from '../workflows/searchAttributes.js';
import type { CreateRequestBody } from './bodies.js';
import type { ApiDeps, AuthenticatedUser } from './deps.js';
import { ProblemError } from './problem.js';

const requestNotFound = () =>
  new ProblemError({ status: 404, slug: 'request-not-found', detail: 'No relationship request with this ID' });

/** A request of this partner, or 404: another partner's request is indistinguishable from none. */
export async function findPartnerRequest(deps: ApiDeps, user: AuthenticatedUser, id: string) {
  // By `_id`, then scoped to the partner in code (see platform/mongo.ts on lookups by `_id`).
  const request = await deps.database.collections.requests.findOne({ _id: id });
  if (!request || request.partnerTenantId !== user.partnerTenantId) throw requestNotFound();
  return request;
}

export async function createRelationshipRequest(deps: ApiDeps, user: AuthenticatedUser, body: CreateRequestBody) {
  const { collections } = deps.database;
  const customer = body.customerTenantId
    ? await collections.customers.findOne({ _id: body.customerTenantId })
    : await collections.customers.findOne({ domain: body.customerDomain });
  if (!customer) {
    const field = body.customerTenantId ? 'customerTenantId' : 'customerDomain';
    throw new ProblemError({
      status: 404,
      slug: 'customer-not-found',
      detail: `No customer tenant with this ${field}; add a new customer with POST /v1/customers instead`,
      errors: [{ field, message: 'unknown customer' }],
    });
  }
  const partner = await collections.partners.findOne({ _id: user.partnerTenantId });
  if (!partner) throw new ProblemError({ status: 403, slug: 'forbidden', detail: 'Your partner tenant is not set up' });

  const request: RequestFacts = {
    requestId: uuidv7(),
    partnerTenantId: partner._id,
    customerTenantId: customer._id,
    customerEmail: body.customerEmail,
    includeDelegatedAdminPrivileges: body.includeDelegatedAdminPrivileges,
    ...optionalRequestFields(body),
    requestedBy: { userId: user.id, email: user.email },
    parties: partiesFrom(partner, customer),
  };
  const workflowId = relationshipRequestWorkflowId(partner._id, customer._id);
  const startOperation = () =>
    new WithStartWorkflowOperation<typeof relationshipRequest>('relationshipRequest', {
      workflowId,
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [{ request, invitationTtlMs: deps.config.INVITATION_TTL, reminderOffsetsMs: deps.config.REMINDER_AFTER }],
      // One open request per partner and customer; a closed one does not block the next.
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: [
        { key: searchAttributes.PartnerTenantId, value: partner._id },
        { key: searchAttributes.CustomerTenantId, value: customer._id },
        { key: searchAttributes.RequestStatus, value: 'validating' },
        { key: searchAttributes.Cloud, value: customer.cloud },
      ],
      memo: { partnerName: partner.name, customerName: customer.companyName, requestId: request.requestId },
      staticSummary: `${partner.name} asks ${customer.companyName} for a reseller relationship`,
      staticDetails: [
        `Partner: ${partner.name} (${partner._id}, ${partner.country}, ${partner.cloud})`,
        `Customer: ${customer.companyName} (${customer._id}, ${customer.country}, ${customer.cloud})`,
        `Delegated admin privileges: ${request.includeDelegatedAdminPrivileges ? 'requested' : 'not requested'}`,
        `Requested by: ${user.email}`,
      ].join('\n'),
    });

  let snapshot: RequestSnapshot | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const start = startOperation();
    snapshot = await deps.temporal.workflow.executeUpdateWithStart(messages.openRequest, { startWorkflowOperation: start });
    // The previous request is decided and only finishing its emails: let it close, then start ours.
    if (snapshot.requestId === request.requestId || !isTerminal(snapshot.status) || attempt === 3) break;
    await (await start.workflowHandle()).result().catch(() => undefined);
  }

  if (snapshot.requestId !== request.requestId) {
    throw new ProblemError({
      status: 409,
      slug: 'open-request-exists',
      detail: 'An open relationship request for this customer already exists',
      existingRequestId: snapshot.requestId,
      existingStatus: snapshot.status,
    });
  }
  if (snapshot.status === 'rejected' && snapshot.rejection) {
    throw new ProblemError({
      status: 422,
      slug: 'rule-violated',
      title: 'The relationship cannot be requested',
      detail: snapshot.rejection.detail,
      code: snapshot.rejection.code,
      requestId: request.requestId,
    });
  }
  const invitationUrl = deps.links.urlFor(request.requestId);
  const expiresAt = snapshot.expiresAt ?? '';
  const email = renderRequestInvitation(request, { expiresAt, invitationUrl });
  return {
    id: request.requestId,
    workflowId,
    status: snapshot.status,
    customerTenantId: customer._id,
    invitationUrl,
    email: { subject: email.subject, text: email.text },
    expiresAt: snapshot.expiresAt ?? null,
  };
}

export class RequestClosedError extends Error {
  constructor(readonly status: RequestStatus) {
    super(`The request is ${status}`);
    this.name = 'RequestClosedError';
  }
}

/** Delivers a decision and waits until it is recorded; a closed request raises RequestClosedError. */
export async function decideRequest(
  deps: ApiDeps,
  request: RelationshipRequestDocument,
  decision: Decision,
): Promise<RequestSnapshot> {
  if (request.status !== 'pending') throw new RequestClosedError(request.status);
  const handle = deps.temporal.workflow.getHandle(request.workflowId, request.runId);
  try {
    const snapshot = await handle.executeUpdate(messages.decide, { args: [decision] });
    if (isTerminal(snapshot.status) && snapshot.status !== statusAfter(decision.kind)) {
      throw new RequestClosedError(snapshot.status);
    }
    return snapshot;
  } catch (error) {
    throw await asClosed(deps, request, error);
  }
}

export async function resendInvitation(deps: ApiDeps, request: RelationshipRequestDocument, user: AuthenticatedUser) {
  if (request.status !== 'pending') throw new RequestClosedError(request.status);
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
