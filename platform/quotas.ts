import type { Collection } from 'mongodb';
import { isOnlyDuplicateKeys } from './keyedWrites.js';

/** At most `limit` events per `key` in any `windowMs`; `name` prefixes the counters' `_id`s and names the limit to clients. */
export type Quota = { name: string; limit: number; windowMs: number };

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/** One admitted event: `_id` is `<quota>:<key>:<period>:<n>`, the n-th event of the key in that period. */
export type QuotaEventDocument = { _id: string; at: Date; expiresAt: Date };

export type QuotaCounters = {
  /** Counts `count` events if they fit, else counts nothing and says when the oldest counted event leaves the window. */
  admit(quota: Quota, key: string, count?: number): Promise<Admission>;
  /** Whether `count` events would fit now, counting nothing. */
  check(quota: Quota, key: string, count?: number): Promise<Admission>;
};

const maxAttempts = 50;
const guessesBeforeLooking = 3;
const maxRemembered = 10_000;
/** After this long, no instance is still counting into a finished period: its count is final. */
const settledAfterMs = 5_000;

/**
 * Sliding-window counters shared by every API instance, built only on keyed inserts and lookups by `_id`, the two
 * things FerretDB v1 does atomically and through an index (docs/ferretdb.md): one document per admitted event, never
 * an update. Time is cut into periods as long as the window. Events of a key in a period take slots 0, 1, 2… in turn,
 * each claimed by inserting its `_id`: of two instances claiming one slot, one gets E11000 and takes the next. The
 * n-th event may be admitted only if the event `limit` places before it (in this period or the previous one) is
 * older than the window, which bounds every window to `limit` events. A refused attempt writes nothing.
 *
 * What it costs: an instance claims one key's slots one at a time, so its own claims never collide, and it remembers
 * the highest slot it knows taken and the time of each event it admitted (an event never changes). A claim then
 * guesses the next slot and inserts it, one command. A collision with another instance (E11000) shows that slot taken,
 * and the claim guesses the one after it: instances that take turns on a key (behind a round-robin proxy) are usually
 * a slot or two apart. After `guessesBeforeLooking` collisions it looks for the first free slot instead, with finds
 * that gallop, then bisect. A check, which writes nothing, looks once at the slot after the highest it knows.
 */
