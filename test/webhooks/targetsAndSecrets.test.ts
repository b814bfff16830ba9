import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { postWebhook } from '../../activities/webhookHttp.js';
import { ConfigError, loadConfig, webhookSettingsProblems } from '../../platform/config.js';
import { createSecretBox, newSigningSecret, webhookSecretKey } from '../../platform/webhookSecrets.js';
import { checkTargetUrl, nonPublicKind, refusal } from '../../platform/webhookTargets.js';
import { startWebhookReceiver } from '../support/webhookReceiver.js';

const strict = { allowLoopback: false };
const loopbackAllowed = { allowLoopback: true };

describe('webhook receivers: which addresses may be called', () => {
  test('private, loopback, link-local, unique-local, CGNAT, multicast, unspecified and reserved addresses are refused', () => {
    const refused: Record<string, string> = {
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '172.31.255.255': 'private',
      '192.168.1.1': 'private',
      '127.0.0.1': 'loopback',
      '127.255.0.9': 'loopback',
      '169.254.169.254': 'link-local',
      '100.64.0.1': 'shared (CGNAT)',
      '100.127.255.254': 'shared (CGNAT)',
      '0.0.0.0': 'unspecified',
      '224.0.0.1': 'multicast',
      '255.255.255.255': 'reserved',
      '198.18.0.1': 'benchmarking',
      '::': 'unspecified',
      '::1': 'loopback',
      'fe80::1': 'link-local',
      'fd00::1': 'unique-local',
      'fc12:3456::1': 'unique-local',
      'ff02::1': 'multicast',
      '::ffff:127.0.0.1': 'loopback',
      '::ffff:7f00:1': 'loopback',
      '::ffff:10.0.0.1': 'private',
      '::ffff:a9fe:a9fe': 'link-local',
      '64:ff9b::a00:1': 'not global unicast',
      '2001:db8::1': 'documentation',
      '2002:a00:1::1': '6to4',
    };
    for (const [address, kind] of Object.entries(refused)) {
      assert.equal(nonPublicKind(address), kind, address);
      assert.ok(refusal(address, strict), `${address} is refused`);
    }
  });

  test('public addresses, IPv4 and IPv6 (mapped too), may be called', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001:82a::200e', '::ffff:8.8.8.8']) {
      assert.equal(nonPublicKind(address), undefined, address);
    }
  });

  test('the development setting allows loopback only, never other private ranges', () => {
    assert.equal(refusal('127.0.0.1', loopbackAllowed), undefined);
    assert.equal(refusal('::1', loopbackAllowed), undefined);
    assert.ok(refusal('10.0.0.1', loopbackAllowed));
    assert.ok(refusal('169.254.169.254', loopbackAllowed));
  });

  test('a URL is checked for its scheme, credentials, and every address its host resolves to', async () => {
    const problem = async (url: string, policy = strict) => {
      const checked = await checkTargetUrl(url, policy);
      return 'problem' in checked ? checked.problem : undefined;
    };
    assert.match((await problem('http://8.8.8.8/hook'))!, /https/);
    assert.match((await problem('ftp://8.8.8.8/hook', loopbackAllowed))!, /http or https/);
    assert.equal(await problem('https://10.0.0.7/hook'), 'must point to a public address: 10.0.0.7 is not a public address');
    assert.equal(await problem('https://[::ffff:127.0.0.1]/hook'), 'must point to a public address: ::ffff:7f00:1 is not a public address');
    assert.equal(await problem('https://2130706433/hook'), 'must point to a public address: 127.0.0.1 is not a public address');
    // A name is refused without saying what it resolved to, nor what kind of address that is.
    const byName = (await problem('https://localhost/hook'))!;
    assert.equal(byName, 'must point to a public address: localhost is not a public address');
    assert.doesNotMatch(byName, /127\.0\.0\.1|::1|loopback/);
    assert.match((await problem('https://user:pw@8.8.8.8/hook'))!, /user name or password/);
    assert.match((await problem('not a url'))!, /absolute URL/);
    assert.match((await problem('https://no-such-host.invalid/hook'))!, /host name that resolves: no-such-host.invalid does not/);
    assert.equal(await problem('https://8.8.8.8/hook'), undefined);
    assert.equal(await problem('http://localhost:8080/hook', loopbackAllowed), undefined);
  });

  test('each delivery checks again: a loopback receiver is not called unless allowed', async () => {
    const receiver = await startWebhookReceiver();
    receiver.secrets.push(newSigningSecret());
    try {
      const url = new URL(receiver.url);
      const byName = new URL(receiver.url.replace('127.0.0.1', 'localhost'));
      const options = { timeoutMs: 2_000 };
      const refusedLiteral = await postWebhook(url, '{}', {}, { ...strict, ...options });
      assert.ok('error' in refusedLiteral && /^refused: http: receivers/.test(refusedLiteral.error), JSON.stringify(refusedLiteral));
      const httpsLiteral = await postWebhook(new URL(receiver.url.replace('http:', 'https:')), '{}', {}, { ...strict, ...options });
      assert.deepEqual(httpsLiteral, { error: 'refused: not a public address' });
      // A name is checked by the socket's own lookup, on the addresses it then connects to; the outcome, which the
      // delivery record keeps, names no address.
      const httpsName = await postWebhook(new URL(byName.href.replace('http:', 'https:')), '{}', {}, { ...strict, ...options });
      assert.deepEqual(httpsName, { error: 'refused: not a public address' });
      assert.equal(receiver.calls.length, 0, 'nothing reached the receiver');

      const allowed = await postWebhook(byName, '{}', {}, { ...loopbackAllowed, ...options });
      assert.deepEqual(allowed, { statusCode: 401 }, 'reached, and refused for want of a signature');
    } finally {
      await receiver.close();
    }
  });

  test("a failed call is recorded in fixed words, never the socket's message with the address it tried", async () => {
    const receiver = await startWebhookReceiver();
    const options = { ...loopbackAllowed, timeoutMs: 5_000 };
    try {
      // TLS to a plain HTTP receiver: the handshake fails with OpenSSL's message.
      const tls = await postWebhook(new URL(receiver.url.replace('http:', 'https:')), '{}', {}, options);
      assert.ok('error' in tls, JSON.stringify(tls));
      assert.match(tls.error, /^(TLS handshake failed|TLS certificate not accepted \([A-Z_]+\)|request failed( \([A-Z_]+\))?)$/, tls.error);
    } finally {
      await receiver.close();
    }
    // Nothing listens there any more: Node's message would be `connect ECONNREFUSED 127.0.0.1:<port>`.
    const refused = await postWebhook(new URL(receiver.url), '{}', {}, options);
    assert.deepEqual(refused, { error: 'connection refused' });
    const byName = await postWebhook(new URL(receiver.url.replace('127.0.0.1', 'localhost')), '{}', {}, options);
    assert.deepEqual(byName, { error: 'connection refused' });
  });

  test('a receiver slower than the timeout is an error outcome', async () => {
    const receiver = await startWebhookReceiver({ delayMs: 1_500 });
    const secret = newSigningSecret();
    receiver.secrets.push(secret);
    try {
      const at = new Date();
      const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign('evt_1', at, '{}') };
      assert.deepEqual(await postWebhook(new URL(receiver.url), '{}', headers, { ...loopbackAllowed, timeoutMs: 300 }), { error: 'timed out after 300 ms' });
    } finally {
      await receiver.close();
    }
  });
});

