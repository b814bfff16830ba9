import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freePort } from '../../scripts/services/processes.js';
import { demoWorld } from '../support/fixtures.js';
import { call, eventually } from '../support/http.js';
import { identityProviderSettings } from '../support/identityProvider.js';
import { killed, spawnApi, spawnWorker, type Spawned } from '../support/processes.js';
import { startStack, type Stack } from '../support/stack.js';

/** The process's JSON log entries. */
const entriesOf = (spawned: Spawned) =>
  spawned
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** A Set-Cookie line of this cookie, split into its value and its attributes (lower-cased names). */
function setCookie(lines: string[], name: string) {
  const line = lines.find((candidate) => candidate.startsWith(`${name}=`));
  if (!line) return undefined;
  const [pair = '', ...parts] = line.split(';').map((part) => part.trim());
  const attributes = Object.fromEntries(
    parts.map((part) => {
      const [key = '', ...rest] = part.split('=');
      return [key.toLowerCase(), rest.join('=')];
    }),
  );
  return { value: pair.slice(name.length + 1), attributes };
}

describe('the processes in production mode (NODE_ENV=production)', () => {
  let stack: Stack;
  let productionEnv: NodeJS.ProcessEnv;
  const world = demoWorld();
  const spawned: Spawned[] = [];

  before(async () => {
    stack = await startStack();
    await stack.seed(world.seed);
    const settings = identityProviderSettings();
    productionEnv = {
      ...stack.workerEnv,
      NODE_ENV: 'production',
      PUBLIC_BASE_URL: 'https://relationships.example',
      CUSTOMER_SIGN_IN: 'oidc',
      OIDC_ISSUER: settings.issuer,
      OIDC_CLIENT_ID: settings.clientId,
      OIDC_CLIENT_SECRET: settings.clientSecret,
      OIDC_API_AUDIENCE: settings.audience,
      MCA_VERSION: 'MCA-test-2026',
      WEBHOOK_ALLOW_LOOPBACK: 'false',
    };
  });
  after(async () => {
    await Promise.all(spawned.map((process) => killed(process.child)));
    await stack?.stop();
  });

  const start = (spawn: typeof spawnApi, env: NodeJS.ProcessEnv) => {
    const process = spawn(env);
    process.ready.catch(() => {});
    spawned.push(process);
    return process;
  };

  test('an http PUBLIC_BASE_URL is refused at start, naming the variable', async () => {
    const api = start(spawnApi, { ...productionEnv, PUBLIC_BASE_URL: 'http://relationships.example', PORT: String(await freePort()) });
    await assert.rejects(api.ready);
    assert.equal(api.child.exitCode, 78);
    assert.match(api.output(), /PUBLIC_BASE_URL: must be an https URL when NODE_ENV=production/);
    assert.doesNotMatch(api.output(), /api listening/);
  });

  test('the API logs its mode and that customers sign in; its cookies are __Host- ones: Secure, Path=/, no Domain', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = start(spawnApi, { ...productionEnv, PORT: String(port) });
    await api.ready;
    const mode = entriesOf(api).find((entry) => entry.msg === 'api starting in production mode');
    assert.ok(mode, api.output());
    assert.equal(mode.level, 30, 'info');
    assert.equal(mode.NODE_ENV, 'production');
    assert.equal(mode.customerSignIn, true);

    const created = await call(stack, 'POST', '/v1/relationship-requests', {
      key: world.keys.trAdmin,
      body: { customerTenantId: world.tenants.uaCustomer, customerEmail: 'it@kyiv.example', includeDelegatedAdminPrivileges: false },
    });
    assert.equal(created.status, 201, created.text);
    const id = created.json.id as string;
    await eventually(async () => (await stack.collections.requests.findOne({ _id: id }))?.status === 'pending', 20_000, 'the request to be pending');
    const token = stack.links.tokenFor(id);

    const page = await fetch(`${base}/invitations/${token}?lang=en`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Sign in with Microsoft/);

    const signIn = await fetch(`${base}/invitations/${token}/sign-in?lang=en`, { redirect: 'manual' });
    assert.equal(signIn.status, 302);
    assert.equal(new URL(signIn.headers.get('location')!).searchParams.get('redirect_uri'), 'https://relationships.example/auth/callback');
    const started = setCookie(signIn.headers.getSetCookie(), '__Host-customer_sign_in');
    assert.ok(started, `no __Host- cookie in ${signIn.headers.getSetCookie().join(' | ')}`);
    assert.deepEqual(started.attributes, { 'max-age': '600', path: '/', httponly: '', secure: '', samesite: 'Lax' });

    const stray = await fetch(`${base}/auth/callback?code=x&state=y`, { redirect: 'manual' });
    assert.equal(stray.status, 400);
    const cleared = setCookie(stray.headers.getSetCookie(), '__Host-customer_sign_in');
    assert.deepEqual(cleared?.attributes, { 'max-age': '0', path: '/', httponly: '', secure: '', samesite: 'Lax' });
  });

  test('the worker logs its mode at start', async () => {
    const worker = start(spawnWorker, productionEnv);
    const mode = await eventually(async () => entriesOf(worker).find((entry) => entry.msg === 'worker starting in production mode'), 30_000, 'the mode line');
    assert.equal(mode.level, 30, 'info');
    assert.equal(mode.NODE_ENV, 'production');
    await killed(worker.child);
  });
});
