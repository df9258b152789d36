// The webhook pages of the staff app (admins, under Settings), through plain HTTP without
// JavaScript: registering an endpoint (a refused URL beside its field, what was typed kept), the
// secret shown once and never again, the secret signing what the local receiver gets; rotating
// (the old secret stops at once); the delivery log with "send again" that queues the same event,
// which then arrives; the test event; editing, pausing, deleting; access. And the two new API
// operations (secret-rotations, redeliveries), including another municipality's ids → 404.
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as webhooks } from '../../src/modules/webhooks/routes.js';
import { deliverWebhooks, verifyWebhookSignature } from '../../src/platform/webhooks.js';
import { guardedWebhookFetch } from '../../src/platform/webhooks/node-fetch.js';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

/** The tests post to a receiver on this machine: they turn private targets on, as a local demo would. */
const LOCAL = { allowPrivateTargets: true, allowHttp: true };

let w: World;
let server: Server;
let baseUrl: string;
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
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
      received.push({ path: req.url ?? '', headers: req.headers, body });
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

const deliver = () => deliverWebhooks(w.db, guardedWebhookFetch(LOCAL), new Date(), { targets: LOCAL });
const listPath = () => `/app/municipalities/${w.A.id}/settings/webhooks`;
const hits = (path: string) => received.filter((r) => r.path === path);
const SECRET = /whsec_[a-z2-7]{52}/;

/** Register an endpoint through the form; returns its id and the secret from the one page that shows it. */
async function registerThroughForm(path: string, events = ['agreement.signed']) {
  const admin = pageClient(w, w.A.people.admin);
  const res = await admin.post(`${listPath()}/new`, { url: `${baseUrl}${path}`, description: `Ontvanger ${path}`, events });
  expect(res.status).toBe(303);
  const location = res.headers.get('location') as string;
  const id = /webhooks\/([0-9a-f-]{36})\/secret$/.exec(location)?.[1] as string;
  expect(id).toBeTruthy();
  const shown = await admin.get(location);
  const html = await shown.text();
  const secret = SECRET.exec(html)?.[0] as string;
  expect(secret).toBeTruthy();
  return { id, secret, location, admin };
}

