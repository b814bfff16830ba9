/**
 * Who may reach the cluster's Temporal frontend and do what, checked once before the scenarios: only clients
 * presenting a certificate of the cluster's CA and a token of the cluster's provider whose roles grant the call. Each
 * check is a line of the suite's output and a failure of the suite.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { ensureClusterCertificates, temporalServerName } from '../../scripts/cluster/certificates.js';
import { findOpenssl, type ClusterServices } from '../../scripts/cluster/index.js';
import { createBrowserlessSession } from '../../scripts/identityProvider/browserlessSession.js';
import { deviceFlowTokens } from '../../scripts/identityProvider/deviceFlow.js';
import { signInOnLoginPage } from '../../scripts/identityProvider/passwordSignIn.js';
import { identityProviderDefaults } from '../../scripts/identityProvider/defaults.js';
import { demoOperatorAccounts } from '../../scripts/identityProvider/users.js';
import { connectionOptionsOf } from '../../platform/temporalSetup.js';

export type AccessCheck = { name: string; passed: boolean; detail: string };

type Call = 'list' | 'signal' | 'cancel' | 'terminate';

/**
 * Whether the server lets the call through: listing workflows, or signalling, cancelling or terminating one that does not exist,
 * which an authorized caller learns is not found and an unauthorized one is refused before the server looks.
 */
