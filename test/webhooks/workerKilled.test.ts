import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { webhookEventId } from '../../domain/webhookEvents.js';
import { call, invitationPath } from '../support/http.js';
import { killed, spawnWorker, type Spawned } from '../support/processes.js';
import { seededStack } from '../support/stack.js';
import { allProcessed, deliveryResult, registerReceiver } from '../support/webhookFlows.js';
import { startWebhookReceiver } from '../support/webhookReceiver.js';

describe('a worker SIGKILLed while it delivers', () => {
  const ctx = seededStack({ inProcessWorker: false, webhookRetry: { initial: '1s', maxInterval: '3s', window: '1h' } });

  test('loses no event, and the receiver processes each webhook-id once', async () => {
    // Slow answers: each delivery is in flight for 2 s, long enough to kill the worker in the middle of one.
    const receiver = await startWebhookReceiver({ delayMs: 2_000 });
    const workers: Spawned[] = [];
    try {
      const endpoint = await registerReceiver(ctx.stack, ctx.world.keys.trAdmin, receiver);
      workers.push(spawnWorker(ctx.stack.workerEnv));
      await workers[0]!.ready;

      const firstCall = receiver.nextCall();
      const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
        key: ctx.world.keys.trAdmin,
        body: { customerTenantId: ctx.world.tenants.uaCustomer, customerEmail: 'it@kyiv.example', includeDelegatedAdminPrivileges: true },
      });
      assert.equal(created.status, 201, created.text);
      await firstCall;
      await killed(workers[0]!.child, 'SIGKILL');
      const inFlight = receiver.calls.length;

      workers.push(spawnWorker(ctx.stack.workerEnv));
      await workers[1]!.ready;
      const accepted = await call(ctx.stack, 'POST', `${invitationPath(created.json.invitationUrl)}/accept`, {
        body: { firstName: 'Olena', lastName: 'Shevchenko', email: 'olena@kyiv.example', acceptAgreement: true },
      });
      assert.equal(accepted.status, 200, accepted.text);

      const requestId = created.json.id as string;
      const ids = (['relationship_request.created', 'relationship_request.accepted', 'relationship.created'] as const).map((type) => webhookEventId(type, requestId));
      await allProcessed(receiver, ids, 60_000);
      for (const id of ids) assert.equal((await deliveryResult(ctx.stack, endpoint.id, id)).outcome, 'delivered');

      assert.equal(inFlight, 1, 'the worker died with one delivery in flight');
      const interrupted = receiver.calls[0]!.id;
      assert.equal(interrupted, ids[0]);
      assert.ok(receiver.callsFor(interrupted) >= 2, 'the interrupted delivery was made again');
      assert.equal(receiver.processed.size, 3, 'each webhook-id processed once');
      assert.equal(receiver.rejected.length, 0);
      for (const worker of workers) assert.equal(worker.output().includes(endpoint.secret.slice('whsec_'.length)), false, 'the secret is in a worker log');
    } finally {
      for (const worker of workers) await killed(worker.child, 'SIGTERM');
      await receiver.close();
    }
  });
});
