import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/**
 * A minimal token issuer on loopback for tests of token checks: a discovery document and a JWKS over HTTP, and RS256
 * tokens signed with the key the JWKS publishes (or with another key, to forge one). `issuerPath` may hold Entra's
 * `{tenantid}` placeholder, as a multi-tenant discovery document does.
 */
export async function startTokenIssuer(options: { issuerPath?: string } = {}) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const forger = await generateKeyPair('RS256');
  const kid = 'test-key';
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  let base = '';
  const issuerTemplate = () => `${base}${options.issuerPath ?? ''}`;
  // Entra ID serves the multi-tenant document under /organizations/v2.0; its issuer keeps the {tenantid} placeholder.
  const discoveryRoot = (options.issuerPath ?? '').replace('{tenantid}', 'organizations');
  const server: Server = createServer((request, response) => {
    const body =
      request.url === `${discoveryRoot}/.well-known/openid-configuration`
        ? { issuer: issuerTemplate(), jwks_uri: `${base}/jwks` }
        : request.url === '/jwks'
          ? { keys: [jwk] }
          : undefined;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sign = (claims: JWTPayload, settings: { audience: string; issuer?: string; expiresIn?: string | number; key?: SigningKey }) => {
    const tid = typeof claims.tid === 'string' ? claims.tid : '';
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(settings.issuer ?? issuerTemplate().replace('{tenantid}', tid))
      .setAudience(settings.audience)
      .setIssuedAt()
      .setExpirationTime(settings.expiresIn ?? '5m')
      .sign(settings.key ?? privateKey);
  };

  return {
    /** What OIDC_ISSUER would be set to: the URL whose discovery document this serves. */
    issuerUrl: `${base}${discoveryRoot}`,
    issuerFor: (tenantId: string) => issuerTemplate().replace('{tenantid}', tenantId),
    sign,
    forgedKey: forger.privateKey,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type TokenIssuer = Awaited<ReturnType<typeof startTokenIssuer>>;
