// Property: over generated trajectories and measurements (several providers and product
// categories, random end dates and reasons, grades, follow-up answers, re-deliveries that
// supersede), every figure the API publishes equals an independent computation written here from
// the definitions — suppression (small numbers and complementary) included. Nothing from the
// indicators module is used to compute the expectation.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIndicatorJobs } from '../../src/modules/indicators/jobs.js';
import { uuidv7 } from '../../src/platform/crypto.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { insertContract } from '../support/contracts.js';
import { type MeasurementInput, type TrajectoryInput, loadOutcomes } from '../support/outcomes.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

// ---- the definitions, written out again ----

const DROPOUT_REASONS = new Set(['32']);
const FAVOURABLE = {
  housing: new Set(['independent', 'with-family', 'supported-living']),
  educationWork: new Set(['education', 'work', 'both']),
  incomeDebts: new Set(['income-no-debts', 'income-managed-debts']),
  network: new Set(['supportive']),
} as const;
const ANSWERS = {
  housing: ['independent', 'with-family', 'supported-living', 'institution', 'homeless', 'unknown'],
  educationWork: ['education', 'work', 'both', 'neither', 'unknown'],
  incomeDebts: ['income-no-debts', 'income-managed-debts', 'problematic-debts', 'no-income', 'unknown'],
  network: ['supportive', 'limited', 'none', 'unknown'],
} as const;
const DOMAINS = [
  ['housing', 'housing'],
  ['education-work', 'educationWork'],
  ['income-debts', 'incomeDebts'],
  ['network', 'network'],
] as const;
const INDICATORS = [
  'dropout',
  'satisfaction',
  'can-continue-without-help',
  'no-new-start-6-months',
  'goals-achieved',
  ...[3, 12].flatMap((m) => [...DOMAINS.map(([id]) => `follow-up-${m}-${id}`), `follow-up-${m}-no-new-youth-care`]),
];

/** PostgreSQL's date + interval 'n months': the day is clamped to the end of the month. */
function plusMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const days = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, days));
  return first.toISOString().slice(0, 10);
}

/** Half up, one decimal, exactly (BigInt). */
function rounded(numerator: number, denominator: number, scale: number): number {
  const v = (BigInt(2 * scale) * BigInt(numerator) + BigInt(denominator)) / (BigInt(2) * BigInt(denominator));
  return Number(v) / 10;
}

const slotOf = (m: MeasurementInput) => (m.kind === 'satisfaction' ? (m.informant ?? 'young-person') : m.kind === 'follow-up' ? String(m.moment) : '');
function current(t: TrajectoryInput): Map<string, MeasurementInput> {
  const out = new Map<string, MeasurementInput>();
  for (const m of t.measurements ?? []) out.set(`${m.kind}|${slotOf(m)}`, m);
  return out;
}

interface Counted {
  numerator: number;
  denominator: number;
  people: Set<string>;
  distribution: number[];
}

