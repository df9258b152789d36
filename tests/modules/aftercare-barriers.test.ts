// Barriers ('what stands in the way', issue 13 part 4): recorded per young person through the API,
// append-only, newest first; every problem of a request in one 400; only for an agreement that was
// sent; a provider the municipality knows. The report aggregates per kind, product category,
// provider and quarter with the indicators' small-number suppression (the municipality's
// threshold; complementary suppression), as JSON and as a CSV file for a spreadsheet; each
// municipality sees only its own.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../src/modules/aftercare/routes.js';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { uuidv7 } from '../../src/platform/crypto.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { addDays, addMonths, dayInAmsterdam } from '../../src/platform/dates.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { insertContract } from '../support/contracts.js';
import { type Municipality, type World, createWorld } from '../support/world.js';

let w: World;
const templates: Record<string, string> = {};
/** A provider A once had a contract with (ended), and does not work with any more. */
let formerProvider: string;
const today = dayInAmsterdam(new Date());
const aftercareStartDate = addDays(today, -30);
const cm = (m: Municipality = w.A) => m.people['case-manager'];

beforeAll(async () => {
  w = await createWorld();
  templates[w.A.id] = (await publishedTemplate(w, adminOf(w.A))).templateVersionId;
  templates[w.B.id] = (await publishedTemplate(w, adminOf(w.B))).templateVersionId;
  formerProvider = uuidv7();
  await w.db.insertInto('providers').values({ id: formerProvider, name: 'Zorgaanbieder Vroeger', agb_code: '55550001', kvk_number: '10005555' }).execute();
  await insertContract(w.db, { tenantId: w.A.id, providerId: formerProvider, status: 'ended', startDate: '2023-01-01', endDate: '2024-12-31' });
});
afterAll(async () => w?.close());

let counter = 0;
async function draft(m: Municipality = w.A) {
  const n = ++counter;
  return (
    await w.call(agreements.createAgreement, {
      token: cm(m).token,
      params: { municipalityId: m.id },
      json: { templateVersionId: templates[m.id], youngPerson: { name: `Jesse Belemmering ${n}`, dateOfBirth: '2008-03-02', mobile: `+3161177${String(n).padStart(4, '0')}` }, departureDate: addDays(today, 30), aftercareStartDate },
    })
  ).json(201);
}
/** An agreement out for signature (sent through the API). */
async function sent(m: Municipality = w.A) {
  const a = await draft(m);
  const res = await w.call(agreements.send, {
    token: cm(m).token,
    params: { municipalityId: m.id, agreementId: a.id },
    headers: { 'If-Match': '"r1"' },
    json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: `officier.barrier${counter}@alpha.example` }] },
  });
  expect(res.json(200).status).toBe('sent');
  return a.id;
}
const record = (agreementId: string, json: Record<string, unknown>, token = cm().token, municipalityId = w.A.id) =>
  w.call(routes.recordBarrier, { token, params: { municipalityId, agreementId }, json: json as never });
const list = (agreementId: string, query: { limit?: number; cursor?: string } = {}, token = cm().token, municipalityId = w.A.id) =>
  w.call(routes.listBarriers, { token, params: { municipalityId, agreementId }, query });
const report = (query: Record<string, string>, token = w.A.people.analyst.token, municipalityId = w.A.id, headers?: Record<string, string>) =>
  w.call(routes.getBarrierReport, { token, params: { municipalityId }, query, ...(headers ? { headers } : {}) });
const countIn = async (agreementId: string) => (await sql<{ n: number }>`select count(*)::int as n from barriers where agreement_id = ${agreementId}`.execute(w.db)).rows[0]?.n;

