// Barriers ('what stands in the way', issue 13 part 4): a case manager records, per young person,
// what got in the way of the help — help not available, a waiting list, no contracted provider,
// an unclear perspective, no preparation for leaving, chain cooperation that failed — with the
// JZ020 product category, the provider and the waiting time where they apply. Append-only (the
// database refuses UPDATE and DELETE). The municipality reads them only as aggregates per kind,
// product category, provider and quarter, with the same small-number suppression as the outcome
// indicators (indicators/service.ts: the municipality's threshold, decideSuppression).
//
// The rules of recording:
// - The agreement must be the municipality's (404) and must have been sent, as for contact moments:
//   a draft or a cancelled agreement takes none (409).
// - notedOn as a contact moment's day (occurredOnProblems): not in the future, not more than a year
//   before the aftercare start.
// - partner is required exactly when kind is chain-cooperation (the table's CHECK says the same).
// - providerId must be a provider the municipality knows: one it has or had a contract with (any
//   status), or works with (provider_relations). Otherwise 400 on body.providerId.
// - waitingWeeks (0–520) may be given with any kind; the report averages the barriers that have one.
// - Every problem of one request in one 400 (the route's hook adds these to the schema's problems).
import type { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { BARRIER_GROUPING_CODES, BARRIER_KINDS, BARRIER_KIND_CODES, type BarrierGrouping, type BarrierKind, type ChainPartner, PARTNER_KIND } from '../../domain/barriers.js';
import { type Locale, codeLabel } from '../../domain/code-list.js';
import { JZ020 } from '../../domain/ijw.js';
import { uuidv7 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db/database.js';
import { addDays, addMonths, todayInAmsterdam } from '../../platform/dates.js';
import { ApiError, type InvalidParam, badRequest, conflict } from '../../platform/errors.js';
import { iso } from '../../platform/http/openapi.js';
import { isUuid } from '../../platform/http/params.js';
import { getAgreement } from '../agreements/service.js';
import { MAX_RANGE_YEARS, csvCell, decideSuppression, figureValue, threshold } from '../indicators/service.js';
import type { Barrier, BarrierReport, BarrierReportRow, RecordBarrier } from './schemas.js';
import { NO_CONTACT_STATUSES, occurredOnProblems, occurredOnProblemsOfRaw } from './service.js';

export type BarrierT = z.infer<typeof Barrier>;
export type RecordBarrierInput = z.output<typeof RecordBarrier>;
export type BarrierReportT = z.infer<typeof BarrierReport>;
export type BarrierReportRowT = z.infer<typeof BarrierReportRow>;

// ---- recording ----

/** The providers the municipality knows: a contract (any status) or a working relation. By name. */
export async function knownProviders(trx: Tx, tenantId: string): Promise<{ id: string; name: string }[]> {
  const { rows } = await sql<{ id: string; name: string }>`
    select p.id, p.name from providers p
     where p.id in (select provider_id from contracts where tenant_id = ${tenantId}::uuid
                    union select provider_id from provider_relations where tenant_id = ${tenantId}::uuid)
     order by p.name, p.id`.execute(trx);
  return rows;
}

async function providerKnown(trx: Tx, tenantId: string, providerId: string): Promise<boolean> {
  return (await knownProviders(trx, tenantId)).some((p) => p.id === providerId.toLowerCase());
}

const PROVIDER_UNKNOWN = 'Not a provider this municipality has or had a contract with, or works with.';

/** The rule between kind and partner, on whatever values arrived (a kind that is no kind is the schema's problem). */
function partnerProblems(kind: unknown, partner: unknown): InvalidParam[] {
  if (typeof kind !== 'string' || !(BARRIER_KIND_CODES as readonly string[]).includes(kind)) return [];
  const given = partner !== undefined && partner !== null && partner !== '';
  if (kind === PARTNER_KIND && !given) return [{ name: 'body.partner', reason: `Required when kind is ${PARTNER_KIND}: the chain partner with whom cooperation failed.` }];
  if (kind !== PARTNER_KIND && given) return [{ name: 'body.partner', reason: `Only with kind ${PARTNER_KIND}; leave it out for ${kind}.` }];
  return [];
}

/**
 * The problems beyond the schema of a body that failed its schema (so one 400 lists every problem):
 * the day against today and the aftercare start, partner against kind, an unknown provider.
 */
export async function barrierProblemsOfRaw(trx: Tx, tenantId: string, agreementId: string, body: unknown, now: Date): Promise<InvalidParam[]> {
  const b = (body as Record<string, unknown> | null) ?? {};
  const problems = await occurredOnProblemsOfRaw(trx, tenantId, agreementId, b, now, 'notedOn');
  problems.push(...partnerProblems(b.kind, b.partner));
  if (typeof b.providerId === 'string' && isUuid(b.providerId) && !(await providerKnown(trx, tenantId, b.providerId))) problems.push({ name: 'body.providerId', reason: PROVIDER_UNKNOWN });
  return problems;
}

const COLUMNS = [
  'b.id',
  'b.agreement_id',
  'b.kind',
  'b.product_category',
  'b.provider_id',
  'p.name as provider_name',
  'b.intervention',
  'b.partner',
  'b.waiting_weeks',
  sql<string>`b.noted_on::text`.as('noted_on'),
  'b.note',
  'b.recorded_by',
  'u.name as recorded_by_name',
  'b.recorded_at',
] as const;

type Row = {
  id: string; agreement_id: string; kind: BarrierKind; product_category: string | null; provider_id: string | null; provider_name: string | null;
  intervention: string | null; partner: ChainPartner | null; waiting_weeks: number | null; noted_on: string; note: string | null;
  recorded_by: string; recorded_by_name: string; recorded_at: Date | string;
};

const toBarrier = (r: Row): BarrierT => ({
  id: r.id,
  agreementId: r.agreement_id,
  kind: r.kind,
  productCategory: r.product_category as BarrierT['productCategory'],
  provider: r.provider_id ? { id: r.provider_id, name: r.provider_name ?? '' } : null,
  intervention: r.intervention,
  partner: r.partner,
  waitingWeeks: r.waiting_weeks,
  notedOn: r.noted_on,
  note: r.note,
  recordedBy: { id: r.recorded_by, name: r.recorded_by_name },
  recordedAt: iso(r.recorded_at) as string,
});

const barriersOf = (trx: Tx, tenantId: string, agreementId: string) =>
  trx
    .selectFrom('barriers as b')
    .innerJoin('users as u', 'u.id', 'b.recorded_by')
    .leftJoin('providers as p', 'p.id', 'b.provider_id')
    .select(COLUMNS)
    .where('b.tenant_id', '=', tenantId)
    .where('b.agreement_id', '=', agreementId);

/** Record a barrier (404 no such agreement, 409 draft or cancelled, 400 every problem of the body). */
export async function recordBarrier(trx: Tx, tenantId: string, agreementId: string, input: RecordBarrierInput, userId: string, now: Date): Promise<BarrierT> {
  const a = await getAgreement(trx, tenantId, agreementId);
  if (NO_CONTACT_STATUSES.includes(a.status)) {
    throw conflict(`Barriers are recorded for an agreement that was sent; this one is ${a.status}.`, 'agreement-not-sent');
  }
  const problems = [...occurredOnProblems(input.notedOn, a.aftercareStartDate, now, 'body.notedOn'), ...partnerProblems(input.kind, input.partner)];
  if (input.providerId !== undefined && !(await providerKnown(trx, tenantId, input.providerId))) problems.push({ name: 'body.providerId', reason: PROVIDER_UNKNOWN });
  if (problems.length) throw badRequest(`The request has ${problems.length} invalid ${problems.length === 1 ? 'field' : 'fields'} in the body.`, problems);
  const id = uuidv7();
  await trx
    .insertInto('barriers')
    .values({
      id,
      tenant_id: tenantId,
      agreement_id: agreementId,
      kind: input.kind,
      product_category: input.productCategory ?? null,
      provider_id: input.providerId?.toLowerCase() ?? null,
      intervention: input.intervention ?? null,
      partner: input.partner ?? null,
      waiting_weeks: input.waitingWeeks ?? null,
      noted_on: input.notedOn,
      note: input.note ?? null,
      recorded_by: userId,
    })
    .execute();
  return toBarrier((await barriersOf(trx, tenantId, agreementId).where('b.id', '=', id).executeTakeFirstOrThrow()) as Row);
}

/** The barriers of an agreement, newest first (by day, then by when recorded), limit + 1 rows for toPage. */
export async function listBarriers(trx: Tx, tenantId: string, agreementId: string, limit: number, cursor?: string): Promise<BarrierT[]> {
  await getAgreement(trx, tenantId, agreementId);
  let q = barriersOf(trx, tenantId, agreementId).orderBy('b.noted_on', 'desc').orderBy('b.id', 'desc').limit(limit + 1);
  if (cursor) {
    const after = isUuid(cursor)
      ? await trx
          .selectFrom('barriers')
          .select(['id', sql<string>`noted_on::text`.as('noted_on')])
          .where('tenant_id', '=', tenantId)
          .where('agreement_id', '=', agreementId)
          .where('id', '=', cursor)
          .executeTakeFirst()
      : undefined;
    if (!after) throw new ApiError(400, 'invalid-input', 'Invalid input', 'The cursor is not a barrier of this agreement.', { invalidParams: [{ name: 'query.cursor', reason: 'Unknown barrier' }] });
    q = q.where(sql<boolean>`(b.noted_on, b.id) < (${after.noted_on}::date, ${after.id}::uuid)`);
  }
  return (await q.execute()).map((r) => toBarrier(r as Row));
}

// ---- the report ----

export interface BarrierReportQueryT {
  from: string;
  to: string;
  groupBy: BarrierGrouping[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (v: string) => {
  if (!DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

/**
 * The report's query, every problem at once. The period is by the day the barrier was met; by
 * default the last twelve months up to today in Europe/Amsterdam (a year before `to`, plus a day).
 */
export function parseBarrierReportQuery(raw: { from?: string | undefined; to?: string | undefined; groupBy?: string | undefined; format?: string | undefined }, now: Date): BarrierReportQueryT {
  const problems: InvalidParam[] = [];
  if (raw.format !== undefined && raw.format !== '' && raw.format !== 'csv' && raw.format !== 'json') problems.push({ name: 'query.format', reason: 'Use csv or json.' });
  const fromText = raw.from?.trim() || undefined;
  const toText = raw.to?.trim() || undefined;
  if (fromText !== undefined && !validDate(fromText)) problems.push({ name: 'query.from', reason: 'Use a date as YYYY-MM-DD.' });
  if (toText !== undefined && !validDate(toText)) problems.push({ name: 'query.to', reason: 'Use a date as YYYY-MM-DD.' });
  const to = toText ?? todayInAmsterdam(now);
  const from = fromText ?? addDays(addMonths(to, -12), 1);
  if (problems.length === 0) {
    if (to < from) problems.push({ name: 'query.to', reason: 'to must be on or after from.' });
    else if (to >= addMonths(from, 12 * MAX_RANGE_YEARS)) problems.push({ name: 'query.to', reason: `The period may span at most ${MAX_RANGE_YEARS} years.` });
  }
  const parts = (raw.groupBy?.trim() || 'kind').split(',').map((p) => p.trim());
  const groupBy = parts.filter((p): p is BarrierGrouping => (BARRIER_GROUPING_CODES as readonly string[]).includes(p));
  if (groupBy.length !== parts.length || parts.length > 2 || new Set(parts).size !== parts.length) {
    problems.push({ name: 'query.groupBy', reason: `Use one or two different values of ${BARRIER_GROUPING_CODES.join(', ')}, comma-separated (e.g. kind,product-category).` });
  }
  if (problems.length) throw badRequest(`The request has ${problems.length} invalid ${problems.length === 1 ? 'field' : 'fields'} in the query.`, problems);
  return { from, to, groupBy };
}

/** Each grouping as a SQL expression on barriers b, as text (null: not recorded). */
const EXPRESSIONS: Record<BarrierGrouping, ReturnType<typeof sql<string | null>>> = {
  kind: sql<string | null>`b.kind`,
  'product-category': sql<string | null>`b.product_category`,
  provider: sql<string | null>`b.provider_id::text`,
  quarter: sql<string | null>`to_char(b.noted_on, 'YYYY-"Q"Q')`,
};

interface AggregateRow {
  g1: number;
  g2: number;
  d1: string | null;
  d2: string | null;
  barriers: number;
  young: number;
  waiting: number;
  waiting_young: number;
  waiting_sum: number | null;
  median: number | null;
}

/** The order of a grouping's values: kinds as the vocabulary lists them, the rest by value; "not recorded" last. */
function orderOf(grouping: BarrierGrouping, names: Map<string, string>) {
  const rank = (v: string | null): [number, string] => {
    if (v === null) return [2, ''];
    if (grouping === 'kind') return [0, String(BARRIER_KIND_CODES.indexOf(v as BarrierKind)).padStart(3, '0')];
    if (grouping === 'provider') return [1, `${names.get(v) ?? ''}\u0000${v}`];
    return [1, v];
  };
  return (a: string | null, b: string | null) => {
    const [ra, ka] = rank(a);
    const [rb, kb] = rank(b);
    return ra - rb || (ka < kb ? -1 : ka > kb ? 1 : 0);
  };
}

type SuppressionGroups = Parameters<typeof decideSuppression>[0];

/**
 * The barrier report: per group (and subgroup), the barriers, the young people (distinct
 * agreements) and the waiting times, over the barriers met in the period. Suppression as the
 * indicators decide it (decideSuppression, the municipality's threshold): the total stands where
 * the indicators have the municipality, a group where they have a provider, a subgroup where they
 * have a provider's product category. Two figures per row: the counts (resting on the young
 * people) and the waiting times (resting on the young people whose barrier has one).
 */
export async function barrierReport(trx: Tx, tenantId: string, q: BarrierReportQueryT): Promise<BarrierReportT> {
  const limit = await threshold(trx, tenantId);
  const [first, second] = q.groupBy as [BarrierGrouping, BarrierGrouping | undefined];
  const d1 = EXPRESSIONS[first];
  const d2 = second ? EXPRESSIONS[second] : sql<string | null>`null::text`;
  const sets = second ? sql`((), (d1), (d1, d2))` : sql`((), (d1))`;
  // grouping() takes only what is grouped by: without a second grouping every row is a group or the total.
  const g2 = second ? sql`grouping(d2)::int` : sql`1`;
  const { rows } = await sql<AggregateRow>`
    select grouping(d1)::int as g1, ${g2} as g2, d1, ${second ? sql`d2` : sql`null::text`} as d2,
           count(*)::int as barriers,
           count(distinct agreement_id)::int as young,
           count(waiting_weeks)::int as waiting,
           (count(distinct agreement_id) filter (where waiting_weeks is not null))::int as waiting_young,
           sum(waiting_weeks)::int as waiting_sum,
           percentile_cont(0.5) within group (order by waiting_weeks) as median
      from (select ${d1} as d1, ${d2} as d2, b.agreement_id, b.waiting_weeks
              from barriers b
             where b.tenant_id = ${tenantId}::uuid and b.noted_on >= ${q.from}::date and b.noted_on <= ${q.to}::date) x
     group by grouping sets ${sets}`.execute(trx);

  const providerIds = new Set<string>();
  for (const r of rows) {
    if (first === 'provider' && r.g1 === 0 && r.d1) providerIds.add(r.d1);
    if (second === 'provider' && r.g2 === 0 && r.d2) providerIds.add(r.d2);
  }
  const names = new Map<string, string>();
  if (providerIds.size > 0) for (const p of await trx.selectFrom('providers').select(['id', 'name']).where('id', 'in', [...providerIds]).execute()) names.set(p.id, p.name);

  // The same key for a row in both worlds: level, the first value, the second value ('' for none).
  type Level = 'total' | 'group' | 'subgroup';
  const levelOf = (r: AggregateRow): Level => (r.g1 === 1 ? 'total' : r.g2 === 1 || !second ? 'group' : 'subgroup');
  const all = [...rows];
  if (!all.some((r) => levelOf(r) === 'total')) all.push({ g1: 1, g2: 1, d1: null, d2: null, barriers: 0, young: 0, waiting: 0, waiting_young: 0, waiting_sum: null, median: null });
  const INDICATOR_LEVEL = { total: 'total', group: 'provider', subgroup: 'category' } as const;
  // A value of a group, unique and never null for the suppression's bookkeeping: '' is "not recorded".
  const v = (x: string | null) => x ?? '';
  const groups: SuppressionGroups = all.map((r) => {
    const level = levelOf(r);
    return {
      level: INDICATOR_LEVEL[level],
      providerId: level === 'total' ? null : v(r.d1),
      productCategory: level === 'subgroup' ? v(r.d2) : null,
      raw: [
        { numerator: r.barriers, denominator: r.barriers, n: r.young },
        { numerator: r.waiting_sum ?? 0, denominator: r.waiting, n: r.waiting_young },
      ],
    };
  });
  const suppression = decideSuppression(groups, limit);
  const keyOf = (g: SuppressionGroups[number]) => `${g.level}|${g.providerId ?? ''}|${g.productCategory ?? ''}`;

  const set = (out: Record<string, unknown>, grouping: BarrierGrouping, value: string | null) => {
    if (grouping === 'kind') out.kind = value;
    else if (grouping === 'product-category') out.productCategory = value;
    else if (grouping === 'quarter') out.quarter = value;
    else {
      out.providerId = value;
      out.providerName = value ? (names.get(value) ?? null) : null;
    }
  };
  const out = all.map((r, i) => {
    const level = levelOf(r);
    const [counts, waiting] = suppression.get(keyOf(groups[i] as SuppressionGroups[number])) ?? ['small-number', 'small-number'];
    const row: Record<string, unknown> = { level };
    if (level !== 'total') set(row, first, r.d1);
    if (level === 'subgroup' && second) set(row, second, r.d2);
    const countsHidden = counts !== null;
    const waitingReason = countsHidden ? counts : (waiting ?? null);
    const waitingHidden = waitingReason !== null;
    return {
      ...row,
      level,
      barriers: countsHidden ? null : r.barriers,
      youngPeople: countsHidden ? null : r.young,
      suppressed: countsHidden,
      suppressionReason: counts ?? null,
      waiting: {
        barriers: waitingHidden ? null : r.waiting,
        averageWeeks: waitingHidden || r.waiting === 0 ? null : figureValue('grade', r.waiting_sum ?? 0, r.waiting),
        medianWeeks: waitingHidden || r.median === null ? null : Math.round(Number(r.median) * 10) / 10,
        suppressed: waitingHidden,
        suppressionReason: waitingReason,
      },
      _d1: r.d1,
      _d2: r.d2,
    };
  });
  const by1 = orderOf(first, names);
  const by2 = second ? orderOf(second, names) : () => 0;
  const rank = { total: 0, group: 1, subgroup: 2 } as const;
  out.sort((a, b) => {
    if (a.level === 'total' || b.level === 'total') return rank[a.level as Level] - rank[b.level as Level];
    return by1(a._d1, b._d1) || rank[a.level as Level] - rank[b.level as Level] || by2(a._d2, b._d2);
  });
  return {
    period: { from: q.from, to: q.to },
    groupBy: q.groupBy,
    threshold: limit,
    rows: out.map(({ _d1, _d2, ...row }) => row as BarrierReportRowT),
  };
}

// ---- CSV ----

const CSV_WORDS = {
  nl: { total: 'Hele gemeente', none: 'Niet vastgelegd' },
  en: { total: 'Whole municipality', none: 'Not recorded' },
} as const;

/** A grouping's value as a person reads it: a kind's or product category's label, a provider's name, a quarter as it is. */
export function groupValueLabel(row: BarrierReportRowT, grouping: BarrierGrouping, locale: Locale): string {
  const none = CSV_WORDS[locale].none;
  if (grouping === 'kind') return row.kind ? codeLabel(BARRIER_KINDS, row.kind, locale) : none;
  if (grouping === 'product-category') return row.productCategory ? `${row.productCategory} ${codeLabel(JZ020, row.productCategory, locale)}` : none;
  if (grouping === 'provider') return row.providerId ? (row.providerName ?? row.providerId) : none;
  return row.quarter ?? none;
}

/** What a report row is about, as a person reads it: the whole municipality, a group, or "group / subgroup". */
export function rowLabel(report: BarrierReportT, row: BarrierReportRowT, locale: Locale): string {
  if (row.level === 'total') return CSV_WORDS[locale].total;
  const [first, second] = report.groupBy as [BarrierGrouping, BarrierGrouping | undefined];
  const group = groupValueLabel(row, first, locale);
  return row.level === 'subgroup' && second ? `${group} / ${groupValueLabel(row, second, locale)}` : group;
}

const CODE_COLUMNS: Record<BarrierGrouping, string[]> = { kind: ['kind'], 'product-category': ['productCategory'], provider: ['providerId', 'providerName'], quarter: ['quarter'] };

/**
 * The report as a CSV file for a spreadsheet, as the indicators' export writes one (and with its
 * csvCell): semicolons (what Dutch spreadsheet settings expect), a decimal point, UTF-8 with a byte
 * order mark, CRLF line ends. One line per report row: the level, what the row is about in the
 * request's language, the codes of the groupings asked for, then the figures. A suppressed figure's
 * cells are empty, `suppressed` is true and suppressionReason says why (small-number, complementary).
 */
export function barrierReportCsv(report: BarrierReportT, locale: Locale): string {
  const header = ['level', 'label', ...report.groupBy.flatMap((g) => CODE_COLUMNS[g])];
  header.push('barriers', 'youngPeople', 'suppressed', 'suppressionReason', 'barriersWithWaitingTime', 'averageWaitingWeeks', 'medianWaitingWeeks', 'waitingSuppressed', 'waitingSuppressionReason');
  const lines = [header.join(';')];
  for (const r of report.rows) {
    const cells: unknown[] = [r.level, rowLabel(report, r, locale)];
    for (const g of report.groupBy) {
      if (g === 'kind') cells.push(r.kind);
      else if (g === 'product-category') cells.push(r.productCategory);
      else if (g === 'provider') cells.push(r.providerId, r.providerName);
      else cells.push(r.quarter);
    }
    cells.push(r.barriers, r.youngPeople, r.suppressed, r.suppressionReason, r.waiting.barriers, r.waiting.averageWeeks, r.waiting.medianWeeks, r.waiting.suppressed, r.waiting.suppressionReason);
    lines.push(cells.map(csvCell).join(';'))
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
