import type { MiddlewareHandler } from 'hono';
import { QuotaSettingsSchema, type QuotaSettings } from '../platform/config.js';
import type { Collections } from '../platform/mongo.js';
import { createQuotaCounters, removeExpiredQuotaEvents, type Quota, type QuotaAsk, type QuotaCounters } from '../platform/quotas.js';
import { clientNetworkOf } from './clientAddress.js';
import type { ApiDeps, AppEnv } from './deps.js';
import { ProblemError, problemResponse, type ProblemInit } from './problem.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** Every quota of the API, named as clients see it in a 429's `quota`. The windows are fixed; the limits are settings. */
export function quotasFrom(settings: QuotaSettings) {
  return {
    invitationPages: { name: 'invitation-requests', limit: settings.INVITATION_RATE_LIMIT, windowMs: minute },
    authFailures: { name: 'failed-authentications', limit: settings.AUTH_FAILURE_RATE_LIMIT, windowMs: minute },
    resends: { name: 'resends-per-request', limit: settings.RESENDS_PER_REQUEST_PER_DAY, windowMs: day },
    partnerRequests: { name: 'requests-per-partner', limit: settings.REQUESTS_PER_PARTNER_PER_HOUR, windowMs: hour },
    partnerEmails: { name: 'emails-per-partner', limit: settings.EMAILS_PER_PARTNER_PER_HOUR, windowMs: hour },
  } satisfies Record<string, Quota>;
}
export type ApiQuotas = ReturnType<typeof quotasFrom>;

/** The shared counters and the limits they enforce; `endpointsPerPartner` is a count of endpoints, not a rate. */
export type QuotaGuard = { counters: QuotaCounters; quotas: ApiQuotas; endpointsPerPartner: number };

export function createQuotaGuard(collections: Collections, settings: QuotaSettings): QuotaGuard {
  return {
    counters: createQuotaCounters(collections.quotaEvents),
    quotas: quotasFrom(settings),
    endpointsPerPartner: settings.WEBHOOK_ENDPOINTS_PER_PARTNER,
  };
}

const guards = new WeakMap<object, QuotaGuard>();

/** The app's guard: one per database connection, so that its counters' hints live as long as the API instance. */
export function quotaGuard(deps: Pick<ApiDeps, 'database' | 'config'>): QuotaGuard {
  let guard = guards.get(deps.database);
  if (!guard) {
    const given = Object.fromEntries(Object.keys(QuotaSettingsSchema.shape).map((name) => [name, deps.config[name as keyof QuotaSettings]]));
    guard = createQuotaGuard(deps.database.collections, QuotaSettingsSchema.parse(given));
    guards.set(deps.database, guard);
  }
  return guard;
}

const windowText = (windowMs: number) =>
  windowMs === day ? '24 hours' : windowMs === hour ? 'an hour' : windowMs === minute ? 'a minute' : `${windowMs / 1000} seconds`;

const what: Record<string, string> = {
  'invitation-requests': 'requests to invitation pages from your network',
  'failed-authentications': 'failed authentications from your network',
  'resends-per-request': 'resends of this invitation',
  'requests-per-partner': 'new relationship requests for your partner tenant',
  'emails-per-partner': 'invitation emails for your partner tenant',
};

export function quotaExceeded(quota: Quota, retryAfterSeconds: number, asked = 1): ProblemInit {
  const tooLarge = asked > quota.limit;
  return {
    status: 429,
    slug: 'quota-exceeded',
    detail: tooLarge
      ? `At most ${quota.limit} ${what[quota.name] ?? quota.name} in ${windowText(quota.windowMs)}; ${asked} can never fit: send fewer at once`
      : `At most ${quota.limit} ${what[quota.name] ?? quota.name} in ${windowText(quota.windowMs)}; retry after the number of seconds in Retry-After`,
    quota: quota.name,
    limit: quota.limit,
    windowSeconds: quota.windowMs / 1000,
    headers: { 'retry-after': String(retryAfterSeconds) },
  };
}

/**
 * Counts one event (or `count`) against each quota, in one write, or throws a 429 naming the quota that refused and
 * counts nothing: a refusal by the second does not use up the first. Only a collision with another instance in the
 * middle of the write can leave the first counted.
 */
export async function admitOrRefuse(guard: QuotaGuard, asks: readonly QuotaAsk[]): Promise<void> {
  const admitted = await guard.counters.admitAll(asks);
  if (!admitted.admitted) throw new ProblemError(quotaExceeded(admitted.refusedBy.quota, admitted.retryAfterSeconds, admitted.refusedBy.count ?? 1));
}

/** Every request counts, per client network (an IPv4 address, an IPv6 /64). */
export function perClientNetwork(guard: QuotaGuard, quota: Quota): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const admitted = await guard.counters.admit(quota, clientNetworkOf(c));
    if (!admitted.admitted) return problemResponse(c, quotaExceeded(quota, admitted.retryAfterSeconds));
    await next();
  };
}

/** Only failed authentications (401) count, per client network, so a client guessing keys is slowed and a working one is not. */
export function failedAuthenticationsPerClientNetwork(guard: QuotaGuard, quota: Quota): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const network = clientNetworkOf(c);
    const checked = await guard.counters.check(quota, network);
    if (!checked.admitted) return problemResponse(c, quotaExceeded(quota, checked.retryAfterSeconds));
    await next();
    if (c.res.status === 401) await guard.counters.admit(quota, network);
  };
}

/**
 * Removes expired quota events now and then, where the database keeps them (FerretDB v1 ignores TTL indexes). Reads
 * never count an expired event either way: each is judged by its time. Every instance sweeps; deletes do not conflict.
 */
export function sweepExpiredQuotaEvents(collections: Collections, everyMs = 10 * minute, onError: (error: unknown) => void = () => {}) {
  const timer = setInterval(() => void removeExpiredQuotaEvents(collections.quotaEvents).catch(onError), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