describe('webhook signing secrets at rest', () => {
  test('sealed with AES-256-GCM, bound to their endpoint, tamper-evident', () => {
    const box = createSecretBox(randomBytes(32));
    const secret = newSigningSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    const sealed = box.seal(secret, 'endpoint-1');
    assert.ok(!sealed.includes(secret.slice(6)));
    assert.equal(box.open(sealed, 'endpoint-1'), secret);
    assert.notEqual(box.seal(secret, 'endpoint-1'), sealed, 'a fresh IV each time');
    assert.throws(() => box.open(sealed, 'endpoint-2'));
    const [version, iv, data, tag] = sealed.split('.');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0]! ^= 1;
    assert.throws(() => box.open([version, iv, flipped.toString('base64url'), tag].join('.'), 'endpoint-1'));
    assert.throws(() => createSecretBox(randomBytes(32)).open(sealed, 'endpoint-1'), 'another key opens nothing');
  });

  test('the key is required in production; elsewhere one is derived from the invitation secret', () => {
    const base = { INVITATION_SECRET: 'a'.repeat(40) };
    const production = { NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://relationships.example', PAYLOAD_CODEC_KEYS: `k:${randomBytes(32).toString('base64')}` };
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig({ ...base, ...env }, [webhookSettingsProblems]);
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        assert.doesNotMatch(error.message, /not-base64-key-never-shown/);
        return error.problems.map((line) => line.split(':')[0]);
      }
    };
    assert.deepEqual(problems({}), []);
    assert.deepEqual(problems({ ...production, MCA_VERSION: 'x' }), ['WEBHOOK_SECRET_KEY']);
    assert.deepEqual(problems({ ...production, WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64') }), []);
    assert.deepEqual(problems({ ...production, WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'), WEBHOOK_ALLOW_LOOPBACK: 'true' }), ['WEBHOOK_ALLOW_LOOPBACK']);
    assert.deepEqual(problems({ WEBHOOK_SECRET_KEY: 'not-base64-key-never-shown' }), ['WEBHOOK_SECRET_KEY']);
    assert.deepEqual(problems({ WEBHOOK_SECRET_KEY: randomBytes(16).toString('base64') }), ['WEBHOOK_SECRET_KEY']);

    const derived = webhookSecretKey({ ...base, NODE_ENV: 'development', WEBHOOK_SECRET_KEY: undefined });
    assert.equal(derived.length, 32);
    assert.deepEqual(webhookSecretKey({ ...base, NODE_ENV: 'test', WEBHOOK_SECRET_KEY: undefined }), derived, 'the API and the worker derive the same');
    assert.throws(() => webhookSecretKey({ ...base, NODE_ENV: 'production', WEBHOOK_SECRET_KEY: undefined }));
    const config = loadConfig(base);
    assert.equal(config.WEBHOOK_RETRY_INITIAL, 5_000);
    assert.equal(config.WEBHOOK_RETRY_WINDOW, 3 * 24 * 3_600_000);
    assert.equal(config.WEBHOOK_ALLOW_LOOPBACK, false);
  });
});
