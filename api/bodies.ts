import { z } from 'zod';
import { PhoneNumber, Signatory } from '../domain/agreement.js';
import { CountryCode } from '../domain/countries.js';
import { DomainPrefix, EmailAddress, LanguageTag } from '../domain/tenants.js';

/** Body of a cancel (`POST /v1/relationship-requests/{id}/cancel`) or a decline on the invitation page. */
export const ReasonBody = z.object({ reason: z.string().trim().max(500).optional() }).strict();

/** What a signed-in customer submits: the agreement accepted, and a phone number if they give one. */
export const SignedInAcceptanceForm = z
  .object({
    phone: PhoneNumber.optional(),
    acceptAgreement: z.literal(true, 'must be checked to accept the Microsoft Customer Agreement'),
  })
  .strict();

/** What the customer submits on the invitation page (form or JSON) with sign-in turned off. */
export const AcceptanceForm = Signatory.extend({
  acceptAgreement: z.literal(true, 'must be checked to accept the Microsoft Customer Agreement'),
}).strict();

/**
 * Body of `POST /v1/customers`: a brand-new tenant, created with the reseller relationship at once. The engine assigns
 * the tenant ID and the initial domain; a body naming either (`tenantId`, `domain`) is refused, field by field.
 */
export const NewCustomerBody = z
  .object({
    domainPrefix: DomainPrefix.describe(
      "The new tenant's initial domain is `<domainPrefix>.onmicrosoft.com` (`.onmicrosoft.us` in Microsoft Cloud for US " +
        'Government); 2-63 letters or digits, case-insensitive. A prefix whose domain a customer already holds is a 409.',
    ),
    companyName: z.string().trim().min(1).max(200),
    country: CountryCode,
    email: EmailAddress,
    preferredLanguage: LanguageTag.optional(),
    includeDelegatedAdminPrivileges: z.boolean(),
    agreement: Signatory.extend({
      acceptAgreement: z.literal(true, 'must be true: the customer accepts the Microsoft Customer Agreement'),
    }).strict(),
  })
  .strict();
export type NewCustomerBody = z.infer<typeof NewCustomerBody>;
