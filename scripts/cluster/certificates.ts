/**
 * The cluster's private CA and certificates, made with the distribution's `openssl` on first start and kept in
 * `<stateDir>/tls/`: the Temporal server's (frontend and internode, server and client at once) and one client
 * certificate per kind of client, so that the server's logs and a revocation can tell them apart.
 */
import { execFile as execFileCallback } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFile = promisify(execFileCallback);

/** The name every client checks the server's certificate against (the service's name in docker-compose.yml). */
export const temporalServerName = 'temporal';

export const clusterClients = ['api', 'worker', 'ui', 'admin'] as const;
export type ClusterClient = (typeof clusterClients)[number];

export type CertificatePair = { cert: string; key: string };
export type ClusterCertificates = { dir: string; ca: string; server: CertificatePair; clients: Record<ClusterClient, CertificatePair> };

const caDays = 3650;
const leafDays = 397;
/** Leaf certificates closer than this to their end are made again at start, with the same CA. */
const renewWithinSeconds = 30 * 24 * 3600;

const pairIn = (dir: string, name: string): CertificatePair => ({ cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) });

/** The paths, whether or not the files exist yet; the same layout docker-compose.yml mounts. */
export function clusterCertificatePaths(dir: string): ClusterCertificates {
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    server: pairIn(dir, 'server'),
    clients: Object.fromEntries(clusterClients.map((client) => [client, pairIn(dir, client)])) as Record<ClusterClient, CertificatePair>,
  };
}

/**
 * Makes what is missing: the CA when there is none (and then every leaf again), a leaf when it is missing or ends
 * within 30 days. The CA's key stays beside it, readable by its owner only, so that leaves can be renewed.
 */
export async function ensureClusterCertificates(dir: string, openssl: string, log: (line: string) => void): Promise<ClusterCertificates> {
  const paths = clusterCertificatePaths(dir);
  const caKey = join(dir, 'ca.key');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const run = (args: string[]) => execFile(openssl, args, { env: { PATH: process.env.PATH ?? '' } });
  const newKey = async (path: string) => {
    await run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
    await chmod(path, 0o600);
  };

  let freshCa = false;
  if (!(await exists(paths.ca)) || !(await exists(caKey))) {
    log(`making the cluster's private CA in ${dir}`);
    await newKey(caKey);
    await run([
      'req', '-x509', '-new', '-key', caKey, '-sha256', '-days', String(caDays), '-subj', '/CN=Reseller relationships cluster CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', paths.ca,
    ]);
    freshCa = true;
  }

  const leaves: { name: string; pair: CertificatePair; usage: string; names: string[] }[] = [
    { name: temporalServerName, pair: paths.server, usage: 'serverAuth,clientAuth', names: [`DNS:${temporalServerName}`, 'DNS:localhost', 'IP:127.0.0.1'] },
    ...clusterClients.map((client) => ({ name: `${client}.clients.${temporalServerName}`, pair: paths.clients[client], usage: 'clientAuth', names: [`DNS:${client}.clients.${temporalServerName}`] })),
  ];
  for (const leaf of leaves) {
    if (!freshCa && (await exists(leaf.pair.key)) && (await validFor(run, leaf.pair.cert, renewWithinSeconds))) continue;
    log(`making the certificate of ${leaf.name}`);
    const request = `${leaf.pair.cert}.csr`;
    const extensions = `${leaf.pair.cert}.ext`;
    await newKey(leaf.pair.key);
    await run(['req', '-new', '-key', leaf.pair.key, '-subj', `/CN=${leaf.name}`, '-out', request]);
    await writeFile(
      extensions,
      ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', `extendedKeyUsage=${leaf.usage}`, `subjectAltName=${leaf.names.join(',')}`].join('\n'),
    );
    await run([
      'x509', '-req', '-in', request, '-CA', paths.ca, '-CAkey', caKey, '-set_serial', `0x${randomBytes(16).toString('hex')}`,
      '-days', String(leafDays), '-sha256', '-extfile', extensions, '-out', leaf.pair.cert,
    ]);
    await Promise.all([rm(request), rm(extensions)]);
  }
  return paths;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** Whether the certificate exists and is still valid `seconds` from now (`openssl x509 -checkend` exits 1 if not). */
async function validFor(run: (args: string[]) => Promise<unknown>, cert: string, seconds: number): Promise<boolean> {
  if (!(await exists(cert))) return false;
  return run(['x509', '-checkend', String(seconds), '-noout', '-in', cert]).then(() => true, () => false);
}

/** The SDK's own variables (platform/temporalSettings.ts) that make a client present `client`'s certificate. */
export const temporalClientEnv = (certificates: ClusterCertificates, client: ClusterClient): Record<string, string> => ({
  TEMPORAL_TLS: 'true',
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: certificates.ca,
  TEMPORAL_TLS_SERVER_NAME: temporalServerName,
  TEMPORAL_TLS_CLIENT_CERT_PATH: certificates.clients[client].cert,
  TEMPORAL_TLS_CLIENT_KEY_PATH: certificates.clients[client].key,
});
