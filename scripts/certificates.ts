/**
 * `npm run certificates -- <folder>`: a private CA and, signed by it, the Temporal server's certificate and one per
 * client (api, worker, ui, admin), as `npm run cluster` makes its own: what docker-compose.yml mounts as secrets
 * (TEMPORAL_TLS_DIR). Run again, it keeps what is there and renews what ends within 30 days.
 */
import { resolve } from 'node:path';
import { ensureClusterCertificates } from './cluster/certificates.js';
import { findOpenssl } from './cluster/index.js';

const [folder, ...rest] = process.argv.slice(2);
if (!folder || rest.length > 0) {
  console.error('usage: npm run certificates -- <folder>');
  process.exit(64);
}
const log = (line: string) => console.log(`[certificates] ${line}`);
const certificates = await ensureClusterCertificates(resolve(folder), await findOpenssl(process.env, log), log);
log(`ready in ${certificates.dir}: ca.pem; server, api, worker, ui and admin (.pem and .key); the CA's key ca.key stays here, off the servers`);
