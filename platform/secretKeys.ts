import { hkdfSync } from 'node:crypto';

/**
 * The HKDF labels of the keys made from INVITATION_SECRET. A signature made for one purpose is worthless for any
 * other, and no code but this module sees the secret itself. A new version of a label starts a new key.
 */
const labels = {
  invitationLink: 'invitation-link/v1',
  signInTransaction: 'sign-in-transaction/v1',
  customerSession: 'customer-session/v1',
  tenantSession: 'tenant-session/v1',
  csrf: 'csrf/v1',
  partnerSignInTransaction: 'partner-sign-in-transaction/v1',
  partnerSession: 'partner-session/v1',
  /** Stands in for WEBHOOK_SECRET_KEY outside production (platform/webhookSecrets.ts); this label predates the others. */
  developmentWebhookSecretKey: 'webhook-secret-key (not for production)',
  /** Stands in for PAYLOAD_CODEC_KEYS outside production (platform/temporalDataConverter.ts). */
  developmentPayloadKey: 'payload-encryption-key (not for production)',
} as const;
export type KeyPurpose = keyof typeof labels;

const salt = 'reseller-relationships';

/** The keys of one purpose: new signatures are made with `signing`; any of `verifying` (signing first) is accepted. */
export type PurposeKeys = { signing: Buffer; verifying: readonly Buffer[] };

/** The current secret signs; while `previous` is set, what it signed is still accepted (a rotation in progress). */
export type InvitationSecrets = { current: string; previous?: string | undefined };

export function createKeyring(secrets: InvitationSecrets) {
  const derive = (secret: string, purpose: KeyPurpose) => Buffer.from(hkdfSync('sha256', secret, salt, labels[purpose], 32));
  return {
    keysFor(purpose: KeyPurpose): PurposeKeys {
      const signing = derive(secrets.current, purpose);
      return { signing, verifying: secrets.previous ? [signing, derive(secrets.previous, purpose)] : [signing] };
    },
  };
}
export type Keyring = ReturnType<typeof createKeyring>;

export const keyringFromConfig = (config: { INVITATION_SECRET: string; INVITATION_SECRET_PREVIOUS?: string | undefined }): Keyring =>
  createKeyring({ current: config.INVITATION_SECRET, previous: config.INVITATION_SECRET_PREVIOUS });
