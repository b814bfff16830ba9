import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { checkTemporal } from '../../client/index.js';
import type { ApiDeps } from '../deps.js';
import { problemResponses } from '../openapiParts.js';
import { problemResponse } from '../problem.js';

const tags = ['Health'];
const Health = z.object({ status: z.literal('ok') }).openapi('Health');
const Readiness = z
  .object({ status: z.literal('ready'), checks: z.record(z.string(), z.literal('ok')) })
  .openapi('Readiness');

const live = createRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'checkLiveness',
  tags,
  security: [],
  summary: 'Liveness: the process answers',
  responses: { 200: { description: 'Alive', content: { 'application/json': { schema: Health } } } },
});
const ready = createRoute({
  method: 'get',
  path: '/readyz',
  operationId: 'checkReadiness',
  tags,
  security: [],
  summary: 'Readiness: Temporal and MongoDB answer',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: Readiness } } },
    ...problemResponses(503),
  },
});

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);

export function healthRoutes(deps: ApiDeps, isDraining: () => boolean = () => false) {
  const checks = {
    mongodb: () => deps.database.db.command({ ping: 1 }),
    temporal: () => checkTemporal(deps.temporal),
  };
  return new OpenAPIHono()
    .openapi(live, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(ready, async (c) => {
      const results = await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          try {
            await withTimeout(check(), 2_000);
            return [name, 'ok'] as const;
          } catch {
            return [name, 'unavailable'] as const;
          }
        }),
      );
      const down = results.filter(([, state]) => state !== 'ok').map(([name]) => name);
      if (isDraining()) down.push('shutting down');
      if (down.length > 0) {
        return problemResponse(c, {
          status: 503,
          slug: 'not-ready',
          detail: `Not ready: ${down.join(', ')}`,
          headers: { 'retry-after': '5' },
        }) as never;
      }
      return c.json({ status: 'ready' as const, checks: Object.fromEntries(results) as Record<string, 'ok'> }, 200);
    });
}
