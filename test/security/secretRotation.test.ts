import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../api/app.js';
import { createInvitationLinks } from '../../platform/invitationTokens.js';
import { createKeyring, type InvitationSecrets } from '../../platform/secretKeys.js';
import { createBrowserlessSession } from '../../scripts/identityProvider/browserlessSession.js';
import { pageOf } from '../../scripts/identityProvider/passwordSignIn.js';
import { signInForInvitation, startCustomerSignInServer, type CustomerSignInServer } from '../support/customerSignInServer.js';
import { call, eventually } from '../support/http.js';
import { seededStack } from '../support/stack.js';

const oldSecret = randomBytes(32).toString('base64url');
const newSecret = randomBytes(32).toString('base64url');
const duringRotation: InvitationSecrets = { current: newSecret, previous: oldSecret };
const afterRotation: InvitationSecrets = { current: newSecret };

describe('rotating INVITATION_SECRET: invitation links', () => {
  const ctx = seededStack({ secret: oldSecret });
  let server: ServerType;
  let base: string;
  /** The API as deployed with these secrets, on the same listening address. */
  let deploy: (secrets: InvitationSecrets) => void;

  before(async () => {
    let app = ctx.stack.app;
    server = serve({ fetch: (request) => app.fetch(request), hostname: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    deploy = (secrets) => {
      const links = createInvitationLinks({ keys: createKeyring(secrets), publicBaseUrl: ctx.stack.deps.config.PUBLIC_BASE_URL });
      app = createApp({ ...ctx.stack.deps, links });
    };
  });
  after(() => new Promise((resolve) => server?.close(resolve)));

  /** A pending request made before the rotation: its link is the old secret's, as in the email already sent. */
  const requestBeforeRotation = async (customerTenantId: string) => {
    const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: { customerTenantId, customerEmail: 'it@customer.example', includeDelegatedAdminPrivileges: false },
    });
    assert.equal(created.status, 201, created.text);
    const id = created.json.id as string;
    await eventually(async () => (await ctx.stack.collections.requests.findOne({ _id: id }))?.status === 'pending', 20_000, 'the request to be pending');
    return { id, path: new URL(created.json.invitationUrl as string).pathname };
  };
  const accept = (path: string) =>
    fetch(`${base}${path}/accept`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ firstName: 'Olena', lastName: 'Shevchenko', email: 'olena@kyiv.example', acceptAgreement: 'true' }),
    });

  test("the old secret's link works while INVITATION_SECRET_PREVIOUS holds it, and answers 404 once it is removed", async () => {
    const accepted = await requestBeforeRotation(ctx.world.tenants.uaCustomer);
    const untouched = await requestBeforeRotation(ctx.world.tenants.aeCustomer);

    deploy(duringRotation);
    const page = await fetch(`${base}${accepted.path}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), new RegExp(`action="${accepted.path}/accept`), 'the page and its forms keep the link they were opened with');
    const decided = await accept(accepted.path);
    assert.equal(decided.status, 200, await decided.clone().text());
    assert.equal((await ctx.stack.collections.requests.findOne({ _id: accepted.id }))?.status, 'accepted');
    assert.equal((await fetch(`${base}${untouched.path}`)).status, 200);

    deploy(afterRotation);
    for (const path of [accepted.path, untouched.path]) assert.equal((await fetch(`${base}${path}`)).status, 404, path);
    assert.equal((await accept(untouched.path)).status, 404);
    assert.equal((await ctx.stack.collections.requests.findOne({ _id: untouched.id }))?.status, 'pending', 'nothing was decided');
  });

  test('links are always made with the current secret, also during a rotation', async () => {
    deploy(duringRotation);
    const created = await fetch(`${base}/v1/relationship-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.world.keys.trAdmin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customerTenantId: ctx.world.tenants.trCustomer, customerEmail: 'it@customer.example', includeDelegatedAdminPrivileges: false }),
    });
    const { invitationUrl } = (await created.json()) as { invitationUrl?: string };
    assert.ok(invitationUrl, `no link in the answer (${created.status})`);
    const token = invitationUrl.split('/').at(-1)!;
    assert.ok(createInvitationLinks({ keys: createKeyring(afterRotation), publicBaseUrl: base }).verify(token), 'valid after the rotation');
    assert.equal(createInvitationLinks({ keys: createKeyring({ current: oldSecret }), publicBaseUrl: base }).verify(token), undefined, 'not a link of the old secret');
  });
});

describe('rotating INVITATION_SECRET: customer sessions', () => {
  const invitation = { token: 'token-kyiv', requestId: 'request-kyiv', customerTenantId: 'kyiv-bakery-ua' };
  const admin = 'admin@kyivbakery.example';
  let server: CustomerSignInServer;

  before(async () => {
    server = await startCustomerSignInServer({ invitations: [invitation], secrets: { current: oldSecret } });
  });
  after(() => server?.close());

  const csrfAccepted = async (session: ReturnType<typeof createBrowserlessSession>, csrfToken: string) => {
    const landing = await session.submit({ action: new URL(`${server.base}/invitations/${invitation.token}/decide`), method: 'POST', fields: {} }, { csrfToken });
    return (JSON.parse(pageOf(landing, 'the answer').html) as { csrfAccepted: boolean }).csrfAccepted;
  };

  test("a session and a sign-in in flight of the old secret survive the rotation, and the session ends once the old secret is removed", async () => {
    const { session } = await signInForInvitation(server, { token: invitation.token, email: admin });
    const before = await server.probe(session, invitation.token);
    assert.ok(before.identity && before.csrfToken);
    // Another browser is at the provider's login page when the new secret is deployed.
    const isCallback = (url: URL) => url.pathname === '/auth/callback';
    const inFlight = await signInForInvitation(server, { token: invitation.token, email: admin, stopAt: isCallback });
    assert.equal(inFlight.landing.kind, 'stopped');

    server.useSecrets(duringRotation);
    const during = await server.probe(session, invitation.token);
    assert.deepEqual(during.identity, before.identity, 'still signed in');
    assert.equal(await csrfAccepted(session, before.csrfToken), true, 'a form loaded before the deploy still posts');
    assert.equal(await csrfAccepted(session, during.csrfToken!), true);

    const finished = await inFlight.session.open(inFlight.landing.kind === 'stopped' ? inFlight.landing.url : server.base);
    assert.equal(finished.kind === 'page' && finished.page.url.searchParams.get('signIn'), null, 'the sign-in in flight completes');
    assert.ok((await server.probe(inFlight.session, invitation.token)).identity);

    server.useSecrets(afterRotation);
    assert.deepEqual(await server.probe(session, invitation.token), { identity: null, csrfToken: null }, "the old secret's session is over");
    assert.equal(await csrfAccepted(session, before.csrfToken), false);
    assert.ok((await server.probe(inFlight.session, invitation.token)).identity, 'the session made during the rotation has the new secret');
  });
});
