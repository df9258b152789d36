// Where webhooks may go (SSRF). A municipality names a URL; the platform posts to it from inside
// its own network. Without care that URL could be the cloud metadata service (169.254.169.254),
// the database, or anything else only the platform can reach. So:
//
// - At registration (and again before each delivery) the URL itself is checked: https (http only
//   outside production), no credentials, and — unless WEBHOOK_ALLOW_PRIVATE_TARGETS — no IP
//   literal outside public unicast and no local-looking name (localhost, *.internal, *.local …).
// - At delivery the NAME is resolved and every address it resolves to is checked; the connection
//   is then made to exactly the address that was checked (no second lookup, so a DNS answer that
//   changes between check and connect — rebinding — cannot slip through). That part needs a DNS
//   API and control over the socket: Node has both (src/platform/webhooks/node-fetch.ts). Workers have
//   neither; there only the literal checks run, and Cloudflare's egress, which does not route to
//   private networks, is the backstop (see deliverWebhooks in delivery.ts).
//
// Address ranges come from ipaddr.js (a maintained list of IANA special-purpose ranges) rather
// than from hand-written parsing: an address is public when ipaddr.js calls it plain `unicast`
// (and, for IPv6, lies in 2000::/3, the global unicast block). Everything else is refused:
// private, loopback, link-local, unique-local, IPv4-mapped, NAT64 (64:ff9b::/96, 64:ff9b:1::/48),
// 6to4, Teredo, CGNAT, multicast, broadcast, unspecified, documentation, benchmarking, reserved.
import ipaddr from 'ipaddr.js';

/** What a deployment allows as webhook targets. */
export interface WebhookTargetPolicy {
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: private, loopback … addresses and local names are allowed (tests, a local demo). */
  allowPrivateTargets: boolean;
  /** Plain http is allowed (development and test only; production always demands https). */
  allowHttp: boolean;
}

/** The strictest policy: what production without the setting gets, and the default everywhere. */
export const STRICT_WEBHOOK_TARGETS: WebhookTargetPolicy = { allowPrivateTargets: false, allowHttp: false };

/** The policy of a configuration. */
export function webhookTargetPolicy(config: { env: string; webhooks: { allowPrivateTargets: boolean } }): WebhookTargetPolicy {
  return { allowPrivateTargets: config.webhooks.allowPrivateTargets, allowHttp: config.env !== 'production' };
}

export class UnsafeWebhookUrlError extends Error {}

const RANGE_NAMES: Record<string, string> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'shared (carrier-grade NAT)',
  private: 'private',
  reserved: 'reserved or documentation',
  benchmarking: 'benchmarking',
  amt: 'reserved (AMT)',
  as112: 'reserved (AS112)',
  as112v6: 'reserved (AS112)',
  uniqueLocal: 'unique local (private)',
  ipv4Mapped: 'IPv4-mapped',
  rfc6145: 'IPv4-translated',
  rfc6052: 'NAT64',
  '6to4': '6to4',
  teredo: 'Teredo',
  orchid2: 'reserved (ORCHID)',
  droneRemoteIdProtocolEntityTags: 'reserved (DRIP)',
};

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Why an IP address is not a public unicast address, or null when it is. `address` is an IP
 * literal without brackets (as DNS answers give them); anything ipaddr.js cannot parse is refused.
 */
export function nonPublicAddress(address: string): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address);
  } catch {
    return 'not an IP address';
  }
  const range = ip.range();
  if (range !== 'unicast') return RANGE_NAMES[range] ?? range;
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    if (v6.zoneId) return 'scoped (zone id)';
    if (!v6.match(GLOBAL_UNICAST_V6)) return 'outside global unicast (2000::/3)';
  }
  return null;
}

/** The host of a URL as an IP literal without brackets, or null when it is a name. */
export function ipLiteralOf(hostname: string): string | null {
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  // The WHATWG parser has already turned 0x7f.1, 2130706433 and the like into dotted quads.
  return ipaddr.IPv6.isValid(host) || ipaddr.IPv4.isValidFourPartDecimal(host) ? host : null;
}

const LOCAL_SUFFIXES = ['localhost', 'internal', 'local', 'localdomain', 'home.arpa', 'intranet', 'lan', 'corp'];

/**
 * Check a webhook URL as written (no DNS): returns it parsed, or throws UnsafeWebhookUrlError with
 * a message that says what to change. Used at registration (400 naming body.url) and again before
 * every delivery (the setting may have changed since).
 */
export function assertSafeWebhookUrl(url: string, policy: WebhookTargetPolicy): URL {
  if (url.length > 2048) throw new UnsafeWebhookUrlError('The URL is longer than 2048 characters.');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UnsafeWebhookUrlError('Not a valid absolute URL.');
  }
  if (parsed.protocol !== 'https:' && !(policy.allowHttp && parsed.protocol === 'http:')) {
    throw new UnsafeWebhookUrlError(policy.allowHttp ? 'Use an http or https URL.' : 'Use an https URL.');
  }
  if (parsed.username || parsed.password) throw new UnsafeWebhookUrlError('Put no user name or password in the URL.');
  if (policy.allowPrivateTargets) return parsed;

  const host = parsed.hostname.replace(/\.+$/, '');
  const literal = ipLiteralOf(host);
  if (literal !== null) {
    const what = nonPublicAddress(literal);
    if (what) throw new UnsafeWebhookUrlError(`The host ${host} is not a public address (${what}); webhooks go to public addresses only.`);
    return parsed;
  }
  if (LOCAL_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) {
    throw new UnsafeWebhookUrlError(`The host ${host} is a local or internal name; webhooks go to public hosts only.`);
  }
  if (!host.includes('.')) throw new UnsafeWebhookUrlError('Use a fully qualified public host name.');
  return parsed;
}

/**
 * Thrown (as the cause of a failed fetch) when a name resolves to an address the policy refuses.
 * Deliveries report it exactly like a refused or filtered connection ("unreachable"): a tenant
 * must not learn from the delivery log which internal names exist or which ports are open.
 */
export class RefusedWebhookTargetError extends Error {
  constructor(readonly reason: string) {
    super('The webhook target is not a public address.');
    this.name = 'RefusedWebhookTargetError';
  }
}
