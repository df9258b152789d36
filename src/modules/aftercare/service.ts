// Contact moments with the young person after signing (issue 13, the living plan): recorded beside
// the signed agreement, append-only (the database has no UPDATE or DELETE for them, and a trigger
// refuses both), with who recorded them and when.
//
// The rules:
// - The agreement must be of the municipality (404 otherwise) and must have been sent: contact
//   moments belong to an agreement that went to the young person — out for signature, in force,
//   being amended, or over (completed, ended, declined, expired: the young person stays in view
//   and follow-up contact is recorded too). A draft (never sent) or a cancelled agreement
//   (withdrawn) takes none: 409.
// - occurredOn is a day in Europe/Amsterdam, not after today and not before one year before the
//   agreement's aftercare start (contact in the run-up to departure counts; anything earlier is a
//   typing error). Both are 400 on body.occurredOn, listed with any other problem of the body.
// - Only the reached kinds (REACHED_KINDS) count as contact: lastContact ignores no-show and
//   not-reachable.
import type { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { type ContactKind, REACHED_KINDS, REVIEW_PARTICIPANT_CODES, type ReviewParticipant } from '../../domain/aftercare.js';
import type { AgreementStatus } from '../../domain/agreement.js';
import { uuidv7 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db/database.js';
import { dayInAmsterdam } from '../../platform/dates.js';
import { ApiError, type InvalidParam, badRequest, conflict } from '../../platform/errors.js';
import { iso } from '../../platform/http/openapi.js';
import { getAgreement } from '../agreements/service.js';
import type { ContactMoment, RecordContactMoment, RecordReviewMeeting, ReviewMeeting } from './schemas.js';

export type ContactMomentT = z.infer<typeof ContactMoment>;
export type RecordContactMomentInput = z.output<typeof RecordContactMoment>;

/** The agreement statuses that take no contact moments: never sent, or withdrawn. */
export const NO_CONTACT_STATUSES: readonly AgreementStatus[] = ['draft', 'cancelled'];

/** Whether a contact moment of this kind means the young person was reached. */
export const isReached = (kind: ContactKind): boolean => REACHED_KINDS.includes(kind);

/** The earliest day a contact moment may have: one year before the aftercare start (29 February → 28 February, as PostgreSQL's date - interval '1 year'). */
export function earliestContactDay(aftercareStartDate: string): string {
  const [y, m, d] = aftercareStartDate.split('-') as [string, string, string];
  const year = String(Number(y) - 1).padStart(4, '0');
  return m === '02' && d === '29' ? `${year}-02-28` : `${year}-${m}-${d}`;
}

/**
 * What is wrong with a contact moment's day: in the future (Amsterdam), or more than a year before
 * the aftercare start (when it is known). Empty when the day is fine.
 */
export function occurredOnProblems(occurredOn: string, aftercareStartDate: string | null, now: Date, name = 'body.occurredOn'): InvalidParam[] {
  const today = dayInAmsterdam(now);
  if (occurredOn > today) return [{ name, reason: `Must not be in the future (today is ${today}).` }];
  if (aftercareStartDate !== null) {
    const earliest = earliestContactDay(aftercareStartDate);
    if (occurredOn < earliest) return [{ name, reason: `Must not be before ${earliest}, a year before the aftercare start (${aftercareStartDate}).` }];
  }
  return [];
}

/**
 * The date problems of a body that failed its schema, so that one 400 lists every problem: the
 * day is checked against today and, when the agreement is found, its aftercare start.
 */
export async function occurredOnProblemsOfRaw(trx: Tx, tenantId: string, agreementId: string, body: unknown, now: Date, field = 'occurredOn'): Promise<InvalidParam[]> {
  const raw = (body as Record<string, unknown> | null)?.[field];
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw))) return [];
  const a = await trx
    .selectFrom('agreements')
    .select(sql<string>`aftercare_start_date::text`.as('start'))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', agreementId)
    .executeTakeFirst();
  return occurredOnProblems(raw, a?.start ?? null, now, `body.${field}`);
}

const COLUMNS = [
  'm.id',
  'm.agreement_id',
  sql<string>`m.occurred_on::text`.as('occurred_on'),
  'm.kind',
  'm.note',
  'm.recorded_by',
  'u.name as recorded_by_name',
  'm.recorded_at',
] as const;

type Row = { id: string; agreement_id: string; occurred_on: string; kind: ContactKind; note: string | null; recorded_by: string; recorded_by_name: string; recorded_at: Date | string };

const toContactMoment = (r: Row): ContactMomentT => ({
  id: r.id,
  agreementId: r.agreement_id,
  occurredOn: r.occurred_on,
  kind: r.kind,
  reached: isReached(r.kind),
  note: r.note,
  recordedBy: { id: r.recorded_by, name: r.recorded_by_name },
  recordedAt: iso(r.recorded_at) as string,
});

