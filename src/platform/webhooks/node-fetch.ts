// Webhook delivery on Node: a fetch whose connections can only go where the target policy allows
// (see targets.ts). The check sits in the socket's own DNS lookup: undici hands net/tls
// our `lookup`, which resolves the name once, refuses the answer unless EVERY address in it is
// public, and gives the socket exactly those addresses to connect to. There is no second lookup,
// so check and connection cannot disagree (DNS rebinding), while the URL — and so the TLS SNI,
// the certificate check and the Host header — keeps the name. IP literals never reach a lookup;
// they are checked here before the request.
//
// Only src/server.ts (and tests) import this file: it needs node:dns and undici, which Workers lack.
import { promises as dns } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { ConnectionOptions } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import { RefusedWebhookTargetError, type WebhookTargetPolicy, ipLiteralOf, nonPublicAddress } from './targets.js';

/** Resolve a host name to all its addresses (like dns.lookup with all: true). */
export type WebhookResolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: WebhookResolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

export interface GuardedFetchOptions {
  /** Instead of the system resolver (tests: a name that resolves to loopback). */
  resolve?: WebhookResolver;
  /** Extra TLS options (tests: the CA of a local https receiver). */
  tls?: Pick<ConnectionOptions, 'ca'>;
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/** A fetch for webhook deliveries that connects only to addresses `policy` allows. */
export function guardedWebhookFetch(policy: Pick<WebhookTargetPolicy, 'allowPrivateTargets'>, options: GuardedFetchOptions = {}): typeof fetch {
  const resolve = options.resolve ?? systemResolver;
  const lookup = (hostname: string, lookupOptions: LookupOptions, callback: LookupCallback) => {
    resolve(hostname)
      .then((answer) => {
        let addresses = answer;
        if (!policy.allowPrivateTargets) {
          for (const { address } of addresses) {
            const reason = nonPublicAddress(address);
            if (reason) throw new RefusedWebhookTargetError(`${hostname} resolves to ${address} (${reason})`);
          }
        }
        const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
        if (family === 4 || family === 6) addresses = addresses.filter((a) => a.family === family);
        const first = addresses[0];
        if (!first) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      })
      .catch((error: Error) => callback(error, ''));
  };
  const agent = new Agent({ connect: { lookup: lookup as never, ...options.tls } });
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const literal = ipLiteralOf(url.hostname);
    const reason = literal !== null && !policy.allowPrivateTargets ? nonPublicAddress(literal) : null;
    if (reason) throw new TypeError('fetch failed', { cause: new RefusedWebhookTargetError(`${literal} (${reason})`) });
    return undiciFetch(url, { ...(init as object), dispatcher: agent } as never);
  }) as unknown as typeof fetch;
}
