import { ApplicationFailure } from '@temporalio/common';
import { pickLocale } from '../content/locales.js';
import { renderDelegatedAdminRemovedEmail, renderRelationshipEndedEmail } from '../content/relationshipEmails.js';
import { customerActor, deciderContact } from '../domain/deciders.js';
import type { Actor } from '../domain/relationshipRequest.js';
import { webhookEventId, type PublishWebhookEvent } from '../domain/webhookEvents.js';
import { pairKey, type DelegatedAdminPrivilegesRemoval, type EndedRelationshipDocument } from '../platform/documents.js';
import { isDuplicateKeyError, type Collections } from '../platform/mongo.js';
import {
  activeRelationship,
  endedRelationshipKey,
  recordRelationshipEvent,
  relationshipInstanceId,
  relationshipView,
  removeEndedCopy,
  sameRelationship,
} from '../platform/relationships.js';
import type {
  DelegatedAdminRemovalInput,
  RelationshipChangeOutcome,
  RelationshipEndingInput,
  RelationshipRef,
} from '../workflows/relationshipChangeDefinitions.js';
import type { Mailer } from './mailer.js';
import { relationshipEventData } from './webhookViews.js';

const system: Actor = { kind: 'system' };

/** The email keys: one email per ending and per removal, however often the step runs. */
export const relationshipEndedEmailKey = (relationshipId: string) => `relationship-ended:${relationshipId}`;
export const delegatedAdminRemovedEmailKey = (relationshipId: string) => `delegated-admin-privileges-removed:${relationshipId}`;
const removalEventId = (relationshipId: string) => `delegated_admin_privileges_removed:${relationshipId}`;

/**
 * Ending a relationship and removing its delegated admin privileges: single-document writes keyed by the
 * relationship's ID (platform/relationships.ts), so a retried or concurrent step records each fact once.
 */
