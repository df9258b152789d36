// The contract pages through plain HTTP (no JavaScript): a contract manager creates a draft with two
// products and their tariff periods, gets an overlap refused with both rows marked and what was
// typed kept, adds rows without losing anything, activates, amends, reads the contract as it stood
// before, books against a budget; a case manager gets the 403 page and another municipality the 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as contracts } from '../../src/modules/contracts/routes.js';
import { municipalityHome } from '../../src/modules/workspace/service.js';
import { contractTerms } from '../support/contracts.js';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
const base = () => `/app/municipalities/${w.A.id}/contracts`;
/** The PDF service failing, as an unreachable PDF Worker would. */
let pdfDown = false;

beforeAll(async () => {
  w = await createWorld({
    pdf: (inProcess) => ({ ...inProcess, contractSummary: (summary, now) => (pdfDown ? Promise.reject(new Error('the PDF Worker is down')) : inProcess.contractSummary(summary, now)) }),
  });
});
afterAll(async () => w?.close());

/** The form as a person fills it in: two products, the first with two tariff periods. */
function filled(reference: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'rows.products': '2',
    'rows.tariffs.0': '2',
    'rows.tariffs.1': '2',
    'rows.budgets': '2',
    'rows.targets': '1',
    providerId: w.P1.id,
    reference,
    legalFramework: 'jeugdwet',
    startDate: '2027-01-01',
    endDate: '2028-12-31',
    noticePeriodMonths: '6',
    noticeAlertDays: '60',
    renewal: 'none',
    renewalMonths: '',
    'products.0.productCategory': '45',
    'products.0.productCode': '45A11',
    'products.0.name': 'Ambulante nazorg 18+',
    'products.0.executionVariant': 'effort',
    'products.0.unit': '04',
    'products.0.frequency': '2',
    'products.0.tariffs.0.amountCents': '95,00',
    'products.0.tariffs.0.validFrom': '2027-01-01',
    'products.0.tariffs.0.validTo': '2027-12-31',
    'products.0.tariffs.1.amountCents': '98,50',
    'products.0.tariffs.1.validFrom': '2028-01-01',
    'products.0.tariffs.1.validTo': '2028-12-31',
    'products.1.productCategory': '44',
    'products.1.productCode': '',
    'products.1.name': 'Kamertraining',
    'products.1.executionVariant': 'output',
    'products.1.unit': '82',
    'products.1.frequency': '4',
    'products.1.tariffs.0.amountCents': '1.850,00',
    'products.1.tariffs.0.validFrom': '2027-01-01',
    'products.1.tariffs.0.validTo': '2028-12-31',
    'products.1.tariffs.1.amountCents': '',
    'products.1.tariffs.1.validFrom': '',
    'products.1.tariffs.1.validTo': '',
    'budgets.0.year': '2027',
    'budgets.0.ceilingCents': '10.000,00',
    'budgets.0.warningPercent': '80',
    'budgets.1.year': '',
    'budgets.1.ceilingCents': '',
    'budgets.1.warningPercent': '80',
    'targets.0.indicator': 'dropout',
    'targets.0.comparator': 'at-most',
    'targets.0.value': '10',
    'targets.0.periodStart': '2027-01-01',
    'targets.0.periodEnd': '2027-12-31',
    ...overrides,
  };
}

const idOf = (location: string) => /\/contracts\/([0-9a-f-]{36})/.exec(location)?.[1] as string;

