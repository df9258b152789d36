// Barriers in the staff app, through forms as a browser without JavaScript sends them: recorded on
// the agreement's page and listed, errors beside their fields with what was typed kept and nothing
// saved; the municipality's report page with its filter, the table with suppressed cells explained
// and the CSV download; access and the processing log as the API operations.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { addDays, dayInAmsterdam } from '../../src/platform/dates.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { type PageClient, pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let cm: PageClient;
const ids: string[] = [];
let draftId: string;
const today = dayInAmsterdam(new Date());
const cmPerson = () => w.A.people['case-manager'];
const barriers = (id: string) => `/app/municipalities/${w.A.id}/agreements/${id}/barriers`;
const reportPage = () => `/app/municipalities/${w.A.id}/barriers`;
const countIn = async (id: string) => (await sql<{ n: number }>`select count(*)::int as n from barriers where agreement_id = ${id}`.execute(w.db)).rows[0]?.n;

beforeAll(async () => {
  w = await createWorld();
  const { templateVersionId } = await publishedTemplate(w, adminOf(w.A));
  cm = pageClient(w, cmPerson());
  const create = async (name: string, n: number) =>
    (
      await w.call(agreements.createAgreement, {
        token: cmPerson().token,
        params: { municipalityId: w.A.id },
        json: { templateVersionId, youngPerson: { name, dateOfBirth: '2008-03-02', mobile: `+316120002${String(n).padStart(2, '0')}` }, departureDate: addDays(today, 20), aftercareStartDate: addDays(today, -60) },
      })
    ).json(201).id;
  for (let i = 0; i < 6; i++) {
    const id = await create(`Noor Belemmering ${i}`, i);
    (
      await w.call(agreements.send, {
        token: cmPerson().token,
        params: { municipalityId: w.A.id, agreementId: id },
        headers: { 'If-Match': '"r1"' },
        json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: `officier.b${i}@alpha.example` }] },
      })
    ).json(200);
    ids.push(id);
  }
  draftId = await create('Sem Concept', 99);
});
afterAll(async () => w?.close());