function expected(all: TrajectoryInput[], q: { from: string; to: string; asOf: string; informant: string }, threshold: number, view: { provider?: string }) {
  const visible = view.provider ? all.filter((t) => t.providerId === view.provider) : all;
  const cohort = visible.filter((t) => t.endDate && t.endDate >= q.from && t.endDate <= q.to);
  const groupsOf = (t: TrajectoryInput) => [...(view.provider ? [] : ['total||']), `provider|${t.providerId}|`, `category|${t.providerId}|${t.productCategory}`];
  const counts = new Map<string, Counted[]>();
  for (const t of cohort) for (const g of groupsOf(t)) if (!counts.has(g)) counts.set(g, INDICATORS.map(() => ({ numerator: 0, denominator: 0, people: new Set(), distribution: Array(10).fill(0) })));
  if (!view.provider && !counts.has('total||')) counts.set('total||', INDICATORS.map(() => ({ numerator: 0, denominator: 0, people: new Set(), distribution: Array(10).fill(0) })));

  for (const t of cohort) {
    const person = `${t.providerId}|${t.clientReference}`;
    const cur = current(t);
    const add = (indicator: string, numerator: number, denominator: number, grade?: number) => {
      const i = INDICATORS.indexOf(indicator);
      for (const g of groupsOf(t)) {
        const c = (counts.get(g) as Counted[])[i] as Counted;
        c.numerator += numerator;
        c.denominator += denominator;
        c.people.add(person);
        if (grade !== undefined) c.distribution[grade - 1] = (c.distribution[grade - 1] ?? 0) + 1;
      }
    };
    add('dropout', DROPOUT_REASONS.has(t.endReason as string) ? 1 : 0, 1);
    const sat = cur.get(`satisfaction|${q.informant}`);
    if (sat?.kind === 'satisfaction') add('satisfaction', sat.score, 1, sat.score);
    const cont = cur.get('continuation|');
    if (cont?.kind === 'continuation') add('can-continue-without-help', cont.canContinueWithoutHelp ? 1 : 0, 1);
    const windowEnd = plusMonths(t.endDate as string, 6);
    if (windowEnd <= q.asOf) {
      // Any trajectory of the same young person at the same provider in this municipality.
      const restarted = all.some((o) => o.providerId === t.providerId && o.clientReference === t.clientReference && o.startDate > (t.endDate as string) && o.startDate <= windowEnd);
      add('no-new-start-6-months', restarted ? 0 : 1, 1);
    }
    const goals = cur.get('goals|');
    if (goals?.kind === 'goals' && goals.goalsTotal > 0) add('goals-achieved', goals.goalsAchieved, goals.goalsTotal);
    for (const moment of [3, 12] as const) {
      const f = cur.get(`follow-up|${moment}`);
      if (f?.kind !== 'follow-up') continue;
      for (const [id, field] of DOMAINS) add(`follow-up-${moment}-${id}`, FAVOURABLE[field].has(f[field] as never) ? 1 : 0, 1);
      add(`follow-up-${moment}-no-new-youth-care`, f.newYouthCare === false ? 1 : 0, 1);
    }
  }

  // Suppression, as the definitions state it.
  const reason = new Map<string, (string | null)[]>();
  for (const [g, cs] of counts) reason.set(g, cs.map((c) => (c.people.size < threshold ? 'small-number' : null)));
  const keys = [...counts.keys()].sort((a, b) => {
    const [, pa = '', ca = ''] = a.split('|');
    const [, pb = '', cb = ''] = b.split('|');
    return pa < pb ? -1 : pa > pb ? 1 : ca < cb ? -1 : ca > cb ? 1 : 0;
  });
  const providers = keys.filter((k) => k.startsWith('provider|'));
  const categories = (p: string) => keys.filter((k) => k.startsWith(`category|${p.split('|')[1]}|`));
  const protect = (parent: string, children: string[], i: number) => {
    if ((reason.get(parent) as (string | null)[])[i] !== null || children.length < 2) return;
    const hidden = children.filter((c) => (reason.get(c) as (string | null)[])[i] !== null && ((counts.get(c) as Counted[])[i] as Counted).people.size > 0);
    if (hidden.length !== 1) return;
    let pick: string | null = null;
    for (const c of children) {
      if ((reason.get(c) as (string | null)[])[i] !== null) continue;
      if (pick === null || ((counts.get(c) as Counted[])[i] as Counted).people.size < ((counts.get(pick) as Counted[])[i] as Counted).people.size) pick = c;
    }
    if (pick) (reason.get(pick) as (string | null)[])[i] = 'complementary';
  };
  INDICATORS.forEach((_, i) => {
    if (!view.provider) protect('total||', providers, i);
    for (const p of providers) {
      if ((reason.get(p) as (string | null)[])[i] === 'complementary') {
        for (const c of categories(p)) if ((reason.get(c) as (string | null)[])[i] === null) (reason.get(c) as (string | null)[])[i] = 'complementary';
      } else protect(p, categories(p), i);
    }
  });

  const out = new Map<string, Record<string, unknown>[]>();
  for (const [g, cs] of counts) {
    out.set(
      g,
      cs.map((c, i) => {
        const indicator = INDICATORS[i] as string;
        const why = (reason.get(g) as (string | null)[])[i] ?? null;
        const grade = indicator === 'satisfaction';
        const figure: Record<string, unknown> = {
          indicator,
          value: why || c.denominator === 0 ? null : rounded(c.numerator, c.denominator, grade ? 10 : 1000),
          numerator: why ? null : c.numerator,
          denominator: why ? null : c.denominator,
          n: why ? null : c.people.size,
          suppressed: why !== null,
          suppressionReason: why,
        };
        if (grade) figure.distribution = why ? null : Object.fromEntries(c.distribution.map((v, j) => [String(j + 1), v]));
        return figure;
      }),
    );
  }
  return out;
}

