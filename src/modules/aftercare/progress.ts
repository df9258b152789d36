// The living plan (issue 13): progress on the items of the plan in force, recorded beside the
// signed agreement, append-only (plan_progress: the database has no UPDATE or DELETE for it, and
// a trigger refuses both), with who recorded it and when. What was signed never changes; the
// current state of an item is its latest entry (by day, then by id: ids are UUIDv7).
//
// The rules:
// - The agreement must be of the municipality (404) and have a plan in force: a signed version
//   (active, amending, amendment-sent, completed, ended: it has inForceVersion). Otherwise 409.
// - The items are those of the version in force (its frozen content), referred to by planItemRef
//   (the item's id, else its position "1", "2", … in a version frozen before items had ids). An
//   unknown goalId/itemId/riskId is a 400 on that field, listed with every other problem of the
//   body (schema, days, references) in one answer.
// - occurredOn as a contact moment's day (occurredOnProblems): not in the future, not more than a
//   year before the aftercare start. A risk-action's day is not before its signal's.
// - A commitment or condition not kept needs the action (what was agreed would happen, and that
//   it was done): the schema says so.
// - A risk-action refers to a risk entry of this agreement (400 otherwise) that has no action yet
//   (409 when it has one: on the entry itself or from an earlier risk-action).
import type { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { LegalFramework, PlanProgressKind } from '../../domain/aftercare.js';
import { type ChecklistStatus, type GoalStatus, type Plan, TURNING_18_CODES, type Turning18Item, planItemRef } from '../../domain/agreement.js';
import { uuidv7 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db/database.js';
import { ApiError, type InvalidParam, badRequest, conflict } from '../../platform/errors.js';
import { iso } from '../../platform/http/openapi.js';
import { getAgreement, getVersion } from '../agreements/service.js';
import type { LivingPlan, PlanProgressEntry, RecordPlanProgress } from './schemas.js';
import { occurredOnProblems, occurredOnProblemsOfRaw } from './service.js';

export type PlanProgressEntryT = z.infer<typeof PlanProgressEntry>;
export type RecordPlanProgressInput = z.output<typeof RecordPlanProgress>;
export type LivingPlanT = z.infer<typeof LivingPlan>;

/** The field of the body that names the item, per kind (for the 400 on an unknown one). */
const REF_FIELD = { goal: 'goalId', commitment: 'itemId', condition: 'itemId', risk: 'riskId' } as const;
const LIST_OF = { goal: 'goals', commitment: 'commitments', condition: 'conditions', risk: 'risks' } as const;
type ItemKind = keyof typeof REF_FIELD;

/** The refs of a plan's items of one kind (planItemRef: id, else position). */
export const itemRefs = (plan: Plan, kind: ItemKind): string[] => (plan[LIST_OF[kind]] as { id?: string | undefined }[]).map((item, i) => planItemRef(item, i));

/** The plan in force (the frozen content of the version in force), or null when the agreement has none. */
export async function planInForce(trx: Tx, tenantId: string, agreementId: string): Promise<{ aftercareStartDate: string; version: number; plan: Plan } | null> {
  const a = await getAgreement(trx, tenantId, agreementId);
  if (a.inForceVersion === null) return null;
  const v = await getVersion(trx, tenantId, agreementId, a.inForceVersion);
  return { aftercareStartDate: a.aftercareStartDate, version: a.inForceVersion, plan: v.content.plan };
}

const noPlan = (what: string) => conflict(`${what} is recorded on a plan in force (a signed version); this agreement has none yet.`, 'no-plan-in-force');

/** The goal/item/risk a body names that the plan in force does not have (checked on the raw body too). */
function referenceProblems(plan: Plan, body: Record<string, unknown>): InvalidParam[] {
  const kind = body.kind;
  if (kind !== 'goal' && kind !== 'commitment' && kind !== 'condition' && kind !== 'risk') return [];
  const field = REF_FIELD[kind];
  const ref = typeof body[field] === 'string' ? (body[field] as string).trim() : undefined;
  if (ref === undefined || ref === '' || ref.length > 100) return [];
  if (itemRefs(plan, kind).includes(ref)) return [];
  const what = kind === 'risk' ? 'dropout risk' : kind;
  return [{ name: `body.${field}`, reason: `The plan in force has no ${what} ${ref}.` }];
}

type RiskEntry = { id: string; occurred_on: string; action: string | null; followed: boolean };

async function riskEntry(trx: Tx, tenantId: string, agreementId: string, id: string): Promise<RiskEntry | undefined> {
  return (await trx
    .selectFrom('plan_progress as p')
    .select([
      'p.id',
      sql<string>`p.occurred_on::text`.as('occurred_on'),
      'p.action',
      sql<boolean>`exists (select 1 from plan_progress f where f.tenant_id = p.tenant_id and f.refers_to = p.id)`.as('followed'),
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('p.agreement_id', '=', agreementId)
    .where('p.kind', '=', 'risk')
    .where('p.id', '=', id)
    .executeTakeFirst()) as RiskEntry | undefined;
}

const isUuid = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
const REFERS_UNKNOWN = 'Not a risk signal recorded on this agreement.';

/**
 * Every problem of a body besides its schema's: the day (future, too early; a risk-action before
 * its signal) and the references (an item the plan in force lacks, a risk-action's unknown
 * signal). Used on a body that failed its schema (the hook) so that one 400 lists everything.
 */
export async function progressProblemsOfRaw(trx: Tx, tenantId: string, agreementId: string, body: unknown, now: Date): Promise<InvalidParam[]> {
  const problems = await occurredOnProblemsOfRaw(trx, tenantId, agreementId, body, now);
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  let inForce: Awaited<ReturnType<typeof planInForce>>;
  try {
    inForce = await planInForce(trx, tenantId, agreementId);
  } catch {
    return problems;
  }
  if (!inForce) return problems;
  problems.push(...referenceProblems(inForce.plan, b));
  if (b.kind === 'risk-action' && isUuid(b.refersTo) && !(await riskEntry(trx, tenantId, agreementId, b.refersTo))) problems.push({ name: 'body.refersTo', reason: REFERS_UNKNOWN });
  return problems;
}

const COLUMNS = [
  'p.id',
  'p.agreement_id',
  'p.kind',
  'p.item_ref',
  sql<string>`p.occurred_on::text`.as('occurred_on'),
  'p.status',
  'p.kept',
  'p.framework',
  'p.action',
  'p.note',
  'p.refers_to',
  'p.recorded_by',
  'u.name as recorded_by_name',
  'p.recorded_at',
] as const;

type Row = {
  id: string;
  agreement_id: string;
  kind: PlanProgressKind;
  item_ref: string | null;
  occurred_on: string;
  status: string | null;
  kept: boolean | null;
  framework: string | null;
  action: string | null;
  note: string | null;
  refers_to: string | null;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: Date | string;
};

/** A row as the API shows it: a risk's observed signals are stored as its note. */
const toEntry = (r: Row): PlanProgressEntryT => ({
  id: r.id,
  agreementId: r.agreement_id,
  kind: r.kind,
  occurredOn: r.occurred_on,
  itemRef: r.item_ref,
  status: r.status,
  kept: r.kept,
  framework: r.framework as LegalFramework | null,
  observed: r.kind === 'risk' ? r.note : null,
  action: r.action,
  note: r.kind === 'risk' ? null : r.note,
  refersTo: r.refers_to,
  recordedBy: { id: r.recorded_by, name: r.recorded_by_name },
  recordedAt: iso(r.recorded_at) as string,
});

const entries = (trx: Tx, tenantId: string, agreementId: string) =>
  trx
    .selectFrom('plan_progress as p')
    .innerJoin('users as u', 'u.id', 'p.recorded_by')
    .select(COLUMNS)
    .where('p.tenant_id', '=', tenantId)
    .where('p.agreement_id', '=', agreementId);

/** Record an entry of progress (404 no such agreement, 409 no plan in force or a signal that has its action, 400 every problem of the body). */
export async function recordPlanProgress(trx: Tx, tenantId: string, agreementId: string, input: RecordPlanProgressInput, userId: string, now: Date): Promise<PlanProgressEntryT> {
  const inForce = await planInForce(trx, tenantId, agreementId);
  if (!inForce) throw noPlan('Progress');
  const problems = occurredOnProblems(input.occurredOn, inForce.aftercareStartDate, now);
  problems.push(...referenceProblems(inForce.plan, input as unknown as Record<string, unknown>));
  let signal: RiskEntry | undefined;
  if (input.kind === 'risk-action') {
    // One action per signal, also when two are recorded at once: the second waits here for the
    // first to commit, then sees its action (409). The request role may not lock rows of this
    // append-only table (no UPDATE grant), so the signal's id is locked instead.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`risk-action:${input.refersTo}`}, 0))`.execute(trx);
    signal = await riskEntry(trx, tenantId, agreementId, input.refersTo);
    if (!signal) problems.push({ name: 'body.refersTo', reason: REFERS_UNKNOWN });
    else if (input.occurredOn < signal.occurred_on && !problems.some((p) => p.name === 'body.occurredOn')) problems.push({ name: 'body.occurredOn', reason: `Must not be before the day the signal was observed (${signal.occurred_on}).` });
  }
  if (problems.length) throw badRequest(`The request has ${problems.length} invalid ${problems.length === 1 ? 'field' : 'fields'} in the body.`, problems);
  if (signal && (signal.action !== null || signal.followed)) throw conflict('This risk signal already has its action; record a new signal if something else was seen.', 'signal-has-action');

  const base = { id: uuidv7(), tenant_id: tenantId, agreement_id: agreementId, kind: input.kind, occurred_on: input.occurredOn, recorded_by: userId };
  const values = (() => {
    switch (input.kind) {
      case 'goal':
        return { ...base, item_ref: input.goalId, status: input.status, note: input.note ?? null };
      case 'commitment':
      case 'condition':
        return { ...base, item_ref: input.itemId, kept: input.kept, action: input.action ?? null, note: input.note ?? null };
      case 'risk':
        return { ...base, item_ref: input.riskId, note: input.observed, action: input.action ?? null };
      case 'risk-action':
        return { ...base, refers_to: input.refersTo, action: input.action };
      case 'checklist':
        return { ...base, item_ref: input.item, status: input.status, note: input.note ?? null };
      case 'framework':
        return { ...base, framework: input.framework, note: input.note ?? null };
    }
  })();
  await trx.insertInto('plan_progress').values(values).execute();
  const row = await entries(trx, tenantId, agreementId).where('p.id', '=', base.id).executeTakeFirstOrThrow();
  return toEntry(row as Row);
}

/** The entries of an agreement, newest first (by day, then by id), limit + 1 rows for toPage; optionally of one kind. */
export async function listPlanProgress(trx: Tx, tenantId: string, agreementId: string, limit: number, cursor?: string, kind?: PlanProgressKind): Promise<PlanProgressEntryT[]> {
  await getAgreement(trx, tenantId, agreementId);
  let q = entries(trx, tenantId, agreementId).orderBy('p.occurred_on', 'desc').orderBy('p.id', 'desc').limit(limit + 1);
  if (kind) q = q.where('p.kind', '=', kind);
  if (cursor) {
    const after = await trx
      .selectFrom('plan_progress')
      .select(['id', sql<string>`occurred_on::text`.as('occurred_on')])
      .where('tenant_id', '=', tenantId)
      .where('agreement_id', '=', agreementId)
      .where('id', '=', cursor)
      .executeTakeFirst();
    if (!after) {
      throw new ApiError(400, 'invalid-input', 'Invalid input', 'The cursor is not an entry of this agreement’s progress.', { invalidParams: [{ name: 'query.cursor', reason: 'Unknown entry' }] });
    }
    q = q.where(sql<boolean>`(p.occurred_on, p.id) < (${after.occurred_on}::date, ${after.id}::uuid)`);
  }
  return (await q.execute()).map((r) => toEntry(r as Row));
}

/** The shape computeLivingPlan reads of an entry (a row or an API entry). */
export type ProgressFact = Pick<PlanProgressEntryT, 'id' | 'kind' | 'itemRef' | 'occurredOn' | 'status' | 'kept' | 'framework' | 'observed' | 'action' | 'note' | 'refersTo'>;

/**
 * The living plan from the plan in force and every entry of its progress (any order): per item
 * its latest entry (by day, then by id). Pure, so the signals and the young person's page compute
 * the same, and the tests check it on plain data. Entries about items the plan in force no longer
 * has (removed by an amendment) are left out.
 */
export function computeLivingPlan(agreementId: string, version: number, plan: Plan, facts: readonly ProgressFact[]): LivingPlanT {
  const ordered = [...facts].sort((a, b) => (a.occurredOn === b.occurredOn ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.occurredOn < b.occurredOn ? -1 : 1));
  const latest = new Map<string, ProgressFact>();
  const signals = new Map<string, ProgressFact[]>();
  const followUps = new Map<string, ProgressFact>();
  let framework: ProgressFact | undefined;
  for (const f of ordered) {
    if (f.kind === 'framework') framework = f;
    else if (f.kind === 'risk-action' && f.refersTo) followUps.set(f.refersTo, f);
    else if (f.kind === 'risk' && f.itemRef) signals.set(f.itemRef, [...(signals.get(f.itemRef) ?? []), f]);
    else if (f.itemRef) latest.set(`${f.kind}:${f.itemRef}`, f);
  }
  const kept = <T,>(kind: 'commitment' | 'condition', items: T[]) =>
    items.map((item, i) => {
      const ref = planItemRef(item as { id?: string }, i);
      const f = latest.get(`${kind}:${ref}`);
      return { ref, item, kept: f?.kept ?? null, action: f?.action ?? null, note: f?.note ?? null, since: f?.occurredOn ?? null };
    });
  const checklistItems = TURNING_18_CODES.map((item) => {
    const f = latest.get(`checklist:${item}`);
    const planned = plan.checklist.find((c) => c.item === item);
    return {
      item: item as Turning18Item,
      status: (f?.status ?? planned?.status ?? 'todo') as ChecklistStatus,
      note: f ? f.note : (planned?.note ?? null),
      since: f?.occurredOn ?? null,
    };
  });
  return {
    agreementId,
    version,
    goals: plan.goals.map((goal, i) => {
      const ref = planItemRef(goal, i);
      const f = latest.get(`goal:${ref}`);
      return { ref, goal, status: (f?.status ?? goal.status) as GoalStatus, note: f?.note ?? null, since: f?.occurredOn ?? null };
    }),
    commitments: kept('commitment', plan.commitments).map(({ item, ...rest }) => ({ ...rest, commitment: item })),
    conditions: kept('condition', plan.conditions).map(({ item, ...rest }) => ({ ...rest, condition: item })),
    risks: plan.risks.map((risk, i) => {
      const ref = planItemRef(risk, i);
      const list = (signals.get(ref) ?? [])
        .map((s) => {
          const later = followUps.get(s.id);
          const action = s.action ?? later?.action ?? null;
          return { id: s.id, occurredOn: s.occurredOn, observed: s.observed ?? '', action, actionOn: s.action !== null ? s.occurredOn : (later?.occurredOn ?? null) };
        })
        .reverse();
      return { ref, risk, signals: list, withoutAction: list.filter((s) => s.action === null).length };
    }),
    checklist: { items: checklistItems, complete: checklistItems.every((c) => c.status === 'done' || c.status === 'not-applicable') },
    framework: framework?.framework ? { framework: framework.framework, note: framework.note, since: framework.occurredOn } : null,
  };
}

/**
 * The living plan of an agreement: the plan in force with each item's current state, or null
 * when the agreement has no plan in force (never signed). 404 when it is not the municipality's.
 * For the API (getLivingPlan), the staff page, the signals and the young person's page.
 */
export async function livingPlan(trx: Tx, tenantId: string, agreementId: string): Promise<LivingPlanT | null> {
  const inForce = await planInForce(trx, tenantId, agreementId);
  if (!inForce) return null;
  const rows = (await entries(trx, tenantId, agreementId).execute()).map((r) => toEntry(r as Row));
  return computeLivingPlan(agreementId, inForce.version, inForce.plan, rows);
}

/** The living plan, or 409 when there is no plan in force (the API's getLivingPlan). */
export async function requireLivingPlan(trx: Tx, tenantId: string, agreementId: string): Promise<LivingPlanT> {
  const plan = await livingPlan(trx, tenantId, agreementId);
  if (!plan) throw noPlan('The living plan');
  return plan;
}
