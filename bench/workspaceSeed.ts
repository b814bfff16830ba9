/**
 * The workspace step's data: one partner with its users (seeded as `npm run seed` does, so the local OpenID provider
 * knows them too), and its customers, relationships and requests written straight to MongoDB in the product's own
 * document shapes (platform/documents.ts), in bulk. The pages only read, so no workflow runs.
 */
import { randomUUID } from 'node:crypto';
import type { OptionalUnlessRequiredId } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { partiesFrom, type Actor, type RequestStatus } from '../domain/relationshipRequest.js';
import type { SeedFile } from '../domain/tenants.js';
import {
  pairKey,
  type CustomerDocument,
  type EndedRelationshipDocument,
  type RelationshipDocument,
  type RelationshipRequestDocument,
  type RequestEvent,
} from '../platform/documents.js';
import type { Collections } from '../platform/mongo.js';
import { endedRelationshipKey, relationshipInstanceId } from '../platform/relationships.js';
import { partnerUserId, seedDatabase } from '../platform/seed.js';
import { relationshipRequestWorkflowId } from '../workflows/relationshipRequestContract.js';

export type WorkspaceSeedSizes = { customers: number; requests: number };

const cities = ['Ankara', 'İzmir', 'Bursa', 'Antalya', 'Konya', 'Kayseri', 'Kyiv', 'Lviv', 'Odesa', 'Kharkiv'];
const sectors = ['Lojistik', 'Tekstil', 'Yazılım', 'Gıda', 'Turizm', 'İnşaat', 'Enerji', 'Sağlık'];
/** A search that matches one customer in eight (a sector), as a partner looks for a kind of customer. */
export const workspaceSearch = 'lojistik';

/**
 * Request statuses, one per index modulo 20: mostly pending (13 in 20), then accepted, expired, declined, cancelled
 * and refused by a rule.
 */
const statusCycle: RequestStatus[] = [
  ...Array<RequestStatus>(13).fill('pending'),
  'accepted',
  'accepted',
  'expired',
  'expired',
  'declined',
  'cancelled',
  'rejected',
];
/** One customer in ten also has an earlier relationship with the partner that ended. */
const hasEndedRelationship = (index: number) => index % 10 === 3;

const day = 24 * 3_600_000;

/** The partner's seed: the partner and its users, each with an API key (required by the seed) and a sign-in. */
export function workspacePartnerSeed(tag: string): SeedFile {
  const domain = `ws-${tag}.example`;
  return {
    partners: [
      {
        tenantId: `bench-ws-partner-${tag}`,
        name: 'Bench Workspace Partner',
        country: 'TR',
        cloud: 'public',
        users: [
          { email: `sales@${domain}`, roles: ['SalesAgent'], apiKey: `bench-ws-sales-${tag}-xxxxxxxxxxxx` },
          { email: `admin@${domain}`, roles: ['AdminAgent'], apiKey: `bench-ws-admin-${tag}-xxxxxxxxxxxx` },
          { email: `billing@${domain}`, roles: ['BillingAdmin'], apiKey: `bench-ws-billing-${tag}-xxxxxxxxxx` },
        ],
      },
    ],
    customers: [],
  };
}

async function insertInChunks<T extends { _id: string }>(collection: { insertMany(docs: OptionalUnlessRequiredId<T>[], options: { ordered: boolean }): Promise<unknown> }, documents: T[], chunk = 1000) {
  for (let start = 0; start < documents.length; start += chunk) {
    await collection.insertMany(documents.slice(start, start + chunk) as OptionalUnlessRequiredId<T>[], { ordered: false });
  }
}

/** What the step opens by name: a customer with an active and an ended relationship, and a pending request. */
export type WorkspaceSeeded = {
  partnerTenantId: string;
  salesEmail: string;
  adminEmail: string;
  counts: { customers: number; relationships: number; endedRelationships: number; requests: number; requestsByStatus: Record<string, number> };
  customer: { tenantId: string; companyName: string };
  request: { id: string; companyName: string };
};