// ---- generated data ----

const day = (offset: number) => new Date(Date.UTC(2024, 9, 1) + offset * 86_400_000).toISOString().slice(0, 10);
const MONTH_ENDS = ['2025-01-31', '2025-02-28', '2025-03-31', '2025-06-30', '2025-08-31', '2025-12-31', '2026-05-31'];
const endDate = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 640 }).map(day) }, { weight: 1, arbitrary: fc.constantFrom(...MONTH_ENDS) });
const answer = <T extends readonly string[]>(list: T) => fc.option(fc.constantFrom(...list), { freq: 6 });
const measurement: fc.Arbitrary<MeasurementInput> = fc.oneof(
  fc.record({ kind: fc.constant('satisfaction' as const), score: fc.integer({ min: 1, max: 10 }), informant: fc.constantFrom('young-person' as const, 'young-person' as const, 'parent' as const, 'other' as const) }),
  fc.record({ kind: fc.constant('continuation' as const), canContinueWithoutHelp: fc.boolean() }),
  fc.integer({ min: 0, max: 6 }).chain((total) => fc.record({ kind: fc.constant('goals' as const), goalsTotal: fc.constant(total), goalsAchieved: fc.integer({ min: 0, max: total }) })),
  fc.record({
    kind: fc.constant('follow-up' as const),
    moment: fc.constantFrom(3 as const, 12 as const),
    housing: answer(ANSWERS.housing),
    educationWork: answer(ANSWERS.educationWork),
    incomeDebts: answer(ANSWERS.incomeDebts),
    network: answer(ANSWERS.network),
    newYouthCare: fc.option(fc.boolean(), { freq: 6 }),
  }),
);
const trajectory = fc.record({
  provider: fc.integer({ min: 0, max: 2 }),
  client: fc.integer({ min: 0, max: 7 }),
  productCategory: fc.constantFrom('43', '45', '54'),
  ended: fc.boolean(),
  endDate,
  length: fc.integer({ min: 0, max: 400 }),
  endReason: fc.constantFrom('31', '32', '32', '33', '34', '35', '38', '02'),
  // Several of the same slot: later ones are re-deliveries.
  measurements: fc.array(measurement, { maxLength: 7 }),
});
const query = fc.record({
  period: fc.oneof(
    fc.constantFrom('2025-H1', '2025-H2', '2025', '2026-H1'),
    fc.tuple(fc.integer({ min: 0, max: 640 }), fc.integer({ min: 0, max: 400 })).map(([a, len]) => `${day(a)}/${day(Math.min(640, a + len))}`),
  ),
  asOf: fc.integer({ min: 90, max: 820 }).map(day),
  informant: fc.constantFrom('young-person', 'young-person', 'parent'),
  threshold: fc.integer({ min: 1, max: 4 }),
});

function periodOf(p: string): { from: string; to: string; params: string } {
  const half = /^(\d{4})-H([12])$/.exec(p);
  if (half) return half[2] === '1' ? { from: `${half[1]}-01-01`, to: `${half[1]}-06-30`, params: `period=${p}` } : { from: `${half[1]}-07-01`, to: `${half[1]}-12-31`, params: `period=${p}` };
  if (/^\d{4}$/.test(p)) return { from: `${p}-01-01`, to: `${p}-12-31`, params: `period=${p}` };
  const [from, to] = p.split('/') as [string, string];
  return { from, to, params: `from=${from}&to=${to}` };
}

