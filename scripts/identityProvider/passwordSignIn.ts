import { formsOf, type BrowserlessSession, type Landing, type Page } from './browserlessSession.js';

export type Credentials = { email: string; password: string };

export const pageOf = (landing: Landing, expected: string): Page => {
  if (landing.kind === 'page') return landing.page;
  throw new Error(`Expected ${expected}, but was sent on to ${landing.url.origin}${landing.url.pathname}`);
};

const alertOf = (page: Page) => /role="alert">([^<]*)</.exec(page.html)?.[1];

/**
 * Fills in and submits the provider's login form on the page the session landed on, then follows redirects as far
 * as `stopAt`. Throws when the provider shows the form again, naming its reason (a wrong password, say).
 */
export async function signInOnLoginPage(
  session: BrowserlessSession,
  landing: Landing,
  credentials: Credentials,
  stopAt?: (url: URL) => boolean,
): Promise<Landing> {
  const page = pageOf(landing, 'the login page');
  const form = formsOf(page).find((candidate) => 'password' in candidate.fields);
  if (!form) throw new Error(`Expected the login page, got ${page.status} at ${page.url.pathname}`);
  const next = await session.submit(form, { email: credentials.email, password: credentials.password }, stopAt);
  if (next.kind === 'page' && formsOf(next.page).some((candidate) => 'password' in candidate.fields)) {
    throw new Error(`The provider refused the sign-in of ${credentials.email}: ${alertOf(next.page) ?? `status ${next.page.status}`}`);
  }
  return next;
}
