import { z } from 'zod';

/**
 * CSP regions: a customer can accept a reseller relationship only if its market (the country set on its tenant)
 * is in the partner's region. Refresh this table when Microsoft changes the page below.
 */
export const regionTableSource = {
  title: 'Cloud Solution Provider program regional markets and currencies where you can sell CSP offers',
  publisher: 'Microsoft Partner Center documentation',
  /** The English page of this date; the regions below are its changes applied to the version of `basedOn`. */
  version: '2023-08-17',
  basedOn: '2021-04-15',
  changes: [
    "Russia's region removed",
    'Belarus removed from the Middle East, Central and Eastern Europe region',
    'Guam, the Northern Mariana Islands and American Samoa moved to the United States region',
    'China region added',
  ],
} as const;

export const regionCountries = {
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
} as const;

export const CspRegion = z.enum(Object.keys(regionCountries) as [keyof typeof regionCountries, ...(keyof typeof regionCountries)[]]);
export type CspRegion = z.infer<typeof CspRegion>;

const regionByCountry = new Map<string, CspRegion>(
  Object.entries(regionCountries).flatMap(([region, countries]) =>
    countries.split(' ').map((country) => [country, region as CspRegion] as const),
  ),
);

export const regionOf = (country: string): CspRegion | undefined => regionByCountry.get(country.toUpperCase());

export function sameRegion(partnerCountry: string, customerCountry: string): boolean {
  const partnerRegion = regionOf(partnerCountry);
  return partnerRegion !== undefined && partnerRegion === regionOf(customerCountry);
}
