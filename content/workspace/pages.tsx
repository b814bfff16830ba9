import type { Child } from 'hono/jsx';
import { formatDate, formatDateTime, type Locale } from '../locales.js';
import { CopyButton, DataTable, Pager, StatusFilter } from './components.js';
import { Layout, withQuery, type LayoutUser } from './layout.js';
import { workspaceMessages } from './messages.js';
import { newCustomerMessages } from './newCustomerMessages.js';

export type SignInProblem = keyof (typeof workspaceMessages)['en']['signIn']['problems'];

/** Before signing in: what the workspace is, the button, and why the last sign-in did not give a session. */
export function SignInPage({ locale, problem, signedOut }: { locale: Locale; problem?: SignInProblem | undefined; signedOut?: boolean }) {
  const m = workspaceMessages[locale].signIn;
  return (
    <Layout locale={locale} title={m.title} path="/workspace/sign-in">
      <h1>{m.title}</h1>
      {problem && (
        <p class="notice problem" role="alert">
          {m.problems[problem]}
        </p>
      )}
      {signedOut && !problem && (
        <p class="notice" role="status">
          {m.signedOut}
        </p>
      )}
      <p>{m.lead}</p>
      {/* A link, not a form: the page's CSP allows forms to post to this site only, which the provider is not. */}
      <a class="button primary" href="/workspace/sign-in/start">
        {m.button}
      </a>
    </Layout>
  );
}

const customerPath = (tenantId: string) => `/workspace/customers/${encodeURIComponent(tenantId)}`;

export type CustomerRow = {
  customerTenantId: string;
  companyName: string;
  domain: string;
  country: string;
  status: 'active' | 'ended';
  delegatedAdminPrivileges: boolean;
  delegatedAdminPrivilegesRemoved: unknown;
  since: string;
  endedAt: string | null;
  endedBy: { email: string } | null;
  reason: string | null;
};

export type CustomersView = {
  locale: Locale;
  user: LayoutUser;
  /** Whether the user may request relationships (an Admin agent or a Sales agent). */
  canManage?: boolean;
  status: 'active' | 'ended' | 'all';
  /** The search, if any: a part of the customer's name, domain or tenant ID. */
  q?: string | undefined;
  items: readonly CustomerRow[];
  /** The next page's cursor; `paged` when this is not the first page. */
  nextCursor: string | null;
  paged: boolean;
};

