import { html } from 'hono/html';
import { adminRelationshipsSection, type CustomerAdminRelationship } from './adminRelationshipsSection.js';
import { layout } from './invitationPage.js';
import { formatDate, type Locale } from './locales.js';
import { relationshipMessages, type TenantSignInProblem } from './relationshipMessages.js';

export const partnerRelationshipsPath = '/partner-relationships';

export type PartnerRelationshipItem = {
  partnerTenantId: string;
  partnerName: string;
  since: string;
  delegatedAdminPrivileges: boolean;
  removed?: { at: string; by: string };
};

/** Before sign-in: the button (with last time's problem); after: the signed-in user and the forms' CSRF token. */
export type TenantPageAccess =
  | { mode: 'unavailable' }
  | { mode: 'signIn'; signInUrl: string; problem?: TenantSignInProblem | undefined }
  | { mode: 'signedIn'; userName: string; csrfToken: string; switchUserUrl: string };

export type PartnerRelationshipsView = {
  locale: Locale;
  access: TenantPageAccess;
  /** The signed-in tenant's name and its partners; absent before sign-in. */
  companyName?: string;
  partners?: PartnerRelationshipItem[];
  /** The tenant's admin relationships (GDAP) that partners have asked it to approve. */
  adminRelationships?: CustomerAdminRelationship[];
  /** What the last form post did. */
  notice?: { kind: 'removed'; partnerName: string } | { kind: 'adminRelationship'; text: string } | { kind: 'problem'; text: string };
};

/**
 * The customer's page of partner relationships, as on the Microsoft 365 admin center's Partner relationships page: a
 * Global administrator sees the tenant's partners and removes a partner's delegated admin privileges; ending a
 * reseller relationship is the partner's act.
 */
export function renderPartnerRelationshipsPage(view: PartnerRelationshipsView): string {
  const m = relationshipMessages[view.locale].page;
  const { access } = view;
  const notice = !view.notice
    ? ''
    : view.notice.kind === 'removed'
      ? html`<p class="notice success" role="status">${m.removed(view.notice.partnerName)}</p>`
      : view.notice.kind === 'adminRelationship'
        ? html`<p class="notice success" role="status">${view.notice.text}</p>`
      : html`<p class="notice error-notice" role="alert">${view.notice.text}</p>`;

  if (access.mode === 'unavailable') {
    return layout(view.locale, m.title, partnerRelationshipsPath, html`<h1>${m.title}</h1>
<p class="notice" role="note">${m.signInOff}</p>
<p class="muted">${m.endNote}</p>`);
  }
  if (access.mode === 'signIn') {
    const body = html`<h1>${m.title}</h1>
${notice}
<section class="decision" aria-labelledby="sign-in-title">
<h2 id="sign-in-title">${m.signInHeading}</h2>
${access.problem ? html`<p class="notice error-notice" role="alert">${m.signInProblems[access.problem]}</p>` : html`<p>${m.signInIntro}</p>`}
<p><a class="button primary" href="${access.signInUrl}">${m.signInButton}</a></p>
</section>
<p class="muted">${m.endNote}</p>`;
    return layout(view.locale, m.title, partnerRelationshipsPath, body);
  }

  const partners = view.partners ?? [];
  const items = partners.map((partner) => {
    const action = `${partnerRelationshipsPath}/${encodeURIComponent(partner.partnerTenantId)}/remove-admin-privileges?lang=${view.locale}`;
    const privileges = partner.removed
      ? m.dapRemoved(formatDate(partner.removed.at, view.locale), partner.removed.by)
      : partner.delegatedAdminPrivileges
        ? m.dapHeld
        : m.dapNone;
    return html`<section class="decision" aria-label="${partner.partnerName}">
<h2>${partner.partnerName}</h2>
<dl class="facts">
<div><dt>${m.relationship}</dt><dd>${m.reseller}</dd></div>
<div><dt>${m.since}</dt><dd>${formatDate(partner.since, view.locale)}</dd></div>
<div><dt>${m.adminPrivileges}</dt><dd>${privileges}</dd></div>
<div class="wide"><dt>${m.tenantId}</dt><dd class="mono">${partner.partnerTenantId}</dd></div>
</dl>
${partner.delegatedAdminPrivileges
  ? html`<form method="post" action="${action}">
<input type="hidden" name="csrfToken" value="${access.csrfToken}">
<p class="muted">${m.removeIntro(partner.partnerName)}</p>
<button type="submit" class="secondary">${m.removeButton}</button>
</form>`
  : ''}
</section>`;
  });

  const body = html`<h1>${m.title}</h1>
<p class="notice" role="status">${m.signedInAs(access.userName)} <a href="${access.switchUserUrl}">${m.switchUser}</a></p>
${notice}
<p class="lead">${m.intro(view.companyName ?? '')}</p>
<p class="notice" role="note">${m.endNote}</p>
${partners.length === 0 ? html`<p>${m.none}</p>` : items}
${adminRelationshipsSection(view.locale, view.adminRelationships ?? [], access.csrfToken)}`;
  return layout(view.locale, `${m.title}: ${view.companyName ?? ''}`, partnerRelationshipsPath, body);
}
