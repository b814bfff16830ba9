import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { customerActor } from '../domain/deciders.js';
import { checkEligibility } from '../domain/eligibility.js';
import { optionalRequestFields, type Acceptance, type Actor, type RequestFacts, type RequestStatus } from '../domain/relationshipRequest.js';
import type { RelationshipRequestDocument } from '../platform/documents.js';
import type { InvitationLinks } from '../platform/invitationTokens.js';
import { insertOrFind } from '../platform/keyedWrites.js';
import type { Collections } from '../platform/mongo.js';
import { activeRelationship } from '../platform/relationships.js';
import type { OpenedRequest } from '../workflows/activityPorts.js';
import { relationshipRequestWorkflowId } from '../workflows/relationshipRequestContract.js';
import { acceptedRelationship, recordAgreementAcceptance, upsertRelationship } from './relationshipRecords.js';
import { eventOf, type RecordRequestEvents, type RequestChange } from './requestEvents.js';
import { createRequestWebhooks } from './requestWebhooks.js';
import type { WebhookPublisher } from './webhookPublisher.js';

const system: Actor = { kind: 'system' };

export function createRequestActivities({
  collections,
  now,
  record,
  publish,
  links,
}: {
  collections: Collections;
  now: () => Date;
  record: RecordRequestEvents;
  /** Publishes the request's facts to the partner's webhook endpoints; without it (some tests) nothing is published. */
  publish?: WebhookPublisher;
  links?: InvitationLinks;
}) {
  const webhooks = publish && links ? createRequestWebhooks({ collections, publish, links }) : undefined;
  const accepting = createAcceptanceRecords({ collections, now, webhooks });
  return {
    /**
     * Checks the rules on the parties' facts and whether the pair already has a relationship, then records the
     * request with its outcome (pending until its expiry, or rejected) in one keyed insert. A retry whose first
     * attempt was recorded answers with what that attempt recorded.
     */
    async openRequest({ request, invitationTtlMs }: { request: RequestFacts; invitationTtlMs: number }): Promise<OpenedRequest> {
      const { partner, customer } = request.parties;
      // Active relationships only: an ended one leaves the pair free for a new request.
      const existing = await activeRelationship(collections, request.partnerTenantId, request.customerTenantId);
      const verdict = checkEligibility({
        partner: { country: partner.country, cloud: partner.cloud },
        customer: { country: customer.country, cloud: customer.cloud },
        includeDelegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
        hasResellerRelationship: existing !== null,
      });
      const at = now();
      const requested = eventOf({ key: 'requested', type: 'requested', actor: { kind: 'partnerUser', ...request.requestedBy } }, at);
      const expiresAt = new Date(at.getTime() + invitationTtlMs);
      const outcome: Pick<RelationshipRequestDocument, 'status' | 'events' | 'expiresAt' | 'rejection' | 'closedAt'> = verdict.eligible
        ? { status: 'pending', expiresAt, events: { requested, pending: eventOf({ key: 'pending', type: 'pending', actor: system }, at) } }
        : {
            status: 'rejected',
            rejection: { code: verdict.code, detail: verdict.detail },
            closedAt: at,
            events: { requested, rejected: eventOf({ key: 'rejected', type: 'rejected', actor: system, detail: { code: verdict.code } }, at) },
          };
      const recorded: RelationshipRequestDocument = { ...requestDocument(request, at), ...outcome };
      const written = await insertOrFind(collections.requests, recorded);
      if (!written.inserted) return openedBefore(request.requestId, written.document);
      await webhooks?.opened(recorded);
      return verdict.eligible
        ? { eligible: true, expiresAt: expiresAt.toISOString() }
        : { eligible: false, code: verdict.code, detail: verdict.detail };
    },

    /** The MCA record, the reseller relationship and the request's new state, each keyed so a retry writes nothing twice. */
    async recordAcceptance({ request, acceptance }: { request: RequestFacts; acceptance: Acceptance }) {
      await accepting.records(request, acceptance);
      await record(request.requestId, accepting.change(acceptance));
      await accepting.publish(request, acceptance);
    },

    /** Any other ending: a decline, a cancellation or the expiry. */
    async recordClosing(input: {
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
      await webhooks?.closed(input.requestId, input.status);
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
  };

  async function openedBefore(requestId: string, request: RelationshipRequestDocument | null): Promise<OpenedRequest> {
    // The first attempt may have stopped between recording the request and publishing it.
    if (request) await webhooks?.opened(request);
    if (request?.rejection) return { eligible: false, ...request.rejection };
    if (!request?.expiresAt) throw ApplicationFailure.nonRetryable(`Request ${requestId} is ${request?.status ?? 'not recorded'}`, 'RequestNotOpen');
    return { eligible: true, expiresAt: request.expiresAt.toISOString() };
  }
}

/**
 * What an acceptance records, in parts: `recordAcceptance` runs them in turn, and the answering step
 * (answeringSteps.ts) sends the emails between the records and the request's change, so that one write of the
 * request holds both.
 */
export function createAcceptanceRecords({
  collections,
  now,
  webhooks,
}: {
  collections: Collections;
  now: () => Date;
  webhooks?: ReturnType<typeof createRequestWebhooks> | undefined;
}) {
  return {
    /** The MCA record and the reseller relationship, each keyed so that a retry writes nothing twice. */
    async records(request: RequestFacts, acceptance: Acceptance): Promise<void> {
      const { requestId } = request;
      const acceptedAt = new Date(acceptance.acceptedAt);
      const { attestation, by, phone, client } = acceptance;
      await Promise.all([
        recordAgreementAcceptance(collections, `mca:${requestId}`, {
          acceptedBy: by,
          ...(phone && { phone }),
          client,
          acceptedAt,
          customerTenantId: request.customerTenantId,
          partnerTenantId: request.partnerTenantId,
          requestId,
          attestation,
        }),
        upsertRelationship(collections, acceptedRelationship(request, acceptedAt)),
      ]);
    },

    /** The request's change: accepted, by whom and when. */
    change: (acceptance: Acceptance): RequestChange => ({
      key: 'accepted',
      type: 'accepted',
      actor: customerActor(acceptance.by),
      set: { status: 'accepted', acceptedAt: new Date(acceptance.acceptedAt), acceptedBy: acceptance.by, closedAt: now() },
    }),

    /** `relationship_request.accepted` and `relationship.created`, once the request is recorded as accepted. */
    publish: async (request: RequestFacts, acceptance: Acceptance): Promise<void> => {
      await webhooks?.accepted(request, acceptance);
    },
  };
}
export type AcceptanceRecords = ReturnType<typeof createAcceptanceRecords>;

/** A request's own fields as first recorded; the status and events are the caller's. */
function requestDocument(request: RequestFacts, at: Date): Omit<RelationshipRequestDocument, 'status' | 'events'> {
  return {
    _id: request.requestId,
    workflowId: relationshipRequestWorkflowId(request.partnerTenantId, request.customerTenantId),
    runId: activityInfo().workflowExecution?.runId ?? '',
    partnerTenantId: request.partnerTenantId,
    customerTenantId: request.customerTenantId,
    customerEmail: request.customerEmail,
    includeDelegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
    ...optionalRequestFields(request),
    requestedBy: request.requestedBy,
    parties: request.parties,
    createdAt: at,
    updatedAt: at,
    remindersSent: 0,
  };
}
