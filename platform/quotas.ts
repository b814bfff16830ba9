import type { Collection } from 'mongodb';
import { isOnlyDuplicateKeys } from './keyedWrites.js';

/** At most `limit` events per `key` in any `windowMs`; `name` prefixes the counters' `_id`s and names the limit to clients. */
export type Quota = { name: string; limit: number; windowMs: number };

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/** `count` events (one unless said) of `key` against `quota`. */
export type QuotaAsk = { quota: Quota; key: string; count?: number };

/** Whether every ask fit; if not, which one did not, and when it will. */
export type Admissions = { admitted: true } | { admitted: false; retryAfterSeconds: number; refusedBy: QuotaAsk };

/** One admitted event: `_id` is `<quota>:<key>:<period>:<n>`, the n-th event of the key in that period. */
export type QuotaEventDocument = { _id: string; at: Date; expiresAt: Date };

export type QuotaCounters = {
  /** Counts `count` events if they fit, else counts nothing and says when the oldest counted event leaves the window. */
  admit(quota: Quota, key: string, count?: number): Promise<Admission>;
  /**
   * Counts every ask if all fit, in one write; else counts none and names the one that did not. Only a collision with
   * another instance in the middle of it can leave the asks before the colliding one counted.
   */
  admitAll(asks: readonly QuotaAsk[]): Promise<Admissions>;
  /** Whether `count` events would fit now, counting nothing. */
  check(quota: Quota, key: string, count?: number): Promise<Admission>;
};

const maxAttempts = 50;
const turnOf = ({ quota, key }: QuotaAsk) => `${quota.name}:${key}`;

