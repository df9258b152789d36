// Webhooks: the signature (checked independently with node:crypto), URL safety in both modes, and
// the delivery job against a local fake receiver: success, retries with backoff, permanent
// failures, timeouts, redirects, and that an event reaches only the endpoints that asked for it.
import { createHmac } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, deleteEndpoint, updateEndpoint } from '../../src/modules/webhooks/service.js';
import { type Tx, inAppTransaction, setContext } from '../../src/platform/db/database.js';
import {
  type AppEnvName,
  type WebhookTables,
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

const ALWAYS_OK = ['https://example.com/hook', 'https://hooks.voorbeeldstad.nl:8443/vervolg?x=1', 'https://1.1.1.1/', 'https://[2606:4700:4700::1111]/', 'https://[::ffff:8.8.8.8]/', 'https://bücher.example/', 'https://172.32.0.1/'];
const NEVER_OK = ['ftp://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', '/relative/path', 'https://user:pass@example.com/', 'https://token@example.com/', `https://example.com/${'a'.repeat(2050)}`];
const PRODUCTION_ONLY_BLOCKED = [
  'http://example.com/hook',
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
  'https://[::127.0.0.1]/',
  'https://[64:ff9b::192.168.0.1]/',
  'https://[2002:c0a8:0101::1]/',
  'https://[fc00::1]/',
  'https://[fd12:3456:789a::1]/',
  'https://[fe80::1]/',
  'https://[febf:ffff::1]/',
  'https://[fec0::1]/',
  'https://[ff02::1]/',
  'https://[2001:db8::1]/',
];

describe('URL safety', () => {
  const check = (url: string, env: AppEnvName) => {
    try {
      assertSafeWebhookUrl(url, env);
      return 'ok';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it.each(['production', 'test', 'development'] as const)('allows public https URLs (%s)', (env) => {
    for (const url of ALWAYS_OK) expect(check(url, env), url).toBe('ok');
  });

  it.each(['production', 'test', 'development'] as const)('never allows other schemes, credentials, bad or overlong URLs (%s)', (env) => {
    for (const url of NEVER_OK) expect(check(url, env), url).not.toBe('ok');
  });

  it('in production: only https, and no private, loopback, link-local, CGNAT, multicast, reserved or local names', () => {
    for (const url of PRODUCTION_ONLY_BLOCKED) expect(check(url, 'production'), url).not.toBe('ok');
  });

  it.each(['test', 'development'] as const)('in %s: http and local addresses are allowed (tests post to a local server)', (env) => {
    for (const url of PRODUCTION_ONLY_BLOCKED) expect(check(url, env), url).toBe('ok');
    expect(check('http://127.0.0.1:4000/hook', env)).toBe('ok');
  });

  it('says what is wrong', () => {
    expect(check('http://example.com/', 'production')).toMatch(/https/);
    expect(check('https://169.254.169.254/', 'production')).toMatch(/link-local/);
    expect(check('https://[::ffff:127.0.0.1]/', 'production')).toMatch(/IPv4-mapped loopback/);
    expect(check('https://db.internal/', 'production')).toMatch(/local or internal/);
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

const fetchImpl: typeof fetch = (input, init) => fetch(input, init);
const deliver = (now = new Date(), options: Parameters<typeof deliverWebhooks>[3] = {}) => deliverWebhooks(w.db, fetchImpl, now, { env: 'test', ...options });
const hits = (path: string) => received.filter((r) => r.path === path);

async function inTenant<T>(tenantId: string, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { tenantId });
    return fn(trx);
  });
}

async function endpoint(tenantId: string, path: string, events: string[], options: { active?: boolean } = {}) {
  return inTenant(tenantId, async (trx) => {
    const created = await createEndpoint(trx, tenantId, { url: `${baseUrl}${path}`, events }, 'test', new Date());
    if (options.active === false) await updateEndpoint(trx, tenantId, created.id, { active: false }, new Date());
    return created;
  });
}

async function emit(tenantId: string, type: Parameters<typeof enqueueWebhookEvent>[2], data: Record<string, unknown> = { agreementId: '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11' }) {
  return inTenant(tenantId, (trx) => enqueueWebhookEvent(trx, tenantId, type, data));
}

async function deliveryOf(endpointId: string) {
  return w.db
    .withTables<WebhookTables>()
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
    const seen = await inTenant(w.B.id, async (trx) => (await sql<{ n: number }>`select count(*)::int as n from webhook_endpoints`.execute(trx)).rows[0]?.n);
    expect(seen).toBe(2); // signed-b and cross/b: none of A's
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
    expect(row?.last_error).toMatch(/Timeout/);
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
    const e = await inTenant(w.A.id, (trx) => createEndpoint(trx, w.A.id, { url: 'http://127.0.0.1:9/hook', events: ['agreement.completed'] }, 'test', new Date()));
    await emit(w.A.id, 'agreement.completed');
    await deliver();
    const [row] = await deliveryOf(e.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null });
    expect(row?.last_error).toMatch(/Network/);
    await inTenant(w.A.id, (trx) => deleteEndpoint(trx, w.A.id, e.id, new Date()));
  });

  it('re-checks the URL at send time: a local address is refused under production rules', async () => {
    const e = await endpoint(w.B.id, '/local-in-production', ['agreement.declined']);
    await emit(w.B.id, 'agreement.declined');
    await deliver(new Date(), { env: 'production' });
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
