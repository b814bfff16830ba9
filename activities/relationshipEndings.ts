import { ApplicationFailure } from '@temporalio/common';
import { pickLocale } from '../content/locales.js';
import { renderRelationshipEndedEmail } from '../content/relationshipEmails.js';
import type { Actor } from '../domain/relationshipRequest.js';
import { webhookEventId, type PublishWebhookEvent } from '../domain/webhookEvents.js';
import { pairKey, type EndedRelationshipDocument } from '../platform/documents.js';
import { insertOnce } from '../platform/keyedWrites.js';
import type { Collections } from '../platform/mongo.js';
import { endedRelationshipKey, relationshipInstanceId, relationshipView } from '../platform/relationships.js';
import type { RelationshipChangeOutcome, RelationshipEndingInput, RelationshipRef } from '../workflows/relationshipChangesContract.js';
import type { Mailer } from './mailer.js';
import { recordRelationshipEvent, removeEndedCopy } from './relationshipRecords.js';
import { relationshipEventData } from './webhookViews.js';

/** The customer's email key: one email per ending, however often the step runs. */
export const relationshipEndedEmailKey = (relationshipId: string) => `relationship-ended:${relationshipId}`;

type EndingDeps = {
  collections: Collections;
  mailer: Mailer;
  now: () => Date;
  /** Publishes webhook events, where webhooks are set up. */
  publish?: PublishWebhookEvent | undefined;
};

const system: Actor = { kind: 'system' };

const refOf = (ended: EndedRelationshipDocument): RelationshipRef => ({
  relationshipId: ended.relationshipId,
  partnerTenantId: ended.partnerTenantId,
  customerTenantId: ended.customerTenantId,
});

/**
 * Ending a relationship: single-document writes keyed by the relationship's ID (platform/relationships.ts), so a
 * retried or concurrent step records each fact once.
 */
export function createRelationshipEndingActivities(deps: EndingDeps) {
  return {
    recordRelationshipEnding: (input: RelationshipEndingInput) => recordRelationshipEnding(deps, input),
    notifyCustomerOfEnding: (ref: RelationshipRef) => notifyCustomerOfEnding(deps, ref),
    publishRelationshipEnded: (ref: RelationshipRef) => publishRelationshipEnded(deps, ref),
  };
}

/**
 * Copies the active relationship to its ended record (the first ending wins), removes the active one, and records
 * the event. Answers with the recorded ending, whichever attempt or concurrent ending wrote it.
 */
async function recordRelationshipEnding({ collections }: EndingDeps, input: RelationshipEndingInput): Promise<RelationshipChangeOutcome> {
  const { partnerTenantId, customerTenantId, relationshipId } = input;
  const _id = endedRelationshipKey(partnerTenantId, customerTenantId, relationshipId);
  let ended = await collections.endedRelationships.findOne({ _id });
  if (!ended) {
    const active = await collections.relationships.findOne({ _id: pairKey(partnerTenantId, customerTenantId) });
    if (!active || relationshipInstanceId(active) !== relationshipId) return { outcome: 'notActive' };
    const { _id: _activeId, ...relationship } = active;
    ended = await insertOnce(collections.endedRelationships, {
      ...relationship,
      _id,
      relationshipId,
      endedAt: new Date(input.endedAt),
      endedBy: input.endedBy,
      reason: input.reason,
      parties: input.parties,
    });
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
}

async function endedOf(collections: Collections, ref: RelationshipRef): Promise<EndedRelationshipDocument> {
  const ended = await collections.endedRelationships.findOne({ _id: endedRelationshipKey(ref.partnerTenantId, ref.customerTenantId, ref.relationshipId) });
  if (!ended) throw ApplicationFailure.nonRetryable(`Relationship ${ref.relationshipId} has not ended`, 'RelationshipNotEnded');
  return ended;
}

/** The customer's email, in the customer's language, to the addresses recorded with the ending. */
async function notifyCustomerOfEnding({ collections, mailer, now }: EndingDeps, ref: RelationshipRef): Promise<void> {
  const ended = await endedOf(collections, ref);
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
}

/**
 * The partner's systems hear of the ending through its webhook endpoints, once per ending (the event ID is the
 * ending's), with the relationship as `relationship.created` carried it and `GET /v1/customers?status=ended` shows it.
 */
async function publishRelationshipEnded({ collections, publish }: EndingDeps, ref: RelationshipRef): Promise<void> {
  if (!publish) return;
  const ended = await endedOf(collections, ref);
  const customer = await collections.customers.findOne({ _id: ended.customerTenantId });
  await publish({
    id: webhookEventId('relationship.ended', ref.relationshipId),
    type: 'relationship.ended',
    partnerTenantId: ended.partnerTenantId,
    occurredAt: ended.endedAt,
    data: customer ? relationshipEventData(ended, customer) : relationshipView(ended),
  });
}
