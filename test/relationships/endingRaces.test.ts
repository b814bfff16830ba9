import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities/index.js';
import { createOutboxMailer } from '../../activities/mailer.js';
import { createRelationshipEndingActivities } from '../../activities/relationshipEndings.js';
import type { OpenedRequest } from '../../workflows/activityPorts.js';
import type { Acceptance, RequestFacts } from '../../domain/relationshipRequest.js';
import type { WebhookEventInput } from '../../domain/webhookEvents.js';
import { pairKey } from '../../platform/documents.js';
import { createInvitationLinks } from '../../platform/invitationTokens.js';
import { createKeyring } from '../../platform/secretKeys.js';
import { connectDatabase, type Database } from '../../platform/mongo.js';
import { activeRelationship, endedRelationshipKey, relationshipInstanceId } from '../../platform/relationships.js';
import { seedDatabase } from '../../platform/seed.js';
import type { RelationshipEndingInput } from '../../workflows/relationshipChangesContract.js';
import { sampleParties } from '../support/fixtures.js';
import { serviceAddresses } from '../support/stack.js';

const partner = 'partner-tr';
const day = 24 * 3_600_000;

const facts = (customerTenantId: string): RequestFacts => ({
  requestId: randomUUID(),
  partnerTenantId: partner,
  customerTenantId,
  customerEmail: 'it@customer.example',
  includeDelegatedAdminPrivileges: true,
  requestedBy: { userId: 'user-1', email: 'agent@anatolia.example' },
  parties: sampleParties(),
});

const acceptance = (): Acceptance => ({
  by: { verifiedBy: 'signIn', objectId: 'oid-1', tenantId: 'customer', name: 'Olena Koval', username: 'olena@customer.example' },
  acceptedAt: new Date().toISOString(),
  attestation: { agreementType: 'MicrosoftCustomerAgreement', agreementVersion: 'test', text: 'I accept', language: 'en', wordingVersion: 'test' },
  client: { ip: '127.0.0.1' },
});

/** The ending the API would start for the relationship an accepted request made. */
const endingOf = (request: RequestFacts, reason = 'ended by the partner', by = 'admin'): RelationshipEndingInput => ({
  partnerTenantId: request.partnerTenantId,
  customerTenantId: request.customerTenantId,
  relationshipId: relationshipInstanceId({
    partnerTenantId: request.partnerTenantId,
    customerTenantId: request.customerTenantId,
    origin: { kind: 'request', requestId: request.requestId },
  }),
  endedAt: new Date().toISOString(),
  endedBy: { userId: `${partner}:${by}`, email: `${by}@anatolia.example` },
  reason,
  parties: { partner: { name: 'Anatolia Cloud', preferredLanguage: 'tr' }, customer: { companyName: 'Kyiv Bakery', emails: ['it@customer.example'] } },
});

/**
 * The steps that race when a partner ends a relationship while its acceptance is retried (a retried or late
 * `recordAcceptance`) or ended again, called concurrently on the real MongoDB-wire server the suite runs.
 */
