import { z } from 'zod';

/** The template ID of Entra ID's Global Administrator directory role, as it appears in a token's `wids` claim. */
export const globalAdministratorRoleId = '62e90394-69f5-4237-9190-012177145e10';

/** The claims of an Entra ID v2 token (or one shaped like it) that say who the user is and what they may do. */
export const IdentityClaims = z.object({
  tid: z.string().min(1),
  oid: z.string().min(1),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
  roles: z.array(z.string()).default([]),
  wids: z.array(z.string()).default([]),
});
export type IdentityClaims = z.infer<typeof IdentityClaims>;

/** A verified user: the tenant they signed in from and who they are there. */
export type VerifiedIdentity = {
  tenantId: string;
  objectId: string;
  name?: string | undefined;
  username?: string | undefined;
  appRoles: string[];
  directoryRoles: string[];
};

export const identityFrom = (claims: IdentityClaims): VerifiedIdentity => ({
  tenantId: claims.tid,
  objectId: claims.oid,
  name: claims.name,
  username: claims.preferred_username,
  appRoles: claims.roles,
  directoryRoles: claims.wids,
});

export const isGlobalAdministrator = (identity: VerifiedIdentity): boolean =>
  identity.directoryRoles.includes(globalAdministratorRoleId);

/** A verified user as pages name them: "name (sign-in name)", or whichever of the two is known, else the object ID. */
export const displayName = (user: { name?: string | undefined; username?: string | undefined; objectId: string }): string =>
  user.name && user.username ? `${user.name} (${user.username})` : (user.name ?? user.username ?? user.objectId);
