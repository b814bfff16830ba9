import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

const Discovery = z.object({ issuer: z.string().min(1), jwks_uri: z.url() });

export type ProviderKeys = { issuerTemplate: string; keys: JWTVerifyGetKey };

/**
 * An OpenID provider's issuer and signing keys, found through its discovery document on first use and cached (the
 * keys by `jose`, which fetches them again for an unknown key ID); a failed discovery is tried again next time.
 */
export function providerKeys(issuer: string): () => Promise<ProviderKeys> {
  let provider: Promise<ProviderKeys> | undefined;
  async function discover(): Promise<ProviderKeys> {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`The OpenID provider's discovery document answered ${response.status}`);
    const discovery = Discovery.parse(await response.json());
    return { issuerTemplate: discovery.issuer, keys: createRemoteJWKSet(new URL(discovery.jwks_uri)) };
  }
  return () =>
    (provider ??= discover().catch((error: unknown) => {
      provider = undefined;
      throw error;
    }));
}
