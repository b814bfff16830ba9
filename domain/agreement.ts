import { z } from 'zod';
import { EmailAddress } from './tenants.js';

/** The agreement a customer accepts with a reseller relationship. */
export const customerAgreement = {
  type: 'MicrosoftCustomerAgreement',
  name: 'Microsoft Customer Agreement',
  url: 'https://www.microsoft.com/licensing/docs/customeragreement',
} as const;

/** The version of the attestation wording below; stored with every acceptance next to the exact text shown. */
export const attestationVersion = '2026-11';

const attestationWording = {
  en: (company: string) =>
    `I accept the Microsoft Customer Agreement on behalf of ${company}, and I confirm that I am a Global administrator of its tenant.`,
  tr: (company: string) =>
    `${company} adına Microsoft Müşteri Sözleşmesi’ni kabul ediyorum ve bu kuruluşun kiracısında Genel Yönetici olduğumu onaylıyorum.`,
} as const;
export type AttestationLanguage = keyof typeof attestationWording;

/** The wording of the one required checkbox: the agreement on behalf of the company, and being its Global administrator. */
export const attestationText = (language: AttestationLanguage, companyName: string): string => attestationWording[language](companyName);

/** The acceptance as recorded: what was attested, in which language and version. */
export const Attestation = z.object({
  agreementType: z.literal(customerAgreement.type),
  agreementVersion: z.string(),
  text: z.string(),
  language: z.string(),
});
export type Attestation = z.infer<typeof Attestation>;

export const attestationFor = (language: AttestationLanguage, companyName: string): Attestation => ({
  agreementType: customerAgreement.type,
  agreementVersion: attestationVersion,
  text: attestationText(language, companyName),
  language,
});

export const PhoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{5,30}$/, 'must be a phone number');

const name = z.string().trim().min(1).max(100);

/** The person who accepts the agreement for the customer. */
export const Signatory = z.object({ firstName: name, lastName: name, email: EmailAddress, phone: PhoneNumber.optional() });
export type Signatory = z.infer<typeof Signatory>;
