import { formatDate, type Locale } from '../locales.js';
import { Layout, withQuery, type LayoutUser } from './layout.js';
import { workspaceMessages } from './messages.js';

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
      <h1>{m.title}</h1>
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
        // Scrolls sideways on a narrow screen: a named region that takes the keyboard's focus, so it scrolls without a mouse.
        <div class="table-wrap" role="region" aria-label={m.caption(status)} tabindex={0}>
          <table>
            <caption>{m.caption(status)}</caption>
            <thead>
              <tr>
                <th scope="col">{m.columns.company}</th>
                <th scope="col">{m.columns.domain}</th>
                <th scope="col">{m.columns.tenant}</th>
                <th scope="col">{m.columns.country}</th>
                <th scope="col">{m.columns.delegatedAdmin}</th>
                <th scope="col">{m.columns.since}</th>
                <th scope="col">{m.columns.status}</th>
              </tr>
            </thead>
            <tbody>
              {view.items.map((item) => (
                <tr>
                  <th scope="row">{item.companyName}</th>
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
            </tbody>
          </table>
        </div>
      )}
      {(view.nextCursor || view.paged) && (
        <nav class="pages" aria-label={m.title}>
          {view.paged && <a href={withQuery(path, { status, q, lang: locale })}>{m.first}</a>}
          {view.nextCursor && (
            <a href={withQuery(path, { status, q, cursor: view.nextCursor, lang: locale })} rel="next">
              {m.next}
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
