import type { Attestation } from '../domain/agreement.js';
import type { AgreementAcceptanceDocument, RelationshipDocument } from '../platform/documents.js';
import { isDuplicateKeyError, type Collections } from '../platform/mongo.js';
import { endingOf, relationshipInstanceId, removeEndedCopy } from '../platform/relationships.js';

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
 * relationship that was ended is never written again (a late or retried acceptance of it changes nothing), and the
 * leftover of an ended one does not keep the pair's next relationship out (platform/relationships.ts).
 */
export async function upsertRelationship(collections: Collections, relationship: RelationshipDocument): Promise<void> {
  const { _id, ...fields } = relationship;
  const ours = relationshipInstanceId(relationship);
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const current = await collections.relationships.findOne({ _id });
    if (current) {
      const ended = await endingOf(collections, current);
      if (ended) await removeEndedCopy(collections, current);
      // Ours and active: done. Another one active: the first stays. Either ended: look again.
      if (!ended || relationshipInstanceId(current) === ours) return;
      continue;
    }
    if (await endingOf(collections, relationship)) return;
    try {
      await collections.relationships.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
    } catch (error) {
      // Two concurrent upserts: the loser hits the unique index; look at the winner's document.
      if (!isDuplicateKeyError(error)) throw error;
      continue;
    }
    // An ending may have copied and removed our document between our look and our write: finish its removal.
    if (await endingOf(collections, relationship)) await removeEndedCopy(collections, relationship);
    return;
  }
}
