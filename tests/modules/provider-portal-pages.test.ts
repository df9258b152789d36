// The provider portal in the staff app (issue 14): /app sends provider staff to their provider,
// the shell shows the provider's name and menu (no municipality's theme), and the pages — contracts
// (read-only), API keys (the secret once), staff (invite, roles, remove) and the provider's own
// indicators (the dashboard's suppression) — each do what their API operation does, for the
// provider in the path only. Plain HTTP, no JavaScript (pageClient).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as indicatorRoutes } from '../../src/modules/indicators/routes.js';
import { insertContract } from '../support/contracts.js';
import { loadOutcomes } from '../support/outcomes.js';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let contractA: string;
let contractB: string;
const portal = (providerId: string) => `/app/providers/${providerId}`;

beforeAll(async () => {
  w = await createWorld();
  contractA = (
    await insertContract(w.db, {
      tenantId: w.A.id,
      providerId: w.P1.id,
      reference: 'P1-ALPHA-2025',
      startDate: '2025-01-01',
      endDate: '2027-12-31',
      targets: [{ indicator: 'dropout', comparator: 'at-most', value: 25, periodStart: '2025-01-01', periodEnd: '2025-12-31' }],
    })
  ).id;
  // P2's contract with B: P1's admin must never see it.
  contractB = (await insertContract(w.db, { tenantId: w.B.id, providerId: w.P2.id, reference: 'P2-BETA-2025' })).id;
  // A draft of A with P1: the municipality's, not yet the provider's.
  await insertContract(w.db, { tenantId: w.A.id, providerId: w.P1.id, reference: 'P1-ALPHA-DRAFT', status: 'draft' });
  // P1's outcomes in A: 12 ended trajectories in category 45 (4 dropped out), 2 in category 43.
  const ended = (i: number, category: string, dropout: boolean) => ({
    providerId: w.P1.id,
    contractId: contractA,
    clientReference: `client-${category}-${i}`,
    productCategory: category,
    startDate: '2024-06-01',
    endDate: '2025-03-15',
    endReason: dropout ? '32' : '31',
  });
  await loadOutcomes(w.db, w.A.id, [...Array.from({ length: 12 }, (_, i) => ended(i, '45', i < 4)), ended(0, '43', false), ended(1, '43', true)]);
});
afterAll(async () => w?.close());

describe('where provider staff land, and the shell around them', () => {
  it('/app sends provider staff (admin or not) to their provider; its home goes on to the contracts', async () => {
    for (const person of [w.P1.admin, w.P1.staff]) {
      const client = pageClient(w, person);
      const res = await client.get('/app');
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(portal(w.P1.id));
      const home = await client.get(portal(w.P1.id));
      expect(home.status).toBe(303);
      expect(home.headers.get('location')).toBe(`${portal(w.P1.id)}/contracts`);
    }
  });

  it('a person who works for a municipality and a provider chooses between them; the chooser lists both', async () => {
    const both = await w.person('both', { municipalities: [{ id: w.A.id, roles: ['analyst'] }], providers: [{ id: w.P1.id, roles: ['staff'] }] });
    const client = pageClient(w, both);
    const res = await client.get('/app');
    expect(res.headers.get('location')).toBe('/app/municipalities');
    const html = await (await client.get('/app/municipalities')).text();
    expect(html).toContain('Kies waar u werkt');
    expect(html).toContain(`href="/app/municipalities/${w.A.id}/indicators"`);
    expect(html).toContain(`href="${portal(w.P1.id)}"`);
    expect(html).toContain('Zorgaanbieder P1');
    // In the portal, the way back to the chooser is in the menu.
    const page = await (await client.get(`${portal(w.P1.id)}/contracts`)).text();
    expect(page).toContain('Andere werkplek');
  });

  it('the portal shows the provider’s name and its menu (keys and staff for admins only), with no municipality’s theme', async () => {
    const admin = await (await pageClient(w, w.P1.admin).get(`${portal(w.P1.id)}/contracts`)).text();
    expect(admin).toContain('<span>Zorgaanbieder P1</span>');
    for (const item of ['contracts', 'outcomes', 'indicators', 'api-keys', 'members']) expect(admin).toContain(`href="${portal(w.P1.id)}/${item}"`);
    expect(admin).toContain('Uitkomsten aanleveren');
    expect(admin).toContain('href="/app/account"');
    expect(admin).not.toContain('/assets/themes/');
    expect(admin).toContain(`aria-current="page"`);
    const staff = await (await pageClient(w, w.P1.staff).get(`${portal(w.P1.id)}/contracts`)).text();
    expect(staff).toContain(`href="${portal(w.P1.id)}/indicators"`);
    expect(staff).not.toContain(`href="${portal(w.P1.id)}/api-keys"`);
    expect(staff).not.toContain(`href="${portal(w.P1.id)}/members"`);
  });

  it('the account page keeps the provider’s menu for a person who works there only', async () => {
    const html = await (await pageClient(w, w.P1.staff).get('/app/account')).text();
    expect(html).toContain(`href="${portal(w.P1.id)}/contracts"`);
  });
});

