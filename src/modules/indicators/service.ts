// Outcome indicators (uitkomstindicatoren) per municipality, provider, product category and period.
//
// Everything is computed in one set-based SQL statement: the cohort (trajectories ended in the
// period) joined to its current measurements, reduced first per young person and then per group,
// so that "n" (distinct young people) needs no DISTINCT aggregate — that is what keeps a year of a
// large municipality within the time budget. Percentages are rounded here, from integer numerators
// and denominators, so the API, the CSV and the dashboard all show the same digits.
import { type RawBuilder, sql } from 'kysely';
import { JZ020, JZ588 } from '../../domain/ijw.js';
import { FOLLOW_UP_DOMAINS, type FollowUpDomain, INFORMANTS, type Informant, OUTCOME_INDICATORS, OUTCOME_INDICATOR_CODES, type OutcomeIndicator } from '../../domain/outcomes.js';
import { type Tx, sqlDay } from '../../platform/db/database.js';
import { type InvalidParam, badRequest, notFound } from '../../platform/errors.js';
import { isUuid } from '../../platform/http/params.js';
import { addMonths, todayInAmsterdam } from '../../platform/dates.js';

// ---- period and query ----

export interface Period {
  from: string;
  to: string;
  label: string;
}

export interface IndicatorQuery {
  period: Period;
  asOf: string;
  informant: Informant;
  providerId: string | null;
  productCategory: string | null;
}

/** The longest custom range: longer ones mix contract periods beyond recognition. */
export const MAX_RANGE_YEARS = 5;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * Parse the query of every indicator operation (API, CSV, dashboard) and list every problem at
 * once. `period` is `YYYY`, `YYYY-H1` or `YYYY-H2`; or `from` and `to` give a custom range.
 */
export function parseIndicatorQuery(raw: Record<string, string | undefined>, now: Date, options: { defaultPeriod?: string } = {}): IndicatorQuery {
  const problems: InvalidParam[] = [];
  const periodText = raw.period?.trim() || undefined;
  const fromText = raw.from?.trim() || undefined;
  const toText = raw.to?.trim() || undefined;
  let period: Period | null = null;

  if (periodText !== undefined && (fromText !== undefined || toText !== undefined)) {
    problems.push({ name: 'query.period', reason: 'Give either period, or from and to, not both.' });
  } else if (fromText !== undefined || toText !== undefined) {
    const fromOk = fromText !== undefined && validDate(fromText);
    const toOk = toText !== undefined && validDate(toText);
    if (fromText === undefined) problems.push({ name: 'query.from', reason: 'from is required with to (YYYY-MM-DD).' });
    else if (!fromOk) problems.push({ name: 'query.from', reason: 'Use a date as YYYY-MM-DD.' });
    if (toText === undefined) problems.push({ name: 'query.to', reason: 'to is required with from (YYYY-MM-DD).' });
    else if (!toOk) problems.push({ name: 'query.to', reason: 'Use a date as YYYY-MM-DD.' });
    if (fromOk && toOk) {
      const from = fromText as string;
      const to = toText as string;
      if (to < from) problems.push({ name: 'query.to', reason: 'to must be on or after from.' });
      else if (to >= addMonths(from, 12 * MAX_RANGE_YEARS)) problems.push({ name: 'query.to', reason: `A custom range may span at most ${MAX_RANGE_YEARS} years.` });
      else period = { from, to, label: `${from}/${to}` };
    }
  } else {
    const text = periodText ?? options.defaultPeriod;
    const m = text ? /^(\d{4})(?:-H([12]))?$/.exec(text) : null;
    if (!text) problems.push({ name: 'query.period', reason: 'Give period (2026, 2026-H1 or 2026-H2), or from and to.' });
    else if (!m || Number(m[1]) < 2000 || Number(m[1]) > 2100) problems.push({ name: 'query.period', reason: 'Use a year (2026) or a half-year (2026-H1, 2026-H2) between 2000 and 2100.' });
    else {
      const year = m[1] as string;
      if (m[2] === '1') period = { from: `${year}-01-01`, to: `${year}-06-30`, label: `${year}-H1` };
      else if (m[2] === '2') period = { from: `${year}-07-01`, to: `${year}-12-31`, label: `${year}-H2` };
      else period = { from: `${year}-01-01`, to: `${year}-12-31`, label: year };
    }
  }

  let asOf = todayInAmsterdam(now);
  if (raw.asOf !== undefined && raw.asOf !== '') {
    if (validDate(raw.asOf)) asOf = raw.asOf;
    else problems.push({ name: 'query.asOf', reason: 'Use a date as YYYY-MM-DD.' });
  }
  let informant: Informant = 'young-person';
  if (raw.informant !== undefined && raw.informant !== '') {
    if ((INFORMANTS as readonly string[]).includes(raw.informant)) informant = raw.informant as Informant;
    else problems.push({ name: 'query.informant', reason: `Use one of ${INFORMANTS.join(', ')}.` });
  }
  let providerId: string | null = null;
  if (raw.providerId !== undefined && raw.providerId !== '') {
    if (isUuid(raw.providerId)) providerId = raw.providerId.toLowerCase();
    else problems.push({ name: 'query.providerId', reason: 'Invalid UUID.' });
  }
  let productCategory: string | null = null;
  if (raw.productCategory !== undefined && raw.productCategory !== '') {
    if (raw.productCategory in JZ020) productCategory = raw.productCategory;
    else problems.push({ name: 'query.productCategory', reason: 'Use a JZ020 product category (two digits, e.g. 45).' });
  }
  if (problems.length > 0 || !period) {
    throw badRequest(`The request has ${problems.length} invalid ${problems.length === 1 ? 'field' : 'fields'} in the query.`, problems);
  }
  return { period, asOf, informant, providerId, productCategory };
}

