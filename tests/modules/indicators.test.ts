// Outcome indicators on a small hand-made data set: every definition with its exact expected
// figure, suppression at the threshold and complementary suppression, targets, CSV, period
// errors, the provider's view, roles and isolation between municipalities and providers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/platform/crypto.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { insertContract } from '../support/contracts.js';
import { type TrajectoryInput, loadOutcomes } from '../support/outcomes.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let P3: string;
let c1Id: string;
const base = () => `/v1/municipalities/${w.A.id}/indicators`;
const analyst = () => w.A.people.analyst.token;
const Q = 'period=2025-H1&asOf=2026-06-01';

interface Figure {
  indicator: string;
  unit: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  n: number | null;
  suppressed: boolean;
  suppressionReason: string | null;
  distribution?: Record<string, number> | null;
  target?: { comparator: string; value: number; assessment: string } | null;
}
interface Group {
  level: string;
  providerId: string | null;
  providerName: string | null;
  productCategory: string | null;
  figures: Figure[];
}
interface Report {
  period: { from: string; to: string; label: string };
  asOf: string;
  threshold: number;
  groups: Group[];
}

async function get(path: string, token = analyst()): Promise<Report> {
  const res = await w.request('GET', path, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Report;
}
const group = (r: Report, level: string, providerId: string | null = null, productCategory: string | null = null) => {
  const g = r.groups.find((x) => x.level === level && x.providerId === providerId && x.productCategory === productCategory);
  if (!g) throw new Error(`no group ${level} ${providerId} ${productCategory}`);
  return g;
};
const fig = (g: Group, indicator: string) => g.figures.find((f) => f.indicator === indicator) as Figure;

async function setThreshold(tenantId: string, value: number) {
  await inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { tenantId });
    await trx.updateTable('tenants').set({ small_number_threshold: value }).where('id', '=', tenantId).execute();
  });
}

