import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { acceptancePortal } from '../../domain/clouds.js';
import { CountryCode } from '../../domain/countries.js';
import { DurationList, maxInvitationTtlMs, parseDuration } from '../../domain/durations.js';
import { canTransition, isTerminal, nextDeadline, reminderSchedule, statusAfter } from '../../domain/lifecycle.js';
import { RequestStatus } from '../../domain/relationshipRequest.js';
import { canManageRelationships, PartnerRole } from '../../domain/roles.js';

describe('roles', () => {
  for (const role of PartnerRole.options) {
    const manages = role === 'AdminAgent' || role === 'SalesAgent';
    test(`${role} ${manages ? 'may' : 'may not'} request, cancel or resend`, () => {
      assert.equal(canManageRelationships([role]), manages);
    });
  }
  test('a user with no partner role manages nothing', () => {
    assert.equal(canManageRelationships([]), false);
  });
});

describe('clouds', () => {
  test('public customers accept in the Microsoft 365 admin center', () => {
    assert.equal(acceptancePortal('public').name, 'Microsoft 365 admin center');
  });
  test('US Government customers accept in the Microsoft Office admin portal', () => {
    assert.equal(acceptancePortal('usgov').name, 'Microsoft Office admin portal');
  });
});

describe('request states', () => {
  const allowed = new Set([
    'validating>rejected',
    'validating>pending',
    'pending>accepted',
    'pending>declined',
    'pending>cancelled',
    'pending>expired',
  ]);
  for (const from of RequestStatus.options) {
    for (const to of RequestStatus.options) {
      const expected = allowed.has(`${from}>${to}`);
      test(`${from} → ${to} is ${expected ? 'allowed' : 'refused'}`, () => assert.equal(canTransition(from, to), expected));
    }
  }
  test('terminal states are exactly the closed ones', () => {
    assert.deepEqual(
      RequestStatus.options.filter(isTerminal),
      ['rejected', 'accepted', 'declined', 'cancelled', 'expired'],
    );
  });
  test('each decision leads to its state', () => {
    assert.equal(statusAfter('accept'), 'accepted');
    assert.equal(statusAfter('decline'), 'declined');
    assert.equal(statusAfter('cancel'), 'cancelled');
  });
});

describe('country codes', () => {
  test('are normalised to upper case', () => assert.equal(CountryCode.parse(' tr '), 'TR'));
  for (const bad of ['TUR', 'T', 'ZZ', '12', '', 'E1']) {
    test(`"${bad}" is refused with a clear message`, () => {
      const result = CountryCode.safeParse(bad);
      assert.equal(result.success, false);
      assert.match(result.error!.issues[0]!.message, /ISO 3166-1 alpha-2/);
    });
  }
});

describe('durations', () => {
  test('use the SDK syntax', () => {
    assert.equal(parseDuration('30d'), 30 * 86_400_000);
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('1.5h'), 5_400_000);
  });
  for (const bad of ['soon', '0s', '-3d', '']) {
    test(`"${bad}" is refused`, () => assert.throws(() => parseDuration(bad)));
  }
  test('a list is parsed in order, empty means none', () => {
    assert.deepEqual(DurationList.parse('3d, 7d'), [3 * 86_400_000, 7 * 86_400_000]);
    assert.deepEqual(DurationList.parse(''), []);
    assert.equal(DurationList.safeParse('3d,later').success, false);
  });
  test('the reminder schedule keeps offsets before the TTL, sorted and once each', () => {
    assert.deepEqual(reminderSchedule([14, 3, 7, 3, 30, 45], 30), [3, 7, 14]);
  });
  test('the next deadline is the next reminder counted from the opening, then the expiry', () => {
    const day = 86_400_000;
    const expiresAt = '2027-01-31T00:00:00.000Z';
    const schedule = { ttlMs: 30 * day, reminderOffsetsMs: [3 * day, 7 * day] };
    const openedAt = Date.parse('2027-01-01T00:00:00.000Z');
    assert.deepEqual(nextDeadline(expiresAt, schedule, 0), { kind: 'reminder', reminderNumber: 1, at: openedAt + 3 * day });
    assert.deepEqual(nextDeadline(expiresAt, schedule, 1), { kind: 'reminder', reminderNumber: 2, at: openedAt + 7 * day });
    assert.deepEqual(nextDeadline(expiresAt, schedule, 2), { kind: 'expiry', at: Date.parse(expiresAt) });
  });
  test('the TTL ceiling is 90 days', () => assert.equal(maxInvitationTtlMs, 90 * 86_400_000));
});
