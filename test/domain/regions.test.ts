import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCountryCode } from '../../domain/countries.js';
import { checkEligibility } from '../../domain/eligibility.js';
import { CspRegion, regionCountries, regionOf, regionTableSource, sameRegion } from '../../domain/regions.js';

/** The regions as the regional markets page lists them: its version of 2021-04-15 with its English version's changes of 2023-08-17. */
const expectedRegions: Record<string, string> = {
  Africa:
    'AO BJ BW BF BI CM CV CF TD KM CG CD CI DJ GQ ER ET PF GA GM GH GN GW KE LR MG MW ML MU YT NA NC NE NG RE RW ST SN SC SL SO SS SH TZ TG UG ZM',
  'Asia and Pacific': 'BD BT BN KH HK ID LA MO MY MV MM NP PH SG LK TH TL VN',
  Australia: 'AU CX CC CK FJ TF HM KI MH FM NR NU NF PW PG PN SB TK TO TV WF',
  Brazil: 'BR',
  China: 'CN',
  Canada: 'CA PM',
  Europe:
    'AX AD AT BE BV BG HR CY CZ DK EE FO FI FR DE GI GR GL GG HU IS IE IM IT JE LV LI LT LU MT MC NL NO PL PT RO SM SK SI ES SJ SE CH GB VA',
  India: 'IN',
  Japan: 'JP',
  Korea: 'KR',
  'Latin America and the Caribbean':
    'AI AQ AG AR AW BS BB BZ BM BO BQ VG KY CL CO CR CW DM DO EC SV FK GF GD GP GT GY HT HN JM MQ MX MS NI PA PY PE PR BL KN LC MF VC SX GS SR TT TC UY VE VI',
  'Middle East, Central and Eastern Europe':
    'AF AL DZ AM AZ BH BA IO EG GE IQ IL JO KZ XK KW KG LB LS LY MK MR MD MN ME MA MZ OM PK PS QA SA RS ZA SZ TJ TN TR TM UA AE UZ YE ZW',
  'New Zealand': 'NZ WS VU',
  Taiwan: 'TW',
  'United States': 'US UM AS GU MP',
};

const table = Object.entries(regionCountries).map(([region, countries]) => ({ region, countries: countries.split(' ') }));
const sorted = (countries: readonly string[]) => [...countries].sort();

describe('the CSP region table', () => {
  test('names its source, its version and the version it was based on', () => {
    assert.match(regionTableSource.title, /regional markets and currencies/);
    assert.equal(regionTableSource.version, '2023-08-17');
    assert.equal(regionTableSource.basedOn, '2021-04-15');
  });

  test('has exactly the regions of the source page', () => {
    assert.deepEqual(sorted(CspRegion.options), sorted(Object.keys(expectedRegions)));
    assert.equal(CspRegion.options.length, 15);
  });

  for (const [region, countries] of Object.entries(expectedRegions)) {
    test(`${region}: holds exactly ${countries}`, () => {
      const listed = regionCountries[region as CspRegion];
      assert.ok(listed, `no region ${region}`);
      assert.deepEqual(sorted(listed.split(' ')), sorted(countries.split(' ')));
      for (const country of countries.split(' ')) assert.equal(regionOf(country), region, country);
    });
  }

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
    for (const country of ['RU', 'BY', 'IR', 'KP', 'CU', 'SY']) {
      assert.equal(regionOf(country), undefined, country);
      assert.equal(sameRegion(country, country), false, country);
    }
  });

  test('Russia and Belarus, in no region, answer region_not_allowed whoever invites them', () => {
    for (const customer of ['RU', 'BY']) {
      for (const partner of ['TR', 'UA', 'RU', 'BY', 'DE']) {
        const verdict = checkEligibility({
          partner: { country: partner, cloud: 'public' },
          customer: { country: customer, cloud: 'public' },
          includeDelegatedAdminPrivileges: true,
          hasResellerRelationship: false,
        });
        assert.equal(verdict.eligible ? 'eligible' : verdict.code, 'region_not_allowed', `${partner} → ${customer}`);
      }
    }
  });

  test('Guam, the Northern Mariana Islands and American Samoa are in the United States region', () => {
    for (const territory of ['GU', 'MP', 'AS']) {
      assert.equal(regionOf(territory), 'United States');
      assert.ok(sameRegion('US', territory));
      assert.equal(sameRegion('AU', territory), false);
      assert.equal(sameRegion('NZ', territory), false);
    }
  });

  test('China is a region of its own', () => {
    assert.equal(regionOf('CN'), 'China');
    assert.ok(sameRegion('CN', 'CN'));
    assert.equal(sameRegion('CN', 'HK'), false);
  });

  test('Kosovo is XK, in the Middle East, Central and Eastern Europe region', () => {
    assert.equal(regionOf('XK'), 'Middle East, Central and Eastern Europe');
  });
});
