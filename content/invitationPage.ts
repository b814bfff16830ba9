import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { attestationText, customerAgreement } from '../domain/agreement.js';
import type { Cloud } from '../domain/clouds.js';
import { formatDate, Locale } from './locales.js';
import { languageNames, messages, type FormField } from './messages.js';
import { portalName } from './portals.js';

/** The page an invitation's emailed link opens, under which its sign-in and decision forms live. */
export const invitationPath = (token: string) => `/invitations/${encodeURIComponent(token)}`;

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
  /** When a closed request closed: the date its page gives. */
  closedAt?: string;
  message?: string;
  indirectResellerId?: string;
  /** The decider's own answer, just given: the page confirms it, naming the partner they decided on. */
  outcome?: 'accepted' | 'declined';
  errors?: Record<string, string>;
  values?: Record<string, string>;
  /** How a person decides here; link-only when absent. */
  access?: DecisionAccess;
};

export type SignInProblem = 'other-organization' | 'not-global-administrator' | 'failed' | 'required';

/**
 * Link-only: the link and typed names, sign-in turned off. Sign-in: a Global administrator of the invited tenant must
 * sign in first (with what went wrong last time, if anything). Signed in: the decision forms, for that user.
 */
export type DecisionAccess =
  | { mode: 'linkOnly' }
  | { mode: 'signIn'; signInUrl: string; problem?: SignInProblem | undefined }
  | { mode: 'signedIn'; userName: string; csrfToken: string; switchUserUrl: string };

/** The page's own message for a form field in error (the page shows this rather than a validator's wording). */
export const fieldErrorText = (locale: Locale, field: FormField): string => messages[locale].fieldErrors[field];

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
const formFields = ['firstName', 'lastName', 'email', 'phone', 'acceptAgreement', 'reason'] as const satisfies readonly FormField[];
const isFormField = (name: string): name is FormField => (formFields as readonly string[]).includes(name);

export function layout(locale: Locale, title: string, langPath: string, body: Html): string {
  const m = messages[locale].page;
  const languages = Locale.options.map(
    (code) =>
      html`<li><a href="${langPath}?lang=${code}" hreflang="${code}" lang="${code}"${code === locale ? html` aria-current="true"` : ''}>${languageNames[code]}</a></li>`,
  );
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<link rel="stylesheet" href="/assets/invitation.css">
</head>
<body>
<header class="top"><nav aria-label="${m.language}"><ul class="languages">${languages}</ul></nav></header>
<main class="card">
${body}
</main>
</body>
</html>`.toString();
}

type View = InvitationPageView;

/** Errors in form order (known fields first, in the order they appear), each with the page's own wording. */
function errorList(view: View): { field: string; message: string }[] {
  const errors = view.errors ?? {};
  const known = formFields.filter((field) => errors[field] !== undefined).map((field) => ({ field, message: fieldErrorText(view.locale, field) }));
  const other = Object.entries(errors)
    .filter(([field]) => !isFormField(field))
    .map(([field, message]) => ({ field, message }));
  return [...known, ...other];
}

function errorSummary(view: View): Html | '' {
  const errors = errorList(view);
  if (view.status !== 'pending' || errors.length === 0) return '';
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${messages[view.locale].page.errorSummary}</h2>
<ul>${errors.map(({ field, message }) =>
    isFormField(field) ? html`<li><a href="#${field}">${message}</a></li>` : html`<li>${message}</li>`,
  )}</ul>
</div>`;
}

function fieldError(view: View, field: FormField): { message?: string; attributes: Html | '' } {
  if (view.errors?.[field] === undefined) return { attributes: '' };
  return {
    message: fieldErrorText(view.locale, field),
    attributes: html` aria-invalid="true" aria-describedby="${field}-error"`,
  };
}

function textField(
  view: View,
  name: 'firstName' | 'lastName' | 'email' | 'phone',
  type: 'text' | 'email' | 'tel',
  autocomplete: string,
  required: boolean,
): Html {
  const m = messages[view.locale].page;
  const error = fieldError(view, name);
  return html`<div class="field${error.message ? ' invalid' : ''}">
<label for="${name}">${m[name]} <span class="hint">(${required ? m.required : m.optional})</span></label>
${error.message ? html`<p class="error" id="${name}-error">${error.message}</p>` : ''}
<input id="${name}" name="${name}" type="${type}" autocomplete="${autocomplete}" maxlength="${name === 'email' ? 254 : 100}"${type === 'text' ? html` spellcheck="false"` : ''} value="${view.values?.[name] ?? ''}"${required ? html` required aria-required="true"` : ''}${error.attributes}>
</div>`;
}

