import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

export type SigningKey = JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };

function newSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const kid = createHash('sha256').update(jwk.n ?? '').digest('base64url').slice(0, 16);
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}

/**
 * The RS256 key tokens are signed with. With a file, the key is read from it, or made and kept there (readable by
 * the owner only), so that tokens stay valid when the provider restarts; without one, each start makes a new key.
 */
export async function loadSigningKey(file?: string): Promise<SigningKey> {
  if (!file) return newSigningKey();
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SigningKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const key = newSigningKey();
    await writeFile(file, JSON.stringify(key), { mode: 0o600 });
    return key;
  }
}
