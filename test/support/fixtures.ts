import { randomBytes } from 'node:crypto';
import type { RequestParties } from '../../domain/relationshipRequest.js';
import type { SeedFile } from '../../domain/tenants.js';

/**
 * A partner world with unique tenant IDs, so tests sharing one Temporal namespace never share a workflow ID.
 * Turkish public partner, a US Government partner, and customers across regions and clouds.
 */
export function demoWorld() {
  const tag = randomBytes(4).toString('hex');
  const id = (name: string) => `${name}-${tag}`;
  const keys = {
    trAdmin: `key-tr-admin-${tag}-xxxxxxxxxxxx`,
    trSales: `key-tr-sales-${tag}-xxxxxxxxxxxx`,
    trReader: `key-tr-reader-${tag}-xxxxxxxxxxx`,
    usAdmin: `key-us-admin-${tag}-xxxxxxxxxxxx`,
    deAdmin: `key-de-admin-${tag}-xxxxxxxxxxxx`,
  };
  const tenants = {
    trPartner: id('partner-tr'),
    usPartner: id('partner-usgov'),
    dePartner: id('partner-de'),
    uaCustomer: id('customer-ua'),
    aeCustomer: id('customer-ae'),
    deCustomer: id('customer-de'),
    trCustomer: id('customer-tr'),
    usGovCustomer: id('customer-usgov'),
    usPublicCustomer: id('customer-uspublic'),
  };
  const seed: SeedFile = {
    partners: [
      {
        tenantId: tenants.trPartner,
        name: 'Anatolia Cloud',
        country: 'TR',
        cloud: 'public',
        preferredLanguage: 'tr',
        users: [
          { email: `admin-${tag}@anatolia.example`, roles: ['AdminAgent'], apiKey: keys.trAdmin },
          { email: `sales-${tag}@anatolia.example`, roles: ['SalesAgent'], apiKey: keys.trSales },
          { email: `billing-${tag}@anatolia.example`, roles: ['BillingAdmin'], apiKey: keys.trReader },
        ],
      },
      {
        tenantId: tenants.usPartner,
        name: 'Liberty Gov',
        country: 'US',
        cloud: 'usgov',
        preferredLanguage: 'en',
        users: [{ email: `admin-${tag}@liberty.example`, roles: ['AdminAgent'], apiKey: keys.usAdmin }],
      },
      {
        tenantId: tenants.dePartner,
        name: 'Rhein IT',
        country: 'DE',
        cloud: 'public',
        preferredLanguage: 'de',
        users: [{ email: `admin-${tag}@rhein.example`, roles: ['AdminAgent'], apiKey: keys.deAdmin }],
      },
    ],
    customers: [
      { tenantId: tenants.uaCustomer, domain: `ua-${tag}.example`, companyName: 'Kyiv Bakery', country: 'UA', cloud: 'public', email: `it@ua-${tag}.example` },
      { tenantId: tenants.aeCustomer, domain: `ae-${tag}.example`, companyName: 'Dubai Logistics', country: 'AE', cloud: 'public', email: `it@ae-${tag}.example` },
      { tenantId: tenants.deCustomer, domain: `de-${tag}.example`, companyName: 'Berlin Maschinen', country: 'DE', cloud: 'public', email: `it@de-${tag}.example` },
      { tenantId: tenants.trCustomer, domain: `tr-${tag}.example`, companyName: 'İzmir Tekstil', country: 'TR', cloud: 'public', email: `it@tr-${tag}.example`, preferredLanguage: 'tr' },
      { tenantId: tenants.usGovCustomer, domain: `usgov-${tag}.example`, companyName: 'Austin County', country: 'US', cloud: 'usgov', email: `it@usgov-${tag}.example` },
      { tenantId: tenants.usPublicCustomer, domain: `uspub-${tag}.example`, companyName: 'Denver Retail', country: 'US', cloud: 'public', email: `it@uspub-${tag}.example` },
    ],
  };
  return { tag, keys, tenants, seed };
}
export type DemoWorld = ReturnType<typeof demoWorld>;

export const bearer = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

/** A Turkish partner and a Ukrainian customer, as a request carries them: the same CSP region and cloud. */
export const sampleParties = (): RequestParties => ({
  partner: { name: 'Anatolia Cloud', country: 'TR', cloud: 'public', preferredLanguage: 'tr' },
  customer: { companyName: 'Kyiv Bakery', country: 'UA', cloud: 'public' },
});
