import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { call, invitationPath } from '../support/http.js';
import { seededStack } from '../support/stack.js';

describe('the edge: documentation, problem details, limits, page security', () => {
  const ctx = seededStack();

  test('every route of the app is in the OpenAPI 3.1 document, with its problem responses', async () => {
    const doc = (await call(ctx.stack, 'GET', '/openapi.json')).json;
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.components.securitySchemes.apiKey.scheme, 'bearer');
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    const undocumented = new Set(['GET /openapi.json', 'GET /docs', 'GET /assets/invitation.css', 'GET /assets/docs.css', 'GET /assets/workspace.css', 'GET /assets/workspace.js']);
    const routes = ctx.stack.app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path}`)
      .filter((route) => !undocumented.has(route));
    assert.ok(routes.length >= 12);
    for (const route of routes) assert.ok(documented.has(route), `${route} is missing from /openapi.json`);
    const create = doc.paths['/v1/relationship-requests'].post;
    for (const status of ['201', '400', '401', '403', '404', '409', '422']) assert.ok(create.responses[status], `POST lacks ${status}`);
    assert.ok(create.responses['422'].content['application/problem+json']);
  });

  test('the document names where the API is served, its license, and each operation as a method name', async () => {
    const doc = (await call(ctx.stack, 'GET', '/openapi.json')).json;
    assert.deepEqual(doc.servers.map((server: { url: string }) => server.url), [ctx.stack.deps.config.PUBLIC_BASE_URL]);
    assert.deepEqual(doc.info.license, { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' });
    const operations = Object.values(doc.paths as Record<string, Record<string, { operationId: string; security?: unknown[] }>>).flatMap((item) => Object.values(item));
    const operationIds = operations.map((operation) => operation.operationId);
    for (const operationId of operationIds) assert.match(operationId, /^[a-z]+(?:[A-Z][a-z]+)+$/, 'a camelCase verb and its object');
    assert.equal(new Set(operationIds).size, operationIds.length, 'operationIds are unique');
    for (const operation of operations) assert.ok(operation.security, `${operation.operationId} says which credential it takes, if any`);
    assert.equal(doc.paths['/v1/relationship-requests'].post.operationId, 'createRelationshipRequest');
    assert.deepEqual(doc.paths['/healthz'].get.security, []);
  });

  test('/docs is a readable page listing the routes', async () => {
    const docs = await call(ctx.stack, 'GET', '/docs');
    assert.equal(docs.status, 200);
    assert.match(docs.text, /POST<\/span> <code>\/v1\/relationship-requests<\/code>/);
    assert.match(docs.text, /<code>\/v1\/relationship-requests<\/code><\/h3>\s*<p>[^<]+ <em>\(API key\)<\/em><\/p>/);
    assert.match(docs.text, /<code>\/invitations\/\{token\}\/accept<\/code><\/h3>\s*<p>[^<]+ <em>\(access token, optional\)<\/em><\/p>/);
    assert.doesNotMatch(docs.text, /<script/);
  });

  test('validation errors name every bad field, and nothing is written', async () => {
    const response = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: { customerTenantId: 'a:b', customerEmail: 'nope', includeDelegatedAdminPrivileges: 'yes', extra: 1 },
    });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    const fields = response.json.errors.map((e: { field: string }) => e.field).sort();
    assert.deepEqual(fields, ['customerEmail', 'customerTenantId', 'extra', 'includeDelegatedAdminPrivileges']);
    assert.equal(response.json.type, '/problems/validation');
    assert.equal(await ctx.stack.collections.requests.countDocuments({}), 0);
  });

  test('malformed JSON, unknown customers, unknown routes and wrong methods are problems too', async () => {
    const malformed = await call(ctx.stack, 'POST', '/v1/relationship-requests', { key: ctx.world.keys.trAdmin, body: '{"customerTenantId":' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.headers.get('content-type'), 'application/problem+json');

    const unknown = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: { customerDomain: 'nobody.example', customerEmail: 'a@b.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.errors[0].field, 'customerDomain');

    const route = await call(ctx.stack, 'GET', '/v2/nothing');
    assert.equal(route.status, 404);
    assert.equal(route.headers.get('content-type'), 'application/problem+json');

    const method = await call(ctx.stack, 'DELETE', '/v1/relationship-requests', { key: ctx.world.keys.trAdmin });
    assert.equal(method.status, 405);
    assert.equal(method.headers.get('allow'), 'POST, GET');
  });

  test('a body over 64 KiB is refused with 413 before it is parsed', async () => {
    const response = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: JSON.stringify({ message: 'x'.repeat(70_000) }),
    });
    assert.equal(response.status, 413);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
  });

  test('string lengths are bounded', async () => {
    const response = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: { customerTenantId: ctx.world.tenants.uaCustomer, customerEmail: 'a@b.example', includeDelegatedAdminPrivileges: true, message: 'x'.repeat(1001) },
    });
    assert.equal(response.status, 400);
    assert.equal(response.json.errors[0].field, 'message');
  });

  test('invitation pages: security headers, no caching, and no token in any Referer', async () => {
    const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: { customerTenantId: ctx.world.tenants.trCustomer, customerEmail: 'it@tr.example', includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, created.text);
    const page = await call(ctx.stack, 'GET', invitationPath(created.json.invitationUrl));
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'.*frame-ancestors 'none'/);
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.match(page.text, /<html lang="tr">/, 'the customer prefers Turkish');
    assert.match((await call(ctx.stack, 'GET', `${invitationPath(created.json.invitationUrl)}?lang=en`)).text, /<html lang="en">/);

    const foreign = await call(ctx.stack, 'POST', `${invitationPath(created.json.invitationUrl)}/decline`, {
      body: 'reason=evil',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    });
    assert.equal(foreign.status, 403);
    assert.equal((await ctx.stack.collections.requests.findOne({ _id: created.json.id }))?.status, 'pending');

    const own = await call(ctx.stack, 'POST', `${invitationPath(created.json.invitationUrl)}/accept?lang=en`, {
      body: 'firstName=Ay%C5%9Fe&lastName=Demir&email=ayse%40tr.example&phone=&acceptAgreement=true',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000' },
    });
    assert.equal(own.status, 200, own.text);
    assert.match(own.text, /The relationship with Anatolia Cloud is in place/);
    const acceptance = await ctx.stack.collections.agreementAcceptances.findOne({ requestId: created.json.id });
    assert.deepEqual(acceptance?.acceptedBy, { verifiedBy: 'typedNames', firstName: 'Ayşe', lastName: 'Demir', email: 'ayse@tr.example' });
    assert.equal(acceptance?.attestation.language, 'en');
    assert.match(acceptance?.attestation.text ?? '', /Global administrator/);
  });

  test('a form missing the agreement checkbox is shown again with the errors, nothing decided', async () => {
    const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.trAdmin,
      body: { customerTenantId: ctx.world.tenants.aeCustomer, customerEmail: 'it@ae.example', includeDelegatedAdminPrivileges: false },
    });
    const response = await call(ctx.stack, 'POST', `${invitationPath(created.json.invitationUrl)}/accept`, {
      body: 'firstName=Omar&lastName=&email=omar%40ae.example',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000' },
    });
    assert.equal(response.status, 400);
    assert.match(response.text, /role="alert"/);
    assert.match(response.text, /id="firstName"[^>]*value="Omar"/);
    assert.match(response.text, /aria-describedby="acceptAgreement-error"/);
    assert.equal((await ctx.stack.collections.requests.findOne({ _id: created.json.id }))?.status, 'pending');
  });

  test('tampered, truncated and unknown tokens all answer the same 404', async () => {
    const created = (await ctx.stack.collections.requests.find({}).limit(1).toArray())[0]!;
    const good = ctx.stack.links.tokenFor(created._id);
    const [id, mac] = good.split('.');
    const forged = [
      `${id}.${mac!.slice(0, -2)}AA`,
      `${id}.`,
      good.slice(0, 20),
      `${Buffer.from('00000000-0000-7000-8000-000000000000').toString('base64url')}.${mac}`,
      'x'.repeat(300),
      '..',
    ];
    for (const token of forged) {
      const page = await call(ctx.stack, 'GET', `/invitations/${encodeURIComponent(token)}`);
      assert.equal(page.status, 404, token);
      const json = await call(ctx.stack, 'POST', `/invitations/${encodeURIComponent(token)}/accept`, {
        body: { firstName: 'A', lastName: 'B', email: 'a@b.example', acceptAgreement: true },
      });
      assert.equal(json.status, 404, token);
    }
  });

});

describe('rate limits', () => {
  const ctx = seededStack({ invitationRateLimit: 8, authFailureRateLimit: 3 });

  test('failed API keys are rate limited with Retry-After; the limit counts failures only', async () => {
    for (let i = 0; i < 6; i += 1) {
      assert.equal((await call(ctx.stack, 'GET', '/v1/customers', { key: ctx.world.keys.trReader })).status, 200);
    }
    for (let i = 0; i < 3; i += 1) {
      assert.equal((await call(ctx.stack, 'GET', '/v1/customers', { key: `wrong-key-${i}-xxxxxxxxxxxxxxxx` })).status, 401);
    }
    const limited = await call(ctx.stack, 'GET', '/v1/customers', { key: 'wrong-key-again-xxxxxxxxxxxxxx' });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal(limited.headers.get('content-type'), 'application/problem+json');
  });

  test('invitation endpoints are rate limited per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await call(ctx.stack, 'GET', '/invitations/not-a-token')).status);
    assert.ok(statuses.includes(429), `no 429 in ${statuses.join(',')}`);
    assert.ok(statuses.indexOf(429) >= 1);
  });
});
