// Webhook endpoints through the HTTP API: managing them (admins only), the secret shown once,
// tenant isolation of endpoint ids, URL rules in production, the test event and the delivery log.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as webhooks } from '../../src/modules/webhooks/routes.js';
import { MAX_ENDPOINTS } from '../../src/modules/webhooks/service.js';
import { deliverWebhooks, verifyWebhookSignature, webhookBackoffMs } from '../../src/platform/webhooks.js';
import { guardedWebhookFetch } from '../../src/platform/webhooks/node-fetch.js';
import { type World, createWorld } from '../support/world.js';

interface Endpoint {
  id: string;
  url: string;
  description: string;
  events: string[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
  secret?: string;
}
interface Problem {
  status: number;
  invalidParams?: { name: string; reason: string }[];
}

/** The tests post to a receiver on this machine: they turn private targets on, as a local demo would. */
const LOCAL = { allowPrivateTargets: true, allowHttp: true };
const sendFetch = guardedWebhookFetch(LOCAL);

let w: World;
let server: Server;
let baseUrl: string;
const received: { path: string; signature: string; body: string }[] = [];
/** Status codes the receiver answers, per path, in turn (204 once a path's list is used up). */
const script = new Map<string, number[]>();

beforeAll(async () => {
  w = await createWorld({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', signature: String(req.headers['vervolg-signature']), body });
      res.writeHead(script.get(req.url ?? '')?.shift() ?? 204);
      res.end();
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

const base = (municipalityId: string) => `/v1/municipalities/${municipalityId}/webhook-endpoints`;
const adminA = () => w.A.people.admin.token;

/** An endpoint of municipality A by id, for the typed calls. */
const ofA = (webhookEndpointId: string) => ({ municipalityId: w.A.id, webhookEndpointId });

async function create(body: Record<string, unknown>, municipalityId = w.A.id, token = adminA()) {
  const res = await w.request('POST', base(municipalityId), { token, body });
  return { res, json: (await res.json()) as Endpoint & Problem };
}

describe('managing endpoints', () => {
  it('an admin registers one; the secret is shown once, at creation, and never after', async () => {
    const { res, json } = await create({
      url: `${baseUrl}/hooks/a`,
      events: ['agreement.signed', 'agreement.sent', 'agreement.signed'],
      description: 'Zaaksysteem',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('Location')).toBe(`${base(w.A.id)}/${json.id}`);
    expect(json).toMatchObject({ url: `${baseUrl}/hooks/a`, description: 'Zaaksysteem', events: ['agreement.sent', 'agreement.signed'], active: true });
    expect(json.secret).toMatch(/^whsec_[a-z2-7]{52}$/);
    const secret = json.secret as string;

    const get = await w.request('GET', `${base(w.A.id)}/${json.id}`, { token: adminA() });
    expect(get.status).toBe(200);
    const list = await w.request('GET', base(w.A.id), { token: adminA() });
    const patch = await w.request('PATCH', `${base(w.A.id)}/${json.id}`, { token: adminA(), body: { description: 'Zaaksysteem (productie)' } });
    for (const r of [get, list, patch]) {
      const text = await r.text();
      expect(text).not.toContain(secret);
      expect(text).not.toContain('"secret"');
    }
    // Not in the request log lines either.
    expect(JSON.stringify(w.logs)).not.toContain(secret);
  });

  it('lists, gets, changes and deletes', async () => {
    const { json: one } = await create({ url: `${baseUrl}/hooks/one`, events: ['agreement.completed'] });
    const { json: two } = await create({ url: `${baseUrl}/hooks/two`, events: ['agreement.expired'] });

    const page1 = (await (await w.request('GET', `${base(w.A.id)}?limit=1`, { token: adminA() })).json()) as { items: Endpoint[]; nextCursor: string | null };
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).not.toBeNull();
    const all = (await (await w.request('GET', `${base(w.A.id)}?limit=200`, { token: adminA() })).json()) as { items: Endpoint[]; nextCursor: string | null };
    expect(all.items.map((e) => e.id)).toEqual(expect.arrayContaining([one.id, two.id]));
    expect(all.nextCursor).toBeNull();

    const got = (await (await w.request('GET', `${base(w.A.id)}/${one.id}`, { token: adminA() })).json()) as Endpoint;
    expect(got).toMatchObject({ id: one.id, events: ['agreement.completed'], active: true });

    const changed = await w.request('PATCH', `${base(w.A.id)}/${one.id}`, {
      token: adminA(),
      body: { events: ['agreement.amended', 'agreement.declined'], description: 'Alleen wijzigingen', active: false },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ events: ['agreement.declined', 'agreement.amended'], description: 'Alleen wijzigingen', active: false });
    const resumed = (await (await w.request('PATCH', `${base(w.A.id)}/${one.id}`, { token: adminA(), body: { active: true } })).json()) as Endpoint;
    expect(resumed).toMatchObject({ active: true, events: ['agreement.declined', 'agreement.amended'] });

    const del = await w.request('DELETE', `${base(w.A.id)}/${two.id}`, { token: adminA() });
    expect(del.status).toBe(204);
    expect((await w.request('GET', `${base(w.A.id)}/${two.id}`, { token: adminA() })).status).toBe(404);
    expect((await w.request('DELETE', `${base(w.A.id)}/${two.id}`, { token: adminA() })).status).toBe(404);
    expect((await w.request('PATCH', `${base(w.A.id)}/${two.id}`, { token: adminA(), body: { active: true } })).status).toBe(404);
    expect((await w.request('GET', `${base(w.A.id)}/${two.id}/deliveries`, { token: adminA() })).status).toBe(404);
    const after = (await (await w.request('GET', `${base(w.A.id)}?limit=200`, { token: adminA() })).json()) as { items: Endpoint[] };
    expect(after.items.map((e) => e.id)).not.toContain(two.id);
    // The row stays for the delivery log, disabled, with its secret erased.
    const row = await w.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', two.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ active: false, secret: '' });
    expect(row.disabled_at).not.toBeNull();
  });

  it('validates input, listing every problem; ping is not an event to subscribe to', async () => {
    const empty = await create({});
    expect(empty.res.status).toBe(400);
    expect(empty.json.invalidParams?.map((p) => p.name).sort()).toEqual(['body.events', 'body.url']);
    for (const events of [[], ['ping'], ['agreement.signed', 'agreement.unknown']]) {
      expect((await create({ url: `${baseUrl}/hooks/x`, events })).res.status, JSON.stringify(events)).toBe(400);
    }
    const { json } = await create({ url: `${baseUrl}/hooks/v`, events: ['agreement.sent'] });
    for (const body of [{ events: [] }, { events: ['ping'] }, { active: 'yes' }, { description: 'x'.repeat(501) }]) {
      expect((await w.request('PATCH', `${base(w.A.id)}/${json.id}`, { token: adminA(), body })).status, JSON.stringify(body)).toBe(400);
    }
    await w.request('DELETE', `${base(w.A.id)}/${json.id}`, { token: adminA() });
  });

  it('is for admins only', async () => {
    for (const role of ['contract-manager', 'case-manager', 'analyst'] as const) {
      const token = w.A.people[role].token;
      expect((await w.request('GET', base(w.A.id), { token })).status, role).toBe(403);
      expect((await create({ url: `${baseUrl}/hooks/r`, events: ['agreement.sent'] }, w.A.id, token)).res.status, role).toBe(403);
    }
  });

  it("another municipality's endpoint is not found under your own municipality's path", async () => {
    const { json: ofB } = await create({ url: `${baseUrl}/hooks/b`, events: ['agreement.signed'] }, w.B.id, w.B.people.admin.token);
    const path = `${base(w.A.id)}/${ofB.id}`;
    expect((await w.request('GET', path, { token: adminA() })).status).toBe(404);
    expect((await w.request('PATCH', path, { token: adminA(), body: { active: false } })).status).toBe(404);
    expect((await w.request('DELETE', path, { token: adminA() })).status).toBe(404);
    expect((await w.request('GET', `${path}/deliveries`, { token: adminA() })).status).toBe(404);
    expect((await w.request('POST', `${path}/test`, { token: adminA() })).status).toBe(404);
    // …and untouched.
    const still = (await (await w.request('GET', `${base(w.B.id)}/${ofB.id}`, { token: w.B.people.admin.token })).json()) as Endpoint;
    expect(still.active).toBe(true);
    const listA = (await (await w.request('GET', `${base(w.A.id)}?limit=200`, { token: adminA() })).json()) as { items: Endpoint[] };
    expect(listA.items.map((e) => e.id)).not.toContain(ofB.id);
  });
});

describe('the test event and the delivery log', () => {
  it('queues a ping for one endpoint; the log shows attempts, status codes and times', async () => {
    const { json: e } = await create({ url: `${baseUrl}/hooks/log`, events: ['agreement.signed'] });
    const { json: other } = await create({ url: `${baseUrl}/hooks/other`, events: ['agreement.signed'] });
    const delivery = (await w.call(webhooks.test, { token: adminA(), params: ofA(e.id) })).json(202);
    expect(delivery).toMatchObject({ eventType: 'ping', status: 'pending', attempts: 0, lastStatusCode: null, deliveredAt: null });
    expect(delivery.nextAttemptAt).not.toBeNull();

    // The job delivers whatever is due, other tests' pings too: this test looks at its own two paths.
    const ours = () => received.filter((r) => r.path === '/hooks/log' || r.path === '/hooks/other');
    received.length = 0;
    script.set('/hooks/log', [500]);
    const t0 = new Date();
    await deliverWebhooks(w.db, sendFetch, t0, { targets: LOCAL });
    expect(ours().map((r) => r.path)).toEqual(['/hooks/log']); // not the other endpoint
    const first = (await w.call(webhooks.deliveries, { token: adminA(), params: ofA(e.id) })).json(200);
    expect(first.items).toHaveLength(1);
    expect(first.items[0]).toMatchObject({ id: delivery.id, eventId: delivery.eventId, eventType: 'ping', status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500', deliveredAt: null });
    expect(new Date(first.items[0]?.nextAttemptAt as string).getTime()).toBe(t0.getTime() + webhookBackoffMs(1));
    expect(JSON.stringify(first)).not.toContain('payload');

    await deliverWebhooks(w.db, sendFetch, new Date(t0.getTime() + webhookBackoffMs(1)), { targets: LOCAL });
    const second = (await w.call(webhooks.deliveries, { token: adminA(), params: ofA(e.id) })).json(200);
    expect(second.items[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 204, lastError: null, nextAttemptAt: null });
    expect(second.items[0]?.deliveredAt).not.toBeNull();
    // The ping is signed with the endpoint's secret, like every event.
    const ping = ours().at(-1) as { signature: string; body: string };
    expect(JSON.parse(ping.body)).toMatchObject({ id: delivery.eventId, type: 'ping', data: { webhookEndpointId: e.id } });
    expect(await verifyWebhookSignature(e.secret as string, ping.signature, ping.body, 300, new Date(t0.getTime() + webhookBackoffMs(1)))).toBe(true);
    expect((await w.call(webhooks.deliveries, { token: adminA(), params: ofA(other.id) })).json(200).items).toHaveLength(0);
  });

  it('the log is newest first, paginates and filters by status', async () => {
    const { json: e } = await create({ url: `${baseUrl}/hooks/many`, events: ['agreement.sent'] });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await w.call(webhooks.test, { token: adminA(), params: ofA(e.id) })).json(202).id);
    const p1 = (await w.call(webhooks.deliveries, { token: adminA(), params: ofA(e.id), query: { limit: 2 } })).json(200);
    expect(p1.items.map((d) => d.id)).toEqual([ids[2], ids[1]]);
    const p2 = (await w.call(webhooks.deliveries, { token: adminA(), params: ofA(e.id), query: { limit: 2, cursor: p1.nextCursor ?? undefined } })).json(200);
    expect(p2.items.map((d) => d.id)).toEqual([ids[0]]);
    expect(p2.nextCursor).toBeNull();
    const delivered = (await w.call(webhooks.deliveries, { token: adminA(), params: ofA(e.id), query: { status: 'delivered' } })).json(200);
    expect(delivered.items).toHaveLength(0);
    expect((await w.request('GET', `${base(w.A.id)}/${e.id}/deliveries?status=lost`, { token: adminA() })).status).toBe(400);
  });

  it('a paused endpoint cannot be tested', async () => {
    const { json: e } = await create({ url: `${baseUrl}/hooks/paused`, events: ['agreement.sent'] });
    await w.request('PATCH', `${base(w.A.id)}/${e.id}`, { token: adminA(), body: { active: false } });
    const res = await w.call(webhooks.test, { token: adminA(), params: ofA(e.id) });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('without WEBHOOK_ALLOW_PRIVATE_TARGETS, development and test are strict too', () => {
  let strict: World;
  beforeAll(async () => {
    strict = await createWorld({ env: { APP_ENV: 'development' } });
  });
  afterAll(async () => strict?.close());

  it('refuses loopback, private, IPv4-mapped and NAT64 targets with 400 naming body.url; http to a public host is fine', async () => {
    for (const url of [`${baseUrl}/hooks/a`, 'http://localhost:8080/hook', 'http://10.0.0.5/hook', 'http://[::ffff:8.8.8.8]/hook', 'http://[64:ff9b::a00:5]/hook', 'http://100.64.1.1/hook']) {
      const res = await strict.request('POST', base(strict.A.id), { token: strict.A.people.admin.token, body: { url, events: ['agreement.signed'] } });
      expect(res.status, url).toBe(400);
      expect(((await res.json()) as Problem).invalidParams?.map((p) => p.name), url).toEqual(['body.url']);
    }
    const ok = await strict.request('POST', base(strict.A.id), { token: strict.A.people.admin.token, body: { url: 'http://hooks.example.org/dev', events: ['agreement.signed'] } });
    expect(ok.status).toBe(201);
  });
});

describe('in production', () => {
  let prod: World;
  beforeAll(async () => {
    // Production also demands the seal certificate; it is only loaded when a document is sealed.
    prod = await createWorld({ env: { APP_ENV: 'production', OUTBOX_TRANSPORT: 'console', SEAL_P12_BASE64: 'bm90LXVzZWQ=', SEAL_P12_PASSPHRASE: 'not-used' } });
  });
  afterAll(async () => prod?.close());

  const createIn = async (url: string, municipality = prod.A) => {
    const res = await prod.request('POST', base(municipality.id), { token: municipality.people.admin.token, body: { url, events: ['agreement.signed'] } });
    return { res, json: (await res.json()) as Endpoint & Problem };
  };

  it('refuses http, private, loopback, link-local and local-name URLs with 400 naming body.url', async () => {
    for (const url of [
      `${baseUrl}/hooks/a`,
      'http://example.com/hook',
      'https://127.0.0.1/hook',
      'https://localhost/hook',
      'https://10.0.0.5/hook',
      'https://192.168.1.10/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[fd00::1]/hook',
      'https://vault.internal/hook',
      'https://nas.local/hook',
      'https://user:secret@example.com/hook',
    ]) {
      const { res, json } = await createIn(url);
      expect(res.status, url).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(json.invalidParams?.map((p) => p.name), url).toEqual(['body.url']);
    }
  });

  it('accepts a public https URL, normalised', async () => {
    const { res, json } = await createIn('https://Koppeling.Voorbeeldstad.NL/vervolg/webhooks');
    expect(res.status).toBe(201);
    expect(json.url).toBe('https://koppeling.voorbeeldstad.nl/vervolg/webhooks');
  });

  it(`allows at most ${MAX_ENDPOINTS} endpoints at once; deleting one makes room`, async () => {
    // In B, where no other test registers endpoints: A keeps room for the tests that add one there.
    const B = prod.B;
    const listed = (await (await prod.request('GET', `${base(B.id)}?limit=200`, { token: B.people.admin.token })).json()) as { items: Endpoint[] };
    let last = '';
    for (let i = listed.items.length; i < MAX_ENDPOINTS; i++) {
      const { res, json } = await createIn(`https://hooks${i}.example.com/`, B);
      expect(res.status).toBe(201);
      last = json.id;
    }
    expect((await createIn('https://one-too-many.example.com/', B)).res.status).toBe(409);
    await prod.request('DELETE', `${base(B.id)}/${last}`, { token: B.people.admin.token });
    expect((await createIn('https://room-again.example.com/', B)).res.status).toBe(201);
  });
});
