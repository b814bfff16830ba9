import type { RequestFacts } from '../domain/relationshipRequest.js';
import { renderCustomerConfirmation, renderInvitationEmail, renderPartnerNotice, type PartnerNotice, type RenderedEmail } from './emails.js';
import { pickLocale, type Locale } from './locales.js';

/** The customer's language for a request: the one the partner chose for it, else the customer's own. */
export const customerLocale = (request: Pick<RequestFacts, 'locale' | 'parties'>): Locale =>
  pickLocale(request.locale, request.parties.customer.preferredLanguage);

/** The invitation, or a reminder of it: one rendering for the email sent and the copy returned to the partner. */
export function renderRequestInvitation(
  request: RequestFacts,
  delivery: { expiresAt: string; invitationUrl: string; reminderNumber?: number | undefined },
): RenderedEmail {
  const { partner, customer } = request.parties;
  return renderInvitationEmail(
    {
      locale: customerLocale(request),
      partnerName: partner.name,
      customerCompanyName: customer.companyName,
      customerTenantId: request.customerTenantId,
      cloud: customer.cloud,
      includeDelegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
      invitationUrl: delivery.invitationUrl,
      expiresAt: delivery.expiresAt,
      ...(request.message && { message: request.message }),
      ...(request.indirectResellerId && { indirectResellerId: request.indirectResellerId }),
    },
    delivery.reminderNumber === undefined ? undefined : { reminderNumber: delivery.reminderNumber },
  );
}

/** What the partner hears of its request's outcome, in the partner's own language (the request's is the customer's). */
export function renderRequestOutcome(
  request: RequestFacts,
  outcome: Pick<PartnerNotice, 'kind' | 'reason' | 'acceptedBy' | 'adminRelationshipUrl'>,
): RenderedEmail {
  return renderPartnerNotice({
    locale: pickLocale(request.parties.partner.preferredLanguage),
    partnerName: request.parties.partner.name,
    customerCompanyName: request.parties.customer.companyName,
    customerTenantId: request.customerTenantId,
    requestId: request.requestId,
    includeDelegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
    ...outcome,
  });
}

/** The customer's confirmation of an accepted request. */
export function renderRequestConfirmation(request: RequestFacts): RenderedEmail {
  const { partner, customer } = request.parties;
  return renderCustomerConfirmation({
    locale: customerLocale(request),
    partnerName: partner.name,
    customerCompanyName: customer.companyName,
    includeDelegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
  });
}