type Waiter = { asks: readonly QuotaAsk[]; resolve: (admissions: Admissions) => void; reject: (error: unknown) => void };
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
 * that gallop, then bisect. A check, which writes nothing, looks once at the slot after the highest it knows. Several
 * quotas asked at once (a new request counts against the partner's requests and its emails) are claimed in one insert.
 *
 * Claims that wait in this instance behind one in flight on the same keys are made together when their turn comes: one
 * insert of all their slots, so under load one command serves several requests, and a claim alone is one command. If
 * not all of them fit, each is claimed alone, so every request gets the answer it would have got in turn.
 */
export function createQuotaCounters(events: Collection<QuotaEventDocument>, clock: () => number = Date.now): QuotaCounters {
  /** The highest slot known taken, per key and period: where the next search starts. */
  const highestTaken = new Map<string, number>();
  const settledCounts = new Map<string, number>();
  /** When each event this instance admitted happened, by `_id`: the blocking event is then often known without a lookup. */
  const admittedAt = new Map<string, number>();
  /** Per quota and key, this instance's claim in progress: the next waits for it. */
  const claiming = new Map<string, Promise<unknown>>();
  /** Claims waiting for their turn, by the quotas and keys they ask for: made together when the turn comes. */
  const gathering = new Map<string, Waiter[]>();
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

  /** Where an ask's next events would go now, or why they cannot; `guess`: trust the highest slot known taken. */
  async function plan(ask: QuotaAsk, count: number, guess: boolean, now: number): Promise<{ prefix: string; next: number; period: number } | { retryAfterSeconds: number }> {
    const { quota, key } = ask;
    const windowMs = quota.windowMs;
    if (count > quota.limit) return { retryAfterSeconds: Math.ceil(windowMs / 1000) };
    const period = Math.floor(now / windowMs);
    const prefix = `${quota.name}:${key}:${period}:`;
    const known = highestTaken.get(prefix);
    const next = guess && known !== undefined ? known + 1 : await slotsTaken(prefix);
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
      return { retryAfterSeconds: Math.max(1, Math.ceil((blockingAt + windowMs - now) / 1000)) };
    }
    return { prefix, next, period };
  }

  /**
   * Claims the asks' next slots with one insert of all their events. A claim guesses each next slot from the highest
   * this instance knows taken, since the insert fails if another instance took it: the slot is then known taken, and
   * after `guessesBeforeLooking` such collisions on an ask its next slot is looked for instead.
   */
  async function claimAll(asks: readonly QuotaAsk[]): Promise<Admissions> {
    const pending = asks.map((ask) => ({ ask, remaining: ask.count ?? 1, collisions: 0 }));
    for (let attempt = 0; attempt < maxAttempts && pending.length > 0; attempt += 1) {
      const now = clock();
      const plans = [];
      for (const item of pending) {
        const size = item.remaining;
        const planned = await plan(item.ask, size, item.collisions < guessesBeforeLooking, now);
        if ('retryAfterSeconds' in planned) return { admitted: false, retryAfterSeconds: planned.retryAfterSeconds, refusedBy: item.ask };
        const at = new Date(now);
        // Kept through the next period, whose first events look back into this one.
        const expiresAt = new Date((planned.period + 2) * item.ask.quota.windowMs);
        plans.push({ item, ...planned, documents: Array.from({ length: size }, (_, i) => ({ _id: `${planned.prefix}${planned.next + i}`, at, expiresAt })) });
      }
      const documents = plans.flatMap((each) => each.documents);
      let inserted = documents.length;
      try {
        if (documents.length === 1) await events.insertOne(documents[0]!);
        else await events.insertMany(documents, { ordered: true });
      } catch (error) {
        if (!isOnlyDuplicateKeys(error)) throw error;
        inserted = insertedBefore(error);
      }
      // The first `inserted` documents are ours; the one after them, if any, was another instance's slot.
      let left = inserted;
      let collided = inserted < documents.length;
      for (const { item, prefix, next, documents: own } of plans) {
        const ours = Math.min(own.length, left);
        left -= ours;
        for (const { _id } of own.slice(0, ours)) remember(admittedAt, _id, now);
        if (ours > 0) remember(highestTaken, prefix, next + ours - 1);
        item.remaining -= ours;
        if (collided && ours < own.length) {
          // This ask's next slot is taken; the asks after it were not tried.
          remember(highestTaken, prefix, next + ours);
          item.collisions += 1;
          collided = false;
        }
      }
      for (let i = pending.length - 1; i >= 0; i -= 1) if (pending[i]!.remaining === 0) pending.splice(i, 1);
    }
    if (pending.length > 0) throw new Error(`quota ${pending[0]!.ask.quota.name}: no free slot after ${maxAttempts} attempts`);
    return { admitted: true };
  }

  /**
   * Claims the asks of every waiter at once, with each ask's counts added up; if they do not all fit, each waiter's
   * own, one after the other.
   */
  async function claimTogether(waiters: Waiter[]): Promise<void> {
    if (waiters.length > 1) {
      const together = waiters[0]!.asks.map((ask, index) => ({ ...ask, count: waiters.reduce((sum, waiter) => sum + (waiter.asks[index]!.count ?? 1), 0) }));
      const admitted = await claimAll(together).catch((error: unknown) => ({ error }));
      if ('error' in admitted) return waiters.forEach((waiter) => waiter.reject(admitted.error));
      if (admitted.admitted) return waiters.forEach((waiter) => waiter.resolve(admitted));
    }
    for (const waiter of waiters) await claimAll(waiter.asks).then(waiter.resolve, waiter.reject);
  }

  /** Joins the claim waiting for its turn on the same quotas and keys, or starts one. */
  function admitInTurn(asks: readonly QuotaAsk[]): Promise<Admissions> {
    const shape = asks.map(turnOf).join('|');
    return new Promise<Admissions>((resolve, reject) => {
      const waiting = gathering.get(shape);
      if (waiting) return void waiting.push({ asks, resolve, reject });
      const waiters: Waiter[] = [{ asks, resolve, reject }];
      gathering.set(shape, waiters);
      void inTurn(asks, () => {
        // From here on, newcomers gather for the next turn.
        gathering.delete(shape);
        return claimTogether(waiters);
      });
    });
  }

  /** Whether `count` events would fit now: a look at the next free slot, nothing written. */
  async function check(quota: Quota, key: string, count: number): Promise<Admission> {
    const planned = await plan({ quota, key }, count, false, clock());
    return 'retryAfterSeconds' in planned ? { admitted: false, retryAfterSeconds: planned.retryAfterSeconds } : { admitted: true };
  }

  /** One claim per quota and key at a time in this instance, so that its own claims never race for a slot. */
  function inTurn<T>(asks: readonly QuotaAsk[], claim: () => Promise<T>): Promise<T> {
    const turns = [...new Set(asks.map(turnOf))];
    const previous = Promise.all(turns.map((turn) => claiming.get(turn)));
    const claimed = previous.then(claim);
    const done = claimed.then(
      () => undefined,
      () => undefined,
    );
    for (const turn of turns) claiming.set(turn, done);
    void done.then(() => {
      for (const turn of turns) if (claiming.get(turn) === done) claiming.delete(turn);
    });
    return claimed;
  }

  return {
    admit: async (quota, key, count = 1) => {
      const admitted = await admitInTurn([{ quota, key, count }]);
      return admitted.admitted ? admitted : { admitted: false, retryAfterSeconds: admitted.retryAfterSeconds };
    },
    admitAll: (asks) => admitInTurn(asks),
    check: (quota, key, count = 1) => check(quota, key, count),
  };
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
