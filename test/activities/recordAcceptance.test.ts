import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities/index.js';
import { createOutboxMailer, type Mailer } from '../../activities/mailer.js';
import { createRequestEvents } from '../../activities/requestEvents.js';
import { createRequestActivities } from '../../activities/requests.js';
import type { Acceptance, RequestFacts } from '../../domain/relationshipRequest.js';
import { pairKey, type RelationshipRequestDocument } from '../../platform/documents.js';
import { createInvitationLinks } from '../../platform/invitationTokens.js';
import { connectDatabase, type Database } from '../../platform/mongo.js';
import { createKeyring } from '../../platform/secretKeys.js';
import { sampleParties } from '../support/fixtures.js';
import { serviceAddresses } from '../support/stack.js';

const at = new Date('2026-11-26T10:00:00Z');
const signedIn = { verifiedBy: 'signIn', objectId: 'oid-ada', tenantId: 'customer-a', name: 'Ada Yılmaz', username: 'ada@customer.example' } as const;
const acceptance: Acceptance = {
  by: signedIn,
  acceptedAt: at.toISOString(),
  attestation: { agreementType: 'MicrosoftCustomerAgreement', agreementVersion: '2024-10', text: 'I accept', language: 'en', wordingVersion: '2026-11' },
  client: { ip: '127.0.0.1', userAgent: 'test' },
};

const request: RequestFacts = {
  requestId: 'req-1',
  partnerTenantId: 'partner-tr',
  customerTenantId: 'customer-a',
  customerEmail: 'it@customer.example',
  includeDelegatedAdminPrivileges: true,
  indirectResellerId: 'reseller-1',
  requestedBy: { userId: 'user-1', email: 'agent@partner.example' },
  parties: sampleParties(),
};

const pendingDocument: RelationshipRequestDocument = {
  _id: request.requestId,
  workflowId: `relationship-request:partner-tr:customer-a`,
  runId: 'run',
  partnerTenantId: request.partnerTenantId,
  customerTenantId: request.customerTenantId,
  customerEmail: request.customerEmail,
  status: 'pending',
  includeDelegatedAdminPrivileges: true,
  indirectResellerId: 'reseller-1',
  requestedBy: request.requestedBy,
  parties: request.parties,
  createdAt: at,
  updatedAt: at,
  remindersSent: 0,
  events: {},
};

describe('recordAcceptance', () => {
  let database: Database;
  before(async () => {
    database = await connectDatabase(serviceAddresses().mongoUri, `activities_${randomBytes(4).toString('hex')}`);
  });
  after(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  test('records the relationship, the MCA and the accepted request once, however often retried', async () => {
    const { collections } = database;
    const now = () => at;
    const activities = createRequestActivities({ collections, now, record: createRequestEvents({ collections, now }) });
    await collections.requests.insertOne(pendingDocument);
    for (let attempt = 0; attempt < 3; attempt += 1) await activities.recordAcceptance({ request, acceptance });

    const relationships = await collections.relationships.find({}).toArray();
    assert.deepEqual(
      relationships.map(({ _id, customerTenantId, delegatedAdminPrivileges, indirectResellerId, origin }) => ({
        _id,
        customerTenantId,
        delegatedAdminPrivileges,
        indirectResellerId,
        origin,
      })),
      [
        {
          _id: pairKey('partner-tr', 'customer-a'),
          customerTenantId: 'customer-a',
          delegatedAdminPrivileges: true,
          indirectResellerId: 'reseller-1',
          origin: { kind: 'request', requestId: 'req-1' },
        },
      ],
    );
    const mca = await collections.agreementAcceptances.find({}).toArray();
    assert.deepEqual(mca.map((m) => [m._id, m.customerTenantId, m.agreementType, m.agreementVersion, m.acceptedBy, m.client]), [
      ['mca:req-1', 'customer-a', 'MicrosoftCustomerAgreement', '2024-10', signedIn, { ip: '127.0.0.1', userAgent: 'test' }],
    ]);
    const recorded = await collections.requests.findOne({ _id: request.requestId });
    assert.equal(recorded?.status, 'accepted');
    assert.deepEqual(recorded?.acceptedBy, signedIn);
    assert.deepEqual(recorded?.events['accepted']?.actor, { kind: 'customer', objectId: 'oid-ada', tenantId: 'customer-a', name: 'Ada Yılmaz', email: 'ada@customer.example' });
    assert.deepEqual(Object.keys(recorded?.events ?? {}), ['accepted']);
  });

  test('in one step with its emails: the request holds the acceptance and both emails; only the acceptance if they fail', async () => {
    const { collections } = database;
    // The step logs an email it could not send, so it runs inside an activity context.
    const stepWith = (mailer: Mailer) => (input: { request: RequestFacts; acceptance: Acceptance }) =>
      new MockActivityEnvironment().run(
        createActivities({
          collections,
          mailer,
          links: createInvitationLinks({ keys: createKeyring({ current: 'x'.repeat(32) }), publicBaseUrl: 'http://localhost:3000' }),
          now: () => at,
        }).recordAcceptanceAndNotify,
        input,
      );
    const sent = { ...request, requestId: 'req-sent', customerTenantId: 'customer-b' };
    await collections.requests.insertOne({ ...pendingDocument, _id: sent.requestId, customerTenantId: 'customer-b' });
    const outbox = createOutboxMailer({ collections, from: 'test@example.com' });
    assert.deepEqual(await stepWith(outbox)({ request: sent, acceptance }), { noticesSent: true });
    const recorded = await collections.requests.findOne({ _id: sent.requestId });
    assert.equal(recorded?.status, 'accepted');
    assert.deepEqual(Object.keys(recorded?.events ?? {}), ['accepted', 'confirmation:req-sent', 'partner:accepted:req-sent']);
    assert.equal(await collections.outbox.countDocuments({ _id: { $in: ['confirmation:req-sent', 'partner:accepted:req-sent'] } }), 2);

    const unsent = { ...request, requestId: 'req-unsent', customerTenantId: 'customer-c' };
    await collections.requests.insertOne({ ...pendingDocument, _id: unsent.requestId, customerTenantId: 'customer-c' });
    const failing: Mailer = { send: () => Promise.reject(new Error('email service down')) };
    assert.deepEqual(await stepWith(failing)({ request: unsent, acceptance }), { noticesSent: false });
    const accepted = await collections.requests.findOne({ _id: unsent.requestId });
    assert.equal(accepted?.status, 'accepted');
    assert.deepEqual(Object.keys(accepted?.events ?? {}), ['accepted'], 'the emails are recorded when they are sent, later');
    assert.equal(await collections.relationships.countDocuments({ _id: pairKey('partner-tr', 'customer-c') }), 1);
  });
});
