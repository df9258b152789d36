// The municipality's care providers in the staff app, through plain HTTP as a browser without
// JavaScript sends it: the list with register details and contract counts, the search of the
// platform's register by name, AGB code and KvK number, adding a relation (303 back with a message),
// one provider's page with its contracts (linked) and its figures against the contract targets,
// ending a relation (refused while contracts run), access as the API's, bad input as 400 pages,
// and the `q` search of GET /v1/providers the page uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inAppTransaction } from '../../src/platform/db/database.js';
import { uuidv7 } from '../../src/platform/crypto.js';
import { insertContract } from '../support/contracts.js';
import { type TrajectoryInput, loadOutcomes } from '../support/outcomes.js';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let brug: string;
let anker: string;
let active: string;
let ended: string;

const base = (id: string) => `/app/municipalities/${id}`;
const list = () => `${base(w.A.id)}/providers`;

async function registerProvider(name: string, agb: string, kvk: string): Promise<string> {
  const id = uuidv7();
  await inAppTransaction(w.db, async (trx) => {
    await trx.insertInto('providers').values({ id, name, agb_code: agb, kvk_number: kvk }).execute();
  });
  return id;
}

beforeAll(async () => {
  w = await createWorld();
  brug = await registerProvider('Jeugdzorg De Brug', '33445566', '77889900');
  anker = await registerProvider('Stichting Het Anker', '55443322', '99887766');
  // P1 works with A: one active contract with targets, one that has ended.
  active = (
    await insertContract(w.db, {
      tenantId: w.A.id,
      providerId: w.P1.id,
      reference: 'PRV-ACTIVE',
      startDate: '2025-01-01',
      endDate: '2026-12-31',
      products: [{ productCategory: '45' }, { productCategory: '43' }],
      targets: [{ indicator: 'dropout', comparator: 'at-most', value: 40, periodStart: '2025-01-01', periodEnd: '2025-12-31' }],
    })
  ).id;
  ended = (await insertContract(w.db, { tenantId: w.A.id, providerId: w.P1.id, reference: 'PRV-ENDED', status: 'ended', startDate: '2023-01-01', endDate: '2024-12-31' })).id;
  // B's contract with P2: never seen from A.
  await insertContract(w.db, { tenantId: w.B.id, providerId: w.P2.id, reference: 'PRV-B' });
  const t = (client: string, cat: string, end: string, reason: string, score?: number): TrajectoryInput => ({
    providerId: w.P1.id,
    contractId: active,
    clientReference: client,
    productCategory: cat,
    startDate: '2024-06-01',
    endDate: end,
    endReason: reason,
    measurements: score ? [{ kind: 'satisfaction', score }] : [],
  });
  await loadOutcomes(w.db, w.A.id, [
    t('c1', '45', '2025-02-10', '32', 8),
    t('c2', '45', '2025-03-01', '31', 9),
    t('c3', '45', '2025-04-15', '31', 7),
    t('c4', '45', '2025-05-31', '34', 10),
    t('c5', '45', '2025-06-30', '32', 6),
    t('c6', '45', '2025-01-05', '31', 8),
    t('d1', '43', '2025-03-10', '31'),
    t('d2', '43', '2025-04-10', '32'),
  ]);
});
afterAll(async () => w?.close());

const logOf = (actorId: string, operation: string) =>
  w.db.selectFrom('processing_log').select(['operation', 'action', 'subject_type', 'subject_id', 'tenant_id']).where('actor_id', '=', actorId).where('operation', '=', operation).execute();

describe('the providers list', () => {
  it('shows the providers the municipality works with: name, AGB code, KvK number, contracts and active contracts; in the staff shell', async () => {
    const res = await pageClient(w, w.A.people['contract-manager']).get(list());
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1 class="utrecht-heading-1">Zorgaanbieders</h1>');
    const row = html.slice(html.indexOf(`<tr class="utrecht-table__row" data-provider="${w.P1.id}">`), html.indexOf('</tr>', html.indexOf(`data-provider="${w.P1.id}"`)));
    expect(row).toContain(`href="${list()}/${w.P1.id}"`);
    expect(row).toContain('Zorgaanbieder P1');
    expect(row).toContain('<td class="utrecht-table__cell">11111111</td>');
    // Two contracts, one of them active.
    expect(row).toMatch(/>2<\/td><td class="utrecht-table__cell utrecht-table__cell--numeric">1<\/td>/);
    // The menu names the page, marked current.
    expect(html).toContain(`href="${list()}" aria-current="page">Zorgaanbieders</a>`);
    // Another municipality's relation is invisible.
    expect(html).not.toContain('Zorgaanbieder P2');
    expect(html).not.toContain(w.P2.id);
  });

  it('in English', async () => {
    const html = await (await pageClient(w, w.A.people['contract-manager']).get(`${list()}?lang=en`)).text();
    expect(html).toContain('<h1 class="utrecht-heading-1">Care providers</h1>');
    expect(html).toContain('Active contracts');
    expect(html).toContain('Find a care provider in the register');
    expect(html).toContain('<input type="hidden" name="lang" value="en"/>');
    expect(html).toContain('>Providers</a>');
  });
});

