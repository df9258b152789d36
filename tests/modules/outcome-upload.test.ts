// Outcome delivery by spreadsheet (the provider's page /app/providers/:providerId/outcomes): the
// template matches the batch schema and explains every code, CSV (; and , and a BOM) and .xlsx
// uploads go through the batch's own check, a file with bad rows lists each problem by row and
// column and stores nothing, the corrected file is stored and counted, bad files are told apart,
// and only the provider's own admins and staff get in.
import { sql } from 'kysely';
import readXlsxFile from 'read-excel-file/universal';
import writeXlsxFile from 'write-excel-file/universal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JZ020, JZ588 } from '../../src/domain/ijw.js';
import { FOLLOW_UP_DOMAINS, INFORMANTS } from '../../src/domain/outcomes.js';
import { OutcomeRecord } from '../../src/modules/outcomes/schemas.js';
import { COLUMNS, COLUMN_TEXT, RECORD_TYPES, TYPE_TEXT, rowsAsCsv } from '../../src/modules/outcomes/sheet.js';
import { insertContract } from '../support/contracts.js';
import { PAGE_ORIGIN, pageClient } from '../support/pages.js';
import { type Person, type World, connectionFrom, createWorld } from '../support/world.js';

let w: World;
let contractId = '';

beforeAll(async () => {
  w = await createWorld();
  contractId = (await insertContract(w.db, { tenantId: w.A.id, providerId: w.P1.id, products: [{ productCategory: '45' }], startDate: '2026-01-01', endDate: '2028-12-31' })).id;
}, 60_000);
afterAll(async () => w?.close());

const page = (providerId = w.P1.id) => `/app/providers/${providerId}/outcomes`;

async function upload(as: Person | null, file: { name: string; bytes: Uint8Array | string; type?: string } | null, providerId = w.P1.id, lang = 'nl'): Promise<Response> {
  const form = new FormData();
  if (file) form.append('file', new File([file.bytes as BlobPart], file.name, { type: file.type ?? 'application/octet-stream' }));
  const headers: Record<string, string> = { Origin: PAGE_ORIGIN };
  if (as) headers.Cookie = `vervolg_session=${as.token}`;
  return w.app.request(`${page(providerId)}?lang=${lang}`, { method: 'POST', body: form, headers }, connectionFrom('198.51.100.77'));
}

async function download(as: Person, name: string, lang = 'nl'): Promise<Response> {
  return pageClient(w, as).get(`${page()}/${name}?lang=${lang}`);
}

