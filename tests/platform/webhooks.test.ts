// Webhooks: the signature (checked independently with node:crypto), URL safety in both modes, and
// the delivery job against a local fake receiver: success, retries with backoff, permanent
// failures, timeouts, redirects, and that an event reaches only the endpoints that asked for it.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, deleteEndpoint, updateEndpoint } from '../../src/modules/webhooks/service.js';
import { type Tx, inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { TEST_SECRET_KEYS, loadConfig } from '../../src/config.js';
import { RefusedWebhookTargetError, type WebhookTargetPolicy, nonPublicAddress, webhookTargetPolicy } from '../../src/platform/webhooks/targets.js';
import { guardedWebhookFetch } from '../../src/platform/webhooks/node-fetch.js';
import {
  UNREACHABLE,
  WEBHOOK_MAX_ATTEMPTS,
  assertSafeWebhookUrl,
  deliverWebhooks,
  enqueueWebhookEvent,
  newWebhookSecret,
  signWebhookPayload,
  verifyWebhookSignature,
  webhookBackoffMs,
  webhookSignatureHeader,
} from '../../src/platform/webhooks.js';
import { DatabaseOutage } from '../support/db-outage.js';
import { type World, createWorld } from '../support/world.js';

// ---- signatures ----

const SECRET = 'whsec_testsecrettestsecrettestsecrettestsecret';
const BODY = '{"id":"0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11","type":"agreement.signed","createdAt":"2026-05-01T10:00:00.000Z","data":{"agreementId":"x"}}';
const NOW = new Date('2026-05-01T10:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);
const hmac = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

describe('signatures', () => {
  it('are hex HMAC-SHA256 over "<timestamp>.<body>", in a t=…,v1=… header', async () => {
    expect(await signWebhookPayload(SECRET, T, BODY)).toBe(hmac(SECRET, T, BODY));
    const { timestamp, header } = await webhookSignatureHeader(SECRET, BODY, NOW);
    expect(timestamp).toBe(T);
    expect(header).toBe(`t=${T},v1=${hmac(SECRET, T, BODY)}`);
    // Unicode in the body is signed as UTF-8 bytes, as node:crypto does.
    const dutch = '{"naam":"Zoë ’t Hooft"}';
    expect(await signWebhookPayload(SECRET, T, dutch)).toBe(hmac(SECRET, T, dutch));
  });

  it('verify: accepts a valid header, also with other schemes and several v1 values', async () => {
    const good = `t=${T},v1=${hmac(SECRET, T, BODY)}`;
    expect(await verifyWebhookSignature(SECRET, good, BODY, 300, NOW)).toBe(true);
    expect(await verifyWebhookSignature(SECRET, `t=${T}, v0=abc, v1=${'0'.repeat(64)}, v1=${hmac(SECRET, T, BODY)}`, BODY, 300, NOW)).toBe(true);
    expect(await verifyWebhookSignature(SECRET, good, BODY, 300, new Date(NOW.getTime() + 299_000))).toBe(true);
  });

  it('verify: rejects a tampered body, a wrong secret, a stale or future timestamp, a changed timestamp', async () => {
    const good = `t=${T},v1=${hmac(SECRET, T, BODY)}`;
    expect(await verifyWebhookSignature(SECRET, good, BODY.replace('signed', 'declined'), 300, NOW)).toBe(false);
    expect(await verifyWebhookSignature(SECRET, good, `${BODY} `, 300, NOW)).toBe(false);
    expect(await verifyWebhookSignature(`${SECRET}x`, good, BODY, 300, NOW)).toBe(false);
    expect(await verifyWebhookSignature(SECRET, good, BODY, 300, new Date(NOW.getTime() + 301_000))).toBe(false);
    expect(await verifyWebhookSignature(SECRET, good, BODY, 300, new Date(NOW.getTime() - 301_000))).toBe(false);
    expect(await verifyWebhookSignature(SECRET, `t=${T + 1},v1=${hmac(SECRET, T, BODY)}`, BODY, 300, NOW)).toBe(false);
  });

  it('verify: rejects malformed headers', async () => {
    const sig = hmac(SECRET, T, BODY);
    for (const header of [null, undefined, '', `v1=${sig}`, `t=${T}`, `t=${T},v1=${sig.slice(0, 63)}`, `t=abc,v1=${sig}`, `t=${T},v2=${sig}`, sig]) {
      expect(await verifyWebhookSignature(SECRET, header, BODY, 300, NOW), String(header)).toBe(false);
    }
  });

  it('secrets are long, random and recognisable', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[a-z2-7]{52}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});

// ---- URL safety ----

const STRICT: WebhookTargetPolicy = { allowPrivateTargets: false, allowHttp: false };
/** What development and test get unless WEBHOOK_ALLOW_PRIVATE_TARGETS is set: http, but no private targets. */
const HTTP_ONLY: WebhookTargetPolicy = { allowPrivateTargets: false, allowHttp: true };
const ALLOW_ALL: WebhookTargetPolicy = { allowPrivateTargets: true, allowHttp: true };
const POLICIES = [
  ['strict', STRICT],
  ['http allowed', HTTP_ONLY],
  ['private allowed', ALLOW_ALL],
] as const;

const ALWAYS_OK = ['https://example.com/hook', 'https://hooks.voorbeeldstad.nl:8443/vervolg?x=1', 'https://1.1.1.1/', 'https://[2606:4700:4700::1111]/', 'https://bücher.example/', 'https://172.32.0.1/'];
const NEVER_OK = ['ftp://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', '/relative/path', 'https://user:pass@example.com/', 'https://token@example.com/', `https://example.com/${'a'.repeat(2050)}`];
/** Refused in every mode unless private targets are allowed explicitly. */
const PRIVATE_TARGETS = [
  'https://localhost/',
  'https://LOCALHOST./',
  'https://api.localhost/',
  'https://metadata.google.internal/computeMetadata/v1/',
  'https://printer.local/',
  'https://router.home.arpa/',
  'https://intranet/',
  'https://127.0.0.1/',
  'https://127.1/',
  'https://0x7f.0.0.1/',
  'https://2130706433/',
  'https://0177.0.0.1/',
  'https://0.0.0.0/',
  'https://0/',
  'https://10.1.2.3/',
  'https://100.64.0.1/',
  'https://100.127.255.255/',
  'https://169.254.169.254/latest/meta-data/',
  'https://172.16.0.1/',
  'https://172.31.255.255/',
  'https://192.168.1.1/',
  'https://192.0.0.8/',
  'https://198.18.0.1/',
  'https://224.0.0.1/',
  'https://239.255.255.250/',
  'https://255.255.255.255/',
  'https://[::1]/',
  'https://[0:0:0:0:0:0:0:1]/',
  'https://[::]/',
  'https://[::ffff:127.0.0.1]/',
  'https://[::ffff:10.0.0.1]/',
  'https://[::ffff:a9fe:a9fe]/',
  // IPv4-mapped and NAT64 forms are refused whatever they embed: they reach IPv4 by another road.
  'https://[::ffff:8.8.8.8]/',
  'https://[::127.0.0.1]/',
  'https://[64:ff9b::192.168.0.1]/',
  'https://[64:ff9b::8.8.8.8]/',
  'https://[64:ff9b:1::a00:1]/',
  'https://[2002:c0a8:0101::1]/',
  'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
  'https://[fc00::1]/',
  'https://[fd12:3456:789a::1]/',
  'https://[fe80::1]/',
  'https://[febf:ffff::1]/',
  'https://[fec0::1]/',
  'https://[ff02::1]/',
  'https://[2001:db8::1]/',
];

describe('URL safety', () => {
  const check = (url: string, policy: WebhookTargetPolicy) => {
    try {
      assertSafeWebhookUrl(url, policy);
      return 'ok';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it.each(POLICIES)('allows public https URLs (%s)', (_, policy) => {
    for (const url of ALWAYS_OK) expect(check(url, policy), url).toBe('ok');
  });

  it.each(POLICIES)('never allows other schemes, credentials, bad or overlong URLs (%s)', (_, policy) => {
    for (const url of NEVER_OK) expect(check(url, policy), url).not.toBe('ok');
  });

  it.each([
    ['strict', STRICT],
    ['http allowed', HTTP_ONLY],
  ] as const)('refuses private, loopback, link-local, unique-local, IPv4-mapped, NAT64, CGNAT, multicast, reserved and local names (%s)', (_, policy) => {
    for (const url of PRIVATE_TARGETS) expect(check(url, policy), url).not.toBe('ok');
  });

  it('every mode is strict about private targets unless WEBHOOK_ALLOW_PRIVATE_TARGETS is set', () => {
    for (const env of ['development', 'test', 'production'] as const) {
      const extra = env === 'production' ? { SEAL_P12_BASE64: 'eA==', SEAL_P12_PASSPHRASE: 'x', OUTBOX_TRANSPORT: 'console', SECRET_KEYS: TEST_SECRET_KEYS } : {};
      const policy = webhookTargetPolicy(loadConfig({ APP_ENV: env, ...extra }));
      expect(policy.allowPrivateTargets, env).toBe(false);
      expect(check('http://127.0.0.1:4000/hook', policy), env).not.toBe('ok');
      const allowed = webhookTargetPolicy(loadConfig({ APP_ENV: env, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', ...extra }));
      expect(allowed.allowPrivateTargets, env).toBe(true);
      expect(check('https://127.0.0.1:4000/hook', allowed), env).toBe('ok');
    }
  });

  it('http only outside production', () => {
    expect(check('http://example.com/hook', STRICT)).toMatch(/https/);
    expect(check('http://example.com/hook', HTTP_ONLY)).toBe('ok');
  });

  it('with private targets allowed, local addresses pass (tests and a local demo post to this machine)', () => {
    for (const url of PRIVATE_TARGETS) expect(check(url, ALLOW_ALL), url).toBe('ok');
  });

  it('says what is wrong', () => {
    expect(check('http://example.com/', STRICT)).toMatch(/https/);
    expect(check('https://169.254.169.254/', STRICT)).toMatch(/link-local/);
    expect(check('https://[::ffff:127.0.0.1]/', STRICT)).toMatch(/IPv4-mapped/);
    expect(check('https://[64:ff9b::8.8.8.8]/', STRICT)).toMatch(/NAT64/);
    expect(check('https://db.internal/', STRICT)).toMatch(/local or internal/);
  });

  it('classifies addresses with ipaddr.js: only public unicast passes', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e']) expect(nonPublicAddress(address), address).toBeNull();
    for (const address of ['127.0.0.1', '10.0.0.1', '100.64.0.1', '169.254.169.254', '255.255.255.255', '0.0.0.0', '::1', '::', 'fe80::1%eth0', 'fd00::1', '::ffff:8.8.8.8', '64:ff9b::808:808', '64:ff9b:1::1', '4000::1', 'not-an-ip']) {
      expect(nonPublicAddress(address), address).not.toBeNull();
    }
  });
});

// ---- delivery ----

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let w: World;
let server: Server;
let baseUrl: string;
const received: Received[] = [];
/** Per path: status codes to answer with, in order; 200 when none are left. */
const script = new Map<string, number[]>();
const SLOW_MS = 1500;

beforeAll(async () => {
  w = await createWorld();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body });
      const reply = () => {
        const status = script.get(path)?.shift() ?? 200;
        res.writeHead(status, status >= 300 && status < 400 ? { Location: `${baseUrl}/redirected` } : { 'Content-Type': 'text/plain' });
        res.end(status === 200 ? 'ok' : 'nope');
      };
      if (path.startsWith('/slow')) setTimeout(reply, SLOW_MS);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await w?.close();
});

// The Node delivery fetch, allowed to reach this machine (the fake receiver) as the tests' setting says.
const fetchImpl = guardedWebhookFetch(ALLOW_ALL);
const deliver = (now = new Date(), options: Parameters<typeof deliverWebhooks>[3] = {}, f: typeof fetch = fetchImpl) => deliverWebhooks(w.db, f, now, { targets: ALLOW_ALL, ...options });
const hits = (path: string) => received.filter((r) => r.path === path);

async function inTenant<T>(tenantId: string, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { tenantId });
    return fn(trx);
  });
}

async function endpoint(tenantId: string, path: string, events: string[], options: { active?: boolean } = {}) {
  return inTenant(tenantId, async (trx) => {
    const created = await createEndpoint(trx, tenantId, { url: `${baseUrl}${path}`, events }, ALLOW_ALL, new Date());
    if (options.active === false) await updateEndpoint(trx, tenantId, created.id, { active: false }, new Date());
    return created;
  });
}

async function emit(tenantId: string, type: Parameters<typeof enqueueWebhookEvent>[2], data: Record<string, unknown> = { agreementId: '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11' }) {
  return inTenant(tenantId, (trx) => enqueueWebhookEvent(trx, tenantId, type, data));
}

async function deliveryOf(endpointId: string) {
  return w.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .orderBy('id')
    .execute();
}

describe('delivery', () => {
  it('posts the event signed, with the event id and timestamp headers, and records success', async () => {
    const e = await endpoint(w.A.id, '/ok', ['agreement.signed']);
    const { eventId, deliveries } = await emit(w.A.id, 'agreement.signed', { agreementId: 'a-1', naam: 'Zoë' });
    expect(deliveries).toBe(1);
    const now = new Date();
    await deliver(now);
    const [hit] = hits('/ok');
    expect(hit).toBeDefined();
    const h = hit as Received;
    expect(h.headers['content-type']).toBe('application/json');
    expect(h.headers['vervolg-webhook-id']).toBe(eventId);
    const t = Number(h.headers['vervolg-webhook-timestamp']);
    expect(t).toBe(Math.floor(now.getTime() / 1000));
    // Checked independently of the code under test.
    expect(h.headers['vervolg-signature']).toBe(`t=${t},v1=${hmac(e.secret, t, h.body)}`);
    expect(await verifyWebhookSignature(e.secret, h.headers['vervolg-signature'] as string, h.body, 300, now)).toBe(true);
    const body = JSON.parse(h.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['id', 'type', 'createdAt', 'data']);
    expect(body).toMatchObject({ id: eventId, type: 'agreement.signed', data: { agreementId: 'a-1', naam: 'Zoë' } });
    expect(body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const [row] = await deliveryOf(e.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 200, last_error: null, event_id: eventId, event_type: 'agreement.signed' });
    expect(row?.delivered_at).not.toBeNull();
    // Stored as a JSON object (not a JSON string holding one) by both drivers.
    const { rows } = await sql<{ kind: string }>`select jsonb_typeof(payload) as kind from webhook_deliveries where id = ${row?.id}`.execute(w.db);
    expect(rows[0]?.kind).toBe('object');
    expect(row?.payload).toMatchObject({ id: eventId, type: 'agreement.signed' });
    await inTenant(w.A.id, (trx) => deleteEndpoint(trx, w.A.id, e.id, new Date()));
  });

  it('reaches only the active endpoints of the tenant that subscribed to the event', async () => {
    const signedA = await endpoint(w.A.id, '/sub/signed-a', ['agreement.signed', 'agreement.sent']);
    const sentA = await endpoint(w.A.id, '/sub/sent-a', ['agreement.sent']);
    const pausedA = await endpoint(w.A.id, '/sub/paused-a', ['agreement.signed'], { active: false });
    const signedB = await endpoint(w.B.id, '/sub/signed-b', ['agreement.signed']);
    const { deliveries } = await emit(w.A.id, 'agreement.signed');
    expect(deliveries).toBe(1);
    await deliver();
    expect(hits('/sub/signed-a')).toHaveLength(1);
    for (const path of ['/sub/sent-a', '/sub/paused-a', '/sub/signed-b']) expect(hits(path), path).toHaveLength(0);
    for (const e of [sentA, pausedA, signedB]) expect(await deliveryOf(e.id)).toHaveLength(0);
    expect(await deliveryOf(signedA.id)).toHaveLength(1);
    // Off for the rest of the file.
    await inTenant(w.A.id, (trx) => deleteEndpoint(trx, w.A.id, signedA.id, new Date()));
  });

  it("a request in one tenant's context cannot queue events for another tenant's endpoints", async () => {
    const b = await endpoint(w.B.id, '/cross/b', ['agreement.completed']);
    const queued = await inTenant(w.A.id, (trx) => enqueueWebhookEvent(trx, w.B.id, 'agreement.completed', {}));
    expect(queued.deliveries).toBe(0);
    await expect(
      inTenant(w.A.id, (trx) =>
        sql`insert into webhook_deliveries (tenant_id, id, endpoint_id, event_id, event_type, payload) values (${w.B.id}, gen_random_uuid(), ${b.id}, gen_random_uuid(), 'ping', '{}'::jsonb)`.execute(trx),
      ),
    ).rejects.toThrow(/row-level security/);
    // B's context sees B's endpoints (as the owner lists them by tenant_id; other tests make some
    // too), this one among them, and none of A's.
    const ofB = (await sql<{ id: string }>`select id from webhook_endpoints where tenant_id = ${w.B.id} order by id`.execute(w.db)).rows.map((r) => r.id);
    expect(ofB).toContain(b.id);
    const seen = await inTenant(w.B.id, async (trx) => (await sql<{ id: string }>`select id from webhook_endpoints order by id`.execute(trx)).rows.map((r) => r.id));
    expect(seen).toEqual(ofB);
  });

  it('requests cannot change deliveries; only the job can', async () => {
    await expect(inTenant(w.A.id, (trx) => sql`update webhook_deliveries set status = 'delivered'`.execute(trx))).rejects.toThrow(/permission denied/);
    await expect(inTenant(w.A.id, (trx) => sql`delete from webhook_endpoints`.execute(trx))).rejects.toThrow(/permission denied/);
  });

  it('an event queued in a transaction that fails is never sent', async () => {
    const e = await endpoint(w.A.id, '/rollback', ['agreement.expired']);
    await expect(
      inTenant(w.A.id, async (trx) => {
        await enqueueWebhookEvent(trx, w.A.id, 'agreement.expired', {});
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await deliveryOf(e.id)).toHaveLength(0);
  });

  it('retries a server error with growing backoff, then succeeds', async () => {
    const e = await endpoint(w.A.id, '/retry', ['agreement.declined']);
    script.set('/retry', [500, 503]);
    await emit(w.A.id, 'agreement.declined');
    const t0 = new Date();
    await deliver(t0);
    let [row] = await deliveryOf(e.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500, last_error: 'HTTP 500' });
    expect(new Date(row?.next_attempt_at as Date).getTime() - t0.getTime()).toBe(webhookBackoffMs(1));
    // Not due again before the backoff has passed.
    await deliver(new Date(t0.getTime() + webhookBackoffMs(1) - 1000));
    expect(hits('/retry')).toHaveLength(1);
    const t1 = new Date(t0.getTime() + webhookBackoffMs(1));
    await deliver(t1);
    [row] = await deliveryOf(e.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 2, last_status_code: 503 });
    expect(new Date(row?.next_attempt_at as Date).getTime() - t1.getTime()).toBe(webhookBackoffMs(2));
    expect(webhookBackoffMs(2)).toBeGreaterThan(webhookBackoffMs(1));
    await deliver(new Date(t1.getTime() + webhookBackoffMs(2)));
    [row] = await deliveryOf(e.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, last_status_code: 200, last_error: null });
    expect(hits('/retry')).toHaveLength(3);
    // Each attempt is signed afresh with its own timestamp.
    const stamps = hits('/retry').map((h) => h.headers['vervolg-webhook-timestamp']);
    expect(new Set(stamps).size).toBe(3);
  });

  it('backoff grows to a cap; the schedule spans most of a day', () => {
    const schedule = Array.from({ length: WEBHOOK_MAX_ATTEMPTS - 1 }, (_, i) => webhookBackoffMs(i + 1));
    for (let i = 1; i < schedule.length; i++) expect(schedule[i]).toBeGreaterThanOrEqual(schedule[i - 1] as number);
    expect(Math.max(...schedule)).toBe(6 * 3_600_000);
    expect(schedule.reduce((a, b) => a + b, 0)).toBeGreaterThan(12 * 3_600_000);
  });

  it('gives up at once on a client error, but retries 408 and 429', async () => {
    const bad = await endpoint(w.A.id, '/bad', ['agreement.amended']);
    const busy = await endpoint(w.A.id, '/busy', ['agreement.amended']);
    const late = await endpoint(w.A.id, '/late', ['agreement.amended']);
    script.set('/bad', [400]);
    script.set('/busy', [429]);
    script.set('/late', [408]);
    await emit(w.A.id, 'agreement.amended');
    await deliver();
    expect((await deliveryOf(bad.id))[0]).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 400 });
    expect((await deliveryOf(busy.id))[0]).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 429 });
    expect((await deliveryOf(late.id))[0]).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 408 });
    for (const e of [busy, late]) await inTenant(w.A.id, (trx) => deleteEndpoint(trx, w.A.id, e.id, new Date()));
  });

  it('gives up after the last attempt', async () => {
    const e = await endpoint(w.A.id, '/down', ['agreement.sent']);
    script.set('/down', [500, 500, 500, 500]);
    await emit(w.A.id, 'agreement.sent');
    let now = new Date();
    for (let i = 1; i <= 3; i++) {
      await deliver(now, { maxAttempts: 3 });
      now = new Date(now.getTime() + webhookBackoffMs(i));
    }
    expect((await deliveryOf(e.id))[0]).toMatchObject({ status: 'failed', attempts: 3, last_status_code: 500 });
    await deliver(new Date(now.getTime() + 86_400_000), { maxAttempts: 3 });
    expect(hits('/down')).toHaveLength(3);
    script.delete('/down');
    await inTenant(w.A.id, (trx) => deleteEndpoint(trx, w.A.id, e.id, new Date()));
  });

  it('counts a receiver that does not answer in time as a failure to retry', async () => {
    const e = await endpoint(w.A.id, '/slow', ['agreement.completed']);
    await emit(w.A.id, 'agreement.completed');
    const started = Date.now();
    await deliver(new Date(), { timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(SLOW_MS);
    const [row] = await deliveryOf(e.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null });
    expect(row?.last_error).toBe(UNREACHABLE);
    await inTenant(w.A.id, (trx) => deleteEndpoint(trx, w.A.id, e.id, new Date()));
  });

  it('does not follow redirects', async () => {
    const e = await endpoint(w.A.id, '/moved', ['agreement.completed']);
    script.set('/moved', [302]);
    await emit(w.A.id, 'agreement.completed');
    await deliver();
    expect((await deliveryOf(e.id))[0]).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 302 });
    expect(hits('/redirected')).toHaveLength(0);
    await inTenant(w.A.id, (trx) => deleteEndpoint(trx, w.A.id, e.id, new Date()));
  });

  it('survives an unreachable endpoint', async () => {
    const e = await inTenant(w.A.id, (trx) => createEndpoint(trx, w.A.id, { url: 'http://127.0.0.1:9/hook', events: ['agreement.completed'] }, ALLOW_ALL, new Date()));
    await emit(w.A.id, 'agreement.completed');
    await deliver();
    const [row] = await deliveryOf(e.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null });
    // The same words as a timeout: the log does not tell a closed port from a filtered one.
    expect(row?.last_error).toBe(UNREACHABLE);
    await inTenant(w.A.id, (trx) => deleteEndpoint(trx, w.A.id, e.id, new Date()));
  });

  it('re-checks the URL at send time: a local address is refused under production rules', async () => {
    const e = await endpoint(w.B.id, '/local-in-production', ['agreement.declined']);
    await emit(w.B.id, 'agreement.declined');
    await deliver(new Date(), { targets: STRICT });
    const [row] = await deliveryOf(e.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row?.last_error).toMatch(/^Unsafe URL: .*https/);
    expect(hits('/local-in-production')).toHaveLength(0);
  });

  it('gives up pending deliveries of a deleted or paused endpoint without sending them', async () => {
    const gone = await endpoint(w.B.id, '/gone', ['agreement.expired']);
    const paused = await endpoint(w.B.id, '/paused', ['agreement.expired']);
    await emit(w.B.id, 'agreement.expired');
    await inTenant(w.B.id, async (trx) => {
      await deleteEndpoint(trx, w.B.id, gone.id, new Date());
      await updateEndpoint(trx, w.B.id, paused.id, { active: false }, new Date());
    });
    await deliver();
    expect((await deliveryOf(gone.id))[0]).toMatchObject({ status: 'failed', attempts: 0, last_error: 'The endpoint was deleted.' });
    expect((await deliveryOf(paused.id))[0]).toMatchObject({ status: 'failed', attempts: 0, last_error: 'The endpoint is paused.' });
    expect(hits('/gone')).toHaveLength(0);
    expect(hits('/paused')).toHaveLength(0);
  });

  it('two runs at once send each delivery once', async () => {
    const e = await endpoint(w.B.id, '/once', ['agreement.signed']);
    for (let i = 0; i < 5; i++) await emit(w.B.id, 'agreement.signed', { n: i });
    await Promise.all([deliver(), deliver(), deliver()]);
    expect(hits('/once')).toHaveLength(5);
    expect((await deliveryOf(e.id)).every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  });
});