/** The customer list, as Partner Center's Customers workspace shows it: active relationships, or ended ones, paged. */
export function CustomersPage(view: CustomersView) {
  const { locale, status, q } = view;
  const m = workspaceMessages[locale].customerList;
  const path = '/workspace/customers';
  return (
    <Layout locale={locale} title={m.title} path={path} query={{ status, q }} user={view.user} current="customers">
      <div class="toolbar">
        <h1>{m.title}</h1>
        {view.canManage && (
          <p class="actions">
            <a class="button primary" href="/workspace/relationships/new">
              {workspaceMessages[locale].newRelationship.action}
            </a>
            <a class="button" href="/workspace/customers/new">
              {newCustomerMessages[locale].action}
            </a>
          </p>
        )}
      </div>
      <p>{m.lead}</p>
      <form method="get" action={path} class="filters" role="search">
        <label for="q">{m.search}</label>
        <input id="q" name="q" type="search" value={q ?? ''} maxlength={100} />
        <label for="status">{m.show}</label>
        <select id="status" name="status">
          {(['active', 'ended', 'all'] as const).map((option) => (
            <option value={option} selected={option === status}>
              {m.statuses[option]}
            </option>
          ))}
        </select>
        <input type="hidden" name="lang" value={locale} />
        <button type="submit">{m.apply}</button>
      </form>
      {view.items.length === 0 ? (
        <p class="empty">{q ? m.noMatch(q) : m.empty[status]}</p>
      ) : (
        <DataTable
          caption={m.caption(status)}
          columns={[m.columns.company, m.columns.domain, m.columns.tenant, m.columns.country, m.columns.delegatedAdmin, m.columns.since, m.columns.status]}
        >
          {view.items.map((item) => (
            <tr>
              <th scope="row">
                <a href={customerPath(item.customerTenantId)}>{item.companyName}</a>
              </th>
              <td>{item.domain}</td>
              <td>
                <code>{item.customerTenantId}</code>
              </td>
              <td>{item.country}</td>
              <td>{item.delegatedAdminPrivilegesRemoved ? m.delegatedAdmin.removed : item.delegatedAdminPrivileges ? m.delegatedAdmin.yes : m.delegatedAdmin.no}</td>
              <td>{formatDate(item.since, locale)}</td>
              <td>
                {item.status === 'active' ? (
                  m.status.active
                ) : (
                  <>
                    {m.status.ended(formatDate(item.endedAt ?? '', locale), item.endedBy?.email ?? '')}
                    {item.reason && (
                      <>
                        <br />
                        {m.reason}: {item.reason}
                      </>
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager locale={locale} label={m.title} path={path} query={{ status, q }} nextCursor={view.nextCursor} paged={view.paged} />
    </Layout>
  );
}

export type CustomerView = {
  locale: Locale;
  user: LayoutUser;
  customer: { tenantId: string; companyName: string; domain: string; country: string; cloud: string };
  relationships: readonly CustomerRow[];
  /** Whether the user may end the relationship (an Admin agent or a Sales agent). */
  canManage: boolean;
  notice?: 'ended' | 'added' | undefined;
};

/** A customer of this partner: who it is, the relationships with it, and ending the active one. */
export function CustomerPage(view: CustomerView) {
  const { locale, customer } = view;
  const m = workspaceMessages[locale];
  const active = view.relationships.find((relationship) => relationship.status === 'active');
  return (
    <Layout locale={locale} title={customer.companyName} path={customerPath(customer.tenantId)} user={view.user} current="customers">
      <p>
        <a href="/workspace/customers">{m.customer.back}</a>
      </p>
      <h1>{customer.companyName}</h1>
      {view.notice && (
        <p class="notice" role="status">
          {view.notice === 'ended' ? m.customer.ended : newCustomerMessages[locale].added}
        </p>
      )}
      <dl class="facts">
        <dt>{m.customer.fields.tenant}</dt>
        <dd>
          <code>{customer.tenantId}</code>
        </dd>
        <dt>{m.customer.fields.domain}</dt>
        <dd>{customer.domain}</dd>
        <dt>{m.customer.fields.country}</dt>
        <dd>{customer.country}</dd>
        <dt>{m.customer.fields.cloud}</dt>
        <dd>{m.customer.clouds[customer.cloud] ?? customer.cloud}</dd>
      </dl>
      <h2>{m.customer.relationships}</h2>
      <ul class="relationships">
        {view.relationships.map((relationship) => (
          <li>
            <strong>{relationship.status === 'active' ? m.customerList.status.active : m.customerList.status.ended(formatDate(relationship.endedAt ?? '', locale), relationship.endedBy?.email ?? '')}</strong>
            {' · '}
            {m.customerList.columns.since} {formatDate(relationship.since, locale)}
            {' · '}
            {m.customerList.columns.delegatedAdmin}:{' '}
            {relationship.delegatedAdminPrivilegesRemoved ? m.customerList.delegatedAdmin.removed : relationship.delegatedAdminPrivileges ? m.customerList.delegatedAdmin.yes : m.customerList.delegatedAdmin.no}
            {relationship.reason && (
              <>
                <br />
                {m.customerList.reason}: {relationship.reason}
              </>
            )}
          </li>
        ))}
      </ul>
      {active && view.canManage && (
        <p>
          <a class="button danger" href={`${customerPath(customer.tenantId)}/end`}>
            {m.customer.endRelationship}
          </a>
        </p>
      )}
      {active && !view.canManage && <p class="muted">{m.customer.readOnly}</p>}
      {!active && view.canManage && (
        <p>
          <a class="button primary" href={`/workspace/relationships/new?customer=${encodeURIComponent(customer.tenantId)}`}>
            {m.newRelationship.action}
          </a>
        </p>
      )}
    </Layout>
  );
}

export type EndRelationshipView = {
  locale: Locale;
  user: LayoutUser;
  customer: { tenantId: string; companyName: string };
  reason?: string;
  error?: 'reasonMissing' | 'noActive' | undefined;
};

/** The confirmation before ending: what ending means, the reason the customer will read, and a way back. */
export function EndRelationshipPage(view: EndRelationshipView) {
  const { locale, customer } = view;
  const m = workspaceMessages[locale].end;
  const path = `${customerPath(customer.tenantId)}/end`;
  const reasonError = view.error === 'reasonMissing';
  return (
    <Layout locale={locale} title={m.title(customer.companyName)} path={path} user={view.user} current="customers">
      <h1>{m.title(customer.companyName)}</h1>
      {view.error === 'noActive' && (
        <p class="notice problem" role="alert">
          {m.noActive}
        </p>
      )}
      <p>{m.lead}</p>
      <form method="post" action={path} novalidate>
        <input type="hidden" name="csrf" value={view.user.csrfToken} />
        <div class={reasonError ? 'field invalid' : 'field'}>
          <label for="reason">{m.reason}</label>
          <p id="reason-hint" class="hint">
            {m.reasonHint}
          </p>
          {reasonError && (
            <p id="reason-error" class="error" role="alert">
              {m.reasonMissing}
            </p>
          )}
          <textarea id="reason" name="reason" rows={4} maxlength={500} required aria-describedby={reasonError ? 'reason-hint reason-error' : 'reason-hint'} aria-invalid={reasonError ? 'true' : undefined}>
            {view.reason ?? ''}
          </textarea>
        </div>
        <p class="actions">
          <button type="submit" class="primary danger">
            {m.confirm}
          </button>
          <a href={customerPath(customer.tenantId)}>{m.cancel}</a>
        </p>
      </form>
    </Layout>
  );
}

/** A refusal as a page of the workspace: a form from elsewhere or out of date, or a role that may not act. */
export function ForbiddenPage({ locale, user, reason }: { locale: Locale; user?: LayoutUser | undefined; reason: 'csrf' | 'role' }) {
  const m = workspaceMessages[locale].forbidden;
  return (
    <Layout locale={locale} title={m.title} path="/workspace/customers" user={user}>
      <h1>{m.title}</h1>
      <p class="notice problem" role="alert">
        {m[reason]}
      </p>
      <p>
        <a href="/workspace/customers">{workspaceMessages[locale].customer.back}</a>
      </p>
    </Layout>
  );
}

/** A customer this partner has no relationship with, as far as the workspace tells: none. */
export function NotFoundPage({ locale, user }: { locale: Locale; user?: LayoutUser | undefined }) {
  const m = workspaceMessages[locale];
  return (
    <Layout locale={locale} title={m.notFound} path="/workspace/customers" user={user}>
      <h1>{m.notFound}</h1>
      <p>
        <a href="/workspace/customers">{m.customer.back}</a>
      </p>
    </Layout>
  );
}

export type NewRelationshipField = 'customer' | 'email' | 'message' | 'delegatedAdmin';

export type NewRelationshipView = {
  locale: Locale;
  user: LayoutUser;
  /** A partner in the US Government cloud must include delegated admin privileges: the page says so and keeps it on. */
  delegatedAdminRequired: boolean;
  values?: { customer?: string; email?: string; message?: string; delegatedAdmin?: boolean };
  /** What to say next to each field that caused a refusal, in the page's language. */
  errors?: Partial<Record<NewRelationshipField, string>>;
  /** A refusal of the whole request (an open invitation, the quota), shown above the form. */
  problem?: string | undefined;
};

/** "New relationship", as Partner Center's Customers workspace has it: the customer, the option, the email. */
export function NewRelationshipPage(view: NewRelationshipView) {
  const { locale, values = {}, errors = {} } = view;
  const m = workspaceMessages[locale].newRelationship;
  const field = (name: NewRelationshipField) => ({
    invalid: errors[name] !== undefined,
    describedBy: [`${name}-hint`, ...(errors[name] ? [`${name}-error`] : [])].join(' '),
  });
  const errorOf = (name: NewRelationshipField) =>
    errors[name] && (
      <p id={`${name}-error`} class="error" role="alert">
        {errors[name]}
      </p>
    );
  const dap = view.delegatedAdminRequired || (values.delegatedAdmin ?? true);
  return (
    <Layout locale={locale} title={m.title} path="/workspace/relationships/new" user={view.user} current="customers">
      <h1>{m.title}</h1>
      {view.problem && (
        <p class="notice problem" role="alert">
          {view.problem}
        </p>
      )}
      <p>{m.lead}</p>
      <form method="post" action="/workspace/relationships/new" novalidate>
        <input type="hidden" name="csrf" value={view.user.csrfToken} />
        <div class={field('customer').invalid ? 'field invalid' : 'field'}>
          <label for="customer">{m.customer}</label>
          <p id="customer-hint" class="hint">
            {m.customerHint} <a href="/workspace/customers/new">{newCustomerMessages[locale].action}</a>
          </p>
          {errorOf('customer')}
          <input id="customer" name="customer" type="text" value={values.customer ?? ''} required maxlength={253} autocomplete="off" aria-describedby={field('customer').describedBy} aria-invalid={field('customer').invalid ? 'true' : undefined} />
        </div>
        <div class={field('email').invalid ? 'field invalid' : 'field'}>
          <label for="email">{m.email}</label>
          <p id="email-hint" class="hint">
            {m.emailHint}
          </p>
          {errorOf('email')}
          <input id="email" name="email" type="email" value={values.email ?? ''} required maxlength={254} autocomplete="off" aria-describedby={field('email').describedBy} aria-invalid={field('email').invalid ? 'true' : undefined} />
        </div>
        <div class="field check">
          {errorOf('delegatedAdmin')}
          <p>
            {/* A disabled checkbox would not be sent: the rule is kept by a hidden field, and said beside the box. */}
            {view.delegatedAdminRequired && <input type="hidden" name="delegatedAdmin" value="on" />}
            <input id="delegatedAdmin" name="delegatedAdmin" type="checkbox" checked={dap} disabled={view.delegatedAdminRequired} aria-describedby="delegatedAdmin-hint" />{' '}
            <label for="delegatedAdmin">{m.delegatedAdmin}</label>
          </p>
          <p id="delegatedAdmin-hint" class="hint">
            {view.delegatedAdminRequired ? m.delegatedAdminRequired : ''}
          </p>
        </div>
        <div class={field('message').invalid ? 'field invalid' : 'field'}>
          <label for="message">{m.message}</label>
          <p id="message-hint" class="hint">
            {m.messageHint}
          </p>
          {errorOf('message')}
          <textarea id="message" name="message" rows={3} maxlength={1000} aria-describedby={field('message').describedBy}>
            {values.message ?? ''}
          </textarea>
        </div>
        <p class="actions">
          <button type="submit" class="primary">
            {m.send}
          </button>
          <a href="/workspace/customers">{workspaceMessages[locale].customer.back}</a>
        </p>
      </form>
    </Layout>
  );
}

export type InvitationSentView = {
  locale: Locale;
  user: LayoutUser;
  companyName: string;
  invitationUrl: string;
  email: { subject: string; text: string };
  expiresAt: string | null;
};

/** After "Send": the templated email the customer got, and the unique link, ready to copy. */
export function InvitationSentPage(view: InvitationSentView) {
  const { locale } = view;
  const m = workspaceMessages[locale].newRelationship.sent;
  return (
    <Layout locale={locale} title={m.title} path="/workspace/relationships/new" user={view.user} current="customers">
      <h1>{m.title}</h1>
      <p class="notice" role="status">
        {m.lead(view.companyName)}
      </p>
      <div class="field">
        <label for="invitation-link">{m.link}</label>
        <p class="copyable">
          <input id="invitation-link" type="text" readonly value={view.invitationUrl} class="link" />
          <CopyButton target="invitation-link" label={m.copy} copied={m.copied} />
        </p>
      </div>
      {view.expiresAt && <p>{m.expires(formatDate(view.expiresAt, locale))}</p>}
      <section class="email" aria-labelledby="email-subject">
        <p id="email-subject">
          <strong>{m.subject}:</strong> {view.email.subject}
        </p>
        <pre>{view.email.text}</pre>
      </section>
      <p>
        <a href="/workspace/customers">{workspaceMessages[locale].customer.back}</a>
      </p>
    </Layout>
  );
}

export type RequestRow = { id: string; status: string; customerTenantId: string; createdAt: string; expiresAt: string | null; remindersSent: number };

export type RequestsView = {
  locale: Locale;
  user: LayoutUser;
  status: string;
  items: readonly (RequestRow & { companyName: string })[];
  nextCursor: string | null;
  paged: boolean;
};

const requestStatuses = ['all', 'pending', 'accepted', 'declined', 'cancelled', 'expired', 'rejected'] as const;

/** The partner's requests, newest first, by status: pending first to look at, with their expiry. */
export function RequestsPage(view: RequestsView) {
  const { locale, status } = view;
  const m = workspaceMessages[locale].requests;
  const path = '/workspace/requests';
  return (
    <Layout locale={locale} title={m.title} path={path} query={{ status }} user={view.user} current="requests">
      <h1>{m.title}</h1>
      <p>{m.lead}</p>
      <StatusFilter
        locale={locale}
        path={path}
        label={workspaceMessages[locale].customerList.show}
        apply={workspaceMessages[locale].customerList.apply}
        options={requestStatuses}
        labels={m.statuses}
        status={status}
      />
      {view.items.length === 0 ? (
        <p class="empty">{m.empty}</p>
      ) : (
        <DataTable caption={m.caption} columns={[m.columns.customer, m.columns.status, m.columns.created, m.columns.expires, m.columns.reminders]}>
          {view.items.map((item) => (
            <tr>
              <th scope="row">
                <a href={`${path}/${encodeURIComponent(item.id)}`}>{item.companyName}</a>
              </th>
              <td>{m.statuses[item.status] ?? item.status}</td>
              <td>{formatDate(item.createdAt, locale)}</td>
              <td>{item.status === 'pending' && item.expiresAt ? formatDate(item.expiresAt, locale) : ''}</td>
              <td>{item.remindersSent}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager locale={locale} label={m.title} path={path} query={{ status }} nextCursor={view.nextCursor} paged={view.paged} />
    </Layout>
  );
}

export type RequestView = {
  locale: Locale;
  user: LayoutUser;
  companyName: string;
  request: RequestRow & {
    customerEmail: string;
    includeDelegatedAdminPrivileges: boolean;
    remindersSent: number;
    invitationUrl?: string | undefined;
    events: readonly { type: string; at: string; actor: { kind: string; email?: unknown } }[];
  };
  canManage: boolean;
  notice?: 'resent' | 'cancelled' | 'closed' | 'quota' | undefined;
};

/** One request: its facts, what happened (its events), and, while it is pending, Resend and Cancel. */
export function RequestPage(view: RequestView) {
  const { locale, request } = view;
  const m = workspaceMessages[locale].requests;
  const d = m.detail;
  const path = `/workspace/requests/${encodeURIComponent(request.id)}`;
  const pending = request.status === 'pending';
  const problem = view.notice === 'closed' || view.notice === 'quota';
  return (
    <Layout locale={locale} title={d.title(view.companyName)} path={path} user={view.user} current="requests">
      <p>
        <a href="/workspace/requests">{d.back}</a>
      </p>
      <h1>{d.title(view.companyName)}</h1>
      {view.notice && (
        <p class={problem ? 'notice problem' : 'notice'} role={problem ? 'alert' : 'status'}>
          {d[view.notice]}
        </p>
      )}
      <dl class="facts">
        <dt>{d.fields.status}</dt>
        <dd>{m.statuses[request.status] ?? request.status}</dd>
        <dt>{d.fields.email}</dt>
        <dd>{request.customerEmail}</dd>
        <dt>{d.fields.delegatedAdmin}</dt>
        <dd>{request.includeDelegatedAdminPrivileges ? workspaceMessages[locale].customerList.delegatedAdmin.yes : workspaceMessages[locale].customerList.delegatedAdmin.no}</dd>
        <dt>{d.fields.created}</dt>
        <dd>{formatDate(request.createdAt, locale)}</dd>
        {pending && request.expiresAt && (
          <>
            <dt>{d.fields.expires}</dt>
            <dd>{formatDate(request.expiresAt, locale)}</dd>
          </>
        )}
        <dt>{d.fields.reminders}</dt>
        <dd>{request.remindersSent}</dd>
      </dl>
      {pending && view.canManage && request.invitationUrl && (
        <div class="field">
          <label for="invitation-link">{d.fields.link}</label>
          <p class="copyable">
            <input id="invitation-link" type="text" readonly value={request.invitationUrl} class="link" />
            <CopyButton target="invitation-link" label={m.detail.copy} copied={m.detail.copied} />
          </p>
        </div>
      )}
      <h2>{d.timeline}</h2>
      <ol class="timeline">
        {request.events.map((event) => (
          <li>
            <strong>{m.events[event.type] ?? event.type}</strong> · {formatDateTime(event.at, locale)}
            {typeof event.actor.email === 'string' && (
              <>
                {' '}
                · {d.by} {event.actor.email}
              </>
            )}
          </li>
        ))}
      </ol>
      {pending && view.canManage && (
        <div class="actions">
          <form method="post" action={`${path}/resend`}>
            <input type="hidden" name="csrf" value={view.user.csrfToken} />
            <button type="submit">{d.resend}</button>
          </form>
          <form method="post" action={`${path}/cancel`} class="cancel">
            <input type="hidden" name="csrf" value={view.user.csrfToken} />
            <label for="reason">{d.cancelReason}</label>
            <input id="reason" name="reason" type="text" maxlength={500} />
            <button type="submit" class="danger">
              {d.cancel}
            </button>
          </form>
        </div>
      )}
    </Layout>
  );
}
