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