describe('a repeat is recognisable, and a database failure causes none (issue 10, item 6)', () => {
  it('a retried delivery carries the same Vervolg-Webhook-Id and the same body', async () => {
    await endpoint(w.A.id, '/stable-id', ['agreement.sent']);
    script.set('/stable-id', [500]);
    const { eventId } = await emit(w.A.id, 'agreement.sent', { agreementId: 'a-stable' });
    const t0 = new Date();
    await deliver(t0);
    await deliver(new Date(t0.getTime() + webhookBackoffMs(1)));
    const [first, second] = hits('/stable-id');
    expect(hits('/stable-id')).toHaveLength(2);
    expect(first?.headers['vervolg-webhook-id']).toBe(eventId);
    expect(second?.headers['vervolg-webhook-id']).toBe(eventId);
    expect(second?.body).toBe(first?.body);
    expect(JSON.parse(second?.body ?? '{}')).toMatchObject({ id: eventId });
  });

  it('a delivery the receiver accepted is not posted again when the database fails while its result is written', async () => {
    const e = await endpoint(w.B.id, '/accepted-once', ['agreement.completed']);
    const { eventId } = await emit(w.B.id, 'agreement.completed', { agreementId: 'a-once' });
    const outage = new DatabaseOutage();
    // The receiver answers 2xx, then the database is gone for the next three queries.
    const acceptedThenOutage: typeof fetch = async (input, init) => {
      const response = await fetchImpl(input, init);
      if (String(input).endsWith('/accepted-once')) outage.failures = 3;
      return response;
    };
    const now = new Date();
    const counts = await deliverWebhooks(w.db.withPlugin(outage), acceptedThenOutage, now, { targets: ALLOW_ALL, recordRetry: { windowMs: 10_000, firstDelayMs: 5, maxDelayMs: 20 } });
    expect(outage.injected).toBe(3);
    expect(counts.delivered).toBeGreaterThanOrEqual(1);
    // Long after any lease would have run out: nothing left to send.
    await deliver(new Date(now.getTime() + 24 * 3_600_000));
    expect(hits('/accepted-once').map((h) => h.headers['vervolg-webhook-id'])).toEqual([eventId]);
    expect((await deliveryOf(e.id))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});

// ---- names resolved at delivery (Node) ----

describe('delivery resolves the name and checks every address it connects to', () => {
  const port = () => Number(new URL(baseUrl).port);
  /** A resolver standing in for DNS; counts how often it is asked. */
  const fakeDns = (answers: Record<string, string[]>) => {
    const asked: string[] = [];
    const resolve = async (hostname: string) => {
      asked.push(hostname);
      return (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    return { asked, resolve };
  };

  it('a public-looking name that resolves to loopback is refused at send time, reported as unreachable', async () => {
    // Registration sees only a name; the address behind it shows at delivery.
    const e = await inTenant(w.B.id, (trx) =>
      createEndpoint(trx, w.B.id, { url: `http://hooks.example.test:${port()}/dns-loopback`, events: ['agreement.completed'] }, HTTP_ONLY, new Date()),
    );
    const dns = fakeDns({ 'hooks.example.test': ['127.0.0.1'] });
    await emit(w.B.id, 'agreement.completed');
    await deliver(new Date(), { targets: HTTP_ONLY }, guardedWebhookFetch(HTTP_ONLY, { resolve: dns.resolve }));
    const [row] = await deliveryOf(e.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null, last_error: UNREACHABLE });
    expect(dns.asked).toContain('hooks.example.test');
    expect(hits('/dns-loopback')).toHaveLength(0);
    await inTenant(w.B.id, (trx) => deleteEndpoint(trx, w.B.id, e.id, new Date()));
  });

  it('every address in the answer is checked: one private address among public ones is enough to refuse', async () => {
    const dns = fakeDns({ 'mixed.example.test': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '127.0.0.1'] });
    const f = guardedWebhookFetch(HTTP_ONLY, { resolve: dns.resolve });
    const error = await f(`http://mixed.example.test:${port()}/dns-mixed`, { method: 'POST', body: '{}' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const cause = (error as Error & { cause?: unknown }).cause;
    expect(cause).toBeInstanceOf(RefusedWebhookTargetError);
    expect((cause as RefusedWebhookTargetError).reason).toMatch(/resolves to 127\.0\.0\.1 \(loopback\)/);
    expect(hits('/dns-mixed')).toHaveLength(0);
  });

  it('with the system resolver: localhost, and IP literals, are refused before any connection', async () => {
    const f = guardedWebhookFetch(HTTP_ONLY);
    for (const url of [`http://localhost:${port()}/sys-localhost`, `http://127.0.0.1:${port()}/sys-literal`, `http://[::ffff:127.0.0.1]:${port()}/sys-mapped`]) {
      const error = await f(url, { method: 'POST', body: '{}' }).catch((e: Error) => e);
      expect(error, url).toBeInstanceOf(Error);
      expect((error as Error & { cause?: unknown }).cause, url).toBeInstanceOf(RefusedWebhookTargetError);
    }
    for (const path of ['/sys-localhost', '/sys-literal', '/sys-mapped']) expect(hits(path)).toHaveLength(0);
  });

  it('connects to the address it checked (one lookup, no second resolution), keeping the name in Host', async () => {
    // hooks.example.test exists in no real DNS (.test is reserved): the request can only arrive
    // if the connection used the checked answer of this resolver.
    const dns = fakeDns({ 'hooks.example.test': ['127.0.0.1'] });
    const e = await inTenant(w.B.id, (trx) =>
      createEndpoint(trx, w.B.id, { url: `http://hooks.example.test:${port()}/dns-allowed`, events: ['agreement.completed'] }, ALLOW_ALL, new Date()),
    );
    await emit(w.B.id, 'agreement.completed');
    await deliver(new Date(), { targets: ALLOW_ALL }, guardedWebhookFetch(ALLOW_ALL, { resolve: dns.resolve }));
    expect((await deliveryOf(e.id))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(dns.asked).toEqual(['hooks.example.test']);
    expect(hits('/dns-allowed')[0]?.headers.host).toBe(`hooks.example.test:${port()}`);
    await inTenant(w.B.id, (trx) => deleteEndpoint(trx, w.B.id, e.id, new Date()));
  });

  it('over https: the checked address is used while SNI and the certificate check keep the name', async () => {
    const { cert, key } = selfSigned('hooks.example.test');
    const seen: { servername: string | false | null | undefined; host: string | undefined }[] = [];
    const tlsServer = createHttpsServer({ cert, key }, (req, res) => {
      seen.push({ servername: (req.socket as TLSSocket).servername, host: req.headers.host });
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    try {
      const tlsPort = (tlsServer.address() as AddressInfo).port;
      const dns = fakeDns({ 'hooks.example.test': ['127.0.0.1'] });
      const f = guardedWebhookFetch(ALLOW_ALL, { resolve: dns.resolve, tls: { ca: cert } });
      const response = await f(`https://hooks.example.test:${tlsPort}/tls`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(204);
      expect(seen).toEqual([{ servername: 'hooks.example.test', host: `hooks.example.test:${tlsPort}` }]);
      // The certificate is checked against the name, not the address: another name fails.
      const other = fakeDns({ 'other.example.test': ['127.0.0.1'] });
      const g = guardedWebhookFetch(ALLOW_ALL, { resolve: other.resolve, tls: { ca: cert } });
      await expect(g(`https://other.example.test:${tlsPort}/tls`, { method: 'POST', body: '{}' })).rejects.toThrow();
      expect(seen).toHaveLength(1);
    } finally {
      tlsServer.closeAllConnections();
      tlsServer.close();
    }
  });
});

/** A self-signed certificate for one DNS name, made by OpenSSL (as the seal tests' PKCS#12 files are). */
function selfSigned(name: string): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vervolg-tls-'));
  try {
    const [certPath, keyPath] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`, '-keyout', keyPath, '-out', certPath], { stdio: 'ignore' });
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
