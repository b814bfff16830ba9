import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hono } from 'hono';
import { customerAdmin, type CustomerAdminEnv } from '../../api/identity/customerAdmin.js';
import { refusalOf } from '../../api/identity/customerAdministrators.js';
import { InsufficientScopeError, InvalidAccessTokenError } from '../../api/identity/accessTokens.js';
import type { CustomerSignIn, SignInScope } from '../../api/identity/customerSignIn.js';
import { sentJson } from '../../api/negotiation.js';
import { problemResponse, toProblem } from '../../api/problem.js';
import { globalAdministratorRoleId, type VerifiedIdentity } from '../../domain/identity.js';

const person = (tenantId: string, globalAdministrator: boolean): VerifiedIdentity => ({
  tenantId,
  objectId: `user-of-${tenantId}`,
  name: 'Olena',
  username: 'olena@kyiv.example',
  appRoles: [],
  directoryRoles: globalAdministrator ? [globalAdministratorRoleId] : [],
});
const kyivAdmin = person('kyiv-bakery-ua', true);

/** The middleware on one route, as the invitation uses it: the invited tenant is kyiv-bakery-ua. */
function appWith(options: { session?: VerifiedIdentity; tokens?: Record<string, VerifiedIdentity | Error> }) {
  const scopes: SignInScope[] = [];
  const unused = () => {
    throw new Error('not used here');
  };
  const signIn: CustomerSignIn = {
    start: unused,
    callback: unused,
    signedIn: async (_c, scope) => {
      scopes.push(scope);
      return options.session && { identity: options.session, csrfToken: 'the-csrf-token' };
    },
    checkCsrf: async (_c, _scope, submitted) => submitted === 'the-csrf-token',
    signOut: () => undefined,
  };
  const app = new Hono<CustomerAdminEnv<string>>();
  app.onError((error, c) => {
    const problem = toProblem(error);
    if (!problem) throw error;
    return problemResponse(c, problem);
  });
  app.post(
    '/decide',
    customerAdmin<string, CustomerAdminEnv<string>>({
      realm: 'invitations',
      signIn,
      accessTokens: async (token) => {
        const found = options.tokens?.[token];
        if (found instanceof Error) throw found;
        if (!found) throw new InvalidAccessTokenError('The token is not valid');
        return found;
      },
      isApiClient: sentJson,
      scope: () => ({ page: 'invitation', requestId: 'request-1' }),
      authorize: async (_c, identity) => {
        const refusal = refusalOf(identity, 'kyiv-bakery-ua');
        return refusal ? { refusal } : { tenant: 'kyiv-bakery-ua' };
      },
    }),
    async (c) => {
      const visitor = c.var.customerAdmin;
      if (visitor.kind !== 'admin') return c.json(visitor);
      const { admin } = visitor;
      return c.json({
        kind: 'admin',
        via: admin.via,
        tenant: admin.tenant,
        objectId: admin.identity.objectId,
        ...(admin.via === 'session' && { csrfToken: admin.csrfToken, csrfMatches: [await admin.csrfMatches('the-csrf-token'), await admin.csrfMatches('forged'), await admin.csrfMatches(undefined)] }),
      });
    },
  );
  return { app, scopes };
}

const json = (authorization?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
  body: '{}',
});
const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrfToken=x' };

describe('the customer administrator, established once at the edge', () => {
  test('an API client without an access token is challenged in its realm, even with a session in the browser', async () => {
    const { app, scopes } = appWith({ session: kyivAdmin });
    for (const authorization of [undefined, 'Basic a2V5', 'Bearer', `Bearer ${'x'.repeat(4097)}`, 'Bearer two words']) {
      const response = await app.request('/decide', json(authorization));
      assert.equal(response.status, 401, String(authorization));
      assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="invitations"');
      const problem = (await response.json()) as { type: string; detail: string };
      assert.equal(problem.type, '/problems/sign-in-required');
      assert.equal(problem.detail, 'Send the access token of a Global administrator of the invited tenant as `Authorization: Bearer <token>`');
    }
    assert.deepEqual(scopes, [], 'an API client is never identified by a cookie');
  });

  test("an API client's refused token is answered by RFC 6750, and a user who may not act here is told why", async () => {
    const { app } = appWith({
      tokens: {
        stranger: person('another-tenant', true),
        ordinary: person('kyiv-bakery-ua', false),
        narrow: new InsufficientScopeError('The token lacks the scope', 'Customer.Decide'),
      },
    });
    const invalid = await app.request('/decide', json('Bearer forged'));
    assert.equal(invalid.status, 401);
    assert.equal(invalid.headers.get('www-authenticate'), 'Bearer realm="invitations", error="invalid_token"');
    const narrow = await app.request('/decide', json('Bearer narrow'));
    assert.equal(narrow.status, 403);
    assert.equal(narrow.headers.get('www-authenticate'), 'Bearer realm="invitations", error="insufficient_scope", scope="Customer.Decide"');
    for (const [token, slug, detail] of [
      ['stranger', 'other-organization', 'The token is from another organization than the invited customer tenant'],
      ['ordinary', 'not-global-administrator', 'Only a Global administrator of the invited customer tenant may decide'],
    ] as const) {
      const response = await app.request('/decide', json(`Bearer ${token}`));
      assert.equal(response.status, 403, token);
      assert.deepEqual(await response.json(), { type: `/problems/${slug}`, title: 'Forbidden', status: 403, detail });
    }
  });

  test('an API client with the access token of the tenant\'s Global administrator reaches its handler, without any CSRF token', async () => {
    const { app } = appWith({ tokens: { good: kyivAdmin } });
    const response = await app.request('/decide', json('bearer good'));
    assert.deepEqual(await response.json(), { kind: 'admin', via: 'accessToken', tenant: 'kyiv-bakery-ua', objectId: kyivAdmin.objectId });
  });

  test("a browser's visitor is left to its page: signed out, refused with the reason, or the administrator with the session's CSRF token", async () => {
    const signedOut = appWith({});
    assert.deepEqual(await (await signedOut.app.request('/decide', form)).json(), { kind: 'signedOut' });
    assert.deepEqual(signedOut.scopes, [{ page: 'invitation', requestId: 'request-1' }]);

    const ordinary = appWith({ session: person('kyiv-bakery-ua', false) });
    assert.deepEqual(await (await ordinary.app.request('/decide', form)).json(), { kind: 'refused', refusal: 'not-global-administrator' });
    const stranger = appWith({ session: person('another-tenant', true) });
    assert.deepEqual(await (await stranger.app.request('/decide', form)).json(), { kind: 'refused', refusal: 'other-organization' });

    const admin = appWith({ session: kyivAdmin, tokens: { good: kyivAdmin } });
    const withBearer = { ...form, headers: { ...form.headers, authorization: 'Bearer good' } };
    assert.deepEqual(await (await admin.app.request('/decide', withBearer)).json(), {
      kind: 'admin',
      via: 'session',
      tenant: 'kyiv-bakery-ua',
      objectId: kyivAdmin.objectId,
      csrfToken: 'the-csrf-token',
      csrfMatches: [true, false, false],
    });
  });
});
