import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { ConfigError } from '../../platform/configError.js';
import { loadTemporalSettings, temporalDefaults } from '../../platform/temporalSettings.js';
import { tempDir } from '../support/tempDirs.js';

const apiKey = 'tmprl-api-key-that-must-never-show';

/** The problems of a bad setting, each line as printed at start-up. */
function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadTemporalSettings(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    assert.doesNotMatch(error.message, new RegExp(apiKey));
    return error.problems;
  }
  assert.fail('the settings were accepted');
}

describe('Temporal connection settings (the SDK\'s environment configuration)', () => {
  let dir: string;
  let configFile: string;
  let certPath: string;
  let keyPath: string;

  before(async () => {
    dir = await tempDir('temporal-settings-');
    certPath = join(dir, 'client.pem');
    keyPath = join(dir, 'client.key');
    await writeFile(certPath, '-----BEGIN CERTIFICATE-----\nnot-a-real-one\n-----END CERTIFICATE-----\n');
    await writeFile(keyPath, '-----BEGIN PRIVATE KEY-----\nnot-a-real-one\n-----END PRIVATE KEY-----\n');
    configFile = join(dir, 'temporal.toml');
    await writeFile(
      configFile,
      [
        '[profile.default]',
        'address = "temporal.internal:7233"',
        'namespace = "relationships"',
        '',
        '[profile.cloud]',
        'address = "relationships.a1b2c.tmprl.cloud:7233"',
        'namespace = "relationships.a1b2c"',
        `api_key = "${apiKey}"`,
        '',
        '[profile.mtls]',
        'address = "relationships.a1b2c.tmprl.cloud:7233"',
        'namespace = "relationships.a1b2c"',
        '[profile.mtls.tls]',
        `client_cert_path = "${certPath}"`,
        `client_key_path = "${keyPath}"`,
        'server_name = "relationships.a1b2c.tmprl.cloud"',
        '',
        '[profile.broken-tls]',
        'address = "relationships.a1b2c.tmprl.cloud:7233"',
        '[profile.broken-tls.tls]',
        `client_cert_path = "${join(dir, 'gone.pem')}"`,
        `client_key_path = "${keyPath}"`,
      ].join('\n'),
    );
  });

  test('with nothing set: the local dev server, namespace "default", plain gRPC', () => {
    const settings = loadTemporalSettings({});
    assert.deepEqual(temporalDefaults, { address: '127.0.0.1:7233', namespace: 'default' });
    assert.equal(settings.connectionOptions.address, '127.0.0.1:7233');
    assert.equal(settings.namespace, 'default');
    assert.equal(settings.connectionOptions.tls, undefined);
    assert.equal(settings.connectionOptions.apiKey, undefined);
  });

  test('TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE alone, as before profiles', () => {
    const settings = loadTemporalSettings({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'staging' });
    assert.equal(settings.connectionOptions.address, 'temporal:7233');
    assert.equal(settings.namespace, 'staging');
  });

  test('the profile file named by TEMPORAL_CONFIG_FILE: "default" unless TEMPORAL_PROFILE names another', () => {
    const byDefault = loadTemporalSettings({ TEMPORAL_CONFIG_FILE: configFile });
    assert.equal(byDefault.connectionOptions.address, 'temporal.internal:7233');
    assert.equal(byDefault.namespace, 'relationships');

    const cloud = loadTemporalSettings({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'cloud' });
    assert.equal(cloud.connectionOptions.address, 'relationships.a1b2c.tmprl.cloud:7233');
    assert.equal(cloud.namespace, 'relationships.a1b2c');
  });

  test('the standard file in the user config folder is read when TEMPORAL_CONFIG_FILE is unset', async () => {
    const home = join(dir, 'home');
    await mkdir(join(home, 'temporalio'), { recursive: true });
    await writeFile(join(home, 'temporalio', 'temporal.toml'), '[profile.default]\naddress = "from-home:7233"\n');
    const settings = loadTemporalSettings({ XDG_CONFIG_HOME: home });
    assert.equal(settings.connectionOptions.address, 'from-home:7233');
    assert.equal(settings.namespace, 'default', 'a profile without a namespace keeps the default');
  });

  test('variables override the profile, field by field', () => {
    const settings = loadTemporalSettings({
      TEMPORAL_CONFIG_FILE: configFile,
      TEMPORAL_PROFILE: 'mtls',
      TEMPORAL_NAMESPACE: 'relationships-eu.a1b2c',
      TEMPORAL_TLS_SERVER_NAME: 'override.example',
      TEMPORAL_GRPC_META_X_TEAM: 'partners',
    });
    assert.equal(settings.connectionOptions.address, 'relationships.a1b2c.tmprl.cloud:7233', 'from the profile');
    assert.equal(settings.namespace, 'relationships-eu.a1b2c', 'from the variable');
    const tls = settings.connectionOptions.tls;
    assert.ok(tls && typeof tls === 'object');
    assert.equal(tls.serverNameOverride, 'override.example');
    assert.match(Buffer.from(tls.clientCertPair!.crt).toString(), /BEGIN CERTIFICATE/);
    assert.match(Buffer.from(tls.clientCertPair!.key).toString(), /BEGIN PRIVATE KEY/);
    assert.deepEqual(settings.connectionOptions.metadata, { 'x-team': 'partners' });
  });

  test('an API key turns TLS on, from a variable or a profile; TEMPORAL_TLS=false turns it off', () => {
    const fromVariable = loadTemporalSettings({ TEMPORAL_API_KEY: apiKey });
    assert.equal(fromVariable.connectionOptions.apiKey, apiKey);
    assert.equal(fromVariable.connectionOptions.tls, true);

    const fromProfile = loadTemporalSettings({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'cloud' });
    assert.equal(fromProfile.connectionOptions.apiKey, apiKey);
    assert.equal(fromProfile.connectionOptions.tls, true);

    assert.equal(loadTemporalSettings({ TEMPORAL_API_KEY: apiKey, TEMPORAL_TLS: 'false' }).connectionOptions.tls, false);
  });

  test('an empty variable counts as unset, as compose passes `${VAR:-}` through', () => {
    const settings = loadTemporalSettings({ TEMPORAL_ADDRESS: '', TEMPORAL_API_KEY: '', TEMPORAL_NAMESPACE: '' });
    assert.equal(settings.connectionOptions.address, '127.0.0.1:7233');
    assert.equal(settings.connectionOptions.tls, undefined);
    assert.equal(settings.namespace, 'default');
  });

  test('a config file without profiles is no error (the Temporal CLI reads it so)', async () => {
    const empty = join(dir, 'empty.toml');
    await writeFile(empty, '# no profiles yet\n');
    assert.equal(loadTemporalSettings({ TEMPORAL_CONFIG_FILE: empty, TEMPORAL_ADDRESS: 'x:7233' }).connectionOptions.address, 'x:7233');
    assert.deepEqual(problemsOf({ TEMPORAL_CONFIG_FILE: empty, TEMPORAL_PROFILE: 'cloud' }), [`TEMPORAL_PROFILE: no profile "cloud" in ${empty}`]);
  });

  test('a missing TLS file is one line naming the variable, or the profile and key it came from', () => {
    assert.deepEqual(
      problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: join(dir, 'missing.pem'), TEMPORAL_TLS_CLIENT_KEY_PATH: keyPath, TEMPORAL_API_KEY: apiKey }),
      ['TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read this file (ENOENT)'],
    );
    assert.deepEqual(problemsOf({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: dir }), ['TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read this file (EISDIR)']);
    assert.deepEqual(problemsOf({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'broken-tls' }), [
      'TEMPORAL_CONFIG_FILE: profile "broken-tls", tls.client_cert_path: cannot read this file (ENOENT)',
    ]);
    // The variable wins over the profile's key, and so does its message.
    assert.equal(loadTemporalSettings({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'broken-tls', TEMPORAL_TLS_CLIENT_CERT_PATH: certPath }).namespace, 'default');
  });

  test('a client certificate without its key is an error, not a silent plain connection', () => {
    assert.deepEqual(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: certPath }), [
      "TEMPORAL_TLS_CLIENT_KEY_PATH: a client certificate has no key; set this variable, TEMPORAL_TLS_CLIENT_KEY_DATA or the profile's tls.client_key_path",
    ]);
  });

  test('a config file that cannot be read, a profile that does not exist, broken TOML: one line each, no secret', async () => {
    assert.deepEqual(problemsOf({ TEMPORAL_CONFIG_FILE: join(dir, 'absent.toml') }), ['TEMPORAL_CONFIG_FILE: cannot read this file (ENOENT)']);
    assert.deepEqual(problemsOf({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'prod' }), [`TEMPORAL_PROFILE: no profile "prod" in ${configFile}`]);
    assert.deepEqual(problemsOf({ XDG_CONFIG_HOME: join(dir, 'nothing-here'), TEMPORAL_PROFILE: 'prod' }), [
      `TEMPORAL_PROFILE: no profile "prod" in ${join(dir, 'nothing-here', 'temporalio', 'temporal.toml')}`,
    ]);

    const broken = join(dir, 'broken.toml');
    await writeFile(broken, `[profile.default]\naddress = "x:7233"\napi_key = "${apiKey}\n`);
    const [problem, ...others] = problemsOf({ TEMPORAL_CONFIG_FILE: broken });
    assert.match(problem!, /^TEMPORAL_CONFIG_FILE: not valid TOML \(line 3, column \d+\)$/);
    assert.deepEqual(others, []);
  });

  test('TEMPORAL_TLS takes true, false, 1 or 0 only; names the SDK does not read are pointed to the ones it does', () => {
    assert.deepEqual(problemsOf({ TEMPORAL_TLS: 'yes' }), ['TEMPORAL_TLS: must be true, false, 1 or 0']);
    assert.deepEqual(problemsOf({ TEMPORAL_TLS_CERT_PATH: certPath, TEMPORAL_TLS_KEY_PATH: keyPath }), [
      'TEMPORAL_TLS_CERT_PATH: not a Temporal setting; the SDK reads TEMPORAL_TLS_CLIENT_CERT_PATH',
      'TEMPORAL_TLS_KEY_PATH: not a Temporal setting; the SDK reads TEMPORAL_TLS_CLIENT_KEY_PATH',
    ]);
  });
});
