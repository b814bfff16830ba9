import { html } from 'hono/html';
import { entraRoleById } from '../domain/entraRoles.js';
import { formatDate, type Locale } from './locales.js';

/** An admin relationship as its customer sees it on the partner relationships page. */
export type CustomerAdminRelationship = {
  id: string;
  partnerName: string;
  displayName: string;
  status: string;
  roleIds: readonly string[];
  durationDays: number;
  autoExtends: boolean;
  approvalExpiresAt: string | null;
  endAt: string | null;
};

const en = {
  heading: 'Admin relationships (granular delegated admin privileges)',
  intro: 'Partners ask for named Microsoft Entra roles in your tenant, for a limited time. Only a Global administrator approves; either side may end a relationship at any time.',
  none: 'No partner has asked for an admin relationship.',
  statuses: {
    approvalPending: 'Waiting for your approval',
    approved: 'Approved',
    activating: 'Activating',
    active: 'Active',
    expiring: 'Ending soon',
    expired: 'Expired',
    terminationRequested: 'Ending',
    terminating: 'Ending',
    terminated: 'Ended',
  } as Record<string, string>,
  name: 'Name',
  status: 'Status',
  roles: 'Roles requested',
  duration: (days: number, extendsItself: boolean) => `${days} days${extendsItself ? ', then extended by 180 days at a time until ended' : ''}`,
  durationLabel: 'Duration',
  approvalExpires: 'Request expires',
  ends: 'Ends',
  approve: 'Approve',
  reject: 'Reject',
  terminate: 'End this admin relationship',
  approveIntro: (partner: string) => `Approving gives ${partner} these roles in your tenant until the end date.`,
};

const tr: typeof en = {
  heading: 'Yönetici ilişkileri (ayrıntılı temsilci yönetici ayrıcalıkları)',
  intro: 'İş ortakları, kiracınızda sınırlı bir süre için adı belirli Microsoft Entra rolleri ister. Yalnızca bir genel yönetici onaylar; iki taraf da bir ilişkiyi istediği zaman sonlandırabilir.',
  none: 'Hiçbir iş ortağı yönetici ilişkisi istemedi.',
  statuses: {
    approvalPending: 'Onayınızı bekliyor',
    approved: 'Onaylandı',
    activating: 'Etkinleştiriliyor',
    active: 'Etkin',
    expiring: 'Yakında sona eriyor',
    expired: 'Süresi doldu',
    terminationRequested: 'Sonlandırılıyor',
    terminating: 'Sonlandırılıyor',
    terminated: 'Sonlandırıldı',
  },
  name: 'Ad',
  status: 'Durum',
  roles: 'İstenen roller',
  duration: (days: number, extendsItself: boolean) => `${days} gün${extendsItself ? '; sonlandırılana dek 180 gün uzar' : ''}`,
  durationLabel: 'Süre',
  approvalExpires: 'İsteğin sona ermesi',
  ends: 'Sona erer',
  approve: 'Onayla',
  reject: 'Reddet',
  terminate: 'Bu yönetici ilişkisini sonlandır',
  approveIntro: (partner: string) => `Onaylarsanız ${partner}, bitiş tarihine dek kiracınızda bu rollere sahip olur.`,
};

const messages: Record<Locale, typeof en> = { en, tr };
const open = ['approvalPending', 'approved', 'activating', 'active', 'expiring'];

/** The tenant's admin relationships: each role in plain words, approve or reject while pending, end while open. */
export function adminRelationshipsSection(locale: Locale, items: readonly CustomerAdminRelationship[], csrfToken: string) {
  const m = messages[locale];
  const form = (id: string, act: 'approve' | 'reject' | 'terminate', label: string, kind: string) => html`<form method="post" action="/partner-relationships/admin-relationships/${encodeURIComponent(id)}/${act}?lang=${locale}">
<input type="hidden" name="csrfToken" value="${csrfToken}">
<button type="submit" class="${kind}">${label}</button>
</form>`;
  const sections = items.map((item) => {
    const roles = item.roleIds.map((id) => {
      const role = entraRoleById(id);
      return role ? html`<li><strong>${locale === 'tr' ? role.nameTr : role.name}</strong>: ${locale === 'tr' ? role.descriptionTr : role.description}</li>` : html`<li class="mono">${id}</li>`;
    });
    return html`<section class="decision" id="admin-${item.id}" aria-label="${item.partnerName}: ${item.displayName}">
<h3>${item.partnerName}</h3>
<dl class="facts">
<div><dt>${m.name}</dt><dd>${item.displayName}</dd></div>
<div><dt>${m.status}</dt><dd>${m.statuses[item.status] ?? item.status}</dd></div>
<div><dt>${m.durationLabel}</dt><dd>${m.duration(item.durationDays, item.autoExtends)}</dd></div>
${item.status === 'approvalPending' && item.approvalExpiresAt ? html`<div><dt>${m.approvalExpires}</dt><dd>${formatDate(item.approvalExpiresAt, locale)}</dd></div>` : ''}
${item.endAt ? html`<div><dt>${m.ends}</dt><dd>${formatDate(item.endAt, locale)}</dd></div>` : ''}
</dl>
<h4>${m.roles}</h4>
<ul>${roles}</ul>
${item.status === 'approvalPending' ? html`<p class="muted">${m.approveIntro(item.partnerName)}</p><div class="actions">${form(item.id, 'approve', m.approve, 'primary')}${form(item.id, 'reject', m.reject, 'secondary')}</div>` : ''}
${item.status !== 'approvalPending' && open.includes(item.status) ? form(item.id, 'terminate', m.terminate, 'secondary') : ''}
</section>`;
  });
  return html`<h2>${m.heading}</h2>
<p>${m.intro}</p>
${items.length === 0 ? html`<p>${m.none}</p>` : sections}`;
}
