import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../api/app.js';
import { createInvitationLinks } from '../../platform/invitationTokens.js';
import { createKeyring } from '../../platform/secretKeys.js';
import { demoWorld } from '../support/fixtures.js';
import { call, eventually, invitationPath } from '../support/http.js';
import { decodedHistory, startStack, type Stack } from '../support/stack.js';

/** Every payload in a workflow history, decoded to text, so a scan sees what the server stores. */
function historyText(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(historyText).join('\n');
  if (value && typeof value === 'object') return Object.values(value).map(historyText).join('\n');
  return String(value ?? '');
}

describe('security', () => {
  let stack: Stack;
  const world = demoWorld();
  const logLines: string[] = [];
  const secret = 'the-invitation-secret-under-test-0123456789';
  let created: { id: string; invitationUrl: string };

  before(async () => {
    stack = await startStack({ logLines, secret });
    await stack.seed(world.seed);
    const response = await call(stack, 'POST', '/v1/relationship-requests', {
      key: world.keys.trAdmin,
      body: {
        customerTenantId: world.tenants.uaCustomer,
        customerEmail: 'it@kyiv.example',
        includeDelegatedAdminPrivileges: true,
        message: '<script>alert("x")</script> {"$gt": ""} \'; drop table customers; --',
        indirectResellerId: '<img src=x onerror=alert(1)>',
      },
    });
    assert.equal(response.status, 201, response.text);
    created = response.json as typeof created;
  });
  after(() => stack?.stop());

  test('API keys are stored only as SHA-256 hashes', async () => {
    const users = await stack.collections.partnerUsers.find({}).toArray();
    const stored = JSON.stringify(users);
    for (const key of Object.values(world.keys)) assert.equal(stored.includes(key), false);
    for (const user of users) {
      assert.match(user.apiKeyHash, /^[0-9a-f]{64}$/);
      assert.equal('apiKey' in user, false);
    }
  });

  test("another partner's request answers 404 on every route", async () => {
    const foreign = world.keys.deAdmin;
    const path = `/v1/relationship-requests/${created.id}`;
    assert.equal((await call(stack, 'GET', path, { key: foreign })).status, 404);
    assert.equal((await call(stack, 'POST', `${path}/cancel`, { key: foreign, body: {} })).status, 404);
    assert.equal((await call(stack, 'POST', `${path}/resend`, { key: foreign })).status, 404);
    const list = await call(stack, 'GET', '/v1/relationship-requests', { key: foreign });
    assert.equal(list.json.items.length, 0);
    assert.equal((await stack.collections.requests.findOne({ _id: created.id }))?.status, 'pending');
  });

  test('injection strings are stored as text and rendered escaped', async () => {
    const request = await stack.collections.requests.findOne({ _id: created.id });
    assert.equal(request?.message, '<script>alert("x")</script> {"$gt": ""} \'; drop table customers; --');
    const page = await call(stack, 'GET', invitationPath(created.invitationUrl));
    assert.doesNotMatch(page.text, /<script>alert/);
    assert.match(page.text, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
    const email = await stack.collections.outbox.findOne({ _id: `invitation:${created.id}` });
    assert.doesNotMatch(email?.html ?? '', /<script>alert|<img src=x/);
  });

  test('a token made from one request ID and another request\'s MAC is refused', async () => {
    const other = await call(stack, 'POST', '/v1/relationship-requests', {
      key: world.keys.trAdmin,
      body: { customerTenantId: world.tenants.aeCustomer, customerEmail: 'it@dubai.example', includeDelegatedAdminPrivileges: true },
    });
    const [idPart] = stack.links.tokenFor(created.id).split('.');
    const [, otherMac] = stack.links.tokenFor(other.json.id).split('.');
    assert.equal((await call(stack, 'GET', `/invitations/${idPart}.${otherMac}`)).status, 404);
  });

  test('rotating the secret with no INVITATION_SECRET_PREVIOUS revokes every link', async () => {
    const rotated = createApp({ ...stack.deps, links: createInvitationLinks({ keys: createKeyring({ current: `${secret}-rotated` }), publicBaseUrl: 'http://localhost:3000' }) });
    const response = await rotated.request(invitationPath(created.invitationUrl));
    assert.equal(response.status, 404);
    assert.equal((await call(stack, 'GET', invitationPath(created.invitationUrl))).status, 200, 'the old app still accepts it');
  });

  test('a link replayed after the request closed cannot act again', async () => {
    const first = await call(stack, 'POST', `${invitationPath(created.invitationUrl)}/accept`, {
      body: { firstName: 'Olena', lastName: 'S', email: 'olena@kyiv.example', acceptAgreement: true },
    });
    assert.equal(first.status, 200, first.text);
    const replay = await call(stack, 'POST', `${invitationPath(created.invitationUrl)}/decline`, { body: {} });
    assert.equal(replay.status, 409);
    const page = await call(stack, 'GET', invitationPath(created.invitationUrl));
    assert.doesNotMatch(page.text, /<form/);
    assert.equal(await stack.collections.relationships.countDocuments({ customerTenantId: world.tenants.uaCustomer }), 1);
  });

  test('no secret, token or API key is in workflow history, MongoDB or the logs', async () => {
    const token = invitationPath(created.invitationUrl).split('/').at(-1)!;
    const mac = token.split('.')[1]!;
    const secrets = { token, mac, secret, ...world.keys };

    const request = await eventually(async () => {
      const doc = await stack.collections.requests.findOne({ _id: created.id });
      return doc && Object.values(doc.events).some((event) => event.type === 'partner_notified') ? doc : undefined;
    }, 10_000, 'the request to close');
    const history = historyText(await decodedHistory(stack, await stack.client.workflow.getHandle(request.workflowId, request.runId).fetchHistory()));
    assert.match(history, new RegExp(created.id), 'the scan reads decoded payloads');

    // The outbox is the dev mailbox: emails carry the link by design, like any mail server would.
    const stored: string[] = [];
    for (const name of ['partners', 'partnerUsers', 'customers', 'requests', 'relationships', 'agreementAcceptances'] as const) {
      stored.push(JSON.stringify(await stack.collections[name].find({}).toArray()));
    }
    const logs = logLines.join('\n');
    assert.ok(logs.includes('"msg":"request"'), 'the logs were captured');
    for (const [name, value] of Object.entries(secrets)) {
      assert.equal(history.includes(value), false, `${name} is in the workflow history`);
      assert.equal(stored.join('\n').includes(value), false, `${name} is in MongoDB`);
      assert.equal(logs.includes(value), false, `${name} is in the logs`);
    }
  });
});
