import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attestationVersion, customerAgreement, partnerAttestationFor, partnerAttestationText } from '../../domain/agreement.js';

const facts = {
  partnerName: 'Anatolia Cloud',
  partnerUserEmail: 'ayse@anatolia.example',
  signatory: { firstName: 'Deniz', lastName: 'Kaya', email: 'deniz@ankara.example' },
  companyName: 'Ankara Yazılım',
  acceptedAt: '2026-11-28T23:30:00.000Z',
};

describe("a brand-new customer's agreement, as the partner attests it", () => {
  test('English: the partner user attests who accepted, for whom and when', () => {
    assert.equal(
      partnerAttestationText('en', facts),
      'ayse@anatolia.example of Anatolia Cloud attests that Deniz Kaya (deniz@ankara.example) accepted the Microsoft Customer Agreement on behalf of Ankara Yazılım on 2026-11-28.',
    );
  });

  test('Turkish: the same, in the source page’s terms', () => {
    assert.equal(
      partnerAttestationText('tr', facts),
      'Anatolia Cloud iş ortağının kullanıcısı ayse@anatolia.example, Deniz Kaya (deniz@ankara.example) adlı kişinin 2026-11-28 tarihinde Ankara Yazılım adına Microsoft Müşteri Sözleşmesi’ni kabul ettiğini beyan eder.',
    );
  });

  test('the record carries the agreement, its version and the language', () => {
    assert.deepEqual(partnerAttestationFor('tr', facts, '2024-01'), {
      agreementType: customerAgreement.type,
      agreementVersion: '2024-01',
      wordingVersion: attestationVersion,
      text: partnerAttestationText('tr', facts),
      language: 'tr',
    });
  });

  test('never has the partner claim to be the customer’s Global administrator', () => {
    for (const language of ['en', 'tr'] as const) {
      assert.doesNotMatch(partnerAttestationText(language, facts), /Global administrator|Genel Yönetici|I am|olduğumu/);
    }
  });
});