beforeAll(async () => {
  w = await createWorld();
  // A second provider for municipality A.
  P3 = uuidv7();
  await inAppTransaction(w.db, async (trx) => {
    await trx.insertInto('providers').values({ id: P3, name: 'Zorgaanbieder P3', agb_code: '33333333', kvk_number: '33333333' }).execute();
    await setContext(trx, { tenantId: w.A.id });
    await trx.insertInto('provider_relations').values({ tenant_id: w.A.id, provider_id: P3 }).execute();
  });
  const year = { periodStart: '2025-01-01', periodEnd: '2025-12-31' };
  const c1 = await insertContract(w.db, {
    tenantId: w.A.id,
    providerId: w.P1.id,
    reference: 'IND-C1',
    products: [{ productCategory: '45' }, { productCategory: '43' }],
    targets: [
      { indicator: 'dropout', comparator: 'at-most', value: 40, ...year },
      { indicator: 'satisfaction', comparator: 'at-least', value: 7.5, ...year },
      { indicator: 'goals-achieved', comparator: 'at-least', value: 50, ...year },
      { indicator: 'can-continue-without-help', comparator: 'at-least', value: 50, ...year },
      // Covers only part of the year: not a target for 2025-H1 as a whole.
      { indicator: 'no-new-start-6-months', comparator: 'at-least', value: 90, periodStart: '2025-03-01', periodEnd: '2025-12-31' },
    ],
  });
  c1Id = c1.id;
  // A draft contract's targets are not agreed: they must not appear.
  await insertContract(w.db, { tenantId: w.A.id, providerId: w.P1.id, status: 'draft', targets: [{ indicator: 'follow-up-3-housing', comparator: 'at-least', value: 1, ...year }] });
  const c3 = await insertContract(w.db, { tenantId: w.A.id, providerId: P3, products: [{ productCategory: '45' }] });
  const cB = await insertContract(w.db, { tenantId: w.B.id, providerId: w.P2.id, products: [{ productCategory: '45' }] });

  const p1 = (t: Omit<TrajectoryInput, 'providerId' | 'contractId'>): TrajectoryInput => ({ providerId: w.P1.id, contractId: c1.id, ...t });
  const p3 = (t: Omit<TrajectoryInput, 'providerId' | 'contractId'>): TrajectoryInput => ({ providerId: P3, contractId: c3.id, ...t });
  const sat = (score: number, informant: 'young-person' | 'parent' = 'young-person') => ({ kind: 'satisfaction' as const, score, informant });
  const cont = (v: boolean) => ({ kind: 'continuation' as const, canContinueWithoutHelp: v });
  const goals = (a: number, t: number) => ({ kind: 'goals' as const, goalsAchieved: a, goalsTotal: t });
  const fu = (moment: 3 | 12, housing: string, educationWork: string, incomeDebts: string, network: string, newYouthCare: boolean | null) => ({ kind: 'follow-up' as const, moment, housing, educationWork, incomeDebts, network, newYouthCare });

  await loadOutcomes(w.db, w.A.id, [
    // P1, category 45: six young people ended in 2025-H1.
    p1({ clientReference: 'c1', productCategory: '45', startDate: '2024-03-01', endDate: '2025-02-10', endReason: '32', measurements: [sat(8), sat(3, 'parent'), cont(true), goals(2, 4), fu(3, 'independent', 'neither', 'problematic-debts', 'supportive', false), fu(12, 'homeless', 'neither', 'no-income', 'none', true)] }),
    p1({ clientReference: 'c2', productCategory: '45', startDate: '2024-04-01', endDate: '2025-03-01', endReason: '31', measurements: [sat(6), cont(false), goals(3, 3), fu(3, 'with-family', 'work', 'income-no-debts', 'limited', false), sat(9)] }),
    p1({ clientReference: 'c3', productCategory: '45', startDate: '2024-05-01', endDate: '2025-04-15', endReason: '31', measurements: [sat(7), cont(true), goals(0, 0), fu(3, 'independent', 'education', 'no-income', 'supportive', true), fu(3, 'homeless', 'education', 'no-income', 'supportive', true)] }),
    p1({ clientReference: 'c4', productCategory: '45', startDate: '2024-06-01', endDate: '2025-05-31', endReason: '34', measurements: [sat(10), cont(true), goals(1, 2), cont(false)] }),
    p1({ clientReference: 'c5', productCategory: '45', startDate: '2024-07-01', endDate: '2025-06-30', endReason: '32' }),
    p1({ clientReference: 'c6', productCategory: '45', startDate: '2024-01-01', endDate: '2025-01-05', endReason: '31', measurements: [sat(8), cont(true), goals(4, 5), fu(3, 'institution', 'both', 'income-managed-debts', 'none', false)] }),
    // New starts of the same young people: c3 within six months, c4 on the last day of the
    // window, c5 the day after it.
    p1({ clientReference: 'c3', productCategory: '45', startDate: '2025-08-01' }),
    p1({ clientReference: 'c4', productCategory: '45', startDate: '2025-11-30' }),
    p1({ clientReference: 'c5', productCategory: '45', startDate: '2025-12-31' }),
    // Ended outside 2025-H1 and still open: not in the cohort. c6's second trajectory starts on
    // the day the first ended: not after it, so not a new start.
    p1({ clientReference: 'c6', productCategory: '45', startDate: '2025-01-05', endDate: '2025-07-01', endReason: '32', measurements: [sat(1)] }),
    p1({ clientReference: 'c7', productCategory: '45', startDate: '2025-02-01', measurements: [sat(1)] }),
    // P1, category 43: two young people.
    p1({ clientReference: 'd1', productCategory: '43', startDate: '2024-01-01', endDate: '2025-03-10', endReason: '31', measurements: [sat(5), goals(0, 1), fu(3, 'supported-living', 'unknown', 'unknown', 'supportive', false)] }),
    p1({ clientReference: 'd2', productCategory: '43', startDate: '2024-01-01', endDate: '2025-04-10', endReason: '32', measurements: [sat(4)] }),
    // P3: five young people (exactly the default threshold); pseudonym c1 here is someone else.
    ...['c1', 'e2', 'e3', 'e4', 'e5'].map((client, i) =>
      p3({ clientReference: client, productCategory: '45', startDate: '2024-09-01', endDate: '2025-06-01', endReason: '31', measurements: [sat([7, 7, 8, 8, 9][i] as number), ...(i < 2 ? [cont(true)] : [])] }),
    ),
  ]);
  // Municipality B: P2's data, which A must never see.
  await loadOutcomes(w.db, w.B.id, sevenDropouts(cB.id));
});

/** P2's seven young people who all ended in 2025-H1 as dropouts (b0 … b6), under the contract given. */
const sevenDropouts = (contractId: string): TrajectoryInput[] =>
  Array.from({ length: 7 }, (_, i) => ({ providerId: w.P2.id, contractId, clientReference: `b${i}`, productCategory: '45', startDate: '2024-01-01', endDate: '2025-02-01', endReason: '32' }));

