import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities/index.js';
import { createOutboxMailer } from '../../activities/mailer.js';
import type { OpenedRequest } from '../../activities/requests.js';
import type { RelationshipRequestInput, RequestFacts } from '../../domain/relationshipRequest.js';
import { createInvitationLinks } from '../../platform/invitationTokens.js';
import { relationshipId } from '../../platform/documents.js';
import { connectDatabase, type Database } from '../../platform/mongo.js';
import { seedDatabase } from '../../platform/seed.js';
import { serviceAddresses } from '../support/stack.js';

const at = new Date('2026-11-26T10:00:00Z');
const day = 24 * 3_600_000;
const parties = {
  partner: { name: 'Anatolia Cloud', country: 'TR', cloud: 'public' },
  customer: { companyName: 'Kyiv Bakery', country: 'UA', cloud: 'public' },
} as const;

const input = (customerTenantId: string, withParties = true): RelationshipRequestInput => ({
  requestId: randomUUID(),
  partnerTenantId: 'partner-tr',
  customerTenantId,
  customerEmail: 'it@kyiv.example',
  includeDelegatedAdminPrivileges: true,
  requestedBy: { userId: 'user-1', email: 'agent@anatolia.example' },
  invitationTtlMs: 30 * day,
  reminderOffsetsMs: [3 * day],
  ...(withParties && { parties: { partner: { ...parties.partner }, customer: { ...parties.customer } } }),
});

describe('openRequest and the emails, with the facts from the workflow or read back', () => {
  let database: Database;
  let clock = at;
  const activities = () =>
    createActivities({
      collections: database.collections,
      mailer: createOutboxMailer({ collections: database.collections, from: 'test@example.com' }),
      links: createInvitationLinks({ secret: 'x'.repeat(32), publicBaseUrl: 'http://localhost:3000' }),
      now: () => clock,
    });
  // openRequest records the run that owns the request, so it runs inside an activity context.
  const openRequest = (request: RelationshipRequestInput): Promise<OpenedRequest> =>
    new MockActivityEnvironment().run(activities().openRequest, request) as Promise<OpenedRequest>;

  before(async () => {
    database = await connectDatabase(serviceAddresses().mongoUri, `activities_${randomBytes(4).toString('hex')}`);
    await seedDatabase(database.collections, {
      partners: [{ tenantId: 'partner-tr', name: 'Anatolia Cloud', country: 'TR', cloud: 'public', users: [] }],
      customers: ['customer-a', 'customer-b', 'customer-c'].map((tenantId) => ({
        tenantId,
        domain: `${tenantId}.example`,
        companyName: 'Kyiv Bakery',
        country: 'UA',
        cloud: 'public' as const,
        email: `it@${tenantId}.example`,
      })),
    });
  });
  after(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  test('records a pending request once: a retry answers with the expiry the first attempt recorded', async () => {
    const request = input('customer-a');
    const first = await openRequest(request);
    clock = new Date(at.getTime() + 60_000);
    const retried = await openRequest(request);
    clock = at;
    assert.deepEqual(retried, first);
    assert.equal(first.eligible && first.expiresAt, new Date(at.getTime() + 30 * day).toISOString());
    const recorded = await database.collections.requests.find({ customerTenantId: 'customer-a' }).toArray();
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0]?.status, 'pending');
    assert.deepEqual(Object.keys(recorded[0]?.events ?? {}), ['requested', 'pending']);
    assert.deepEqual(recorded[0]?.parties, parties);
  });

  test('an existing relationship rejects, and the rejection is what a retry answers', async () => {
    await database.collections.relationships.insertOne({
      _id: relationshipId('partner-tr', 'customer-b'),
      partnerTenantId: 'partner-tr',
      customerTenantId: 'customer-b',
      type: 'reseller',
      delegatedAdminPrivileges: false,
      since: at,
      origin: { kind: 'newCustomer', partnerUserId: 'user-1' },
    });
    const request = input('customer-b');
    const first = await openRequest(request);
    assert.equal(first.eligible, false);
    assert.equal(!first.eligible && first.code, 'relationship_exists');
    assert.deepEqual(await openRequest(request), first);
    const recorded = await database.collections.requests.findOne({ _id: request.requestId });
    assert.equal(recorded?.status, 'rejected');
    assert.equal(recorded?.rejection?.code, 'relationship_exists');
  });

  test('runs started without the parties read the tenants, and their emails read like the others', async () => {
    const given = input('customer-c');
    const withoutParties = { ...input('customer-c', false), requestId: randomUUID() };
    // One pair has one open request at a time; for this test both documents sit side by side.
    const opened = await openRequest(withoutParties);
    assert.deepEqual(opened.parties, parties);
    await openRequest(given);

    const acceptedBy = { firstName: 'Olena', lastName: 'Koval', email: 'olena@kyiv.example' };
    for (const request of [given, withoutParties]) {
      await database.collections.requests.updateOne({ _id: request.requestId }, { $set: { acceptedBy } });
    }
    await database.collections.requests.updateOne({ _id: withoutParties.requestId }, { $unset: { parties: '' } });
    const { invitationTtlMs: _ttl, reminderOffsetsMs: _offsets, ...request } = given;
    const facts: RequestFacts = { ...request, parties: given.parties!, expiresAt: new Date(at.getTime() + 30 * day).toISOString(), acceptedBy };
    await activities().sendAcceptanceNotices({ requestId: given.requestId, facts });
    await activities().sendAcceptanceNotices({ requestId: withoutParties.requestId });

    const email = async (key: string) => {
      const found = await database.collections.outbox.findOne({ _id: key });
      assert.ok(found, `no email ${key}`);
      return { to: found.to, subject: found.subject, text: found.text.replaceAll(given.requestId, '<id>').replaceAll(withoutParties.requestId, '<id>') };
    };
    assert.deepEqual(await email(`confirmation:${withoutParties.requestId}`), await email(`confirmation:${given.requestId}`));
    assert.deepEqual(await email(`partner:accepted:${withoutParties.requestId}`), await email(`partner:accepted:${given.requestId}`));
    for (const id of [given.requestId, withoutParties.requestId]) {
      const recorded = await database.collections.requests.findOne({ _id: id });
      assert.deepEqual(Object.keys(recorded?.events ?? {}), ['requested', 'pending', `confirmation:${id}`, `partner:accepted:${id}`]);
    }
  });
});
