/**
 * The writes of a reseller relationship's life, each keyed so that a retried or concurrent step records every fact
 * once: the MCA record, the active relationship (platform/relationships.ts says where each lives), its events and the
 * removal of an ended one's leftover.
 */
import type { Attestation } from '../domain/agreement.js';
import type { RequestFacts } from '../domain/relationshipRequest.js';
import {
  pairKey,
  type AgreementAcceptanceDocument,
  type RelationshipDocument,
  type RelationshipEventDocument,
} from '../platform/documents.js';
import { attemptUpTo, tryAgain } from '../platform/attempts.js';
import { insertOnce, isDuplicateKeyError } from '../platform/keyedWrites.js';
import type { Collections } from '../platform/mongo.js';
import { endingOf, relationshipInstanceId, sameRelationship, type RelationshipIdentity } from '../platform/relationships.js';
import type { NewCustomerInput } from '../workflows/addCustomerContract.js';

/** The relationship an accepted request makes; also what its `relationship.created` event shows once it has ended. */
export const acceptedRelationship = (request: RequestFacts, acceptedAt: Date): RelationshipDocument => ({
  _id: pairKey(request.partnerTenantId, request.customerTenantId),
  partnerTenantId: request.partnerTenantId,
  customerTenantId: request.customerTenantId,
  type: 'reseller',
  delegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
  ...(request.indirectResellerId && { indirectResellerId: request.indirectResellerId }),
  since: acceptedAt,
  origin: { kind: 'request', requestId: request.requestId },
});

/** The relationship a brand-new customer starts with. */
export const newCustomerRelationship = (input: NewCustomerInput, since: Date): RelationshipDocument => ({
  _id: pairKey(input.partnerTenantId, input.tenantId),
  partnerTenantId: input.partnerTenantId,
  customerTenantId: input.tenantId,
  type: 'reseller',
  delegatedAdminPrivileges: input.includeDelegatedAdminPrivileges,
  since,
  origin: { kind: 'newCustomer', partnerUserId: input.createdBy.userId },
});

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
        attestation: { text: attestation.text, language: attestation.language, wordingVersion: attestation.wordingVersion },
      },
    },
    { upsert: true },
  );
}

/**
 * One active relationship per partner, customer and type: the `_id` is that triple, so a retry finds the first. A
 * relationship that was ended is never active again (a late or retried acceptance of it changes nothing lasting), and
 * the leftover of an ended one does not keep the pair's next relationship out (platform/relationships.ts).
 *
 * It writes first and looks after: an acceptance's upsert, then whether its relationship has an ending. A write of a
 * relationship that had already ended (a retry after its ending) is removed at once, and until then every reader
 * treats it as gone, as it does any active document with an ending. On a fresh acceptance that is two commands.
 */
export async function upsertRelationship(collections: Collections, relationship: RelationshipDocument): Promise<void> {
  const { _id, ...fields } = relationship;
  const ours = relationshipInstanceId(relationship);
  // A concurrent writer or an ending may change the pair between our write and our look: look again, a few times.
  await attemptUpTo(3, async () => {
    try {
      const written = await collections.relationships.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
      if (written.upsertedCount > 0) {
        // An ending may have copied ours before this write (a retry) or since: finish its removal.
        if (await endingOf(collections, relationship)) await removeEndedCopy(collections, relationship);
        return;
      }
    } catch (error) {
      // Two concurrent upserts: the loser hits the unique index; look at the winner's document.
      if (!isDuplicateKeyError(error)) throw error;
    }
    // The pair has a document: ours from an earlier attempt, another active one, or the leftover of an ended one.
    const current = await collections.relationships.findOne({ _id });
    if (!current) return tryAgain;
    const ended = await endingOf(collections, current);
    if (ended) await removeEndedCopy(collections, current);
    // Ours and active: done. Another one active: the first stays. Ours ended: done. Another one ended: write ours.
    return !ended || relationshipInstanceId(current) === ours ? undefined : tryAgain;
  });
}

/** Removes the active document of a relationship that has ended; a later relationship of the pair stays. */
export async function removeEndedCopy(collections: Collections, relationship: RelationshipIdentity): Promise<void> {
  await collections.relationships.deleteOne(sameRelationship(relationship));
}

/** Records a relationship event once: the first write of a key wins, and a retry finds it. */
export const recordRelationshipEvent = (collections: Collections, event: RelationshipEventDocument): Promise<RelationshipEventDocument> =>
  insertOnce(collections.relationshipEvents, event);