describe('barriers on an agreement', () => {
  it('an empty list; a form with errors (400, beside each field, typed kept, nothing saved); then recorded and listed', async () => {
    const id = ids[0] as string;
    const empty = await cm.get(barriers(id));
    expect(empty.status).toBe(200);
    const html = await empty.text();
    expect(html).toContain('Wat de hulp aan Noor Belemmering 0 in de weg staat');
    expect(html).toContain('Er zijn nog geen belemmeringen vastgelegd.');
    // Every kind with its hint, the partner field present without JavaScript, the municipality's providers to choose.
    expect(html).toContain('Wachtlijst voor hulp');
    expect(html).toContain('Bijvoorbeeld MDFT, MST of IAG.');
    expect(html).toContain('name="partner"');
    expect(html).toContain(`value="${w.P1.id}"`);
    expect(html).not.toContain(`value="${w.P2.id}"`);

    const bad = await cm.post(barriers(id), { kind: 'chain-cooperation', intervention: 'MDFT bij De Brug', waitingWeeks: 'twaalf', notedOn: '2999-01-01', note: 'Woningcorporatie reageert niet' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    for (const field of ['partner', 'waitingWeeks', 'notedOn']) expect(badHtml, field).toContain(`id="field-${field}-error"`);
    expect(badHtml).not.toContain('id="field-kind-error"');
    expect(badHtml).toContain('Kies met welke partner de samenwerking vastliep.');
    expect(badHtml).toContain('value="twaalf"');
    expect(badHtml).toContain('value="MDFT bij De Brug"');
    expect(badHtml).toContain('Woningcorporatie reageert niet');
    expect(badHtml).toMatch(/value="chain-cooperation" checked/);
    expect(await countIn(id)).toBe(0);

    // A partner left behind in the (hidden) field with another kind is dropped, not an error.
    const ok = await cm.post(barriers(id), { kind: 'waiting-list', partner: 'school', productCategory: '45', providerId: w.P1.id, intervention: 'MDFT', waitingWeeks: '12', notedOn: addDays(today, -3), note: 'Twee aanbieders, allebei een wachtlijst' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`${barriers(id)}?done=recorded`);
    const list = await (await cm.get(`${barriers(id)}?done=recorded`)).text();
    expect(list).toContain('De belemmering is vastgelegd.');
    expect(list).toContain('45 Jeugdhulp ambulant · Zorgaanbieder P1 · MDFT · wachttijd 12 weken');
    expect(list).toContain('Twee aanbieders, allebei een wachtlijst');
    const stored = (await sql<{ partner: string | null; waiting_weeks: number }>`select partner, waiting_weeks from barriers where agreement_id = ${id}`.execute(w.db)).rows;
    expect(stored).toEqual([{ partner: null, waiting_weeks: 12 }]);
    expect(await (await cm.get(`${barriers(id)}?lang=en`)).text()).toContain('waiting time 12 weeks');
    const log = (await sql<{ operation: string; action: string }>`select operation, action from processing_log where subject_id = ${id} and operation like '%Barrier%' order by id`.execute(w.db)).rows;
    expect(log).toEqual([
      { operation: 'listBarriers', action: 'read' },
      { operation: 'recordBarrier', action: 'create' },
      { operation: 'listBarriers', action: 'read' },
      { operation: 'listBarriers', action: 'read' },
    ]);
  });

  it('the agreement page leads here; a draft takes none (a page that says so; a post refused with 409, not a 500)', async () => {
    expect(await (await cm.get(`/app/municipalities/${w.A.id}/agreements/${ids[0]}`)).text()).toContain(`href="${barriers(ids[0] as string)}"`);
    const page = await (await cm.get(barriers(draftId))).text();
    expect(page).not.toContain('name="kind"');
    expect((await cm.post(barriers(draftId), { kind: 'no-phasing', notedOn: today })).status).toBe(409);
  });

  it('access as the API: no session → sign-in, another municipality → 404, an analyst → 403', async () => {
    expect((await pageClient(w).get(barriers(ids[0] as string))).status).toBe(303);
    expect((await pageClient(w, w.B.people.admin).get(barriers(ids[0] as string))).status).toBe(404);
    expect((await pageClient(w, w.A.people.analyst).get(barriers(ids[0] as string))).status).toBe(403);
    expect((await pageClient(w, w.A.people.analyst).post(barriers(ids[0] as string), { kind: 'no-phasing', notedOn: today })).status).toBe(403);
  });
});

describe('the report page', () => {
  beforeAll(async () => {
    // Five young people on a waiting list (published); two with no preparation for leaving and one with an unclear perspective (suppressed).
    for (const id of ids.slice(0, 5)) expect((await cm.post(barriers(id), { kind: 'waiting-list', productCategory: '45', waitingWeeks: '10', notedOn: addDays(today, -1) })).status).toBe(303);
    for (const id of ids.slice(0, 2)) expect((await cm.post(barriers(id), { kind: 'no-phasing', notedOn: addDays(today, -1) })).status).toBe(303);
    expect((await cm.post(barriers(ids[5] as string), { kind: 'unclear-perspective', notedOn: addDays(today, -1) })).status).toBe(303);
  });

  it('renders the filter, the table with the suppressed cells explained, and the CSV link; the menu leads there', async () => {
    const analyst = pageClient(w, w.A.people.analyst);
    const res = await analyst.get(reportPage());
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1');
    expect(html).toContain('Wat de hulp in de weg staat');
    expect(html).toContain(`href="${reportPage()}"`); // the menu
    expect(html).toContain('id="field-from"');
    expect(html).toContain('name="groupBy"');
    expect(html).toContain('name="thenBy"');
    expect(html).toContain('<table class="utrecht-table utrecht-table--html-table vv-barrier-report"');
    expect(html).toMatch(/<th class="utrecht-table__header-cell" scope="row">Wachtlijst voor hulp<\/th><td class="utrecht-table__cell num">6<\/td><td class="utrecht-table__cell num">5<\/td>/);
    // A suppressed row: no number, one cell across the figures that says why.
    expect(html).toMatch(/Geen voorbereiding op vertrek<\/th><td class="utrecht-table__cell vv-barrier-report__hidden" colspan="5"><span class="sup">te weinig jongeren<\/span><\/td><\/tr>/);
    expect(html).toMatch(/Onduidelijk perspectief<\/th><td class="utrecht-table__cell vv-barrier-report__hidden" colspan="5">/);
    expect(html).toContain('Een aantal dat op minder dan 5 jongeren rust, tonen we niet');
    const csvHref = /href="([^"]*format=csv[^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') as string;
    expect(csvHref).toContain(`${reportPage()}?`);
    expect(html).toContain('Download als CSV (voor Excel)');

    const csv = await analyst.get(csvHref);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="belemmeringen-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.startsWith('\uFEFFlevel;label;kind;barriers;')).toBe(true);
    expect(text).toContain('\r\ngroup;Geen voorbereiding op vertrek;no-phasing;;;true;small-number;');

    const en = await (await analyst.get(`${reportPage()}?lang=en&groupBy=kind&thenBy=product-category`)).text();
    expect(en).toContain('What stands in the way');
    expect(en).toContain('<span class="vv-visually-hidden">Waiting list for help / </span>45 Ambulant youth care');
    expect(en).toContain('too few young people');
    expect(en).toMatch(/href="[^"]*lang=en[^"]*format=csv/);
    // Aggregates only: no processing-log entry for reading the report.
    expect((await sql<{ n: number }>`select count(*)::int as n from processing_log where operation = 'getBarrierReport'`.execute(w.db)).rows[0]?.n).toBe(0);
  });

  it('a bad filter: 400, each error beside its field, what was typed kept', async () => {
    const res = await pageClient(w, w.A.people['contract-manager']).get(`${reportPage()}?from=2026-13-01&to=2026-01-01&groupBy=kind&thenBy=kind`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="field-from-error"');
    expect(html).toContain('id="field-thenBy-error"');
    expect(html).toContain('Kies iets anders dan bij ‘Groepeer per’, of ‘Niets’.');
    expect(html).toContain('value="2026-13-01"');
    expect(html).not.toContain('vv-barrier-report"');
  });

  it('access: every municipal role reads it; another municipality gets the 404 page', async () => {
    for (const role of ['admin', 'contract-manager', 'case-manager', 'analyst'] as const) expect((await pageClient(w, w.A.people[role]).get(reportPage())).status).toBe(200);
    expect((await pageClient(w, w.B.people.admin).get(reportPage())).status).toBe(404);
    expect(await (await pageClient(w, w.B.people.admin).get(`/app/municipalities/${w.B.id}/barriers`)).text()).toContain('Er zijn in deze periode geen belemmeringen vastgelegd.');
  });
});