const moments = (trx: Tx, tenantId: string, agreementId: string) =>
  trx
    .selectFrom('contact_moments as m')
    .innerJoin('users as u', 'u.id', 'm.recorded_by')
    .select(COLUMNS)
    .where('m.tenant_id', '=', tenantId)
    .where('m.agreement_id', '=', agreementId);

/** Record a contact moment (404 no such agreement, 409 draft or cancelled, 400 a day out of range). */
export async function recordContactMoment(trx: Tx, tenantId: string, agreementId: string, input: RecordContactMomentInput, userId: string, now: Date): Promise<ContactMomentT> {
  const a = await getAgreement(trx, tenantId, agreementId);
  if (NO_CONTACT_STATUSES.includes(a.status)) {
    throw conflict(`Contact moments are recorded for an agreement that was sent; this one is ${a.status}.`, 'agreement-not-sent');
  }
  const problems = occurredOnProblems(input.occurredOn, a.aftercareStartDate, now);
  if (problems.length) throw badRequest(`The request has ${problems.length} invalid field in the body.`, problems);
  const id = uuidv7();
  await trx
    .insertInto('contact_moments')
    .values({ id, tenant_id: tenantId, agreement_id: agreementId, occurred_on: input.occurredOn, kind: input.kind, note: input.note ?? null, recorded_by: userId })
    .execute();
  const row = await moments(trx, tenantId, agreementId).where('m.id', '=', id).executeTakeFirstOrThrow();
  return toContactMoment(row as Row);
}

/**
 * The contact moments of an agreement, newest first (by day, then by when they were recorded),
 * limit + 1 rows for toPage. The cursor is the id of the last moment of the previous page.
 */
export async function listContactMoments(trx: Tx, tenantId: string, agreementId: string, limit: number, cursor?: string): Promise<ContactMomentT[]> {
  await getAgreement(trx, tenantId, agreementId);
  let q = moments(trx, tenantId, agreementId).orderBy('m.occurred_on', 'desc').orderBy('m.id', 'desc').limit(limit + 1);
  if (cursor) {
    const after = await trx
      .selectFrom('contact_moments')
      .select(['id', sql<string>`occurred_on::text`.as('occurred_on')])
      .where('tenant_id', '=', tenantId)
      .where('agreement_id', '=', agreementId)
      .where('id', '=', cursor)
      .executeTakeFirst();
    if (!after) {
      throw new ApiError(400, 'invalid-input', 'Invalid input', 'The cursor is not a contact moment of this agreement.', { invalidParams: [{ name: 'query.cursor', reason: 'Unknown contact moment' }] });
    }
    q = q.where(sql<boolean>`(m.occurred_on, m.id) < (${after.occurred_on}::date, ${after.id}::uuid)`);
  }
  return (await q.execute()).map((r) => toContactMoment(r as Row));
}

/** The day of the latest contact in which the young person was reached (REACHED_KINDS), or null. */
export async function lastContact(trx: Tx, tenantId: string, agreementId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('contact_moments')
    .select(sql<string | null>`max(occurred_on)::text`.as('last'))
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', agreementId)
    .where('kind', 'in', [...REACHED_KINDS])
    .executeTakeFirst();
  return row?.last ?? null;
}


// ---------------------------------------------------------------------------------------------
// Review meetings (evaluaties): the agreed review moments of the plan. The same rules as contact
// moments (an agreement that was sent; heldOn not in the future and not more than a year before
// the aftercare start), and the next review, when agreed, after heldOn.

export type ReviewMeetingT = z.infer<typeof ReviewMeeting>;
export type RecordReviewMeetingInput = z.output<typeof RecordReviewMeeting>;

/** What is wrong with the days of a review meeting: heldOn as a contact moment's day, nextReviewOn after heldOn. */
export function reviewDayProblems(heldOn: string, nextReviewOn: string | undefined, aftercareStartDate: string | null, now: Date): InvalidParam[] {
  const problems = occurredOnProblems(heldOn, aftercareStartDate, now, 'body.heldOn');
  if (nextReviewOn !== undefined && nextReviewOn <= heldOn) problems.push({ name: 'body.nextReviewOn', reason: `Must be after the day of the meeting (${heldOn}).` });
  return problems;
}

/** The day problems of a body that failed its schema (so that one 400 lists every problem). */
export async function reviewDayProblemsOfRaw(trx: Tx, tenantId: string, agreementId: string, body: unknown, now: Date): Promise<InvalidParam[]> {
  const problems = await occurredOnProblemsOfRaw(trx, tenantId, agreementId, body, now, 'heldOn');
  const b = (body as Record<string, unknown> | null) ?? {};
  const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));
  if (isDay(b.heldOn) && isDay(b.nextReviewOn) && b.nextReviewOn <= b.heldOn) problems.push({ name: 'body.nextReviewOn', reason: `Must be after the day of the meeting (${b.heldOn}).` });
  return problems;
}

