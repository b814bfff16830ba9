import { createCipheriv, createDecipheriv, createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

const { temporal } = proto;

/** The encoding of an encrypted payload, as in Temporal's own samples, so that tools that know it recognise it. */
export const encryptedEncoding = 'binary/encrypted';
export const keyIdMetadataKey = 'encryption-key-id';

/** One key of the keyring: a name that may be shown (it is written into every payload) and 32 secret bytes. */
export type PayloadKey = { id: string; key: Buffer };

/** The key that encrypts, then the ones kept only to decrypt what older keys encrypted (a rotation in progress). */
export type PayloadKeyring = { current: PayloadKey; previous: readonly PayloadKey[] };

export class UnknownPayloadKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`A payload was encrypted with key "${keyId}", which is not among PAYLOAD_CODEC_KEYS: keep retired keys listed until no history needs them`);
    this.name = 'UnknownPayloadKeyError';
  }
}

const utf8 = new TextEncoder();
const text = new TextDecoder();
const ivLength = 12;
const tagLength = 16;

/**
 * Fresh random IVs, drawn from the system's generator 256 at a time: one call per payload costs more than the
 * encryption itself. Each IV is copied out of a pool that is never refilled in place, so none is ever handed out twice.
 */
function randomIvs(): () => Buffer {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + ivLength > pool.length) {
      pool = randomBytes(ivLength * 256);
      offset = 0;
    }
    offset += ivLength;
    return Buffer.from(pool.subarray(offset - ivLength, offset));
  };
}

/**
 * Encrypts every payload the client and the workers send to Temporal (inputs, results, signals, updates, queries,
 * memos, activity summaries): AES-256-GCM over the whole payload (its metadata and its data), a fresh 96-bit IV per
 * payload, the key's ID in the clear metadata and bound to the ciphertext as additional data. Payloads that are not
 * encrypted (histories recorded before encryption was on) decode unchanged, so turning it on needs no migration.
 */
export class PayloadEncryptionCodec implements PayloadCodec {
  /** As key objects, made once: Node prepares a key given as bytes again on every cipher, which costs more than the cipher. */
  private readonly keys: Map<string, KeyObject>;
  private readonly current: { id: string; key: KeyObject; aad: Uint8Array };
  private readonly nextIv = randomIvs();

  constructor(keyring: PayloadKeyring) {
    const { id, key } = keyring.current;
    this.current = { id, key: createSecretKey(key), aad: utf8.encode(id) };
    this.keys = new Map([[id, this.current.key], ...keyring.previous.map(({ id, key }) => [id, createSecretKey(key)] as const)]);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  encrypt(payload: Payload): Payload {
    const { id, key, aad } = this.current;
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad);
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: utf8.encode(encryptedEncoding), [keyIdMetadataKey]: utf8.encode(id) },
      data: sealed,
    };
  }

  decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || text.decode(encoding) !== encryptedEncoding) return payload;
    const idBytes = payload.metadata?.[keyIdMetadataKey];
    if (!idBytes) throw new Error('An encrypted payload names no key');
    const id = text.decode(idBytes);
    const key = this.keys.get(id);
    if (!key) throw new UnknownPayloadKeyError(id);
    const sealed = payload.data ?? new Uint8Array();
    if (sealed.length < ivLength + tagLength) throw new Error(`An encrypted payload (key "${id}") is too short to be one`);
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, ivLength));
    decipher.setAAD(idBytes);
    decipher.setAuthTag(sealed.subarray(sealed.length - tagLength));
    const plain = Buffer.concat([decipher.update(sealed.subarray(ivLength, sealed.length - tagLength)), decipher.final()]);
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

const keyIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * PAYLOAD_CODEC_KEYS: `id:base64-key` entries separated by commas, the first encrypting, the others kept to decrypt
 * (a rotation adds a new first entry and keeps the old ones). Each key is 32 random bytes (`openssl rand -base64 32`).
 * Returns the keyring, or the problems, none of which repeats a key.
 */
export function parsePayloadKeys(value: string): { keyring: PayloadKeyring } | { problems: string[] } {
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  const problems: string[] = [];
  const keys: PayloadKey[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const separator = entry.indexOf(':');
    const id = separator > 0 ? entry.slice(0, separator) : '';
    const encoded = separator > 0 ? entry.slice(separator + 1) : '';
    const place = `entry ${index + 1}${keyIdPattern.test(id) ? ` ("${id}")` : ''}`;
    if (!keyIdPattern.test(id)) return problems.push(`${place}: must start with a key ID of 1-64 letters, digits, ".", "_" or "-", then ":"`);
    if (seen.has(id)) return problems.push(`${place}: this key ID is listed twice`);
    seen.add(id);
    const key = Buffer.from(encoded, 'base64');
    if (!/^[A-Za-z0-9+/]{43}=$/.test(encoded) || key.length !== 32) return problems.push(`${place}: the key must be 32 bytes in base64 (\`openssl rand -base64 32\`)`);
    keys.push({ id, key });
  });
  if (entries.length === 0) problems.push('must list at least one key');
  const [current, ...previous] = keys;
  return problems.length > 0 || !current ? { problems } : { keyring: { current, previous } };
}

/** The keys made outside production from another secret: their ID names the key's fingerprint, never the key. */
export const derivedPayloadKey = (key: Buffer, label: string): PayloadKey => ({
  id: `${label}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`,
  key,
});
