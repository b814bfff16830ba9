import type { IdentityUser } from './users.js';

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
