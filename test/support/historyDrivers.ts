import assert from 'node:assert/strict';
import type { AccessTokenPolicy } from '../../api/identity/accessTokens.js';
import { globalAdministratorRoleId } from '../../domain/identity.js';
import { webhookEventId } from '../../domain/webhookEvents.js';
import { batchWorkflowId } from '../../workflows/relationshipRequestBatchContract.js';
import { addCustomerWorkflowId } from '../../workflows/addCustomerContract.js';
import { cancel, relationshipRequestWorkflowId } from '../../workflows/relationshipRequestContract.js';
import { webhookDeliveryWorkflowId } from '../../workflows/webhookDeliveryContract.js';
import { adminRelationshipWorkflowId } from '../../workflows/adminRelationshipContract.js';
import { delegatedAdminRemovalWorkflowId, relationshipEndingWorkflowId } from '../../workflows/relationshipChangesContract.js';
import { demoWorld, type DemoWorld } from './fixtures.js';
import type { HistoryPath } from './historyPaths.js';
import { call, eventually, invitationPath } from './http.js';
import type { Stack } from './stack.js';
import type { TokenIssuer } from './tokenIssuer.js';
import { registerReceiver, requestAndAccept } from './webhookFlows.js';
import { startWebhookReceiver } from './webhookReceiver.js';

/** The run a path produced; its history is complete once the run has closed. */
export type RecordedRun = { workflowId: string; runId?: string };

/** What every path runs on: one stack, and the issuer of the customers' access tokens its API accepts. */
export type Recorder = { stack: Stack; issuer: TokenIssuer };

const audience = 'api://reseller-relationships';
const scope = 'Relationships.ReadWrite';
/** The stack's access token check, for the tokens `globalAdministratorToken` signs. */
export const accessTokenPolicy = (issuer: TokenIssuer): AccessTokenPolicy => ({ issuer: issuer.issuerUrl, audiences: [audience], scope });

/** A Global administrator of `customerTenantId`, as the stack's access token check accepts them. */
export const globalAdministratorToken = (issuer: TokenIssuer, customerTenantId: string) =>
  issuer.sign(
    { tid: customerTenantId, oid: `oid-admin-${customerTenantId}`, preferred_username: `admin@${customerTenantId}.example`, name: 'Olena Koval', wids: [globalAdministratorRoleId], scp: scope },
    { audience },
  );

const helpdeskAdministrator = '729827e3-9c14-49f7-bb1b-9608f156bbb8';

/** An admin relationship with the Ukrainian customer, locked, and approved by its Global administrator: its ID. */
async function approvedAdminRelationship(stack: Stack, issuer: TokenIssuer, world: DemoWorld, terms: Record<string, string>): Promise<string> {
  const created = await call(stack, 'POST', '/v1/admin-relationships', {
    key: world.keys.trAdmin,
    body: { displayName: `Support ${terms.duration}`, customer: { tenantId: world.tenants.uaCustomer }, accessDetails: { unifiedRoles: [{ roleDefinitionId: helpdeskAdministrator }] }, ...terms },
  });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id as string;
  const locked = await call(stack, 'POST', `/v1/admin-relationships/${id}/requests`, { key: world.keys.trAdmin, body: { action: 'lockForApproval' } });
  assert.equal(locked.status, 201, locked.text);
  const approved = await call(stack, 'POST', `/partner-relationships/admin-relationships/${id}/approve`, { key: await globalAdministratorToken(issuer, world.tenants.uaCustomer), body: {} });
  assert.equal(approved.status, 200, approved.text);
  return id;
}

/** Each path in a world of its own, so that any path can be recorded alone. */
async function newWorld(stack: Stack): Promise<DemoWorld> {
  const world = demoWorld();
  await stack.seed(world.seed);
  return world;
}

const acceptance = { firstName: 'Ada', lastName: 'Yılmaz', email: 'ada@customer.example', acceptAgreement: true };

