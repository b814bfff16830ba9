import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createCustomerSignIn, type CustomerSignIn, type SignInFailure } from '../../api/identity/customerSignIn.js';
import { createKeyring, type InvitationSecrets } from '../../platform/secretKeys.js';
import { createBrowserlessSession, formsOf, type BrowserlessSession, type Landing } from '../../scripts/identityProvider/browserlessSession.js';
import { signInOnLoginPage } from '../../scripts/identityProvider/passwordSignIn.js';
import { identityProviderSettings } from './identityProvider.js';

/** An invitation as the sign-in sees it: its link token, its request, and the invited tenant (none: the request is gone). */
export type TestInvitation = { token: string; requestId: string; customerTenantId?: string };

/** What the app answered on one request, with the cookies it set. */
export type Exchange = { method: string; path: string; status: number; location: string | null; setCookies: string[] };

/**
 * The customer sign-in mounted on a small Hono app on a real loopback port, as the invitation routes use it:
 * `GET /invitations/:token/sign-in` starts it (`?anotherUser=1` to switch), `GET /auth/callback` ends it, and probes
 * under the invitation's path say who is signed in for a request, give the CSRF token, check one, or sign out.
 * Every answer is recorded with its Set-Cookie lines. `useSecrets` deploys other invitation secrets on the same address.
 */
export async function startCustomerSignInServer(options: {
  invitations: TestInvitation[];
  secureCookies?: boolean;
  secrets?: InvitationSecrets;
  now?: () => Date;
  /** The customer tenants a tenant session may be for (the partner relationships page). */
  customerTenants?: string[];
}) {
  const settings = identityProviderSettings();
  const byToken = new Map(options.invitations.map((invitation) => [invitation.token, invitation]));
  const byRequestId = new Map(options.invitations.map((invitation) => [invitation.requestId, invitation]));
  const exchanges: Exchange[] = [];
  const failures: SignInFailure[] = [];

  let handle: (request: Request) => Response | Promise<Response> = () => new Response(null, { status: 503 });
  const server = serve({ fetch: (request) => handle(request), hostname: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signInWith = (secrets: InvitationSecrets): CustomerSignIn =>
    createCustomerSignIn({
      issuer: settings.issuer,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      publicBaseUrl: base,
      secureCookies: options.secureCookies ?? false,
      keys: createKeyring(secrets),
      expectedTenantOf: async (requestId) => byRequestId.get(requestId)?.customerTenantId,
      isCustomerTenant: async (tenantId) => (options.customerTenants ?? []).includes(tenantId),
      onFailure: (failure) => failures.push(failure),
      ...(options.now && { now: options.now }),
    });
  let signIn = signInWith(options.secrets ?? { current: 'an invitation secret of the tests, 32+ characters' });

  const requestIdOf = (token: string) => byToken.get(token)?.requestId ?? 'unknown-request';
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    exchanges.push({ method: c.req.method, path: c.req.path, status: c.res.status, location: c.res.headers.get('location'), setCookies: c.res.headers.getSetCookie() });
  });
  app.get('/auth/callback', (c) => signIn.callback(c));
  app.get('/invitations/:token', (c) => c.text(`the invitation page of ${c.req.param('token')}`));
  app.get('/invitations/:token/sign-in', (c) => {
    const token = c.req.param('token');
    return signIn.start(c, { page: 'invitation', requestId: requestIdOf(token), token, locale: c.req.query('lang') ?? 'en' }, { anotherUser: c.req.query('anotherUser') === '1' });
  });
  app.get('/invitations/:token/probe', async (c) => {
    const requestId = c.req.query('requestId') ?? requestIdOf(c.req.param('token'));
    const signedIn = await signIn.signedIn(c, { page: 'invitation', requestId });
    return c.json({ identity: signedIn?.identity ?? null, csrfToken: signedIn?.csrfToken ?? null });
  });
  app.post('/invitations/:token/decide', async (c) => {
    const requestId = c.req.query('requestId') ?? requestIdOf(c.req.param('token'));
    const form = await c.req.parseBody();
    const submitted = typeof form.csrfToken === 'string' ? form.csrfToken : undefined;
    return c.json({ csrfAccepted: await signIn.checkCsrf(c, { page: 'invitation', requestId }, submitted) });
  });
  app.get('/partner-relationships', (c) => c.text('the partner relationships page'));
  app.get('/partner-relationships/sign-in', (c) =>
    signIn.start(c, { page: 'partnerRelationships', locale: c.req.query('lang') }, { anotherUser: c.req.query('anotherUser') === '1' }),
  );
  app.get('/partner-relationships/probe', async (c) => {
    const submitted = c.req.query('csrfToken');
    const signedIn = await signIn.signedIn(c, { page: 'partnerRelationships' });
    return c.json({
      tenant: signedIn ? { tenantId: signedIn.identity.tenantId, identity: signedIn.identity } : null,
      csrfToken: signedIn?.csrfToken ?? null,
      csrfAccepted: submitted === undefined ? null : await signIn.checkCsrf(c, { page: 'partnerRelationships' }, submitted),
    });
  });
  app.get('/invitations/:token/sign-out', (c) => {
    signIn.signOut(c, { page: 'invitation', requestId: requestIdOf(c.req.param('token')) });
    return c.text('signed out');
  });
  handle = (request) => app.fetch(request);

  return {
    base,
    settings,
    exchanges,
    /** From now on, sign and verify with these secrets, as a deploy with new settings would. */
    useSecrets(secrets: InvitationSecrets) {
      signIn = signInWith(secrets);
    },
    failures,
    /** The last recorded answer to this method and path. */
    lastExchange(method: string, path: string): Exchange {
      const found = exchanges.findLast((exchange) => exchange.method === method && exchange.path === path);
      if (!found) throw new Error(`no ${method} ${path} was answered`);
      return found;
    },
    /** Who the probe says is signed in for the request (its invitation's by default), with the CSRF token. */
    async probe(session: BrowserlessSession, token: string, requestId?: string) {
      const url = new URL(`${base}/invitations/${token}/probe`);
      if (requestId) url.searchParams.set('requestId', requestId);
      const landing = await session.open(url);
      if (landing.kind !== 'page' || landing.page.status !== 200) throw new Error('the probe did not answer');
      return JSON.parse(landing.page.html) as { identity: Record<string, unknown> | null; csrfToken: string | null };
    },
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
    },
  };
}
export type CustomerSignInServer = Awaited<ReturnType<typeof startCustomerSignInServer>>;