describe('ending a relationship while its acceptance or another ending runs', () => {
  let database: Database;
  const activities = () =>
    createActivities({
      collections: database.collections,
      mailer: createOutboxMailer({ collections: database.collections, from: 'test@example.com' }),
      links: createInvitationLinks({ keys: createKeyring({ current: 'x'.repeat(32) }), publicBaseUrl: 'http://localhost:3000' }),
    });
  const accept = (request: RequestFacts) => activities().recordAcceptance({ request, acceptance: acceptance() });
  const end = (input: RelationshipEndingInput) => activities().recordRelationshipEnding(input);
  // openRequest records the run that owns the request, so it runs inside an activity context.
  const open = (request: RequestFacts) =>
    new MockActivityEnvironment().run(activities().openRequest, { request, invitationTtlMs: 30 * day }) as Promise<OpenedRequest>;
  const activeOf = (customerTenantId: string) => database.collections.relationships.find({ customerTenantId }).toArray();
  const endedOf = (customerTenantId: string) => database.collections.endedRelationships.find({ customerTenantId }).toArray();
  let customers = 0;
  const newCustomer = () => `customer-${++customers}`;

  before(async () => {
    database = await connectDatabase(serviceAddresses().mongoUri, `races_${randomBytes(4).toString('hex')}`);
    await seedDatabase(database.collections, {
      partners: [{ tenantId: partner, name: 'Anatolia Cloud', country: 'TR', cloud: 'public', users: [] }],
      customers: [],
    });
  });
  after(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  test('a late acceptance of an ended relationship brings nothing back, nor touches the next relationship of the pair', async () => {
    const customer = newCustomer();
    const first = facts(customer);
    await accept(first);
    const ending = endingOf(first);
    assert.equal((await end(ending)).outcome, 'ended');
    for (let retry = 0; retry < 3; retry += 1) await accept(first);
    assert.deepEqual(await activeOf(customer), [], 'the ended relationship stays ended');
    assert.equal((await endedOf(customer)).length, 1);

    const second = facts(customer);
    assert.equal((await open(second)).eligible, true, 'a new request for the pair is possible again');
    await accept(second);
    await accept(first);
    const active = await activeOf(customer);
    assert.deepEqual(active.map((r) => r.origin), [{ kind: 'request', requestId: second.requestId }], 'one active relationship: the new one');
    assert.equal((await open(facts(customer))).eligible, false, 'and it counts as existing');
    assert.deepEqual(
      (await endedOf(customer)).map((r) => r.relationshipId),
      [ending.relationshipId],
    );
  });

  test('an acceptance retried while the partner ends the relationship: ended stays ended, 25 times over', async () => {
    for (let round = 0; round < 25; round += 1) {
      const customer = newCustomer();
      const request = facts(customer);
      await accept(request);
      const [outcome] = await Promise.all([end(endingOf(request)), accept(request), accept(request)]);
      assert.equal(outcome?.outcome, 'ended');
      assert.deepEqual(await activeOf(customer), [], `round ${round}: nothing active after the ending`);
      assert.equal((await endedOf(customer)).length, 1, `round ${round}: one ending`);
      await accept(request);
      assert.deepEqual(await activeOf(customer), [], `round ${round}: not even after one more late attempt`);
    }
  });

  test('an ending that races the first acceptance either finds nothing to end or ends it for good, 25 times over', async () => {
    for (let round = 0; round < 25; round += 1) {
      const customer = newCustomer();
      const request = facts(customer);
      const [, outcome] = await Promise.all([accept(request), end(endingOf(request))]);
      await accept(request);
      const [active, ended] = await Promise.all([activeOf(customer), endedOf(customer)]);
      if (outcome.outcome === 'ended') {
        assert.deepEqual([active.length, ended.length], [0, 1], `round ${round}: ended for good`);
      } else {
        assert.equal(outcome.outcome, 'notActive');
        assert.deepEqual([active.length, ended.length], [1, 0], `round ${round}: still active, nothing ended`);
      }
    }
  });

  test('five endings of one relationship at once record one ending, which every one answers with', async () => {
    const customer = newCustomer();
    const request = facts(customer);
    await accept(request);
    const outcomes = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((who) => end(endingOf(request, `reason of ${who}`, who))));
    const [ended, ...others] = await endedOf(customer);
    assert.ok(ended);
    assert.equal(others.length, 0);
    for (const outcome of outcomes) {
      assert.equal(outcome.outcome, 'ended');
      assert.deepEqual(outcome.outcome === 'ended' && [outcome.relationship.reason, outcome.relationship.endedBy], [ended.reason, ended.endedBy]);
    }
    assert.equal(await database.collections.relationshipEvents.countDocuments({ relationshipId: ended.relationshipId }), 1);
    assert.deepEqual(await activeOf(customer), []);
  });

  test('the leftover of an ending stopped between its copy and its removal counts as ended, and goes', async () => {
    // What a crash leaves: the ended copy written, the active document not yet removed.
    const leftover = async () => {
      const customer = newCustomer();
      const request = facts(customer);
      await accept(request);
      const ending = endingOf(request);
      const active = await database.collections.relationships.findOne({ _id: pairKey(partner, customer) });
      const { _id, ...copy } = active!;
      await database.collections.endedRelationships.insertOne({
        ...copy,
        _id: endedRelationshipKey(partner, customer, ending.relationshipId),
        relationshipId: ending.relationshipId,
        endedAt: new Date(ending.endedAt),
        endedBy: ending.endedBy,
        reason: ending.reason,
        parties: ending.parties,
      });
      return { customer, request, ending };
    };

    const retried = await leftover();
    assert.equal(await activeRelationship(database.collections, partner, retried.customer), null, 'it is not active');
    assert.equal((await end(retried.ending)).outcome, 'ended', 'the retried ending answers with the ending');
    assert.deepEqual(await activeOf(retried.customer), [], 'and removes the leftover');

    const renewed = await leftover();
    const next = facts(renewed.customer);
    assert.equal((await open(next)).eligible, true, 'the pair may ask again');
    await accept(renewed.request);
    assert.equal(await activeRelationship(database.collections, partner, renewed.customer), null, 'a late acceptance of the ended one removes it too');
    await accept(next);
    assert.deepEqual((await activeOf(renewed.customer)).map((r) => r.origin), [{ kind: 'request', requestId: next.requestId }]);
  });

  test('removing delegated admin privileges records one removal, however many at once, and nothing once the relationship ended', async () => {
    const customer = newCustomer();
    const request = facts(customer);
    await accept(request);
    const { relationshipId } = endingOf(request);
    const removal = (name: string) =>
      activities().recordDelegatedAdminRemoval({
        partnerTenantId: partner,
        customerTenantId: customer,
        relationshipId,
        at: new Date().toISOString(),
        by: { verifiedBy: 'signIn', objectId: `oid-${name}`, tenantId: customer, name },
      });
    const outcomes = await Promise.all(['Ada', 'Bora', 'Cem'].map(removal));
    const events = await database.collections.relationshipEvents.find({ relationshipId }).toArray();
    assert.equal(events.length, 1);
    const [event] = events;
    for (const outcome of outcomes) {
      assert.equal(outcome.outcome, 'removed');
      assert.deepEqual(outcome.outcome === 'removed' && outcome.relationship.delegatedAdminPrivilegesRemoved?.by.objectId, (event?.detail?.by as { objectId: string }).objectId);
    }
    const [active] = await activeOf(customer);
    assert.equal(active?.delegatedAdminPrivileges, false);
    assert.equal(active?.delegatedAdminPrivilegesRemoved?.eventId, event?._id);
    assert.equal((await end(endingOf(request))).outcome, 'ended');
    assert.equal((await removal('Deniz')).outcome, 'notActive');
    const [ended] = await endedOf(customer);
    assert.equal(ended?.delegatedAdminPrivilegesRemoved?.eventId, event?._id, 'the ended relationship keeps the removal');
  });

  test('the relationship.ended webhook event has the ending as its ID and the ended relationship as its data', async () => {
    const customer = newCustomer();
    await database.collections.customers.insertOne({
      _id: customer, domain: `${customer}.example`, companyName: 'Kyiv Bakery', country: 'UA', cloud: 'public', email: `it@${customer}.example`, createdAt: new Date(), updatedAt: new Date(),
    });
    const request = facts(customer);
    await accept(request);
    const ending = endingOf(request);
    await end(ending);
    const published: WebhookEventInput[] = [];
    const changes = createRelationshipEndingActivities({
      collections: database.collections,
      mailer: { send: async () => {} },
      now: () => new Date(),
      publish: async (event) => {
        published.push(event);
      },
    });
    await changes.publishRelationshipEnded(ending);
    await changes.publishRelationshipEnded(ending);
    assert.equal(published.length, 2);
    assert.deepEqual(published[0], published[1], 'a retry publishes the same event');
    const [event] = published;
    assert.equal(event?.id, `evt_relationship_ended_${ending.relationshipId}`);
    assert.equal(event?.type, 'relationship.ended');
    assert.equal(event?.partnerTenantId, partner);
    assert.deepEqual(event?.occurredAt, new Date(ending.endedAt));
    assert.deepEqual(
      { ...event?.data, since: undefined },
      {
        partnerTenantId: partner,
        customerTenantId: customer,
        companyName: 'Kyiv Bakery',
        domain: `${customer}.example`,
        country: 'UA',
        cloud: 'public',
        relationship: 'reseller',
        relationshipId: ending.relationshipId,
        status: 'ended',
        delegatedAdminPrivileges: true,
        delegatedAdminPrivilegesRemoved: null,
        since: undefined,
        endedAt: ending.endedAt,
        endedBy: ending.endedBy,
        reason: ending.reason,
      },
    );
  });
});
