/**
 * Where reseller relationships live, and how one ends without transactions.
 *
 * - The **active** relationship of a pair is the document `relationships/<partner>:<customer>:reseller`: at most one
 *   per pair, found by `_id` (the `relationship_exists` rule reads it).
 * - Each relationship has its own **ID**, derived from the pair and its origin (the request that was accepted, or the
 *   new-customer creation), so every attempt of every step computes the same one.
 * - An **ending** first copies the active document to `endedRelationships/<pair>:<relationshipId>` with one keyed
 *   insert (the first ending wins; a second or retried one finds it), then deletes the active document of that
 *   relationship only. A crash between the two leaves a copy whose active document is already ended: every reader
 *   treats such a document as gone, and the next acceptance or ending removes it.
 * - An acceptance never brings an ended relationship back: after writing it looks for its relationship's ending and
 *   removes its document if there is one, whether the ending came before the write (a retry) or meanwhile; until then
 *   readers treat that document as gone (see `upsertRelationship` in activities/relationshipRecords.ts).
 *
 * This module names and reads them; the activities that change them own the writes (activities/relationshipRecords.ts).
 */
import { createHash } from 'node:crypto';
import type { Filter } from 'mongodb';
import type { RelationshipView } from '../domain/relationships.js';
import { pairKey, type EndedRelationshipDocument, type RelationshipDocument } from './documents.js';
import type { Collections } from './mongo.js';
import { findByIds } from './keyedReads.js';

/** What names one relationship: its pair and its origin. */
export type RelationshipIdentity = Pick<RelationshipDocument, 'partnerTenantId' | 'customerTenantId' | 'origin'>;

/** A relationship's own ID: `rel_` and 22 base64url characters of SHA-256 over the pair and the origin. */
export function relationshipInstanceId(relationship: RelationshipIdentity): string {
  const { origin } = relationship;
  const originKey = origin.kind === 'request' ? `request:${origin.requestId}` : 'newCustomer';
  const digest = createHash('sha256').update(`${pairKey(relationship.partnerTenantId, relationship.customerTenantId)}\n${originKey}`).digest('base64url');
  return `rel_${digest.slice(0, 22)}`;
}

export const endedRelationshipKey = (partnerTenantId: string, customerTenantId: string, instanceId: string) =>
  `${pairKey(partnerTenantId, customerTenantId)}:${instanceId}`;

/** The active document of this relationship only (a later relationship of the pair does not match). */
export function sameRelationship(relationship: RelationshipIdentity): Filter<RelationshipDocument> {
  const { origin } = relationship;
  return {
    _id: pairKey(relationship.partnerTenantId, relationship.customerTenantId),
    ...(origin.kind === 'request' ? { 'origin.kind': 'request', 'origin.requestId': origin.requestId } : { 'origin.kind': 'newCustomer' }),
  };
}

export async function endingOf(collections: Collections, relationship: RelationshipIdentity): Promise<EndedRelationshipDocument | null> {
  return collections.endedRelationships.findOne({
    _id: endedRelationshipKey(relationship.partnerTenantId, relationship.customerTenantId, relationshipInstanceId(relationship)),
  });
}

/** The pair's active relationship, or null: none, or only the leftover of one that has ended. */
export async function activeRelationship(collections: Collections, partnerTenantId: string, customerTenantId: string): Promise<RelationshipDocument | null> {
  const current = await collections.relationships.findOne({ _id: pairKey(partnerTenantId, customerTenantId) });
  if (!current) return null;
  return (await endingOf(collections, current)) ? null : current;
}

/** The documents of `relationships` that are really active: leftovers of ended relationships are dropped. */
export async function withoutEnded(collections: Collections, relationships: RelationshipDocument[]): Promise<RelationshipDocument[]> {
  if (relationships.length === 0) return relationships;
  const keys = relationships.map((r) => endedRelationshipKey(r.partnerTenantId, r.customerTenantId, relationshipInstanceId(r)));
  const ended = new Set((await findByIds(collections.endedRelationships, keys, { projection: { _id: 1 } })).map((e) => e._id));
  return relationships.filter((_, index) => !ended.has(keys[index]!));
}


export function relationshipView(relationship: RelationshipDocument | EndedRelationshipDocument): RelationshipView {
  const ended = 'endedAt' in relationship ? relationship : undefined;
  const removal = relationship.delegatedAdminPrivilegesRemoved;
  return {
    id: relationshipInstanceId(relationship),
    partnerTenantId: relationship.partnerTenantId,
    customerTenantId: relationship.customerTenantId,
    relationship: 'reseller',
    status: ended ? 'ended' : 'active',
    delegatedAdminPrivileges: relationship.delegatedAdminPrivileges,
    delegatedAdminPrivilegesRemoved: removal
      ? {
          at: removal.at.toISOString(),
          by: {
            objectId: removal.by.objectId,
            tenantId: removal.by.tenantId,
            ...(removal.by.name && { name: removal.by.name }),
            ...(removal.by.username && { username: removal.by.username }),
          },
        }
      : null,
    indirectResellerId: relationship.indirectResellerId ?? null,
    requestId: relationship.origin.kind === 'request' ? relationship.origin.requestId : null,
    since: relationship.since.toISOString(),
    endedAt: ended ? ended.endedAt.toISOString() : null,
    endedBy: ended ? { userId: ended.endedBy.userId, email: ended.endedBy.email } : null,
    reason: ended ? ended.reason : null,
  };
}
