import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { webhookEventId } from '../../domain/webhookEvents.js';
import { call, eventually } from '../support/http.js';
import { seededStack } from '../support/stack.js';
import { deliveryResult, registerReceiver, requestAndAccept } from '../support/webhookFlows.js';
import { startWebhookReceiver } from '../support/webhookReceiver.js';

describe('an endpoint that fails for the whole retry window', () => {
  // The window is 3 days by default (WEBHOOK_RETRY_WINDOW); here a few seconds.
  const ctx = seededStack({ webhookRetry: { initial: '500ms', maxInterval: '1s', window: '4s' } });

  test('is disabled, its Admin agents are told by email once, and it gets no more events', async () => {
    const receiver = await startWebhookReceiver({ answer: () => 'fail-before' });
    try {
      const endpoint = await registerReceiver(ctx.stack, ctx.world.keys.trAdmin, receiver);
      const requestId = await requestAndAccept(ctx.stack, ctx.world, ctx.world.tenants.uaCustomer);
      const ids = (['relationship_request.created', 'relationship_request.accepted', 'relationship.created'] as const).map((type) => webhookEventId(type, requestId));

      const outcomes = await Promise.all(ids.map((id) => deliveryResult(ctx.stack, endpoint.id, id)));
      assert.ok(outcomes.some((result) => result.outcome === 'endpoint_disabled'), JSON.stringify(outcomes));
      for (const result of outcomes) assert.ok(['endpoint_disabled', 'stopped'].includes(result.outcome));
      assert.ok(outcomes[0]!.attempts >= 4, `retried until the window closed (${outcomes[0]!.attempts} attempts)`);

      const shown = await call(ctx.stack, 'GET', `/v1/webhook-endpoints/${endpoint.id}`, { key: ctx.world.keys.trReader });
      assert.equal(shown.json.status, 'disabled');
      assert.ok(shown.json.disabledAt);
      assert.match(shown.json.disabledReason, /No delivery succeeded/);

      const emails = await ctx.stack.collections.outbox.find({ _id: { $regex: '^webhook-disabled:' } }).toArray();
      assert.deepEqual(emails.map((email) => email._id), [`webhook-disabled:${endpoint.id}`]);
      assert.deepEqual(emails[0]!.to, [ctx.world.seed.partners[0]!.users[0]!.email], 'to the Admin agents');
      assert.match(emails[0]!.text, new RegExp(receiver.url.replace(/[.]/g, '\\.')));

      const attempts = await call(ctx.stack, 'GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=100`, { key: ctx.world.keys.trReader });
      assert.ok(attempts.json.items.length >= 4);
      assert.ok(attempts.json.items.every((item: { statusCode: number; delivered: boolean }) => item.statusCode === 503 && !item.delivered));

      const callsBefore = receiver.calls.length;
      const later = await requestAndAccept(ctx.stack, ctx.world, ctx.world.tenants.aeCustomer);
      await eventually(async () => (await ctx.stack.collections.requests.findOne({ _id: later }))?.status === 'accepted');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(receiver.calls.length, callsBefore, 'a disabled endpoint is not called');
      assert.equal(await ctx.stack.collections.webhookEvents.countDocuments({ _id: webhookEventId('relationship.created', later) }), 0);
    } finally {
      await receiver.close();
    }
  });
});