describe('contracts: read-only, every municipality, only their own', () => {
  it('lists the provider’s contracts in force (not the municipality’s drafts, not another provider’s) and shows one’s terms', async () => {
    const client = pageClient(w, w.P1.staff);
    const res = await client.get(`${portal(w.P1.id)}/contracts`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('P1-ALPHA-2025');
    expect(html).toContain('Gemeente Alpha');
    expect(html).not.toContain('P1-ALPHA-DRAFT');
    expect(html).not.toContain('P2-BETA-2025');
    // Read-only: no form in the page itself (the shell's sign-out is the only one).
    expect(/<main[\s\S]*<\/main>/.exec(html)?.[0]).not.toMatch(/<form/);
    const one = await client.get(`${portal(w.P1.id)}/contracts/${contractA}?lang=en`);
    expect(one.status).toBe(200);
    const detail = await one.text();
    expect(detail).toContain('Contract P1-ALPHA-2025');
    expect(detail).toContain('€ 95,00');
    expect(detail).toContain('Dropout');
    expect(detail).toContain('at most 25%');
    expect(detail).toMatch(/1 January 2025 to 31 December 2027/);
  });

  it('another provider’s contract is the 404 page, even by its id', async () => {
    const res = await pageClient(w, w.P1.admin).get(`${portal(w.P1.id)}/contracts/${contractB}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('P2-BETA-2025');
  });
});

describe('API keys (provider admins)', () => {
  it('creates a key with scopes and an expiry, shows it once (never in a URL), then lists it without the secret', async () => {
    const client = pageClient(w, w.P1.admin);
    const form = await client.get(`${portal(w.P1.id)}/api-keys/new`);
    expect(form.status).toBe(200);
    const res = await client.post(`${portal(w.P1.id)}/api-keys/new`, { name: 'Rapportage-koppeling', scopes: ['outcomes:write', 'contracts:read'], expiresOn: '2099-06-30' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const key = /id="new-api-key"[^>]*value="([^"]+)"/.exec(html)?.[1] as string;
    expect(key).toMatch(/^vvk_/);
    expect(html).toContain('enige keer');
    // The key works, with the scopes chosen, until the end of the chosen day (Amsterdam).
    const api = await w.request('GET', `/v1/providers/${w.P1.id}/contracts`, { token: key });
    expect(api.status).toBe(200);
    const stored = await sql<{ expires_at: Date; scopes: string[] }>`select expires_at, scopes from api_keys where name = 'Rapportage-koppeling'`.execute(w.db);
    expect(stored.rows[0]?.expires_at.toISOString()).toBe('2099-06-30T22:00:00.000Z');
    expect([...(stored.rows[0]?.scopes ?? [])].sort()).toEqual(['contracts:read', 'outcomes:write']);
    // Listed: name, scopes, last used (just now, by the call above); the secret never again.
    const list = await (await client.get(`${portal(w.P1.id)}/api-keys`)).text();
    expect(list).toContain('Rapportage-koppeling');
    const row = /<tr[^>]*data-key="[^"]+"><th[^>]*>Rapportage-koppeling<\/th>[\s\S]*?<\/tr>/.exec(list)?.[0] ?? '';
    expect(/<td[^>]*data-last-used[^>]*>([^<]*)</.exec(row)?.[1]).toMatch(/\d{4}/);
    expect(list).toMatch(/<li>Contracten lezen<\/li><li>Uitkomsten aanleveren<\/li>/);
    expect(list).not.toContain(key);
    expect(list).toContain(key.slice(0, 12));
    // P2's keys (by their prefixes) are not on P1's list; P1's own are.
    const prefixes = async (providerId: string) => (await sql<{ prefix: string }>`select prefix from api_keys where provider_id = ${providerId}`.execute(w.db)).rows.map((r) => r.prefix);
    for (const prefix of await prefixes(w.P2.id)) expect(list).not.toContain(prefix);
    for (const prefix of await prefixes(w.P1.id)) expect(list).toContain(prefix);
  });

  it('a refused form comes back with 400, every error beside its field and in the summary, what was typed kept', async () => {
    const client = pageClient(w, w.P1.admin);
    const res = await client.post(`${portal(w.P1.id)}/api-keys/new`, { name: 'Bewaard', expiresOn: '2001-01-01' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Kies minstens één recht.');
    expect(html).toContain('Vul een datum in na vandaag');
    expect(html).toContain('href="#field-scopes"');
    expect(html).toContain('href="#field-expiresOn"');
    expect(html).toContain('value="Bewaard"');
    expect(html).toContain('value="2001-01-01"');
    const empty = await client.post(`${portal(w.P1.id)}/api-keys/new`, { name: '', scopes: 'outcomes:read' });
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('Vul een naam in');
    expect(emptyHtml).toMatch(/value="outcomes:read"[^>]*checked/);
  });

  it('revokes a key after a confirmation step; the key stops working', async () => {
    const client = pageClient(w, w.P1.admin);
    const created = await client.post(`${portal(w.P1.id)}/api-keys/new`, { name: 'Intrekken', scopes: 'contracts:read' });
    const key = /id="new-api-key"[^>]*value="([^"]+)"/.exec(await created.text())?.[1] as string;
    const id = (await sql<{ id: string }>`select id from api_keys where name = 'Intrekken'`.execute(w.db)).rows[0]?.id as string;
    const confirm = await client.get(`${portal(w.P1.id)}/api-keys/${id}/revoke`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Sleutel Intrekken intrekken?');
    const done = await client.post(`${portal(w.P1.id)}/api-keys/${id}/revoke`, {});
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${portal(w.P1.id)}/api-keys?done=revoked`);
    expect((await w.request('GET', `/v1/providers/${w.P1.id}/contracts`, { token: key })).status).toBe(401);
    const list = await (await client.get(`${portal(w.P1.id)}/api-keys?done=revoked`)).text();
    expect(list).toContain('De sleutel is ingetrokken');
    expect(list).toMatch(/ingetrokken op/);
    // Revoked: no second confirmation, no second revoke.
    expect((await client.get(`${portal(w.P1.id)}/api-keys/${id}/revoke`)).status).toBe(404);
    // Another provider's key by its id: the 404 page.
    expect((await client.post(`${portal(w.P1.id)}/api-keys/${w.P2.apiKeyId}/revoke`, {})).status).toBe(404);
  });
});

describe('staff (provider admins)', () => {
  it('lists the staff with their roles, only this provider’s; invites a colleague (pending invitation listed)', async () => {
    const client = pageClient(w, w.P1.admin);
    const list = await (await client.get(`${portal(w.P1.id)}/members`)).text();
    expect(list).toContain('P1-admin');
    expect(list).toContain('P1-staff');
    expect(list).not.toContain('P2-admin');
    const bad = await client.post(`${portal(w.P1.id)}/members/invite`, { email: 'geen-adres' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Vul een geldig e-mailadres in');
    expect(badHtml).toContain('Kies minstens één rol.');
    expect(badHtml).toContain('value="geen-adres"');
    const res = await client.post(`${portal(w.P1.id)}/members/invite`, { email: 'nieuw.p1@zorg.example', roles: 'staff' });
    expect(res.status).toBe(303);
    const after = await (await client.get(`${portal(w.P1.id)}/members?done=invited`)).text();
    expect(after).toContain('De uitnodiging is verstuurd');
    expect(after).toContain('nieuw.p1@zorg.example');
    const mail = await w.db.selectFrom('outbox').select(['subject']).where('recipient', '=', 'nieuw.p1@zorg.example').execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toContain('Zorgaanbieder P1');
  });

  it('changes roles and removes a member; the last admin is kept (409, said plainly)', async () => {
    const extra = await w.person('p1-extra', { providers: [{ id: w.P1.id, roles: ['staff'] }] });
    const client = pageClient(w, w.P1.admin);
    const url = `${portal(w.P1.id)}/members/${extra.userId}`;
    const saved = await client.post(url, { roles: ['admin', 'staff'] });
    expect(saved.status).toBe(303);
    expect(await (await client.get(`${url}?done=roles`)).text()).toContain('beheerder, medewerker');
    const none = await client.post(url, {});
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('Kies minstens één rol.');
    // Removing the extra admin is fine; then P1's admin is the last admin again.
    expect((await client.get(`${url}/remove`)).status).toBe(200);
    const removed = await client.post(`${url}/remove`, {});
    expect(removed.status).toBe(303);
    expect(removed.headers.get('location')).toBe(`${portal(w.P1.id)}/members?done=removed`);
    const last = await client.post(`${portal(w.P1.id)}/members/${w.P1.admin.userId}`, { roles: 'staff' });
    expect(last.status).toBe(409);
    expect(await last.text()).toContain('altijd minstens één beheerder');
    const lastRemove = await client.post(`${portal(w.P1.id)}/members/${w.P1.admin.userId}/remove`, {});
    expect(lastRemove.status).toBe(409);
  });

  it('the API operations behind the pages: updateProviderMember and removeProviderMember, for admins of the provider only', async () => {
    const extra = await w.person('p1-api', { providers: [{ id: w.P1.id, roles: ['staff'] }] });
    const path = `/v1/providers/${w.P1.id}/members/${extra.userId}`;
    expect((await w.request('PATCH', path, { token: w.P1.staff.token, body: { roles: ['admin'] } })).status).toBe(403);
    expect((await w.request('PATCH', path, { token: w.P2.admin.token, body: { roles: ['admin'] } })).status).toBe(404);
    const ok = await w.request('PATCH', path, { token: w.P1.admin.token, body: { roles: ['admin'] } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { roles: string[] }).roles).toEqual(['admin']);
    expect((await w.request('DELETE', path, { token: w.P1.admin.token })).status).toBe(204);
    expect((await w.request('DELETE', path, { token: w.P1.admin.token })).status).toBe(404);
  });
});

describe('indicators: their own, per municipality, with the dashboard’s suppression', () => {
  it('shows the same figures as getProviderIndicators, small numbers suppressed', async () => {
    const api = (await w.call(indicatorRoutes.providerView, { token: w.P1.staff.token, params: { providerId: w.P1.id, municipalityId: w.A.id }, query: { period: '2025-H1' } })).json(200);
    const total = api.groups.find((g) => g.level === 'provider');
    const dropout = total?.figures.find((f) => f.indicator === 'dropout');
    expect(dropout?.suppressed).toBe(false);
    const small = api.groups.find((g) => g.level === 'category' && g.productCategory === '43')?.figures.find((f) => f.indicator === 'dropout');
    expect(small?.suppressed).toBe(true);
    const res = await pageClient(w, w.P1.staff).get(`${portal(w.P1.id)}/indicators?municipality=${w.A.id}&period=2025-H1`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const shown = `${Number(dropout?.value).toLocaleString('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
    expect(html).toContain(shown);
    expect(html).toContain('te weinig jongeren');
    expect(html).toContain('Gemeente: Gemeente Alpha');
    expect(html).toContain('hoogstens 25,0%');
    // The municipality's total is not the provider's to see.
    expect(html).not.toContain('Hele gemeente');
  });

  it('a municipality the provider does not work with is not chosen (falls back to its own)', async () => {
    const html = await (await pageClient(w, w.P1.staff).get(`${portal(w.P1.id)}/indicators?municipality=${w.B.id}&period=2025-H1`)).text();
    expect(html).toContain('Gemeente: Gemeente Alpha');
    expect(html).not.toContain('Gemeente Beta');
  });
});
