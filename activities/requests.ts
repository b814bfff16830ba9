import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { UpdateFilter } from 'mongodb';
import { checkEligibility as checkRules, type RuleCode } from '../domain/eligibility.js';
import {
  optionalRequestFields,
  relationshipRequestWorkflowId,
  type Acceptance,
  type Actor,
  type Attestation,
  type RelationshipRequestInput,
  type RequestParties,
} from '../domain/relationshipRequest.js';
import type { RequestStatus } from '../domain/requestStatus.js';
import {
  relationshipId,
  type AgreementAcceptanceDocument,
  type RelationshipRequestDocument,
  type RequestEvent,
} from '../platform/documents.js';
import { isDuplicateKeyError, type Collections } from '../platform/mongo.js';
import { readParties } from './parties.js';

export type RequestActivityDeps = { collections: Collections; now: () => Date };

type Transition = {
  key: string;
  type: string;
  actor: Actor;
  set?: Partial<RelationshipRequestDocument>;
  extra?: UpdateFilter<RelationshipRequestDocument>;
  detail?: Record<string, unknown>;
};

const system: Actor = { kind: 'system' };

const eventOf = (change: Transition, at: Date): RequestEvent => ({
  key: change.key,
  type: change.type,
  at,
  actor: change.actor,
  ...(change.detail && { detail: change.detail }),
});

/** How opening a request ended: the invitation's expiry, or the rule that stopped it. */
export type OpenedRequest =
  | { eligible: true; expiresAt: string; parties: RequestParties }
  | { eligible: false; code: RuleCode; detail: string; parties: RequestParties };

