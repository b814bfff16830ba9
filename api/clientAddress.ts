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

/**
 * What per-client limits count by: an IPv4 address as it is, an IPv6 address by its /64, the smallest network a
 * site or a subscriber is given, within which a client can take any address it likes.
 */
export function clientNetwork(address: string): string {
  const unmappedAddress = unmapped(address);
  if (isIP(unmappedAddress) !== 6) return unmappedAddress;
  // An embedded IPv4 tail holds the last two groups, outside the /64 either way.
  const ip = unmappedAddress.replace(/\d+\.\d+\.\d+\.\d+$/, '0:0');
  const [head = '', tail = ''] = ip.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = ip.includes('::') ? [...headGroups, ...Array(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'), ...tailGroups] : headGroups;
  return `${groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}

export const clientNetworkOf = (c: Context): string => clientNetwork(clientAddressOf(c));