export function createQuotaCounters(events: Collection<QuotaEventDocument>, clock: () => number = Date.now): QuotaCounters {
  /** The highest slot known taken, per key and period: where the next search starts. */
  const highestTaken = new Map<string, number>();
  const settledCounts = new Map<string, number>();
  /** When each event this instance admitted happened, by `_id`: the blocking event is then often known without a lookup. */
  const admittedAt = new Map<string, number>();
  /** Per quota and key, this instance's claim in progress: the next waits for it. */
  const claiming = new Map<string, Promise<unknown>>();
  const remember = (map: Map<string, number>, prefix: string, value: number) => {
    if (map.size >= maxRemembered) map.clear();
    map.set(prefix, value);
  };

  const taken = async (prefix: string, slot: number) => (await events.findOne({ _id: `${prefix}${slot}` }, { projection: { _id: 1 } })) !== null;

  /** Slots are taken from 0 without gaps: gallop from the highest known, then bisect to the first free one. */
  async function slotsTaken(prefix: string): Promise<number> {
    let low = highestTaken.get(prefix) ?? -1;
    let step = 1;
    let high: number;
    for (;;) {
      if (await taken(prefix, low + step)) {
        low += step;
        step *= 2;
      } else {
        high = low + step;
        break;
      }
    }
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (await taken(prefix, middle)) low = middle;
      else high = middle;
    }
    if (low >= 0) remember(highestTaken, prefix, low);
    return high;
  }

  async function periodCount(prefix: string, periodEnd: number, now: number): Promise<number> {
    const settled = settledCounts.get(prefix);
    if (settled !== undefined) return settled;
    const count = await slotsTaken(prefix);
    if (now >= periodEnd + settledAfterMs) remember(settledCounts, prefix, count);
    return count;
  }

  const timeOf = async (id: string): Promise<number | undefined> => {
    const known = admittedAt.get(id);
    if (known !== undefined) return known;
    return (await events.findOne({ _id: id }))?.at.getTime();
  };

  /**
   * `guess`: a claim may take the slot after the highest this instance knows taken without looking, since its insert
   * fails if another instance took it.
   */
  async function attempt(quota: Quota, key: string, count: number, claim: boolean, guess: boolean): Promise<Admission | { slotTaken: true }> {
    const now = clock();
    const windowMs = quota.windowMs;
    if (count > quota.limit) return { admitted: false, retryAfterSeconds: Math.ceil(windowMs / 1000) };
    const period = Math.floor(now / windowMs);
    const prefix = `${quota.name}:${key}:${period}:`;
    const known = highestTaken.get(prefix);
    const next = claim && guess && known !== undefined ? known + 1 : await slotsTaken(prefix);
    // The event `limit` places before the last one asked for must have left the window.
    let before = next + count - 1 - quota.limit;
    let beforeId: string | undefined = before >= 0 ? `${prefix}${before}` : undefined;
    if (before < 0) {
      const previousPrefix = `${quota.name}:${key}:${period - 1}:`;
      before += await periodCount(previousPrefix, period * windowMs, now);
      if (before >= 0) beforeId = `${previousPrefix}${before}`;
    }
    const blockingAt = beforeId === undefined ? undefined : await timeOf(beforeId);
    if (blockingAt !== undefined && blockingAt > now - windowMs) {
      return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((blockingAt + windowMs - now) / 1000)) };
    }
    if (!claim) return { admitted: true };

    const at = new Date(now);
    // Kept through the next period, whose first events look back into this one.
    const expiresAt = new Date((period + 2) * windowMs);
    const documents = Array.from({ length: count }, (_, i) => ({ _id: `${prefix}${next + i}`, at, expiresAt }));
    try {
      if (documents.length === 1) await events.insertOne(documents[0]!);
      else await events.insertMany(documents, { ordered: true });
      remember(highestTaken, prefix, next + count - 1);
      for (const { _id } of documents) remember(admittedAt, _id, now);
      return { admitted: true };
    } catch (error) {
      if (!isOnlyDuplicateKeys(error)) throw error;
      const inserted = insertedBefore(error);
      if (inserted > 0) throw new PartialClaimError(inserted);
      remember(highestTaken, prefix, next);
      return { slotTaken: true };
    }
  }

  async function run(quota: Quota, key: string, count: number, claim: boolean): Promise<Admission> {
    let remaining = count;
    for (let i = 0; i < maxAttempts; i += 1) {
      try {
        const result = await attempt(quota, key, remaining, claim, i < guessesBeforeLooking);
        if ('admitted' in result) return result;
      } catch (error) {
        // Another instance took a slot in the middle of a batch's: the first ones are ours, claim the rest after it.
        if (!(error instanceof PartialClaimError)) throw error;
        remaining -= error.inserted;
      }
    }
    throw new Error(`quota ${quota.name}: no free slot after ${maxAttempts} attempts`);
  }

  /** One claim per quota and key at a time in this instance, so that its own claims never race for a slot. */
  function admitInTurn(quota: Quota, key: string, count: number): Promise<Admission> {
    const turn = `${quota.name}:${key}`;
    const previous = claiming.get(turn) ?? Promise.resolve();
    const admission = previous.then(() => run(quota, key, count, true));
    const done = admission.then(
      () => undefined,
      () => undefined,
    );
    claiming.set(turn, done);
    void done.then(() => {
      if (claiming.get(turn) === done) claiming.delete(turn);
    });
    return admission;
  }

  return {
    admit: (quota, key, count = 1) => admitInTurn(quota, key, count),
    check: (quota, key, count = 1) => run(quota, key, count, false),
  };
}

class PartialClaimError extends Error {
  constructor(readonly inserted: number) {
    super(`${inserted} slots claimed before another instance's`);
  }
}

const insertedBefore = (error: unknown): number => {
  const count = (error as { insertedCount?: unknown; result?: { insertedCount?: unknown } })?.insertedCount;
  return typeof count === 'number' ? count : 0;
};

/** Removes events past their window; the TTL index does it on MongoDB, this on servers without TTL (FerretDB v1). */
export async function removeExpiredQuotaEvents(events: Collection<QuotaEventDocument>, now = new Date()): Promise<number> {
  const { deletedCount } = await events.deleteMany({ expiresAt: { $lte: now } });
  return deletedCount;
}
