import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { Locale, pickLocale } from '../../../content/locales.js';
import { ForbiddenPage, NotFoundPage } from '../../../content/workspace/pages.js';
import type { PartnerRole } from '../../../domain/roles.js';
import type { ApiDeps, AuthenticatedUser } from '../../deps.js';
import type { PartnerSignIn, WorkspaceUser } from '../../identity/partnerSignIn.js';
import { ProblemError } from '../../problem.js';

const languageCookie = 'workspace_lang';

/**
 * The language of a page: `?lang=` when given (and remembered for the next pages), else the one chosen before, else
 * the browser's Accept-Language.
 */
function localeOf(c: Context, secure: boolean): Locale {
  const asked = Locale.safeParse(c.req.query('lang'));
  if (asked.success) {
    setCookie(c, languageCookie, asked.data, { path: '/workspace', httpOnly: true, sameSite: 'Lax', secure, maxAge: 365 * 24 * 3600 });
    return asked.data;
  }
  return pickLocale(getCookie(c, languageCookie), c.req.header('accept-language'));
}

type Renderable = { toString(): string | Promise<string> };

/** What every workspace route needs: the language, the signed-in user, rendering, and the checks of a form post. */
export function workspaceKit(deps: ApiDeps, signIn: PartnerSignIn, options: { secureCookies: boolean }) {
  const locale = (c: Context) => localeOf(c, options.secureCookies);
  const page = (c: Context, element: Renderable, status: 200 | 400 | 403 | 404 | 409 = 200) => c.html(element.toString(), status);
  const asApiUser = (user: WorkspaceUser): AuthenticatedUser => ({ id: user.id, partnerTenantId: user.partnerTenantId, email: user.email, roles: user.roles });

  /** The signed-in user, or a redirect to the sign-in page. */
  const userOr = async (c: Context): Promise<WorkspaceUser | Response> => (await signIn.signedIn(c)) ?? c.redirect('/workspace/sign-in', 303);

  const forbidden = (c: Context, user: WorkspaceUser, reason: 'csrf' | 'role') => page(c, <ForbiddenPage locale={locale(c)} user={user} reason={reason} />, 403);
  const notFound = (c: Context, user: WorkspaceUser) => page(c, <NotFoundPage locale={locale(c)} user={user} />, 404);

  /**
   * A form post's user: signed in, the session's CSRF token in the form, and a role `allowed` accepts; otherwise the
   * answer that refuses (a redirect to sign in, or 403).
   */
  const formUserOr = async (c: Context, form: Record<string, unknown>, allowed: (roles: readonly PartnerRole[]) => boolean): Promise<WorkspaceUser | Response> => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    if (!(await signIn.checkCsrf(c, typeof form.csrf === 'string' ? form.csrf : undefined))) return forbidden(c, user, 'csrf');
    if (!allowed(user.roles)) return forbidden(c, user, 'role');
    return user;
  };

  /**
   * What `find` finds for the path's `:id` among this partner's own, or the not-found page: another partner's is
   * none (the commands answer 404 for it).
   */
  const foundOr = async <T,>(c: Context, user: WorkspaceUser, find: (user: AuthenticatedUser, id: string) => Promise<T>): Promise<T | Response> => {
    try {
      return await find(asApiUser(user), c.req.param('id') ?? '');
    } catch (error) {
      if (error instanceof ProblemError && error.init.status === 404) return notFound(c, user);
      throw error;
    }
  };

  return { deps, signIn, locale, page, asApiUser, userOr, forbidden, notFound, formUserOr, foundOr };
}

export type WorkspaceKit = ReturnType<typeof workspaceKit>;
