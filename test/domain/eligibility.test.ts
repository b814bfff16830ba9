import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkEligibility, type EligibilityInput } from '../../domain/eligibility.js';

const base: EligibilityInput = {
  partner: { country: 'TR', cloud: 'public' },
  customer: { country: 'UA', cloud: 'public' },
  includeDelegatedAdminPrivileges: false,
  hasResellerRelationship: false,
};
const codeOf = (changes: Partial<EligibilityInput>) => {
  const verdict = checkEligibility({ ...base, ...changes });
  return verdict.eligible ? 'eligible' : verdict.code;
};

describe('eligibility rules', () => {
  const rows: [string, Partial<EligibilityInput>, string][] = [
    ['same region, public cloud, no delegated admin', {}, 'eligible'],
    ['same region with delegated admin', { includeDelegatedAdminPrivileges: true }, 'eligible'],
    ['customer in another region', { customer: { country: 'DE', cloud: 'public' } }, 'region_not_allowed'],
    ['customer in no region', { customer: { country: 'RU', cloud: 'public' } }, 'region_not_allowed'],
    ['customer in a region of its own', { customer: { country: 'CN', cloud: 'public' } }, 'region_not_allowed'],
    ['public partner, US Government customer', { customer: { country: 'UA', cloud: 'usgov' } }, 'cloud_mismatch'],
    [
      'US Government partner without delegated admin',
      { partner: { country: 'US', cloud: 'usgov' }, customer: { country: 'US', cloud: 'usgov' } },
      'delegated_admin_required',
    ],
    [
      'US Government partner with delegated admin',
      { partner: { country: 'US', cloud: 'usgov' }, customer: { country: 'US', cloud: 'usgov' }, includeDelegatedAdminPrivileges: true },
      'eligible',
    ],
    [
      'US Government partner, public customer in the US',
      { partner: { country: 'US', cloud: 'usgov' }, customer: { country: 'US', cloud: 'public' }, includeDelegatedAdminPrivileges: true },
      'cloud_mismatch',
    ],
    ['an existing reseller relationship', { hasResellerRelationship: true }, 'relationship_exists'],
    ['cloud is checked before region', { customer: { country: 'DE', cloud: 'usgov' } }, 'cloud_mismatch'],
    [
      'region is checked before the existing relationship',
      { customer: { country: 'DE', cloud: 'public' }, hasResellerRelationship: true },
      'region_not_allowed',
    ],
  ];
  for (const [name, changes, expected] of rows) {
    test(name, () => assert.equal(codeOf(changes), expected));
  }

  test('a refusal explains itself in a sentence', () => {
    const verdict = checkEligibility({ ...base, customer: { country: 'DE', cloud: 'public' } });
    assert.equal(verdict.eligible, false);
    if (!verdict.eligible) assert.match(verdict.detail, /TR \(Middle East, Central and Eastern Europe\).*DE \(Europe\)/);
  });

  test('the refusal speaks of inviting for a request and of adding for a new customer, with the same code', () => {
    const input = { ...base, customer: { country: 'DE', cloud: 'public' as const } };
    const invite = checkEligibility(input);
    const add = checkEligibility(input, 'add');
    assert.ok(!invite.eligible && !add.eligible);
    assert.equal(add.code, invite.code);
    assert.match(invite.detail, /^A partner in TR .* cannot invite a customer in DE /);
    assert.match(add.detail, /^A partner in TR .* cannot add a customer in DE /);
    assert.doesNotMatch(add.detail, /invit/);
    for (const changes of [{ customer: { country: 'UA', cloud: 'usgov' as const } }, { partner: { country: 'US', cloud: 'usgov' as const }, customer: { country: 'US', cloud: 'usgov' as const } }]) {
      const verdict = checkEligibility({ ...base, ...changes }, 'add');
      assert.ok(!verdict.eligible);
      assert.doesNotMatch(verdict.detail, /invit/, verdict.code);
    }
  });
});
