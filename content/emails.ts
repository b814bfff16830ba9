import { html } from 'hono/html';
import { z } from 'zod';
import { Cloud } from '../domain/clouds.js';
import { formatDate, Locale } from './locales.js';
import { messages } from './messages.js';
import { portalName } from './portals.js';

export const InvitationContent = z.object({
  locale: Locale,
  partnerName: z.string(),
  customerCompanyName: z.string(),
  customerTenantId: z.string(),
  cloud: Cloud,
  includeDelegatedAdminPrivileges: z.boolean(),
  invitationUrl: z.string(),
  expiresAt: z.union([z.date(), z.string()]),
  message: z.string().optional(),
  indirectResellerId: z.string().optional(),
});
export type InvitationContent = z.infer<typeof InvitationContent>;

export type RenderedEmail = { subject: string; text: string; html: string };

/** A paragraph of plain text, or a link, or a quotation: the one structure both renderings are made from. */
type Block = { p: string } | { link: { href: string; label: string } } | { quote: { label: string; text: string } };

export function render(locale: Locale, subject: string, blocks: readonly (Block | false | undefined)[]): RenderedEmail {
  const kept = blocks.filter((block): block is Block => Boolean(block));
  const text = kept
    .map((block) =>
      'p' in block
        ? block.p
        : 'link' in block
          ? `${block.link.label}: ${block.link.href}`
          : `${block.quote.label}\n> ${block.quote.text.split(/\r?\n/).join('\n> ')}`,
    )
    .join('\n\n');
  // Email clients ignore stylesheets, so the HTML version carries its (few) styles inline; every value is escaped.
  const body = kept.map((block) =>
    'p' in block
      ? html`<p style="margin:0 0 16px">${block.p}</p>`
      : 'link' in block
        ? html`<p style="margin:0 0 16px"><a href="${block.link.href}" style="display:inline-block;padding:10px 18px;background:#0f6cbd;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${block.link.label}</a><br><span style="font-size:13px;color:#57606a;word-break:break-all">${block.link.href}</span></p>`
        : html`<p style="margin:0 0 4px">${block.quote.label}</p><blockquote style="border-left:3px solid #d0d7de;margin:0 0 16px;padding:4px 12px;color:#3d444d;white-space:pre-wrap">${block.quote.text}</blockquote>`,
  );
  const document = html`<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;padding:24px;background:#ffffff"><div style="font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.55;color:#1b1f24;max-width:600px">${body}</div></body>
</html>`;
  return { subject, text: `${text}\n`, html: document.toString() };
}

/**
 * The templated invitation (and, with a reminder number, the reminder): partner, reseller relationship, delegated
 * admin privileges or not, the Microsoft Customer Agreement to be accepted by a Global administrator, the link,
 * where the customer's cloud accepts, the expiry, the partner's message and the indirect reseller.
 */
export function renderInvitationEmail(c: InvitationContent, options?: { reminderNumber?: number }): RenderedEmail {
  const m = messages[c.locale].invitation;
  const reminder = options?.reminderNumber !== undefined;
  const subject = `${reminder ? `${m.reminderPrefix} ` : ''}${m.subject(c.partnerName, c.customerCompanyName)}`;
  return render(c.locale, subject, [
    { p: m.greeting(c.customerCompanyName) },
    reminder && { p: m.reminderLead(c.partnerName) },
    { p: m.ask(c.partnerName, c.customerCompanyName) },
    { p: c.includeDelegatedAdminPrivileges ? m.dapIncluded(c.partnerName) : m.dapExcluded(c.partnerName) },
    c.indirectResellerId !== undefined && c.indirectResellerId !== '' && { p: m.indirectReseller(c.indirectResellerId) },
    c.message !== undefined && c.message.trim() !== '' && { quote: { label: m.partnerMessage, text: c.message } },
    { p: m.agreement(c.customerCompanyName) },
    { p: m.othersStay },
    { p: m.where(portalName(c.cloud, c.locale)) },
    { link: { href: c.invitationUrl, label: m.linkLabel } },
    { p: m.expires(formatDate(c.expiresAt, c.locale)) },
    { p: m.ignore },
  ]);
}

/** What the partner hears of a request it made; never of its own cancellation, which it already knows. */
export type PartnerNotice = {
  locale: Locale;
  kind: 'accepted' | 'declined' | 'expired';
  partnerName: string;
  customerCompanyName: string;
  customerTenantId: string;
  requestId: string;
  /** Whether the request included delegated admin privileges: an acceptance notice says which. */
  includeDelegatedAdminPrivileges: boolean;
  reason?: string;
  acceptedBy?: { name: string; email?: string | undefined };
  /** Where the partner requests the admin relationship an acceptance calls for. */
  adminRelationshipUrl?: string | undefined;
};

export function renderPartnerNotice(n: PartnerNotice): RenderedEmail {
  const m = messages[n.locale].partner;
  const company = `${n.customerCompanyName} (${n.customerTenantId})`;
  const by = n.acceptedBy ? (n.acceptedBy.email ? `${n.acceptedBy.name} <${n.acceptedBy.email}>` : n.acceptedBy.name) : '';
  const notices: Record<PartnerNotice['kind'], { subject: string; body: string }> = {
    accepted: { subject: m.acceptedSubject(n.customerCompanyName), body: m.accepted(company, by) },
    declined: { subject: m.declinedSubject(n.customerCompanyName), body: m.declined(company) },
    expired: { subject: m.expiredSubject(n.customerCompanyName), body: m.expired(company) },
  };
  const { subject, body } = notices[n.kind];
  const accepted = n.kind === 'accepted';
  return render(n.locale, subject, [
    { p: body },
    accepted && { p: n.includeDelegatedAdminPrivileges ? m.acceptedDap : m.acceptedNoDap },
    // As Partner Center tells partners on acceptance: managing the customer's services takes an admin relationship too.
    accepted && { p: m.adminRelationship },
    accepted && n.adminRelationshipUrl !== undefined && { link: { href: n.adminRelationshipUrl, label: m.requestAdminRelationship } },
    n.reason !== undefined && n.reason.trim() !== '' && { p: m.reason(n.reason) },
    { p: m.reference(n.requestId) },
  ]);
}

export function renderCustomerConfirmation(c: {
  locale: Locale;
  partnerName: string;
  customerCompanyName: string;
  includeDelegatedAdminPrivileges: boolean;
}): RenderedEmail {
  const m = messages[c.locale].confirmation;
  return render(c.locale, m.subject(c.partnerName), [
    { p: m.body(c.partnerName, c.customerCompanyName) },
    { p: c.includeDelegatedAdminPrivileges ? m.dap(c.partnerName) : m.noDap(c.partnerName) },
  ]);
}
