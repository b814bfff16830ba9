import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { maxBodyBytes } from '../../api/app.js';
import { discardBudget } from '../../api/bodyLimit.js';
import { seededStack } from '../support/stack.js';

const twoMegabytes = 2 * 1024 * 1024;

describe('oversized bodies: a 413 problem every time, and the client can carry on', () => {
  const ctx = seededStack();
  let server: ServerType;
  let base: string;
  const transferEncodings: (string | undefined)[] = [];

  before(async () => {
    server = serve({ fetch: ctx.stack.app.fetch, hostname: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('request', (request) => transferEncodings.push(request.headers['transfer-encoding']));
  });
  after(async () => {
    if (!server) return;
    const closed = new Promise((resolve) => server.close(resolve));
    if ('closeAllConnections' in server) server.closeAllConnections();
    await closed;
  });

  /**
   * A body that would create a request if its size were not checked: valid JSON, padded with whitespace.
   * Nothing may be written for it.
   */
  const validButHuge = () =>
    `{"customerTenantId":"${ctx.world.tenants.trCustomer}","customerEmail":"it@tr.example","includeDelegatedAdminPrivileges":true}${' '.repeat(twoMegabytes)}`;

  async function post(body: string | ReadableStream<Uint8Array>, headers: Record<string, string>) {
    const response = await fetch(`${base}/v1/relationship-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      ...(body instanceof ReadableStream && { duplex: 'half' }),
    } as RequestInit);
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  function assertBodyTooLarge(response: { status: number; headers: Headers; text: string }) {
    assert.equal(response.status, 413, response.text);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.equal(response.headers.get('connection'), 'close');
    const problem = JSON.parse(response.text) as Record<string, unknown>;
    assert.equal(problem.type, '/problems/body-too-large');
    assert.equal(problem.status, 413);
    assert.equal(problem.title, 'Content Too Large');
    assert.match(String(problem.detail), new RegExp(`\\b${maxBodyBytes}\\b`));
  }

  async function healthz() {
    const response = await fetch(`${base}/healthz`);
    return { status: response.status, body: await response.text() };
  }

  const outcome = (error: unknown) => {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
  };

  test('50 rounds of a 2 MB JSON body, each followed by GET /healthz from the same client', async () => {
    const failures: string[] = [];
    let refused = 0;
    let healthy = 0;
    for (let round = 1; round <= 50; round++) {
      try {
        assertBodyTooLarge(await post(validButHuge(), { authorization: `Bearer ${ctx.world.keys.trAdmin}` }));
        refused++;
      } catch (error) {
        failures.push(`round ${round}, POST: ${outcome(error)}`);
      }
      try {
        const health = await healthz();
        assert.equal(health.status, 200, health.body);
        healthy++;
      } catch (error) {
        failures.push(`round ${round}, GET /healthz: ${outcome(error)}`);
      }
    }
    assert.deepEqual({ refused, healthy, failures: failures.slice(0, 5) }, { refused: 50, healthy: 50, failures: [] });
  });

  test('without an API key, the size is refused first, just as cleanly', async () => {
    for (let round = 0; round < 5; round++) {
      assertBodyTooLarge(await post(validButHuge(), {}));
      assert.equal((await healthz()).status, 200);
    }
    const small = await post('{}', {});
    assert.equal(small.status, 401, 'a small body without a key is still a 401');
  });

  test('a chunked body (no Content-Length) over the limit', async () => {
    for (let round = 0; round < 10; round++) {
      const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= twoMegabytes) return controller.close();
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      transferEncodings.length = 0;
      assertBodyTooLarge(await post(body, { authorization: `Bearer ${ctx.world.keys.trAdmin}` }));
      assert.deepEqual(transferEncodings, ['chunked']);
      assert.equal((await healthz()).status, 200);
    }
  });

  test('a body that never ends is read for a bounded time, then the connection is closed', async () => {
    const trickle = await rawUpload(base, { declaredBytes: 1024 ** 3, chunkBytes: 16 * 1024, everyMs: 100 });
    assert.match(trickle.response, /^HTTP\/1\.1 413 /);
    assert.match(trickle.response, /\r\nconnection: close\r\n/i);
    assert.ok(trickle.closedAfterMs >= discardBudget.maxMs - 500, `closed after ${trickle.closedAfterMs} ms`);
    assert.ok(trickle.closedAfterMs < discardBudget.maxMs + 3_000, `closed after ${trickle.closedAfterMs} ms`);
  });

  test('a body that floods is read up to a bounded size, then the connection is closed', async () => {
    const flood = await rawUpload(base, { declaredBytes: 1024 ** 3, chunkBytes: 256 * 1024, everyMs: 0 });
    assert.match(flood.response, /^HTTP\/1\.1 413 /);
    assert.ok(flood.closedAfterMs < discardBudget.maxMs - 1_000, `closed after ${flood.closedAfterMs} ms`);
    assert.ok(flood.sentBytes < 64 * 1024 * 1024, `the client got to send ${flood.sentBytes} bytes`);
  });

  test('nothing was written for any refused body', async () => {
    assert.equal(await ctx.stack.collections.requests.countDocuments({}), 0);
    assert.equal(await ctx.stack.collections.outbox.countDocuments({}), 0);
  });

  test('without a socket (app.request): the same problem, declared length or not', async () => {
    const authorization = `Bearer ${ctx.world.keys.trAdmin}`;
    const body = validButHuge();
    const declared = await ctx.stack.app.request('/v1/relationship-requests', {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      body,
    });
    const undeclared = await ctx.stack.app.request('/v1/relationship-requests', {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body,
    });
    for (const response of [declared, undeclared]) {
      assertBodyTooLarge({ status: response.status, headers: response.headers, text: await response.text() });
    }
    assert.equal(await ctx.stack.collections.requests.countDocuments({}), 0);

    const fits = await ctx.stack.app.request('/v1/relationship-requests', {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ customerTenantId: ctx.world.tenants.trCustomer, customerEmail: 'it@tr.example', includeDelegatedAdminPrivileges: true }),
    });
    assert.equal(fits.status, 201, await fits.text());
  });
});

/**
 * Declares a body of `declaredBytes` on a raw socket and keeps sending it, reading the response as it comes,
 * until the server closes the connection.
 */
async function rawUpload(base: string, options: { declaredBytes: number; chunkBytes: number; everyMs: number }) {
  const { port } = new URL(base);
  const socket = connect(Number(port), '127.0.0.1');
  await once(socket, 'connect');
  const started = performance.now();
  let response = '';
  let sentBytes = 0;
  let open = true;
  socket.on('data', (data: Buffer) => (response += data.toString('latin1')));
  // A reset is one of the ways the server may close: the test looks at when, not how.
  socket.on('error', () => {});
  const closed = new Promise((resolve) => socket.once('close', resolve)).then(() => (open = false));
  socket.write(
    `POST /v1/relationship-requests HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${options.declaredBytes}\r\n\r\n`,
  );
  const chunk = Buffer.alloc(options.chunkBytes, ' ');
  const deadline = started + 30_000;
  while (open && performance.now() < deadline) {
    if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
    else await new Promise((resolve) => setTimeout(resolve, options.everyMs));
    sentBytes += chunk.byteLength;
  }
  socket.destroy();
  await closed;
  return { response, sentBytes, closedAfterMs: Math.round(performance.now() - started) };
}