// ---- the computation ----

export type Level = 'total' | 'provider' | 'category';
export type SuppressionReason = 'small-number' | 'complementary';
export type Assessment = 'met' | 'not-met' | 'not-enough-data';

export interface Target {
  /** The contract the target comes from, and its reference (for a link to it). */
  contractId: string;
  contractReference: string;
  comparator: 'at-most' | 'at-least';
  value: number;
  periodStart: string;
  periodEnd: string;
  assessment: Assessment;
}

export interface Figure {
  indicator: OutcomeIndicator;
  unit: 'percent' | 'grade';
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  n: number | null;
  suppressed: boolean;
  suppressionReason: SuppressionReason | null;
  distribution?: Record<string, number> | null;
  target?: Target | null;
}

export interface Group {
  level: Level;
  providerId: string | null;
  providerName: string | null;
  productCategory: string | null;
  figures: Figure[];
}

export interface IndicatorReport {
  period: Period;
  asOf: string;
  informant: Informant;
  threshold: number;
  groups: Group[];
}

/** The raw count of one figure, before suppression. */
interface Raw {
  numerator: number;
  denominator: number;
  n: number;
  distribution?: number[];
}

interface RawGroup {
  level: Level;
  providerId: string | null;
  productCategory: string | null;
  raw: Raw[];
}

/** A test on one indicator_facts row (alias f), as a SQL fragment. */
type Condition = RawBuilder<boolean>;

/** The codes whose answer counts as favourable, bound as parameters (`in ($1, $2, …)`). */
const oneOf = (column: string, codes: readonly string[]): Condition => sql<boolean>`${sql.ref(column)} in (${sql.join(codes)})`;
const favourableAnswers = (domain: FollowUpDomain) =>
  Object.entries(FOLLOW_UP_DOMAINS[domain].answers)
    .filter(([, a]) => a.favourable)
    .map(([code]) => code);
const DROPOUT_CODES = Object.entries(JZ588)
  .filter(([, r]) => r.dropout)
  .map(([code]) => code);

const DOMAIN_COLUMNS: Record<string, { domain: FollowUpDomain; column: string }> = {
  housing: { domain: 'housing', column: 'housing' },
  'education-work': { domain: 'educationWork', column: 'education_work' },
  'income-debts': { domain: 'incomeDebts', column: 'income_debts' },
  network: { domain: 'network', column: 'network' },
};

/** Every cohort trajectory: it needs no test, only its bit. */
const ALWAYS: Condition = sql<boolean>`true`;
/**
 * One fragment per follow-up moment, shared by the five figures of that moment, so that `bits`
 * (which groups indicators by the identity of their condition) tests it once.
 * The answers are only there with a follow-up of that moment (see migration 0011).
 */
const FOLLOW_UP_PRESENT: Record<string, Condition> = {
  '3': sql<boolean>`${sql.ref('f.follow_up_3')} is true`,
  '12': sql<boolean>`${sql.ref('f.follow_up_12')} is true`,
};

/**
 * Per indicator, whether one cohort trajectory is in the denominator (d) and in the numerator (u),
 * as SQL conditions on a facts row. Satisfaction and goals-achieved add values rather than
 * counts: their sums come from the score and the goal counts. `due` is the one fragment for
 * "the six-month window has passed by asOf", made once per query (asOf is a parameter).
 */
function conditions(indicator: OutcomeIndicator, due: Condition): { d: Condition; u: Condition | null } {
  switch (indicator) {
    case 'dropout':
      return { d: ALWAYS, u: oneOf('f.end_reason', DROPOUT_CODES) };
    case 'satisfaction':
      return { d: sql<boolean>`score is not null`, u: null };
    case 'can-continue-without-help':
      return { d: sql<boolean>`f.can_continue_without_help is not null`, u: sql<boolean>`f.can_continue_without_help is true` };
    case 'no-new-start-6-months':
      return { d: due, u: sql<boolean>`${due} and not f.new_start_within_6_months` };
    case 'goals-achieved':
      return { d: sql<boolean>`f.goals_total > 0`, u: null };
    default: {
      const m = /^follow-up-(3|12)-(.+)$/.exec(indicator);
      if (!m) throw new Error(`no definition for ${indicator}`);
      const moment = m[1] as string;
      const what = m[2] as string;
      const present = FOLLOW_UP_PRESENT[moment] as Condition;
      // The column names below are chosen from DOMAIN_COLUMNS and the two moments, never from input.
      if (what === 'no-new-youth-care') return { d: present, u: sql<boolean>`${sql.ref(`f.new_youth_care_${moment}`)} is false` };
      const dc = DOMAIN_COLUMNS[what];
      if (!dc) throw new Error(`no definition for ${indicator}`);
      return { d: present, u: oneOf(`f.${dc.column}_${moment}`, favourableAnswers(dc.domain)) };
    }
  }
}

