import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import type { Mailer } from '../../activities/mailer.js';
import { call, eventually, invitationPath } from '../support/http.js';
import { seededStack, type Stack } from '../support/stack.js';

const request = (stack: Stack, key: string, customerTenantId: string, extra: Record<string, unknown> = {}) =>
  call(stack, 'POST', '/v1/relationship-requests', {
    key,
    body: { customerTenantId, customerEmail: 'it@customer.example', includeDelegatedAdminPrivileges: true, ...extra },
  });

const outboxKeys = async (stack: Stack, requestId: string) =>
  (await stack.collections.outbox.find({ _id: { $regex: requestId } }).toArray()).map((email) => email._id).sort();

describe('request lifecycle paths', () => {
  const ctx = seededStack({ invitationTtl: '1h', reminderAfter: '30m' });

  test('declined by the customer: partner told, no relationship', async () => {
    const created = await request(ctx.stack, ctx.world.keys.trAdmin, ctx.world.tenants.trCustomer);
    assert.equal(created.status, 201, created.text);
    const declined = await call(ctx.stack, 'POST', `${invitationPath(created.json.invitationUrl)}/decline`, {
      body: { reason: 'We buy directly' },
    });
    assert.equal(declined.status, 200, declined.text);
    assert.equal(declined.json.status, 'declined');
    assert.equal(await ctx.stack.collections.relationships.countDocuments({ customerTenantId: ctx.world.tenants.trCustomer }), 0);
    await eventually(async () => (await outboxKeys(ctx.stack, created.json.id)).includes(`partner:declined:${created.json.id}`), 10_000, 'partner notice');
    assert.deepEqual(await outboxKeys(ctx.stack, created.json.id), [`invitation:${created.json.id}`, `partner:declined:${created.json.id}`]);

    const again = await call(ctx.stack, 'POST', `${invitationPath(created.json.invitationUrl)}/accept`, {
      body: { firstName: 'A', lastName: 'B', email: 'a@b.example', acceptAgreement: true },
    });
    assert.equal(again.status, 409);
    assert.equal(again.json.requestStatus, 'declined');
  });

  test('cancelled by the partner: closed, the link no longer acts, a new request may follow', async () => {
    const created = await request(ctx.stack, ctx.world.keys.trSales, ctx.world.tenants.aeCustomer);
    assert.equal(created.status, 201, created.text);
    const cancelled = await call(ctx.stack, 'POST', `/v1/relationship-requests/${created.json.id}/cancel`, {
      key: ctx.world.keys.trAdmin,
      body: { reason: 'wrong contact' },
    });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.json.status, 'cancelled');

    // The same user's retry gets the same outcome; anyone else finds the request closed.
    const twice = await call(ctx.stack, 'POST', `/v1/relationship-requests/${created.json.id}/cancel`, { key: ctx.world.keys.trAdmin, body: {} });
    assert.equal(twice.status, 200, twice.text);
    assert.equal(twice.json.status, 'cancelled');
    const byAnother = await call(ctx.stack, 'POST', `/v1/relationship-requests/${created.json.id}/cancel`, { key: ctx.world.keys.trSales, body: {} });
    assert.equal(byAnother.status, 409, byAnother.text);

    const accept = await call(ctx.stack, 'POST', `${invitationPath(created.json.invitationUrl)}/accept`, {
      body: { firstName: 'A', lastName: 'B', email: 'a@b.example', acceptAgreement: true },
    });
    assert.equal(accept.status, 409);

    const next = await request(ctx.stack, ctx.world.keys.trSales, ctx.world.tenants.aeCustomer);
    assert.equal(next.status, 201, next.text);
    assert.notEqual(next.json.id, created.json.id);
  });

  test('a second request while one is open answers 409 with the open one', async () => {
    const first = await request(ctx.stack, ctx.world.keys.trAdmin, ctx.world.tenants.uaCustomer);
    assert.equal(first.status, 201, first.text);
    const second = await request(ctx.stack, ctx.world.keys.trSales, ctx.world.tenants.uaCustomer);
    assert.equal(second.status, 409);
    assert.equal(second.json.existingRequestId, first.json.id);
    assert.equal(await ctx.stack.collections.requests.countDocuments({ customerTenantId: ctx.world.tenants.uaCustomer }), 1);
  });

  test('rejections carry their rule code and are recorded', async () => {
    const region = await request(ctx.stack, ctx.world.keys.trAdmin, ctx.world.tenants.deCustomer);
    assert.equal(region.status, 422, region.text);
    assert.equal(region.json.code, 'region_not_allowed');

    const cloud = await request(ctx.stack, ctx.world.keys.usAdmin, ctx.world.tenants.usPublicCustomer);
    assert.equal(cloud.status, 422);
    assert.equal(cloud.json.code, 'cloud_mismatch');

    const dap = await request(ctx.stack, ctx.world.keys.usAdmin, ctx.world.tenants.usGovCustomer, { includeDelegatedAdminPrivileges: false });
    assert.equal(dap.status, 422);
    assert.equal(dap.json.code, 'delegated_admin_required');

    const recorded = await ctx.stack.collections.requests.findOne({ _id: region.json.requestId });
    assert.equal(recorded?.status, 'rejected');
    assert.equal(recorded?.rejection?.code, 'region_not_allowed');
    assert.equal(await ctx.stack.collections.outbox.countDocuments({ _id: { $regex: region.json.requestId } }), 0);
  });

  test('an existing relationship rejects a new request', async () => {
    const created = await request(ctx.stack, ctx.world.keys.deAdmin, ctx.world.tenants.deCustomer);
    assert.equal(created.status, 201, created.text);
    const accepted = await call(ctx.stack, 'POST', `${invitationPath(created.json.invitationUrl)}/accept`, {
      body: { firstName: 'Jana', lastName: 'Weber', email: 'jana@berlin.example', acceptAgreement: true },
    });
    assert.equal(accepted.status, 200, accepted.text);
    const again = await request(ctx.stack, ctx.world.keys.deAdmin, ctx.world.tenants.deCustomer);
    assert.equal(again.status, 422);
    assert.equal(again.json.code, 'relationship_exists');
  });

  test('resend sends the invitation again under its own key', async () => {
    const created = await request(ctx.stack, ctx.world.keys.usAdmin, ctx.world.tenants.usGovCustomer);
    assert.equal(created.status, 201, created.text);
    const resent = await call(ctx.stack, 'POST', `/v1/relationship-requests/${created.json.id}/resend`, { key: ctx.world.keys.usAdmin });
    assert.equal(resent.status, 202, resent.text);
    await eventually(
      async () => (await outboxKeys(ctx.stack, created.json.id)).includes(`invitation:${created.json.id}:resend:1`),
      10_000,
      'resent invitation',
    );
    const invitation = await ctx.stack.collections.outbox.findOne({ _id: `invitation:${created.json.id}` });
    assert.match(invitation?.text ?? '', /Microsoft Office admin portal/);
    // The resend's event names the partner user who asked for it.
    const recorded = await eventually(
      async () => (await ctx.stack.collections.requests.findOne({ _id: created.json.id }))?.events[`invitation:${created.json.id}:resend:1`],
      10_000,
      'the resend recorded',
    );
    assert.equal(recorded.type, 'invitation_resent');
    const admin = await ctx.stack.collections.partnerUsers.findOne({ partnerTenantId: ctx.world.tenants.usPartner, roles: 'AdminAgent' });
    assert.deepEqual(recorded.actor, { kind: 'partnerUser', userId: admin?._id, email: admin?.email });
  });

  test('read-only partner users cannot act, and other partners see nothing', async () => {
    const forbidden = await request(ctx.stack, ctx.world.keys.trReader, ctx.world.tenants.uaCustomer);
    assert.equal(forbidden.status, 403);
    const mine = await request(ctx.stack, ctx.world.keys.deAdmin, ctx.world.tenants.usPublicCustomer);
    assert.equal(mine.status, 422);
    const other = await call(ctx.stack, 'GET', `/v1/relationship-requests/${mine.json.requestId}`, { key: ctx.world.keys.trAdmin });
    assert.equal(other.status, 404);
  });
});

