import { objectIdFor, type IdentityUser } from './users.js';

/** A partner's integration registered at the provider: its client, its tenant and the app roles granted to it there. */
export type ProviderApplication = { clientId: string; clientSecret: string; tenantId: string; roles: string[] };

/**
 * Which claims each scope releases. Entra ID puts `tid`, `oid` and, when the app registration asks for them, `roles`
 * and `wids` in every token of a user, so those belong to `openid` itself.
 */
export const claimsByScope = {
  openid: ['sub', 'ver', 'tid', 'oid', 'roles', 'wids'],
  profile: ['name', 'preferred_username'],
  email: ['email'],
};

/** A user's claims, shaped like those of an Entra ID v2 token; empty `roles` and `wids` are left out, as Entra does. */
export const userClaims = (user: IdentityUser) => ({
  ver: '2.0',
  tid: user.tid,
  oid: user.oid,
  name: user.name,
  preferred_username: user.email,
  email: user.email,
  ...(user.roles.length > 0 && { roles: user.roles }),
  ...(user.wids.length > 0 && { wids: user.wids }),
});

/**
 * What a user's JWT access token for the API adds to the provider's own claims (`iss`, `sub`, `aud`, `scope`,
 * `client_id`, …), as in Entra's v2 access tokens: the delegated scopes granted in `scp` (none if the client asked for
 * none of the API's), `idtyp: user` (Entra's optional claim) and the calling client in `azp`.
 */
export const accessTokenClaims = (user: IdentityUser, grant: { scope: string; clientId: string }) => {
  const { email: _email, ...claims } = userClaims(user);
  return { ...claims, idtyp: 'user', azp: grant.clientId, ...(grant.scope && { scp: grant.scope }) };
};

/**
 * What an application's JWT access token (client credentials) adds, as in Entra's v2 tokens: its tenant, the object ID
 * of its service principal, `idtyp: app` (Entra's optional claim), itself in `azp`, its app roles; no `scp`.
 */
export const applicationTokenClaims = (application: ProviderApplication) => ({
  ver: '2.0',
  tid: application.tenantId,
  oid: objectIdFor(application.tenantId, `application:${application.clientId}`),
  idtyp: 'app',
  azp: application.clientId,
  ...(application.roles.length > 0 && { roles: application.roles }),
});
