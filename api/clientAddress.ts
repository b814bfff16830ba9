import { isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';

const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

const socketAddressOf = (c: Context): string | undefined =>
  (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;

/** The client's address, for rate limits and the acceptance record (resolved by `resolveClientAddress`). */
export function clientAddressOf(c: Context): string {
  const resolved = c.get('clientAddress') as string | undefined;
  return resolved ?? socketAddressOf(c) ?? 'local';
}

/**
 * Behind a proxy every connection comes from the proxy. When the peer is one of `trustedProxies`, the client is the
 * last X-Forwarded-For hop that is not itself a trusted proxy: earlier hops are whatever the client chose to send.
 */
export function resolveClientAddress(trustedProxies: readonly string[]): MiddlewareHandler {
  const trusted = new Set(trustedProxies.map(unmapped));
  return async (c, next) => {
    const peer = socketAddressOf(c);
    let address = peer === undefined ? undefined : unmapped(peer);
    if (address !== undefined && trusted.has(address)) {
      const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((hop) => unmapped(hop.trim())).filter((hop) => isIP(hop) !== 0);
      while (hops.length > 0 && trusted.has(address!)) address = hops.pop();
    }
    if (address !== undefined) c.set('clientAddress', address);
    await next();
  };
}