/** A municipality of the test's own working with P2, with B's data set, and an analyst there. */
async function likeB(): Promise<{ id: string; analystToken: string }> {
  const id = uuidv7();
  // GM9000–GM9999: clear of the world's GM0001 and GM0002.
  const n = 9000 + (Number.parseInt(id.slice(-4), 16) % 1000);
  await inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { operator: true });
    await trx.insertInto('tenants').values({ id, name: `Gemeente Gamma ${n}`, cbs_code: `GM${n}`, slug: `gamma-${id.slice(-12)}` }).execute();
    await setContext(trx, { operator: false, tenantId: id });
    await trx.insertInto('provider_relations').values({ tenant_id: id, provider_id: w.P2.id }).execute();
  });
  const contract = await insertContract(w.db, { tenantId: id, providerId: w.P2.id, products: [{ productCategory: '45' }] });
  await loadOutcomes(w.db, id, sevenDropouts(contract.id));
  const analyst = await w.person('gamma-analyst', { municipalities: [{ id, roles: ['analyst'] }] });
  return { id, analystToken: analyst.token };
}
afterAll(async () => w?.close());

describe('definitions on a hand-made data set', () => {
  it('gives every figure of the provider exactly', async () => {
    const r = await get(`${base()}?${Q}`);
    expect(r.period).toEqual({ from: '2025-01-01', to: '2025-06-30', label: '2025-H1' });
    expect(r.asOf).toBe('2026-06-01');
    expect(r.threshold).toBe(5);
    const p1 = group(r, 'provider', w.P1.id);
    expect(p1.providerName).toBe('Zorgaanbieder P1');
    // 3 of 8 trajectories ended with reason 32.
    expect(fig(p1, 'dropout')).toMatchObject({ unit: 'percent', value: 37.5, numerator: 3, denominator: 8, n: 8, suppressed: false, suppressionReason: null });
    // Grades 8, 9 (re-delivered over 6), 7, 10, 8, 5, 4: 51 / 7 = 7.29.
    expect(fig(p1, 'satisfaction')).toMatchObject({ unit: 'grade', value: 7.3, numerator: 51, denominator: 7, n: 7, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 1, '6': 0, '7': 1, '8': 2, '9': 1, '10': 1 } });
    // 6 of 8: c3 restarted within the window, c4 on its last day; c5 the day after does not count.
    expect(fig(p1, 'no-new-start-6-months')).toMatchObject({ value: 75, numerator: 6, denominator: 8, n: 8 });
    // 2+3+1+4+0 of 4+3+2+5+1 goals (c3 with no goals is left out): 10/15.
    expect(fig(p1, 'goals-achieved')).toMatchObject({ value: 66.7, numerator: 10, denominator: 15, n: 5 });
    // Follow-up at 3 months for c1, c2, c3 (re-delivered), c6, d1.
    expect(fig(p1, 'follow-up-3-housing')).toMatchObject({ value: 60, numerator: 3, denominator: 5, n: 5 });
    expect(fig(p1, 'follow-up-3-education-work')).toMatchObject({ value: 60, numerator: 3, n: 5 });
    expect(fig(p1, 'follow-up-3-income-debts')).toMatchObject({ value: 40, numerator: 2, n: 5 });
    expect(fig(p1, 'follow-up-3-network')).toMatchObject({ value: 60, numerator: 3, n: 5 });
    expect(fig(p1, 'follow-up-3-no-new-youth-care')).toMatchObject({ value: 80, numerator: 4, n: 5 });
    // Only c1 has a 12-month follow-up.
    expect(fig(p1, 'follow-up-12-housing')).toMatchObject({ value: null, numerator: null, denominator: null, n: null, suppressed: true, suppressionReason: 'small-number' });
  });

  it('gives the municipal total over both providers', async () => {
    const total = group(await get(`${base()}?${Q}`), 'total');
    expect(total.providerId).toBeNull();
    expect(fig(total, 'dropout')).toMatchObject({ value: 23.1, numerator: 3, denominator: 13, n: 13 });
    expect(fig(total, 'satisfaction')).toMatchObject({ value: 7.5, numerator: 90, denominator: 12, n: 12 });
    // c1, c3, c6 at P1 and two at P3 of 7: the re-delivered false for c4 counts.
    expect(fig(total, 'can-continue-without-help')).toMatchObject({ value: 71.4, numerator: 5, denominator: 7, n: 7 });
    expect(fig(total, 'no-new-start-6-months')).toMatchObject({ value: 84.6, numerator: 11, denominator: 13, n: 13 });
    expect(total.figures.every((f) => f.target === undefined)).toBe(true);
  });

  it('counts young people per provider: the same pseudonym at two providers is two people', async () => {
    const r = await get(`${base()}?${Q}`);
    expect(fig(group(r, 'provider', P3), 'dropout')).toMatchObject({ value: 0, n: 5 });
    expect(fig(group(r, 'total'), 'dropout').n).toBe(13);
  });

  it('only counts 6-month windows that have passed by asOf', async () => {
    const p1 = group(await get(`${base()}?period=2025-H1&asOf=2025-12-01`), 'provider', w.P1.id);
    // c5's window ends 2025-12-30: not yet passed. 5 of the 7 others did not start again.
    expect(fig(p1, 'no-new-start-6-months')).toMatchObject({ value: 71.4, numerator: 5, denominator: 7, n: 7 });
  });

  it('takes another informant’s grades when asked', async () => {
    const r = await get(`${base()}?${Q}&informant=parent`);
    expect(fig(group(r, 'provider', w.P1.id), 'satisfaction')).toMatchObject({ suppressed: true, value: null, distribution: null });
  });

  it('computes a year and a custom range', async () => {
    const year = group(await get(`${base()}?period=2025&asOf=2026-06-01`), 'provider', w.P1.id);
    // The year adds c6's second trajectory (ended 2025-07-01, reason 32).
    expect(fig(year, 'dropout')).toMatchObject({ numerator: 4, denominator: 9, n: 8, value: 44.4 });
    const custom = await get(`${base()}?from=2025-01-01&to=2025-02-28&asOf=2026-06-01`);
    expect(custom.period.label).toBe('2025-01-01/2025-02-28');
    expect(fig(group(custom, 'total'), 'dropout')).toMatchObject({ suppressed: true, suppressionReason: 'small-number' });
  });
});