const SATISFACTION = OUTCOME_INDICATOR_CODES.indexOf('satisfaction');
const GOALS = OUTCOME_INDICATOR_CODES.indexOf('goals-achieved');
const GRADES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/**
 * Each trajectory's conditions become two bit masks (bit i = indicator i), so that grouping by
 * the masks replaces some forty aggregates per row with one count. Indicators with the same
 * condition share one test (the five follow-up figures of a moment). The masks are constants
 * computed here, inlined as number literals.
 */
function bitMasks(due: Condition): { dBits: RawBuilder<number>; uBits: RawBuilder<number> } {
  const all = OUTCOME_INDICATOR_CODES.map((indicator) => conditions(indicator, due));
  const bits = (pick: (c: { d: Condition; u: Condition | null }) => Condition | null) => {
    const byCondition = new Map<Condition, number>();
    all.forEach((c, i) => {
      const condition = pick(c);
      if (condition) byCondition.set(condition, (byCondition.get(condition) ?? 0) | (1 << i));
    });
    const terms = [...byCondition].map(([condition, mask]) => (condition === ALWAYS ? sql.lit(mask) : sql`(case when ${condition} then ${sql.lit(mask)} else 0 end)`));
    return sql<number>`${sql.join(terms, sql` | `)}`;
  };
  return { dBits: bits((c) => c.d), uBits: bits((c) => c.u) };
}

const SCORE_COLUMNS: Record<Informant, string> = { 'young-person': 'f.score_young_person', parent: 'f.score_parent', other: 'f.score_other' };

interface TrajectoryRow {
  kind: 'trajectories';
  provider_id: string;
  cat: string;
  dbits: number;
  ubits: number;
  score: number | null;
  c: number;
  ga: number;
  gt: number;
}
interface PersonRow {
  kind: 'people';
  provider_id: string;
  cat: string | null;
  dbits: number;
  c: number;
}

const emptyRaw = (): Raw[] =>
  OUTCOME_INDICATOR_CODES.map((i) => ({ numerator: 0, denominator: 0, n: 0, ...(i === 'satisfaction' ? { distribution: GRADES.map(() => 0) } : {}) }));

/**
 * The cohort from indicator_facts (migration 0011: one row per trajectory with its current
 * measurements and the next start of the same young person), reduced in SQL to (1) trajectory
 * counts per provider × category and combination of conditions, and (2) young people per
 * provider (× category) and combination of conditions, de-duplicated in SQL. Numerators and
 * denominators add up from categories to providers to the total; n adds up from providers to the
 * total (a young person belongs to one provider), never from categories.
 */
