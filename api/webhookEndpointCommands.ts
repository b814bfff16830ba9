import type { Filter } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { attemptUpTo, tryAgain } from '../platform/attempts.js';
import type { WebhookDeliveryDocument, WebhookEndpointDocument, WebhookSigningSecret } from '../platform/documents.js';
import { newSigningSecret } from '../platform/webhookSecrets.js';
import { claimEndpointSlot, releaseEndpointSlot } from '../platform/webhookEndpointSlots.js';
import { checkTargetUrl } from '../platform/webhookTargets.js';
import { decodeCursor, encodeCursor, idsPastCursor } from './cursors.js';
import type { ApiDeps, AuthenticatedUser } from './deps.js';
import { ProblemError } from './problem.js';
import { quotaGuard } from './quotas.js';
import type { CreateWebhookEndpointBody } from './webhookSchemas.js';
import type { z } from '@hono/zod-openapi';

/** How long a secret replaced by a rotation keeps signing, so receivers can switch without losing a delivery. */
export const rotationOverlapMs = 24 * 3_600_000;

const notFound = () => new ProblemError({ status: 404, slug: 'not-found', detail: 'No such webhook endpoint' });

const badUrl = (message: string) =>
  new ProblemError({
    status: 400,
    slug: 'validation',
    title: 'Your request is not valid',
    detail: `Invalid body: url: ${message}`,
    errors: [{ field: 'url', message }],
  });

/**
 * A count, not a rate: waiting does not help, deleting an endpoint does. So a 409 (the partner's endpoints conflict with
 * one more), without Retry-After, rather than the 429 of the quotas over a window.
 */
const endpointLimitReached = (limit: number) =>
  new ProblemError({
    status: 409,
    slug: 'quota-exceeded',
    detail: `At most ${limit} webhook endpoints per partner; delete one you no longer use (DELETE /v1/webhook-endpoints/{id}) to register another`,
    quota: 'webhook-endpoints-per-partner',
    limit,
  });

/** This partner's endpoint, unless deleted; another partner's is not found. */
export async function findPartnerEndpoint(deps: ApiDeps, user: AuthenticatedUser, id: string): Promise<WebhookEndpointDocument> {
  const endpoint = await deps.database.collections.webhookEndpoints.findOne({ _id: id });
  if (!endpoint || endpoint.partnerTenantId !== user.partnerTenantId || endpoint.status === 'deleted') throw notFound();
  return endpoint;
}

/** This partner's endpoints that are not deleted, newest first, a page at a time. */
export async function listEndpoints(deps: ApiDeps, user: Pick<AuthenticatedUser, 'partnerTenantId'>, { limit, cursor }: { limit: number; cursor?: string | undefined }) {
  const filter: Filter<WebhookEndpointDocument> = { partnerTenantId: user.partnerTenantId, status: { $in: ['enabled', 'disabled'] } };
  filter._id = idsPastCursor(-1, cursor === undefined ? undefined : decodeCursor(cursor));
  const found = await deps.database.collections.webhookEndpoints.find(filter).sort({ _id: -1 }).limit(limit + 1).toArray();
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: found.length > limit && last ? encodeCursor(last._id) : null };
}

/** An endpoint's delivery attempts, newest first, a page at a time. */
export async function listDeliveries(deps: ApiDeps, endpoint: WebhookEndpointDocument, { limit, cursor }: { limit: number; cursor?: string | undefined }) {
  const filter: Filter<WebhookDeliveryDocument> = { endpointId: endpoint._id };
  if (cursor) filter.seq = { $lt: decodeCursor(cursor) };
  const found = await deps.database.collections.webhookDeliveries.find(filter).sort({ seq: -1 }).limit(limit + 1).toArray();
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: found.length > limit && last ? encodeCursor(last.seq) : null };
}

/** Checks the URL (scheme, then every address its host resolves to), and records the endpoint with a new sealed secret. */
export async function registerEndpoint(deps: ApiDeps, user: AuthenticatedUser, body: z.infer<typeof CreateWebhookEndpointBody>, at: Date) {
  const checked = await checkTargetUrl(body.url, deps.webhooks);
  if ('problem' in checked) throw badUrl(checked.problem);
  const id = uuidv7();
  const limit = quotaGuard(deps).endpointsPerPartner;
  const quotaSlot = await claimEndpointSlot(deps.database.collections, user.partnerTenantId, id, limit, at);
  if (quotaSlot === undefined) throw endpointLimitReached(limit);
  const secret = newSigningSecret();
  const endpoint: WebhookEndpointDocument = {
    _id: id,
    partnerTenantId: user.partnerTenantId,
    url: checked.url.href,
    eventTypes: body.eventTypes,
    ...(body.description && { description: body.description }),
    status: 'enabled',
    secrets: [{ sealed: deps.webhooks.secrets.seal(secret, id), createdAt: at }],
    secretsVersion: 1,
    createdBy: { userId: user.id, email: user.email },
    createdAt: at,
    updatedAt: at,
    quotaSlot,
  };
  try {
    await deps.database.collections.webhookEndpoints.insertOne(endpoint);
  } catch (error) {
    await releaseEndpointSlot(deps.database.collections, quotaSlot, id).catch(() => undefined);
    throw error;
  }
  return { endpoint, secret };
}

/**
 * A new secret; every secret still valid keeps signing for `rotationOverlapMs` more at most, and expired ones go.
 * Compare-and-set on `secretsVersion`: of two concurrent rotations one wins, the other tries again on its result.
 */
export async function rotateSecret(deps: ApiDeps, user: AuthenticatedUser, id: string, at: Date) {
  const { webhookEndpoints } = deps.database.collections;
  const rotated = await attemptUpTo(3, async () => {
    const endpoint = await findPartnerEndpoint(deps, user, id);
    const secret = newSigningSecret();
    const secrets: WebhookSigningSecret[] = [
      { sealed: deps.webhooks.secrets.seal(secret, id), createdAt: at },
      ...endpoint.secrets
        .filter((old) => !old.expiresAt || old.expiresAt > at)
        .map((old) => ({ ...old, expiresAt: new Date(Math.min(old.expiresAt?.getTime() ?? Infinity, at.getTime() + rotationOverlapMs)) })),
    ];
    const { matchedCount } = await webhookEndpoints.updateOne(
      { _id: id, secretsVersion: endpoint.secretsVersion, status: { $ne: 'deleted' } },
      { $set: { secrets, secretsVersion: endpoint.secretsVersion + 1, updatedAt: at } },
    );
    if (matchedCount !== 1) return tryAgain;
    return { endpoint: { ...endpoint, secrets, secretsVersion: endpoint.secretsVersion + 1, updatedAt: at }, secret };
  });
  if (rotated) return rotated;
  throw new ProblemError({ status: 409, slug: 'rotation-conflict', detail: 'The secret was being rotated at the same time; try again' });
}

/** Deleted for good: its secrets are erased, and deliveries under way stop at their next attempt. */
export async function deleteEndpoint(deps: ApiDeps, user: AuthenticatedUser, id: string, at: Date): Promise<void> {
  const { quotaSlot } = await findPartnerEndpoint(deps, user, id);
  const { matchedCount } = await deps.database.collections.webhookEndpoints.updateOne(
    { _id: id, status: { $ne: 'deleted' } },
    { $set: { status: 'deleted', deletedAt: at, updatedAt: at, secrets: [] } },
  );
  if (matchedCount === 0) throw notFound();
  if (quotaSlot) await releaseEndpointSlot(deps.database.collections, quotaSlot, id);
}
