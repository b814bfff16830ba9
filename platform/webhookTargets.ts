import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Whether receivers on loopback (and plain http) are allowed: WEBHOOK_ALLOW_LOOPBACK, never in production. */
export type TargetPolicy = { allowLoopback: boolean };

type Range = [network: string, prefix: number, kind: string];

const ipv4Ranges: Range[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** IPv6 outside global unicast (2000::/3) is refused as a whole; these are named, or refused within it. */
const ipv6Ranges: Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fe80::', 10, 'link-local'],
  ['fc00::', 7, 'unique-local'],
  ['ff00::', 8, 'multicast'],
  ['2001::', 32, 'Teredo'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'],
];

const listOf = (ranges: Range[], type: 'ipv4' | 'ipv6') =>
  ranges.map(([network, prefix, kind]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, type);
    return { list, kind };
  });
const ipv4Lists = listOf(ipv4Ranges, 'ipv4');
const ipv6Lists = listOf(ipv6Ranges, 'ipv6');
const globalUnicast = listOf([['2000::', 3, 'global']], 'ipv6')[0]!.list;
const ipv4Mapped = listOf([['::ffff:0:0', 96, 'mapped']], 'ipv6')[0]!.list;

/** What kind of non-public address this is (`loopback`, `private`, …), or undefined for a public one. */
export function nonPublicKind(address: string): string | undefined {
  const family = isIP(address);
  if (family === 4) return ipv4Lists.find(({ list }) => list.check(address, 'ipv4'))?.kind;
  if (family !== 6) return 'not an IP address';
  // An IPv4-mapped address (::ffff:a.b.c.d) connects to that IPv4 address; BlockList matches it against IPv4 ranges.
  if (ipv4Mapped.check(address, 'ipv6')) return ipv4Lists.find(({ list }) => list.check(address, 'ipv6'))?.kind;
  const named = ipv6Lists.find(({ list }) => list.check(address, 'ipv6'))?.kind;
  if (named) return named;
  return globalUnicast.check(address, 'ipv6') ? undefined : 'not global unicast';
}

/**
 * The one reason a refused receiver is given, at registration and at delivery. It never names the address a host
 * resolved to, nor its kind: the answer must not map the network behind the engine for whoever registers URLs.
 */
export const notPublic = 'not a public address';

/** `not a public address` when a receiver at this address is refused, or undefined when it may be called. */
export function refusal(address: string, policy: TargetPolicy): typeof notPublic | undefined {
  const kind = nonPublicKind(address);
  if (kind === undefined || (kind === 'loopback' && policy.allowLoopback)) return undefined;
  return notPublic;
}

/** Whether any address a name resolved to is refused. */
const anyRefused = (addresses: readonly LookupAddress[], policy: TargetPolicy): boolean =>
  addresses.some(({ address }) => refusal(address, policy) !== undefined);

/** Raised when a name resolves to an address a receiver may not have; the delivery records its message. */
export class RefusedTargetError extends Error {
  readonly code = 'EWEBHOOKTARGET';
  constructor(message: string) {
    super(message);
    this.name = 'RefusedTargetError';
  }
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Every address a name resolves to, as the operating system's resolver answers (hosts file included), within 5 s. */
const resolveAll = (hostname: string) =>
  new Promise<LookupAddress[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), 5_000);
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(addresses);
    });
  });

/**
 * Checks a receiver URL before it is registered: `https` (or `http` when loopback is allowed), no credentials, and a
 * host that is, or resolves only to, public addresses. Answers the problem in words, or the parsed URL.
 */
export async function checkTargetUrl(text: string, policy: TargetPolicy): Promise<{ url: URL } | { problem: string }> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'must be an absolute URL' };
  }
  const schemes = policy.allowLoopback ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return { problem: policy.allowLoopback ? 'must be an http or https URL' : 'must be an https URL' };
  if (url.username || url.password) return { problem: 'must not carry a user name or password' };
  const host = hostOf(url);
  if (isIP(host)) return refusal(host, policy) ? { problem: `must point to a public address: ${host} is ${notPublic}` } : { url };
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host);
  } catch {
    return { problem: `must have a host name that resolves: ${host} does not` };
  }
  if (anyRefused(addresses, policy)) return { problem: `must point to a public address: ${host} is ${notPublic}` };
  if (addresses.length === 0) return { problem: `must have a host name that resolves: ${host} does not` };
  return { url };
}

/**
 * The `lookup` of the socket that calls a receiver: it resolves the name, refuses it if any address is not allowed,
 * and hands the socket the addresses it checked, so the connection goes to a checked address (no second resolution
 * a DNS answer could change in between).
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, verbatim: true, ...(options.family ? { family: options.family } : {}) }, (error, addresses) => {
      if (error) return callback(error, '');
      const first = addresses[0];
      if (!first || anyRefused(addresses, policy)) return callback(new RefusedTargetError(first ? notPublic : 'no address'), '');
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/** For a URL whose host is an IP literal (sockets skip `lookup` for those): `not a public address` if it is refused. */
export const literalRefusal = (url: URL, policy: TargetPolicy): string | undefined => {
  const host = hostOf(url);
  return isIP(host) ? refusal(host, policy) : undefined;
};
