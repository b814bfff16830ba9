import type { UpdateFilter } from 'mongodb';
import type { Actor } from '../domain/relationshipRequest.js';
import type { RelationshipRequestDocument, RequestEvent } from '../platform/documents.js';
import type { Collections } from '../platform/mongo.js';

/** One change to a request: the event it records under its key, and the fields it sets. */
export type RequestChange = {
  key: string;
  type: string;
  actor: Actor;
  set?: Partial<RelationshipRequestDocument>;
  extra?: UpdateFilter<RelationshipRequestDocument>;
  detail?: Record<string, unknown>;
};

export const eventOf = (change: Omit<RequestChange, 'set' | 'extra'>, at: Date): RequestEvent => ({
  key: change.key,
  type: change.type,
  at,
  actor: change.actor,
  ...(change.detail && { detail: change.detail }),
});

/**
 * Applies changes and their events to a request in one write, idempotently: events live in a map under their key,
 * so a retried activity sets the same entry again instead of adding one.
 */
export function createRequestEvents({ collections, now }: { collections: Collections; now: () => Date }) {
  return async function record(requestId: string, ...changes: RequestChange[]): Promise<void> {
    const at = now();
    const $set: Record<string, unknown> = { updatedAt: at };
    let extra: UpdateFilter<RelationshipRequestDocument> = {};
    for (const change of changes) {
      Object.assign($set, change.set, { [`events.${change.key}`]: eventOf(change, at) });
      extra = { ...extra, ...change.extra };
    }
    await collections.requests.updateOne({ _id: requestId }, { ...extra, $set } as UpdateFilter<RelationshipRequestDocument>);
  };
}
export type RecordRequestEvents = ReturnType<typeof createRequestEvents>;
