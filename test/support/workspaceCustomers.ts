import type { SeedFile } from '../../domain/tenants.js';

/**
 * Customers of the workspace's browser test only. Workflow IDs name the partner–customer pair in the one namespace
 * every test file shares, and each demo customer a partner may invite is already invited by another test; these
 * give the browser test pairs of its own. `npm test`'s OpenID provider knows their people, as it knows the demo's.
 */
export const workspaceBrowserCustomers: SeedFile['customers'] = [
  { tenantId: 'odesa-port-ua', domain: 'odesaport.example', companyName: 'Odesa Port Services', country: 'UA', cloud: 'public', email: 'it@odesaport.example' },
  {
    tenantId: 'bursa-ipek-tr',
    domain: 'bursaipek.example',
    companyName: 'Bursa İpek Dokuma A.Ş.',
    country: 'TR',
    cloud: 'public',
    email: 'bilgi@bursaipek.example',
    preferredLanguage: 'tr',
  },
];
