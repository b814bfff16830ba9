import { v7 as uuidv7 } from 'uuid';
import type { RuleCode } from '../domain/eligibility.js';
import { isTerminal } from '../domain/lifecycle.js';
import {
  optionalRequestFields,
  partiesFrom,
  type Requester,
  type RequestFacts,
  type RequestSnapshot,
  type RequestStatus,
} from '../domain/relationshipRequest.js';
import type { RequestAsk } from '../domain/requestAsk.js';
import type { Collections } from '../platform/mongo.js';
import { relationshipRequestStart, requestOpened, type OpeningSettings } from '../workflows/relationshipRequestContract.js';
import type { TemporalClient } from './connection.js';
import { withStart } from './start.js';

export type OpeningDeps = {
  collections: Pick<Collections, 'customers' | 'partners'>;
  temporal: TemporalClient;
  settings: OpeningSettings;
};

/** How an ask ended: each case is one answer of `POST /v1/relationship-requests` and one outcome of a batch item. */
export type Opening =
  | { outcome: 'unknownCustomer'; field: 'customerTenantId' | 'customerDomain' }
  | { outcome: 'partnerNotSetUp' }
  | { outcome: 'alreadyOpen'; workflowId: string; customerTenantId: string; existingRequestId: string; existingStatus: RequestStatus }
  | { outcome: 'rejected'; workflowId: string; customerTenantId: string; requestId: string; code: RuleCode; detail: string }
  | { outcome: 'invited'; workflowId: string; customerTenantId: string; request: RequestFacts; snapshot: RequestSnapshot };

/**
 * Opens one relationship request: update-with-start of the pair's `relationshipRequest` workflow (conflict policy
 * use existing), answered once the request is rejected or its invitation is out. The one path for single requests
 * and batch items. `requestId` lets a caller that retries (a batch item's activity) ask with the same ID each time.
 */
export async function openRelationshipRequest(
  deps: OpeningDeps,
  requester: Requester,
  ask: RequestAsk,
  options: { requestId?: string } = {},
): Promise<Opening> {
  const { collections, settings } = deps;
  const customer = ask.customerTenantId
    ? await collections.customers.findOne({ _id: ask.customerTenantId })
    : await collections.customers.findOne({ domain: ask.customerDomain });
  if (!customer) return { outcome: 'unknownCustomer', field: ask.customerTenantId ? 'customerTenantId' : 'customerDomain' };
  const partner = await collections.partners.findOne({ _id: requester.partnerTenantId });
  if (!partner) return { outcome: 'partnerNotSetUp' };

  const request: RequestFacts = {
    requestId: options.requestId ?? uuidv7(),
    partnerTenantId: partner._id,
    customerTenantId: customer._id,
    customerEmail: ask.customerEmail,
    includeDelegatedAdminPrivileges: ask.includeDelegatedAdminPrivileges,
    ...optionalRequestFields(ask),
    requestedBy: { userId: requester.userId, email: requester.email },
    parties: partiesFrom(partner, customer),
  };
  const start = relationshipRequestStart(settings, request);
  const { workflowId } = start;

  let snapshot: RequestSnapshot | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const operation = withStart(start);
    snapshot = await deps.temporal.workflow.executeUpdateWithStart(requestOpened, { startWorkflowOperation: operation });
    // The previous request is decided and only finishing its emails: let it close, then start ours.
    if (snapshot.requestId === request.requestId || !isTerminal(snapshot.status) || attempt === 3) break;
    await (await operation.workflowHandle()).result().catch(() => undefined);
  }

  const customerTenantId = customer._id;
  if (snapshot.requestId !== request.requestId) {
    return { outcome: 'alreadyOpen', workflowId, customerTenantId, existingRequestId: snapshot.requestId, existingStatus: snapshot.status };
  }
  if (snapshot.status === 'rejected' && snapshot.rejection) {
    return { outcome: 'rejected', workflowId, customerTenantId, requestId: request.requestId, ...snapshot.rejection };
  }
  return { outcome: 'invited', workflowId, customerTenantId, request, snapshot };
}