describe('suppression', () => {
  it('publishes at the threshold and suppresses below it, with complementary suppression', async () => {
    let r = await get(`${base()}?${Q}`);
    expect(fig(group(r, 'provider', P3), 'satisfaction')).toMatchObject({ value: 7.8, n: 5, suppressed: false });
    await setThreshold(w.A.id, 6);
    try {
      r = await get(`${base()}?${Q}`);
      expect(r.threshold).toBe(6);
      expect(fig(group(r, 'provider', P3), 'satisfaction')).toEqual({ indicator: 'satisfaction', unit: 'grade', value: null, numerator: null, denominator: null, n: null, suppressed: true, suppressionReason: 'small-number', distribution: null, target: null });
      // P1 alone next to a suppressed P3 would give P3 away (total − P1): it is suppressed too.
      expect(fig(group(r, 'provider', w.P1.id), 'satisfaction')).toMatchObject({ suppressed: true, suppressionReason: 'complementary', value: null });
      expect(fig(group(r, 'total'), 'satisfaction')).toMatchObject({ value: 7.5, n: 12 });
      // A provider suppressed that way takes its categories with it.
      expect(fig(group(r, 'category', w.P1.id, '45'), 'satisfaction')).toMatchObject({ suppressed: true });
    } finally {
      await setThreshold(w.A.id, 5);
    }
  });

  it('suppresses the sibling of a lone suppressed product category', async () => {
    const r = await get(`${base()}?${Q}`);
    expect(fig(group(r, 'category', w.P1.id, '43'), 'dropout')).toMatchObject({ suppressed: true, suppressionReason: 'small-number' });
    expect(fig(group(r, 'category', w.P1.id, '45'), 'dropout')).toMatchObject({ suppressed: true, suppressionReason: 'complementary', n: null });
    // P3 (n=2) is the lone suppressed provider for continuation: P1 (n=5) goes with it.
    expect(fig(group(r, 'provider', P3), 'can-continue-without-help')).toMatchObject({ suppressionReason: 'small-number' });
    expect(fig(group(r, 'provider', w.P1.id), 'can-continue-without-help')).toMatchObject({ suppressionReason: 'complementary' });
    // Both categories suppressed on their own: nothing more to hide.
    expect(fig(group(r, 'category', w.P1.id, '45'), 'follow-up-3-housing')).toMatchObject({ suppressionReason: 'small-number' });
  });

  it('filters select groups but never publish what the whole breakdown suppresses', async () => {
    const r = await get(`${base()}?${Q}&providerId=${w.P1.id}`);
    expect(r.groups.map((g) => [g.level, g.productCategory])).toEqual([
      ['provider', null],
      ['category', '43'],
      ['category', '45'],
    ]);
    expect(fig(group(r, 'category', w.P1.id, '45'), 'dropout').suppressionReason).toBe('complementary');
    const cat = await get(`${base()}?${Q}&productCategory=45`);
    expect(cat.groups.map((g) => g.providerId).sort()).toEqual([w.P1.id, P3].sort());
    expect(cat.groups.every((g) => g.level === 'category' && g.productCategory === '45')).toBe(true);
  });
});

