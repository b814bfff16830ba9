import { html } from 'hono/html';
import { z } from 'zod';
import { acceptancePortal, Cloud } from '../domain/clouds.js';
import { formatDate, Locale } from './locales.js';
import { messages } from './messages.js';

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

function render(subject: string, blocks: readonly (Block | false | undefined)[]): RenderedEmail {
  const kept = blocks.filter((block): block is Block => Boolean(block));
  const text = kept
    .map((block) =>
      'p' in block ? block.p : 'link' in block ? `${block.link.label}: ${block.link.href}` : `${block.quote.label}\n> ${block.quote.text.split('\n').join('\n> ')}`,
    )
    .join('\n\n');
  const body = kept.map((block) =>
    'p' in block
      ? html`<p>${block.p}</p>`
      : 'link' in block
        ? html`<p><a href="${block.link.href}" style="display:inline-block;padding:10px 18px;background:#0f6cbd;color:#fff;border-radius:6px;text-decoration:none">${block.link.label}</a><br><span style="font-size:12px;color:#555">${block.link.href}</span></p>`
        : html`<p>${block.quote.label}</p><blockquote style="border-left:3px solid #ccc;margin:0;padding-left:12px">${block.quote.text}</blockquote>`,
  );
  const document = html`<!doctype html><html><body style="font-family:Segoe UI,Arial,sans-serif;line-height:1.5;color:#1b1f24;max-width:600px">${body}</body></html>`;
  return { subject, text: `${text}\n`, html: document.toString() };
}

export function renderInvitationEmail(c: InvitationContent, options?: { reminderNumber?: number }): RenderedEmail {
  const m = messages[c.locale].invitation;
  const subject =
    options?.reminderNumber !== undefined ? m.reminderSubject(c.partnerName, options.reminderNumber) : m.subject(c.partnerName);
  return render(subject, [
    { p: m.greeting(c.customerCompanyName) },
    { p: m.ask(c.partnerName) },
    { p: c.includeDelegatedAdminPrivileges ? m.dapIncluded : m.dapExcluded },
    c.indirectResellerId !== undefined && { p: m.indirectReseller(c.indirectResellerId) },
    c.message !== undefined && c.message !== '' && { quote: { label: m.partnerMessage, text: c.message } },
    { p: m.agreement },
    { p: m.where(acceptancePortal(c.cloud).name) },
    { link: { href: c.invitationUrl, label: m.linkLabel } },
    { p: m.expires(formatDate(c.expiresAt, c.locale)) },
    { p: m.ignore },
  ]);
}

export type PartnerNotice = {
  locale: Locale;
  kind: 'accepted' | 'declined' | 'expired' | 'cancelled';
  partnerName: string;
  customerCompanyName: string;
  customerTenantId: string;
  requestId: string;
  reason?: string;
  acceptedBy?: { firstName: string; lastName: string; email: string };
};

export function renderPartnerNotice(n: PartnerNotice): RenderedEmail {
  const m = messages[n.locale].partner;
  const company = `${n.customerCompanyName} (${n.customerTenantId})`;
  const by = n.acceptedBy ? `${n.acceptedBy.firstName} ${n.acceptedBy.lastName} <${n.acceptedBy.email}>` : '';
  const notices: Record<PartnerNotice['kind'], { subject: string; body: string }> = {
    accepted: { subject: m.acceptedSubject(n.customerCompanyName), body: m.accepted(company, by) },
    declined: { subject: m.declinedSubject(n.customerCompanyName), body: m.declined(company) },
    expired: { subject: m.expiredSubject(n.customerCompanyName), body: m.expired(company) },
    cancelled: { subject: m.cancelledSubject(n.customerCompanyName), body: m.cancelled(company) },
  };
  const { subject, body } = notices[n.kind];
  return render(subject, [{ p: body }, n.reason !== undefined && { p: m.reason(n.reason) }, { p: m.reference(n.requestId) }]);
}

export function renderCustomerConfirmation(c: {
  locale: Locale;
  partnerName: string;
  customerCompanyName: string;
  includeDelegatedAdminPrivileges: boolean;
  cloud: Cloud;
}): RenderedEmail {
  const m = messages[c.locale].confirmation;
  return render(m.subject(c.partnerName), [
    { p: m.body(c.partnerName, c.customerCompanyName) },
    c.includeDelegatedAdminPrivileges && { p: m.dap(c.partnerName) },
    { p: m.where(acceptancePortal(c.cloud).name) },
  ]);
}
