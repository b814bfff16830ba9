import assert from 'node:assert/strict';
import { WebhookEventType } from '../../domain/webhookEvents.js';
import { webhookDeliveryWorkflowId } from '../../workflows/webhookDeliveryContract.js';
import type { DemoWorld } from './fixtures.js';
import { call, eventually, invitationPath } from './http.js';
import type { Stack } from './stack.js';
import type { WebhookReceiver } from './webhookReceiver.js';

export const allEventTypes = WebhookEventType.options;

/** Registers the receiver for every event type (or those given) and hands it the secret. */
export async function registerReceiver(stack: Stack, key: string, receiver: WebhookReceiver, eventTypes: readonly string[] = allEventTypes) {
  const created = await call(stack, 'POST', '/v1/webhook-endpoints', { key, body: { url: receiver.url, eventTypes } });
  assert.equal(created.status, 201, created.text);
  receiver.secrets.push(created.json.secret);
  return { id: created.json.id as string, secret: created.json.secret as string };
}

/** A request by the world's Turkish Admin agent, accepted through its link (link-only mode). */
export async function requestAndAccept(stack: Stack, world: DemoWorld, customerTenantId: string) {
  const created = await call(stack, 'POST', '/v1/relationship-requests', {
    key: world.keys.trAdmin,
    body: { customerTenantId, customerEmail: 'it@customer.example', includeDelegatedAdminPrivileges: true },
  });
  assert.equal(created.status, 201, created.text);
  const accepted = await call(stack, 'POST', `${invitationPath(created.json.invitationUrl)}/accept`, {
    body: { firstName: 'Ada', lastName: 'Yılmaz', email: 'ada@customer.example', acceptAgreement: true },
  });
  assert.equal(accepted.status, 200, accepted.text);
  return created.json.id as string;
}

/** Waits until the receiver has processed every one of these events. */
export const allProcessed = (receiver: WebhookReceiver, ids: readonly string[], timeoutMs = 30_000) =>
  eventually(async () => ids.every((id) => receiver.processed.has(id)), timeoutMs, `events ${ids.filter((id) => !receiver.processed.has(id)).join(', ')}`);

/** The outcome of an event's delivery workflow to an endpoint, once it has finished. */
export const deliveryResult = (stack: Stack, endpointId: string, eventId: string) =>
  stack.client.workflow.getHandle(webhookDeliveryWorkflowId(endpointId, eventId)).result() as Promise<{ outcome: string; attempts: number }>;

/** Every payload in a workflow history, decoded to text, so a scan sees what the server stores. */
export function historyText(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(historyText).join('\n');
  if (value && typeof value === 'object') return Object.values(value).map(historyText).join('\n');
  return String(value ?? '');
}