describe('targets', () => {
  it('holds provider figures against the contract targets that cover the period', async () => {
    const r = await get(`${base()}?${Q}`);
    const p1 = group(r, 'provider', w.P1.id);
    // Each target names the contract it is agreed in (the dashboard links to it).
    expect(fig(p1, 'dropout').target).toEqual({ contractId: c1Id, contractReference: 'IND-C1', comparator: 'at-most', value: 40, periodStart: '2025-01-01', periodEnd: '2025-12-31', assessment: 'met' });
    expect(fig(p1, 'satisfaction').target).toMatchObject({ comparator: 'at-least', value: 7.5, assessment: 'not-met' });
    expect(fig(p1, 'goals-achieved').target).toMatchObject({ assessment: 'met' });
    expect(fig(p1, 'can-continue-without-help').target).toMatchObject({ assessment: 'not-enough-data' });
    // Period does not cover 2025-H1 whole; the draft contract's target does not count.
    expect(fig(p1, 'no-new-start-6-months').target).toBeNull();
    expect(fig(p1, 'follow-up-3-housing').target).toBeNull();
    expect(fig(group(r, 'provider', P3), 'dropout').target).toBeNull();
    expect(fig(group(r, 'category', w.P1.id, '45'), 'dropout').target).toBeUndefined();
  });

  it('shows a provider with targets but no data as not enough data', async () => {
    // No data and no targets for 2027-H1: only the (suppressed) municipal total.
    const empty = await get(`${base()}?period=2027-H1&asOf=2028-01-01`);
    expect(empty.groups.map((g) => g.level)).toEqual(['total']);
    expect(fig(group(empty, 'total'), 'dropout')).toMatchObject({ suppressed: true, n: null });
    await insertContract(w.db, { tenantId: w.A.id, providerId: P3, targets: [{ indicator: 'dropout', comparator: 'at-most', value: 10, periodStart: '2027-01-01', periodEnd: '2027-12-31' }] });
    const withTarget = await get(`${base()}?period=2027-H1&asOf=2028-01-01`);
    expect(fig(group(withTarget, 'provider', P3), 'dropout')).toMatchObject({ suppressed: true, value: null, target: { comparator: 'at-most', value: 10, assessment: 'not-enough-data' } });
    // One young person in 2025-H2: too few, so the satisfaction target cannot be judged.
    const few = group(await get(`${base()}?period=2025-H2&asOf=2026-06-01`), 'provider', w.P1.id);
    expect(fig(few, 'satisfaction')).toMatchObject({ suppressed: true, target: { assessment: 'not-enough-data' } });
  });
});

describe('CSV export', () => {
  it('has a header, one row per group × indicator, and empty suppressed cells', async () => {
    const res = await w.request('GET', `${base()}/export?${Q}`, { token: analyst() });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="indicatoren-2025-H1.csv"');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('level;providerId;providerName;productCategory;indicator;unit;value;numerator;denominator;n;suppressed;suppressionReason;targetComparator;targetValue;targetAssessment');
    const report = await get(`${base()}?${Q}`);
    expect(lines.length - 1).toBe(report.groups.length * 15);
    expect(lines).toContain(`provider;${w.P1.id};Zorgaanbieder P1;;dropout;percent;37.5;3;8;8;false;;at-most;40;met`);
    expect(lines).toContain(`category;${w.P1.id};Zorgaanbieder P1;43;dropout;percent;;;;;true;small-number;;;`);
    expect(lines).toContain('total;;;;satisfaction;grade;7.5;90;12;12;false;;;;');
  });

  it('refuses a bad period like the JSON operation', async () => {
    const res = await w.request('GET', `${base()}/export?period=2025-H3`, { token: analyst() });
    expect(res.status).toBe(400);
  });
});