const csrfField = (access: DecisionAccess): Html | '' =>
  access.mode === 'signedIn' ? html`<input type="hidden" name="csrfToken" value="${access.csrfToken}">` : '';

function acceptForm(view: View, base: string, access: DecisionAccess): Html {
  const m = messages[view.locale].page;
  const agreement = fieldError(view, 'acceptAgreement');
  const checked = view.values?.acceptAgreement === 'true';
  const signedIn = access.mode === 'signedIn';
  return html`<section class="decision" aria-labelledby="accept-title">
<h2 id="accept-title">${m.acceptHeading}</h2>
<p class="muted">${signedIn ? m.signedInAcceptIntro : m.acceptIntro}</p>
<form method="post" action="${base}/accept?lang=${view.locale}" novalidate>
${csrfField(access)}
${signedIn
  ? ''
  : html`${textField(view, 'firstName', 'text', 'given-name', true)}
${textField(view, 'lastName', 'text', 'family-name', true)}
${textField(view, 'email', 'email', 'email', true)}`}
${textField(view, 'phone', 'tel', 'tel', false)}
<div class="field${agreement.message ? ' invalid' : ''}">
${agreement.message ? html`<p class="error" id="acceptAgreement-error">${agreement.message}</p>` : ''}
<div class="check">
<input id="acceptAgreement" name="acceptAgreement" type="checkbox" value="true"${checked ? html` checked` : ''} required aria-required="true"${agreement.attributes}>
<label for="acceptAgreement">${attestationText(view.locale, view.customerCompanyName, signedIn ? 'signedIn' : 'linkOnly')}</label>
</div>
</div>
<button type="submit" class="primary">${m.acceptButton}</button>
</form>
</section>`;
}

function declineForm(view: View, base: string, access: DecisionAccess): Html {
  const m = messages[view.locale].page;
  const error = fieldError(view, 'reason');
  return html`<section class="decision" aria-labelledby="decline-title">
<h2 id="decline-title">${m.declineHeading}</h2>
<p class="muted">${m.declineIntro}</p>
<form method="post" action="${base}/decline?lang=${view.locale}">
${csrfField(access)}
<div class="field${error.message ? ' invalid' : ''}">
<label for="reason">${m.reason} <span class="hint">(${m.optional})</span></label>
${error.message ? html`<p class="error" id="reason-error">${error.message}</p>` : ''}
<textarea id="reason" name="reason" maxlength="500" rows="3"${error.attributes}>${view.values?.reason ?? ''}</textarea>
</div>
<button type="submit" class="secondary">${m.declineButton}</button>
</form>
</section>`;
}

/** Who may decide here, before the forms: the sign-in (and what went wrong), the signed-in user, or the link-only notice. */
function accessSection(view: View, access: DecisionAccess): Html {
  const m = messages[view.locale].page;
  if (access.mode === 'linkOnly') return html`<p class="notice" role="note">${m.linkOnlyNotice}</p>`;
  if (access.mode === 'signedIn') {
    return html`<p class="notice" role="status">${m.signedInAs(access.userName)} <a href="${access.switchUserUrl}">${m.switchUser}</a></p>`;
  }
  return html`<section class="decision" aria-labelledby="sign-in-title">
<h2 id="sign-in-title">${m.signInHeading}</h2>
${access.problem
  ? html`<p class="notice error-notice" role="alert">${m.signInProblems[access.problem](view.customerCompanyName)}</p>`
  : html`<p>${m.signInIntro(view.customerCompanyName)}</p>`}
<p><a class="button primary" href="${access.signInUrl}">${m.signInButton}</a></p>
</section>`;
}

/**
 * The page the emailed link opens: the request's facts, and Accept and Decline while it is pending. Once closed, the
 * link is only a way to learn the state: the page says that state, its date and what to do next, and nothing personal
 * (no partner or company name, tenant ID or partner message), whoever holds the link.
 */
