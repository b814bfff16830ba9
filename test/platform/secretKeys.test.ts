import assert from 'node:assert/strict';
import { createHmac, hkdfSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { createInvitationLinks } from '../../platform/invitationTokens.js';
import { createKeyring, keyringFromConfig, type KeyPurpose } from '../../platform/secretKeys.js';

const secret = 'the current invitation secret, 32+ characters';
const previous = 'the previous invitation secret, 32+ characters';
const purposes: KeyPurpose[] = ['invitationLink', 'signInTransaction', 'customerSession', 'tenantSession', 'csrf', 'developmentWebhookSecretKey'];

describe('one key per purpose, made from INVITATION_SECRET', () => {
  test('each purpose has its own HKDF-SHA-256 key, none of them the secret or its plain HMAC', () => {
    const keys = purposes.map((purpose) => createKeyring({ current: secret }).keysFor(purpose).signing);
    assert.equal(new Set(keys.map((key) => key.toString('hex'))).size, purposes.length);
    for (const key of keys) assert.equal(key.length, 32);
    const link = Buffer.from(hkdfSync('sha256', secret, 'reseller-relationships', 'invitation-link/v1', 32));
    assert.deepEqual(createKeyring({ current: secret }).keysFor('invitationLink').signing, link);

    const token = createInvitationLinks({ keys: createKeyring({ current: secret }), publicBaseUrl: 'https://relationships.example' }).tokenFor('request-1');
    const [encodedId, mac] = token.split('.');
    assert.equal(Buffer.from(encodedId!, 'base64url').toString(), 'request-1', 'the token keeps its format');
    assert.notEqual(mac, createHmac('sha256', secret).update('request-1').digest('base64url'), 'not signed with the raw secret');
  });

  test('the previous secret verifies but never signs; without it only the current one counts', () => {
    const rotating = keyringFromConfig({ INVITATION_SECRET: secret, INVITATION_SECRET_PREVIOUS: previous }).keysFor('customerSession');
    const current = createKeyring({ current: secret }).keysFor('customerSession');
    const old = createKeyring({ current: previous }).keysFor('customerSession');
    assert.deepEqual(rotating.signing, current.signing);
    assert.deepEqual(rotating.verifying, [current.signing, old.signing]);
    assert.deepEqual(keyringFromConfig({ INVITATION_SECRET: secret }).keysFor('customerSession').verifying, [current.signing]);
  });

  test('an invitation link is checked against each accepted key, and only canonical tokens pass', () => {
    const linksOf = (current: string, before?: string) => createInvitationLinks({ keys: createKeyring({ current, previous: before }), publicBaseUrl: 'https://x.example' });
    const oldToken = linksOf(previous).tokenFor('request-1');
    assert.equal(linksOf(secret, previous).verify(oldToken), 'request-1');
    assert.equal(linksOf(secret).verify(oldToken), undefined);
    assert.equal(linksOf(secret, previous).verify(`${oldToken}A`), undefined);
    const [id, mac] = oldToken.split('.');
    assert.equal(linksOf(secret, previous).verify(`${id}=.${mac}`), undefined);
  });
});
