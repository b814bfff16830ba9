import { entraRoleById } from '../domain/entraRoles.js';
import { render, type RenderedEmail } from './emails.js';
import { formatDate, type Locale } from './locales.js';

const roleNames = (locale: Locale, roleIds: readonly string[]) =>
  roleIds.map((id) => {
    const role = entraRoleById(id);
    return role ? (locale === 'tr' ? role.nameTr : role.name) : id;
  });

const en = {
  approval: {
    subject: (partner: string, reminder?: number) => `${reminder ? 'Reminder: ' : ''}${partner} asks for admin access to your tenant`,
    body: (partner: string, company: string) => `${partner} asks ${company} for an admin relationship: the Microsoft Entra roles below, for a limited time. Only a Global administrator of your tenant can approve or reject it.`,
    roles: (names: string[]) => `Roles: ${names.join(', ')}.`,
    duration: (days: number, extends_: boolean) => `For ${days} days${extends_ ? ', then extended by 180 days at a time unless you or the partner end it' : ''}.`,
    link: 'Review the request',
    expires: (date: string) => `The request expires on ${date} if no one approves it.`,
    reference: (id: string) => `Relationship: ${id}`,
  },
  expiry: {
    subject: (name: string, days: number) => `Admin relationship “${name}” ends in ${days} day${days === 1 ? '' : 's'}`,
    body: (name: string, company: string, date: string) => `Your admin relationship “${name}” with ${company} ends on ${date}. Its access assignments end with it.`,
    extends_: 'It extends itself by 180 days at its end.',
    renew: 'To keep access, request a new admin relationship and ask the customer to approve it before then.',
    reference: (id: string) => `Relationship: ${id}`,
  },
};

const tr: typeof en = {
  approval: {
    subject: (partner: string, reminder?: number) => `${reminder ? 'Anımsatma: ' : ''}${partner} kiracınıza yönetici erişimi istiyor`,
    body: (partner: string, company: string) => `${partner}, ${company} kuruluşundan bir yönetici ilişkisi istiyor: aşağıdaki Microsoft Entra rolleri, sınırlı bir süre için. Yalnızca kiracınızın bir genel yöneticisi onaylayabilir veya reddedebilir.`,
    roles: (names: string[]) => `Roller: ${names.join(', ')}.`,
    duration: (days: number, extends_: boolean) => `${days} gün için${extends_ ? '; siz veya iş ortağı sonlandırmadıkça 180 gün uzar' : ''}.`,
    link: 'İsteği inceleyin',
    expires: (date: string) => `Kimse onaylamazsa istek ${date} tarihinde sona erer.`,
    reference: (id: string) => `İlişki: ${id}`,
  },
  expiry: {
    subject: (name: string, days: number) => `“${name}” yönetici ilişkisi ${days} gün içinde sona eriyor`,
    body: (name: string, company: string, date: string) => `${company} ile “${name}” yönetici ilişkiniz ${date} tarihinde sona eriyor. Erişim atamaları da onunla sona erer.`,
    extends_: 'Sonunda kendiliğinden 180 gün uzar.',
    renew: 'Erişimi sürdürmek için yeni bir yönetici ilişkisi isteyin ve müşteriden o tarihten önce onaylamasını isteyin.',
    reference: (id: string) => `İlişki: ${id}`,
  },
};

const adminRelationshipMessages: Record<Locale, typeof en> = { en, tr };

/** The customer's request to approve an admin relationship (or a reminder of it), in the customer's language. */
export function renderAdminApprovalEmail(c: {
  locale: Locale;
  partnerName: string;
  companyName: string;
  relationshipId: string;
  roleIds: readonly string[];
  durationDays: number;
  autoExtendDays: number;
  approvalUrl: string;
  expiresAt: Date | string;
  reminderNumber?: number | undefined;
}): RenderedEmail {
  const m = adminRelationshipMessages[c.locale].approval;
  return render(c.locale, m.subject(c.partnerName, c.reminderNumber), [
    { p: m.body(c.partnerName, c.companyName) },
    { p: m.roles(roleNames(c.locale, c.roleIds)) },
    { p: m.duration(c.durationDays, c.autoExtendDays > 0) },
    { link: { href: c.approvalUrl, label: m.link } },
    { p: m.expires(formatDate(c.expiresAt, c.locale)) },
    { p: m.reference(c.relationshipId) },
  ]);
}

/** The partner's notice that an admin relationship ends soon, in the partner's language. */
export function renderAdminExpiryEmail(c: { locale: Locale; displayName: string; companyName: string; relationshipId: string; endAt: Date | string; daysLeft: number; autoExtends: boolean }): RenderedEmail {
  const m = adminRelationshipMessages[c.locale].expiry;
  return render(c.locale, m.subject(c.displayName, c.daysLeft), [
    { p: m.body(c.displayName, c.companyName, formatDate(c.endAt, c.locale)) },
    { p: c.autoExtends ? m.extends_ : m.renew },
    { p: m.reference(c.relationshipId) },
  ]);
}
