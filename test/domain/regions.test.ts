import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCountryCode } from '../../domain/countries.js';
import { CspRegion, regionCountries, regionOf, regionTableSource, sameRegion } from '../../domain/regions.js';

const table = Object.entries(regionCountries).map(([region, countries]) => ({ region, countries: countries.split(' ') }));

describe('the CSP region table', () => {
  test('names its source and version', () => {
    assert.match(regionTableSource.title, /regional markets and currencies/);
    assert.equal(regionTableSource.version, '2021-04-15');
  });

  test('has the 15 regions of the source page', () => {
    assert.equal(CspRegion.options.length, 15);
  });

  test('every code is a known country code and stands in exactly one region', () => {
    const seen = new Map<string, string>();
    for (const { region, countries } of table) {
      for (const country of countries) {
        assert.ok(isCountryCode(country), `${country} in ${region} is not an ISO 3166-1 code`);
        assert.equal(seen.get(country), undefined, `${country} is in both ${seen.get(country)} and ${region}`);
        seen.set(country, region);
      }
    }
  });

  for (const { region, countries } of table) {
    test(`${region}: its countries may invite each other, and no one outside it`, () => {
      for (const country of countries) assert.equal(regionOf(country), region);
      const first = countries[0]!;
      const last = countries.at(-1)!;
      assert.ok(sameRegion(first, last), `${first} and ${last} should share ${region}`);
      const outsider = table.find((other) => other.region !== region)!.countries[0]!;
      assert.equal(sameRegion(first, outsider), false, `${first} must not reach ${outsider}`);
    });
  }

  test("the seed's examples: a Turkish partner reaches Ukraine and the UAE, not Germany", () => {
    assert.equal(sameRegion('TR', 'UA'), true);
    assert.equal(sameRegion('TR', 'AE'), true);
    assert.equal(sameRegion('TR', 'DE'), false);
  });

  test('countries in no region reach nobody, not even themselves', () => {
    for (const country of ['CN', 'IR', 'KP', 'CU', 'SY']) {
      assert.equal(regionOf(country), undefined);
      assert.equal(sameRegion(country, country), false);
    }
  });

  test('Kosovo is XK, in the Middle East, Central and Eastern Europe region', () => {
    assert.equal(regionOf('XK'), 'Middle East, Central and Eastern Europe');
  });
});
