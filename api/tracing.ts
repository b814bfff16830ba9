import { httpInstrumentationMiddleware } from '@hono/otel';
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { MiddlewareHandler } from 'hono';

/** The token in invitation paths is a credential: logs, metric labels and spans show the route instead. */
export const withoutInvitationToken = (path: string) => path.replace(/^\/invitations\/[^/]+/, '/invitations/:token');

/** Probes answer every few seconds and mean nothing in a trace. */
const probes = new Set(['/healthz', '/readyz']);

/** One server span per request, named by method and route pattern, continuing the caller's trace (`traceparent`). */
export function httpTracing(): MiddlewareHandler {
  const traced = httpInstrumentationMiddleware({ captureActiveRequests: false });
  return (c, next) => (probes.has(c.req.path) ? next() : traced(c, next));
}

/**
 * @hono/otel records the request's full URL: its path may hold an invitation token and its query an authorization
 * code (/auth/callback). Spans keep the origin and the path without the token; the query is dropped.
 */
export const urlRedaction: SpanProcessor = {
  onStart(span: Span) {
    const full = span.attributes['url.full'];
    if (typeof full !== 'string' || !URL.canParse(full)) return;
    const url = new URL(full);
    span.setAttribute('url.full', `${url.origin}${withoutInvitationToken(url.pathname)}`);
  },
  onEnd() {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
