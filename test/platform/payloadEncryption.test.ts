import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { defaultPayloadConverter, METADATA_ENCODING_KEY } from '@temporalio/common';
import { ConfigError, loadConfig } from '../../platform/config.js';
import { keyIdMetadataKey, parsePayloadKeys, PayloadEncryptionCodec, UnknownPayloadKeyError } from '../../platform/payloadEncryption.js';
import { payloadKeyring } from '../../platform/temporalDataConverter.js';

const key = (id: string) => ({ id, key: randomBytes(32) });
const acceptance = { firstName: 'Jana', lastName: 'Weber', email: 'jana@berlin.example', phone: '+49 30 1234567' };
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

describe('payload encryption', () => {
  test('a payload round-trips, and what goes to Temporal holds none of its text and names its key', async () => {
    const codec = new PayloadEncryptionCodec({ current: key('2026-12'), previous: [] });
    const payload = defaultPayloadConverter.toPayload(acceptance);
    const [encoded] = await codec.encode([payload]);
    assert.equal(text(encoded!.metadata![METADATA_ENCODING_KEY]), 'binary/encrypted');
    assert.equal(text(encoded!.metadata![keyIdMetadataKey]), '2026-12');
    for (const value of Object.values(acceptance)) assert.ok(!Buffer.from(encoded!.data!).includes(value), `${value} in clear`);
    const [decoded] = await codec.decode([encoded!]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(decoded!), acceptance);
  });

  test('the same payload encrypts differently each time (a fresh IV)', async () => {
    const codec = new PayloadEncryptionCodec({ current: key('k'), previous: [] });
    const payload = defaultPayloadConverter.toPayload('same');
    const [first, second] = await codec.encode([payload, payload]);
    assert.notDeepEqual(Buffer.from(first!.data!), Buffer.from(second!.data!));
    // IVs come from a pool of 256: across several refills, no IV repeats and every payload still decodes.
    const many = await codec.encode(Array.from({ length: 700 }, () => payload));
    const ivs = new Set(many.map((sealed) => Buffer.from(sealed.data!).subarray(0, 12).toString('hex')));
    assert.equal(ivs.size, 700);
    for (const decoded of await codec.decode(many)) assert.equal(defaultPayloadConverter.fromPayload(decoded), 'same');
  });

  test('after a rotation, what the old key encrypted still decodes; without the old key it names the key missing', async () => {
    const old = key('2026-06');
    const [sealed] = await new PayloadEncryptionCodec({ current: old, previous: [] }).encode([defaultPayloadConverter.toPayload(acceptance)]);
    const rotated = new PayloadEncryptionCodec({ current: key('2026-12'), previous: [old] });
    assert.deepEqual(defaultPayloadConverter.fromPayload((await rotated.decode([sealed!]))[0]!), acceptance);
    const [reencoded] = await rotated.encode([defaultPayloadConverter.toPayload(1)]);
    assert.equal(text(reencoded!.metadata![keyIdMetadataKey]), '2026-12', 'the new key encrypts');
    await assert.rejects(new PayloadEncryptionCodec({ current: key('2026-12'), previous: [] }).decode([sealed!]), (error: unknown) => {
      assert.ok(error instanceof UnknownPayloadKeyError);
      assert.match(error.message, /"2026-06"/);
      return true;
    });
  });

  test('a changed byte, or a payload relabelled with another key ID, does not decode', async () => {
    const first = key('a');
    const second = { id: 'b', key: first.key };
    const codec = new PayloadEncryptionCodec({ current: first, previous: [second] });
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(acceptance)]);
    const tampered = Buffer.from(sealed!.data!);
    tampered[20] = tampered[20]! ^ 1;
    await assert.rejects(codec.decode([{ ...sealed!, data: tampered }]));
    // Same key bytes under another ID: the ID is bound to the ciphertext, so the relabelled payload is refused.
    await assert.rejects(codec.decode([{ metadata: { ...sealed!.metadata, [keyIdMetadataKey]: Buffer.from('b') }, data: sealed!.data! }]));
  });

  test('payloads recorded before encryption decode unchanged', async () => {
    const codec = new PayloadEncryptionCodec({ current: key('k'), previous: [] });
    const plain = defaultPayloadConverter.toPayload(acceptance);
    assert.deepEqual(await codec.decode([plain]), [plain]);
  });
});

describe('PAYLOAD_CODEC_KEYS', () => {
  const base64Key = () => randomBytes(32).toString('base64');

  test('the first key encrypts, the others decrypt', () => {
    const parsed = parsePayloadKeys(`new:${base64Key()}, old:${base64Key()}`);
    assert.ok('keyring' in parsed);
    assert.equal(parsed.keyring.current.id, 'new');
    assert.deepEqual(parsed.keyring.previous.map(({ id }) => id), ['old']);
  });

  test('each bad entry is named, and no key is echoed', () => {
    const secret = base64Key();
    const short = randomBytes(16).toString('base64');
    const parsed = parsePayloadKeys(`${secret},a:${short},a:${secret},b:${secret}`);
    assert.ok('problems' in parsed);
    assert.deepEqual(parsed.problems.map((problem) => problem.split(':')[0]), ['entry 1', 'entry 2 ("a")', 'entry 3 ("a")']);
    assert.match(parsed.problems[1]!, /32 bytes/);
    assert.match(parsed.problems[2]!, /listed twice/);
    for (const problem of parsed.problems) assert.ok(!problem.includes(secret.slice(0, 20)) && !problem.includes(short.slice(0, 16)), problem);
  });

  const env = { INVITATION_SECRET: randomBytes(32).toString('base64'), MCA_VERSION: '2024-01', WEBHOOK_SECRET_KEY: base64Key() };

  test('production refuses to start without keys, and names a bad setting', () => {
    const production = { ...env, NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://relationships.example' };
    assert.throws(() => loadConfig(production), (error: unknown) => error instanceof ConfigError && error.problems.some((line) => line.startsWith('PAYLOAD_CODEC_KEYS: is required in production')));
    assert.throws(() => loadConfig({ ...production, PAYLOAD_CODEC_KEYS: 'k:short' }), (error: unknown) =>
      error instanceof ConfigError && error.problems.some((line) => line.startsWith('PAYLOAD_CODEC_KEYS: entry 1 ("k"): the key must be 32 bytes')));
    const config = loadConfig({ ...production, PAYLOAD_CODEC_KEYS: `k:${base64Key()}` });
    assert.equal(payloadKeyring(config).current.id, 'k');
  });

  test('outside production the key is derived from INVITATION_SECRET, the same in every process, and the previous one still decrypts', async () => {
    const previous = randomBytes(32).toString('base64');
    const first = payloadKeyring(loadConfig({ ...env, NODE_ENV: 'development' }));
    const again = payloadKeyring(loadConfig({ ...env, NODE_ENV: 'development' }));
    assert.deepEqual(first.current, again.current);
    assert.match(first.current.id, /^derived-[0-9a-f]{12}$/);
    const rotated = payloadKeyring(loadConfig({ ...env, INVITATION_SECRET: previous.repeat(2), INVITATION_SECRET_PREVIOUS: env.INVITATION_SECRET, NODE_ENV: 'development' }));
    const [sealed] = await new PayloadEncryptionCodec(first).encode([defaultPayloadConverter.toPayload('x')]);
    assert.equal(defaultPayloadConverter.fromPayload((await new PayloadEncryptionCodec(rotated).decode([sealed!]))[0]!), 'x');
  });
});
