/**
 * Records one workflow history per path into test/histories/<folder>/, for the replay test:
 * `npm run record-histories -- <folder>` (needs TEMPORAL_ADDRESS and MONGODB_URI, e.g. from `npm run services`).
 * docs/versioning.md says when a new folder is needed and when an old one can go.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { cachedBinaryPath } from '../../scripts/services/binaries.js';
import { demoWorld } from './fixtures.js';
import { call, eventually, invitationPath } from './http.js';
import { startStack, type Stack } from './stack.js';

const folder = process.argv[2];
if (!folder || !/^[a-z0-9.-]+$/.test(folder)) {
  console.error('Usage: npm run record-histories -- <folder>   (a folder name under test/histories/, e.g. v1)');
  process.exit(2);
}
const outDir = new URL(`../histories/${folder}/`, import.meta.url);
await mkdir(outDir, { recursive: true });

async function save(stack: Stack, name: string, requestId: string) {
  const request = await eventually(async () => {
    const doc = await stack.collections.requests.findOne({ _id: requestId });
    return doc && ['accepted', 'declined', 'cancelled', 'expired', 'rejected'].includes(doc.status) ? doc : undefined;
  }, 30_000, `${name} to close`);
  const handle = stack.client.workflow.getHandle(request.workflowId, request.runId);
  await handle.result();
  // The CLI writes the canonical JSON form that the SDK's historyFromJSON reads back.
  const temporal = process.env.TEMPORAL_CLI ?? cachedBinaryPath('temporal', process.env);
  const { stdout } = await promisify(execFile)(
    temporal,
    ['workflow', 'show', '--address', process.env.TEMPORAL_ADDRESS!, '-w', request.workflowId, '-r', request.runId, '--output', 'json'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  await writeFile(new URL(`${name}.json`, outDir), stdout);
  console.log(`recorded ${folder}/${name}`);
}

const stack = await startStack({ invitationTtl: '8s', reminderAfter: '2s,4s' });
const world = demoWorld();
await stack.seed(world.seed);
const create = (customerTenantId: string, extra: Record<string, unknown> = {}) =>
  call(stack, 'POST', '/v1/relationship-requests', {
    key: world.keys.trAdmin,
    body: { customerTenantId, customerEmail: 'it@customer.example', includeDelegatedAdminPrivileges: true, ...extra },
  });
const acceptance = { firstName: 'Ada', lastName: 'Yılmaz', email: 'ada@customer.example', acceptAgreement: true };

try {
  const accepted = await create(world.tenants.uaCustomer);
  await call(stack, 'POST', `/v1/relationship-requests/${accepted.json.id}/resend`, { key: world.keys.trAdmin });
  await eventually(async () => (await stack.collections.outbox.countDocuments({ _id: `invitation:${accepted.json.id}:resend:1` })) === 1);
  await call(stack, 'POST', `${invitationPath(accepted.json.invitationUrl)}/accept`, { body: acceptance });
  await save(stack, 'accepted-after-resend', accepted.json.id);

  const declined = await create(world.tenants.aeCustomer);
  await call(stack, 'POST', `${invitationPath(declined.json.invitationUrl)}/decline`, { body: { reason: 'not now' } });
  await save(stack, 'declined', declined.json.id);

  const cancelled = await create(world.tenants.trCustomer);
  const handle = stack.client.workflow.getHandle(`relationship-request:${world.tenants.trPartner}:${world.tenants.trCustomer}`);
  await call(stack, 'POST', `/v1/relationship-requests/${cancelled.json.id}/cancel`, { key: world.keys.trAdmin, body: { reason: 'duplicate' } });
  await handle.signal('decline', { at: new Date().toISOString() }).catch(() => undefined);
  await save(stack, 'cancelled', cancelled.json.id);

  const rejected = await create(world.tenants.deCustomer);
  await save(stack, 'rejected-region', rejected.json.requestId);

  // The cancelled pair is free again: this one runs to its TTL with both reminders.
  const expired = await create(world.tenants.trCustomer);
  await save(stack, 'expired-after-reminders', expired.json.id);
} finally {
  await stack.stop();
}