describe('recording barriers', () => {
  it('records (201) with every field and who recorded it; lists newest first and pages', async () => {
    const id = await sent();
    const first = (
      await record(id, { kind: 'waiting-list', productCategory: '45', providerId: w.P1.id, intervention: ' MDFT ', waitingWeeks: 14, notedOn: addDays(today, -10), note: 'Wachtlijst bij beide aanbieders.' })
    ).json(201);
    expect(first).toMatchObject({
      agreementId: id, kind: 'waiting-list', productCategory: '45', provider: { id: w.P1.id, name: 'Zorgaanbieder P1' }, intervention: 'MDFT',
      partner: null, waitingWeeks: 14, notedOn: addDays(today, -10), note: 'Wachtlijst bij beide aanbieders.', recordedBy: { id: cm().userId },
    });
    const second = (await record(id, { kind: 'chain-cooperation', partner: 'housing-corporation', notedOn: addDays(today, -2) })).json(201);
    expect(second).toMatchObject({ kind: 'chain-cooperation', partner: 'housing-corporation', productCategory: null, provider: null, waitingWeeks: null, note: null });
    const third = (await record(id, { kind: 'unclear-perspective', notedOn: addDays(today, -2) })).json(201);
    (await record(id, { kind: 'no-phasing', notedOn: addDays(today, -20) })).json(201);

    const all = (await list(id)).json(200);
    expect(all.items.map((b) => [b.notedOn, b.kind])).toEqual([
      [addDays(today, -2), 'unclear-perspective'], // same day: the one recorded last first
      [addDays(today, -2), 'chain-cooperation'],
      [addDays(today, -10), 'waiting-list'],
      [addDays(today, -20), 'no-phasing'],
    ]);
    expect(all.items[0]?.id).toBe(third.id);
    const p1 = (await list(id, { limit: 3 })).json(200);
    expect(p1.nextCursor).toBe(all.items[2]?.id);
    const p2 = (await list(id, { limit: 3, cursor: p1.nextCursor as string })).json(200);
    expect(p2.items.map((b) => b.id)).toEqual([all.items[3]?.id]);
    expect(p2.nextCursor).toBeNull();
    expect((await list(id, { cursor: uuidv7() })).json(400).invalidParams).toEqual([{ name: 'query.cursor', reason: 'Unknown barrier' }]);
  });

  it('one 400 lists every problem — schema, partner against kind, the day, the provider — and nothing is recorded', async () => {
    const id = await sent();
    const bad = (
      await record(id, { kind: 'chain-cooperation', productCategory: '99', providerId: w.P2.id, intervention: '', waitingWeeks: 521, notedOn: addDays(today, 3), note: 'x'.repeat(2001) })
    ).json(400);
    expect(bad.invalidParams?.map((p) => p.name).sort()).toEqual(['body.intervention', 'body.note', 'body.notedOn', 'body.partner', 'body.productCategory', 'body.providerId', 'body.waitingWeeks']);
    // A body the schema takes still gets every other problem in one answer.
    const rules = (await record(id, { kind: 'waiting-list', partner: 'school', providerId: w.P2.id, notedOn: addDays(aftercareStartDate, -400) })).json(400);
    expect(rules.invalidParams).toEqual([
      { name: 'body.notedOn', reason: expect.stringContaining('a year before the aftercare start') },
      { name: 'body.partner', reason: expect.stringContaining('Only with kind chain-cooperation') },
      { name: 'body.providerId', reason: expect.stringContaining('Not a provider this municipality') },
    ]);
    expect((await record(id, { kind: 'chain-cooperation', notedOn: today })).json(400).invalidParams).toEqual([{ name: 'body.partner', reason: expect.stringContaining('Required when kind is chain-cooperation') }]);
    expect((await record(id, { notedOn: today })).json(400).invalidParams?.map((p) => p.name)).toEqual(['body.kind']);
    expect(await countIn(id)).toBe(0);
    // At the edges: a year before the aftercare start, 0 and 520 weeks.
    (await record(id, { kind: 'waiting-list', waitingWeeks: 0, notedOn: addMonths(aftercareStartDate, -12) })).json(201);
    (await record(id, { kind: 'not-available', waitingWeeks: 520, notedOn: today })).json(201);
  });

  it('the provider must be one the municipality knows: works with it, or has or had a contract with it', async () => {
    const id = await sent();
    (await record(id, { kind: 'no-provider', productCategory: '43', providerId: w.P1.id, notedOn: today })).json(201); // works with A
    (await record(id, { kind: 'waiting-list', providerId: formerProvider, notedOn: today })).json(201); // an ended contract
    expect((await record(id, { kind: 'waiting-list', providerId: w.P2.id, notedOn: today })).json(400).invalidParams?.map((p) => p.name)).toEqual(['body.providerId']); // B's provider
    expect((await record(id, { kind: 'waiting-list', providerId: uuidv7(), notedOn: today })).json(400).invalidParams?.map((p) => p.name)).toEqual(['body.providerId']);
    // B does not know A's former provider.
    const inB = await sent(w.B);
    expect((await record(inB, { kind: 'waiting-list', providerId: formerProvider, notedOn: today }, cm(w.B).token, w.B.id)).json(400).invalidParams?.map((p) => p.name)).toEqual(['body.providerId']);
  });

  it('a draft → 409; another municipality → 404; roles as contact moments (an analyst or contract manager may not record or list)', async () => {
    const d = await draft();
    expect((await record(d.id, { kind: 'no-phasing', notedOn: today })).json(409).detail).toContain('draft');
    const id = await sent();
    expect((await record(id, { kind: 'no-phasing', notedOn: today }, cm(w.B).token, w.B.id)).status).toBe(404);
    expect((await list(id, {}, cm(w.B).token, w.B.id)).status).toBe(404);
    for (const role of ['analyst', 'contract-manager'] as const) {
      expect((await record(id, { kind: 'no-phasing', notedOn: today }, w.A.people[role].token)).status).toBe(403);
      expect((await list(id, {}, w.A.people[role].token)).status).toBe(403);
    }
    (await record(id, { kind: 'no-phasing', notedOn: today }, w.A.people.admin.token)).json(201);
    expect((await list(id, {}, w.A.people.admin.token)).json(200).items).toHaveLength(1);
  });

  it('the processing log has the recording and each listing about the agreement, and no entry for the aggregate report', async () => {
    const id = await sent();
    (await record(id, { kind: 'no-phasing', notedOn: today })).json(201);
    (await list(id)).json(200);
    (await report({})).json(200);
    const log = (
      await sql<{ operation: string; action: string }>`select operation, action from processing_log where subject_id = ${id} and operation like '%Barrier%' order by id`.execute(w.db)
    ).rows;
    expect(log).toEqual([
      { operation: 'recordBarrier', action: 'create' },
      { operation: 'listBarriers', action: 'read' },
    ]);
    expect((await sql<{ n: number }>`select count(*)::int as n from processing_log where operation = 'getBarrierReport'`.execute(w.db)).rows[0]?.n).toBe(0);
  });
});

