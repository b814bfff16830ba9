import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { webhookEventId } from '../../domain/webhookEvents.js';
import { call } from '../support/http.js';
import { seededStack } from '../support/stack.js';
import { allProcessed, deliveryResult, registerReceiver, requestAndAccept } from '../support/webhookFlows.js';
import { startWebhookReceiver, type Answer } from '../support/webhookReceiver.js';

/** Three calls in ten fail: one refused before processing, two processed and then answered 500 (a redelivery follows). */
const thirtyPercent = (call: number): Answer => (['fail-before', 'ok', 'ok', 'fail-after', 'ok', 'ok', 'ok', 'fail-after', 'ok', 'ok'] as const)[call % 10]!;

describe('a receiver failing 30% of calls', () => {
  const ctx = seededStack({ webhookRetry: { initial: '500ms', maxInterval: '2s', window: '1h' } });

  test('gets every event, and processes each webhook-id once', async () => {
    const receiver = await startWebhookReceiver({ answer: thirtyPercent });
    try {
      const endpoint = await registerReceiver(ctx.stack, ctx.world.keys.trAdmin, receiver);
      const { tenants, keys } = ctx.world;
      const ids: string[] = [];
      for (const customer of [tenants.uaCustomer, tenants.aeCustomer]) {
        const requestId = await requestAndAccept(ctx.stack, ctx.world, customer);
        ids.push(...(['relationship_request.created', 'relationship_request.accepted', 'relationship.created'] as const).map((type) => webhookEventId(type, requestId)));
      }
      const cancelled = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
        key: keys.trAdmin,
        body: { customerTenantId: tenants.trCustomer, customerEmail: 'it@tr.example', includeDelegatedAdminPrivileges: true },
      });
      await call(ctx.stack, 'POST', `/v1/relationship-requests/${cancelled.json.id}/cancel`, { key: keys.trAdmin, body: {} });
      ids.push(webhookEventId('relationship_request.created', cancelled.json.id), webhookEventId('relationship_request.cancelled', cancelled.json.id));
      for (let i = 0; i < 5; i += 1) {
        const added = await call(ctx.stack, 'POST', '/v1/customers', {
          key: keys.trAdmin,
          body: {
            domainPrefix: `flaky${i}${ctx.world.tag}`,
            companyName: `Flaky ${i}`,
            country: 'TR',
            email: `it@flaky-${i}.example`,
            includeDelegatedAdminPrivileges: true,
            agreement: { firstName: 'Deniz', lastName: 'Kaya', email: 'deniz@flaky.example', acceptAgreement: true },
          },
        });
        assert.equal(added.status, 201, added.text);
        ids.push(webhookEventId('relationship.created', `${tenants.trPartner}:${added.json.customerTenantId}`));
      }

      await allProcessed(receiver, ids, 60_000);
      for (const id of ids) assert.equal((await deliveryResult(ctx.stack, endpoint.id, id)).outcome, 'delivered');
      const failed = receiver.calls.length - ids.length;
      assert.ok(failed >= 3, `the receiver failed ${failed} of ${receiver.calls.length} calls`);
      assert.ok(ids.some((id) => receiver.callsFor(id) > 1), 'some event was delivered more than once');
      assert.equal(receiver.processed.size, ids.length, 'each webhook-id processed once');
      assert.deepEqual([...receiver.processed.keys()].sort(), [...ids].sort());
      assert.equal(receiver.rejected.length, 0, 'every call verified');
    } finally {
      await receiver.close();
    }
  });
});
