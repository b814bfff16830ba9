import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { webhookEventId } from '../../domain/webhookEvents.js';
import { relationshipRequestWorkflowId } from '../../workflows/relationshipRequestContract.js';
import { webhookDeliveryWorkflowId } from '../../workflows/webhookDeliveryContract.js';
import { demoWorld } from '../support/fixtures.js';
import { call, eventually, invitationPath } from '../support/http.js';
import { startStack, type Stack } from '../support/stack.js';
import { allProcessed, deliveryResult, historyText, registerReceiver, requestAndAccept } from '../support/webhookFlows.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhookReceiver.js';

describe('signed webhooks for every fact of a request, on real Temporal and MongoDB', () => {
  const world = demoWorld();
  const logLines: string[] = [];
  let stack: Stack;
  let receiver: WebhookReceiver;
  let onlyRelationships: WebhookReceiver;
  let endpoint: { id: string; secret: string };
  let narrowEndpoint: { id: string; secret: string };

  before(async () => {
    stack = await startStack({ logLines });
    await stack.seed(world.seed);
    receiver = await startWebhookReceiver();
    onlyRelationships = await startWebhookReceiver();
    endpoint = await registerReceiver(stack, world.keys.trAdmin, receiver);
    narrowEndpoint = await registerReceiver(stack, world.keys.trAdmin, onlyRelationships, ['relationship.created']);
  });
  after(async () => {
    await receiver?.close();
    await onlyRelationships?.close();
    await stack?.stop();
  });

  test('create and accept: created, accepted and relationship.created arrive, each verified by the library and once', async () => {
    const requestId = await requestAndAccept(stack, world, world.tenants.uaCustomer);
    const ids = {
      created: webhookEventId('relationship_request.created', requestId),
      accepted: webhookEventId('relationship_request.accepted', requestId),
      relationship: webhookEventId('relationship.created', requestId),
    };
    await allProcessed(receiver, Object.values(ids));
    for (const id of Object.values(ids)) assert.equal((await deliveryResult(stack, endpoint.id, id)).outcome, 'delivered');

    for (const id of Object.values(ids)) {
      assert.equal(receiver.callsFor(id), 1, `${id} arrived once`);
      const call = receiver.calls.find((c) => c.id === id)!;
      assert.deepEqual(call.verifiedWith, [endpoint.secret]);
      assert.ok(Math.abs(Number(call.timestamp) - Date.now() / 1000) < 60, 'webhook-timestamp is the attempt time');
    }
    assert.equal(receiver.rejected.length, 0);

    const created = receiver.processed.get(ids.created)!;
    assert.equal(created.type, 'relationship_request.created');
    assert.equal(created.data.id, requestId);
    assert.equal(created.data.status, 'pending');
    assert.equal(created.data.customerTenantId, world.tenants.uaCustomer);
    assert.equal('invitationUrl' in created.data, false, 'the invitation link goes to no receiver');
    const accepted = receiver.processed.get(ids.accepted)!;
    assert.equal(accepted.data.status, 'accepted');
    assert.equal(accepted.data.acceptedBy.email, 'ada@customer.example');
    const relationship = receiver.processed.get(ids.relationship)!;
    assert.deepEqual(
      [relationship.type, relationship.data.customerTenantId, relationship.data.relationship, relationship.data.delegatedAdminPrivileges, relationship.data.companyName],
      ['relationship.created', world.tenants.uaCustomer, 'reseller', true, 'Kyiv Bakery'],
    );
    const shown = await call(stack, 'GET', `/v1/relationship-requests/${requestId}`, { key: world.keys.trAdmin });
    const { invitationUrl: _link, ...asTheApiShowsIt } = shown.json;
    // As recorded with the acceptance: in the same write as the emails' events, which went out in the same step.
    const eventsThen = asTheApiShowsIt.events.slice(0, accepted.data.events.length);
    assert.deepEqual(accepted.data, { ...asTheApiShowsIt, events: eventsThen }, 'the request as the API shows it');
    assert.deepEqual(
      eventsThen.slice(-3).map((event: { type: string }) => event.type),
      ['accepted', 'customer_confirmed', 'partner_notified'],
    );

    // The endpoint subscribed to relationships only got that one.
    await allProcessed(onlyRelationships, [ids.relationship]);
    assert.deepEqual([...onlyRelationships.processed.keys()], [ids.relationship]);

    const attempts = await call(stack, 'GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`, { key: world.keys.trReader });
    assert.equal(attempts.status, 200, attempts.text);
    const mine = attempts.json.items.filter((item: { eventId: string }) => Object.values(ids).includes(item.eventId));
    assert.equal(mine.length, 3);
    for (const item of mine) {
      assert.deepEqual([item.statusCode, item.error, item.attempt, item.delivered], [204, null, 1, true]);
      assert.ok(item.durationMs >= 0);
    }
  });

  test('rejected, cancelled, declined and a new customer are published too', async () => {
    const rejected = await call(stack, 'POST', '/v1/relationship-requests', {
      key: world.keys.trAdmin,
      body: { customerTenantId: world.tenants.deCustomer, customerEmail: 'it@de.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(rejected.status, 422, rejected.text);

    const toCancel = await call(stack, 'POST', '/v1/relationship-requests', {
      key: world.keys.trAdmin,
      body: { customerTenantId: world.tenants.aeCustomer, customerEmail: 'it@ae.example', includeDelegatedAdminPrivileges: true },
    });
    const cancelled = await call(stack, 'POST', `/v1/relationship-requests/${toCancel.json.id}/cancel`, { key: world.keys.trAdmin, body: { reason: 'wrong contact' } });
    assert.equal(cancelled.status, 200, cancelled.text);

    const toDecline = await call(stack, 'POST', '/v1/relationship-requests', {
      key: world.keys.trAdmin,
      body: { customerTenantId: world.tenants.trCustomer, customerEmail: 'it@tr.example', includeDelegatedAdminPrivileges: true },
    });
    const declined = await call(stack, 'POST', `${invitationPath(toDecline.json.invitationUrl)}/decline`, { body: { reason: 'not now' } });
    assert.equal(declined.status, 200, declined.text);

    const added = await call(stack, 'POST', '/v1/customers', {
      key: world.keys.trAdmin,
      body: {
        domainPrefix: `new${world.tag}`,
        companyName: 'Ankara Yazılım',
        country: 'TR',
        email: 'it@ankara.example',
        includeDelegatedAdminPrivileges: false,
        agreement: { firstName: 'Deniz', lastName: 'Kaya', email: 'deniz@ankara.example', acceptAgreement: true },
      },
    });
    assert.equal(added.status, 201, added.text);

    const ids = {
      rejected: webhookEventId('relationship_request.rejected', rejected.json.requestId),
      cancelled: webhookEventId('relationship_request.cancelled', toCancel.json.id),
      declined: webhookEventId('relationship_request.declined', toDecline.json.id),
      newCustomer: webhookEventId('relationship.created', `${world.tenants.trPartner}:${added.json.customerTenantId}`),
    };
    await allProcessed(receiver, Object.values(ids));
    assert.equal(receiver.processed.get(ids.rejected)!.data.rejection.code, 'region_not_allowed');
    assert.equal(receiver.processed.get(ids.cancelled)!.data.status, 'cancelled');
    assert.equal(receiver.processed.get(ids.declined)!.data.status, 'declined');
    const newCustomer = receiver.processed.get(ids.newCustomer)!;
    assert.deepEqual([newCustomer.data.companyName, newCustomer.data.delegatedAdminPrivileges], ['Ankara Yazılım', false]);
    await allProcessed(onlyRelationships, [ids.newCustomer]);
    for (const id of Object.values(ids)) assert.equal(receiver.callsFor(id), 1);
    assert.equal(receiver.rejected.length, 0);
  });

  test('after a rotation both secrets sign until the overlap ends: the library verifies with each', async () => {
    const rotated = await call(stack, 'POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { key: world.keys.trAdmin });
    assert.equal(rotated.status, 200, rotated.text);
    const newSecret = rotated.json.secret as string;
    receiver.secrets.push(newSecret);

    // The pair was cancelled above: it may be asked again.
    const again = await call(stack, 'POST', '/v1/relationship-requests', {
      key: world.keys.trAdmin,
      body: { customerTenantId: world.tenants.aeCustomer, customerEmail: 'it@ae.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(again.status, 201, again.text);
    const id = webhookEventId('relationship_request.created', again.json.id);
    await allProcessed(receiver, [id]);
    const delivery = receiver.calls.find((c) => c.id === id)!;
    assert.equal(delivery.signature.split(' ').length, 2, 'two signatures, space-separated');
    assert.deepEqual(delivery.verifiedWith, [endpoint.secret, newSecret]);
    for (const secret of [endpoint.secret, newSecret]) {
      const headers = { 'webhook-id': delivery.id, 'webhook-timestamp': delivery.timestamp, 'webhook-signature': delivery.signature };
      assert.equal((new Webhook(secret).verify(delivery.body, headers) as { type: string }).type, 'relationship_request.created');
    }

    // Once the overlap is over (here: moved into the past), only the new secret signs.
    await stack.collections.webhookEndpoints.updateOne({ _id: endpoint.id }, { $set: { 'secrets.1.expiresAt': new Date(Date.now() - 1_000) } });
    const cancelled = await call(stack, 'POST', `/v1/relationship-requests/${again.json.id}/cancel`, { key: world.keys.trAdmin, body: {} });
    assert.equal(cancelled.status, 200, cancelled.text);
    const after = webhookEventId('relationship_request.cancelled', again.json.id);
    await allProcessed(receiver, [after]);
    assert.deepEqual(receiver.calls.find((c) => c.id === after)!.verifiedWith, [newSecret]);
    endpoint.secret = newSecret;
  });

  test('no signing secret is in a workflow history, the logs, or stored unsealed', async () => {
    const stored = await stack.collections.webhookEndpoints.find({}).toArray();
    const sealed = stored.flatMap((one) => one.secrets.map((secret) => secret.sealed));
    const secrets = [...new Set([...receiver.secrets, ...onlyRelationships.secrets])];
    const forbidden = [...secrets, ...secrets.map((secret) => secret.slice('whsec_'.length)), ...sealed];
    assert.ok(secrets.length >= 3 && sealed.length >= 3);

    const events = await stack.collections.webhookEvents.find({ partnerTenantId: world.tenants.trPartner }).toArray();
    const histories: string[] = [];
    for (const event of events.slice(0, 6)) {
      for (const endpointId of event.endpointIds) {
        const history = await stack.client.workflow.getHandle(webhookDeliveryWorkflowId(endpointId, event._id)).fetchHistory();
        histories.push(historyText(history));
      }
    }
    histories.push(historyText(await stack.client.workflow.getHandle(relationshipRequestWorkflowId(world.tenants.trPartner, world.tenants.uaCustomer)).fetchHistory()));
    const history = histories.join('\n');
    assert.match(history, new RegExp(endpoint.id), 'the scan reads decoded payloads');

    const collections: string[] = [];
    for (const name of ['webhookEvents', 'webhookDeliveries', 'requests', 'relationships', 'outbox'] as const) {
      collections.push(JSON.stringify(await stack.collections[name].find({}).toArray()));
    }
    const logs = logLines.join('\n');
    assert.ok(logs.includes('/v1/webhook-endpoints'), 'the logs were captured');
    for (const value of forbidden) {
      assert.equal(history.includes(value), false, 'a secret is in a workflow history');
      assert.equal(logs.includes(value), false, 'a secret is in the logs');
      assert.equal(collections.join('\n').includes(value), false, 'a secret is stored outside its endpoint');
    }
  });

  test('a deleted endpoint gets nothing more', async () => {
    assert.equal((await call(stack, 'DELETE', `/v1/webhook-endpoints/${narrowEndpoint.id}`, { key: world.keys.trAdmin })).status, 204);
    const before = onlyRelationships.calls.length;
    const requestId = await requestAndAccept(stack, world, world.tenants.trCustomer);
    await allProcessed(receiver, [webhookEventId('relationship.created', requestId)]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(onlyRelationships.calls.length, before);
    await eventually(async () => (await stack.collections.webhookEvents.findOne({ _id: webhookEventId('relationship.created', requestId) }))?.endpointIds.length === 1);
  });
});
