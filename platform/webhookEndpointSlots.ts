import type { Collection } from 'mongodb';
import type { WebhookEndpointDocument } from './documents.js';
import { isDuplicateKeyError } from './keyedWrites.js';

/** One of a partner's numbered places for a webhook endpoint: `_id` is `<partner>:<n>`, n below the limit. */
export type WebhookEndpointSlotDocument = { _id: string; partnerTenantId: string; endpointId: string; createdAt: Date };

/** The two collections a place involves (typed here, not from mongo.ts, which names this module's document). */
type SlotCollections = { webhookEndpointSlots: Collection<WebhookEndpointSlotDocument>; webhookEndpoints: Collection<WebhookEndpointDocument> };

/**
 * Takes a free place for a new endpoint, or answers undefined when all `limit` are held. Counting endpoints and then
 * inserting would let two concurrent registrations both see room for one; inserting a keyed place cannot (E11000).
 * A place whose endpoint is gone or deleted (a registration that stopped half-way) is freed and taken again.
 */
export async function claimEndpointSlot(
  collections: SlotCollections,
  partnerTenantId: string,
  endpointId: string,
  limit: number,
  at: Date,
): Promise<string | undefined> {
  for (let round = 0; round < 2; round += 1) {
    for (let n = 0; n < limit; n += 1) {
      const _id = `${partnerTenantId}:${n}`;
      try {
        await collections.webhookEndpointSlots.insertOne({ _id, partnerTenantId, endpointId, createdAt: at });
        return _id;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    if (round === 0 && !(await freeAbandonedSlots(collections, partnerTenantId, limit))) return undefined;
  }
  return undefined;
}

async function freeAbandonedSlots(collections: SlotCollections, partnerTenantId: string, limit: number): Promise<boolean> {
  let freed = false;
  for (let n = 0; n < limit; n += 1) {
    const slot = await collections.webhookEndpointSlots.findOne({ _id: `${partnerTenantId}:${n}` });
    if (!slot) {
      freed = true;
      continue;
    }
    const endpoint = await collections.webhookEndpoints.findOne({ _id: slot.endpointId }, { projection: { status: 1 } });
    if (endpoint && endpoint.status !== 'deleted') continue;
    // A slot claimed this instant has no endpoint yet: leave places younger than a minute alone.
    if (!endpoint && Date.now() - slot.createdAt.getTime() < 60_000) continue;
    await collections.webhookEndpointSlots.deleteOne({ _id: slot._id, endpointId: slot.endpointId });
    freed = true;
  }
  return freed;
}

export async function releaseEndpointSlot(collections: SlotCollections, slotId: string, endpointId: string): Promise<void> {
  await collections.webhookEndpointSlots.deleteOne({ _id: slotId, endpointId });
}