async function answers(options: ConnectionOptions, call: Call = 'list'): Promise<{ ok: boolean; detail: string }> {
  const execution = { workflowId: 'access-check-no-such-workflow' };
  try {
    // Lazy: the call below is the first the server sees, so a refusal names its own reason.
    const connection = Connection.lazy({ ...options, connectTimeout: 5_000 });
    try {
      if (call === 'list') await connection.workflowService.listWorkflowExecutions({ namespace: 'default', pageSize: 1 });
      if (call === 'signal') await connection.workflowService.signalWorkflowExecution({ namespace: 'default', workflowExecution: execution, signalName: 'cancel' });
      if (call === 'cancel') await connection.workflowService.requestCancelWorkflowExecution({ namespace: 'default', workflowExecution: execution, reason: 'access check' });
      if (call === 'terminate') await connection.workflowService.terminateWorkflowExecution({ namespace: 'default', workflowExecution: execution, reason: 'access check' });
      return { ok: true, detail: 'done' };
    } finally {
      await connection.close();
    }
  } catch (error) {
    const code = (error as { code?: number }).code;
    // 5: NOT_FOUND, from a server that let the call through; 7: PERMISSION_DENIED; 16: UNAUTHENTICATED.
    if (code === 5) return { ok: true, detail: 'let through (not found)' };
    return { ok: false, detail: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}

/** A demo user's token for the Temporal audience, through the device flow, as an operator gets one from the CLI. */
async function userToken(cluster: ClusterServices, email: string, audience = cluster.identity.provider.temporalAudience): Promise<string> {
  const tokens = await deviceFlowTokens({
    issuer: cluster.identity.provider.issuer,
    clientId: identityProviderDefaults.deviceClientId,
    audience,
    scope: 'openid profile',
    user: { email, password: process.env.OIDC_DEMO_PASSWORD ?? identityProviderDefaults.demoPassword },
  });
  return tokens.access_token;
}

export async function checkClusterAccess(cluster: ClusterServices, stateDir: string, log: (line: string) => void): Promise<AccessCheck[]> {
  const address = cluster.temporalAddress;
  const { ca, clients } = cluster.certificates;
  const serverRootCACertificate = await readFile(ca);
  const admin = await connectionOptionsOf(cluster.temporalEnv('admin'));
  // A CA of its own, as an attacker with a self-made certificate would have.
  const stranger = await ensureClusterCertificates(join(stateDir, 'stranger-tls'), await findOpenssl(process.env, log), () => {});
  const cases: { name: string; options: ConnectionOptions; expected: boolean }[] = [
    { name: 'a client with a certificate of the cluster CA is served', options: admin, expected: true },
    { name: 'a plain-text client is refused', options: { address }, expected: false },
    { name: 'a TLS client without a certificate is refused', options: { address, tls: { serverNameOverride: temporalServerName, serverRootCACertificate } }, expected: false },
    {
      name: 'a client with a certificate of another CA is refused',
      options: {
        address,
        tls: {
          serverNameOverride: temporalServerName,
          serverRootCACertificate,
          clientCertPair: { crt: await readFile(stranger.clients.admin.cert), key: await readFile(stranger.clients.admin.key) },
        },
      },
      expected: false,
    },
    {
      name: "a client that does not check the server's certificate against the CA is refused by its own side",
      options: {
        address,
        tls: {
          serverNameOverride: temporalServerName,
          serverRootCACertificate: await readFile(stranger.ca),
          clientCertPair: { crt: await readFile(clients.admin.cert), key: await readFile(clients.admin.key) },
        },
      },
      expected: false,
    },
  ];
  const [reader, onCall] = demoOperatorAccounts.map((account) => account.email);
  const withToken = (apiKey: string): ConnectionOptions => ({ ...admin, apiKey });
  const { apiKey: _adminToken, ...certificateOnly } = admin;
  const readerToken = await userToken(cluster, reader!);
  const onCallToken = await userToken(cluster, onCall!);
  const authorization: { name: string; options: ConnectionOptions; call: Call; expected: boolean }[] = [
    { name: 'a certificate without a token is refused', options: certificateOnly, call: 'list', expected: false },
    { name: 'a read-only operator lists workflows', options: withToken(readerToken), call: 'list', expected: true },
    { name: 'a read-only operator may not signal', options: withToken(readerToken), call: 'signal', expected: false },
    { name: 'a read-only operator may not cancel', options: withToken(readerToken), call: 'cancel', expected: false },
    { name: 'a read-only operator may not terminate', options: withToken(readerToken), call: 'terminate', expected: false },
    { name: 'the on-call administrator may signal', options: withToken(onCallToken), call: 'signal', expected: true },
    { name: 'the on-call administrator may terminate', options: withToken(onCallToken), call: 'terminate', expected: true },
    { name: "an operator's token for another audience (the partner API) is refused", options: withToken(await userToken(cluster, reader!, cluster.identity.provider.apiAudience)), call: 'list', expected: false },
    { name: 'a token with forged contents is refused', options: withToken(forged(readerToken)), call: 'list', expected: false },
  ];

  const checks: AccessCheck[] = [];
  for (const { name, options, expected } of cases) {
    const { ok, detail } = await answers(options);
    checks.push({ name, passed: ok === expected, detail });
  }
  for (const { name, options, call, expected } of authorization) {
    const { ok, detail } = await answers(options, call);
    checks.push({ name, passed: ok === expected, detail });
  }
  if (cluster.uiUrl) checks.push(...(await uiChecks(cluster.uiUrl, reader!)));
  return checks;
}

/** The token with `default:read` raised to `temporal-system:admin` in its payload, its signature left as it was. */
function forged(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  const raised = Buffer.from(JSON.stringify({ ...claims, roles: ['temporal-system:admin'] })).toString('base64url');
  return [header, raised, signature].join('.');
}

/**
 * The Temporal UI: its API answers nobody who has not signed in; an operator signs in at the provider through the
 * UI's own sign-in (the pages driven without a browser), and the UI's script then sends the operator's token, which
 * the server accepts for what the operator may do.
 */
async function uiChecks(uiUrl: string, email: string): Promise<AccessCheck[]> {
  const workflows = `${uiUrl}/api/v1/namespaces/default/workflows?query=`;
  const anonymous = await fetch(workflows);
  const session = createBrowserlessSession();
  await signInOnLoginPage(session, await session.open(`${uiUrl}/auth/sso`), { email, password: process.env.OIDC_DEMO_PASSWORD ?? identityProviderDefaults.demoPassword });
  // What the UI's script reads after the sign-in: the user, with the access token it sends as a bearer token.
  const user = session.cookie(`${uiUrl}/`, 'user0');
  const token = user && (JSON.parse(Buffer.from(decodeURIComponent(user), 'base64').toString('utf8')) as { AccessToken?: string }).AccessToken;
  const signedIn = token ? await fetch(workflows, { headers: { authorization: `Bearer ${token}` } }) : undefined;
  return [
    { name: "the Temporal UI's API answers nobody who has not signed in", passed: anonymous.status === 401, detail: `status ${anonymous.status}` },
    { name: 'a read-only operator signs in to the Temporal UI and lists workflows through it', passed: signedIn?.status === 200, detail: token ? `status ${signedIn?.status}` : 'no token after the sign-in' },
  ];
}
