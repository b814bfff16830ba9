import { z } from 'zod';

export const Cloud = z.enum(['public', 'usgov']);
export type Cloud = z.infer<typeof Cloud>;

const portals: Record<Cloud, { name: string; url: string }> = {
  public: { name: 'Microsoft 365 admin center', url: 'https://admin.microsoft.com' },
  usgov: { name: 'Microsoft Office admin portal', url: 'https://portal.office365.us' },
};

/** Where a customer in this cloud accepts a reseller relationship. */
export const acceptancePortal = (cloud: Cloud): { name: string; url: string } => portals[cloud];

export const cloudLabel = (cloud: Cloud): string =>
  cloud === 'usgov' ? 'Microsoft Cloud for US Government' : 'Microsoft public cloud';

/** Microsoft Cloud for US Government serves US entities only; the public cloud takes a tenant of any country. */
export const cloudAdmitsCountry = (cloud: Cloud, country: string): boolean => cloud !== 'usgov' || country.trim().toUpperCase() === 'US';

/** Why `cloudAdmitsCountry` refused, said of the `country` field. */
export const usGovernmentCountryMessage = 'must be US: tenants in Microsoft Cloud for US Government are US entities';
