import { z } from 'zod';
import { Attestation, PhoneNumber } from './agreement.js';
import { RuleCode } from './eligibility.js';
import { requestStatuses } from './lifecycle.js';
import { Customer, EmailAddress, LanguageTag, Partner, TenantId } from './tenants.js';

export const RequestStatus = z.enum(requestStatuses);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const RequestId = z.uuid();

export const PartnerUserRef = z.object({ userId: z.string(), email: EmailAddress });
export type PartnerUserRef = z.infer<typeof PartnerUserRef>;

/** Who did something to a request; kept on every event. */
export const Actor = z.discriminatedUnion('kind', [
  PartnerUserRef.extend({ kind: z.literal('partnerUser') }),
  z.object({
    kind: z.literal('customer'),
    email: EmailAddress.optional(),
    objectId: z.string().optional(),
    tenantId: z.string().optional(),
    name: z.string().optional(),
  }),
  z.object({ kind: z.literal('system') }),
  z.object({ kind: z.literal('operator') }),
]);
export type Actor = z.infer<typeof Actor>;

/**
 * The two parties as the API found them when the request was made: the rules are checked on these facts, and the
 * emails and the invitation page are rendered from them, so no step reads the tenants again.
 */
export const RequestParties = z.object({
  partner: Partner.pick({ name: true, country: true, cloud: true, preferredLanguage: true }),
  customer: Customer.pick({ companyName: true, country: true, cloud: true, preferredLanguage: true }),
});
export type RequestParties = z.infer<typeof RequestParties>;

export const partiesFrom = (
  partner: Pick<Partner, 'name' | 'country' | 'cloud' | 'preferredLanguage'>,
  customer: Pick<Customer, 'companyName' | 'country' | 'cloud' | 'preferredLanguage'>,
): RequestParties => ({
  partner: {
    name: partner.name,
    country: partner.country,
    cloud: partner.cloud,
    ...(partner.preferredLanguage && { preferredLanguage: partner.preferredLanguage }),
  },
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

/**
 * A request as the partner made it: who asks whom for what, with the parties as they were. The workflow carries it
 * and hands it to every step, so that no step reads the request or the tenants back.
 */
export const RequestFacts = z.object({
  requestId: RequestId,
  partnerTenantId: TenantId,
  customerTenantId: TenantId,
  customerEmail: EmailAddress,
  includeDelegatedAdminPrivileges: z.boolean(),
  indirectResellerId: z.string().optional(),
  locale: LanguageTag.optional(),
  message: z.string().optional(),
  requestedBy: PartnerUserRef,
  parties: RequestParties,
});
export type RequestFacts = z.infer<typeof RequestFacts>;

/**
 * Who decided for the customer: a user the OpenID provider verified (Entra ID's object and tenant IDs, name and
 * sign-in name), or, with customer sign-in off, the names they typed.
 */
export const CustomerDecider = z.discriminatedUnion('verifiedBy', [
  z.object({
    verifiedBy: z.literal('signIn'),
    objectId: z.string(),
    tenantId: z.string(),
    name: z.string().optional(),
    username: z.string().optional(),
  }),
  z.object({ verifiedBy: z.literal('typedNames'), firstName: z.string(), lastName: z.string(), email: EmailAddress }),
]);
export type CustomerDecider = z.infer<typeof CustomerDecider>;

/** The customer's acceptance: who accepted, when, the agreement attested and where the acceptance came from. */
export const Acceptance = z.object({
  by: CustomerDecider,
  phone: PhoneNumber.optional(),
  acceptedAt: z.iso.datetime(),
  attestation: Attestation,
  client: z.object({ ip: z.string().optional(), userAgent: z.string().max(500).optional() }),
});
export type Acceptance = z.infer<typeof Acceptance>;

/** A decision delivered to the workflow, by the `decide` update or by a signal. */
export const Decision = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('accept'), acceptance: Acceptance }),
  z.object({ kind: z.literal('decline'), reason: z.string().optional(), at: z.iso.datetime(), by: CustomerDecider.optional() }),
  z.object({ kind: z.literal('cancel'), reason: z.string().optional(), at: z.iso.datetime(), by: PartnerUserRef }),
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

/** The partner user who asks. */
export type Requester = PartnerUserRef & { partnerTenantId: string };
