import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { relationshipsClient } from '../../docs/examples/relationshipsClient.js';
import { call } from '../support/http.js';
import { seededStack } from '../support/stack.js';

const committedTypes = new URL('../../docs/examples/openapi.ts', import.meta.url);
const regenerate = 'npx openapi-typescript http://127.0.0.1:3000/openapi.json -o docs/examples/openapi.ts (with `npm run dev` running)';

describe('a client generated from the OpenAPI document (openapi-typescript and openapi-fetch, through a listening server)', () => {
  const ctx = seededStack();
  let server: ServerType;
  let base: string;

  before(async () => {
    server = serve({ fetch: ctx.stack.app.fetch, hostname: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server?.close(resolve)));

  test('the committed types are what openapi-typescript generates from the document, with every operation', async () => {
    const document = await call(ctx.stack, 'GET', '/openapi.json');
    const generated = `${COMMENT_HEADER}${astToString(await openapiTS(document.text))}`;
    assert.ok(generated === (await readFile(committedTypes, 'utf8')), `docs/examples/openapi.ts is stale: ${regenerate}`);

    const operationIds = Object.values(document.json.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((item) =>
      Object.values(item).map((operation) => operation.operationId),
    );
    assert.ok(operationIds.length >= 26);
    for (const operationId of operationIds) assert.match(generated, new RegExp(`\\b${operationId}: \\{`), `${operationId} is generated`);
  });

  test('it creates a relationship request with an API key and reads it back', async () => {
    const api = relationshipsClient(base, ctx.world.keys.trAdmin);
    const created = await api.POST('/v1/relationship-requests', {
      body: { customerTenantId: ctx.world.tenants.uaCustomer, customerEmail: 'it@kyiv.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.response.status, 201, JSON.stringify(created.error));
    assert.ok(created.data);
    assert.equal(created.data.status, 'pending');

    const read = await api.GET('/v1/relationship-requests/{id}', { params: { path: { id: created.data.id } } });
    assert.equal(read.response.status, 200, JSON.stringify(read.error));
    assert.ok(read.data);
    assert.equal(read.data.id, created.data.id);
    assert.equal(read.data.customerTenantId, ctx.world.tenants.uaCustomer);
    assert.equal(read.data.customerEmail, 'it@kyiv.example');
    assert.deepEqual(read.data.events.map((event) => event.type).slice(0, 3), ['requested', 'pending', 'invitation_sent']);
  });

  test('a refusal is the documented problem, typed', async () => {
    const api = relationshipsClient(base, ctx.world.keys.trAdmin);
    const refused = await api.POST('/v1/relationship-requests', {
      body: { customerTenantId: ctx.world.tenants.deCustomer, customerEmail: 'it@berlin.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(refused.response.status, 422);
    assert.equal(refused.data, undefined);
    assert.equal(refused.error?.code, 'region_not_allowed');
    assert.equal(refused.response.headers.get('content-type'), 'application/problem+json');
  });
});