describe('registering an endpoint', () => {
  it('refuses a bad URL and no events beside their fields, keeping what was typed', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const form = await admin.get(`${listPath()}/new`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('name="url"');
    expect(formHtml).toContain('value="agreement.signed"');
    expect(formHtml).toContain('value="contract.renewed"');

    const bad = await admin.post(`${listPath()}/new`, { url: 'ftp://koppeling.voorbeeldstad.nl/hooks', description: 'Zaaksysteem proef' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    // The API's own rule (http or https), in Dutch, beside the field and in the summary.
    expect(html.match(/Gebruik een adres dat begint met https:\/\/ \(of http:\/\/\)\./g)?.length).toBe(2);
    expect(html.match(/Kies ten minste één gebeurtenis\./g)?.length).toBe(2);
    expect(html).toContain('value="ftp://koppeling.voorbeeldstad.nl/hooks"');
    expect(html).toContain('value="Zaaksysteem proef"');
    expect(html).toMatch(/id="field-url"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="field-url"/);
    expect(html).toContain('href="#field-events"');

    // The URL is refused even when the events are fine; the chosen events stay ticked.
    const creds = await admin.post(`${listPath()}/new?lang=en`, { url: 'https://jan:geheim@koppeling.voorbeeldstad.nl/hooks', events: ['agreement.sent', 'contract.renewed'] });
    expect(creds.status).toBe(400);
    const credsHtml = await creds.text();
    expect(credsHtml).toContain('Put no user name or password in the URL.');
    expect(credsHtml).toMatch(/value="agreement\.sent"[^>]*checked/);
    expect(credsHtml).toMatch(/value="contract\.renewed"[^>]*checked/);
    expect(credsHtml).not.toMatch(/value="agreement\.signed"[^>]*checked/);
  });

  it('shows the secret once, right after creation, never in a URL and never again; the secret signs what arrives', async () => {
    const { id, secret, location, admin } = await registerThroughForm('/pages/one', ['agreement.signed', 'agreement.sent']);
    expect(location).not.toContain('whsec_');
    // The page that showed it: not to be kept by the browser.
    const again = await admin.get(location);
    expect(again.status).toBe(200);
    const againHtml = await again.text();
    expect(againHtml).not.toMatch(SECRET);
    expect(againHtml).toContain('Het geheim is al getoond en wordt niet opnieuw getoond.');
    for (const path of [listPath(), `${listPath()}/${id}`, `${listPath()}/${id}/deliveries`, `${listPath()}/${id}/rotate`]) {
      const html = await (await admin.get(path)).text();
      expect(html, path).not.toContain(secret);
    }
    // Another admin of the same municipality never sees it either.
    const other = await w.person('tweede-beheerder', { municipalities: [{ id: w.A.id, roles: ['admin'] }] });
    expect(await (await pageClient(w, other).get(location)).text()).not.toMatch(SECRET);
    // Listed with its events and status.
    const list = await (await admin.get(listPath())).text();
    expect(list).toContain(`${baseUrl}/pages/one`);
    expect(list).toContain('Toekomstafspraken door iedereen ondertekend');
    expect(list).toContain('Nog geen berichten');
    // The test event, signed with that secret, reaches the receiver.
    const test = await admin.post(`${listPath()}/${id}/test`, {});
    expect(test.status).toBe(303);
    expect(test.headers.get('location')).toContain('done=test');
    await deliver();
    const got = hits('/pages/one');
    expect(got).toHaveLength(1);
    expect(await verifyWebhookSignature(secret, got[0]?.headers['vervolg-signature'] as string, got[0]?.body as string)).toBe(true);
    expect(JSON.stringify(w.logs)).not.toContain(secret);
    const listed = await (await admin.get(listPath())).text();
    expect(listed).toMatch(/Afgeleverd, \d+ \w+ \d{4}, \d\d:\d\d/);
  });

  it('shows the secret page with no-store, only to the admin who made it', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const res = await admin.post(`${listPath()}/new`, { url: `${baseUrl}/pages/store`, events: ['agreement.expired'] });
    const page = await admin.get(res.headers.get('location') as string);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('Kopieer het geheim nu. Het wordt hierna nooit meer getoond.');
  });
});

describe('rotating the secret', () => {
  it('shows the new secret once; from then on only the new one signs (no grace period)', async () => {
    const { id, secret: old, admin } = await registerThroughForm('/pages/rotate');
    const confirm = await admin.get(`${listPath()}/${id}/rotate`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Het oude geheim werkt meteen niet meer');
    const rotated = await admin.post(`${listPath()}/${id}/rotate`, {});
    expect(rotated.status).toBe(303);
    const shown = await (await admin.get(rotated.headers.get('location') as string)).text();
    expect(shown).toContain('Het geheim is vervangen.');
    const fresh = SECRET.exec(shown)?.[0] as string;
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(old);
    expect(await (await admin.get(rotated.headers.get('location') as string)).text()).not.toMatch(SECRET);

    await admin.post(`${listPath()}/${id}/test`, {});
    await deliver();
    const got = hits('/pages/rotate').at(-1);
    expect(await verifyWebhookSignature(fresh, got?.headers['vervolg-signature'] as string, got?.body as string)).toBe(true);
    expect(await verifyWebhookSignature(old, got?.headers['vervolg-signature'] as string, got?.body as string)).toBe(false);
  });
});

describe('the delivery log and sending again', () => {
  it('lists deliveries in Dutch time; "send again" queues the same event, which arrives again', async () => {
    const { id, admin } = await registerThroughForm('/pages/log');
    script.set('/pages/log', [503]);
    await admin.post(`${listPath()}/${id}/test`, {});
    await deliver();
    const log = await admin.get(`${listPath()}/${id}/deliveries`);
    expect(log.status).toBe(200);
    const html = await log.text();
    expect(html).toContain('Testbericht');
    expect(html).toContain('Wacht op verzending');
    expect(html).toContain('HTTP 503');
    expect(html).toMatch(/\d+ \w+ \d{4}, \d\d:\d\d/);
    const deliveryId = /data-delivery="([0-9a-f-]{36})"/.exec(html)?.[1] as string;
    // Still pending (waiting for its retry): no "send again" for it; the API refuses it too.
    expect(html).not.toContain(`/deliveries/${deliveryId}/redeliver`);
    const refused = await admin.post(`${listPath()}/${id}/deliveries/${deliveryId}/redeliver`, {});
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Dit bericht wordt nog verstuurd.');

    // Once it has gone through, it can be sent again: the same event id and body arrive once more.
    await w.db.updateTable('webhook_deliveries').set({ next_attempt_at: new Date(Date.now() - 1000) }).where('id', '=', deliveryId).execute();
    await deliver();
    const first = hits('/pages/log');
    expect(first).toHaveLength(2);
    const again = await admin.post(`${listPath()}/${id}/deliveries/${deliveryId}/redeliver`, {});
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toContain('done=redelivered');
    const after = await (await admin.get(again.headers.get('location') as string)).text();
    expect(after).toContain('Het bericht staat opnieuw klaar');
    expect(after).toContain('(opnieuw verstuurd)');
    await deliver();
    const all = hits('/pages/log');
    expect(all).toHaveLength(3);
    expect(all[2]?.body).toBe(all[1]?.body);
    expect(all[2]?.headers['vervolg-webhook-id']).toBe(all[1]?.headers['vervolg-webhook-id']);
    const done = await (await admin.get(`${listPath()}/${id}/deliveries?lang=en`)).text();
    expect(done.match(/>Delivered</g)?.length).toBe(2);
  });

  it('refuses a test event and sending again while the endpoint is paused', async () => {
    const { id, admin } = await registerThroughForm('/pages/paused');
    const saved = await admin.post(`${listPath()}/${id}`, { url: `${baseUrl}/pages/paused`, events: ['agreement.signed'], description: '' });
    expect(saved.status).toBe(303);
    const test = await admin.post(`${listPath()}/${id}/test`, {});
    expect(test.status).toBe(409);
    expect(await test.text()).toContain('De webhook is gepauzeerd.');
  });
});

describe('changing and deleting', () => {
  it('changes the URL, events and description; refuses a bad URL beside its field; deletes after a confirmation step', async () => {
    const { id, admin } = await registerThroughForm('/pages/edit');
    const path = `${listPath()}/${id}`;
    const bad = await admin.post(path, { url: 'koppeling', events: ['agreement.completed'], description: 'Nieuw', active: 'yes' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Vul een volledig webadres in, dat begint met https://.');
    expect(badHtml).toContain('value="koppeling"');
    expect(badHtml).toContain('value="Nieuw"');

    const good = await admin.post(path, { url: `${baseUrl}/pages/edited`, events: ['agreement.completed', 'aftercare.signal'], description: 'Nieuw', active: 'yes' });
    expect(good.status).toBe(303);
    const got = (await w.call(webhooks.get, { token: w.A.people.admin.token, params: { municipalityId: w.A.id, webhookEndpointId: id } })).json(200);
    expect(got).toMatchObject({ url: `${baseUrl}/pages/edited`, events: ['agreement.completed', 'aftercare.signal'], description: 'Nieuw', active: true });
    expect(await (await admin.get(`${path}?done=saved`)).text()).toContain('De wijzigingen zijn opgeslagen.');

    const confirm = await admin.get(`${path}/delete`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Dit kan niet ongedaan worden gemaakt.');
    const deleted = await admin.post(`${path}/delete`, {});
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get('location')).toContain('done=deleted');
    expect((await admin.get(path)).status).toBe(404);
  });
});

describe('access', () => {
  it('is for admins of the municipality: a case manager gets 403, another municipality 404', async () => {
    const { id } = await registerThroughForm('/pages/access');
    const cm = pageClient(w, w.A.people['case-manager']);
    expect((await cm.get(listPath())).status).toBe(403);
    expect((await cm.get(`${listPath()}/${id}/deliveries`)).status).toBe(403);
    expect((await cm.post(`${listPath()}/${id}/rotate`, {})).status).toBe(403);
    const adminB = pageClient(w, w.B.people.admin);
    expect((await adminB.get(`${listPath()}/${id}`)).status).toBe(404);
    // B's own path with A's endpoint: not found either.
    expect((await adminB.get(`/app/municipalities/${w.B.id}/settings/webhooks/${id}`)).status).toBe(404);
    expect((await adminB.post(`/app/municipalities/${w.B.id}/settings/webhooks/${id}/rotate`, {})).status).toBe(404);
  });

  it('the settings index lists webhooks and the processing log for an admin', async () => {
    const html = await (await pageClient(w, w.A.people.admin).get(`/app/municipalities/${w.A.id}/settings`)).text();
    expect(html).toContain(`href="/app/municipalities/${w.A.id}/settings/webhooks"`);
    expect(html).toContain(`href="/app/municipalities/${w.A.id}/settings/processing-log"`);
  });
});

describe('the API: secret rotations and redeliveries', () => {
  async function endpoint(path: string) {
    return (
      await w.call(webhooks.create, { token: w.A.people.admin.token, params: { municipalityId: w.A.id }, json: { url: `${baseUrl}${path}`, events: ['agreement.signed'] } })
    ).json(201);
  }

  it('rotates: 201 with the new secret once; the old one no longer signs; another municipality gets 404', async () => {
    const e = await endpoint('/api/rotate');
    const res = await w.call(webhooks.rotateSecret, { token: w.A.people.admin.token, params: { municipalityId: w.A.id, webhookEndpointId: e.id } });
    const rotated = res.json(201);
    expect(rotated.secret).toMatch(SECRET);
    expect(rotated.secret).not.toBe(e.secret);
    expect(rotated.webhookEndpointId).toBe(e.id);
    const get = await w.request('GET', `/v1/municipalities/${w.A.id}/webhook-endpoints/${e.id}`, { token: w.A.people.admin.token });
    expect(await get.text()).not.toContain(rotated.secret);

    const ping = await w.call(webhooks.test, { token: w.A.people.admin.token, params: { municipalityId: w.A.id, webhookEndpointId: e.id } });
    ping.json(202);
    await deliver();
    const got = hits('/api/rotate').at(-1);
    expect(await verifyWebhookSignature(rotated.secret, got?.headers['vervolg-signature'] as string, got?.body as string)).toBe(true);
    expect(await verifyWebhookSignature(e.secret, got?.headers['vervolg-signature'] as string, got?.body as string)).toBe(false);

    const asB = await w.request('POST', `/v1/municipalities/${w.B.id}/webhook-endpoints/${e.id}/secret-rotations`, { token: w.B.people.admin.token });
    expect(asB.status).toBe(404);
    const cm = await w.request('POST', `/v1/municipalities/${w.A.id}/webhook-endpoints/${e.id}/secret-rotations`, { token: w.A.people['case-manager'].token });
    expect(cm.status).toBe(403);
  });

  it('redelivers: 202 with a new delivery of the same event; 409 while pending; 404 for another municipality or endpoint', async () => {
    const e = await endpoint('/api/redeliver');
    const other = await endpoint('/api/other');
    const ping = (await w.call(webhooks.test, { token: w.A.people.admin.token, params: { municipalityId: w.A.id, webhookEndpointId: e.id } })).json(202);
    const pending = await w.call(webhooks.redeliver, { token: w.A.people.admin.token, params: { municipalityId: w.A.id, webhookEndpointId: e.id, deliveryId: ping.id } });
    expect(pending.status).toBe(409);
    await deliver();
    const res = await w.call(webhooks.redeliver, { token: w.A.people.admin.token, params: { municipalityId: w.A.id, webhookEndpointId: e.id, deliveryId: ping.id } });
    const again = res.json(202);
    expect(again).toMatchObject({ eventId: ping.eventId, eventType: 'ping', status: 'pending', attempts: 0, redeliveryOf: ping.id });
    expect(again.id).not.toBe(ping.id);
    await deliver();
    const got = hits('/api/redeliver');
    expect(got).toHaveLength(2);
    expect(got[1]?.headers['vervolg-webhook-id']).toBe(ping.eventId);

    const wrongEndpoint = await w.request('POST', `/v1/municipalities/${w.A.id}/webhook-endpoints/${other.id}/deliveries/${ping.id}/redeliveries`, { token: w.A.people.admin.token });
    expect(wrongEndpoint.status).toBe(404);
    const asB = await w.request('POST', `/v1/municipalities/${w.B.id}/webhook-endpoints/${e.id}/deliveries/${ping.id}/redeliveries`, { token: w.B.people.admin.token });
    expect(asB.status).toBe(404);
    const log = (await w.call(webhooks.deliveries, { token: w.A.people.admin.token, params: { municipalityId: w.A.id, webhookEndpointId: e.id }, query: {} })).json(200);
    expect(log.items.map((d) => d.redeliveryOf)).toEqual([ping.id, null]);
  });
});

describe('a strict deployment (no private targets)', () => {
  let strict: World;
  beforeAll(async () => {
    strict = await createWorld();
  });
  afterAll(async () => strict?.close());

  it('refuses a private address beside the field with the API’s reason, as the API does', async () => {
    const admin = pageClient(strict, strict.A.people.admin);
    const res = await admin.post(`/app/municipalities/${strict.A.id}/settings/webhooks/new`, { url: 'http://127.0.0.1:8080/hooks', events: ['agreement.signed'] });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('De server 127.0.0.1 is geen openbaar adres (loopback). Webhooks gaan alleen naar openbare adressen.');
    expect(html).toContain('value="http://127.0.0.1:8080/hooks"');
    const api = await strict.request('POST', `/v1/municipalities/${strict.A.id}/webhook-endpoints`, { token: strict.A.people.admin.token, body: { url: 'http://127.0.0.1:8080/hooks', events: ['agreement.signed'] } });
    expect(api.status).toBe(400);
    expect(JSON.stringify(await api.json())).toContain('The host 127.0.0.1 is not a public address (loopback)');
  });
});