async function computeRawFromFacts(trx: Tx, tenantId: string, q: IndicatorQuery, onlyProvider: string | null): Promise<RawGroup[]> {
  const providerFilter = onlyProvider ? sql`and f.provider_id = ${onlyProvider}::uuid` : sql``;
  // Transaction-local: JIT compilation costs more than this query, and the de-duplication of a
  // large cohort should hash in memory rather than sort on disk.
  await sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`.execute(trx);
  const { dBits, uBits } = bitMasks(sql<boolean>`f.window_end_date <= ${q.asOf}::date`);
  const statement = sql<TrajectoryRow | PersonRow>`
    with x as materialized (
      select f.provider_id, f.client_reference as client, f.product_category as cat, score,
             case when f.goals_total > 0 then f.goals_achieved else 0 end as ga,
             case when f.goals_total > 0 then f.goals_total else 0 end as gt,
             ${dBits} as dbits, ${uBits} as ubits
        from indicator_facts f, lateral (select ${sql.ref(SCORE_COLUMNS[q.informant])} as score) s
       where f.tenant_id = ${tenantId}::uuid and f.end_date >= ${q.period.from}::date and f.end_date <= ${q.period.to}::date ${providerFilter}
    ), people as (
      select provider_id, cat, grouping(cat) as lvl, bit_or(dbits) as dbits
        from x group by grouping sets ((provider_id, client, cat), (provider_id, client))
    )
    select 'trajectories' as kind, provider_id, cat, dbits, ubits, score, count(*)::int as c, sum(ga)::int as ga, sum(gt)::int as gt
      from x group by provider_id, cat, dbits, ubits, score
    union all
    select 'people', provider_id, case when lvl = 0 then cat end, dbits, null, null, count(*)::int, null, null
      from people group by provider_id, lvl, cat, dbits
  `;
  const { rows } = await statement.execute(trx);

  const { groups, at } = groupsBuilder();
  for (const row of rows) {
    const dbits = Number(row.dbits);
    const count = Number(row.c);
    if (row.kind === 'people') {
      const targets = row.cat === null ? [at('provider', row.provider_id, null), at('total', null, null)] : [at('category', row.provider_id, row.cat)];
      for (const g of targets) {
        OUTCOME_INDICATOR_CODES.forEach((_, i) => {
          if ((dbits >> i) & 1) (g.raw[i] as Raw).n += count;
        });
      }
      continue;
    }
    const ubits = Number(row.ubits);
    const score = row.score === null ? null : Number(row.score);
    for (const g of [at('category', row.provider_id, row.cat), at('provider', row.provider_id, null), at('total', null, null)]) {
      OUTCOME_INDICATOR_CODES.forEach((_, i) => {
        const raw = g.raw[i] as Raw;
        if (i === SATISFACTION) {
          if (score === null) return;
          raw.denominator += count;
          raw.numerator += count * score;
          const distribution = raw.distribution as number[];
          distribution[score - 1] = (distribution[score - 1] ?? 0) + count;
        } else if (i === GOALS) {
          raw.numerator += Number(row.ga);
          raw.denominator += Number(row.gt);
        } else {
          if ((dbits >> i) & 1) raw.denominator += count;
          if ((ubits >> i) & 1) raw.numerator += count;
        }
      });
    }
  }
  return [...groups.values()];
}

/** The groups of a report as they are filled in; the total exists even for an empty cohort. */
function groupsBuilder() {
  const groups = new Map<string, RawGroup>();
  const at = (level: Level, providerId: string | null, productCategory: string | null) => {
    const k = key({ level, providerId, productCategory });
    let g = groups.get(k);
    if (!g) {
      g = { level, providerId, productCategory, raw: emptyRaw() };
      groups.set(k, g);
    }
    return g;
  };
  at('total', null, null);
  return { groups, at };
}

// ---- rollups (migration 0027) ----
//
// A year or a half-year is read from indicator_rollups: per provider × product category and
// period, the sums of each indicator and the distinct young people per condition, recomputed
// from indicator_facts (with the same `conditions` as above) when a write has noted the year
// stale. Custom ranges are computed from indicator_facts as before. The figures are the same
// either way; tests/modules/indicators.property.test.ts holds both to an independent computation.

const NO_NEW_START = OUTCOME_INDICATOR_CODES.indexOf('no-new-start-6-months');
/** `people` has two entries after the indicators: young people with a grade from a parent, and from another informant. */
const PEOPLE_PARENT = OUTCOME_INDICATOR_CODES.length;
const PEOPLE_OTHER = OUTCOME_INDICATOR_CODES.length + 1;
const PEOPLE_SLOT: Record<Informant, number> = { 'young-person': SATISFACTION, parent: PEOPLE_PARENT, other: PEOPLE_OTHER };
const GRADE_COLUMNS: Record<Informant, string> = { 'young-person': 'grades_young_person', parent: 'grades_parent', other: 'grades_other' };

/** The rollup period a query asks for (a year, or a half-year, however it was written), or null for another range. */
export function rollupPeriod(period: Period): { label: string; year: number; half: boolean } | null {
  const year = period.from.slice(0, 4);
  if (period.to.slice(0, 4) !== year) return null;
  const span = `${period.from.slice(5)}/${period.to.slice(5)}`;
  if (span === '01-01/12-31') return { label: year, year: Number(year), half: false };
  if (span === '01-01/06-30') return { label: `${year}-H1`, year: Number(year), half: true };
  if (span === '07-01/12-31') return { label: `${year}-H2`, year: Number(year), half: true };
  return null;
}

const jsonList = (values: string[]) => sql`(select value::uuid from json_array_elements_text((${JSON.stringify(values)}::text)::json))`;

/**
 * Recompute the rollups of this year for the providers whose facts changed since they were last
 * computed (rows in indicator_rollups_stale), as far as this reader can see (a provider: its own).
 * Writers never wait for this: each writing transaction notes its own rows. Here, per (provider,
 * year), a transaction-scoped advisory lock makes concurrent readers recompute one after the other;
 * the notes deleted are those committed before the delete, and the recompute (a later statement)
 * sees at least their facts; a note committed meanwhile is not deleted and stays for the next read.
 */
export async function refreshStaleRollups(trx: Tx, tenantId: string, year: number, onlyProvider: string | null): Promise<void> {
  const providerFilter = onlyProvider ? sql`and provider_id = ${onlyProvider}::uuid` : sql``;
  const stale = await sql<{ provider_id: string }>`
    select distinct provider_id from indicator_rollups_stale where tenant_id = ${tenantId}::uuid and year = ${year} ${providerFilter}`.execute(trx);
  if (stale.rows.length === 0) return;
  const candidates = stale.rows.map((r) => r.provider_id).sort();
  // In one order for every reader: no deadlock between two of them.
  await sql`select count(pg_advisory_xact_lock(hashtextextended(${`indicator_rollups|${tenantId}|${year}|`} || p, 0)))
              from (select value as p from json_array_elements_text((${JSON.stringify(candidates)}::text)::json) order by value) s`.execute(trx);
  const cleared = await sql<{ provider_id: string }>`
    delete from indicator_rollups_stale where tenant_id = ${tenantId}::uuid and year = ${year} and provider_id in ${jsonList(candidates)}
    returning provider_id`.execute(trx);
  const providers = [...new Set(cleared.rows.map((r) => r.provider_id))];
  // Another reader recomputed them meanwhile (and has committed: its lock is released).
  if (providers.length === 0) return;
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  await sql`delete from indicator_rollups where tenant_id = ${tenantId}::uuid and year = ${year} and provider_id in ${jsonList(providers)}`.execute(trx);
  await sql`delete from indicator_rollup_days where tenant_id = ${tenantId}::uuid and end_date >= ${from}::date and end_date <= ${to}::date
              and provider_id in ${jsonList(providers)}`.execute(trx);
  await sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`.execute(trx);

  // Each trajectory's conditions as bits (no-new-start without its asOf cut-off: that is applied
  // per end date when read), and two more bits for a parent's and another informant's grade.
  const { dBits, uBits } = bitMasks(sql<boolean>`true`);
  const bit = (mask: string, i: number) => sql`(${sql.ref(mask)} >> ${sql.lit(i)}) & 1`;
  const bitSums = (mask: string, count: number) => sql`array[${sql.join(Array.from({ length: count }, (_, i) => sql`sum(${bit(mask, i)})`))}]::int[]`;
  const grades = (column: string) => sql`array[${sql.join(GRADES.map((g) => sql`count(*) filter (where ${sql.ref(column)} = ${sql.lit(g)})`))}]::int[]`;
  const periodLabel = sql`case p.half when 0 then ${String(year)} when 1 then ${`${year}-H1`} else ${`${year}-H2`} end`;
  const first = (partition: RawBuilder<unknown>) => sql`(row_number() over (partition by ${partition} order by end_date, trajectory_id) = 1)::int`;
  await sql`
    with x as materialized (
      select f.provider_id, f.client_reference as client, f.product_category as cat, f.end_date, f.trajectory_id,
             case when f.end_date < ${`${year}-07-01`}::date then 1 else 2 end as half,
             ${dBits} | (case when f.score_parent is not null then ${sql.lit(1 << PEOPLE_PARENT)} else 0 end)
                      | (case when f.score_other is not null then ${sql.lit(1 << PEOPLE_OTHER)} else 0 end) as dbits,
             ${uBits} as ubits, f.score_young_person as syp, f.score_parent as sp, f.score_other as so,
             case when f.goals_total > 0 then f.goals_achieved else 0 end as ga,
             case when f.goals_total > 0 then f.goals_total else 0 end as gt
        from indicator_facts f, lateral (select f.score_young_person as score) s
       where f.tenant_id = ${tenantId}::uuid and f.end_date >= ${from}::date and f.end_date <= ${to}::date and f.provider_id in ${jsonList(providers)}
    ), persons as (
      select provider_id, case when grouping(cat) = 0 then cat else '' end as cat, case when grouping(half) = 0 then half else 0 end as half,
             bit_or(dbits) as dbits
        from x group by grouping sets ((provider_id, client, cat, half), (provider_id, client, cat), (provider_id, client, half), (provider_id, client))
    ), people as (
      select provider_id, cat, half, ${bitSums('dbits', PEOPLE_OTHER + 1)} as people from persons group by provider_id, cat, half
    ), sums as (
      select provider_id, cat, case when grouping(half) = 0 then half else 0 end as half,
             ${bitSums('dbits', OUTCOME_INDICATOR_CODES.length)} as d, ${bitSums('ubits', OUTCOME_INDICATOR_CODES.length)} as u,
             ${grades('syp')} as gyp, ${grades('sp')} as gp, ${grades('so')} as go, sum(ga)::int as ga, sum(gt)::int as gt
        from x group by grouping sets ((provider_id, cat, half), (provider_id, cat))
    ), days as (
      insert into indicator_rollup_days (tenant_id, provider_id, product_category, end_date, trajectories, no_new_start, first_in_half, first_in_year)
      select ${tenantId}::uuid, provider_id, cat, end_date, sum(c)::int, sum(u)::int, sum(fh)::int, sum(fy)::int
        from (select provider_id, cat, end_date, 1 as c, ${bit('ubits', NO_NEW_START)} as u,
                     ${first(sql`provider_id, client, cat, half`)} as fh, ${first(sql`provider_id, client, cat`)} as fy
                from x
              union all
              select provider_id, '', end_date, 0, 0, ${first(sql`provider_id, client, half`)}, ${first(sql`provider_id, client`)}
                from x) r
       group by provider_id, cat, end_date
    )
    insert into indicator_rollups (tenant_id, provider_id, product_category, period, year, denominators, numerators, people,
                                   grades_young_person, grades_parent, grades_other, goals_achieved, goals_total)
    select ${tenantId}::uuid, p.provider_id, p.cat, ${periodLabel}, ${year}, s.d, s.u, p.people, s.gyp, s.gp, s.go, s.ga, s.gt
      from people p left join sums s on s.provider_id = p.provider_id and s.cat = p.cat and s.half = p.half`.execute(trx);
}