/** A fresh municipality per run, with three providers under contract; A's analyst is a member. */
let runs = 0;
async function freshMunicipality(threshold: number) {
  runs++;
  const tenantId = uuidv7();
  const providerIds = [uuidv7(), uuidv7(), uuidv7()];
  await inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { operator: true });
    await trx.insertInto('tenants').values({ id: tenantId, name: `Gemeente ${tenantId.slice(-6)}`, cbs_code: `GM${5000 + runs}`, slug: `g-${tenantId.slice(-12)}`, small_number_threshold: threshold }).execute();
  });
  await inAppTransaction(w.db, async (trx) => {
    for (const [i, id] of providerIds.entries()) {
      await trx.insertInto('providers').values({ id, name: `Aanbieder ${i} ${id.slice(-4)}`, agb_code: String(60_000_000 + runs * 10 + i), kvk_number: String(70_000_000 + runs * 10 + i) }).execute();
    }
    await setContext(trx, { tenantId });
    await trx.insertInto('memberships').values({ tenant_id: tenantId, user_id: w.A.people.analyst.userId, roles: ['analyst'] }).execute();
    await trx.insertInto('provider_relations').values(providerIds.map((id) => ({ tenant_id: tenantId, provider_id: id }))).execute();
  });
  const contracts = [];
  for (const id of providerIds) contracts.push((await insertContract(w.db, { tenantId, providerId: id, products: [{ productCategory: '43' }, { productCategory: '45' }, { productCategory: '54' }] })).id);
  return { tenantId, providerIds, contracts };
}

let backgroundRecomputes = 0;

/** The scheduled job, with room for every stale year in the world's database; none of this municipality's is left. */
async function recomputeInBackground(tenantId: string) {
  backgroundRecomputes += (await runIndicatorJobs(w.db, { limit: 100_000 })).recomputed;
  const left = await inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { tenantId });
    return trx.selectFrom('indicator_rollups_stale').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  });
  expect(Number(left.n)).toBe(0);
}

interface ApiGroup {
  level: string;
  providerId: string | null;
  productCategory: string | null;
  figures: Record<string, unknown>[];
}

const strip = (f: Record<string, unknown>) => {
  const { unit: _unit, target: _target, ...rest } = f;
  return rest;
};

let published = 0;
let complementary = 0;

/**
 * Corrections after delivery, applied as the provider's writes would: a trajectory's end (date
 * and reason) changed, and the current value of a measurement slot withdrawn (superseded with no
 * new value). They move trajectories between periods and change the young person's next start.
 */
const correction = fc.record({
  trajectory: fc.nat(),
  endDate: fc.option(endDate, { freq: 3 }),
  endReason: fc.constantFrom('31', '32', '34'),
  withdrawSlot: fc.boolean(),
});

/** Compares what the API publishes (municipality, and the first provider's own view) with the independent computation. */
async function compareWithIndependent(m: { tenantId: string; providerIds: string[] }, input: TrajectoryInput[], q: { period: string; asOf: string; informant: string; threshold: number }) {
  const period = periodOf(q.period);
  const params = `${period.params}&asOf=${q.asOf}&informant=${q.informant}`;
  const res = await w.request('GET', `/v1/municipalities/${m.tenantId}/indicators?${params}`, { token: w.A.people.analyst.token });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { threshold: number; groups: ApiGroup[] };
  expect(body.threshold).toBe(q.threshold);
  const want = expected(input, { ...period, asOf: q.asOf, informant: q.informant }, q.threshold, {});
  const got = new Map(body.groups.map((g) => [`${g.level}|${g.providerId ?? ''}|${g.productCategory ?? ''}`, g.figures.map(strip)]));
  expect(new Set(got.keys())).toEqual(new Set(want.keys()));
  for (const [k, figures] of want) expect(got.get(k), k).toEqual(figures);
  if (process.env.FC_DEBUG) console.log(JSON.stringify({ n: input.length, ended: input.filter((t) => t.endDate).length, q, groups: body.groups.length, fig: body.groups[0]?.figures[0] }));
  published += body.groups.flatMap((g) => g.figures).filter((f) => f.suppressed === false && f.value !== null).length;
  complementary += body.groups.flatMap((g) => g.figures).filter((f) => f.suppressionReason === 'complementary').length;

  // The provider's view of the first provider: its own groups only, no municipal total.
  const own = m.providerIds[0] as string;
  const pres = await w.request('GET', `/v1/providers/${own}/municipalities/${m.tenantId}/indicators?${params}`, { token: w.P1.staff.token });
  expect(pres.status).toBe(200);
  const pbody = (await pres.json()) as { groups: ApiGroup[] };
  const pwant = expected(input, { ...period, asOf: q.asOf, informant: q.informant }, q.threshold, { provider: own });
  const pgot = new Map(pbody.groups.map((g) => [`${g.level}|${g.providerId ?? ''}|${g.productCategory ?? ''}`, g.figures.map(strip)]));
  expect(new Set(pgot.keys())).toEqual(new Set(pwant.keys()));
  for (const [k, figures] of pwant) expect(pgot.get(k), k).toEqual(figures);
}

