import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { acceptancePortal, type Cloud } from '../domain/clouds.js';
import { formatDate, Locale } from './locales.js';
import { messages } from './messages.js';

export type InvitationPageView = {
  locale: Locale;
  token: string;
  status: 'pending' | 'accepted' | 'declined' | 'cancelled' | 'expired' | 'rejected';
  partnerName: string;
  customerCompanyName: string;
  customerTenantId: string;
  cloud: Cloud;
  includeDelegatedAdminPrivileges: boolean;
  expiresAt: string;
  message?: string;
  outcome?: 'accepted' | 'declined';
  errors?: Record<string, string>;
  values?: Record<string, string>;
};

/** The version of the attestation wording; stored with every acceptance next to the exact text shown. */
export const attestationVersion = '2026-11';
export const attestationText = (locale: Locale, companyName: string): string => messages[locale].attestation(companyName);

export const mcaUrl = 'https://www.microsoft.com/licensing/docs/customeragreement';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

function layout(locale: Locale, title: string, langPath: string, body: Html): string {
  const other = Locale.options.map(
    (code) =>
      html`<a href="${langPath}?lang=${code}" hreflang="${code}" lang="${code}"${code === locale ? html` aria-current="true"` : ''}>${code === 'en' ? 'English' : 'Türkçe'}</a>`,
  );
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="/assets/invitation.css">
</head>
<body>
<header><nav aria-label="${messages[locale].page.language}" class="languages">${other}</nav></header>
<main class="card">${body}</main>
</body>
</html>`.toString();
}

function field(
  view: InvitationPageView,
  name: 'firstName' | 'lastName' | 'email' | 'phone',
  type: string,
  autocomplete: string,
  required: boolean,
) {
  const m = messages[view.locale].page;
  const error = view.errors?.[name];
  const describedBy = error ? `${name}-error` : undefined;
  return html`<div class="field${error ? ' invalid' : ''}">
<label for="${name}">${m[name]}${required ? html` <span class="req">(${m.required})</span>` : ''}</label>
${error ? html`<p class="error" id="${name}-error">${error}</p>` : ''}
<input id="${name}" name="${name}" type="${type}" autocomplete="${autocomplete}" maxlength="${name === 'email' ? 254 : 100}" value="${view.values?.[name] ?? ''}"${required ? html` required aria-required="true"` : ''}${describedBy ? html` aria-invalid="true" aria-describedby="${describedBy}"` : ''}>
</div>`;
}

export function renderInvitationPage(view: InvitationPageView): string {
  const m = messages[view.locale].page;
  const portal = acceptancePortal(view.cloud).name;
  const expires = formatDate(view.expiresAt, view.locale);
  const base = `/invitations/${view.token}`;
  const errors = Object.entries(view.errors ?? {});

  const statusNote = {
    pending: '',
    accepted: m.status.accepted(view.partnerName),
    declined: m.status.declined,
    cancelled: m.status.cancelled(view.partnerName),
    expired: m.status.expired(expires),
    rejected: m.status.rejected,
  }[view.status];
  const outcome =
    view.outcome === 'accepted' ? m.outcomeAccepted(view.partnerName) : view.outcome === 'declined' ? m.outcomeDeclined(view.partnerName) : '';

  const body = html`
<h1>${m.title}</h1>
${outcome ? html`<p class="notice success" role="status">${outcome}</p>` : statusNote ? html`<p class="notice" role="status">${statusNote}</p>` : ''}
<p class="lead">${m.intro(view.partnerName, view.customerCompanyName)}</p>
<dl class="facts">
<dt>${m.tenant}</dt><dd>${view.customerCompanyName} <span class="muted">(${view.customerTenantId})</span></dd>
</dl>
<section aria-labelledby="granted"><h2 id="granted">${m.whatGranted}</h2>
<ul><li>${m.grantReseller(view.partnerName)}</li><li>${view.includeDelegatedAdminPrivileges ? m.grantDap : m.noDap}</li></ul>
</section>
<section aria-labelledby="agreement"><h2 id="agreement">${m.agreementHeading}</h2>
<p>${m.agreementText} <a href="${mcaUrl}" rel="noopener noreferrer" target="_blank">${m.agreementName}</a>.</p>
</section>
<section aria-labelledby="where"><h2 id="where">${m.whereHeading}</h2><p>${m.whereText(portal)}</p></section>
${view.message ? html`<section aria-labelledby="message"><h2 id="message">${m.partnerMessage}</h2><blockquote>${view.message}</blockquote></section>` : ''}
${view.status === 'pending'
  ? html`<p class="expiry">${m.expires(expires)}</p>
${errors.length > 0
  ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>${m.errorSummary}</h2><ul>${errors.map(
      ([name, message]) => html`<li><a href="#${name === 'acceptAgreement' ? 'acceptAgreement' : name}">${message}</a></li>`,
    )}</ul></div>`
  : ''}
<form method="post" action="${base}/accept?lang=${view.locale}" class="accept" novalidate>
<h2>${m.acceptHeading}</h2>
${field(view, 'firstName', 'text', 'given-name', true)}
${field(view, 'lastName', 'text', 'family-name', true)}
${field(view, 'email', 'email', 'email', true)}
${field(view, 'phone', 'tel', 'tel', false)}
<div class="field checkbox${view.errors?.acceptAgreement ? ' invalid' : ''}">
${view.errors?.acceptAgreement ? html`<p class="error" id="acceptAgreement-error">${view.errors.acceptAgreement}</p>` : ''}
<input id="acceptAgreement" name="acceptAgreement" type="checkbox" value="true" required aria-required="true"${view.errors?.acceptAgreement ? html` aria-invalid="true" aria-describedby="acceptAgreement-error"` : ''}>
<label for="acceptAgreement">${attestationText(view.locale, view.customerCompanyName)}</label>
</div>
<button type="submit" class="primary">${m.acceptButton}</button>
</form>
<form method="post" action="${base}/decline?lang=${view.locale}" class="decline">
<h2>${m.declineHeading}</h2>
<div class="field"><label for="reason">${m.reason}</label><textarea id="reason" name="reason" maxlength="500" rows="3"></textarea></div>
<button type="submit" class="secondary">${m.declineButton}</button>
</form>`
  : ''}`;
  return layout(view.locale, `${m.title}: ${view.partnerName}`, base, body);
}

