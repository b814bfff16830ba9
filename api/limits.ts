import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { clientAddressOf } from './clientAddress.js';
import { problemResponse } from './problem.js';

const tooMany = (what: string) => (c: Context) =>
  problemResponse(c, {
    status: 429,
    slug: 'rate-limited',
    detail: `Too many ${what}; retry after the number of seconds in Retry-After`,
  });

/**
 * Per-client limits kept in process memory: each API instance counts its own clients, which bounds
 * guessing and abuse without a shared store. Put a shared store behind these for strict global limits.
 */
export function invitationRateLimit(perMinute: number): MiddlewareHandler {
  return rateLimiter({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-6',
    keyGenerator: clientAddressOf,
    handler: tooMany('requests to invitation links'),
  });
}

/** Counts only failed authentications, so a client guessing API keys is slowed and a working client is not. */
export function authFailureRateLimit(perMinute: number): MiddlewareHandler {
  return rateLimiter({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-6',
    skipSuccessfulRequests: true,
    requestWasSuccessful: (c) => c.res.status !== 401,
    keyGenerator: clientAddressOf,
    handler: tooMany('failed authentication attempts'),
  });
}