interface RollupRow {
  provider_id: string;
  cat: string;
  d: number[] | null;
  u: number[] | null;
  people: number[];
  grades: number[] | null;
  ga: number | null;
  gt: number | null;
}
interface DayRow {
  provider_id: string;
  cat: string;
  c: number;
  u: number;
  n: number;
}

/** The raw counts of a year or a half-year from the rollups (recomputed first where stale). */
async function computeRawFromRollups(trx: Tx, tenantId: string, q: IndicatorQuery, onlyProvider: string | null, period: { label: string; year: number; half: boolean }): Promise<RawGroup[]> {
  await refreshStaleRollups(trx, tenantId, period.year, onlyProvider);
  const providerFilter = onlyProvider ? sql`and provider_id = ${onlyProvider}::uuid` : sql``;
  const [rollups, days] = await Promise.all([
    sql<RollupRow>`
      select provider_id, product_category as cat, denominators as d, numerators as u, people, ${sql.ref(GRADE_COLUMNS[q.informant])} as grades,
             goals_achieved as ga, goals_total as gt
        from indicator_rollups where tenant_id = ${tenantId}::uuid and period = ${period.label} ${providerFilter}`.execute(trx),
    // No new start within 6 months: the trajectories whose six months have passed by asOf.
    sql<DayRow>`
      select provider_id, product_category as cat, sum(trajectories)::int as c, sum(no_new_start)::int as u,
             sum(${sql.ref(period.half ? 'first_in_half' : 'first_in_year')})::int as n
        from indicator_rollup_days
       where tenant_id = ${tenantId}::uuid and end_date >= ${q.period.from}::date and end_date <= ${q.period.to}::date
         and (end_date + interval '6 months')::date <= ${q.asOf}::date ${providerFilter}
       group by provider_id, product_category`.execute(trx),
  ]);

  const { groups, at } = groupsBuilder();
  const peopleSlot = PEOPLE_SLOT[q.informant];
  for (const row of rollups.rows) {
    const people = row.people.map(Number);
    const young = (i: number) => (i === SATISFACTION ? (people[peopleSlot] ?? 0) : (people[i] ?? 0));
    // A young person belongs to one provider: the provider's young people add up to the total.
    const counted = row.cat === '' ? [at('provider', row.provider_id, null), at('total', null, null)] : [at('category', row.provider_id, row.cat)];
    for (const g of counted) {
      OUTCOME_INDICATOR_CODES.forEach((_, i) => {
        if (i !== NO_NEW_START) (g.raw[i] as Raw).n += young(i);
      });
    }
    if (row.cat === '') continue;
    const d = (row.d ?? []).map(Number);
    const u = (row.u ?? []).map(Number);
    const grades = (row.grades ?? []).map(Number);
    for (const g of [at('category', row.provider_id, row.cat), at('provider', row.provider_id, null), at('total', null, null)]) {
      OUTCOME_INDICATOR_CODES.forEach((_, i) => {
        const raw = g.raw[i] as Raw;
        if (i === SATISFACTION) {
          const distribution = raw.distribution as number[];
          grades.forEach((count, j) => {
            raw.denominator += count;
            raw.numerator += count * (j + 1);
            distribution[j] = (distribution[j] ?? 0) + count;
          });
        } else if (i === GOALS) {
          raw.numerator += Number(row.ga ?? 0);
          raw.denominator += Number(row.gt ?? 0);
        } else if (i !== NO_NEW_START) {
          raw.denominator += d[i] ?? 0;
          raw.numerator += u[i] ?? 0;
        }
      });
    }
  }
  for (const row of days.rows) {
    const n = Number(row.n);
    if (row.cat === '') {
      for (const g of [at('provider', row.provider_id, null), at('total', null, null)]) (g.raw[NO_NEW_START] as Raw).n += n;
      continue;
    }
    (at('category', row.provider_id, row.cat).raw[NO_NEW_START] as Raw).n += n;
    for (const g of [at('category', row.provider_id, row.cat), at('provider', row.provider_id, null), at('total', null, null)]) {
      const raw = g.raw[NO_NEW_START] as Raw;
      raw.denominator += Number(row.c);
      raw.numerator += Number(row.u);
    }
  }
  return [...groups.values()];
}

