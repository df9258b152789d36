// The client's IP address, which the login throttles count and the signing evidence records.
// Where it comes from depends on the runtime, which the entry file states (AppDeps.runtime) —
// never guessed from request headers, since a client can send any header it likes:
// - Workers: Cloudflare's edge sets CF-Connecting-IP on every request and overwrites one a
//   client sent, so it is the only header trusted, and only there.
// - Node: the TCP peer (@hono/node-server's getConnInfo). When that peer is a reverse proxy
//   named in TRUSTED_PROXIES, X-Forwarded-For is walked from the right — each trusted proxy
//   appends the address it saw — and the first address that is not a trusted proxy is the
//   client. Entries left of it were written by the client and are ignored.
// Addresses are parsed and matched with ipaddr.js (a maintained library used by Express's
// proxy-addr) rather than by hand; IPv4-mapped IPv6 (::ffff:192.0.2.1, what a dual-stack Node
// socket reports) is normalised to plain IPv4, so throttle keys and evidence are written one way.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';

export type Runtime = 'node' | 'workers';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type TrustedProxies = [Address, number][];

/** Parse an address as a client or proxy sends it: plain, `[v6]`, `v4:port` or `[v6]:port` (some proxies add the port). */
export function parseAddress(text: string | undefined | null): Address | null {
  if (!text) return null;
  let value = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1] as string;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  // Zone ids (fe80::1%eth0) name an interface of this host, not a client.
  if (value.includes('%')) value = value.slice(0, value.indexOf('%'));
  // Only the usual spellings: ipaddr.js would also read '127.1' or '2130706433' as IPv4.
  const valid = value.includes(':') ? ipaddr.IPv6.isValid(value) : ipaddr.IPv4.isValidFourPartDecimal(value);
  if (!valid) return null;
  // process(): an IPv4-mapped IPv6 address becomes the IPv4 address it carries.
  return ipaddr.process(value);
}

/**
 * TRUSTED_PROXIES entries: addresses or CIDR ranges (IPv4 or IPv6). Returns the ranges, or the
 * entries that are neither (for the configuration error).
 */
export function parseTrustedProxies(entries: string[]): { ranges: TrustedProxies; invalid: string[] } {
  const ranges: TrustedProxies = [];
  const invalid: string[] = [];
  for (const entry of entries) {
    try {
      if (entry.includes('/')) {
        const [address, bits] = ipaddr.parseCIDR(entry);
        // A mapped range (::ffff:10.0.0.0/104) matches what process() turns mapped addresses into.
        if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
          ranges.push([(address as ipaddr.IPv6).toIPv4Address(), bits - 96]);
        } else ranges.push([address, bits]);
      } else {
        const address = parseAddress(entry);
        if (!address) throw new Error('not an address');
        ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      }
    } catch {
      invalid.push(entry);
    }
  }
  return { ranges, invalid };
}

function isTrusted(address: Address, trusted: TrustedProxies): boolean {
  return trusted.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
}

/**
 * The client behind a chain of proxies: start at the TCP peer and step left through
 * X-Forwarded-For while the current hop is a trusted proxy. An entry that is not an address stops
 * the walk at the last hop we could trust.
 */
export function clientBehindProxies(peer: string | null | undefined, forwardedFor: string | undefined, trusted: TrustedProxies): string | null {
  let current = parseAddress(peer);
  if (!current) return null;
  const hops = (forwardedFor ?? '').split(',').map((s) => s.trim()).filter(Boolean).reverse();
  for (const hop of hops) {
    if (!isTrusted(current, trusted)) break;
    const next = parseAddress(hop);
    if (!next) break;
    current = next;
  }
  return current.toString();
}

/** The TCP peer of a request served by @hono/node-server (it passes the socket in the env). */
function socketAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // No socket: a request that did not come through the Node server.
    return null;
  }
}

export function clientAddress(c: Context, runtime: Runtime, trusted: TrustedProxies): string | null {
  if (runtime === 'workers') return parseAddress(c.req.header('CF-Connecting-IP'))?.toString() ?? null;
  return clientBehindProxies(socketAddress(c), trusted.length > 0 ? c.req.header('X-Forwarded-For') : undefined, trusted);
}