async function openRequest(stack: Stack, world: DemoWorld, customerTenantId: string, status = 201) {
  const created = await call(stack, 'POST', '/v1/relationship-requests', {
    key: world.keys.trAdmin,
    body: { customerTenantId, customerEmail: 'it@customer.example', includeDelegatedAdminPrivileges: true },
  });
  assert.equal(created.status, status, created.text);
  return created.json;
}

/** The run of a request, once the request has closed. */
async function closedRequest(stack: Stack, requestId: string): Promise<RecordedRun> {
  const request = await eventually(async () => {
    const doc = await stack.collections.requests.findOne({ _id: requestId });
    return doc && ['accepted', 'declined', 'cancelled', 'expired', 'rejected'].includes(doc.status) ? doc : undefined;
  }, 30_000, `request ${requestId} to close`);
  return { workflowId: request.workflowId, runId: request.runId };
}

/** How each path is driven, through the API and the receivers a partner or customer would use. */
export const historyDrivers: Record<HistoryPath, (recorder: Recorder) => Promise<RecordedRun>> = {
  async 'accepted-after-resend'({ stack }) {
    const world = await newWorld(stack);
    const { id, invitationUrl } = await openRequest(stack, world, world.tenants.uaCustomer);
    await call(stack, 'POST', `/v1/relationship-requests/${id}/resend`, { key: world.keys.trAdmin });
    await eventually(async () => (await stack.collections.outbox.countDocuments({ _id: `invitation:${id}:resend:1` })) === 1);
    await call(stack, 'POST', `${invitationPath(invitationUrl)}/accept`, { body: acceptance });
    return closedRequest(stack, id);
  },

  async declined({ stack }) {
    const world = await newWorld(stack);
    const { id, invitationUrl } = await openRequest(stack, world, world.tenants.aeCustomer);
    await call(stack, 'POST', `${invitationPath(invitationUrl)}/decline`, { body: { reason: 'not now' } });
    return closedRequest(stack, id);
  },

  async cancelled({ stack }) {
    const world = await newWorld(stack);
    const { id } = await openRequest(stack, world, world.tenants.trCustomer);
    await call(stack, 'POST', `/v1/relationship-requests/${id}/cancel`, { key: world.keys.trAdmin, body: { reason: 'duplicate' } });
    // A second cancellation that arrives once the request is closed changes nothing.
    const handle = stack.client.workflow.getHandle(relationshipRequestWorkflowId(world.tenants.trPartner, world.tenants.trCustomer));
    await handle.signal(cancel, { by: { userId: 'operator', email: 'operator@partner.example' }, reason: 'again', at: new Date().toISOString() }).catch(() => undefined);
    return closedRequest(stack, id);
  },

  async 'rejected-region'({ stack }) {
    const world = await newWorld(stack);
    const rejected = await openRequest(stack, world, world.tenants.deCustomer, 422);
    return closedRequest(stack, rejected.requestId);
  },

  async 'expired-after-reminders'({ stack }) {
    const world = await newWorld(stack);
    const { id } = await openRequest(stack, world, world.tenants.trCustomer);
    return closedRequest(stack, id);
  },

  async 'customer-added'({ stack }) {
    const world = await newWorld(stack);
    const added = await call(stack, 'POST', '/v1/customers', {
      key: world.keys.trAdmin,
      body: {
        domainPrefix: `ankara${world.tag}`,
        companyName: 'Ankara Yazılım',
        country: 'TR',
        email: 'it@ankarayazilim.example',
        includeDelegatedAdminPrivileges: true,
        agreement: { firstName: 'Deniz', lastName: 'Kaya', email: 'deniz@ankarayazilim.example', acceptAgreement: true },
      },
    });
    assert.equal(added.status, 201, added.text);
    return { workflowId: addCustomerWorkflowId(added.json.domain) };
  },

  async 'batch-of-three'({ stack }) {
    const world = await newWorld(stack);
    const ask = (customerTenantId: string) => ({ customerTenantId, customerEmail: 'it@customer.example', includeDelegatedAdminPrivileges: true });
    // Two invited, one rejected on the region rule.
    const items = [world.tenants.uaCustomer, world.tenants.aeCustomer, world.tenants.deCustomer].map(ask);
    const created = await call(stack, 'POST', '/v1/relationship-request-batches', { key: world.keys.trAdmin, body: { items } });
    assert.equal(created.status, 202, created.text);
    return { workflowId: batchWorkflowId(created.json.id) };
  },

  async 'relationship-ended'({ stack }) {
    const world = await newWorld(stack);
    const customerTenantId = world.tenants.uaCustomer;
    await requestAndAccept(stack, world, customerTenantId);
    const ended = await call(stack, 'POST', `/v1/customers/${customerTenantId}/relationship/end`, {
      key: world.keys.trAdmin,
      body: { reason: 'The customer moved to another partner' },
    });
    assert.equal(ended.status, 200, ended.text);
    return { workflowId: relationshipEndingWorkflowId({ partnerTenantId: world.tenants.trPartner, customerTenantId, relationshipId: ended.json.relationshipId }) };
  },

  async 'delegated-admin-removed'({ stack, issuer }) {
    const world = await newWorld(stack);
    const { trPartner: partnerTenantId, uaCustomer: customerTenantId } = world.tenants;
    await requestAndAccept(stack, world, customerTenantId);
    const removed = await call(stack, 'POST', `/partner-relationships/${partnerTenantId}/remove-admin-privileges`, {
      key: await globalAdministratorToken(issuer, customerTenantId),
      body: {},
    });
    assert.equal(removed.status, 200, removed.text);
    return { workflowId: delegatedAdminRemovalWorkflowId({ partnerTenantId, customerTenantId, relationshipId: removed.json.relationshipId }) };
  },

  async 'webhook-delivered-after-a-failure'({ stack }) {
    const world = await newWorld(stack);
    // The receiver refuses the first attempt: the delivery waits on its retry timer and succeeds on the second.
    const receiver = await startWebhookReceiver({ answer: (attempt) => (attempt === 0 ? 'fail-before' : 'ok') });
    try {
      const endpoint = await registerReceiver(stack, world.keys.trAdmin, receiver, ['relationship_request.created']);
      const { id } = await openRequest(stack, world, world.tenants.uaCustomer);
      const run = { workflowId: webhookDeliveryWorkflowId(endpoint.id, webhookEventId('relationship_request.created', id)) };
      const result = await eventually(
        () => stack.client.workflow.getHandle(run.workflowId).result().catch(() => undefined),
        30_000,
        'the delivery to finish',
      );
      assert.deepEqual(result, { outcome: 'delivered', attempts: 2 });
      return run;
    } finally {
      await receiver.close();
    }
  },
  async 'admin-relationship-expired'({ stack, issuer }) {
    const world = await newWorld(stack);
    const id = await approvedAdminRelationship(stack, issuer, world, { duration: 'P40D' });
    const assigned = await call(stack, 'POST', `/v1/admin-relationships/${id}/access-assignments`, {
      key: world.keys.trAdmin,
      body: { accessContainer: { accessContainerId: '4b3f1c2e-8a61-4f0e-9d7a-2c5b8e9f1a30' }, accessDetails: { unifiedRoles: [{ roleDefinitionId: helpdeskAdministrator }] } },
    });
    assert.equal(assigned.status, 201, assigned.text);
    return { workflowId: adminRelationshipWorkflowId(world.tenants.trPartner, id) };
  },

  async 'admin-relationship-extended-then-terminated'({ stack, issuer }) {
    const world = await newWorld(stack);
    const id = await approvedAdminRelationship(stack, issuer, world, { duration: 'P2D', autoExtendDuration: 'P180D' });
    await eventually(async () => ((await stack.collections.adminRelationships.findOne({ _id: id }))?.extensions ?? 0) >= 1, 10_000, 'the extension');
    const ended = await call(stack, 'POST', `/partner-relationships/admin-relationships/${id}/terminate`, { key: await globalAdministratorToken(issuer, world.tenants.uaCustomer), body: {} });
    assert.equal(ended.status, 200, ended.text);
    return { workflowId: adminRelationshipWorkflowId(world.tenants.trPartner, id) };
  },
};
