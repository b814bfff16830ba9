import { z } from 'zod';
import { EmailAddress, LanguageTag, TenantId } from './tenants.js';

/** What a partner user asks a customer for: the body of `POST /v1/relationship-requests`, and each item of a batch. */
export const RequestAsk = z
  .object({
    customerTenantId: TenantId.optional(),
    customerDomain: z.string().trim().toLowerCase().max(253).optional(),
    customerEmail: EmailAddress,
    includeDelegatedAdminPrivileges: z.boolean(),
    indirectResellerId: z.string().trim().min(1).max(64).optional(),
    locale: LanguageTag.optional(),
    message: z.string().trim().max(1000).optional(),
  })
  .strict()
  .refine((body) => Boolean(body.customerTenantId) !== Boolean(body.customerDomain), {
    message: 'give exactly one of customerTenantId or customerDomain',
    path: ['customerTenantId'],
  });
export type RequestAsk = z.infer<typeof RequestAsk>;