/** The raw counts of the query: from the rollups for a year or a half-year, else from the facts. */
function computeRaw(trx: Tx, tenantId: string, q: IndicatorQuery, onlyProvider: string | null): Promise<RawGroup[]> {
  const period = rollupPeriod(q.period);
  return period ? computeRawFromRollups(trx, tenantId, q, onlyProvider, period) : computeRawFromFacts(trx, tenantId, q, onlyProvider);
}

/** numerator / denominator (× 100 for a percentage), rounded half up to one decimal. */
export function figureValue(unit: 'percent' | 'grade', numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  const scale = unit === 'percent' ? 1000 : 10;
  return Math.floor((2 * scale * numerator + denominator) / (2 * denominator)) / 10;
}

const key = (g: { level: Level; providerId: string | null; productCategory: string | null }) => `${g.level}|${g.providerId ?? ''}|${g.productCategory ?? ''}`;

/**
 * The one place that decides which figures are published.
 * 1. Small numbers: a figure resting on fewer young people than the threshold is suppressed.
 * 2. Complementary: in a breakdown whose parent figure is published (the total into providers,
 *    a provider into its product categories), a lone suppressed child (with n > 0) could be
 *    derived as parent minus siblings; then the published sibling with the smallest n (ties: the
 *    lowest provider id / product category) is suppressed as well.
 * 3. A provider suppressed under 2 takes its product categories with it (else they would add up
 *    to it again).
 * Returns, per group key and indicator index, null (published) or the reason.
 */