const REVIEW_ORDER: readonly ReviewParticipant[] = REVIEW_PARTICIPANT_CODES;

const REVIEW_COLUMNS = [
  'r.id',
  'r.agreement_id',
  sql<string>`r.held_on::text`.as('held_on'),
  'r.participants',
  'r.agreed',
  sql<string | null>`r.next_review_on::text`.as('next_review_on'),
  'r.recorded_by',
  'u.name as recorded_by_name',
  'r.recorded_at',
] as const;

type ReviewRow = {
  id: string; agreement_id: string; held_on: string; participants: string[]; agreed: string; next_review_on: string | null;
  recorded_by: string; recorded_by_name: string; recorded_at: Date | string;
};

const toReviewMeeting = (r: ReviewRow): ReviewMeetingT => ({
  id: r.id,
  agreementId: r.agreement_id,
  heldOn: r.held_on,
  participants: r.participants as ReviewParticipant[],
  agreed: r.agreed,
  nextReviewOn: r.next_review_on,
  recordedBy: { id: r.recorded_by, name: r.recorded_by_name },
  recordedAt: iso(r.recorded_at) as string,
});

const reviews = (trx: Tx, tenantId: string, agreementId: string) =>
  trx
    .selectFrom('review_meetings as r')
    .innerJoin('users as u', 'u.id', 'r.recorded_by')
    .select(REVIEW_COLUMNS)
    .where('r.tenant_id', '=', tenantId)
    .where('r.agreement_id', '=', agreementId);

/** Record a review meeting (404 no such agreement, 409 draft or cancelled, 400 a day out of range). */
export async function recordReviewMeeting(trx: Tx, tenantId: string, agreementId: string, input: RecordReviewMeetingInput, userId: string, now: Date): Promise<ReviewMeetingT> {
  const a = await getAgreement(trx, tenantId, agreementId);
  if (NO_CONTACT_STATUSES.includes(a.status)) {
    throw conflict(`Review meetings are recorded for an agreement that was sent; this one is ${a.status}.`, 'agreement-not-sent');
  }
  const problems = reviewDayProblems(input.heldOn, input.nextReviewOn, a.aftercareStartDate, now);
  if (problems.length) throw badRequest(`The request has ${problems.length} invalid ${problems.length === 1 ? 'field' : 'fields'} in the body.`, problems);
  const id = uuidv7();
  // In the order of the vocabulary, whatever order they came in.
  const participants = REVIEW_ORDER.filter((p) => input.participants.includes(p));
  await trx
    .insertInto('review_meetings')
    .values({ id, tenant_id: tenantId, agreement_id: agreementId, held_on: input.heldOn, participants, agreed: input.agreed, next_review_on: input.nextReviewOn ?? null, recorded_by: userId })
    .execute();
  const row = await reviews(trx, tenantId, agreementId).where('r.id', '=', id).executeTakeFirstOrThrow();
  return toReviewMeeting(row as ReviewRow);
}

/** The review meetings of an agreement, newest first (by day, then by when recorded), limit + 1 rows for toPage. */
export async function listReviewMeetings(trx: Tx, tenantId: string, agreementId: string, limit: number, cursor?: string): Promise<ReviewMeetingT[]> {
  await getAgreement(trx, tenantId, agreementId);
  let q = reviews(trx, tenantId, agreementId).orderBy('r.held_on', 'desc').orderBy('r.id', 'desc').limit(limit + 1);
  if (cursor) {
    const after = await trx
      .selectFrom('review_meetings')
      .select(['id', sql<string>`held_on::text`.as('held_on')])
      .where('tenant_id', '=', tenantId)
      .where('agreement_id', '=', agreementId)
      .where('id', '=', cursor)
      .executeTakeFirst();
    if (!after) {
      throw new ApiError(400, 'invalid-input', 'Invalid input', 'The cursor is not a review meeting of this agreement.', { invalidParams: [{ name: 'query.cursor', reason: 'Unknown review meeting' }] });
    }
    q = q.where(sql<boolean>`(r.held_on, r.id) < (${after.held_on}::date, ${after.id}::uuid)`);
  }
  return (await q.execute()).map((r) => toReviewMeeting(r as ReviewRow));
}

/** The next review agreed at the latest review meeting (by day, then by when recorded), or null. */
export async function nextReview(trx: Tx, tenantId: string, agreementId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('review_meetings')
    .select(sql<string | null>`next_review_on::text`.as('next'))
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', agreementId)
    .orderBy('held_on', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.next ?? null;
}

// The signals that keep every young person in view live in signals.ts; other modules (the caseload)
// read them through this service.
export { type Signal, signalsOf } from './signals.js';
// And the living plan (progress.ts): the agreement's page shows how many goals are achieved.
export { livingPlan } from './progress.js';
