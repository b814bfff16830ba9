import type { DataConverter } from '@temporalio/common';
import type { Config } from './config.js';
import { derivedPayloadKey, PayloadEncryptionCodec, type PayloadKeyring } from './payloadEncryption.js';
import { createKeyring } from './secretKeys.js';

/**
 * PAYLOAD_CODEC_KEYS, or outside production keys derived from INVITATION_SECRET (and from INVITATION_SECRET_PREVIOUS,
 * to decrypt during its rotation), so that `npm run dev` and the tests encrypt histories with no extra setting;
 * production refuses to start without the real ones (platform/config.ts).
 */
export function payloadKeyring(
  config: Pick<Config, 'PAYLOAD_CODEC_KEYS' | 'INVITATION_SECRET' | 'NODE_ENV'> & Partial<Pick<Config, 'INVITATION_SECRET_PREVIOUS'>>,
): PayloadKeyring {
  if (config.PAYLOAD_CODEC_KEYS) return config.PAYLOAD_CODEC_KEYS;
  if (config.NODE_ENV === 'production') throw new Error('PAYLOAD_CODEC_KEYS is required in production');
  const derive = (secret: string) => derivedPayloadKey(createKeyring({ current: secret }).keysFor('developmentPayloadKey').signing, 'derived');
  return { current: derive(config.INVITATION_SECRET), previous: config.INVITATION_SECRET_PREVIOUS ? [derive(config.INVITATION_SECRET_PREVIOUS)] : [] };
}

/** What the client and the workers encode and decode payloads with: the same on every side, or nothing decodes. */
export const temporalDataConverter = (keyring: PayloadKeyring): DataConverter => ({
  payloadCodecs: [new PayloadEncryptionCodec(keyring)],
});