export function decideSuppression(unordered: RawGroup[], threshold: number): Map<string, (SuppressionReason | null)[]> {
  const cmp = (a: string | null, b: string | null) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);
  const groups = [...unordered].sort((a, b) => cmp(a.providerId, b.providerId) || cmp(a.productCategory, b.productCategory));
  const out = new Map<string, (SuppressionReason | null)[]>();
  for (const g of groups) out.set(key(g), g.raw.map((r) => (r.n < threshold ? 'small-number' : null)));
  const total = groups.find((g) => g.level === 'total');
  const providers = groups.filter((g) => g.level === 'provider');
  const categoriesOf = (providerId: string | null) => groups.filter((g) => g.level === 'category' && g.providerId === providerId);

  const complement = (parent: RawGroup | undefined, children: RawGroup[], i: number) => {
    if (parent && out.get(key(parent))?.[i] !== null) return;
    const states = children.map((c) => out.get(key(c)) as (SuppressionReason | null)[]);
    // A child with no young people at all hides nothing: parent minus siblings gives zero.
    const suppressed = children.filter((c, j) => states[j]?.[i] !== null && (c.raw[i] as Raw).n > 0).length;
    if (suppressed !== 1 || children.length < 2) return;
    let pick: number | null = null;
    children.forEach((c, j) => {
      if (states[j]?.[i] !== null) return;
      const best = pick === null ? null : (children[pick] as RawGroup);
      if (best === null || (c.raw[i] as Raw).n < (best.raw[i] as Raw).n) pick = j;
    });
    if (pick !== null) (states[pick] as (SuppressionReason | null)[])[i] = 'complementary';
  };

  // Per figure of the groups (one per indicator here; the barrier report has its own figures).
  const figures = Math.max(0, ...groups.map((g) => g.raw.length));
  Array.from({ length: figures }).forEach((_, i) => {
    // The provider view has no total: its own breakdown is the only one it sees.
    if (total) complement(total, providers, i);
    for (const p of providers) {
      const state = out.get(key(p)) as (SuppressionReason | null)[];
      const cats = categoriesOf(p.providerId);
      if (state[i] === 'complementary') {
        for (const c of cats) {
          const cs = out.get(key(c)) as (SuppressionReason | null)[];
          if (cs[i] === null) cs[i] = 'complementary';
        }
      } else {
        complement(p, cats, i);
      }
    }
  });
  return out;
}

function assess(target: { comparator: 'at-most' | 'at-least'; value: number }, value: number | null, suppressed: boolean): Assessment {
  if (suppressed || value === null) return 'not-enough-data';
  return (target.comparator === 'at-most' ? value <= target.value : value >= target.value) ? 'met' : 'not-met';
}

interface TargetRow {
  contract_id: string;
  reference: string;
  provider_id: string;
  indicator: string;
  comparator: 'at-most' | 'at-least';
  value: string | number;
  period_start: string;
  period_end: string;
}

async function loadTargets(trx: Tx, tenantId: string, period: Period, onlyProvider: string | null): Promise<Map<string, TargetRow>> {
  // A draft's targets are not agreed yet. Where contracts overlap, the narrowest period wins
  // (it was set for this period specifically), then the latest contract.
  let q = trx
    .selectFrom('contract_targets as ct')
    .innerJoin('contracts as k', (j) => j.onRef('k.tenant_id', '=', 'ct.tenant_id').onRef('k.id', '=', 'ct.contract_id'))
    .select(['ct.contract_id', 'k.reference', 'ct.provider_id', 'ct.indicator', 'ct.comparator', 'ct.value', sql<string>`ct.period_start::text`.as('period_start'), sql<string>`ct.period_end::text`.as('period_end')])
    .where('ct.tenant_id', '=', tenantId)
    .where('k.status', '<>', 'draft')
    .where('ct.period_start', '<=', sqlDay(period.from))
    .where('ct.period_end', '>=', sqlDay(period.to))
    .orderBy(sql`ct.period_end - ct.period_start`, 'desc')
    .orderBy('ct.contract_id', 'asc');
  if (onlyProvider) q = q.where('ct.provider_id', '=', onlyProvider);
  const rows = (await q.execute()) as TargetRow[];
  const map = new Map<string, TargetRow>();
  // Later rows are narrower or newer: they overwrite.
  for (const r of rows) map.set(`${r.provider_id}|${r.indicator}`, r);
  return map;
}

/** The municipality's small-number threshold (tenants.small_number_threshold): every published figure rests on at least this many young people. */
export async function threshold(trx: Tx, tenantId: string): Promise<number> {
  const tenant = await trx.selectFrom('tenants').select('small_number_threshold').where('id', '=', tenantId).executeTakeFirst();
  if (!tenant) throw notFound('municipality');
  return tenant.small_number_threshold;
}

const LEVEL_ORDER: Record<Level, number> = { total: 0, provider: 1, category: 2 };

/**
 * The indicators of a municipality. `view.providerId` restricts the computation to one
 * provider's own trajectories (the provider's view); query filters only select which groups are
 * returned, so a filtered request never publishes what the whole breakdown suppresses.
 */
