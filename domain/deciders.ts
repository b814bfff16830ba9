/**
 * How the person who decided for a customer is named in emails and events. Free of any library: the workflow imports
 * it, and every module a workflow imports is loaded into its sandbox.
 */
import type { Actor, CustomerDecider } from './relationshipRequest.js';

const looksLikeEmail = (text: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);

/** A display name, and the address to write to where there is one (a sign-in name is one when it is an email address). */
export function deciderContact(by: CustomerDecider): { name: string; email?: string } {
  if (by.verifiedBy === 'typedNames') return { name: `${by.firstName} ${by.lastName}`, email: by.email };
  const email = by.username && looksLikeEmail(by.username) ? by.username : undefined;
  return { name: by.name ?? by.username ?? by.objectId, ...(email && { email }) };
}

/** The customer as an event's actor: who decided, as far as it is known. */
export function customerActor(by: CustomerDecider | undefined): Actor {
  if (!by) return { kind: 'customer' };
  if (by.verifiedBy === 'typedNames') return { kind: 'customer', email: by.email };
  const { email } = deciderContact(by);
  return { kind: 'customer', objectId: by.objectId, tenantId: by.tenantId, ...(by.name && { name: by.name }), ...(email && { email }) };
}

/** The same person deciding again has the same key: the directory object when signed in, the typed address otherwise. */
export const deciderKey = (by: CustomerDecider): string =>
  by.verifiedBy === 'signIn' ? `signIn:${by.tenantId}:${by.objectId}` : `typedNames:${by.email.toLowerCase()}`;
