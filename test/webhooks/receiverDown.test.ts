import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { webhookEventId } from '../../domain/webhookEvents.js';
import { call } from '../support/http.js';
import { seededStack } from '../support/stack.js';
import { allProcessed, deliveryResult, registerReceiver, requestAndAccept } from '../support/webhookFlows.js';
import { startWebhookReceiver } from '../support/webhookReceiver.js';

describe('a receiver down for 30 seconds', () => {
  const ctx = seededStack({ webhookRetry: { initial: '1s', maxInterval: '4s', window: '1h' } });

  test('gets every event once it is back, and each attempt is readable', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const endpoint = await registerReceiver(ctx.stack, ctx.world.keys.trAdmin, receiver);
      await receiver.down();
      const downAt = Date.now();
      const requestId = await requestAndAccept(ctx.stack, ctx.world, ctx.world.tenants.uaCustomer);
      const ids = [
        webhookEventId('relationship_request.created', requestId),
        webhookEventId('relationship_request.accepted', requestId),
        webhookEventId('relationship.created', requestId),
      ];
      // The request's own workflow did not wait for the receiver.
      assert.ok(Date.now() - downAt < 10_000);
      await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() - downAt)));
      assert.equal(receiver.calls.length, 0);
      await receiver.up();

      await allProcessed(receiver, ids, 20_000);
      for (const id of ids) {
        assert.equal(receiver.callsFor(id), 1, id);
        const result = await deliveryResult(ctx.stack, endpoint.id, id);
        assert.equal(result.outcome, 'delivered');
        assert.ok(result.attempts > 3, `${id} was retried (${result.attempts} attempts)`);
      }
      assert.equal(receiver.rejected.length, 0);

      const attempts = await call(ctx.stack, 'GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=100`, { key: ctx.world.keys.trReader });
      const items = attempts.json.items as { eventId: string; attempt: number; error: string | null; statusCode: number | null; delivered: boolean }[];
      for (const id of ids) {
        const ofEvent = items.filter((item) => item.eventId === id).sort((a, b) => a.attempt - b.attempt);
        assert.ok(ofEvent.slice(0, -1).every((item) => item.error === 'connection refused' && !item.delivered), JSON.stringify(ofEvent));
        assert.deepEqual([ofEvent.at(-1)?.statusCode, ofEvent.at(-1)?.delivered], [204, true]);
      }
    } finally {
      await receiver.close();
    }
  });
});
