import type { Attestation } from '../domain/agreement.js';
import type { AgreementAcceptanceDocument, RelationshipDocument } from '../platform/documents.js';
import { isDuplicateKeyError, type Collections } from '../platform/mongo.js';

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

/** One relationship per partner, customer and type: the `_id` is that triple, so a retry finds the first. */
export async function upsertRelationship(collections: Collections, relationship: RelationshipDocument): Promise<void> {
  const { _id, ...fields } = relationship;
  try {
    await collections.relationships.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
  } catch (error) {
    // Two concurrent upserts: the loser hits the unique index, and the winner's document is the one.
    if (!isDuplicateKeyError(error)) throw error;
  }
}
