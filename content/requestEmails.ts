import { renderInvitationEmail, type RenderedEmail } from './emails.js';
import { pickLocale, type Locale } from './locales.js';
import type { Cloud } from '../domain/clouds.js';

/** The facts an invitation is rendered from, as the API and the activities both hold them. */
export type InvitationFacts = {
  partnerName: string;
  customer: { tenantId: string; companyName: string; cloud: Cloud; preferredLanguage?: string };
  request: {
    locale?: string;
    includeDelegatedAdminPrivileges: boolean;
    message?: string;
    indirectResellerId?: string;
    expiresAt: Date | string;
  };
  invitationUrl: string;
};

export const invitationLocale = (facts: {
  request: { locale?: string | undefined };
  customer: { preferredLanguage?: string | undefined };
}): Locale =>
  pickLocale(facts.request.locale, facts.customer.preferredLanguage);

/** One rendering for the email sent and the copy returned to the partner, so they never differ. */
export function renderRequestInvitation(facts: InvitationFacts, reminderNumber?: number): RenderedEmail {
  return renderInvitationEmail(
    {
      locale: invitationLocale(facts),
      partnerName: facts.partnerName,
      customerCompanyName: facts.customer.companyName,
      customerTenantId: facts.customer.tenantId,
      cloud: facts.customer.cloud,
      includeDelegatedAdminPrivileges: facts.request.includeDelegatedAdminPrivileges,
      invitationUrl: facts.invitationUrl,
      expiresAt: facts.request.expiresAt,
      ...(facts.request.message && { message: facts.request.message }),
      ...(facts.request.indirectResellerId && { indirectResellerId: facts.request.indirectResellerId }),
    },
    reminderNumber === undefined ? undefined : { reminderNumber },
  );
}
