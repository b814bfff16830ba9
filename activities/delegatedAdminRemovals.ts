import { ApplicationFailure } from '@temporalio/common';
import { pickLocale } from '../content/locales.js';
import { renderDelegatedAdminRemovedEmail } from '../content/relationshipEmails.js';
import { customerActor, deciderContact } from '../domain/deciders.js';
import type { DelegatedAdminPrivilegesRemoval, RelationshipEventDocument } from '../platform/documents.js';
import type { Collections } from '../platform/mongo.js';
import { activeRelationship, relationshipInstanceId, relationshipView, sameRelationship } from '../platform/relationships.js';
import type { DelegatedAdminRemovalInput, RelationshipChangeOutcome, RelationshipRef } from '../workflows/relationshipChangesContract.js';
import type { Mailer } from './mailer.js';
import { adminAgentEmails } from './partnerAdmins.js';
import { recordRelationshipEvent } from './relationshipRecords.js';

/** The partner's email key: one email per removal, however often the step runs. */
export const delegatedAdminRemovedEmailKey = (relationshipId: string) => `delegated-admin-privileges-removed:${relationshipId}`;
const removalEventId = (relationshipId: string) => `delegated_admin_privileges_removed:${relationshipId}`;

type RemovalDeps = { collections: Collections; mailer: Mailer; now: () => Date };

/**
 * Removing a relationship's delegated admin privileges: its event, keyed by the relationship's ID, is recorded once
 * however often or by how many the removal runs.
 */
export function createDelegatedAdminRemovalActivities(deps: RemovalDeps) {
  return {
    recordDelegatedAdminRemoval: (input: DelegatedAdminRemovalInput) => recordDelegatedAdminRemoval(deps, input),
    notifyPartnerOfDelegatedAdminRemoval: (ref: RelationshipRef) => notifyPartnerOfDelegatedAdminRemoval(deps, ref),
  };
}

const removalOf = (event: RelationshipEventDocument): DelegatedAdminPrivilegesRemoval => ({
  at: event.at,
  by: event.detail?.by as DelegatedAdminPrivilegesRemoval['by'],
  eventId: event._id,
});

/**
 * Records the removal once (its event, keyed by the relationship, holds when and by whom), then marks the active
 * relationship with it; a retry or a second removal sets the same values again.
 */
async function recordDelegatedAdminRemoval({ collections }: RemovalDeps, input: DelegatedAdminRemovalInput): Promise<RelationshipChangeOutcome> {
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
  const removal = removalOf(event);
  await collections.relationships.updateOne(sameRelationship(current), {
    $set: { delegatedAdminPrivileges: false, delegatedAdminPrivilegesRemoved: removal },
  });
  return { outcome: 'removed', relationship: relationshipView({ ...current, delegatedAdminPrivileges: false, delegatedAdminPrivilegesRemoved: removal }) };
}

/** The partner's email, in the partner's language: to its Admin agents and to whoever made the relationship's request. */
async function notifyPartnerOfDelegatedAdminRemoval({ collections, mailer, now }: RemovalDeps, ref: RelationshipRef): Promise<void> {
  const event = await collections.relationshipEvents.findOne({ _id: removalEventId(ref.relationshipId) });
  if (!event) throw ApplicationFailure.nonRetryable(`No removal is recorded for ${ref.relationshipId}`, 'RemovalNotRecorded');
  const recipients = await removalRecipients(collections, ref, event);
  const idempotencyKey = delegatedAdminRemovedEmailKey(ref.relationshipId);
  if (recipients.length > 0) {
    const [partner, customer] = await Promise.all([
      collections.partners.findOne({ _id: ref.partnerTenantId }),
      collections.customers.findOne({ _id: ref.customerTenantId }),
    ]);
    const who = deciderContact(removalOf(event).by);
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
    actor: { kind: 'system' },
    ...ref,
    detail: { idempotencyKey, recipients: recipients.length },
  });
}

/** The partner's Admin agents, and whoever made the relationship's request (when the partner made it). */
async function removalRecipients(collections: Collections, ref: RelationshipRef, event: RelationshipEventDocument): Promise<string[]> {
  const requestId = typeof event.detail?.requestId === 'string' ? event.detail.requestId : undefined;
  const [admins, request] = await Promise.all([
    adminAgentEmails(collections, ref.partnerTenantId),
    requestId ? collections.requests.findOne({ _id: requestId }) : null,
  ]);
  return [...new Set([...(request && request.partnerTenantId === ref.partnerTenantId ? [request.requestedBy.email] : []), ...admins])];
}