export function createRequestActivities({ collections, now }: RequestActivityDeps) {
  /**
   * Applies a change and its event idempotently: events live in a map under their key, so a retried activity
   * sets the same entry again instead of adding one. The filter is `_id` alone, the one lookup a MongoDB-wire
   * server without secondary-index pushdown (FerretDB v1) answers without scanning the collection.
   */
  async function record(requestId: string, ...changes: Transition[]): Promise<void> {
    const at = now();
    const $set: Record<string, unknown> = { updatedAt: at };
    let extra: UpdateFilter<RelationshipRequestDocument> = {};
    for (const change of changes) {
      Object.assign($set, change.set, { [`events.${change.key}`]: eventOf(change, at) });
      extra = { ...extra, ...change.extra };
    }
    await collections.requests.updateOne({ _id: requestId }, { ...extra, $set } as UpdateFilter<RelationshipRequestDocument>);
  }

  async function loadRequest(requestId: string): Promise<RelationshipRequestDocument> {
    const request = await collections.requests.findOne({ _id: requestId });
    if (!request) throw ApplicationFailure.nonRetryable(`Request ${requestId} is not recorded`, 'RequestNotFound');
    return request;
  }

  /** A retried `openRequest` whose first attempt was recorded answers with what that attempt recorded. */
  async function openedBefore(requestId: string, parties: RequestParties): Promise<OpenedRequest> {
    const request = await loadRequest(requestId);
    if (request.rejection) return { eligible: false, ...request.rejection, parties: request.parties ?? parties };
    if (!request.expiresAt) throw ApplicationFailure.nonRetryable(`Request ${requestId} is ${request.status}`, 'RequestNotOpen');
    return { eligible: true, expiresAt: request.expiresAt.toISOString(), parties: request.parties ?? parties };
  }

  return {
    /**
     * Checks the rules on the parties' facts and whether the pair already has a relationship, then records the
     * request with its outcome (pending until its expiry, or rejected) in one keyed insert.
     */
    async openRequest(input: RelationshipRequestInput): Promise<OpenedRequest> {
      const parties = input.parties ?? (await readParties(collections, input));
      const existing = await collections.relationships.findOne({ _id: relationshipId(input.partnerTenantId, input.customerTenantId) });
      const verdict = checkRules({
        partner: { country: parties.partner.country, cloud: parties.partner.cloud },
        customer: { country: parties.customer.country, cloud: parties.customer.cloud },
        includeDelegatedAdminPrivileges: input.includeDelegatedAdminPrivileges,
        hasResellerRelationship: existing !== null,
      });
      const at = now();
      const requested = eventOf({ key: 'requested', type: 'requested', actor: { kind: 'partnerUser', ...input.requestedBy } }, at);
      const expiresAt = new Date(at.getTime() + input.invitationTtlMs);
      const outcome: Pick<RelationshipRequestDocument, 'status' | 'events' | 'expiresAt' | 'rejection' | 'closedAt'> = verdict.eligible
        ? {
            status: 'pending' as const,
            expiresAt,
            events: { requested, pending: eventOf({ key: 'pending', type: 'pending', actor: system }, at) },
          }
        : {
            status: 'rejected' as const,
            rejection: { code: verdict.code, detail: verdict.detail },
            closedAt: at,
            events: { requested, rejected: eventOf({ key: 'rejected', type: 'rejected', actor: system, detail: { code: verdict.code } }, at) },
          };
      try {
        await collections.requests.insertOne({ ...requestDocument(input, at), parties, ...outcome });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        return openedBefore(input.requestId, parties);
      }
      return verdict.eligible
        ? { eligible: true, expiresAt: expiresAt.toISOString(), parties }
        : { eligible: false, code: verdict.code, detail: verdict.detail, parties };
    },

    async registerRequest(input: RelationshipRequestInput): Promise<void> {
      const at = now();
      try {
        await collections.requests.insertOne({
          ...requestDocument(input, at),
          status: 'validating',
          events: { requested: eventOf({ key: 'requested', type: 'requested', actor: { kind: 'partnerUser', ...input.requestedBy } }, at) },
        });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    },

    /** Reads the partner, the customer and any relationship fresh; the request's own facts come from the workflow. */
    async checkEligibility(request: Pick<RelationshipRequestInput, 'partnerTenantId' | 'customerTenantId' | 'includeDelegatedAdminPrivileges'>) {
      const [partner, customer, relationship] = await Promise.all([
        collections.partners.findOne({ _id: request.partnerTenantId }),
        collections.customers.findOne({ _id: request.customerTenantId }),
        collections.relationships.findOne({ _id: relationshipId(request.partnerTenantId, request.customerTenantId) }),
      ]);
      if (!partner || !customer) {
        throw ApplicationFailure.nonRetryable('Partner or customer no longer exists', 'TenantNotFound');
      }
      return checkRules({
        partner: { country: partner.country, cloud: partner.cloud },
        customer: { country: customer.country, cloud: customer.cloud },
        includeDelegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
        hasResellerRelationship: relationship !== null,
      });
    },

    async rejectRequest({ requestId, code, detail }: { requestId: string; code: RuleCode; detail: string }) {
      await record(requestId, {
        key: 'rejected',
        type: 'rejected',
        actor: system,
        set: { status: 'rejected', rejection: { code, detail }, closedAt: now() },
        detail: { code },
      });
    },

    async openInvitation({ requestId, invitationTtlMs }: { requestId: string; invitationTtlMs: number }) {
      const expiresAt = new Date(now().getTime() + invitationTtlMs);
      // A retry sets its own expiry again, so the document always holds the one the workflow received.
      await record(requestId, { key: 'pending', type: 'pending', actor: system, set: { status: 'pending', expiresAt } });
      return { expiresAt: expiresAt.toISOString() };
    },

    async recordAcceptance(input: {
      requestId: string;
      acceptance: Acceptance;
      /** The request's own facts, from the workflow; workflows started before it passed them are looked up. */
      request?: Pick<RelationshipRequestDocument, 'partnerTenantId' | 'customerTenantId' | 'includeDelegatedAdminPrivileges' | 'indirectResellerId'>;
    }) {
      const { requestId, acceptance } = input;
      const request = input.request ?? (await loadRequest(requestId));
      const acceptedAt = new Date(acceptance.acceptedAt);
      const { attestation, ...person } = acceptance;
      await Promise.all([
        recordAgreementAcceptance(collections, `mca:${requestId}`, {
          ...person,
          acceptedAt,
          customerTenantId: request.customerTenantId,
          partnerTenantId: request.partnerTenantId,
          requestId,
          attestation,
        }),
        upsertRelationship(collections, {
          _id: relationshipId(request.partnerTenantId, request.customerTenantId),
          partnerTenantId: request.partnerTenantId,
          customerTenantId: request.customerTenantId,
          type: 'reseller',
          delegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
          ...(request.indirectResellerId && { indirectResellerId: request.indirectResellerId }),
          since: acceptedAt,
          origin: { kind: 'request', requestId },
        }),
      ]);
      await record(requestId, {
        key: 'accepted',
        type: 'accepted',
        actor: { kind: 'customer', email: acceptance.email },
        set: {
          status: 'accepted',
          acceptedAt,
          acceptedBy: { firstName: acceptance.firstName, lastName: acceptance.lastName, email: acceptance.email },
          closedAt: now(),
        },
      });
    },

    async closeRequest(input: {
      requestId: string;
      status: Extract<RequestStatus, 'declined' | 'cancelled' | 'expired'>;
      actor: Actor;
      reason?: string | undefined;
    }) {
      await record(input.requestId, {
        key: input.status,
        type: input.status,
        actor: input.actor,
        set: { status: input.status, closedAt: now() },
        ...(input.reason && { detail: { reason: input.reason } }),
      });
    },

    async recordIgnoredSignals(input: { requestId: string; firstIndex: number; signals: { signal: string; reason: string }[] }) {
      for (const [offset, ignored] of input.signals.entries()) {
        await record(input.requestId, {
          key: `ignored:${input.firstIndex + offset}`,
          type: 'signal_ignored',
          actor: system,
          detail: ignored,
        });
      }
    },

    /** For the emails: the request with everything needed to render about it. */
    loadRequest,
    record,
  };
}

/** A request's own fields as first recorded; the status and events are the caller's. */
function requestDocument(input: RelationshipRequestInput, at: Date): Omit<RelationshipRequestDocument, 'status' | 'events'> {
  return {
    _id: input.requestId,
    workflowId: relationshipRequestWorkflowId(input.partnerTenantId, input.customerTenantId),
    runId: activityInfo().workflowExecution?.runId ?? '',
    partnerTenantId: input.partnerTenantId,
    customerTenantId: input.customerTenantId,
    customerEmail: input.customerEmail,
    includeDelegatedAdminPrivileges: input.includeDelegatedAdminPrivileges,
    ...optionalRequestFields(input),
    requestedBy: input.requestedBy,
    createdAt: at,
    updatedAt: at,
    remindersSent: 0,
  };
}

/** One MCA record per key: the first write wins, so a retry or a second delivery records nothing new. */
export async function recordAgreementAcceptance(
  collections: Collections,
  _id: string,
  acceptance: Omit<AgreementAcceptanceDocument, '_id' | 'agreementType' | 'agreementVersion' | 'attestation'> & {
    attestation: Attestation;
  },
): Promise<void> {
  const { attestation, ...fields } = acceptance;
  await collections.agreementAcceptances.updateOne(
    { _id },
    {
      $setOnInsert: {
        ...fields,
        agreementType: attestation.agreementType,
        agreementVersion: attestation.agreementVersion,
        attestation: { text: attestation.text, language: attestation.language },
      },
    },
    { upsert: true },
  );
}

/** One relationship per partner, customer and type: the `_id` is that triple, so a retry finds the first. */
export async function upsertRelationship(
  collections: Collections,
  relationship: Parameters<Collections['relationships']['insertOne']>[0] & { _id: string },
): Promise<void> {
  const { _id, ...fields } = relationship;
  try {
    await collections.relationships.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
  } catch (error) {
    // Two concurrent upserts: the loser hits the unique index, and the winner's document is the one.
    if (!isDuplicateKeyError(error)) throw error;
  }
}
