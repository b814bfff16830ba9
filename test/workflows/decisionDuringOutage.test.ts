import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { relationshipRequestWorkflowId } from '../../workflows/relationshipRequestContract.js';
import { startCuttableLink, throughLink } from '../support/cuttableLink.js';
import { call, eventually, invitationPath } from '../support/http.js';
import { seededStack, serviceAddresses } from '../support/stack.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const acceptance = { firstName: 'Jana', lastName: 'Weber', email: 'jana@berlin.example', acceptAgreement: true };

describe('an acceptance admitted just before expiry, while the database is down for longer than the time left', () => {
  const mongo = new URL(serviceAddresses().mongoUri);
  let link: Awaited<ReturnType<typeof startCuttableLink>>;
  before(async () => {
    link = await startCuttableLink({ host: mongo.hostname, port: Number(mongo.port) });
  });
  after(() => link.close());
  const ctx = seededStack({
    invitationTtl: '20s',
    get workerMongoUri() {
      return throughLink(mongo.toString(), link.port);
    },
  });

  test('ends accepted, with one relationship and one MCA record; the answer says it is pending, and a retry gets the outcome', async () => {
    const { stack, world } = ctx;
    const created = await call(stack, 'POST', '/v1/relationship-requests', {
      key: world.keys.deAdmin,
      body: { customerTenantId: world.tenants.deCustomer, customerEmail: 'it@berlin.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, created.text);
    const expiresAt = Date.parse(created.json.expiresAt);

    // The worker loses the database; five seconds before the expiry the customer accepts.
    await link.cut();
    await sleep(Math.max(0, expiresAt - Date.now() - 5_000));
    const acceptPath = `${invitationPath(created.json.invitationUrl)}/accept`;
    const first = await call(stack, 'POST', acceptPath, { body: acceptance });
    assert.equal(first.status, 503, first.text);
    assert.equal(first.json.type, '/problems/decision-pending');
    assert.equal(first.headers.get('retry-after'), '5');
    assert.ok(Date.now() > expiresAt, 'the answer came after the expiry');

    // The outage outlasts the expiry by ten seconds more; the decision was admitted, so the expiry changes nothing.
    await sleep(10_000);
    const handle = stack.client.workflow.getHandle(relationshipRequestWorkflowId(world.tenants.dePartner, world.tenants.deCustomer));
    const during = await handle.fetchHistory();
    assert.ok(
      during.events?.some((event) => event.workflowExecutionUpdateAcceptedEventAttributes),
      'the decision is in the history while the database is down',
    );
    await link.restore();

    const request = await eventually(async () => {
      const current = await stack.collections.requests.findOne({ _id: created.json.id });
      return current?.status === 'accepted' && current;
    }, 40_000, 'the acceptance to be recorded');
    assert.equal(request.acceptedBy?.verifiedBy === 'typedNames' && request.acceptedBy.email, acceptance.email);
    assert.equal(Object.values(request.events).some((event) => event.type === 'expired'), false, 'never expired');

    // Even once the workflow has closed, the same decision sent again gets its outcome.
    assert.equal((await handle.result()).status, 'accepted');
    const again = await call(stack, 'POST', acceptPath, { body: acceptance });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.status, 'accepted');

    const pair = { partnerTenantId: world.tenants.dePartner, customerTenantId: world.tenants.deCustomer };
    assert.equal(await stack.collections.relationships.countDocuments(pair), 1);
    assert.equal(await stack.collections.agreementAcceptances.countDocuments({ customerTenantId: world.tenants.deCustomer }), 1);
  });
});
