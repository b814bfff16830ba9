import { render, type RenderedEmail } from './emails.js';
import { formatDate, type Locale } from './locales.js';
import { relationshipMessages } from './relationshipMessages.js';

/** The customer's notice that its partner ended the reseller relationship, in the customer's language. */
export function renderRelationshipEndedEmail(c: {
  locale: Locale;
  partnerName: string;
  customerCompanyName: string;
  relationshipId: string;
  endedAt: Date | string;
  reason: string;
  delegatedAdminPrivileges: boolean;
}): RenderedEmail {
  const m = relationshipMessages[c.locale].ended;
  return render(c.locale, m.subject(c.partnerName, c.customerCompanyName), [
    { p: m.greeting(c.customerCompanyName) },
    { p: m.body(c.partnerName, c.customerCompanyName, formatDate(c.endedAt, c.locale)) },
    c.delegatedAdminPrivileges && { p: m.dap(c.partnerName) },
    c.reason.trim() !== '' && { p: m.reason(c.reason) },
    { p: m.others },
    { p: m.contact(c.partnerName) },
    { p: m.reference(c.relationshipId) },
  ]);
}

/** The partner's notice that a customer's Global administrator removed its delegated admin privileges, in the partner's language. */
export function renderDelegatedAdminRemovedEmail(c: {
  locale: Locale;
  customerCompanyName: string;
  customerTenantId: string;
  relationshipId: string;
  removedAt: Date | string;
  removedBy: string;
}): RenderedEmail {
  const m = relationshipMessages[c.locale].dapRemoved;
  return render(c.locale, m.subject(c.customerCompanyName), [
    { p: m.body(c.customerCompanyName, c.customerTenantId, c.removedBy, formatDate(c.removedAt, c.locale)) },
    { p: m.stays(c.customerCompanyName) },
    { p: m.reference(c.relationshipId) },
  ]);
}
