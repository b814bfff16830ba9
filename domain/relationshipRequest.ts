import { z } from 'zod';
import { RuleCode } from './eligibility.js';
import { RequestStatus } from './requestStatus.js';
import { Customer, EmailAddress, LanguageTag, Partner, TenantId } from './tenants.js';

export const relationshipRequestWorkflowId = (partnerTenantId: string, customerTenantId: string) =>
  `relationship-request:${partnerTenantId}:${customerTenantId}`;

export const RequestId = z.uuid();

const shortText = (max: number) => z.string().trim().min(1).max(max);

/** Who did something to a request; kept on every event. */
export const Actor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('partnerUser'), userId: z.string(), email: EmailAddress }),
  z.object({ kind: z.literal('customer'), email: EmailAddress.optional() }),
  z.object({ kind: z.literal('system') }),
  z.object({ kind: z.literal('operator') }),
]);
export type Actor = z.infer<typeof Actor>;

/** Body of `POST /v1/relationship-requests`. */
export const CreateRequestBody = z
  .object({
    customerTenantId: TenantId.optional(),
    customerDomain: z.string().trim().toLowerCase().max(253).optional(),
    customerEmail: EmailAddress,
    includeDelegatedAdminPrivileges: z.boolean(),
    indirectResellerId: shortText(64).optional(),
    locale: LanguageTag.optional(),
    message: z.string().trim().max(1000).optional(),
  })
  .strict()
  .refine((body) => Boolean(body.customerTenantId) !== Boolean(body.customerDomain), {
    message: 'give exactly one of customerTenantId or customerDomain',
    path: ['customerTenantId'],
  });
export type CreateRequestBody = z.infer<typeof CreateRequestBody>;

/**
 * The two parties as the API found them when the request was made: the rules are checked on these facts, and the
 * emails and the invitation page are rendered from them, so no step has to read the tenants again.
 */
export const RequestParties = z.object({
  partner: Partner.pick({ name: true, country: true, cloud: true }),
  customer: Customer.pick({ companyName: true, country: true, cloud: true, preferredLanguage: true }),
});
export type RequestParties = z.infer<typeof RequestParties>;

/** A request's parties from the tenants as they are stored. */
export const partiesFrom = (
  partner: Pick<Partner, 'name' | 'country' | 'cloud'>,
  customer: Pick<Customer, 'companyName' | 'country' | 'cloud' | 'preferredLanguage'>,
): RequestParties => ({
  partner: { name: partner.name, country: partner.country, cloud: partner.cloud },
  customer: {
    companyName: customer.companyName,
    country: customer.country,
    cloud: customer.cloud,
    ...(customer.preferredLanguage && { preferredLanguage: customer.preferredLanguage }),
  },
});

/** A request's optional parts, copied only where set, so stored documents and payloads carry no empty fields. */
export const optionalRequestFields = (source: {
  indirectResellerId?: string | undefined;
  locale?: string | undefined;
  message?: string | undefined;
}) => ({
  ...(source.indirectResellerId && { indirectResellerId: source.indirectResellerId }),
  ...(source.locale && { locale: source.locale }),
  ...(source.message && { message: source.message }),
});

/** Input of the `relationshipRequest` workflow: all it needs, nothing secret. */
export const RelationshipRequestInput = z.object({
  requestId: RequestId,
  partnerTenantId: TenantId,
  customerTenantId: TenantId,
  customerEmail: EmailAddress,
  includeDelegatedAdminPrivileges: z.boolean(),
  indirectResellerId: z.string().optional(),
  locale: LanguageTag.optional(),
  message: z.string().optional(),
  requestedBy: z.object({ userId: z.string(), email: EmailAddress }),
  invitationTtlMs: z.number().int().positive(),
  reminderOffsetsMs: z.array(z.number().int().positive()),
  /** Absent in runs started before the API passed them; those read the tenants instead. */
  parties: RequestParties.optional(),
});
export type RelationshipRequestInput = z.infer<typeof RelationshipRequestInput>;

/**
 * What the emails about a request are rendered from. The workflow holds all of it and passes it to the email steps;
 * for runs that do not, the steps read it back from the request and the tenants.
 */
export const RequestFacts = RelationshipRequestInput.omit({ invitationTtlMs: true, reminderOffsetsMs: true, parties: true }).extend({
  parties: RequestParties,
  expiresAt: z.iso.datetime().optional(),
  acceptedBy: z.object({ firstName: z.string(), lastName: z.string(), email: EmailAddress }).optional(),
  declineReason: z.string().optional(),
});
export type RequestFacts = z.infer<typeof RequestFacts>;

/** What the customer submits on the invitation page (form or JSON). */
export const AcceptanceForm = z
  .object({
    firstName: shortText(100),
    lastName: shortText(100),
    email: EmailAddress,
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ().-]{5,30}$/, 'must be a phone number')
      .optional(),
    acceptAgreement: z.literal(true, 'must be checked to accept the Microsoft Customer Agreement'),
  })
  .strict();
export type AcceptanceForm = z.infer<typeof AcceptanceForm>;

export const DeclineForm = z.object({ reason: z.string().trim().max(500).optional() }).strict();
export type DeclineForm = z.infer<typeof DeclineForm>;

export const CancelBody = z.object({ reason: z.string().trim().max(500).optional() }).strict();

/** The MCA acceptance as recorded: what was attested, in which language and version. */
export const Attestation = z.object({
  agreementType: z.literal('MicrosoftCustomerAgreement'),
  agreementVersion: z.string(),
  text: z.string(),
  language: z.string(),
});
export type Attestation = z.infer<typeof Attestation>;

export const Acceptance = z.object({
  firstName: z.string(),
  lastName: z.string(),
  email: EmailAddress,
  phone: z.string().optional(),
  acceptedAt: z.iso.datetime(),
  attestation: Attestation,
  client: z.object({ ip: z.string().optional(), userAgent: z.string().max(500).optional() }),
});
export type Acceptance = z.infer<typeof Acceptance>;

/** A decision delivered to the workflow, by signal or by update. */
export const Decision = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('accept'), acceptance: Acceptance }),
  z.object({ kind: z.literal('decline'), reason: z.string().optional(), at: z.iso.datetime() }),
  z.object({
    kind: z.literal('cancel'),
    reason: z.string().optional(),
    at: z.iso.datetime(),
    by: z.object({ userId: z.string(), email: EmailAddress }),
  }),
]);
export type Decision = z.infer<typeof Decision>;

/** The live state, as the `status` query and the updates return it. */
export const RequestSnapshot = z.object({
  requestId: RequestId,
  status: RequestStatus,
  rejection: z.object({ code: RuleCode, detail: z.string() }).optional(),
  expiresAt: z.iso.datetime().optional(),
  remindersSent: z.number().int(),
  nextReminderNumber: z.number().int().optional(),
});
export type RequestSnapshot = z.infer<typeof RequestSnapshot>;
