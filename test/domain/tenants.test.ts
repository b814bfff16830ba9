import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cloudAdmitsCountry } from '../../domain/clouds.js';
import { DomainPrefix, initialDomain, Partner, SeedFile } from '../../domain/tenants.js';

const partner = (changes: Record<string, unknown> = {}) => ({
  tenantId: 'liberty-gov-us',
  name: 'Liberty Gov',
  country: 'US',
  cloud: 'usgov',
  users: [{ email: 'sam@liberty.example', roles: ['AdminAgent'], apiKey: 'x'.repeat(20) }],
  ...changes,
});
const customer = (changes: Record<string, unknown> = {}) => ({
  tenantId: 'austin-county-us',
  domain: 'austincounty.example',
  companyName: 'Austin County',
  country: 'US',
  cloud: 'usgov',
  email: 'it@austincounty.example',
  ...changes,
});
const issues = (input: unknown) => {
  const result = SeedFile.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('US Government cloud tenants are US entities', () => {
  const rows: [string, 'public' | 'usgov', string, boolean][] = [
    ['a US tenant in the US Government cloud', 'usgov', 'US', true],
    ['a Guam tenant in the US Government cloud', 'usgov', 'GU', false],
    ['a Turkish tenant in the US Government cloud', 'usgov', 'TR', false],
    ['a Turkish tenant in the public cloud', 'public', 'TR', true],
    ['a US tenant in the public cloud', 'public', 'US', true],
  ];
  for (const [name, cloud, country, admitted] of rows) {
    test(`${name} is ${admitted ? 'admitted' : 'refused'}`, () => assert.equal(cloudAdmitsCountry(cloud, country), admitted));
  }

  test('a seed file with US Government tenants in the US loads', () => {
    assert.deepEqual(issues({ partners: [partner()], customers: [customer()] }), []);
  });

  test('a US Government partner outside the US is refused, naming the field', () => {
    assert.deepEqual(issues({ partners: [partner({ tenantId: 'a' }), partner({ country: 'DE' })] }), [
      'partners.1.country: must be US: tenants in Microsoft Cloud for US Government are US entities',
    ]);
  });

  test('a US Government customer outside the US is refused, naming the field', () => {
    assert.deepEqual(issues({ customers: [customer({ country: 'gu' })] }), [
      'customers.0.country: must be US: tenants in Microsoft Cloud for US Government are US entities',
    ]);
  });
});

describe('partners', () => {
  test('may name the language their users read, as a BCP 47 tag', () => {
    assert.equal(Partner.parse({ ...partner(), preferredLanguage: 'tr-TR' }).preferredLanguage, 'tr-TR');
    assert.equal(Partner.parse(partner()).preferredLanguage, undefined);
    assert.equal(Partner.safeParse({ ...partner(), preferredLanguage: 'not a tag' }).success, false);
  });

  test("the demo seed's partners each say their language", async () => {
    const { readFile } = await import('node:fs/promises');
    const demo = SeedFile.parse(JSON.parse(await readFile(new URL('../../seed/demo.json', import.meta.url), 'utf8')));
    assert.deepEqual(
      Object.fromEntries(demo.partners.map((p) => [p.country, p.preferredLanguage])),
      { TR: 'tr', DE: 'de', US: 'en' },
    );
  });
});

describe("a new tenant's initial domain", () => {
  test('comes from a prefix of letters and digits, case-insensitive, in the cloud of the partner that creates it', () => {
    assert.equal(DomainPrefix.parse(' AnkaraYazilim2 '), 'ankarayazilim2');
    for (const refused of ['a', 'x'.repeat(64), 'ankara-yazilim', 'ankara.com', 'ankara yazılım', 'çay']) {
      assert.equal(DomainPrefix.safeParse(refused).success, false, refused);
    }
    assert.equal(DomainPrefix.parse('x'.repeat(63)).length, 63);
    assert.equal(initialDomain('Contoso', 'public'), 'contoso.onmicrosoft.com');
    assert.equal(initialDomain('contoso', 'usgov'), 'contoso.onmicrosoft.us');
  });
});
