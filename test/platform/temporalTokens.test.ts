import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { ConfigError, loadConfig, temporalAuthSettings } from '../../platform/config.js';
import { refreshDelayMs, startTemporalTokens } from '../../platform/temporalTokens.js';
import { startIdentityProvider, type IdentityProvider } from '../../scripts/identityProvider/index.js';

describe("the services' tokens for the Temporal server", () => {
  let provider: IdentityProvider;
  const worker = { clientId: 'temporal-worker', clientSecret: 'worker-secret-of-this-test', tenantId: 'reseller-operations', roles: ['default:write'] };

  before(async () => {
    provider = await startIdentityProvider({
      seed: { partners: [], customers: [] },
      clients: { web: { clientId: 'web', clientSecret: 'web-secret', redirectUris: ['http://127.0.0.1/auth/callback'] }, applications: [worker] },
      log: () => {},
    });
  });
  after(() => provider?.stop());

  test('client credentials give a JWT for the Temporal audience, naming the service and carrying its roles', async () => {
    const tokens = await startTemporalTokens(
      { issuer: provider.issuer, clientId: worker.clientId, clientSecret: worker.clientSecret, audience: provider.temporalAudience },
      () => assert.fail('no refresh in this test'),
    );
    try {
      const claims = decodeJwt(tokens.current());
      assert.equal(claims.aud, provider.temporalAudience);
      assert.equal(claims.sub, worker.clientId);
      assert.deepEqual(claims.roles, ['default:write']);
      assert.ok((claims.exp ?? 0) * 1000 > Date.now() + 30 * 60_000, 'good for the better part of an hour');
    } finally {
      tokens.stop();
    }
  });

  test('a wrong secret stops the start with the provider’s refusal', async () => {
    await assert.rejects(
      startTemporalTokens({ issuer: provider.issuer, clientId: worker.clientId, clientSecret: 'not-the-secret', audience: provider.temporalAudience }, () => {}),
      /invalid_client|client authentication failed/i,
    );
  });

  test('the next token is fetched at three quarters of the current one’s life, never sooner than 5 s', () => {
    assert.equal(refreshDelayMs(3_600), 2_700_000);
    assert.equal(refreshDelayMs(4), 5_000);
  });

  test('the settings come together or not at all, and not with an API key', () => {
    const base = { INVITATION_SECRET: 'x'.repeat(40) };
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig({ ...base, ...env });
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems.map((line) => line.split(':')[0]);
      }
    };
    assert.deepEqual(problems({ TEMPORAL_AUTH_CLIENT_ID: 'temporal-api' }), ['TEMPORAL_AUTH_ISSUER', 'TEMPORAL_AUTH_CLIENT_SECRET', 'TEMPORAL_AUTH_AUDIENCE']);
    const complete = { TEMPORAL_AUTH_ISSUER: 'https://login.example/v2.0', TEMPORAL_AUTH_CLIENT_ID: 'temporal-api', TEMPORAL_AUTH_CLIENT_SECRET: 's', TEMPORAL_AUTH_SCOPE: 'api://temporal/.default' };
    assert.deepEqual(problems(complete), []);
    assert.deepEqual(temporalAuthSettings(loadConfig({ ...base, ...complete })), {
      issuer: 'https://login.example/v2.0',
      clientId: 'temporal-api',
      clientSecret: 's',
      audience: undefined,
      scope: 'api://temporal/.default',
    });
    assert.deepEqual(problems({ ...complete, TEMPORAL_API_KEY: 'key' }), ['TEMPORAL_API_KEY']);
  });
});
