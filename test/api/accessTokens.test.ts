import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAccessTokenVerifier, InsufficientScopeError, InvalidAccessTokenError, looksLikeJwt } from '../../api/identity/accessTokens.js';
import { globalAdministratorRoleId, isGlobalAdministrator } from '../../domain/identity.js';
import { startTokenIssuer, type TokenIssuer } from '../support/tokenIssuer.js';

const audience = 'api://reseller-relationships';
const scope = 'Relationships.ReadWrite';
const claims = { tid: 'contoso', oid: 'user-1', name: 'Ada Admin', preferred_username: 'ada@contoso.example', wids: [globalAdministratorRoleId], scp: scope, azp: 'cli' };
/** A client-credentials token, shaped as Entra's v2 ones: no `scp`, `idtyp: app`, the application's roles. */
const application = { tid: 'contoso', oid: 'sp-1', sub: 'sp-1', idtyp: 'app', azp: 'automation', roles: ['AdminAgent'] };

describe('access tokens of a single-issuer provider', () => {
  let issuer: TokenIssuer;
  let verify: ReturnType<typeof createAccessTokenVerifier>;
  before(async () => {
    issuer = await startTokenIssuer();
    verify = createAccessTokenVerifier({ issuer: issuer.issuerUrl, audiences: [audience], scope, clockToleranceSeconds: 0 });
  });
  after(() => issuer.close());

  const refused = async (token: Promise<string>, reason: RegExp, check = verify) => {
    await assert.rejects(check(await token), (error: unknown) => error instanceof InvalidAccessTokenError && reason.test(error.message));
  };
  const lacking = async (token: Promise<string>, reason: RegExp) => {
    await assert.rejects(verify(await token), (error: unknown) => error instanceof InsufficientScopeError && error.scope === scope && reason.test(error.message));
  };

  test("a user's token with the API's scope gives the user, the tenant and the roles", async () => {
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
    const amongOthers = await verify(await issuer.sign({ ...claims, scp: `User.Read ${scope} offline_access` }, { audience }));
    assert.equal(amongOthers.objectId, 'user-1', 'scp is space-separated');
  });
  test('a token signed with another key is refused', () => refused(issuer.sign(claims, { audience, key: issuer.forgedKey }), /not valid/));
  test('an expired token is refused', () => refused(issuer.sign(claims, { audience, expiresIn: Math.floor(Date.now() / 1000) - 10 }), /expired/));
  test('a token for another audience is refused', () => refused(issuer.sign(claims, { audience: 'api://someone-else' }), /another audience/));
  test('a token from another issuer is refused', () => refused(issuer.sign(claims, { audience, issuer: 'https://evil.example/' }), /iss|issuer/));
  test('a token without a tenant or an object ID is refused', () => refused(issuer.sign({ oid: 'user-1', scp: scope }, { audience }), /tid|not valid/));
  test('an unsigned token is refused', async () => {
    const [, payload] = (await issuer.sign(claims, { audience })).split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await assert.rejects(verify(unsigned), InvalidAccessTokenError);
  });

  test('an ID token is refused even when its audience is the API: a nonce or token hashes, or neither scp nor idtyp', async () => {
    const { scp: _scp, azp: _azp, ...idTokenClaims } = claims;
    await refused(issuer.sign({ ...idTokenClaims, nonce: 'n-0S6_WzA2Mj', roles: ['AdminAgent'] }, { audience }), /ID token/);
    await refused(issuer.sign({ ...idTokenClaims, at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q' }, { audience }), /ID token/);
    await refused(issuer.sign({ ...claims, c_hash: 'LDktKdoQak3Pk0cnXxCltA' }, { audience }), /ID token/);
    await refused(issuer.sign({ ...idTokenClaims, roles: ['AdminAgent'] }, { audience }), /neither a user's delegated scopes/);
  });

  test("a user's access token without the API's scope is valid but insufficient", async () => {
    await lacking(issuer.sign({ ...claims, scp: 'User.Read Relationships.Read' }, { audience }), /Relationships\.ReadWrite/);
    const { scp: _scp, ...withoutScp } = claims;
    await lacking(issuer.sign({ ...withoutScp, idtyp: 'user' }, { audience }), /delegated scope/);
  });

  test("an application's token needs an app role instead of a scope", async () => {
    const identity = await verify(await issuer.sign(application, { audience }));
    assert.deepEqual([identity.tenantId, identity.objectId, identity.appRoles], ['contoso', 'sp-1', ['AdminAgent']]);
    await lacking(issuer.sign({ ...application, roles: [] }, { audience }), /no app role/);
    const { roles: _roles, ...roleless } = application;
    await lacking(issuer.sign(roleless, { audience }), /no app role/);
  });

  test('the API accepts any of its audiences: the client ID of v2 tokens and the Application ID URI of v1 tokens', async () => {
    const both = createAccessTokenVerifier({ issuer: issuer.issuerUrl, audiences: ['11111111-2222-3333-4444-555555555555', audience], scope });
    assert.equal((await both(await issuer.sign(claims, { audience: '11111111-2222-3333-4444-555555555555' }))).objectId, 'user-1');
    assert.equal((await both(await issuer.sign(claims, { audience }))).objectId, 'user-1');
  });

  test('with an allow-list, only tokens obtained by the listed clients pass: azp in v2 tokens, appid in v1', async () => {
    const allowListed = createAccessTokenVerifier({ issuer: issuer.issuerUrl, audiences: [audience], scope, allowedClientIds: ['cli', 'automation'] });
    assert.equal((await allowListed(await issuer.sign(claims, { audience }))).objectId, 'user-1');
    assert.equal((await allowListed(await issuer.sign(application, { audience }))).objectId, 'sp-1');
    const { azp: _azp, ...v1 } = claims;
    assert.equal((await allowListed(await issuer.sign({ ...v1, appid: 'cli', ver: '1.0' }, { audience }))).objectId, 'user-1');
    await refused(issuer.sign({ ...claims, azp: 'someone-elses-app' }, { audience }), /client that this API does not accept/, allowListed);
    await refused(issuer.sign({ ...application, azp: 'someone-elses-app' }, { audience }), /client that this API does not accept/, allowListed);
    await refused(issuer.sign(v1, { audience }), /client that this API does not accept/, allowListed);
    assert.equal((await verify(await issuer.sign({ ...claims, azp: 'someone-elses-app' }, { audience }))).objectId, 'user-1', 'no allow-list: any client');
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
    verify = createAccessTokenVerifier({ issuer: issuer.issuerUrl, audiences: [audience], scope });
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
