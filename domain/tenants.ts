import { z } from 'zod';
import { Cloud, cloudAdmitsCountry, usGovernmentCountryMessage } from './clouds.js';
import { CountryCode } from './countries.js';
import { PartnerRole } from './roles.js';

/** Tenant IDs end up in workflow IDs (`relationship-request:<partner>:<customer>`), so no `:`. */
export const TenantId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be 1-100 letters, digits, ".", "_" or "-"');

export const DomainName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name such as contoso.com');

/**
 * The partner's choice for a new tenant's initial domain, as Partner Center asks for it: letters and digits only, at
 * most 63 (one DNS label), case-insensitive and kept lower-case.
 */
export const DomainPrefix = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{2,63}$/, 'must be 2-63 letters or digits, such as contoso')
  .toLowerCase();

/** A new tenant's initial domain: `<prefix>.onmicrosoft.com`, `.onmicrosoft.us` in Microsoft Cloud for US Government. */
export const initialDomain = (domainPrefix: string, cloud: Cloud): string =>
  `${domainPrefix.toLowerCase()}.${cloud === 'usgov' ? 'onmicrosoft.us' : 'onmicrosoft.com'}`;

export const EmailAddress = z.email('must be an email address').max(254);

/** BCP 47 language tag; the content layer picks the closest supported language. */
export const LanguageTag = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en or tr-TR');

export const Partner = z.object({
  tenantId: TenantId,
  name: z.string().trim().min(1).max(200),
  country: CountryCode,
  cloud: Cloud,
  /** The language the partner's users read its notices in. */
  preferredLanguage: LanguageTag.optional(),
});
export type Partner = z.infer<typeof Partner>;

export const PartnerUser = z.object({
  id: z.string(),
  partnerTenantId: TenantId,
  email: EmailAddress,
  roles: z.array(PartnerRole).min(1),
});
export type PartnerUser = z.infer<typeof PartnerUser>;

export const Customer = z.object({
  tenantId: TenantId,
  domain: DomainName,
  companyName: z.string().trim().min(1).max(200),
  country: CountryCode,
  cloud: Cloud,
  email: EmailAddress,
  preferredLanguage: LanguageTag.optional(),
});
export type Customer = z.infer<typeof Customer>;

/** A tenant's country must be one its cloud serves; the issue names the `country` field. */
const inItsCloudsCountry = <T extends z.ZodType<{ cloud: Cloud; country: string }>>(tenant: T) =>
  tenant.refine((value) => cloudAdmitsCountry(value.cloud, value.country), { message: usGovernmentCountryMessage, path: ['country'] });

/** The seed file of `npm run seed`: API keys arrive in clear and are stored only as hashes. */
export const SeedFile = z.object({
  partners: z
    .array(
      inItsCloudsCountry(
        Partner.extend({
          users: z
            .array(
              z.object({
                email: EmailAddress,
                roles: z.array(PartnerRole).min(1),
                apiKey: z.string().min(20, 'must be at least 20 characters'),
              }),
            )
            .default([]),
        }),
      ),
    )
    .default([]),
  customers: z.array(inItsCloudsCountry(Customer)).default([]),
});
export type SeedFile = z.infer<typeof SeedFile>;