export async function computeIndicators(trx: Tx, tenantId: string, q: IndicatorQuery, view: { providerId?: string } = {}): Promise<IndicatorReport> {
  const onlyProvider = view.providerId ?? null;
  const limit = await threshold(trx, tenantId);
  const [rawGroups, targets] = await Promise.all([computeRaw(trx, tenantId, q, onlyProvider), loadTargets(trx, tenantId, q.period, onlyProvider)]);
  let groups = rawGroups.filter((g) => !(onlyProvider && g.level === 'total'));
  // A provider with targets for this period but no ended trajectories still gets its line, so
  // the municipality sees "not enough data" rather than nothing.
  const seen = new Set(groups.filter((g) => g.level === 'provider').map((g) => g.providerId));
  for (const k of targets.keys()) {
    const providerId = k.split('|')[0] as string;
    if (seen.has(providerId)) continue;
    seen.add(providerId);
    groups.push({ level: 'provider', providerId, productCategory: null, raw: OUTCOME_INDICATOR_CODES.map((i) => ({ numerator: 0, denominator: 0, n: 0, ...(i === 'satisfaction' ? { distribution: GRADES.map(() => 0) } : {}) })) });
  }
  const suppression = decideSuppression(groups, limit);
  const providerIds = [...seen].filter((id): id is string => id !== null);
  const names = new Map<string, string>();
  if (providerIds.length > 0) {
    for (const p of await trx.selectFrom('providers').select(['id', 'name']).where('id', 'in', providerIds).execute()) names.set(p.id, p.name);
  }
  if (q.providerId) groups = groups.filter((g) => g.providerId === q.providerId);
  if (q.productCategory) groups = groups.filter((g) => g.level === 'category' && g.productCategory === q.productCategory);
  groups.sort(
    (a, b) =>
      (names.get(a.providerId ?? '') ?? '').localeCompare(names.get(b.providerId ?? '') ?? '') ||
      (a.providerId ?? '').localeCompare(b.providerId ?? '') ||
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      (a.productCategory ?? '').localeCompare(b.productCategory ?? ''),
  );
  groups.sort((a, b) => (a.level === 'total' ? -1 : 0) - (b.level === 'total' ? -1 : 0));

  return {
    period: q.period,
    asOf: q.asOf,
    informant: q.informant,
    threshold: limit,
    groups: groups.map((g) => {
      const states = suppression.get(key(g)) as (SuppressionReason | null)[];
      return {
        level: g.level,
        providerId: g.providerId,
        providerName: g.providerId ? (names.get(g.providerId) ?? null) : null,
        productCategory: g.productCategory,
        figures: OUTCOME_INDICATOR_CODES.map((indicator, i) => {
          const raw = g.raw[i] as Raw;
          const unit = OUTCOME_INDICATORS[indicator].unit;
          const reason = states[i] ?? null;
          const suppressed = reason !== null;
          const value = suppressed ? null : figureValue(unit, raw.numerator, raw.denominator);
          const figure: Figure = {
            indicator,
            unit,
            value,
            numerator: suppressed ? null : raw.numerator,
            denominator: suppressed ? null : raw.denominator,
            n: suppressed ? null : raw.n,
            suppressed,
            suppressionReason: reason,
          };
          if (raw.distribution) {
            figure.distribution = suppressed ? null : Object.fromEntries(GRADES.map((grade, j) => [String(grade), raw.distribution?.[j] ?? 0]));
          }
          if (g.level === 'provider') {
            const t = targets.get(`${g.providerId}|${indicator}`);
            const targetValue = t ? Number(t.value) : 0;
            figure.target = t
              ? { contractId: t.contract_id, contractReference: t.reference, comparator: t.comparator, value: targetValue, periodStart: t.period_start, periodEnd: t.period_end, assessment: assess({ comparator: t.comparator, value: targetValue }, value, suppressed) }
              : null;
          }
          return figure;
        }),
      };
    }),
  };
}

/** The provider's view: its own groups in a municipality it works with. */
export async function computeProviderIndicators(trx: Tx, providerId: string, tenantId: string, q: IndicatorQuery): Promise<IndicatorReport> {
  // The tenants row is visible to the provider only through its relation with the municipality.
  const related = await trx.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
  if (!related) throw notFound('municipality');
  const report = await computeIndicators(trx, tenantId, { ...q, providerId }, { providerId });
  // Asking for another provider's figures gives nothing rather than an error: they are not yours.
  return q.providerId && q.providerId !== providerId ? { ...report, groups: [] } : report;
}

// ---- CSV ----

export const CSV_COLUMNS = [
  'level',
  'providerId',
  'providerName',
  'productCategory',
  'indicator',
  'unit',
  'value',
  'numerator',
  'denominator',
  'n',
  'suppressed',
  'suppressionReason',
  'targetComparator',
  'targetValue',
  'targetAssessment',
] as const;

/** One CSV cell: quoted where it would break the row, formulas a spreadsheet would run neutralised. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quote what would break the row, and neutralise formulas a spreadsheet would run.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Semicolon-separated (what Dutch spreadsheet settings expect), decimal point, UTF-8 with a byte
 * order mark so that spreadsheets read the accents right; CRLF line ends as RFC 4180 has them.
 */
export function toCsv(report: IndicatorReport): string {
  const lines = [CSV_COLUMNS.join(';')];
  for (const g of report.groups) {
    for (const f of g.figures) {
      lines.push(
        [
          g.level,
          g.providerId,
          g.providerName,
          g.productCategory,
          f.indicator,
          f.unit,
          f.value,
          f.numerator,
          f.denominator,
          f.n,
          f.suppressed,
          f.suppressionReason,
          f.target?.comparator,
          f.target?.value,
          f.target?.assessment,
        ]
          .map(csvCell)
          .join(';'),
      );
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
