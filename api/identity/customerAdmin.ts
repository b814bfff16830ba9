import type { Context, MiddlewareHandler } from 'hono';
import type { VerifiedIdentity } from '../../domain/identity.js';
import type { CustomerAdminRefusal } from './customerAdministrators.js';
import { problemResponse } from '../problem.js';
import { accessTokenRefusal } from './accessTokenRefusals.js';
import type { AccessTokenVerifier } from './accessTokens.js';
import { bearerCredential } from './bearerCredential.js';
import { refusalProblem, signInRequired, type CustomerRealm } from './customerAdminRefusals.js';
import type { CustomerSignIn, SignInScope } from './customerSignIn.js';

/**
 * A Global administrator of a customer tenant, verified for this request: by an API client's bearer access token, or
 * by the browser's session, whose forms must also carry its CSRF token. `tenant` is what they act for here.
 */
export type CustomerAdmin<Tenant> = { identity: VerifiedIdentity; tenant: Tenant } & (
  | { via: 'accessToken' }
  | { via: 'session'; csrfToken: string; csrfMatches: (submitted: string | undefined) => Promise<boolean> }
);

/**
 * Who a browser's page is for: the administrator, a signed-in user who may not act here (and why), or nobody signed
 * in. An API client only ever gets as far as its handler as an administrator: anyone else is answered at the edge.
 */
export type CustomerAdminAccess<Tenant> =
  | { kind: 'admin'; admin: CustomerAdmin<Tenant> }
  | { kind: 'refused'; refusal: CustomerAdminRefusal }
  | { kind: 'signedOut' };

export type CustomerAdminEnv<Tenant> = { Variables: { customerAdmin: CustomerAdminAccess<Tenant> } };

export type CustomerAdminOptions<Tenant, E extends CustomerAdminEnv<Tenant>> = {
  realm: CustomerRealm;
  /** Absent while customers do not sign in: a browser is then never signed in. */
  signIn: CustomerSignIn | undefined;
  /** Absent where no provider is configured: an API client is then never authenticated. */
  accessTokens: AccessTokenVerifier | undefined;
  /** An API client, authenticated by its bearer token and answered in JSON, rather than a browser. */
  isApiClient: (c: Context<E>) => boolean;
  /** The browser session this page reads. */
  scope: (c: Context<E>) => SignInScope;
  /** What a verified user acts for here, or why they may not act here at all. */
  authorize: (c: Context<E>, identity: VerifiedIdentity) => Promise<{ tenant: Tenant } | { refusal: CustomerAdminRefusal }>;
};

/**
 * Establishes the customer administrator once, as `c.var.customerAdmin`. An API client without an acceptable access
 * token, or whose user may not act here, is answered with the realm's RFC 6750 challenge or refusal; a browser's
 * visitor is left to its page, which shows a signed-out or refused visitor the way to sign in.
 */
export function customerAdmin<Tenant, E extends CustomerAdminEnv<Tenant>>(options: CustomerAdminOptions<Tenant, E>): MiddlewareHandler<E> {
  const { realm, signIn, accessTokens } = options;
  return async (c, next) => {
    if (options.isApiClient(c)) {
      const credential = bearerCredential(c);
      if (!credential || !accessTokens) return problemResponse(c, signInRequired(realm));
      const identity = await accessTokens(credential).catch((error: unknown) => {
        throw accessTokenRefusal(error, realm);
      });
      const checked = await options.authorize(c, identity);
      if ('refusal' in checked) return problemResponse(c, refusalProblem(realm, checked.refusal));
      c.set('customerAdmin', { kind: 'admin', admin: { identity, tenant: checked.tenant, via: 'accessToken' } });
      return next();
    }
    const scope = options.scope(c);
    const session = signIn && (await signIn.signedIn(c, scope));
    if (!session) {
      c.set('customerAdmin', { kind: 'signedOut' });
      return next();
    }
    // A session is checked again on every request, by the page's own rule: its tenant may have stopped being a customer.
    const checked = await options.authorize(c, session.identity);
    if ('refusal' in checked) {
      c.set('customerAdmin', { kind: 'refused', refusal: checked.refusal });
      return next();
    }
    const csrfMatches = (submitted: string | undefined) => signIn.checkCsrf(c, scope, submitted);
    c.set('customerAdmin', { kind: 'admin', admin: { identity: session.identity, tenant: checked.tenant, via: 'session', csrfToken: session.csrfToken, csrfMatches } });
    return next();
  };
}
