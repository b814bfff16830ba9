import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAccessTokenVerifier, InvalidAccessTokenError, looksLikeJwt } from '../../api/identity/accessTokens.js';
import { globalAdministratorRoleId, isGlobalAdministrator } from '../../domain/identity.js';
import { startTokenIssuer, type TokenIssuer } from '../support/tokenIssuer.js';

const audience = 'api://reseller-relationships';
const claims = { tid: 'contoso', oid: 'user-1', name: 'Ada Admin', preferred_username: 'ada@contoso.example', wids: [globalAdministratorRoleId] };

describe('access tokens of a single-issuer provider', () => {
  let issuer: TokenIssuer;
  let verify: ReturnType<typeof createAccessTokenVerifier>;
  before(async () => {
    issuer = await startTokenIssuer();
    verify = createAccessTokenVerifier({ issuer: issuer.issuerUrl, audience, clockToleranceSeconds: 0 });
  });
  after(() => issuer.close());

  const refused = async (token: Promise<string>, reason: RegExp) => {
    await assert.rejects(verify(await token), (error: unknown) => error instanceof InvalidAccessTokenError && reason.test(error.message));
  };

  test('a valid token gives the user, the tenant and the roles', async () => {
    const identity = await verify(await issuer.sign({ ...claims, roles: ['AdminAgent'] }, { audience }));
    assert.deepEqual(identity, {
      tenantId: 'contoso',
      objectId: 'user-1',
      name: 'Ada Admin',
      username: 'ada@contoso.example',
      appRoles: ['AdminAgent'],
      directoryRoles: [globalAdministratorRoleId],
    });
    assert.equal(isGlobalAdministrator(identity), true);
  });
  test('a token signed with another key is refused', () => refused(issuer.sign(claims, { audience, key: issuer.forgedKey }), /not valid/));
  test('an expired token is refused', () => refused(issuer.sign(claims, { audience, expiresIn: Math.floor(Date.now() / 1000) - 10 }), /expired/));
  test('a token for another audience is refused', () => refused(issuer.sign(claims, { audience: 'api://someone-else' }), /aud/));
  test('a token from another issuer is refused', () => refused(issuer.sign(claims, { audience, issuer: 'https://evil.example/' }), /iss|issuer/));
  test('a token without a tenant or an object ID is refused', () => refused(issuer.sign({ oid: 'user-1' }, { audience }), /tid|not valid/));
  test('an unsigned token is refused', async () => {
    const [, payload] = (await issuer.sign(claims, { audience })).split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await assert.rejects(verify(unsigned), InvalidAccessTokenError);
  });
  test('API keys and tokens are told apart by shape', async () => {
    assert.equal(looksLikeJwt(await issuer.sign(claims, { audience })), true);
    assert.equal(looksLikeJwt('demo-tr-admin-agent-key-0001'), false);
  });
});

describe("access tokens of Entra ID's multi-tenant endpoint", () => {
  let issuer: TokenIssuer;
  let verify: ReturnType<typeof createAccessTokenVerifier>;
  before(async () => {
    issuer = await startTokenIssuer({ issuerPath: '/{tenantid}/v2.0' });
    verify = createAccessTokenVerifier({ issuer: issuer.issuerUrl, audience });
  });
  after(() => issuer.close());

  test("the issuer is checked per tenant: the template filled with the token's own tid", async () => {
    assert.match(issuer.issuerUrl, /\/organizations\/v2\.0$/);
    const identity = await verify(await issuer.sign(claims, { audience }));
    assert.equal(identity.tenantId, 'contoso');
  });
  test("a token whose issuer names another tenant than its tid is refused", async () => {
    const token = await issuer.sign(claims, { audience, issuer: issuer.issuerFor('fabrikam') });
    await assert.rejects(verify(token), (error: unknown) => error instanceof InvalidAccessTokenError && /issuer/.test(error.message));
  });
});