export async function seedWorkspace(collections: Collections, seed: SeedFile, sizes: WorkspaceSeedSizes, now = new Date()): Promise<WorkspaceSeeded> {
  await seedDatabase(collections, seed, now);
  const partner = seed.partners[0]!;
  const partnerTenantId = partner.tenantId;
  const admin = partner.users.find((user) => user.roles.includes('AdminAgent')) ?? partner.users[0]!;
  const sales = partner.users.find((user) => user.roles.includes('SalesAgent')) ?? partner.users[0]!;
  const adminRef = { userId: partnerUserId(partnerTenantId, admin.email), email: admin.email };
  const salesRef = { userId: partnerUserId(partnerTenantId, sales.email), email: sales.email };

  // Customers: GUID tenant IDs as Entra's are, so the list's order (by tenant ID) is not the order of their names.
  const customers: CustomerDocument[] = Array.from({ length: sizes.customers }, (_, i) => {
    const city = cities[i % cities.length]!;
    const sector = sectors[Math.floor(i / cities.length) % sectors.length]!;
    const slug = `${city}${sector}`.normalize('NFKD').replace(/[^A-Za-z]/g, '').toLowerCase();
    const createdAt = new Date(now.getTime() - (sizes.customers - i) * 3_600_000);
    return {
      _id: randomUUID(),
      domain: `${slug}${i}.example`,
      companyName: `${city} ${sector} ${i}`,
      country: i % 3 === 0 ? 'UA' : 'TR',
      cloud: 'public',
      email: `it@${slug}${i}.example`,
      createdByPartnerTenantId: partnerTenantId,
      createdAt,
      updatedAt: createdAt,
    };
  });

  // Requests, oldest first so that their UUIDv7 IDs follow their creation; each for a different customer.
  const span = 120 * day;
  const step = 7; // spreads the requests over the customers (distinct ones while the count is not a multiple of 7)
  const requests: RelationshipRequestDocument[] = Array.from({ length: sizes.requests }, (_, i) => {
    const customer = customers[(i * step) % customers.length]!;
    const createdAt = new Date(now.getTime() - span + Math.floor((i * span) / Math.max(1, sizes.requests)));
    const id = uuidv7({ msecs: createdAt.getTime() });
    const status = statusCycle[i % statusCycle.length]!;
    const event = (key: string, type: string, at: Date, actor: Actor, detail?: Record<string, unknown>): [string, RequestEvent] => [
      key,
      { key, type, at, actor, ...(detail && { detail }) },
    ];
    const later = (hours: number) => new Date(createdAt.getTime() + hours * 3_600_000);
    const system: Actor = { kind: 'system' };
    const customerActor: Actor = { kind: 'customer', objectId: randomUUID(), tenantId: customer._id, name: `${customer.companyName} Administrator`, email: `admin@${customer.domain}` };
    const opened = [event('requested', 'requested', createdAt, { kind: 'partnerUser', ...salesRef }), ...(status === 'rejected' ? [] : [event('pending', 'pending', createdAt, system), event(`invitation:${id}`, 'invitation_sent', createdAt, system)])];
    const reminders = status === 'pending' || status === 'expired' ? i % 3 : 0;
    const reminded = Array.from({ length: reminders }, (_, r) => event(`reminder:${id}:${r + 1}`, 'reminder_sent', later(24 * [3, 7][r]!), system, { reminderNumber: r + 1 }));
    const closedAt = later(status === 'expired' ? 30 * 24 : 30);
    const closing: Record<RequestStatus, [string, RequestEvent][]> = {
      validating: [],
      pending: [],
      accepted: [
        event('accepted', 'accepted', closedAt, customerActor),
        event(`confirmation:${id}`, 'customer_confirmed', closedAt, system),
        event(`partner:accepted:${id}`, 'partner_notified', closedAt, system, { kind: 'accepted' }),
      ],
      expired: [event('expired', 'expired', closedAt, system), event(`partner:expired:${id}`, 'partner_notified', closedAt, system, { kind: 'expired' })],
      declined: [event('declined', 'declined', closedAt, customerActor), event(`partner:declined:${id}`, 'partner_notified', closedAt, system, { kind: 'declined' })],
      cancelled: [event('cancelled', 'cancelled', closedAt, { kind: 'partnerUser', ...salesRef }, { reason: 'Asked the wrong contact' })],
      rejected: [event('rejected', 'rejected', createdAt, system, { code: 'delegated_admin_required' })],
    };
    const closed = status !== 'pending';
    return {
      _id: id,
      workflowId: relationshipRequestWorkflowId(partnerTenantId, customer._id),
      runId: randomUUID(),
      partnerTenantId,
      customerTenantId: customer._id,
      customerEmail: customer.email,
      status,
      includeDelegatedAdminPrivileges: status !== 'rejected',
      locale: 'en',
      requestedBy: salesRef,
      parties: partiesFrom(partner, customer),
      createdAt,
      updatedAt: closed ? closedAt : createdAt,
      ...(status !== 'rejected' && { expiresAt: new Date(createdAt.getTime() + 30 * day) }),
      remindersSent: reminders,
      ...(status === 'rejected' && { rejection: { code: 'delegated_admin_required' as const, detail: 'This customer requires delegated admin privileges' } }),
      ...(status === 'accepted' && {
        acceptedAt: closedAt,
        acceptedBy: { verifiedBy: 'signIn' as const, objectId: randomUUID(), tenantId: customer._id, name: `${customer.companyName} Administrator`, username: `admin@${customer.domain}` },
      }),
      ...(closed && { closedAt: status === 'rejected' ? createdAt : closedAt }),
      events: Object.fromEntries([...opened, ...reminded, ...closing[status]]),
    };
  });
  const acceptedRequestOf = new Map(requests.filter((request) => request.status === 'accepted').map((request) => [request.customerTenantId, request]));

  // Every customer has an active reseller relationship: from its accepted request, else added as a new customer.
  const relationships: RelationshipDocument[] = customers.map((customer, i) => {
    const accepted = acceptedRequestOf.get(customer._id);
    return {
      _id: pairKey(partnerTenantId, customer._id),
      partnerTenantId,
      customerTenantId: customer._id,
      type: 'reseller',
      delegatedAdminPrivileges: i % 4 !== 0,
      since: accepted?.acceptedAt ?? customer.createdAt,
      origin: accepted ? { kind: 'request', requestId: accepted._id } : { kind: 'newCustomer', partnerUserId: adminRef.userId },
    };
  });
  // Some also had an earlier one, requested long ago and ended.
  const ended: EndedRelationshipDocument[] = customers.flatMap((customer, i) => {
    if (!hasEndedRelationship(i)) return [];
    const earlier = { partnerTenantId, customerTenantId: customer._id, origin: { kind: 'request' as const, requestId: uuidv7({ msecs: customer.createdAt.getTime() - 400 * day }) } };
    const relationshipId = relationshipInstanceId(earlier);
    return [
      {
        ...earlier,
        _id: endedRelationshipKey(partnerTenantId, customer._id, relationshipId),
        relationshipId,
        type: 'reseller' as const,
        delegatedAdminPrivileges: true,
        since: new Date(customer.createdAt.getTime() - 400 * day),
        endedAt: new Date(customer.createdAt.getTime() - 30 * day),
        endedBy: adminRef,
        reason: 'The customer moved to another partner',
        parties: { partner: { name: partner.name }, customer: { companyName: customer.companyName, emails: [customer.email] } },
      },
    ];
  });

  await insertInChunks(collections.customers, customers);
  await insertInChunks(collections.relationships, relationships);
  await insertInChunks(collections.endedRelationships, ended);
  await insertInChunks(collections.requests, requests, 500);

  const requestsByStatus: Record<string, number> = {};
  for (const request of requests) requestsByStatus[request.status] = (requestsByStatus[request.status] ?? 0) + 1;
  const withEnded = customers.find((_, i) => hasEndedRelationship(i)) ?? customers[0]!;
  // A pending request from the middle of the list, with its invitation and reminders on its timeline.
  const middle = requests.slice(Math.floor(requests.length / 2)).find((request) => request.status === 'pending' && request.remindersSent > 0) ?? requests[0]!;
  const nameOf = new Map(customers.map((customer) => [customer._id, customer.companyName]));
  return {
    partnerTenantId,
    salesEmail: sales.email,
    adminEmail: admin.email,
    counts: { customers: customers.length, relationships: relationships.length, endedRelationships: ended.length, requests: requests.length, requestsByStatus },
    customer: { tenantId: withEnded._id, companyName: withEnded.companyName },
    request: { id: middle._id, companyName: nameOf.get(middle.customerTenantId) ?? middle.customerTenantId },
  };
}
