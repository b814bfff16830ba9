import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { v7 as uuidv7 } from 'uuid';
import type { RuleCode } from '../domain/eligibility.js';
import { isTerminal } from '../domain/lifecycle.js';
import {
  optionalRequestFields,
  partiesFrom,
  type RequestFacts,
  type RequestSnapshot,
  type RequestStatus,
} from '../domain/relationshipRequest.js';
import type { RequestAsk } from '../domain/requestAsk.js';
import * as messages from '../workflows/definitions.js';
import { relationshipRequestWorkflowId } from '../workflows/definitions.js';
import type { relationshipRequest } from '../workflows/relationshipRequest.js';
import * as searchAttributes from '../workflows/searchAttributes.js';
import type { Collections } from './mongo.js';

export type Requester = { userId: string; email: string; partnerTenantId: string };

/** Where requests run and how long their invitations last: the API's settings, passed on by a batch. */
export type OpeningSettings = { taskQueue: string; invitationTtlMs: number; reminderOffsetsMs: number[] };

export type OpeningDeps = {
  collections: Pick<Collections, 'customers' | 'partners'>;
  temporal: Client;
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
  const workflowId = relationshipRequestWorkflowId(partner._id, customer._id);
  const startOperation = () =>
    new WithStartWorkflowOperation<typeof relationshipRequest>('relationshipRequest', {
      workflowId,
      taskQueue: settings.taskQueue,
      args: [{ request, invitationTtlMs: settings.invitationTtlMs, reminderOffsetsMs: settings.reminderOffsetsMs }],
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
        `Requested by: ${requester.email}`,
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

  const customerTenantId = customer._id;
  if (snapshot.requestId !== request.requestId) {
    return { outcome: 'alreadyOpen', workflowId, customerTenantId, existingRequestId: snapshot.requestId, existingStatus: snapshot.status };
  }
  if (snapshot.status === 'rejected' && snapshot.rejection) {
    return { outcome: 'rejected', workflowId, customerTenantId, requestId: request.requestId, ...snapshot.rejection };
  }
  return { outcome: 'invited', workflowId, customerTenantId, request, snapshot };
}
