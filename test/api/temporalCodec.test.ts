import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { createOperatorTokenVerifier, type OperatorTokenVerifier } from '../../api/identity/operatorTokens.js';
import { relationshipRequestWorkflowId } from '../../workflows/relationshipRequestContract.js';
import { call } from '../support/http.js';
import { seededStack } from '../support/stack.js';
import { startTokenIssuer, type TokenIssuer } from '../support/tokenIssuer.js';

const audience = 'api://temporal-operators';
const uiOrigin = 'http://127.0.0.1:8233';
type JsonPayload = { metadata: Record<string, string>; data: string };

describe("the Temporal UI's codec server: payloads decrypted for signed-in operators and nobody else", () => {
  let issuer: TokenIssuer;
  let verify: OperatorTokenVerifier;
  const ctx = seededStack({ operatorTokens: { verify: (token) => verify(token), uiOrigin } });
  let server: ServerType;
  let base: string;
  let stored: JsonPayload;

  before(async () => {
    issuer = await startTokenIssuer();
    verify = createOperatorTokenVerifier({ issuer: issuer.issuerUrl, audiences: [audience], namespace: 'default' });
    server = serve({ fetch: ctx.stack.app.fetch, hostname: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: { customerTenantId: ctx.world.tenants.trCustomer, customerEmail: 'bilgi@izmir.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, created.text);
    const workflowId = relationshipRequestWorkflowId(ctx.world.tenants.trPartner, ctx.world.tenants.trCustomer);
    const { events } = await ctx.stack.client.workflow.getHandle(workflowId).fetchHistory();
    const input = events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    // As the UI sends it: protobuf's JSON form of the payload the server stored.
    stored = {
      metadata: Object.fromEntries(Object.entries(input.metadata!).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
      data: Buffer.from(input.data!).toString('base64'),
    };
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await issuer?.close();
  });

  const operatorToken = (roles: string[], settings: Partial<Parameters<TokenIssuer['sign']>[1]> = {}) =>
    issuer.sign({ sub: 'operator-1', name: 'Operator', roles }, { audience, ...settings });
  const codec = (path: 'decode' | 'encode', body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/codec/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers }, body: JSON.stringify(body) });
  const decodedText = async (response: Response) => {
    const { payloads } = (await response.json()) as { payloads: JsonPayload[] };
    return payloads.map((payload) => Buffer.from(payload.data, 'base64').toString('utf8'));
  };

  test('what the server stores is encrypted; an operator with read permission gets it decrypted', async () => {
    assert.equal(Buffer.from(stored.metadata.encoding!, 'base64').toString(), 'binary/encrypted');
    assert.ok(!Buffer.from(stored.data, 'base64').includes('bilgi@izmir.example'));
    const response = await codec('decode', { payloads: [stored] }, { authorization: `Bearer ${await operatorToken(['default:read'])}` });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const [text] = await decodedText(response);
    assert.match(text!, /bilgi@izmir\.example/);
  });

  test('no token, a forged one, one for another audience or an expired one: 401; no permission on this namespace: 403', async () => {
    const refusedWith = async (status: number, headers: Record<string, string>) => {
      const response = await codec('decode', { payloads: [stored] }, headers);
      assert.equal(response.status, status);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      assert.doesNotMatch(await response.text(), /bilgi/);
    };
    await refusedWith(401, {});
    await refusedWith(401, { authorization: `Bearer ${await operatorToken(['default:read'], { key: issuer.forgedKey })}` });
    await refusedWith(401, { authorization: `Bearer ${await operatorToken(['default:read'], { audience: 'api://reseller-relationships' })}` });
    await refusedWith(401, { authorization: `Bearer ${await operatorToken(['default:read'], { expiresIn: Math.floor(Date.now() / 1000) - 600 })}` });
    await refusedWith(403, { authorization: `Bearer ${await operatorToken([])}` });
    await refusedWith(403, { authorization: `Bearer ${await operatorToken(['other:admin', 'default:worker'])}` });
    await refusedWith(403, { authorization: `Bearer ${await operatorToken(['default:read'])}`, 'x-namespace': 'other' });
  });

  test('encoding (a signal sent from the UI) needs write permission; what it encodes decodes back', async () => {
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"hello"').toString('base64') };
    const reader = await codec('encode', { payloads: [plain] }, { authorization: `Bearer ${await operatorToken(['default:read'])}` });
    assert.equal(reader.status, 403);
    const writer = `Bearer ${await operatorToken(['default:write'])}`;
    const encoded = await codec('encode', { payloads: [plain] }, { authorization: writer });
    assert.equal(encoded.status, 200);
    const { payloads } = (await encoded.json()) as { payloads: JsonPayload[] };
    assert.equal(Buffer.from(payloads[0]!.metadata.encoding!, 'base64').toString(), 'binary/encrypted');
    const back = await codec('decode', { payloads }, { authorization: `Bearer ${await operatorToken(['temporal-system:read'])}` });
    assert.deepEqual(await decodedText(back), ['"hello"']);
  });

  test('a body that is not payloads names the field; a changed payload is refused, not half-decoded', async () => {
    const authorization = `Bearer ${await operatorToken(['default:read'])}`;
    const bad = await codec('decode', { payloads: [{ metadata: {}, data: 'not base64!' }] }, { authorization });
    assert.equal(bad.status, 400);
    const problem = (await bad.json()) as { errors: { field: string }[] };
    assert.deepEqual(problem.errors.map((error) => error.field), ['payloads.0.data']);
    const data = Buffer.from(stored.data, 'base64');
    data[30] = data[30]! ^ 1;
    const changed = await codec('decode', { payloads: [{ ...stored, data: data.toString('base64') }] }, { authorization });
    assert.equal(changed.status, 422);
  });

  test("the UI's origin may call it from the operator's browser; another origin is not told it may", async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/codec/decode`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-namespace' },
      });
    const fromUi = await preflight(uiOrigin);
    assert.equal(fromUi.status, 204);
    assert.equal(fromUi.headers.get('access-control-allow-origin'), uiOrigin);
    assert.match(fromUi.headers.get('access-control-allow-headers') ?? '', /authorization/);
    const elsewhere = await preflight('https://attacker.example');
    assert.equal(elsewhere.headers.get('access-control-allow-origin'), null);
  });
});