describe('expiry with reminders', () => {
  const ctx = seededStack({ invitationTtl: '6s', reminderAfter: '2s,4s,10s' });

  test('sends each reminder before the TTL once, then expires and tells the partner', async () => {
    const created = await request(ctx.stack, ctx.world.keys.trAdmin, ctx.world.tenants.uaCustomer);
    assert.equal(created.status, 201, created.text);
    const expired = await eventually(
      async () => {
        const doc = await ctx.stack.collections.requests.findOne({ _id: created.json.id });
        return doc?.status === 'expired' && doc;
      },
      30_000,
      'expiry',
    );
    assert.equal(expired.remindersSent, 2);
    await eventually(async () => (await outboxKeys(ctx.stack, created.json.id)).length === 4, 10_000, 'partner notice');
    assert.deepEqual(await outboxKeys(ctx.stack, created.json.id), [
      `invitation:${created.json.id}`,
      `partner:expired:${created.json.id}`,
      `reminder:${created.json.id}:1`,
      `reminder:${created.json.id}:2`,
    ]);
    const page = await call(ctx.stack, 'POST', `${invitationPath(created.json.invitationUrl)}/accept`, {
      body: { firstName: 'A', lastName: 'B', email: 'a@b.example', acceptAgreement: true },
    });
    assert.equal(page.status, 410);
  });
});

describe('the expiry holds while a reminder is still being sent', () => {
  const sent: string[] = [];
  let reminderStarted = false;
  // A slow email provider: the reminder's send outlasts the invitation.
  const mailer: Mailer = {
    async send(email) {
      if (email.idempotencyKey.startsWith('reminder:')) {
        reminderStarted = true;
        await setTimeout(4_000);
      }
      if (!sent.includes(email.idempotencyKey)) sent.push(email.idempotencyKey);
    },
  };
  const ctx = seededStack({ invitationTtl: '3s', reminderAfter: '1s', mailer });

  test('an accept after the expiry answers 410, and the request ends expired', async () => {
    const created = await request(ctx.stack, ctx.world.keys.trAdmin, ctx.world.tenants.uaCustomer);
    assert.equal(created.status, 201, created.text);
    await eventually(async () => reminderStarted, 10_000, 'the reminder to start');
    await setTimeout(Math.max(0, Date.parse(created.json.expiresAt) - Date.now()) + 300);
    const late = await call(ctx.stack, 'POST', `${invitationPath(created.json.invitationUrl)}/accept`, {
      body: { firstName: 'A', lastName: 'B', email: 'a@b.example', acceptAgreement: true },
    });
    assert.equal(late.status, 410, late.text);
    const closed = await eventually(async () => {
      const doc = await ctx.stack.collections.requests.findOne({ _id: created.json.id });
      return doc?.status === 'expired' && doc;
    }, 20_000, 'expiry');
    assert.equal(closed.remindersSent, 1);
    assert.equal(await ctx.stack.collections.relationships.countDocuments({ customerTenantId: ctx.world.tenants.uaCustomer }), 0);
    await eventually(async () => sent.includes(`partner:expired:${created.json.id}`), 10_000, 'partner notice');
  });
});