async function stored(): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from trajectories where provider_id = ${w.P1.id}`.execute(w.db);
  return r.rows[0]?.n ?? 0;
}

/** The problems table as [row, column, problem] triples. */
function problemRows(html: string): string[][] {
  const table = /<table[^>]*vv-upload-problems[\s\S]*?<tbody([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr class="utrecht-table__row">([\s\S]*?)<\/tr>/g)].map((m) => [...(m[1] as string).matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => (c[1] as string).replace(/<[^>]+>/g, '').trim()));
}

let counter = 0;
function rows(n: number, bad: Record<number, Record<string, string>> = {}): string[][] {
  const header = COLUMNS.map((c) => c.name);
  const out: string[][] = [header];
  const tag = `${++counter}-${Date.now()}`;
  for (let i = 0; i < n; i++) {
    const values: Record<string, string> =
      i % 2 === 0
        ? { type: 'trajectory', reference: `UP-${tag}-${i}`, clientReference: `CL-${i}`, contractId, productCategory: '45', startDate: '2026-02-01', endDate: '01-06-2026', endReason: '31' }
        : { type: 'satisfaction', trajectoryReference: `UP-${tag}-${i - 1}`, measuredOn: '2026-06-01', score: '8', informant: 'young-person' };
    Object.assign(values, bad[i] ?? {});
    out.push(header.map((h) => values[h] ?? ''));
  }
  return out;
}

describe('the template', () => {
  it('has one column per field of a batch record, and the example rows of every type pass the batch check as they are', async () => {
    const fields = new Set((OutcomeRecord as unknown as { options: { shape: object }[] }).options.flatMap((o) => Object.keys(o.shape)));
    expect(new Set(COLUMNS.map((c) => c.name))).toEqual(fields);
    for (const column of COLUMNS) expect(COLUMN_TEXT[column.name], column.name).toBeDefined();
    for (const type of RECORD_TYPES) expect(TYPE_TEXT[type], type).toBeDefined();

    const res = await download(w.P1.admin, 'template.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split('\r\n');
    expect(lines[0]?.split(';')).toEqual(COLUMNS.map((c) => c.name));
    expect(lines.slice(1).map((l) => l.split(';')[0])).toEqual([...RECORD_TYPES]);
    expect(lines[1]).toContain(contractId);

    // The unchanged template is a valid delivery (its examples are under the provider's own contract).
    const before = await stored();
    const accepted = await upload(w.P1.admin, { name: 'vervolg-uitkomsten.csv', bytes });
    expect(accepted.status, await accepted.clone().text()).toBe(303);
    expect(await stored()).toBe(before + 1);
  });

  it('.xlsx: the data sheet with the same columns, and a second sheet explaining every column and its code lists', async () => {
    const res = await download(w.P1.staff, 'template.xlsx', 'en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const sheets = await readXlsxFile(await res.arrayBuffer());
    expect(sheets).toHaveLength(2);
    expect(sheets[0]?.data[0]).toEqual(COLUMNS.map((c) => c.name));
    const explanation = (sheets[1]?.data ?? []).map((r) => r.map((v) => (v === null ? '' : String(v))));
    const contractsFrom = explanation.findIndex((r) => r[0]?.startsWith('Your contracts'));
    expect(contractsFrom).toBeGreaterThan(0);
    const codes = new Map(explanation.slice(0, contractsFrom).filter((r) => r[3]).map((r) => [`${r[3]}`, r[4]]));
    for (const [code, label] of Object.entries(JZ588)) expect(codes.get(code), code).toBe(label.en);
    for (const [code, label] of Object.entries(JZ020)) expect(codes.get(code), code).toBe(label.en);
    for (const domain of Object.values(FOLLOW_UP_DOMAINS)) for (const [code, answer] of Object.entries(domain.answers)) expect(codes.get(code), code).toBe(answer.en);
    for (const informant of INFORMANTS) expect(codes.has(informant)).toBe(true);
    for (const type of RECORD_TYPES) expect(codes.get(type)).toBe(TYPE_TEXT[type]?.en);
    // Every column is explained, and the provider's contract is named for column contractId.
    for (const column of COLUMNS) expect(explanation.some((r) => r[0] === column.name && r[1] === COLUMN_TEXT[column.name]?.en)).toBe(true);
    expect(explanation.some((r) => r[0] === contractId)).toBe(true);

    // Uploaded back unchanged, the .xlsx is accepted too.
    const back = await upload(w.P1.staff, { name: 'vervolg-outcomes.xlsx', bytes: new Uint8Array(await (await download(w.P1.staff, 'template.xlsx', 'en')).arrayBuffer()) }, w.P1.id, 'en');
    expect(back.status, await back.clone().text()).toBe(303);
  });
});

describe('uploading', () => {
  it('reads CSV with ; and with , separators, with and without a BOM (Dutch dates too), and counts what it stored', async () => {
    for (const [separator, bom] of [
      [';', true],
      [',', false],
      [',', true],
    ] as const) {
      const before = await stored();
      let csv = rowsAsCsv(rows(6), separator);
      if (!bom) csv = csv.slice(1);
      const res = await upload(w.P1.admin, { name: 'export.csv', bytes: csv, type: 'text/csv' });
      expect(res.status, await res.clone().text()).toBe(303);
      const location = res.headers.get('location') as string;
      expect(location).toMatch(/\/outcomes\?lang=nl&batch=[0-9a-f-]{36}$/);
      expect(await stored()).toBe(before + 3);
      const result = await pageClient(w, w.P1.admin).get(location);
      const html = await result.text();
      expect(result.status).toBe(200);
      expect(html).toContain('Het bestand is aangenomen');
      expect(html).toContain('6 regels zijn opgeslagen');
      expect(html).toContain(`/app/providers/${w.P1.id}/indicators`);
    }
  });

  it('reads .xlsx, with dates and codes as Excel stores them (date cells, 2 for 02)', async () => {
    const data = rows(4).map((r, i) =>
      r.map((v, j) => {
        const name = COLUMNS[j]?.name;
        if (i > 0 && name === 'startDate' && v) return { value: new Date(Date.UTC(2026, 1, 1)), type: Date, format: 'dd-mm-yyyy' };
        if (i > 0 && name === 'score' && v) return { value: Number(v), type: Number };
        if (i > 0 && name === 'endReason' && v) return { value: 2, type: Number };
        return v ? { value: v, type: String } : null;
      }),
    );
    const before = await stored();
    const blob = await writeXlsxFile(data as never).toBlob();
    const res = await upload(w.P1.admin, { name: 'mijn bestand.xlsx', bytes: new Uint8Array(await blob.arrayBuffer()) });
    expect(res.status, await res.clone().text()).toBe(303);
    expect(await stored()).toBe(before + 2);
    const ended = await sql<{ end_reason: string; start_date: string }>`select end_reason, start_date::text from trajectories where provider_id = ${w.P1.id} order by created_at desc limit 1`.execute(w.db);
    expect(ended.rows[0]).toEqual({ end_reason: '02', start_date: '2026-02-01' });
  });

  it('a file with three bad rows: every problem by row and column, nothing stored; the corrected file is stored', async () => {
    const bad = rows(8, { 2: { productCategory: '99' }, 3: { score: '11' }, 6: { clientReference: '' } });
    const before = await stored();
    const res = await upload(w.P1.admin, { name: 'fouten.csv', bytes: rowsAsCsv(bad) });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(await stored()).toBe(before);
    expect(html).toContain('Het bestand is niet aangenomen: 3 fouten in 3 regels');
    expect(html).toContain('Er is niets opgeslagen van de 8 regels');
    // The file field says it too, reachable from the summary.
    expect(html).toMatch(/id="field-file-error"[^>]*>Dit bestand bevat fouten/);
    expect(html).toContain('href="#field-file"');
    const problems = problemRows(html);
    expect(problems.map(([row, column]) => [row, column])).toEqual([
      ['4', 'productCategory'],
      ['5', 'score'],
      ['8', 'clientReference'],
    ]);
    for (const p of problems) expect(p[2]?.length).toBeGreaterThan(5);

    const fixed = bad.map((r) => [...r]);
    const col = (name: string) => COLUMNS.findIndex((c) => c.name === name);
    (fixed[3] as string[])[col('productCategory')] = '45';
    (fixed[4] as string[])[col('score')] = '10';
    (fixed[7] as string[])[col('clientReference')] = 'CL-6';
    const again = await upload(w.P1.admin, { name: 'fouten.csv', bytes: rowsAsCsv(fixed) });
    expect(again.status, await again.clone().text()).toBe(303);
    expect(await stored()).toBe(before + 4);
    const result = await (await pageClient(w, w.P1.admin).get(again.headers.get('location') as string)).text();
    expect(result).toContain('8 regels zijn opgeslagen');
    expect(result).toContain('Trajecten: 4 nieuw');
  });

  it('bad files get a message beside the file field, never a 500', async () => {
    const cases: [string, { name: string; bytes: Uint8Array | string } | null, RegExp][] = [
      ['no file', null, /Kies het ingevulde bestand/],
      ['empty', { name: 'leeg.csv', bytes: '' }, /Dit bestand is leeg/],
      ['only a header', { name: 'kop.csv', bytes: 'type;reference\r\n' }, /Dit bestand is leeg/],
      ['a PDF', { name: 'brief.pdf', bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0x01, 0x02]) }, /Dit is geen .xlsx- of .csv-bestand/],
      ['an old .xls', { name: 'oud.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) }, /oud Excel-bestand/],
      ['a broken .xlsx', { name: 'kapot.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]) }, /kan niet worden gelezen/],
      ['wrong headers', { name: 'anders.csv', bytes: 'type;naam;geboortedatum\r\ntrajectory;Sanne;2009-01-01\r\n' }, /kolomnamen kent Vervolg niet: naam, geboortedatum/],
      ['no type column', { name: 'anders.csv', bytes: 'reference;clientReference\r\nA;B\r\n' }, /in elk geval de kolom type/],
      ['a duplicate column', { name: 'dubbel.csv', bytes: 'type;score;Score\r\nsatisfaction;1;2\r\n' }, /meer dan eens in: score/],
    ];
    for (const [what, file, message] of cases) {
      const res = await upload(w.P1.staff, file);
      const html = await res.text();
      expect(res.status, what).toBe(400);
      expect(html, what).toMatch(/id="field-file-error"/);
      expect(html, what).toMatch(message);
      expect(html, what).toContain('aria-invalid="true"');
    }
  });

  it('more than 50,000 rows: refused beside the field', async () => {
    const header = 'type;score\r\n';
    const body = header + 'satisfaction;1\r\n'.repeat(50_001);
    const res = await upload(w.P1.staff, { name: 'groot.csv', bytes: body });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Dit bestand heeft 50.001 regels; hoogstens 50.000 per keer');
  });
});

describe('access', () => {
  it('only the provider’s own admins and staff: another provider 404, a municipal person 404, nobody → sign in', async () => {
    for (const path of [page(), `${page()}/template.csv`, `${page()}/template.xlsx`]) {
      expect((await pageClient(w, w.P1.staff).get(path)).status, path).toBe(200);
      expect((await pageClient(w, w.P2.admin).get(path)).status, path).toBe(404);
      expect((await pageClient(w, w.A.people.admin).get(path)).status, path).toBe(404);
      const nobody = await pageClient(w, null).get(path);
      expect(nobody.status).toBe(303);
      expect(nobody.headers.get('location')).toMatch(/^\/app\/sign-in/);
    }
    const before = await stored();
    const csv = rowsAsCsv(rows(2));
    expect((await upload(w.P2.admin, { name: 'x.csv', bytes: csv })).status).toBe(404);
    expect((await upload(w.A.people.admin, { name: 'x.csv', bytes: csv })).status).toBe(404);
    const nobody = await upload(null, { name: 'x.csv', bytes: csv });
    expect(nobody.status).toBe(303);
    expect(nobody.headers.get('location')).toMatch(/^\/app\/sign-in/);
    expect(await stored()).toBe(before);
  });
});