describe('indicators equal an independent computation', () => {
  // In three steps, each read and compared: a first part of the delivery, the rest (more
  // trajectories of the same young people: their next starts change), then corrections. The
  // figures of a year or a half-year come from rollups recomputed after writes (migration 0027),
  // so each step checks that every kind of write reaches them.
  it('for generated trajectories and measurements, suppression included, after each delivery and correction', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(trajectory, { minLength: 6, maxLength: 30, size: 'large' }),
        query,
        fc.nat(),
        fc.array(correction, { maxLength: 4 }),
        fc.boolean(),
        async (generated, q, splitAt, corrections, inBackground) => {
          const m = await freshMunicipality(q.threshold);
          const own = m.providerIds[0] as string;
          await inAppTransaction(w.db, async (trx) => {
            await setContext(trx, { providerId: own });
            await trx.insertInto('provider_members').values({ provider_id: own, user_id: w.P1.staff.userId, roles: ['staff'] }).execute();
          });
          const input: TrajectoryInput[] = generated.map((t) => {
            const end = t.endDate;
            const start = day(Math.max(-300, Math.round((Date.parse(end) - Date.UTC(2024, 9, 1)) / 86_400_000) - t.length));
            return {
              providerId: m.providerIds[t.provider] as string,
              contractId: m.contracts[t.provider] as string,
              clientReference: `y${t.client}`,
              productCategory: t.productCategory,
              startDate: start,
              endDate: t.ended ? end : null,
              endReason: t.ended ? t.endReason : null,
              measurements: t.measurements,
            };
          });
          const split = splitAt % input.length;
          const ids = await loadOutcomes(w.db, m.tenantId, input.slice(0, split));
          if (split > 0) await compareWithIndependent(m, input.slice(0, split), q);
          ids.push(...(await loadOutcomes(w.db, m.tenantId, input.slice(split))));
          // Half the runs let the scheduled job recompute the stale years first: the reads below
          // then find nothing stale and read what the job wrote.
          if (inBackground) await recomputeInBackground(m.tenantId);
          await compareWithIndependent(m, input, q);

          if (corrections.length === 0) return;
          for (const c of corrections) {
            const k = c.trajectory % input.length;
            const t = input[k] as TrajectoryInput;
            const id = ids[k] as string;
            const withdrawn = c.withdrawSlot ? t.measurements?.at(-1) : undefined;
            await inAppTransaction(w.db, async (trx) => {
              await setContext(trx, { providerId: t.providerId });
              // An end date before the start would be refused by the API; keep the data valid.
              const endDate = c.endDate !== null && c.endDate >= t.startDate ? c.endDate : null;
              await trx
                .updateTable('trajectories')
                .set({ end_date: endDate, end_reason: endDate ? c.endReason : null })
                .where('tenant_id', '=', m.tenantId)
                .where('id', '=', id)
                .execute();
              t.endDate = endDate;
              t.endReason = endDate ? c.endReason : null;
              if (withdrawn) {
                const slot = slotOf(withdrawn);
                await trx
                  .updateTable('outcome_measurements')
                  .set({ superseded_at: new Date() })
                  .where('tenant_id', '=', m.tenantId)
                  .where('trajectory_id', '=', id)
                  .where('kind', '=', withdrawn.kind)
                  .where('slot', '=', slot)
                  .where('superseded_at', 'is', null)
                  .execute();
                t.measurements = (t.measurements ?? []).filter((x) => !(x.kind === withdrawn.kind && slotOf(x) === slot));
              }
            });
          }
          if (inBackground) await recomputeInBackground(m.tenantId);
          await compareWithIndependent(m, input, q);
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 20), seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined },
    );
    // Not vacuous: the runs published figures. Whether a random run also needs complementary
    // suppression depends on the draw (it is counted for FC_DEBUG runs); tests/modules/indicators.test.ts
    // proves both complementary cases on fixed data, so CI does not hinge on the draw.
    expect(published).toBeGreaterThan(0);
    // And the scheduled job recomputed stale years in some of them (half the runs let it).
    expect(backgroundRecomputes).toBeGreaterThan(0);
    if (process.env.FC_DEBUG) console.log(JSON.stringify({ published, complementary }));
  }, 180_000);
});
