import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createRequestActivities } from '../../activities/requests.js';
import type { Acceptance } from '../../domain/relationshipRequest.js';
import { relationshipId, type RelationshipRequestDocument } from '../../platform/documents.js';
import { connectDatabase, type Database } from '../../platform/mongo.js';
import { serviceAddresses } from '../support/stack.js';

const at = new Date('2026-11-26T10:00:00Z');
const acceptance: Acceptance = {
  firstName: 'Ada',
  lastName: 'Yılmaz',
  email: 'ada@customer.example',
  acceptedAt: at.toISOString(),
  attestation: { agreementType: 'MicrosoftCustomerAgreement', agreementVersion: '2024-10', text: 'I accept', language: 'en' },
  client: { ip: '127.0.0.1' },
};

const pendingRequest = (id: string, customerTenantId: string): RelationshipRequestDocument => ({
  _id: id,
  workflowId: `relationship-request:partner-tr:${customerTenantId}`,
  runId: 'run',
  partnerTenantId: 'partner-tr',
  customerTenantId,
  customerEmail: 'it@customer.example',
  status: 'pending',
  includeDelegatedAdminPrivileges: true,
  indirectResellerId: 'reseller-1',
  requestedBy: { userId: 'user-1', email: 'agent@partner.example' },
  createdAt: at,
  updatedAt: at,
  remindersSent: 0,
  events: {},
});

describe('recordAcceptance, with the request facts from the workflow or looked up', () => {
  let database: Database;
  before(async () => {
    database = await connectDatabase(serviceAddresses().mongoUri, `activities_${randomBytes(4).toString('hex')}`);
  });
  after(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  const activities = () => createRequestActivities({ collections: database.collections, now: () => at });

  test('both ways record the same relationship, MCA and accepted request, once however often retried', async () => {
    const { collections } = database;
    await collections.requests.insertMany([pendingRequest('req-given', 'customer-a'), pendingRequest('req-looked-up', 'customer-b')]);
    const facts = { partnerTenantId: 'partner-tr', customerTenantId: 'customer-a', includeDelegatedAdminPrivileges: true, indirectResellerId: 'reseller-1' };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await activities().recordAcceptance({ requestId: 'req-given', acceptance, request: facts });
      await activities().recordAcceptance({ requestId: 'req-looked-up', acceptance }); // as workflows started before the facts were passed
    }

    const relationships = await collections.relationships.find({}).sort({ _id: 1 }).toArray();
    assert.deepEqual(
      relationships.map(({ _id, customerTenantId, delegatedAdminPrivileges, indirectResellerId }) => ({ _id, customerTenantId, delegatedAdminPrivileges, indirectResellerId })),
      ['customer-a', 'customer-b'].map((customer) => ({
        _id: relationshipId('partner-tr', customer),
        customerTenantId: customer,
        delegatedAdminPrivileges: true,
        indirectResellerId: 'reseller-1',
      })),
    );
    const mca = await collections.agreementAcceptances.find({}).sort({ _id: 1 }).toArray();
    assert.deepEqual(mca.map((m) => [m._id, m.customerTenantId, m.agreementVersion]), [
      ['mca:req-given', 'customer-a', '2024-10'],
      ['mca:req-looked-up', 'customer-b', '2024-10'],
    ]);
    for (const id of ['req-given', 'req-looked-up']) {
      const request = await collections.requests.findOne({ _id: id });
      assert.equal(request?.status, 'accepted');
      assert.deepEqual(Object.keys(request?.events ?? {}), ['accepted']);
    }
  });

  test('without the facts and without a recorded request, it fails for good instead of guessing', async () => {
    await assert.rejects(activities().recordAcceptance({ requestId: 'req-missing', acceptance }), /not recorded/);
    assert.equal(await database.collections.relationships.countDocuments({ _id: relationshipId('partner-tr', 'customer-missing') }), 0);
  });
});
