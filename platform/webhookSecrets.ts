import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import type { Config } from './config.js';
import { keyringFromConfig } from './secretKeys.js';

/**
 * Webhook signing secrets at rest: AES-256-GCM under WEBHOOK_SECRET_KEY, each sealed with a fresh 96-bit IV and bound
 * (as additional authenticated data) to its endpoint, so a sealed secret copied onto another endpoint does not open.
 */
export function createSecretBox(keyBytes: Uint8Array) {
  if (keyBytes.length !== 32) throw new Error('The webhook secret key must be 32 bytes');
  const key = createSecretKey(keyBytes);
  return {
    seal(plaintext: string, context: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv, sealed, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open(sealed: string, context: string): string {
      const [version, iv, data, tag, ...rest] = sealed.split('.');
      if (version !== 'v1' || !iv || !data || !tag || rest.length > 0) throw new Error('Not a sealed webhook secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
export type SecretBox = ReturnType<typeof createSecretBox>;

/** A Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64. */
export const newSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * WEBHOOK_SECRET_KEY, or outside production a key derived from INVITATION_SECRET, so that `npm run dev` and the tests
 * need no extra setting; production refuses to start without the real one (`webhookSettingsProblems`).
 */
export function webhookSecretKey(
  config: Pick<Config, 'WEBHOOK_SECRET_KEY' | 'INVITATION_SECRET' | 'NODE_ENV'> & Partial<Pick<Config, 'INVITATION_SECRET_PREVIOUS'>>,
): Buffer {
  if (config.WEBHOOK_SECRET_KEY) return Buffer.from(config.WEBHOOK_SECRET_KEY, 'base64');
  if (config.NODE_ENV === 'production') throw new Error('WEBHOOK_SECRET_KEY is required in production');
  return keyringFromConfig(config).keysFor('developmentWebhookSecretKey').signing;
}
