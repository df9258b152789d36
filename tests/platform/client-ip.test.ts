// The client's IP address on Node: the socket's, or a trusted proxy's X-Forwarded-For; never a
// header a client picks. (Workers: tests/workers/worker.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { clientBehindProxies, parseAddress, parseTrustedProxies } from '../../src/platform/http/client-ip.js';
import { PASSWORD, type World, createWorld } from '../support/world.js';

const trusted = (...entries: string[]) => parseTrustedProxies(entries).ranges;

describe('reading addresses', () => {
  it('normalises IPv4-mapped IPv6, ports and brackets; refuses what is not an address', () => {
    expect(parseAddress('::ffff:192.0.2.1')?.toString()).toBe('192.0.2.1');
    expect(parseAddress('203.0.113.5:4711')?.toString()).toBe('203.0.113.5');
    expect(parseAddress('[2001:DB8::1]:443')?.toString()).toBe('2001:db8::1');
    expect(parseAddress(' 2001:db8:0:0::7 ')?.toString()).toBe('2001:db8::7');
    for (const bad of ['', 'unknown', '127.1', '2130706433', '999.1.1.1', '1.2.3.4, 5.6.7.8']) expect(parseAddress(bad)).toBeNull();
  });

  it('TRUSTED_PROXIES takes addresses and CIDR ranges, and a bad entry stops start-up', () => {
    expect(parseTrustedProxies(['10.0.0.0/8', '::1', '192.0.2.7', 'fd00::/8']).invalid).toEqual([]);
    expect(() => loadConfig({ APP_ENV: 'test', TRUSTED_PROXIES: '10.0.0.0/8,proxy.internal' })).toThrow(ConfigError);
    expect(() => loadConfig({ APP_ENV: 'test', TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
  });

  it('walks X-Forwarded-For from the right, only through trusted proxies', () => {
    const proxies = trusted('10.0.0.0/8');
    // No trusted proxies: the socket, whatever the header says.
    expect(clientBehindProxies('192.0.2.1', '198.51.100.9', [])).toBe('192.0.2.1');
    // The socket is not a trusted proxy: its header is the client's own.
    expect(clientBehindProxies('192.0.2.1', '198.51.100.9', proxies)).toBe('192.0.2.1');
    // Client → proxy 10.0.0.7 → proxy 10.1.2.3 → us; the client's own "1.1.1.1" left of it is ignored.
    expect(clientBehindProxies('10.1.2.3', '1.1.1.1, 198.51.100.9, 10.0.0.7', proxies)).toBe('198.51.100.9');
    // A dual-stack socket reports the proxy as IPv4-mapped IPv6.
    expect(clientBehindProxies('::ffff:10.1.2.3', '198.51.100.9', proxies)).toBe('198.51.100.9');
    expect(clientBehindProxies('::ffff:10.1.2.3', '198.51.100.9', trusted('::ffff:10.0.0.0/104'))).toBe('198.51.100.9');
    // Garbage stops the walk at the last hop we could trust.
    expect(clientBehindProxies('10.1.2.3', 'not-an-ip', proxies)).toBe('10.1.2.3');
    // Only trusted hops: the leftmost address.
    expect(clientBehindProxies('10.1.2.3', '10.9.9.9', proxies)).toBe('10.9.9.9');
    expect(clientBehindProxies('2001:db8::5', '198.51.100.9', trusted('2001:db8::/32'))).toBe('198.51.100.9');
    expect(clientBehindProxies(null, '198.51.100.9', proxies)).toBeNull();
  });
});

async function throttleKeys(w: World, prefix: string) {
  const rows = await w.db.selectFrom('login_throttle').select(['key', 'failures']).where('key', 'like', `${prefix}%`).orderBy('key').execute();
  return rows;
}

const login = (w: World, email: string, password: string, from: string, headers: Record<string, string> = {}) =>
  w.request('POST', '/v1/auth/login', { body: { email, password }, headers, from });

describe('on Node without trusted proxies', () => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld();
  });
  afterAll(async () => w?.close());

  it('ignores CF-Connecting-IP and X-Forwarded-For: the login throttle still bites the socket', async () => {
    const socket = '192.0.2.50';
    // 49 failures already counted for this address (50 scrypt checks would take a minute here).
    await w.db.insertInto('login_throttle').values({ key: `ip:${socket}`, failures: 49, window_started_at: new Date(), locked_until: null }).execute();
    const forged = { 'CF-Connecting-IP': '198.51.100.7', 'X-Forwarded-For': '203.0.113.7', 'X-Real-IP': '203.0.113.8' };
    // The 50th failure, under forged addresses, still counts for the socket and locks it.
    expect((await login(w, 'nobody@test.example', 'wrong password!!', socket, forged)).status).toBe(401);
    const locked = await login(w, w.A.people.analyst.email, PASSWORD, socket, { 'CF-Connecting-IP': '198.51.100.200', 'X-Forwarded-For': '198.51.100.201' });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('Content-Type')).toContain('application/problem+json');
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(0);
    // Counted under the socket's address only; nothing under a forged one.
    expect(await throttleKeys(w, 'ip:')).toEqual([{ key: `ip:${socket}`, failures: 50 }]);
    // Another client is not affected.
    expect((await login(w, w.A.people.analyst.email, PASSWORD, '192.0.2.51')).status).toBe(201);
  });
});

describe('on Node behind a trusted proxy', () => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld({ env: { TRUSTED_PROXIES: '10.0.0.0/8, fd00::/8' } });
  });
  afterAll(async () => w?.close());

  it("uses the address the proxy forwarded, and only when the proxy connected", async () => {
    // Through the proxy (IPv4-mapped, as a dual-stack socket reports it).
    await login(w, 'someone@test.example', 'wrong password!!', '::ffff:10.20.30.40', { 'X-Forwarded-For': '1.1.1.1, 198.51.100.23' });
    // Through an IPv6 proxy.
    await login(w, 'someone@test.example', 'wrong password!!', 'fd00::7', { 'X-Forwarded-For': '2001:db8::23' });
    // Straight from a client that forges the header: its socket counts.
    await login(w, 'someone@test.example', 'wrong password!!', '192.0.2.77', { 'X-Forwarded-For': '198.51.100.99', 'CF-Connecting-IP': '198.51.100.98' });
    expect((await throttleKeys(w, 'ip:')).map((r) => r.key)).toEqual(['ip:192.0.2.77', 'ip:198.51.100.23', 'ip:2001:db8::23']);
  });
});