describe('period and query errors', () => {
  const bad = async (query: string) => {
    const res = await w.request('GET', `${base()}?${query}`, { token: analyst() });
    expect(res.status).toBe(400);
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
    return ((await res.json()) as { invalidParams: { name: string; reason: string }[] }).invalidParams;
  };
  it('lists every problem at once', async () => {
    const params = await bad('from=2025-13-01&to=2024-01-01&informant=teacher&productCategory=9&providerId=nope&asOf=yesterday');
    expect(params.map((p) => p.name).sort()).toEqual(['query.asOf', 'query.from', 'query.informant', 'query.productCategory', 'query.providerId']);
  });
  it('names each kind of period mistake', async () => {
    expect((await bad('period=2025-H3'))[0]?.name).toBe('query.period');
    expect((await bad('period=25'))[0]?.name).toBe('query.period');
    expect((await bad(''))[0]?.reason).toMatch(/Give period/);
    expect((await bad('period=2025&from=2025-01-01'))[0]?.reason).toMatch(/not both/);
    expect((await bad('from=2025-06-01&to=2025-01-01'))[0]).toEqual({ name: 'query.to', reason: 'to must be on or after from.' });
    expect((await bad('from=2020-01-01&to=2025-12-31'))[0]?.reason).toMatch(/at most 5 years/);
    expect((await bad('from=2025-02-30&to=2025-03-01'))[0]?.name).toBe('query.from');
    expect((await bad('to=2025-03-01')).map((p) => p.name)).toEqual(['query.from']);
  });
});

describe('access and isolation', () => {
  it('lets every municipal role read, and nobody else', async () => {
    for (const role of ['admin', 'contract-manager', 'case-manager', 'analyst'] as const) {
      expect((await w.request('GET', `${base()}?${Q}`, { token: w.A.people[role].token })).status).toBe(200);
    }
    expect((await w.request('GET', `${base()}?${Q}`)).status).toBe(401);
    expect((await w.request('GET', `${base()}?${Q}`, { token: w.P1.admin.token })).status).toBe(404);
    expect((await w.request('GET', `${base()}?${Q}`, { token: w.P1.apiKey })).status).toBe(403);
  });

  it('keeps municipality B out of A’s figures and A’s data out of B’s', async () => {
    const res = await w.request('GET', `${base()}?${Q}`, { token: w.B.people.analyst.token });
    expect(res.status).toBe(404);
    expect((await w.request('GET', `${base()}/export?${Q}`, { token: w.B.people.admin.token })).status).toBe(404);
    const b = await get(`/v1/municipalities/${w.B.id}/indicators?${Q}`, w.B.people.analyst.token);
    expect(b.groups.map((g) => g.providerId)).toEqual([null, w.P2.id, w.P2.id]);
    expect(fig(group(b, 'total'), 'dropout')).toMatchObject({ value: 100, numerator: 7, n: 7 });
    expect(fig(group(b, 'total'), 'satisfaction')).toMatchObject({ suppressed: true });
  });

  it('gives a provider only its own groups, with the same definitions and threshold', async () => {
    const path = `/v1/providers/${w.P1.id}/municipalities/${w.A.id}/indicators?${Q}`;
    const r = await get(path, w.P1.apiKey);
    expect(r.groups.map((g) => [g.level, g.providerId, g.productCategory])).toEqual([
      ['provider', w.P1.id, null],
      ['category', w.P1.id, '43'],
      ['category', w.P1.id, '45'],
    ]);
    const p1 = group(r, 'provider', w.P1.id);
    expect(fig(p1, 'dropout')).toMatchObject({ value: 37.5, n: 8, target: { assessment: 'met' } });
    expect(fig(p1, 'no-new-start-6-months')).toMatchObject({ value: 75, n: 8 });
    // No municipal total in this view, so nothing to protect against: its own 3 of 5.
    expect(fig(p1, 'can-continue-without-help')).toMatchObject({ value: 60, n: 5, suppressed: false });
    expect(fig(group(r, 'category', w.P1.id, '45'), 'dropout').suppressionReason).toBe('complementary');
    // Narrow key (outcomes:read) and staff sessions may read; filters for another provider give nothing.
    expect((await get(path, w.P1.narrowKey)).groups).toHaveLength(3);
    expect((await get(path, w.P1.staff.token)).groups).toHaveLength(3);
    expect((await get(`${path}&providerId=${P3}`, w.P1.apiKey)).groups).toEqual([]);
  });

  it('hides municipalities the provider does not work with, and other providers', async () => {
    expect((await w.request('GET', `/v1/providers/${w.P1.id}/municipalities/${w.B.id}/indicators?${Q}`, { token: w.P1.apiKey })).status).toBe(404);
    expect((await w.request('GET', `/v1/providers/${w.P1.id}/municipalities/${w.A.id}/indicators?${Q}`, { token: w.P2.apiKey })).status).toBe(404);
    expect((await w.request('GET', `/v1/providers/${w.P2.id}/municipalities/${w.A.id}/indicators?${Q}`, { token: w.P2.apiKey })).status).toBe(404);
    expect((await w.request('GET', `/v1/providers/${w.P1.id}/municipalities/${w.A.id}/indicators?${Q}`, { token: w.A.people.analyst.token })).status).toBe(404);
  });
});

