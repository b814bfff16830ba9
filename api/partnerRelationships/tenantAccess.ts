import type { Context } from 'hono';
import { isGlobalAdministrator, type VerifiedIdentity } from '../../domain/identity.js';
import type { CustomerDocument } from '../../platform/documents.js';
import type { ApiDeps, CustomerSignIn } from '../deps.js';
import { accessTokenRefusal } from '../identity/accessTokenRefusals.js';
import { problemResponse } from '../problem.js';

/** A Global administrator of a customer tenant, signed in or bearing an access token, and the tenant's customer. */
export type Tenant = { tenantId: string; identity: VerifiedIdentity; customer: CustomerDocument };

export type TenantRefusal = 'other-organization' | 'not-global-administrator';

const refusalDetail: Record<TenantRefusal, string> = {
  'other-organization': 'The token is from a tenant that is not a customer here',
  'not-global-administrator': "Only a Global administrator of the customer tenant may see or change its partner relationships",
};

/** The customer's sign-in for its tenant, while it is on. */
export const tenantSignIn = (deps: ApiDeps): CustomerSignIn | undefined =>
  deps.config.CUSTOMER_SIGN_IN === 'oidc' ? deps.customerSignIn : undefined;

/** An API client (a bearer token or a JSON body or a JSON-only GET), as opposed to a browser. */
export const wantsJson = (c: Context) =>
  c.req.header('authorization') !== undefined ||
  (c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json') ||
  (c.req.method === 'GET' && /application\/json/i.test(c.req.header('accept') ?? '') && !/text\/html/i.test(c.req.header('accept') ?? ''));

async function refusalOf(deps: ApiDeps, identity: VerifiedIdentity): Promise<{ refusal: TenantRefusal } | { customer: CustomerDocument }> {
  const customer = await deps.database.collections.customers.findOne({ _id: identity.tenantId });
  if (!customer) return { refusal: 'other-organization' };
  if (!isGlobalAdministrator(identity)) return { refusal: 'not-global-administrator' };
  return { customer };
}

/** An API client's Global administrator, from its bearer access token; anyone else is answered here. */
export async function bearerTenant(deps: ApiDeps, c: Context): Promise<Tenant | Response> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (!bearer || !deps.accessTokens) {
    return problemResponse(c, {
      status: 401,
      slug: 'sign-in-required',
      detail: 'Send the access token of a Global administrator of the customer tenant as `Authorization: Bearer <token>`',
      headers: { 'www-authenticate': 'Bearer realm="partner-relationships"' },
    });
  }
  const identity = await deps.accessTokens(bearer).catch((error: unknown) => {
    throw accessTokenRefusal(error, 'partner-relationships');
  });
  const checked = await refusalOf(deps, identity);
  if ('refusal' in checked) return problemResponse(c, { status: 403, slug: checked.refusal, detail: refusalDetail[checked.refusal] });
  return { tenantId: identity.tenantId, identity, customer: checked.customer };
}

/**
 * The browser's tenant session, checked again against the tenant (it may have stopped being a customer): the tenant,
 * or why the signed-in user may not act here, or undefined when nobody is signed in.
 */
export async function sessionTenant(deps: ApiDeps, c: Context): Promise<Tenant | { refusal: TenantRefusal } | undefined> {
  const signIn = tenantSignIn(deps);
  const session = signIn && (await signIn.signedInTenant(c));
  if (!session) return undefined;
  const checked = await refusalOf(deps, session.identity);
  if ('refusal' in checked) return checked;
  return checked.customer._id === session.tenantId ? { ...session, customer: checked.customer } : { refusal: 'other-organization' };
}
