import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { clientAddressOf, resolveClientAddress } from '../../api/clientAddress.js';

/** A real listening server: the socket's peer address exists only there. */
async function serverSeeing(trustedProxies: string[]) {
  const app = new Hono();
  app.use(resolveClientAddress(trustedProxies));
  app.get('/', (c) => c.text(clientAddressOf(c)));
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('the client address behind a proxy', () => {
  test('without trusted proxies, X-Forwarded-For is ignored: a client cannot choose its own address', async () => {
    const server = await serverSeeing([]);
    try {
      assert.equal(await (await fetch(server.url, { headers: { 'x-forwarded-for': '203.0.113.9' } })).text(), '127.0.0.1');
    } finally {
      await server.close();
    }
  });

  test('from a trusted proxy, the last hop the proxy added is the client; what the client sent before it is not', async () => {
    const server = await serverSeeing(['127.0.0.1']);
    try {
      const seen = async (forwarded?: string) =>
        (await fetch(server.url, { headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } })).text();
      assert.equal(await seen('203.0.113.9'), '203.0.113.9');
      assert.equal(await seen('198.51.100.1, 203.0.113.9'), '203.0.113.9');
      assert.equal(await seen('203.0.113.9, 127.0.0.1'), '203.0.113.9', 'a chain of trusted proxies is walked back');
      assert.equal(await seen('not-an-address'), '127.0.0.1', 'no usable hop: the proxy itself');
      assert.equal(await seen(), '127.0.0.1');
    } finally {
      await server.close();
    }
  });
});