export function renderNotFoundPage(locale: Locale): string {
  const m = messages[locale].page;
  return layout(locale, m.notFoundTitle, '', html`<h1>${m.notFoundTitle}</h1><p>${m.notFoundText}</p>`);
}

export const invitationPageCss = `
:root{color-scheme:light;--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--brand:#0f6cbd;--bad:#b3261e;--good:#1a7f37}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#f3f5f8}
header{max-width:680px;margin:0 auto;padding:1rem 1rem 0;text-align:right}
.languages a{margin-left:.75rem;color:var(--brand)}
.languages a[aria-current]{font-weight:700;text-decoration:none;color:var(--ink)}
.card{max-width:680px;margin:1rem auto 3rem;background:#fff;border:1px solid var(--line);border-radius:12px;padding:2rem;box-shadow:0 1px 3px rgba(0,0,0,.06)}
h1{font-size:1.6rem;margin:0 0 1rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.lead{font-size:1.1rem}
.muted{color:var(--muted)}
.facts dt{font-weight:600}.facts dd{margin:0 0 .5rem}
blockquote{margin:0;padding:.5rem 1rem;border-left:4px solid var(--line);color:var(--muted);white-space:pre-wrap}
.notice{padding:.75rem 1rem;border-radius:8px;background:#eef4fb;border:1px solid #b6d4f2}
.notice.success{background:#edf8f0;border-color:#a7dbb6}
.expiry{font-weight:600}
form{border-top:1px solid var(--line);margin-top:1.5rem;padding-top:.5rem}
.field{margin:.9rem 0}
label{display:block;font-weight:600;margin-bottom:.25rem}
.req{font-weight:400;color:var(--muted)}
input[type=text],input[type=email],input[type=tel],textarea{width:100%;padding:.6rem .7rem;font:inherit;border:1px solid #8c959f;border-radius:6px}
.checkbox{display:flex;gap:.6rem;align-items:flex-start}
.checkbox input{margin-top:.3rem;width:1.2rem;height:1.2rem;flex:none}
.checkbox label{font-weight:400}
.invalid input{border-color:var(--bad)}
.error{color:var(--bad);margin:.25rem 0;font-weight:600}
.error-summary{border:2px solid var(--bad);border-radius:8px;padding:.5rem 1rem;margin:1rem 0}
.error-summary a{color:var(--bad)}
button{font:inherit;font-weight:600;padding:.7rem 1.2rem;border-radius:6px;cursor:pointer}
.primary{background:var(--brand);color:#fff;border:1px solid var(--brand)}
.secondary{background:#fff;color:var(--bad);border:1px solid var(--bad)}
a:focus,button:focus,input:focus,textarea:focus{outline:3px solid #ffb900;outline-offset:2px}
@media (max-width:540px){.card{padding:1.25rem;border-radius:0;margin:0}}
`;
