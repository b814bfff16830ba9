import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities/index.js';
import { createOutboxMailer } from '../../activities/mailer.js';
import type { OpenedRequest } from '../../workflows/activityPorts.js';
import type { RequestFacts } from '../../domain/relationshipRequest.js';
import { createInvitationLinks } from '../../platform/invitationTokens.js';
import { createKeyring } from '../../platform/secretKeys.js';
import { pairKey } from '../../platform/documents.js';
import { connectDatabase, type Database } from '../../platform/mongo.js';
import { seedDatabase } from '../../platform/seed.js';
import { sampleParties } from '../support/fixtures.js';
import { serviceAddresses } from '../support/stack.js';

const at = new Date('2026-11-26T10:00:00Z');
const day = 24 * 3_600_000;

const facts = (customerTenantId: string): RequestFacts => ({
  requestId: randomUUID(),
  partnerTenantId: 'partner-tr',
  customerTenantId,
  customerEmail: 'it@kyiv.example',
  includeDelegatedAdminPrivileges: true,
  requestedBy: { userId: 'user-1', email: 'agent@anatolia.example' },
  parties: sampleParties(),
});

describe('opening a request and its emails, retried', () => {
  let database: Database;
  let clock = at;
  const activities = () =>
    createActivities({
      collections: database.collections,
      mailer: createOutboxMailer({ collections: database.collections, from: 'test@example.com' }),
      links: createInvitationLinks({ keys: createKeyring({ current: 'x'.repeat(32) }), publicBaseUrl: 'http://localhost:3000' }),
      now: () => clock,
    });
  // openRequest records the run that owns the request, so it runs inside an activity context.
  const openRequest = (request: RequestFacts): Promise<OpenedRequest> =>
    new MockActivityEnvironment().run(activities().openRequest, { request, invitationTtlMs: 30 * day }) as Promise<OpenedRequest>;

  before(async () => {
    database = await connectDatabase(serviceAddresses().mongoUri, `activities_${randomBytes(4).toString('hex')}`);
    await seedDatabase(database.collections, {
      partners: [{ tenantId: 'partner-tr', name: 'Anatolia Cloud', country: 'TR', cloud: 'public', users: [] }],
      customers: ['customer-a', 'customer-b', 'customer-c', 'customer-d'].map((tenantId) => ({
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
    const request = facts('customer-a');
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
    assert.deepEqual(recorded[0]?.parties, sampleParties());
  });

  test('an existing relationship rejects, and the rejection is what a retry answers', async () => {
    await database.collections.relationships.insertOne({
      _id: pairKey('partner-tr', 'customer-b'),
      partnerTenantId: 'partner-tr',
      customerTenantId: 'customer-b',
      type: 'reseller',
      delegatedAdminPrivileges: false,
      since: at,
      origin: { kind: 'newCustomer', partnerUserId: 'user-1' },
    });
    const request = facts('customer-b');
    const first = await openRequest(request);
    assert.equal(first.eligible, false);
    assert.equal(!first.eligible && first.code, 'relationship_exists');
    assert.deepEqual(await openRequest(request), first);
    const recorded = await database.collections.requests.findOne({ _id: request.requestId });
    assert.equal(recorded?.status, 'rejected');
    assert.equal(recorded?.rejection?.code, 'relationship_exists');
  });

  test('the acceptance emails go out and are recorded once, however often the step runs', async () => {
    const request = facts('customer-c');
    await openRequest(request);
    const acceptedBy = { verifiedBy: 'typedNames', firstName: 'Olena', lastName: 'Koval', email: 'olena@kyiv.example' } as const;
    await activities().sendAcceptanceNotices({ request, acceptedBy });
    clock = new Date(at.getTime() + 60_000);
    await activities().sendAcceptanceNotices({ request, acceptedBy });
    clock = at;

    const confirmation = await database.collections.outbox.findOne({ _id: `confirmation:${request.requestId}` });
    assert.deepEqual(confirmation?.to, ['olena@kyiv.example', 'it@kyiv.example']);
    assert.match(confirmation?.subject ?? '', /Anatolia Cloud/);
    const notice = await database.collections.outbox.findOne({ _id: `partner:accepted:${request.requestId}` });
    assert.deepEqual(notice?.to, ['agent@anatolia.example']);
    assert.match(notice?.text ?? '', /Olena Koval <olena@kyiv\.example>/);
    assert.equal(await database.collections.outbox.countDocuments({ _id: { $in: [`confirmation:${request.requestId}`, `partner:accepted:${request.requestId}`] } }), 2);

    const recorded = await database.collections.requests.findOne({ _id: request.requestId });
    const id = request.requestId;
    assert.deepEqual(Object.keys(recorded?.events ?? {}), ['requested', 'pending', `confirmation:${id}`, `partner:accepted:${id}`]);
  });

  test('open and invite in one step: an invitation that fails leaves the request recorded and says it was not sent', async () => {
    const failing = createActivities({
      collections: database.collections,
      mailer: { send: async () => Promise.reject(new Error('email service down')) },
      links: createInvitationLinks({ keys: createKeyring({ current: 'x'.repeat(32) }), publicBaseUrl: 'http://localhost:3000' }),
      now: () => clock,
    });
    const request = facts('customer-d');
    const input = { request, invitationTtlMs: 30 * day };
    const first = await new MockActivityEnvironment().run(failing.openRequestAndInvite, input);
    assert.deepEqual(first, { eligible: true, expiresAt: new Date(at.getTime() + 30 * day).toISOString(), invitationSent: false });
    assert.equal(await database.collections.outbox.countDocuments({ _id: `invitation:${request.requestId}` }), 0);

    const again = await new MockActivityEnvironment().run(activities().openRequestAndInvite, input);
    assert.deepEqual(again, { ...first, invitationSent: true });
    const recorded = await database.collections.requests.findOne({ _id: request.requestId });
    assert.deepEqual(Object.keys(recorded?.events ?? {}), ['requested', 'pending', `invitation:${request.requestId}`]);
    assert.equal(await database.collections.outbox.countDocuments({ _id: `invitation:${request.requestId}` }), 1);
  });
});