export function createRelationshipChangeActivities({
  collections,
  mailer,
  now,
  publish,
}: {
  collections: Collections;
  mailer: Mailer;
  now: () => Date;
  /** Publishes webhook events, where webhooks are set up. */
  publish?: PublishWebhookEvent | undefined;
}) {
  const refOf = (ended: Pick<EndedRelationshipDocument, 'partnerTenantId' | 'customerTenantId' | 'relationshipId'>) => ({
    relationshipId: ended.relationshipId,
    partnerTenantId: ended.partnerTenantId,
    customerTenantId: ended.customerTenantId,
  });

  async function endedOf(ref: RelationshipRef): Promise<EndedRelationshipDocument> {
    const ended = await collections.endedRelationships.findOne({ _id: endedRelationshipKey(ref.partnerTenantId, ref.customerTenantId, ref.relationshipId) });
    if (!ended) throw ApplicationFailure.nonRetryable(`Relationship ${ref.relationshipId} has not ended`, 'RelationshipNotEnded');
    return ended;
  }

  return {
    /**
     * Copies the active relationship to its ended record (the first ending wins), removes the active one, and
     * records the event. Answers with the recorded ending, whichever attempt or concurrent ending wrote it.
     */
    async recordRelationshipEnding(input: RelationshipEndingInput): Promise<RelationshipChangeOutcome> {
      const { partnerTenantId, customerTenantId, relationshipId } = input;
      const _id = endedRelationshipKey(partnerTenantId, customerTenantId, relationshipId);
      let ended = await collections.endedRelationships.findOne({ _id });
      if (!ended) {
        const active = await collections.relationships.findOne({ _id: pairKey(partnerTenantId, customerTenantId) });
        if (!active || relationshipInstanceId(active) !== relationshipId) return { outcome: 'notActive' };
        const { _id: _activeId, ...relationship } = active;
        try {
          await collections.endedRelationships.insertOne({
            ...relationship,
            _id,
            relationshipId,
            endedAt: new Date(input.endedAt),
            endedBy: input.endedBy,
            reason: input.reason,
            parties: input.parties,
          });
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
        ended = await collections.endedRelationships.findOne({ _id });
        if (!ended) throw new Error(`the ending of ${relationshipId} was recorded but cannot be read back`);
      }
      await removeEndedCopy(collections, ended);
      await recordRelationshipEvent(collections, {
        _id: `relationship_ended:${relationshipId}`,
        type: 'relationship_ended',
        at: ended.endedAt,
        actor: { kind: 'partnerUser', ...ended.endedBy },
        ...refOf(ended),
        detail: { reason: ended.reason },
      });
      return { outcome: 'ended', relationship: relationshipView(ended) };
    },

    /** The customer's email, in the customer's language, to the addresses recorded with the ending. */
    async notifyCustomerOfEnding(ref: RelationshipRef): Promise<void> {
      const ended = await endedOf(ref);
      const idempotencyKey = relationshipEndedEmailKey(ref.relationshipId);
      const { partner, customer } = ended.parties;
      if (customer.emails.length > 0) {
        const email = renderRelationshipEndedEmail({
          locale: pickLocale(customer.preferredLanguage),
          partnerName: partner.name,
          customerCompanyName: customer.companyName,
          relationshipId: ref.relationshipId,
          endedAt: ended.endedAt,
          reason: ended.reason,
          delegatedAdminPrivileges: ended.delegatedAdminPrivileges,
        });
        await mailer.send({ to: customer.emails, ...email, idempotencyKey });
      }
      await recordRelationshipEvent(collections, {
        _id: `customer_notified:${ref.relationshipId}`,
        type: 'customer_notified',
        at: now(),
        actor: system,
        ...refOf(ended),
        detail: { idempotencyKey, recipients: customer.emails.length },
      });
    },

    /**
     * The partner's systems hear of the ending through its webhook endpoints, once per ending (the event ID is the
     * ending's), with the relationship as `relationship.created` carried it and `GET /v1/customers?status=ended` shows it.
     */
    async publishRelationshipEnded(ref: RelationshipRef): Promise<void> {
      if (!publish) return;
      const ended = await endedOf(ref);
      const customer = await collections.customers.findOne({ _id: ended.customerTenantId });
      await publish({
        id: webhookEventId('relationship.ended', ref.relationshipId),
        type: 'relationship.ended',
        partnerTenantId: ended.partnerTenantId,
        occurredAt: ended.endedAt,
        data: customer ? relationshipEventData(ended, customer) : relationshipView(ended),
      });
    },

    /**
     * Records the removal once (its event, keyed by the relationship, holds when and by whom), then marks the active
     * relationship with it; a retry or a second removal sets the same values again.
     */
    async recordDelegatedAdminRemoval(input: DelegatedAdminRemovalInput): Promise<RelationshipChangeOutcome> {
      const { partnerTenantId, customerTenantId, relationshipId } = input;
      const current = await activeRelationship(collections, partnerTenantId, customerTenantId);
      if (!current || relationshipInstanceId(current) !== relationshipId) return { outcome: 'notActive' };
      const eventId = removalEventId(relationshipId);
      let event = await collections.relationshipEvents.findOne({ _id: eventId });
      if (!event) {
        if (!current.delegatedAdminPrivileges) return { outcome: 'noPrivileges' };
        event = await recordRelationshipEvent(collections, {
          _id: eventId,
          type: 'delegated_admin_privileges_removed',
          at: new Date(input.at),
          actor: customerActor(input.by),
          partnerTenantId,
          customerTenantId,
          relationshipId,
          detail: { by: input.by, ...(current.origin.kind === 'request' && { requestId: current.origin.requestId }) },
        });
      }
      const removal: DelegatedAdminPrivilegesRemoval = { at: event.at, by: event.detail?.by as DelegatedAdminPrivilegesRemoval['by'], eventId };
      await collections.relationships.updateOne(sameRelationship(current), {
        $set: { delegatedAdminPrivileges: false, delegatedAdminPrivilegesRemoved: removal },
      });
      return { outcome: 'removed', relationship: relationshipView({ ...current, delegatedAdminPrivileges: false, delegatedAdminPrivilegesRemoved: removal }) };
    },

    /** The partner's email, in the partner's language: to its Admin agents and to whoever made the relationship's request. */
    async notifyPartnerOfDelegatedAdminRemoval(ref: RelationshipRef): Promise<void> {
      const event = await collections.relationshipEvents.findOne({ _id: removalEventId(ref.relationshipId) });
      if (!event) throw ApplicationFailure.nonRetryable(`No removal is recorded for ${ref.relationshipId}`, 'RemovalNotRecorded');
      const by = event.detail?.by as DelegatedAdminPrivilegesRemoval['by'];
      const requestId = typeof event.detail?.requestId === 'string' ? event.detail.requestId : undefined;
      const [partner, customer, users, request] = await Promise.all([
        collections.partners.findOne({ _id: ref.partnerTenantId }),
        collections.customers.findOne({ _id: ref.customerTenantId }),
        collections.partnerUsers.find({ partnerTenantId: ref.partnerTenantId }).toArray(),
        requestId ? collections.requests.findOne({ _id: requestId }) : null,
      ]);
      const recipients = [
        ...new Set([
          ...(request && request.partnerTenantId === ref.partnerTenantId ? [request.requestedBy.email] : []),
          ...users.filter((user) => user.roles.includes('AdminAgent')).map((user) => user.email),
        ]),
      ];
      const idempotencyKey = delegatedAdminRemovedEmailKey(ref.relationshipId);
      if (recipients.length > 0) {
        const who = deciderContact(by);
        const email = renderDelegatedAdminRemovedEmail({
          locale: pickLocale(partner?.preferredLanguage),
          customerCompanyName: customer?.companyName ?? ref.customerTenantId,
          customerTenantId: ref.customerTenantId,
          relationshipId: ref.relationshipId,
          removedAt: event.at,
          removedBy: who.email && who.email !== who.name ? `${who.name} <${who.email}>` : who.name,
        });
        await mailer.send({ to: recipients, ...email, idempotencyKey });
      }
      await recordRelationshipEvent(collections, {
        _id: `partner_notified:${ref.relationshipId}`,
        type: 'partner_notified',
        at: now(),
        actor: system,
        ...ref,
        detail: { idempotencyKey, recipients: recipients.length },
      });
    },
  };
}
