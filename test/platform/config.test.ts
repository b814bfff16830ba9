import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accessTokenPolicy, apiSettingsProblems, ConfigError, loadConfig } from '../../platform/config.js';

const secret = 'a'.repeat(40);

const payloadKeys = `k1:${randomBytes(32).toString('base64')}`;

describe('configuration from the environment', () => {
  test('defaults fill everything but the secret', () => {
    const config = loadConfig({ INVITATION_SECRET: secret });
    assert.equal(config.PORT, 3000);
    assert.equal(config.INVITATION_TTL, 30 * 86_400_000);
    assert.deepEqual(config.REMINDER_AFTER, [3, 7, 14, 21].map((d) => d * 86_400_000));
    assert.equal(config.RESEND_API_KEY, undefined);
  });

  test("an OpenID provider needs the API's own audience, never the sign-in client's ID; scope and allowed clients are settings", () => {
    const forApi = (env: NodeJS.ProcessEnv) => loadConfig({ INVITATION_SECRET: secret, CUSTOMER_SIGN_IN: 'off', ...env }, [apiSettingsProblems]);
    const issuer = 'https://login.microsoftonline.com/organizations/v2.0';
    const onlyProblem = (pattern: RegExp) => (error: unknown) =>
      error instanceof ConfigError && error.problems.length === 1 && pattern.test(error.problems[0]!) && !error.message.includes('never-shown');
    assert.throws(() => forApi({ OIDC_ISSUER: issuer, OIDC_CLIENT_SECRET: 'never-shown' }), onlyProblem(/^OIDC_API_AUDIENCE: is required with OIDC_ISSUER/));
    assert.throws(() => forApi({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'app-id' }), onlyProblem(/^OIDC_API_AUDIENCE: is required/), 'the client ID is no fallback');
    assert.throws(
      () => forApi({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'web-id', OIDC_API_AUDIENCE: 'api://api-id,web-id' }),
      onlyProblem(/^OIDC_API_AUDIENCE: must not name OIDC_CLIENT_ID/),
    );
    const config = forApi({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'web-id', OIDC_API_AUDIENCE: ' api-id , api://api-id ' });
    assert.deepEqual(accessTokenPolicy(config), { issuer, audiences: ['api-id', 'api://api-id'], scope: 'Relationships.ReadWrite', allowedClientIds: [] });
    const custom = forApi({ OIDC_ISSUER: issuer, OIDC_API_AUDIENCE: 'api-id', OIDC_API_SCOPE: 'Partners.Manage', OIDC_ALLOWED_CLIENT_IDS: 'cli-id,automation-id' });
    assert.deepEqual(accessTokenPolicy(custom), { issuer, audiences: ['api-id'], scope: 'Partners.Manage', allowedClientIds: ['cli-id', 'automation-id'] });
    assert.throws(() => forApi({ OIDC_ISSUER: issuer, OIDC_API_AUDIENCE: 'api-id', OIDC_API_SCOPE: 'Two Scopes' }), onlyProblem(/^OIDC_API_SCOPE: must be one scope name/));
    assert.equal(accessTokenPolicy(loadConfig({ INVITATION_SECRET: secret })), undefined, 'no provider, no tokens');
    assert.throws(() => loadConfig({ INVITATION_SECRET: secret, OIDC_ISSUER: 'login.microsoftonline.com' }), /OIDC_ISSUER: must be an http\(s\) URL/);
  });

  test('customers sign in by default: the API needs the provider, and link-only mode is refused in production', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig({ INVITATION_SECRET: secret, ...env }, [apiSettingsProblems]);
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems.map((line) => line.split(':')[0]);
      }
    };
    assert.deepEqual(problems({}), ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET']);
    assert.deepEqual(problems({ CUSTOMER_SIGN_IN: 'off' }), []);
    const production = { NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://relationships.example', PAYLOAD_CODEC_KEYS: payloadKeys };
    assert.deepEqual(problems({ CUSTOMER_SIGN_IN: 'off', ...production, MCA_VERSION: '2024-01' }), ['CUSTOMER_SIGN_IN']);
    const provider = { OIDC_ISSUER: 'https://login.microsoftonline.com/organizations/v2.0', OIDC_CLIENT_ID: 'app', OIDC_CLIENT_SECRET: 'never-shown' };
    assert.deepEqual(problems(provider), ['OIDC_API_AUDIENCE']);
    Object.assign(provider, { OIDC_API_AUDIENCE: 'api://reseller-relationships' });
    assert.deepEqual(problems({ ...provider, ...production }), ['MCA_VERSION']);
    assert.deepEqual(problems({ ...provider, ...production, MCA_VERSION: '2024-01' }), []);
    assert.equal(loadConfig({ INVITATION_SECRET: secret }).CUSTOMER_SIGN_IN, 'oidc', 'the worker needs none of it');
  });

  test('quotas and rate limits: defaults, and one clear line per bad limit', () => {
    const config = loadConfig({ INVITATION_SECRET: secret });
    assert.deepEqual(
      [config.RESENDS_PER_REQUEST_PER_DAY, config.WEBHOOK_ENDPOINTS_PER_PARTNER, config.REQUESTS_PER_PARTNER_PER_HOUR, config.EMAILS_PER_PARTNER_PER_HOUR],
      [5, 10, 2_000, 4_000],
    );
    assert.deepEqual([config.INVITATION_RATE_LIMIT, config.AUTH_FAILURE_RATE_LIMIT], [30, 20]);
    assert.equal(loadConfig({ INVITATION_SECRET: secret, RESENDS_PER_REQUEST_PER_DAY: '2' }).RESENDS_PER_REQUEST_PER_DAY, 2);
    assert.throws(
      () => loadConfig({ INVITATION_SECRET: secret, RESENDS_PER_REQUEST_PER_DAY: '0', WEBHOOK_ENDPOINTS_PER_PARTNER: 'ten', EMAILS_PER_PARTNER_PER_HOUR: '1.5' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.length === 3 &&
        error.problems.includes('RESENDS_PER_REQUEST_PER_DAY: must be at least 1: the most times one invitation is sent again in 24 hours') &&
        error.problems.includes('WEBHOOK_ENDPOINTS_PER_PARTNER: must be a whole number: the most webhook endpoints a partner has at once') &&
        error.problems.some((line) => line.startsWith('EMAILS_PER_PARTNER_PER_HOUR: must be a whole number')),
    );
  });

  test('each bad variable gets one line naming it, and no value is echoed', () => {
    try {
      loadConfig({
        INVITATION_SECRET: 'short-secret-value',
        PORT: 'eighty',
        INVITATION_TTL: '120d',
        REMINDER_AFTER: '3d,soon',
        MONGODB_URI: 'postgres://x',
        TRUSTED_PROXIES: '127.0.0.1, haproxy',
        TEMPORAL_API_KEY: 'tmprl-api-key-never-shown',
        TEMPORAL_TLS_CLIENT_CERT_PATH: '/nowhere/cert.pem',
      });
      assert.fail('should have thrown');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      const names = error.problems.map((line) => line.split(':')[0]).sort();
      assert.deepEqual(names, [
        'INVITATION_SECRET',
        'INVITATION_TTL',
        'MONGODB_URI',
        'PORT',
        'REMINDER_AFTER',
        'TEMPORAL_TLS_CLIENT_CERT_PATH',
        'TEMPORAL_TLS_CLIENT_KEY_PATH',
        'TRUSTED_PROXIES',
      ]);
      assert.equal(error.problems.length, error.message.split('\n').length - 1, 'one line per problem');
      assert.doesNotMatch(error.message, /short-secret-value|tmprl-api-key-never-shown/);
      assert.match(error.message, /INVITATION_TTL: must be at most 90d/);
    }
  });

  test('a workflow bundle path must name a file, and says how to build one', () => {
    assert.throws(
      () => loadConfig({ INVITATION_SECRET: secret, WORKFLOW_BUNDLE_PATH: '/nowhere/workflow-bundle.js' }),
      /WORKFLOW_BUNDLE_PATH: no file at this path; build one with `npm run bundle-workflows -- <path>`/,
    );
    const here = new URL(import.meta.url).pathname;
    assert.equal(loadConfig({ INVITATION_SECRET: secret, WORKFLOW_BUNDLE_PATH: here }).WORKFLOW_BUNDLE_PATH, here);
    assert.equal(loadConfig({ INVITATION_SECRET: secret, WORKFLOW_BUNDLE_PATH: '' }).WORKFLOW_BUNDLE_PATH, undefined);
  });

  test('INVITATION_SECRET_PREVIOUS, for a rotation: as long as the secret, and not the same', () => {
    const problemsOf = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig({ INVITATION_SECRET: secret, ...env });
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        assert.doesNotMatch(error.message, /short-previous-value|a{40}/, 'no value is echoed');
        return error.problems;
      }
    };
    assert.deepEqual(problemsOf({ INVITATION_SECRET_PREVIOUS: 'b'.repeat(40) }), []);
    assert.equal(loadConfig({ INVITATION_SECRET: secret, INVITATION_SECRET_PREVIOUS: '' }).INVITATION_SECRET_PREVIOUS, undefined, 'empty is unset');
    assert.match(problemsOf({ INVITATION_SECRET_PREVIOUS: 'short-previous-value' }).join('\n'), /^INVITATION_SECRET_PREVIOUS: must be at least 32 characters/);
    assert.match(problemsOf({ INVITATION_SECRET_PREVIOUS: secret }).join('\n'), /^INVITATION_SECRET_PREVIOUS: must differ from INVITATION_SECRET/);
  });

  test('production is served over https: PUBLIC_BASE_URL must be an https URL, for the API and the worker alike', () => {
    const production = { INVITATION_SECRET: secret, NODE_ENV: 'production', PAYLOAD_CODEC_KEYS: payloadKeys };
    for (const url of [undefined, 'http://relationships.example', 'http://localhost:3000']) {
      assert.throws(
        () => loadConfig({ ...production, ...(url && { PUBLIC_BASE_URL: url }) }),
        (error: unknown) => error instanceof ConfigError && error.problems.length === 1 && /^PUBLIC_BASE_URL: must be an https URL when NODE_ENV=production/.test(error.problems[0]!),
        String(url),
      );
    }
    assert.equal(loadConfig({ ...production, PUBLIC_BASE_URL: 'https://relationships.example' }).NODE_ENV, 'production');
    for (const mode of ['development', 'test']) assert.doesNotThrow(() => loadConfig({ INVITATION_SECRET: secret, NODE_ENV: mode, PUBLIC_BASE_URL: 'http://127.0.0.1:3000' }), mode);
  });

  test('a missing secret says it is required', () => {
    assert.throws(() => loadConfig({}), /INVITATION_SECRET: is required/);
  });

  test('durations use the SDK syntax', () => {
    const config = loadConfig({ INVITATION_SECRET: secret, INVITATION_TTL: '45s', REMINDER_AFTER: '10s, 20s' });
    assert.equal(config.INVITATION_TTL, 45_000);
    assert.deepEqual(config.REMINDER_AFTER, [10_000, 20_000]);
  });
});