describe('dashboard page', () => {
  const page = (path: string, token?: string) => w.app.request(path, { headers: token ? { Cookie: `vervolg_session=${token}` } : {} });
  const dash = () => `/app/municipalities/${w.A.id}/indicators`;

  it('shows the figures, suppressed cells and targets in Dutch', async () => {
    const res = await page(`${dash()}?period=2025-H1&asOf=2026-06-01`, analyst());
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Uitkomstindicatoren – Gemeente Alpha');
    expect((html.match(/<svg role="img"/g) ?? []).length).toBe(15);
    expect((html.match(/<table>/g) ?? []).length).toBeGreaterThanOrEqual(15);
    // P1's dropout row: 37,5% of 8 young people, target at most 40% met.
    expect(html).toMatch(new RegExp(`<tr data-provider="${w.P1.id}"><th scope="row">Zorgaanbieder P1</th><td class="num">37,5%</td><td class="num">8</td><td>hoogstens 40,0% <span class="vv-target-contract">\\(<a class="utrecht-link" href="/app/municipalities/${w.A.id}/contracts/${c1Id}" data-contract="${c1Id}">contract IND-C1</a>\\)</span></td><td><span class="met">✓ gehaald</span></td></tr>`));
    expect(html).toContain('te weinig jongeren');
    expect(html).toContain('niet getoond (anders af te leiden)');
    expect(html).toContain('<option value="2025-H1" selected="">Eerste helft 2025</option>');
  });

  it('shows each contract target beside the indicator it targets, linked to its contract (in the staff shell)', async () => {
    const html = await (await page(`${dash()}?period=2025-H1&asOf=2026-06-01`, analyst())).text();
    const contract = `/app/municipalities/${w.A.id}/contracts/${c1Id}`;
    // The four targets that cover 2025-H1, each in its indicator's section, each linking to contract IND-C1.
    for (const indicator of ['dropout', 'satisfaction', 'goals-achieved', 'can-continue-without-help']) {
      const section = html.slice(html.indexOf(`id="ind-${indicator}-h"`), html.indexOf('</section>', html.indexOf(`id="ind-${indicator}-h"`) + 1) + 2000);
      const row = section.slice(section.indexOf(`<tr data-provider="${w.P1.id}">`), section.indexOf('</tr>', section.indexOf(`<tr data-provider="${w.P1.id}">`)));
      expect(row, indicator).toContain(`<a class="utrecht-link" href="${contract}" data-contract="${c1Id}">contract IND-C1</a>`);
    }
    // A target for part of the period only, and a draft's target, are not shown: no link in those sections.
    const partial = html.slice(html.indexOf('id="ind-no-new-start-6-months-h"'), html.indexOf('id="ind-goals-achieved-h"'));
    expect(partial).not.toContain('data-contract=');
    const draft = html.slice(html.indexOf('id="ind-follow-up-3-housing-h"'), html.indexOf('id="ind-follow-up-3-education-work-h"'));
    expect(draft).not.toContain('data-contract=');
    // The staff shell: the menu with the providers and the indicators (current), who is signed in.
    expect(html).toContain(`href="/app/municipalities/${w.A.id}/indicators" aria-current="page"`);
    expect(html).toContain(`href="/app/municipalities/${w.A.id}/providers"`);
    expect(html).toContain('Uitloggen');
    // In English the link keeps the language.
    const en = await (await page(`${dash()}?period=2025-H1&asOf=2026-06-01&lang=en`, analyst())).text();
    expect(en).toContain(`at most 40.0% <span class="vv-target-contract">(<a class="utrecht-link" href="${contract}?lang=en" data-contract="${c1Id}">contract IND-C1</a>)</span>`);
  });

  it('speaks English when asked', async () => {
    const html = await (await page(`${dash()}?period=2025-H1&asOf=2026-06-01&lang=en`, analyst())).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('37.5%');
    expect(html).toContain('too few young people');
    expect(html).toContain('✓ met');
  });

  it('refuses without a session, for another municipality and for a bad period', async () => {
    const anonymous = await page(`${dash()}?period=2025-H1`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(`/app/sign-in?next=${encodeURIComponent(dash())}`);
    const other = await page(`${dash()}?period=2025-H1`, w.B.people.analyst.token);
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain('Zorgaanbieder P1');
    const bad = await page(`${dash()}?period=2025-H9`, analyst());
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('half-year');
    expect((await page(`/app/municipalities/not-a-uuid/indicators`, analyst())).status).toBe(400);
    // The address from before the staff app leads to the same page.
    const old = await page(`/dashboard/municipalities/${w.A.id}/indicators?period=2025-H1`, analyst());
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe(`${dash()}?period=2025-H1`);
  });

  it('sends a password-only session to its second factor first, and shows no data', async () => {
    const res = await page(`${dash()}?period=2025-H1&asOf=2026-06-01`, await w.unverifiedSession(w.A.people.analyst));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/two-factor');
    expect(await res.text()).not.toContain('Zorgaanbieder P1');
    const operator = await page(`${dash()}?period=2025-H1&lang=en`, await w.unverifiedSession(w.operator));
    expect(operator.status).toBe(303);
    expect(operator.headers.get('location')).toBe('/app/two-factor?lang=en');
  });
});

describe('indicator facts follow corrections (migration 0011 triggers)', () => {
  // It changes the data it reads: in a municipality of its own with B's data set, not in B.
  it('reflects a changed trajectory, a new start and a re-delivered measurement', async () => {
    const { id: tenantId, analystToken: token } = await likeB();
    const path = `/v1/municipalities/${tenantId}/indicators?${Q}`;
    const ids = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { providerId: w.P2.id });
      const rows = await trx.selectFrom('trajectories').select(['id', 'client_reference', 'contract_id']).where('tenant_id', '=', tenantId).orderBy('client_reference').execute();
      // A re-delivery corrects b0's reason for ending (no longer dropout).
      await trx.updateTable('trajectories').set({ end_reason: '31', revision: 2 }).where('tenant_id', '=', tenantId).where('id', '=', rows[0]?.id as string).execute();
      // Everyone gets a grade 5; b2's is then re-delivered as 9.
      await trx
        .insertInto('outcome_measurements')
        .values(rows.map((r) => ({ tenant_id: tenantId, provider_id: w.P2.id, trajectory_id: r.id, kind: 'satisfaction' as const, slot: 'young-person', measured_on: '2025-02-01', score: 5, informant: 'young-person' as const })))
        .execute();
      return rows;
    });
    let b = await get(path, token);
    expect(fig(group(b, 'total'), 'dropout')).toMatchObject({ numerator: 6, denominator: 7, value: 85.7 });
    expect(fig(group(b, 'total'), 'satisfaction')).toMatchObject({ value: 5, n: 7 });
    expect(fig(group(b, 'total'), 'no-new-start-6-months')).toMatchObject({ numerator: 7, denominator: 7 });

    await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { providerId: w.P2.id });
      const b2 = ids[2]?.id as string;
      await trx.updateTable('outcome_measurements').set({ superseded_at: new Date() }).where('tenant_id', '=', tenantId).where('trajectory_id', '=', b2).where('superseded_at', 'is', null).execute();
      await trx.insertInto('outcome_measurements').values({ tenant_id: tenantId, provider_id: w.P2.id, trajectory_id: b2, kind: 'satisfaction', slot: 'young-person', measured_on: '2025-03-01', score: 9, informant: 'young-person' }).execute();
      // b1 starts again a month after ending: a new start within six months.
      await trx.insertInto('trajectories').values({ tenant_id: tenantId, id: uuidv7(), provider_id: w.P2.id, contract_id: ids[1]?.contract_id as string, reference: 'again-b1', client_reference: 'b1', product_category: '45', start_date: '2025-03-01' }).execute();
    });
    b = await get(path, token);
    expect(fig(group(b, 'total'), 'satisfaction')).toMatchObject({ numerator: 39, denominator: 7, value: 5.6 });
    expect(fig(group(b, 'total'), 'no-new-start-6-months')).toMatchObject({ numerator: 6, denominator: 7, value: 85.7 });
  });
});
