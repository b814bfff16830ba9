import { v5 as uuidv5 } from 'uuid';
import { globalAdministratorRoleId } from '../../domain/identity.js';
import type { SeedFile } from '../../domain/tenants.js';

/** A person who can sign in to the local provider, with the directory facts Entra ID would put in their tokens. */
export type IdentityUser = {
  kind: 'customerGlobalAdministrator' | 'customerUser' | 'partnerUser' | 'operator';
  /** Sign-in name and `preferred_username`. */
  email: string;
  /** Entra's object ID: stable for a tenant and email, so tokens name the same user across restarts. */
  oid: string;
  tid: string;
  /** The customer's company or the partner's name. */
  organization: string;
  name: string;
  /** App roles (`AdminAgent`, `SalesAgent`, … for partner users; Temporal's permissions for operators). */
  roles: string[];
  /** Directory role template IDs: a customer's Global administrator only. */
  wids: string[];
};

/** Fixed namespace of the name-based (v5) object IDs, so that every run derives the same ones. */
const objectIdNamespace = '5d1c3f0e-8a4b-4c57-9f0e-2b7c6a1d9e43';

export const objectIdFor = (tenantId: string, email: string): string =>
  uuidv5(`${tenantId}/${email.toLowerCase()}`, objectIdNamespace);

/** "ayse.admin@anatolia.example" → "Ayse Admin" */
const nameFromEmail = (email: string): string =>
  (email.split('@')[0] ?? email)
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join(' ');

/**
 * The seed's people: for each customer tenant a Global administrator (`admin@<domain>`) and an ordinary user
 * (`user@<domain>`), and each partner's users with their seeded roles.
 */
export function usersFromSeed(seed: SeedFile): IdentityUser[] {
  const customerUsers = seed.customers.flatMap((customer): IdentityUser[] => {
    const user = (kind: IdentityUser['kind'], mailbox: string, title: string, wids: string[]): IdentityUser => {
      const email = `${mailbox}@${customer.domain}`;
      return { kind, email, oid: objectIdFor(customer.tenantId, email), tid: customer.tenantId, organization: customer.companyName, name: `${customer.companyName} ${title}`, roles: [], wids };
    };
    return [
      user('customerGlobalAdministrator', 'admin', 'Administrator', [globalAdministratorRoleId]),
      user('customerUser', 'user', 'User', []),
    ];
  });
  const partnerUsers = seed.partners.flatMap((partner) =>
    partner.users.map((seeded): IdentityUser => {
      const email = seeded.email.toLowerCase();
      return { kind: 'partnerUser', email, oid: objectIdFor(partner.tenantId, email), tid: partner.tenantId, organization: partner.name, name: nameFromEmail(email), roles: [...seeded.roles], wids: [] };
    }),
  );
  const users = [...customerUsers, ...partnerUsers, ...demoOperators()];
  const taken = new Set<string>();
  for (const { email } of users) {
    if (taken.has(email)) throw new Error(`Two users of the seed sign in as ${email}`);
    taken.add(email);
  }
  return users;
}

/** The tenant of the company that runs the product: its operators and its own services sign in there. */
export const operationsTenantId = 'reseller-operations';

/**
 * The company's demo operators: one who may read the namespace in the Temporal UI (and its payloads, decoded), one on
 * call who may also signal, cancel and terminate. Their app roles are Temporal's permissions.
 */
export const demoOperatorAccounts = [
  { email: 'reader@operations.example', name: 'Operator (read-only)', roles: ['default:read'] },
  { email: 'oncall@operations.example', name: 'On-call administrator', roles: ['default:write'] },
] as const;

const demoOperators = (): IdentityUser[] =>
  demoOperatorAccounts.map(({ email, name, roles }) => ({
    kind: 'operator',
    email,
    oid: objectIdFor(operationsTenantId, email),
    tid: operationsTenantId,
    organization: 'Operations',
    name,
    roles: [...roles],
    wids: [],
  }));