describe('the contract pages', () => {
  it('the list and the empty form open for a contract manager, with the menu item; a contract manager without case work starts at the contracts', async () => {
    const cm = pageClient(w, w.A.people['contract-manager']);
    const list = await cm.get(base());
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('Contracten');
    expect(html).toContain(`href="${base()}"`);
    const form = await cm.get(`${base()}/new`);
    expect(form.status).toBe(200);
    const f = await form.text();
    expect(f).toContain('Zorgaanbieder P1');
    expect(f).not.toContain('Zorgaanbieder P2');
    expect(municipalityHome({ municipalityId: w.A.id, municipalityName: 'A', roles: ['contract-manager'] })).toBe(base());
    expect(municipalityHome({ municipalityId: w.A.id, municipalityName: 'A', roles: ['contract-manager', 'case-manager'] })).toMatch(/\/agreements$/);
    const home = await cm.get('/app');
    expect(home.headers.get('location')).toContain('/contracts');
  });

  it('"add a row" brings the form back with one more tariff period, keeping what was typed; nothing is saved', async () => {
    const cm = pageClient(w, w.A.people['contract-manager']);
    const res = await cm.post(`${base()}/new`, { ...filled('JZ-ROWS'), add: 'tariff.0' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="products.0.tariffs.2.amountCents"');
    expect(html).not.toContain('name="products.1.tariffs.2.amountCents"');
    expect(html).toContain('value="98,50"');
    expect(html).toContain('value="JZ-ROWS"');
    const product = await cm.post(`${base()}/new`, { ...filled('JZ-ROWS'), add: 'product' });
    expect(await product.text()).toContain('name="products.2.name"');
    const list = await (await cm.get(base())).text();
    expect(list).not.toContain('JZ-ROWS');
  });

  it('an overlap is refused (400): both rows marked beside their fields, the timeline shows the overlap, what was typed kept', async () => {
    const cm = pageClient(w, w.A.people['contract-manager']);
    const res = await cm.post(`${base()}/new`, filled('JZ-OVERLAP', { 'products.0.tariffs.1.validFrom': '2027-10-01' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="field-products-0-tariffs-1-validFrom-error"');
    expect(html).toMatch(/Overlapt met tariefperiode 1, die loopt tot en met 31 december 2027. Laat deze periode op 1 januari 2028 beginnen./);
    expect(html).toContain('id="field-products-0-tariffs-0-validTo-error"');
    expect(html).toMatch(/aria-invalid="true"[^>]*name="products.0.tariffs.1.validFrom"|name="products.0.tariffs.1.validFrom"[^>]*aria-invalid="true"/);
    expect(html).toContain('vv-row--refused');
    expect(html).toContain('Overlap: twee tarieven: 1 oktober 2027 – 31 december 2027');
    expect(html).toContain('value="2027-10-01"');
    expect(html).toContain('value="1.850,00"');
    expect(html).toContain('href="#field-products-0-tariffs-1-validFrom"');
    // In English too.
    const en = await cm.post(`${base()}/new?lang=en`, filled('JZ-OVERLAP', { 'products.0.tariffs.1.validFrom': '2027-10-01' }));
    expect(await en.text()).toMatch(/Overlaps tariff period 1/);
    // A gap is marked on the timeline; a bad amount beside its field.
    const gap = await cm.post(`${base()}/new`, filled('JZ-GAP', { 'products.0.tariffs.1.validFrom': '2028-02-01', 'products.1.tariffs.0.amountCents': 'veel' }));
    expect(gap.status).toBe(400);
    const g = await gap.text();
    expect(g).toContain('id="field-products-1-tariffs-0-amountCents-error"');
    expect(g).toContain('value="veel"');
  });

  it('create with two products and tariff periods, activate, amend, read as it stood before, book, download the PDF', async () => {
    const cm = pageClient(w, w.A.people['contract-manager']);
    const created = await cm.post(`${base()}/new`, filled('JZ-PAGES'));
    expect(created.status).toBe(303);
    const location = created.headers.get('location') ?? '';
    expect(location).toContain('done=created');
    const id = idOf(location);
    const page = await (await cm.get(`${base()}/${id}`)).text();
    expect(page).toContain('Contract JZ-PAGES');
    expect(page).toContain('Kamertraining');
    expect(page).toContain('Periode 2: 1 januari 2028 – 31 december 2028, € 98,50');
    expect(page).toContain('De tarieven sluiten op elkaar aan');
    const api = await w.call(contracts.getContract, { token: w.A.people['contract-manager'].token, params: { municipalityId: w.A.id, contractId: id }, query: {} });
    const stored = api.json(200);
    expect(stored.status).toBe('draft');
    expect(stored.terms.products.map((p) => p.tariffs.map((t) => t.amountCents))).toEqual([[9500, 9850], [185000]]);
    expect(stored.terms.budgets).toEqual([{ year: 2027, ceilingCents: 1_000_000, warningPercent: 80 }]);

    // Edit the draft (same form).
    const edit = await cm.get(`${base()}/${id}/edit`);
    expect(edit.status).toBe(200);
    expect(await edit.text()).toContain('value="98,50"');
    const saved = await cm.post(`${base()}/${id}/edit`, { ...filled('JZ-PAGES', { 'products.1.tariffs.0.amountCents': '1.900,00' }), revision: String(stored.revision) });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toContain('done=saved');
    expect(await (await cm.get(`${base()}/${id}`)).text()).toContain('€ 1.900,00');
    // A stale revision: the 412 page, nothing saved.
    expect((await cm.post(`${base()}/${id}/edit`, { ...filled('JZ-PAGES'), revision: String(stored.revision) })).status).toBe(412);

    // Activate: a confirmation step, then the POST.
    const confirm = await cm.get(`${base()}/${id}/activate`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Ja, activeren');
    const activated = await cm.post(`${base()}/${id}/activate`, { revision: String(stored.revision + 1) });
    expect(activated.status).toBe(303);
    expect(activated.headers.get('location')).toContain('done=activate');
    expect(await (await cm.get(`${base()}/${id}/edit`)).text()).toContain('amendment');

    // Amend: new tariff for 2028 from 1 January 2028.
    const amendForm = await cm.get(`${base()}/${id}/amend`);
    expect(amendForm.status).toBe(200);
    const amendFields = { ...filled('JZ-PAGES', { 'products.0.tariffs.1.amountCents': '101,00' }), rationale: 'Indexatie 2028', effectiveFrom: '2028-01-01', revision: String(stored.revision + 2) };
    const refused = await cm.post(`${base()}/${id}/amend`, { ...amendFields, effectiveFrom: '2026-01-01' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('id="field-effectiveFrom-error"');
    const amended = await cm.post(`${base()}/${id}/amend`, amendFields);
    expect(amended.status).toBe(303);
    const now = await (await cm.get(`${base()}/${id}`)).text();
    expect(now).toContain('€ 101,00');
    expect(now).toContain('Indexatie 2028');
    const before = await cm.get(`${base()}/${id}?asOf=2027-06-01`);
    expect(before.status).toBe(200);
    const b = await before.text();
    expect(b).toContain('€ 98,50');
    expect(b).not.toContain('Periode 2: 1 januari 2028 – 31 december 2028, € 101,00');
    expect(b).toContain('versie 1');
    const tooEarly = await cm.get(`${base()}/${id}?asOf=2020-01-01`);
    expect(tooEarly.status).toBe(404);
    expect(await tooEarly.text()).toContain('nog geen voorwaarden');
    expect((await cm.get(`${base()}/${id}?asOf=gisteren`)).status).toBe(400);

    // A booking: refused first (errors kept), then booked past the warning percentage.
    const bad = await cm.post(`${base()}/${id}/budget-entries`, { kind: '', year: '2027', amountCents: 'veel', description: 'Toekenning', bookedOn: '2027-02-01' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="field-kind-error"');
    expect(badHtml).toContain('id="field-amountCents-error"');
    expect(badHtml).toContain('value="veel"');
    const booked = await cm.post(`${base()}/${id}/budget-entries`, { kind: 'commitment', year: '2027', amountCents: '8.500,00', description: 'Toekenning 12 trajecten', bookedOn: '2027-02-01' });
    expect(booked.status).toBe(303);
    expect(booked.headers.get('location')).toContain('done=alert');
    const after = await (await cm.get(`${base()}/${id}`)).text();
    expect(after).toContain('Toekenning 12 trajecten');
    expect(after).toContain('€ 8.500,00');
    const list = await (await cm.get(base())).text();
    expect(list).toContain('JZ-PAGES');
    expect(list).toMatch(/van het budget 2027 is 85% gebruikt/);
    // The admin's caseload says so on top, with a link; a case manager's does not.
    const adminHome = await (await pageClient(w, w.A.people.admin).get(`/app/municipalities/${w.A.id}/agreements`)).text();
    expect(adminHome).toContain('1 contract vraagt aandacht');
    expect(adminHome).toContain(`href="${base()}"`);
    const cmHome = await (await pageClient(w, w.A.people['case-manager']).get(`/app/municipalities/${w.A.id}/agreements`)).text();
    expect(cmHome).not.toContain('vraagt aandacht');

    const pdf = await cm.get(`${base()}/${id}/summary.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    // When the PDF service fails, the page says so (503, try again) and the API answers its problem.
    pdfDown = true;
    try {
      const down = await cm.get(`${base()}/${id}/summary.pdf`);
      expect(down.status).toBe(503);
      expect(down.headers.get('Retry-After')).toBe('5');
      expect(await down.text()).toContain('Het document kon nu niet gemaakt worden. Er is niets opgeslagen.');
      const api = await w.request('GET', `/v1/municipalities/${w.A.id}/contracts/${id}/summary`, { token: w.A.people['contract-manager'].token });
      expect(api.status).toBe(503);
      expect(await api.json()).toMatchObject({ type: 'https://vervolg.nl/problems/pdf-unavailable', status: 503 });
    } finally {
      pdfDown = false;
    }

    // Suspend and end, each confirmed.
    const rev = (await w.call(contracts.getContract, { token: w.A.people['contract-manager'].token, params: { municipalityId: w.A.id, contractId: id }, query: {} })).json(200).revision;
    expect((await cm.post(`${base()}/${id}/suspend`, { revision: String(rev) })).status).toBe(303);
    expect((await cm.post(`${base()}/${id}/end`, { revision: String(rev) })).status).toBe(412);
    expect((await cm.post(`${base()}/${id}/end`, { revision: String(rev + 1) })).status).toBe(303);
    expect((await cm.get(`${base()}/${id}/resume`)).status).toBe(409);
  });

  it('a case manager gets the 403 page on every contract page (the API lets them read); another municipality gets the 404 page', async () => {
    const api = await w.call(contracts.createContract, { token: w.A.people['contract-manager'].token, params: { municipalityId: w.A.id }, json: { providerId: w.P1.id, reference: 'JZ-ACCESS', terms: contractTerms() } });
    const id = api.json(201).id;
    const caseManager = pageClient(w, w.A.people['case-manager']);
    for (const path of [base(), `${base()}/new`, `${base()}/${id}`, `${base()}/${id}/edit`, `${base()}/${id}/activate`, `${base()}/${id}/summary.pdf`]) {
      const res = await caseManager.get(path);
      expect(res.status, path).toBe(403);
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/);
      expect(await res.text(), path).toContain('Geen toegang');
    }
    expect((await caseManager.post(`${base()}/${id}/activate`, { revision: '1' })).status).toBe(403);
    // The admin sees it.
    const admin = pageClient(w, w.A.people.admin);
    expect((await admin.get(`${base()}/${id}`)).status).toBe(200);
    // B's admin, in A's path or in B's own path with A's contract: the 404 page.
    const other = pageClient(w, w.B.people.admin);
    expect((await other.get(`${base()}/${id}`)).status).toBe(404);
    const own = await other.get(`/app/municipalities/${w.B.id}/contracts/${id}`);
    expect(own.status).toBe(404);
    expect(await own.text()).not.toContain('JZ-ACCESS');
  });
});
