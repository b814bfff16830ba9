import assert from 'node:assert/strict';
import { before, after, describe, test } from 'node:test';
import type { temporal } from '@temporalio/proto';
import { createResendMailer, type Mailer } from '../../activities/mailer.js';
import { relationshipRequestWorkflowId } from '../../workflows/relationshipRequestContract.js';
import { call, eventually, invitationPath } from '../support/http.js';
import { startResendStandIn, type ResendStandIn } from '../support/resendStandIn.js';
import { decodedPayload, seededStack, type Stack } from '../support/stack.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const localSteps = (stack: Stack, events: HistoryEvent[]) =>
  Promise.all(
    events
      .filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity')
      .map((event) => decodedPayload<string>(stack, event.userMetadata!.summary!)),
  );
const count = (events: HistoryEvent[], has: (event: HistoryEvent) => unknown) => events.filter(has).length;
const history = async (stack: Stack, partnerTenantId: string, customerTenantId: string) =>
  (await stack.client.workflow.getHandle(relationshipRequestWorkflowId(partnerTenantId, customerTenantId)).fetchHistory()).events ?? [];
const acceptance = { firstName: 'Jana', lastName: 'Weber', email: 'jana@berlin.example', acceptAgreement: true };

describe('each answer is one workflow task', () => {
  const ctx = seededStack({ reminderAfter: '10m,20m', invitationTtl: '1h' });

  test('create: the steps it waits on run locally, each named in the history', async () => {
    const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: { customerTenantId: ctx.world.tenants.trCustomer, customerEmail: 'it@izmir.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, created.text);
    const events = await history(ctx.stack, ctx.world.tenants.trPartner, ctx.world.tenants.trCustomer);
    assert.deepEqual((await localSteps(ctx.stack, events)), ['Check eligibility, record the request and send the invitation']);
    assert.equal(count(events, (event) => event.workflowTaskCompletedEventAttributes), 1, 'one workflow task answered the create');
    assert.equal(count(events, (event) => event.activityTaskScheduledEventAttributes), 0);
    assert.equal(count(events, (event) => event.timerStartedEventAttributes), 1, 'one timer: the next reminder');
  });

  test('accept: the acceptance and both emails in the task that answers, and the run ends with no activity', async () => {
    const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.deAdmin,
      body: { customerTenantId: ctx.world.tenants.deCustomer, customerEmail: 'it@berlin.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, created.text);
    const accepted = await call(ctx.stack, 'POST', `${invitationPath(created.json.invitationUrl)}/accept`, { body: acceptance });
    assert.equal(accepted.status, 200, accepted.text);

    // The emails were out before the answer: the request already holds both events.
    const request = await ctx.stack.collections.requests.findOne({ _id: created.json.id });
    assert.ok(request?.events[`confirmation:${created.json.id}`], 'customer confirmed');
    assert.ok(request?.events[`partner:accepted:${created.json.id}`], 'partner told');
    assert.equal(request?.parties?.customer.companyName, 'Berlin Maschinen');

    const handle = ctx.stack.client.workflow.getHandle(relationshipRequestWorkflowId(ctx.world.tenants.dePartner, ctx.world.tenants.deCustomer));
    await handle.result();
    const events = (await handle.fetchHistory()).events ?? [];
    assert.deepEqual((await localSteps(ctx.stack, events)).slice(1), ['Record the acceptance, the MCA and the reseller relationship; confirm to the customer and tell the partner']);
    assert.equal(count(events, (event) => event.activityTaskScheduledEventAttributes), 0);
    assert.equal(count(events, (event) => event.workflowTaskCompletedEventAttributes), 2, 'create and accept, one task each');
  });
});

describe('an email service that fails during the answer', () => {
  let standIn: ResendStandIn;
  let resend: Mailer;
  before(async () => {
    standIn = await startResendStandIn({ random: () => 0.1 });
    resend = createResendMailer({ apiKey: 're_test_only', from: 'test@example.com', baseUrl: standIn.baseUrl });
  });
  after(() => standIn.close());
  const ctx = seededStack({ reminderAfter: '10m', invitationTtl: '1h', mailer: { send: (email) => resend.send(email) } });

  test('does not hold the answer: the emails go out later, once each, from a retried activity', async () => {
    const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: { customerTenantId: ctx.world.tenants.uaCustomer, customerEmail: 'it@kyiv.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, created.text);

    standIn.setFailureRate(1); // every call answers 500
    const accepted = await call(ctx.stack, 'POST', `${invitationPath(created.json.invitationUrl)}/accept`, { body: acceptance });
    assert.equal(accepted.status, 200, accepted.text);
    const relationship = await ctx.stack.collections.relationships.countDocuments({ customerTenantId: ctx.world.tenants.uaCustomer });
    assert.equal(relationship, 1, 'the acceptance is recorded before the answer');
    assert.equal(standIn.delivered.has(`confirmation:${created.json.id}`), false);

    standIn.setFailureRate(0);
    const handle = ctx.stack.client.workflow.getHandle(relationshipRequestWorkflowId(ctx.world.tenants.trPartner, ctx.world.tenants.uaCustomer));
    assert.equal((await handle.result()).status, 'accepted');
    assert.ok(standIn.delivered.has(`confirmation:${created.json.id}`));
    assert.ok(standIn.delivered.has(`partner:accepted:${created.json.id}`));
    assert.ok((standIn.attempts.get(`confirmation:${created.json.id}`) ?? 0) >= 2, 'first tried within the answer');

    const events = (await handle.fetchHistory()).events ?? [];
    const scheduled = events.filter((event) => event.activityTaskScheduledEventAttributes);
    assert.deepEqual(
      await Promise.all(scheduled.map((event) => decodedPayload<string>(ctx.stack, event.userMetadata!.summary!))),
      ['Confirm to the customer and tell the partner: accepted (retried)'],
    );
    const request = await eventually(async () => {
      const found = await ctx.stack.collections.requests.findOne({ _id: created.json.id });
      return found?.events[`partner:accepted:${created.json.id}`] && found;
    }, 10_000, 'notice events');
    assert.ok(request.events[`confirmation:${created.json.id}`]);
  });
});