describe('searching the register', () => {
  const search = async (q: string, lang = '') => {
    const res = await pageClient(w, w.A.people['contract-manager']).get(`${list()}?q=${encodeURIComponent(q)}${lang}`);
    return { status: res.status, html: await res.text() };
  };
  const results = (html: string) => (html.includes('id="register"') ? html.slice(html.indexOf('id="register"'), html.indexOf('</table>', html.indexOf('id="register"'))) : '');

  it('by part of the name, case-insensitive: an add button per provider not yet related', async () => {
    const { status, html } = await search('brug');
    expect(status).toBe(200);
    expect(html).toContain('1 zorgaanbieder gevonden voor “brug”');
    const found = results(html);
    expect(found).toContain('Jeugdzorg De Brug');
    expect(found).toContain('33445566');
    expect(found).toContain('77889900');
    expect(found).not.toContain('Het Anker');
    expect(found).toContain(`<form method="post" action="${list()}?q=brug"><input type="hidden" name="providerId" value="${brug}"/>`);
    expect(found).toContain('aria-label="Jeugdzorg De Brug toevoegen als relatie"');
    // What was typed stays in the field.
    expect(html).toMatch(/<input class="utrecht-textbox utrecht-textbox--html-input" type="search" id="field-q" name="q"[^>]* value="brug"/);
  });

  it('by the AGB code (its start), and by the KvK number', async () => {
    const byAgb = results((await search('3344')).html);
    expect(byAgb).toContain('Jeugdzorg De Brug');
    expect(byAgb).not.toContain('Het Anker');
    const byFullAgb = results((await search('55443322')).html);
    expect(byFullAgb).toContain('Stichting Het Anker');
    expect(byFullAgb).not.toContain('De Brug');
    const byKvk = results((await search('99887766')).html);
    expect(byKvk).toContain('Stichting Het Anker');
    expect(byKvk).not.toContain('De Brug');
  });

  it('a provider the municipality already works with is marked, not offered again; nothing found says so', async () => {
    const found = results((await search('Zorgaanbieder')).html);
    const p1 = found.slice(found.indexOf(`data-provider="${w.P1.id}"`));
    expect(p1.slice(0, p1.indexOf('</tr>'))).toContain('Werkt al met uw gemeente');
    expect(p1.slice(0, p1.indexOf('</tr>'))).not.toContain('name="providerId"');
    // The register is the platform's: P2 (B's) is found, and may be added.
    expect(found).toContain(`value="${w.P2.id}"`);
    const none = await search('Bestaat Niet');
    expect(none.status).toBe(200);
    expect(none.html).toContain('Geen zorgaanbieder gevonden voor “Bestaat Niet”');
  });

  it('refuses a search too short or too long: 400, the error beside the field and in the summary, typed kept', async () => {
    for (const q of ['x', 'y'.repeat(101)]) {
      const { status, html } = await search(q);
      expect(status, q).toBe(400);
      expect(html).toContain('class="utrecht-alert utrecht-alert--error vv-error-summary"');
      expect(html).toContain('<a class="utrecht-link" href="#field-q">Naam, AGB-code of KvK-nummer: Vul minstens 2 en hoogstens 100 tekens in.</a>');
      expect(html).toContain('<div class="utrecht-form-field-error-message" id="field-q-error">Vul minstens 2 en hoogstens 100 tekens in.</div>');
      expect(html).toContain(`value="${q}"`);
      expect(html).not.toContain('id="register"');
    }
    const en = await search('x', '&lang=en');
    expect(en.status).toBe(400);
    expect(en.html).toContain('Type at least 2 and at most 100 characters.');
  });

  it('a bad page number is a 400 page, not a 500', async () => {
    const res = await pageClient(w, w.A.people['contract-manager']).get(`${list()}?page=abc`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('Het paginanummer klopt niet.');
  });

  it('the API searches the same way (q on GET /v1/providers)', async () => {
    const token = w.A.people['contract-manager'].token;
    const byName = (await (await w.request('GET', '/v1/providers?q=anker', { token })).json()) as { items: { id: string }[] };
    expect(byName.items.map((p) => p.id)).toEqual([anker]);
    const byKvk = (await (await w.request('GET', '/v1/providers?q=7788', { token })).json()) as { items: { id: string }[] };
    expect(byKvk.items.map((p) => p.id)).toEqual([brug]);
    const short = await w.request('GET', '/v1/providers?q=a', { token });
    expect(short.status).toBe(400);
    expect(JSON.stringify(await short.json())).toContain('query.q');
  });
});

describe('adding a relation', () => {
  it('a contract manager adds a provider found in the register: 303 back to the search with a message; logged as the API', async () => {
    const cm = w.A.people['contract-manager'];
    const client = pageClient(w, cm);
    const res = await client.post(`${list()}?q=brug`, { providerId: brug });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toBe(`${list()}?q=brug&done=added&provider=${brug}`);
    const html = await (await client.get(location)).text();
    expect(html).toContain('Jeugdzorg De Brug is toegevoegd: uw gemeente werkt nu met deze zorgaanbieder.');
    // Now in the list (no contracts yet), and marked in the search results.
    const row = html.slice(html.indexOf(`data-provider="${brug}"`));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain(`href="${list()}/${brug}"`);
    const results = html.slice(html.indexOf('id="register"'));
    const marked = results.slice(results.indexOf(`data-provider="${brug}"`));
    expect(marked.slice(0, marked.indexOf('</tr>'))).toContain('Werkt al met uw gemeente');
    const relation = await w.db.selectFrom('provider_relations').selectAll().where('tenant_id', '=', w.A.id).where('provider_id', '=', brug).execute();
    expect(relation).toHaveLength(1);
    expect(await logOf(cm.userId, 'addMunicipalityProvider')).toContainEqual(expect.objectContaining({ action: 'create', subject_type: 'provider', subject_id: brug, tenant_id: w.A.id }));
    // Adding again says it already was a relation.
    const again = await client.post(list(), { providerId: brug });
    expect(again.headers.get('location')).toBe(`${list()}?done=already&provider=${brug}`);
  });

  it('refuses a provider id that is no id (400 page), and one the register does not know (404 page)', async () => {
    const client = pageClient(w, w.A.people.admin);
    const bad = await client.post(list(), { providerId: 'not-an-id' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/text\/html/);
    const unknown = await client.post(list(), { providerId: uuidv7() });
    expect(unknown.status).toBe(404);
  });

  it('a case manager may read the list and search, but not add: no add buttons, and the POST is a 403 page', async () => {
    const client = pageClient(w, w.A.people['case-manager']);
    const read = await client.get(`${list()}?q=anker`);
    expect(read.status).toBe(200);
    const html = await read.text();
    expect(html).toContain('Zorgaanbieder P1');
    expect(html).toContain('Stichting Het Anker');
    expect(html).not.toContain('name="providerId"');
    expect(html).toContain('Alleen een beheerder of contractmanager kan een zorgaanbieder toevoegen.');
    const add = await client.post(list(), { providerId: anker });
    expect(add.status).toBe(403);
    expect(add.headers.get('content-type')).toMatch(/text\/html/);
    expect(await add.text()).toContain('Geen toegang');
    const relation = await w.db.selectFrom('provider_relations').selectAll().where('tenant_id', '=', w.A.id).where('provider_id', '=', anker).execute();
    expect(relation).toHaveLength(0);
  });
});

describe("one provider's page", () => {
  const page = (providerId: string, query = '') => `${list()}/${providerId}${query}`;

  it('shows its details, its contracts with this municipality (linked), and its figures against the contract targets', async () => {
    const res = await pageClient(w, w.A.people.analyst).get(page(w.P1.id, '?period=2025-H1&asOf=2026-06-01'));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1 class="utrecht-heading-1">Zorgaanbieder P1</h1>');
    expect(html).toContain('<dd class="utrecht-data-list__item-value">11111111</dd>');
    // Contracts, newest first, each linked to its page, with status and period in words.
    const contracts = html.slice(html.indexOf('id="contracts"'), html.indexOf('</table>', html.indexOf('id="contracts"')));
    expect(contracts).toContain(`<a class="utrecht-link" href="${base(w.A.id)}/contracts/${active}">PRV-ACTIVE</a>`);
    expect(contracts).toContain(`<a class="utrecht-link" href="${base(w.A.id)}/contracts/${ended}">PRV-ENDED</a>`);
    expect(contracts).toContain('actief');
    expect(contracts).toContain('beëindigd');
    expect(contracts).toContain('1 januari 2025 – 31 december 2026');
    expect(contracts).not.toContain('PRV-B');
    // Figures: dropout 37,5% of 8, target at most 40% from PRV-ACTIVE (linked), met.
    const figures = html.slice(html.indexOf('id="provider-figures"'), html.indexOf('</table>', html.indexOf('id="provider-figures"')));
    const dropout = figures.slice(figures.indexOf('data-indicator="dropout"'), figures.indexOf('</tr>', figures.indexOf('data-indicator="dropout"')));
    expect(dropout).toContain('<td class="num">37,5%</td><td class="num">8</td>');
    expect(dropout).toContain(`hoogstens 40,0% <span class="vv-target-contract">(<a class="utrecht-link" href="${base(w.A.id)}/contracts/${active}" data-contract="${active}">contract PRV-ACTIVE</a>)</span>`);
    expect(dropout).toContain('✓ gehaald');
    // A figure resting on too few young people is suppressed, as on the dashboard.
    const followUp = figures.slice(figures.indexOf('data-indicator="can-continue-without-help"'), figures.indexOf('</tr>', figures.indexOf('data-indicator="can-continue-without-help"')));
    expect(followUp).toContain('te weinig jongeren');
    expect(html).toContain('<option value="2025-H1" selected="">Eerste helft 2025</option>');
    // An analyst reads, but may not end the relation.
    expect(html).not.toContain('/remove');
  });

  it('in English, with the figures the API gives for the same provider', async () => {
    const html = await (await pageClient(w, w.A.people['contract-manager']).get(page(w.P1.id, '?period=2025-H1&asOf=2026-06-01&lang=en'))).text();
    expect(html).toContain('Contracts with your municipality');
    expect(html).toContain('37.5%');
    expect(html).toContain(`href="${base(w.A.id)}/contracts/${active}?lang=en"`);
    expect(html).toContain(`href="${page(w.P1.id)}/remove?lang=en"`);
    const api = (await (await w.request('GET', `/v1/municipalities/${w.A.id}/indicators?period=2025-H1&asOf=2026-06-01&providerId=${w.P1.id}`, { token: w.A.people.analyst.token })).json()) as {
      groups: { level: string; figures: { indicator: string; value: number | null }[] }[];
    };
    expect(api.groups.find((g) => g.level === 'provider')?.figures.find((f) => f.indicator === 'dropout')?.value).toBe(37.5);
  });

  it("another municipality's provider relation is invisible: a 404 page, from either side", async () => {
    // P2 works with B, not with A.
    const fromA = await pageClient(w, w.A.people.admin).get(page(w.P2.id));
    expect(fromA.status).toBe(404);
    expect(await fromA.text()).not.toContain('Zorgaanbieder P2');
    const fromB = await pageClient(w, w.B.people.admin).get(page(w.P1.id));
    expect(fromB.status).toBe(404);
    expect(await fromB.text()).not.toContain('PRV-ACTIVE');
    // A provider in the register that A does not work with: 404 too.
    expect((await pageClient(w, w.A.people.admin).get(page(anker))).status).toBe(404);
  });

  it('a bad period is a 400 page that says what to fix', async () => {
    const res = await pageClient(w, w.A.people.analyst).get(page(w.P1.id, '?period=2025-H9'));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('half-year');
  });
});

describe('ending a relation', () => {
  it('is refused with a clear message while a contract has not ended', async () => {
    const client = pageClient(w, w.A.people['contract-manager']);
    const confirm = await client.get(`${list()}/${w.P1.id}/remove`);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain('Relatie met Zorgaanbieder P1 beëindigen?');
    expect(html).toContain(`action="${list()}/${w.P1.id}/remove"`);
    const refused = await client.post(`${list()}/${w.P1.id}/remove`, {});
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('uw gemeente heeft met deze zorgaanbieder een contract dat nog niet is beëindigd');
    expect(await w.db.selectFrom('provider_relations').selectAll().where('tenant_id', '=', w.A.id).where('provider_id', '=', w.P1.id).execute()).toHaveLength(1);
    // The API refuses the same way.
    const api = await w.request('DELETE', `/v1/municipalities/${w.A.id}/providers/${w.P1.id}`, { token: w.A.people.admin.token });
    expect(api.status).toBe(409);
    expect(((await api.json()) as { type: string }).type).toContain('has-contracts');
  });

  it('a provider without running contracts: confirmed, removed, 303 to the list with a message; a case manager may not', async () => {
    const admin = w.A.people.admin;
    const client = pageClient(w, admin);
    expect((await client.post(list(), { providerId: anker })).status).toBe(303);
    const cm = pageClient(w, w.A.people['case-manager']);
    expect((await cm.get(`${list()}/${anker}/remove`)).status).toBe(403);
    expect((await cm.post(`${list()}/${anker}/remove`, {})).status).toBe(403);
    const res = await client.post(`${list()}/${anker}/remove`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${list()}?done=removed&provider=${anker}`);
    const html = await (await client.get(res.headers.get('location') ?? '')).text();
    expect(html).toContain('Uw gemeente werkt niet meer met Stichting Het Anker.');
    expect(html).not.toContain(`href="${list()}/${anker}"`);
    expect(await logOf(admin.userId, 'removeMunicipalityProvider')).toContainEqual(expect.objectContaining({ action: 'delete', tenant_id: w.A.id }));
  });
});