export function renderInvitationPage(view: InvitationPageView): string {
  const m = messages[view.locale].page;
  const base = invitationPath(view.token);
  if (view.status !== 'pending') return closedPage(view, view.status, base);

  const invitation = messages[view.locale].invitation;
  const portal = portalName(view.cloud, view.locale);
  const expires = formatDate(view.expiresAt, view.locale);
  const body = html`${errorSummary(view)}
<h1>${m.title}</h1>
<p class="lead">${m.intro(view.partnerName, view.customerCompanyName)}</p>
<dl class="facts">
<div><dt>${m.partner}</dt><dd>${view.partnerName}</dd></div>
<div><dt>${m.organization}</dt><dd>${view.customerCompanyName}</dd></div>
<div><dt>${m.validUntil}</dt><dd>${expires}</dd></div>
<div class="wide"><dt>${m.tenantId}</dt><dd class="mono">${view.customerTenantId}</dd></div>
</dl>
<section aria-labelledby="requested-title">
<h2 id="requested-title">${m.requestedHeading}</h2>
<ul class="grants">
<li>${m.grantReseller(view.partnerName)}</li>
<li>${view.includeDelegatedAdminPrivileges ? m.grantDap(view.partnerName) : m.noDap(view.partnerName)}</li>
</ul>
${view.indirectResellerId ? html`<p>${invitation.indirectReseller(view.indirectResellerId)}</p>` : ''}
<p>${invitation.othersStay}</p>
</section>
<section aria-labelledby="agreement-title">
<h2 id="agreement-title">${m.agreementHeading}</h2>
<p>${m.agreementBefore}<a href="${customerAgreement.url}" rel="noopener noreferrer" target="_blank" aria-describedby="new-window-note">${m.agreementName}</a>${m.agreementAfter}</p>
<p id="new-window-note" class="visually-hidden">${m.newWindow}</p>
</section>
<section aria-labelledby="where-title">
<h2 id="where-title">${m.whereHeading}</h2>
<p>${m.whereText(portal)}</p>
</section>
${view.message !== undefined && view.message.trim() !== ''
  ? html`<section aria-labelledby="message-title">
<h2 id="message-title">${m.partnerMessage}</h2>
<blockquote>${view.message}</blockquote>
</section>`
  : ''}
${decisionSections(view, base)}`;
  return layout(view.locale, `${m.title}: ${view.partnerName}`, base, body);
}

/** A closed request: the decider's confirmation right after deciding, or else the state, its date and the next step. */
function closedPage(view: View, status: Exclude<View['status'], 'pending'>, base: string): string {
  const m = messages[view.locale].page;
  if (view.outcome) {
    const confirmation = view.outcome === 'accepted'
      ? html`<p class="notice success" role="status">${m.outcomeAccepted(view.partnerName)}</p>`
      : html`<p class="notice" role="status">${m.outcomeDeclined(view.partnerName)}</p>`;
    return layout(view.locale, m.title, base, html`<h1>${m.title}</h1>
${confirmation}`);
  }
  const date = formatDate(status === 'expired' ? view.expiresAt : (view.closedAt ?? view.expiresAt), view.locale);
  return layout(view.locale, m.title, base, html`<h1>${m.title}</h1>
<p class="notice${status === 'accepted' ? ' success' : ''}" role="status">${m.status[status](date)}</p>
<p>${m.next[status]}</p>`);
}

function decisionSections(view: View, base: string): Html {
  const access: DecisionAccess = view.access ?? { mode: 'linkOnly' };
  if (access.mode === 'signIn') return accessSection(view, access);
  return html`${accessSection(view, access)}
${acceptForm(view, base, access)}
${declineForm(view, base, access)}`;
}

/** The neutral answer to an unknown, tampered or revoked link. */
export function renderNotFoundPage(locale: Locale): string {
  const m = messages[locale].page;
  return layout(locale, m.notFoundTitle, '', html`<h1>${m.notFoundTitle}</h1>
<p>${m.notFoundText}</p>`);
}

