import { z } from 'zod';
import { EmailAddress } from './tenants.js';

/** The agreement a customer accepts with a reseller relationship. */
export const customerAgreement = {
  type: 'MicrosoftCustomerAgreement',
  name: 'Microsoft Customer Agreement',
  url: 'https://www.microsoft.com/licensing/docs/customeragreement',
} as const;

/** The version of the attestation wordings below; stored with every acceptance next to the exact text shown. */
export const attestationVersion = '2026-12';

const attestationWording = {
  /** With customer sign-in off, the checkbox also stands for the role the sign-in would have verified. */
  linkOnly: {
    en: (company: string) =>
      `I accept the Microsoft Customer Agreement on behalf of ${company}, and I confirm that I am a Global administrator of its tenant.`,
    tr: (company: string) =>
      `${company} adına Microsoft Müşteri Sözleşmesi’ni kabul ediyorum ve bu kuruluşun kiracısında Genel Yönetici olduğumu onaylıyorum.`,
  },
  signedIn: {
    en: (company: string) => `I accept the Microsoft Customer Agreement on behalf of ${company}.`,
    tr: (company: string) => `${company} adına Microsoft Müşteri Sözleşmesi’ni kabul ediyorum.`,
  },
} as const;
export type AttestationLanguage = keyof typeof attestationWording.linkOnly;
/** Whether the person deciding signed in (their role verified by the provider) or only holds the link. */
export type CustomerVerification = keyof typeof attestationWording;

/** The wording of the one required checkbox: the agreement on behalf of the company (and, link-only, the role). */
export const attestationText = (language: AttestationLanguage, companyName: string, verification: CustomerVerification = 'linkOnly'): string =>
  attestationWording[verification][language](companyName);

/**
 * An acceptance as recorded: the agreement (its version is the Microsoft Customer Agreement's, from configuration) and
 * the exact words attested, in which language and wording version.
 */
export const Attestation = z.object({
  agreementType: z.literal(customerAgreement.type),
  agreementVersion: z.string(),
  text: z.string(),
  language: z.string(),
  wordingVersion: z.string(),
});
export type Attestation = z.infer<typeof Attestation>;

export const attestationFor = (
  language: AttestationLanguage,
  companyName: string,
  agreementVersion: string,
  verification: CustomerVerification,
): Attestation => ({
  agreementType: customerAgreement.type,
  agreementVersion,
  text: attestationText(language, companyName, verification),
  language,
  wordingVersion: attestationVersion,
});

/** What a partner user attests when adding a brand-new customer: who signed for the customer, and when. */
export type PartnerAttestationFacts = {
  partnerName: string;
  partnerUserEmail: string;
  signatory: Pick<Signatory, 'firstName' | 'lastName' | 'email'>;
  companyName: string;
  /** An ISO timestamp; the record names its UTC calendar date, the same in every language. */
  acceptedAt: string;
};

const partnerAttestationWording: Record<AttestationLanguage, (facts: PartnerAttestationFacts, date: string) => string> = {
  en: ({ partnerName, partnerUserEmail, signatory: s, companyName }, date) =>
    `${partnerUserEmail} of ${partnerName} attests that ${s.firstName} ${s.lastName} (${s.email}) accepted the Microsoft Customer Agreement on behalf of ${companyName} on ${date}.`,
  tr: ({ partnerName, partnerUserEmail, signatory: s, companyName }, date) =>
    `${partnerName} iş ortağının kullanıcısı ${partnerUserEmail}, ${s.firstName} ${s.lastName} (${s.email}) adlı kişinin ${date} tarihinde ${companyName} adına Microsoft Müşteri Sözleşmesi’ni kabul ettiğini beyan eder.`,
};

export const partnerAttestationText = (language: AttestationLanguage, facts: PartnerAttestationFacts): string =>
  partnerAttestationWording[language](facts, new Date(facts.acceptedAt).toISOString().slice(0, 10));

/** The record of a brand-new customer's acceptance, as the partner user attests it. */
export const partnerAttestationFor = (language: AttestationLanguage, facts: PartnerAttestationFacts, agreementVersion: string): Attestation => ({
  agreementType: customerAgreement.type,
  agreementVersion,
  text: partnerAttestationText(language, facts),
  language,
  wordingVersion: attestationVersion,
});

export const PhoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{5,30}$/, 'must be a phone number');

const name = z.string().trim().min(1).max(100);

/** The person who accepts the agreement for the customer. */
export const Signatory = z.object({ firstName: name, lastName: name, email: EmailAddress, phone: PhoneNumber.optional() });
export type Signatory = z.infer<typeof Signatory>;
