import type { Child } from 'hono/jsx';
import { Locale } from '../locales.js';
import { languageNames } from '../messages.js';
import { adminRelationshipMessages } from './adminRelationshipMessages.js';
import { batchMessages } from './batchMessages.js';
import { workspaceMessages } from './messages.js';
import { webhookMessages } from './webhookMessages.js';

/** Who the pages are for, as the layout's header shows them. */
export type LayoutUser = { name: string; partnerName: string; roles: readonly string[]; csrfToken: string };

export type LayoutProps = {
  locale: Locale;
  title: string;
  /** This page's path, for the language links (which keep the rest of the page's query). */
  path: string;
  query?: Record<string, string | undefined>;
  user?: LayoutUser | undefined;
  /** The navigation item of this page. */
  current?: 'customers' | 'requests' | 'batches' | 'admin' | 'webhooks';
  children?: Child;
};

const withQuery = (path: string, query: Record<string, string | undefined>) => {
  const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
};

/** The one layout of the workspace: a skip link, the product, the navigation, languages, the user and sign-out. */
export function Layout({ locale, title, path, query = {}, user, current, children }: LayoutProps) {
  const m = workspaceMessages[locale];
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} · ${m.productName}`}</title>
        <link rel="stylesheet" href="/assets/workspace.css" />
        <script src="/assets/workspace.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {m.skipToContent}
        </a>
        <header class="bar">
          <span class="product">{m.productName}</span>
          {user && (
            <nav aria-label={m.mainNavigation}>
              <ul class="sections">
                <li>
                  <a href="/workspace/customers" aria-current={current === 'customers' ? 'page' : undefined}>
                    {m.customers}
                  </a>
                </li>
                <li>
                  <a href="/workspace/requests" aria-current={current === 'requests' ? 'page' : undefined}>
                    {m.requests.nav}
                  </a>
                </li>
                <li>
                  <a href="/workspace/batches" aria-current={current === 'batches' ? 'page' : undefined}>
                    {batchMessages[locale].nav}
                  </a>
                </li>
                <li>
                  <a href="/workspace/admin-relationships" aria-current={current === 'admin' ? 'page' : undefined}>
                    {adminRelationshipMessages[locale].nav}
                  </a>
                </li>
                {user.roles.includes('AdminAgent') && (
                  <li>
                    <a href="/workspace/webhooks" aria-current={current === 'webhooks' ? 'page' : undefined}>
                      {webhookMessages[locale].nav}
                    </a>
                  </li>
                )}
              </ul>
            </nav>
          )}
          <nav aria-label={m.language}>
            <ul class="languages">
              {Locale.options.map((code) => (
                <li>
                  <a href={withQuery(path, { ...query, lang: code })} hreflang={code} lang={code} aria-current={code === locale ? 'true' : undefined}>
                    {languageNames[code]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {user && (
            <div class="user">
              <p>
                {m.signedInAs} <strong>{user.name}</strong>, {user.partnerName}
                <br />
                <span class="roles">
                  {m.roles}: {user.roles.join(', ')}
                </span>
              </p>
              <form method="post" action="/workspace/sign-out">
                <input type="hidden" name="csrf" value={user.csrfToken} />
                <button type="submit">{m.signOut}</button>
              </form>
            </div>
          )}
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

export { withQuery };