/**
 * A person signs in for an invitation in this browserless session: from the invitation's sign-in link, through the
 * provider's login page when it shows one, back to the invitation (or to `stopAt`).
 */
export async function signInForInvitation(
  server: CustomerSignInServer,
  options: { token: string; email: string; session?: BrowserlessSession; anotherUser?: boolean; stopAt?: (url: URL) => boolean },
): Promise<{ session: BrowserlessSession; landing: Landing }> {
  const session = options.session ?? createBrowserlessSession();
  const start = `${server.base}/invitations/${options.token}/sign-in?lang=en${options.anotherUser ? '&anotherUser=1' : ''}`;
  const first = await session.open(start, options.stopAt);
  const showsLogin = first.kind === 'page' && first.page.url.origin === new URL(server.settings.issuer).origin;
  const landing = showsLogin ? await signInOnLoginPage(session, first, { email: options.email, password: server.settings.password }, options.stopAt) : first;
  return { session, landing: await submitSelfPostingForm(session, landing, options.stopAt) };
}

/**
 * A page whose script posts its form at once, as the provider's when another account signs in over its session (it
 * ends the previous one first): submitted here, as a browser would.
 */
async function submitSelfPostingForm(session: BrowserlessSession, landing: Landing, stopAt?: (url: URL) => boolean): Promise<Landing> {
  if (landing.kind !== 'page' || !landing.page.html.includes('document.forms[0].submit()')) return landing;
  const [form] = formsOf(landing.page);
  return form ? session.submit(form, {}, stopAt) : landing;
}

/** Where a sign-in ended: the path and the `signIn` problem of the invitation page it returned to. */
export function returnedTo(landing: Landing): { path: string; lang: string | null; signIn: string | null } {
  const url = landing.kind === 'page' ? landing.page.url : landing.url;
  return { path: url.pathname, lang: url.searchParams.get('lang'), signIn: url.searchParams.get('signIn') };
}
