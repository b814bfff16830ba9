import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiSettingsProblems, ConfigError, loadConfig } from '../../platform/config.js';

const secret = 'a'.repeat(40);

describe('configuration from the environment', () => {
  test('defaults fill everything but the secret', () => {
    const config = loadConfig({ INVITATION_SECRET: secret });
    assert.equal(config.PORT, 3000);
    assert.equal(config.INVITATION_TTL, 30 * 86_400_000);
    assert.deepEqual(config.REMINDER_AFTER, [3, 7, 14, 21].map((d) => d * 86_400_000));
    assert.equal(config.RESEND_API_KEY, undefined);
  });

  test('an OpenID provider needs the audience of access tokens; the client ID serves as one', () => {
    const forApi = (env: NodeJS.ProcessEnv) => loadConfig({ INVITATION_SECRET: secret, CUSTOMER_SIGN_IN: 'off', ...env }, [apiSettingsProblems]);
    assert.throws(
      () => forApi({ OIDC_ISSUER: 'https://login.microsoftonline.com/organizations/v2.0', OIDC_CLIENT_SECRET: 'never-shown' }),
      (error: unknown) =>
        error instanceof ConfigError && error.problems.length === 1 && /^OIDC_API_AUDIENCE: /.test(error.problems[0]!) && !error.message.includes('never-shown'),
    );
    const config = forApi({ OIDC_ISSUER: 'https://login.microsoftonline.com/organizations/v2.0', OIDC_CLIENT_ID: 'app-id' });
    assert.equal(config.OIDC_CLIENT_ID, 'app-id');
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
    assert.deepEqual(problems({ CUSTOMER_SIGN_IN: 'off', NODE_ENV: 'production', MCA_VERSION: '2024-01' }), ['CUSTOMER_SIGN_IN']);
    const provider = { OIDC_ISSUER: 'https://login.microsoftonline.com/organizations/v2.0', OIDC_CLIENT_ID: 'app', OIDC_CLIENT_SECRET: 'never-shown' };
    assert.deepEqual(problems({ ...provider, NODE_ENV: 'production' }), ['MCA_VERSION']);
    assert.deepEqual(problems({ ...provider, NODE_ENV: 'production', MCA_VERSION: '2024-01' }), []);
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

  test('a missing secret says it is required', () => {
    assert.throws(() => loadConfig({}), /INVITATION_SECRET: is required/);
  });

  test('durations use the SDK syntax', () => {
    const config = loadConfig({ INVITATION_SECRET: secret, INVITATION_TTL: '45s', REMINDER_AFTER: '10s, 20s' });
    assert.equal(config.INVITATION_TTL, 45_000);
    assert.deepEqual(config.REMINDER_AFTER, [10_000, 20_000]);
  });
});