describe('the barrier report', () => {
  // A window of its own, far from the other tests' days: six young people, barriers of five kinds.
  const from = addDays(today, -300);
  const to = addDays(today, -250);
  const day = addDays(today, -280);
  let people: string[] = [];
  const rowOf = <R extends { level: string; kind?: string | undefined }>(rows: R[], kind: string) => rows.find((r) => r.level === 'group' && r.kind === kind);

  beforeAll(async () => {
    people = [];
    for (let i = 0; i < 6; i++) people.push(await sent());
    const add = async (kind: string, who: number[], extra: (i: number) => Record<string, unknown> = () => ({})) => {
      for (const [j, i] of who.entries()) (await record(people[i] as string, { kind, notedOn: day, ...extra(j) })).json(201);
    };
    const wl = [4, 6, 8, 10, 30];
    await add('waiting-list', [0, 1, 2, 3, 4], (j) => ({ waitingWeeks: wl[j], productCategory: '45', providerId: w.P1.id, intervention: 'MST' })); // 5 young people: at the threshold
    await add('not-available', [0, 1, 2, 3, 4, 5], (j) => ({ waitingWeeks: j + 1, productCategory: '44' })); // 6: above
    await add('no-provider', [0, 1, 2, 3], () => ({ productCategory: '43' })); // 4: below
    await add('unclear-perspective', [0]); // 1: below
    await add('chain-cooperation', [0, 1, 2, 3, 4], (j) => ({ partner: 'housing-corporation', ...(j < 2 ? { waitingWeeks: [12, 20][j] } : {}) })); // 5, two with a waiting time
  });

  it('counts per kind; publishes at and above the threshold, suppresses below it, and once more where a lone suppressed part could be derived', async () => {
    const r = (await report({ from, to })).json(200);
    expect(r).toMatchObject({ period: { from, to }, groupBy: ['kind'], threshold: 5 });
    expect(r.rows.map((x) => [x.level, x.kind])).toEqual([
      ['total', undefined],
      ['group', 'not-available'],
      ['group', 'waiting-list'],
      ['group', 'no-provider'],
      ['group', 'unclear-perspective'],
      ['group', 'chain-cooperation'],
    ]);
    expect(r.rows[0]).toMatchObject({ barriers: 21, youngPeople: 6, suppressed: false, waiting: { barriers: 13, averageWeeks: 8.5, medianWeeks: 6, suppressed: false } });
    expect(rowOf(r.rows, 'waiting-list')).toMatchObject({ barriers: 5, youngPeople: 5, suppressed: false, suppressionReason: null });
    expect(rowOf(r.rows, 'not-available')).toMatchObject({ barriers: 6, youngPeople: 6, suppressed: false, waiting: { barriers: 6, averageWeeks: 3.5, medianWeeks: 3.5, suppressed: false } });
    // Below the threshold: no number at all, and why.
    expect(rowOf(r.rows, 'no-provider')).toMatchObject({ barriers: null, youngPeople: null, suppressed: true, suppressionReason: 'small-number', waiting: { barriers: null, averageWeeks: null, medianWeeks: null, suppressed: true, suppressionReason: 'small-number' } });
    expect(rowOf(r.rows, 'unclear-perspective')).toMatchObject({ barriers: null, youngPeople: null, suppressed: true, suppressionReason: 'small-number' });
    // The counts are published (5 young people), the waiting times rest on two: suppressed on their own.
    expect(rowOf(r.rows, 'chain-cooperation')).toMatchObject({ barriers: 5, youngPeople: 5, suppressed: false, waiting: { barriers: null, averageWeeks: null, suppressed: true, suppressionReason: 'small-number' } });
    // Total minus the published waiting times would give chain cooperation's: the smallest published sibling goes too.
    expect(rowOf(r.rows, 'waiting-list')?.waiting).toEqual({ barriers: null, averageWeeks: null, medianWeeks: null, suppressed: true, suppressionReason: 'complementary' });
  });

  it("the threshold is the municipality's own, as for the indicators: at 2, a lone suppressed kind takes the smallest published one with it", async () => {
    await sql`update tenants set small_number_threshold = 2 where id = ${w.A.id}`.execute(w.db);
    try {
      const r = (await report({ from, to })).json(200);
      expect(r.threshold).toBe(2);
      expect(rowOf(r.rows, 'unclear-perspective')).toMatchObject({ suppressed: true, suppressionReason: 'small-number' });
      expect(rowOf(r.rows, 'no-provider')).toMatchObject({ barriers: null, suppressed: true, suppressionReason: 'complementary' });
      expect(rowOf(r.rows, 'waiting-list')).toMatchObject({ barriers: 5, suppressed: false, waiting: { averageWeeks: 11.6, medianWeeks: 8, suppressed: false } });
      expect(rowOf(r.rows, 'chain-cooperation')).toMatchObject({ waiting: { barriers: 2, averageWeeks: 16, medianWeeks: 16, suppressed: false } });
    } finally {
      await sql`update tenants set small_number_threshold = 5 where id = ${w.A.id}`.execute(w.db);
    }
  });

  it('groups by two: each group followed by its parts; by provider (with its name) and by quarter', async () => {
    const r = (await report({ from, to, groupBy: 'kind,product-category' })).json(200);
    const levels = r.rows.map((x) => `${x.level}:${x.kind ?? ''}:${x.productCategory === undefined ? '-' : (x.productCategory ?? 'none')}`);
    expect(levels.slice(0, 5)).toEqual(['total::-', 'group:not-available:-', 'subgroup:not-available:44', 'group:waiting-list:-', 'subgroup:waiting-list:45']);
    expect(levels).toContain('subgroup:chain-cooperation:none');
    expect(r.rows.find((x) => x.level === 'subgroup' && x.kind === 'not-available')).toMatchObject({ barriers: 6, youngPeople: 6, suppressed: false });

    const byProvider = (await report({ from, to, groupBy: 'provider' })).json(200);
    expect(byProvider.rows.map((x) => [x.level, x.providerId, x.providerName])).toEqual([
      ['total', undefined, undefined],
      ['group', w.P1.id, 'Zorgaanbieder P1'],
      ['group', null, null],
    ]);
    const quarter = `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
    const byQuarter = (await report({ from, to, groupBy: 'quarter' })).json(200);
    expect(byQuarter.rows.map((x) => [x.level, x.quarter, x.barriers])).toEqual([
      ['total', undefined, 21],
      ['group', quarter, 21],
    ]);
  });

  it('the default period is the last twelve months up to today (Amsterdam); a bad query lists every problem', async () => {
    const r = (await report({})).json(200);
    expect(r.period).toEqual({ from: addDays(addMonths(today, -12), 1), to: today });
    expect((await report({ from: '2026-13-01' })).json(400).invalidParams?.map((p) => p.name)).toEqual(['query.from']);
    const bad = (await report({ from: '2026-02-30', to: 'tomorrow', groupBy: 'kind,kind,provider', format: 'xml' })).json(400);
    expect(bad.invalidParams?.map((p) => p.name).sort()).toEqual(['query.format', 'query.from', 'query.groupBy', 'query.to']);
    expect((await report({ from: '2026-06-01', to: '2026-05-31' })).json(400).invalidParams?.map((p) => p.name)).toEqual(['query.to']);
  });

  it('as CSV (Accept: text/csv or format=csv): UTF-8 with BOM, semicolons, CRLF, suppressed cells empty with the reason, a file name with the period', async () => {
    const res = await w.request('GET', `/v1/municipalities/${w.A.id}/barrier-report?from=${from}&to=${to}`, { token: w.A.people['contract-manager'].token, headers: { Accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="belemmeringen-${from}_${to}.csv"`);
    // The byte order mark, read as bytes (a plain text() would drop it).
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe('level;label;kind;barriers;youngPeople;suppressed;suppressionReason;barriersWithWaitingTime;averageWaitingWeeks;medianWaitingWeeks;waitingSuppressed;waitingSuppressionReason');
    expect(lines[1]).toBe('total;Hele gemeente;;21;6;false;;13;8.5;6;false;');
    expect(lines).toContain('group;Geen gecontracteerde aanbieder;no-provider;;;true;small-number;;;;true;small-number');
    expect(lines).toContain('group;Wachtlijst voor hulp;waiting-list;5;5;false;;;;;true;complementary');
    expect(lines).toContain('group;Hulp nodig maar niet beschikbaar;not-available;6;6;false;;6;3.5;3.5;false;');

    const viaQuery = await report({ from, to, format: 'csv', groupBy: 'kind,provider' }, w.A.people.analyst.token, w.A.id, { 'Accept-Language': 'en' });
    expect(viaQuery.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const en = viaQuery.text.split('\r\n');
    expect(en[0]?.startsWith('level;label;kind;providerId;providerName;barriers;')).toBe(true);
    expect(en[1]?.startsWith('total;Whole municipality;;;;21;6;')).toBe(true);
    expect(en).toContain(`subgroup;Waiting list for help / Zorgaanbieder P1;waiting-list;${w.P1.id};Zorgaanbieder P1;5;5;false;;;;;true;complementary`);
    // JSON stays the default, and wins when the client prefers it.
    expect((await report({ from, to }, w.A.people.analyst.token, w.A.id, { Accept: 'application/json, text/csv' })).headers.get('content-type')).toMatch(/application\/json/);
  });

  it('every municipal role may read it (aggregates only); each municipality sees only its own barriers', async () => {
    for (const role of ['admin', 'contract-manager', 'case-manager', 'analyst'] as const) expect((await report({ from, to }, w.A.people[role].token)).status).toBe(200);
    const inB = await sent(w.B);
    (await record(inB, { kind: 'no-phasing', notedOn: day }, cm(w.B).token, w.B.id)).json(201);
    const b = (await report({ from, to }, w.B.people.analyst.token, w.B.id)).json(200);
    expect(b.rows.map((x) => [x.level, x.kind])).toEqual([
      ['total', undefined],
      ['group', 'no-phasing'],
    ]);
    const a = (await report({ from, to })).json(200);
    expect(a.rows.map((x) => x.kind)).not.toContain('no-phasing');
    expect(a.rows[0]?.barriers).toBe(21);
    expect([403, 404]).toContain((await report({ from, to }, w.A.people.analyst.token, w.B.id)).status);
  });
});