/** The page's only styles, served by the API at /assets/invitation.css (the CSP allows no inline style). */
export const invitationPageCss = `a.button { display: inline-block; padding: .65rem 1.2rem; border-radius: 8px; background: var(--brand); color: #fff; font-weight: 600; text-decoration: none; }
a.button:hover { background: var(--brand-dark); color: #fff; }
.notice.error-notice { border-color: var(--bad); background: var(--bad-bg); }
:root {
  color-scheme: light;
  --ink: #1b1f24;
  --muted: #4d5661;
  --line: #d8dee4;
  --field: #6e7781;
  --page: #f3f5f8;
  --card: #ffffff;
  --brand: #0f6cbd;
  --brand-dark: #0c5595;
  --bad: #b3261e;
  --bad-bg: #fdf3f2;
  --good: #1a7f37;
  --good-bg: #edf8f0;
  --info-bg: #eef4fb;
  --focus: #ffb900;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  color: var(--ink);
  background: var(--page);
}
a { color: var(--brand); text-underline-offset: 2px; }
a:hover { color: var(--brand-dark); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
a:focus, button:focus, input:focus, textarea:focus { outline: 3px solid var(--focus); outline-offset: 2px; }
a:focus:not(:focus-visible), button:focus:not(:focus-visible) { outline: none; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.top { max-width: 44rem; margin: 0 auto; padding: 1rem 1rem 0; }
.languages { display: flex; justify-content: flex-end; gap: .25rem; list-style: none; margin: 0; padding: 0; }
.languages a { display: inline-block; padding: .25rem .6rem; border-radius: 999px; }
.languages a[aria-current] { background: var(--card); border: 1px solid var(--line); color: var(--ink); font-weight: 600; text-decoration: none; }
.card {
  max-width: 44rem;
  margin: .75rem auto 3rem;
  padding: 2rem 2.25rem;
  background: var(--card);
  border: 1px solid var(--line);
  border-radius: 14px;
  box-shadow: 0 1px 2px rgba(27, 31, 36, .04), 0 8px 24px rgba(27, 31, 36, .06);
}
h1 { font-size: 1.65rem; line-height: 1.25; margin: 0 0 1rem; letter-spacing: -.01em; }
h2 { font-size: 1.1rem; line-height: 1.3; margin: 1.75rem 0 .5rem; }
p { margin: 0 0 .75rem; }
.lead { font-size: 1.125rem; }
.muted { color: var(--muted); }
.facts {
  display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .75rem 1.5rem;
  margin: 1.25rem 0; padding: 1rem 1.25rem; background: var(--page); border-radius: 10px;
}
.facts dt { font-size: .8rem; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.facts .wide { grid-column: 1 / -1; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9rem; }
.grants { margin: 0; padding-left: 1.25rem; }
.grants li { margin-bottom: .4rem; }
blockquote {
  margin: 0; padding: .75rem 1rem; border-left: 4px solid var(--line); background: var(--page);
  border-radius: 0 8px 8px 0; white-space: pre-wrap; overflow-wrap: anywhere;
}
.notice { padding: .85rem 1rem; border-radius: 10px; background: var(--info-bg); border: 1px solid #b6d4f2; }
.notice.success { background: var(--good-bg); border-color: #a7dbb6; }
.error-summary {
  margin: 0 0 1.5rem; padding: 1rem 1.25rem; border: 2px solid var(--bad); border-radius: 10px; background: var(--bad-bg);
}
.error-summary h2 { margin: 0 0 .5rem; color: var(--bad); }
.error-summary ul { margin: 0; padding-left: 1.25rem; }
.error-summary a { color: var(--bad); font-weight: 600; }
.decision { margin-top: 2rem; padding-top: .25rem; border-top: 1px solid var(--line); }
.field { margin: 1rem 0; }
label { display: block; font-weight: 600; margin-bottom: .3rem; }
.hint { font-weight: 400; color: var(--muted); }
input[type=text], input[type=email], input[type=tel], textarea {
  display: block; width: 100%; padding: .6rem .75rem; font: inherit; color: inherit;
  background: var(--card); border: 1px solid var(--field); border-radius: 8px;
}
textarea { resize: vertical; min-height: 5rem; }
.check { display: flex; gap: .75rem; align-items: flex-start; padding: .85rem 1rem; border: 1px solid var(--line); border-radius: 10px; background: var(--page); }
.check input { flex: none; width: 1.25rem; height: 1.25rem; margin: .15rem 0 0; accent-color: var(--brand); }
.check label { font-weight: 400; margin: 0; }
.invalid input[type=text], .invalid input[type=email], .invalid input[type=tel], .invalid textarea { border: 2px solid var(--bad); }
.invalid .check { border: 2px solid var(--bad); }
.error { color: var(--bad); font-weight: 600; margin: .2rem 0 .4rem; }
button {
  font: inherit; font-weight: 600; padding: .7rem 1.25rem; border-radius: 8px; cursor: pointer; min-height: 2.75rem;
}
.primary { background: var(--brand); color: #fff; border: 1px solid var(--brand); }
.primary:hover { background: var(--brand-dark); border-color: var(--brand-dark); }
.secondary { background: var(--card); color: var(--bad); border: 1px solid var(--bad); }
.secondary:hover { background: var(--bad-bg); }
@media (max-width: 560px) {
  .top { padding: .75rem .75rem 0; }
  .card { margin: .5rem 0 0; padding: 1.25rem 1rem 2rem; border-radius: 0; border-left: 0; border-right: 0; }
  h1 { font-size: 1.4rem; }
  button { width: 100%; }
}
@media (forced-colors: active) {
  .languages a[aria-current] { border: 2px solid CanvasText; }
}
@media print {
  body { background: #fff; }
  .top, .decision { display: none; }
  .card { border: 0; box-shadow: none; }
}
`;