describe('in the database', () => {
  it('append-only: the request role may not UPDATE or DELETE, and the trigger refuses the owner too', async () => {
    const id = await sent();
    (await record(id, { kind: 'no-phasing', notedOn: today })).json(201);
    for (const statement of [sql`update barriers set kind = 'unclear-perspective'`, sql`delete from barriers`]) {
      await expect(
        inAppTransaction(w.db, async (trx) => {
          await setContext(trx, { tenantId: w.A.id });
          await statement.execute(trx);
        }),
      ).rejects.toThrow(/permission denied/);
    }
    await expect(sql`update barriers set kind = 'unclear-perspective'`.execute(w.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from barriers`.execute(w.db)).rejects.toThrow(/append-only/);
  });

  it("row-level security: another tenant sees none of A's barriers and cannot write into A", async () => {
    const id = await sent();
    (await record(id, { kind: 'no-phasing', notedOn: today })).json(201);
    const seen = (tenantId: string) =>
      inAppTransaction(w.db, async (trx) => {
        await setContext(trx, { tenantId });
        return (await sql<{ n: number }>`select count(*)::int as n from barriers where tenant_id = ${w.A.id}`.execute(trx)).rows[0]?.n;
      });
    expect(await seen(w.B.id)).toBe(0);
    expect(await seen(w.A.id)).toBeGreaterThan(0);
    await expect(
      inAppTransaction(w.db, async (trx) => {
        await setContext(trx, { tenantId: w.B.id });
        await sql`insert into barriers (id, tenant_id, agreement_id, kind, noted_on, recorded_by)
                  values (gen_random_uuid(), ${w.A.id}, ${id}, 'no-phasing', ${today}, ${cm().userId})`.execute(trx);
      }),
    ).rejects.toThrow(/row-level security/);
  });
});
