// The caseload: the agreements a person works on, with what the list needs beyond the API's
// listAgreements — the case manager's name, the signing progress of the round out (or last sent),
// the next review, and what needs action: the signing actions and the aftercare signals that keep
// every young person in view. Runs inside the request's transaction; RLS keeps it to the
// municipality (the tenant_id conditions say the same for the planner).
//
// Order and paging happen in SQL, over the signals computed in the database (aftercare_signals,
// from the per-agreement summary aftercare_state that triggers keep current), so a caseload of
// thousands reads one narrow row per agreement and details for the 25 shown only. The name
// search compares names without accents (foldName), so it narrows the ids first.
import { sql } from 'kysely';
import type { AgreementStatus } from '../../domain/agreement.js';
import { SIGNAL_URGENCY, type SignalCode } from '../../domain/signals.js';
import type { Tx } from '../../platform/db/database.js';
import { addMonths, todayInAmsterdam } from '../../platform/dates.js';
import { type Signal, signalsOf } from '../aftercare/service.js';

/** A signature waited on for longer than this many days needs action. */
export const WAITING_DAYS = 5;
/** A signing link that stops working within this many days needs action. */
export const EXPIRING_DAYS = 2;
export const PAGE_SIZE = 25;
export const CASELOAD_SORTS = ['action', 'name', 'changed', 'review'] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];

/** What needs action on one agreement, most urgent first: signing actions and aftercare signals. */
export type NeedsAction =
  | { kind: 'declined'; signer: string }
  | { kind: 'expired' }
  | { kind: 'link-expired'; signer: string }
  | { kind: 'link-expiring'; signer: string; expiresAt: Date }
  | { kind: 'help-asked'; since: string }
  | { kind: 'risk-without-action'; since: string }
  | { kind: 'no-contact'; since: string; lastContact: string | null }
  | { kind: 'condition-not-kept'; since: string }
  | { kind: 'review-overdue'; plannedOn: string }
  | { kind: 'turning-18'; turns18On: string; already: boolean; checklist: boolean; framework: boolean }
  | { kind: 'follow-up-due'; months: 3 | 12; dueOn: string }
  | { kind: 'aftercare-ending'; endsOn: string }
  | { kind: 'waiting'; signer: string; days: number }
  | { kind: 'draft-not-sent'; days: number }
  | { kind: 'amendment-not-sent' };

/** The urgency of each action; the aftercare signals' come from the signals' own order (domain/signals.ts). */
const URGENCY: Record<NeedsAction['kind'], number> = {
  declined: 0,
  expired: 0,
  'link-expired': 1,
  'help-asked': SIGNAL_URGENCY['help-asked'],
  'link-expiring': 2,
  'risk-without-action': SIGNAL_URGENCY['risk-without-action'],
  'no-contact': SIGNAL_URGENCY['no-contact'],
  'condition-not-kept': SIGNAL_URGENCY['condition-not-kept'],
  'review-overdue': SIGNAL_URGENCY['review-overdue'],
  'turning-18': SIGNAL_URGENCY['turning-18'],
  'follow-up-due': SIGNAL_URGENCY['follow-up-due'],
  'aftercare-ending': SIGNAL_URGENCY['aftercare-ending'],
  waiting: 4,
  'amendment-not-sent': 5,
  'draft-not-sent': 6,
};

export interface SigningProgress {
  version: number;
  signed: number;
  total: number;
  /** Who has the link now (notified) or is next in line (waiting). */
  waitingOn: string[];
  declinedBy: string | null;
}

export interface CaseloadRow {
  id: string;
  status: AgreementStatus;
  youngPersonName: string;
  caseManagerId: string;
  caseManagerName: string;
  /** The next review (YYYY-MM-DD): agreed at the latest review meeting, else the plan's first not held. */
  nextReview: string | null;
  updatedAt: Date;
  signing: SigningProgress | null;
  actions: NeedsAction[];
}

export interface CaseManagerOption {
  userId: string;
  name: string;
}

export interface CaseloadQuery {
  status?: AgreementStatus | undefined;
  /** Only this case manager's agreements; undefined: everyone's. */
  caseManagerId?: string | undefined;
  /** A part of the young person's name (from a POST form, never the URL). */
  search?: string | undefined;
  sort: CaseloadSort;
  page: number;
  pageSize?: number;
}

export interface CaseloadPage {
  rows: CaseloadRow[];
  total: number;
  page: number;
  pageCount: number;
  /** First and last position shown (1-based), 0 when nothing is shown. */
  from: number;
  to: number;
  /** Whether the municipality has any agreement at all (the empty state), whatever the filters. */
  anyAgreements: boolean;
}

/** The municipality's staff who can be case manager (admins and case managers), by name. */
export async function caseManagers(trx: Tx, tenantId: string): Promise<CaseManagerOption[]> {
  const rows = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.name', 'm.roles'])
    .where('m.tenant_id', '=', tenantId)
    .execute();
  return rows
    .filter((r) => r.roles.some((role) => role === 'case-manager' || role === 'admin'))
    .map((r) => ({ userId: r.user_id, name: r.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}

/** A name folded for searching: lower case, without accents (Noël → noel), single spaces. */
export const foldName = (value: string): string =>
  value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

const DAY = 86_400_000;

/** The signing actions of one agreement: the round out and where each signer stands. */
function signingActions(
  a: { status: AgreementStatus; created_at: Date },
  version: { status: string; sent_at: Date } | undefined,
  signers: { name: string; status: string; expires_at: Date }[],
  now: Date,
): NeedsAction[] {
  const actions: NeedsAction[] = [];
  if (a.status === 'draft') actions.push({ kind: 'draft-not-sent', days: Math.floor((now.getTime() - new Date(a.created_at).getTime()) / DAY) });
  if (a.status === 'amending') actions.push({ kind: 'amendment-not-sent' });
  if (a.status === 'expired') actions.push({ kind: 'expired' });
  if (a.status === 'declined') {
    const who = signers.find((s) => s.status === 'declined');
    actions.push({ kind: 'declined', signer: who?.name ?? '' });
  }
  if ((a.status === 'sent' || a.status === 'amendment-sent') && version) {
    for (const s of signers.filter((x) => x.status === 'notified')) {
      const expires = new Date(s.expires_at);
      if (expires <= now) actions.push({ kind: 'link-expired', signer: s.name });
      else if (expires.getTime() - now.getTime() <= EXPIRING_DAYS * DAY) actions.push({ kind: 'link-expiring', signer: s.name, expiresAt: expires });
      else {
        const days = Math.floor((now.getTime() - new Date(version.sent_at).getTime()) / DAY);
        if (days > WAITING_DAYS) actions.push({ kind: 'waiting', signer: s.name, days });
      }
    }
  }
  return actions;
}

/** An aftercare signal as the caseload words it (signing-stuck is told by the signing actions, with the signer's name). */
function signalAction(s: Signal, birthDate: string, today: string): NeedsAction | null {
  switch (s.signal) {
    case 'signing-stuck':
      return null;
    case 'help-asked':
    case 'risk-without-action':
    case 'condition-not-kept':
      return { kind: s.signal, since: s.since };
    case 'no-contact':
      return { kind: 'no-contact', since: s.since, lastContact: s.detail };
    case 'review-overdue':
      return { kind: 'review-overdue', plannedOn: s.since };
    case 'turning-18': {
      const parts = (s.detail ?? '').split(',');
      const turns18On = addMonths(birthDate, 18 * 12);
      return { kind: 'turning-18', turns18On, already: turns18On <= today, checklist: parts.includes('checklist'), framework: parts.includes('framework') };
    }
    case 'follow-up-due':
      return { kind: 'follow-up-due', months: s.detail === '12' ? 12 : 3, dueOn: s.since };
    case 'aftercare-ending':
      return { kind: 'aftercare-ending', endsOn: s.detail ?? s.since };
  }
}

/**
 * Each agreement's urgency in SQL, the same order as URGENCY: the least of its aftercare signals'
 * (a link that ran out counts as link-expired) and of its signing state (link expiring within
 * EXPIRING_DAYS, waiting longer than WAITING_DAYS, amendment or draft not sent); 99 for nothing.
 */
const urgencySql = (now: Date) => sql<number>`least(
  coalesce(${signalUrgencySql}, 99),
  case when a.status in ('sent', 'amendment-sent') and s.link_expires_at > ${now}
            and s.link_expires_at <= ${now}::timestamptz + make_interval(days => ${EXPIRING_DAYS}::int) then ${URGENCY['link-expiring']}::int end,
  case when a.status in ('sent', 'amendment-sent') and s.link_expires_at > ${now}::timestamptz + make_interval(days => ${EXPIRING_DAYS}::int)
            and s.signing_sent_at < ${now}::timestamptz - make_interval(days => ${WAITING_DAYS}::int) then ${URGENCY.waiting}::int end,
  case a.status when 'amending' then ${URGENCY['amendment-not-sent']}::int when 'draft' then ${URGENCY['draft-not-sent']}::int end,
  99)`;

/** Each signal's column in aftercare_signal_days (the day it began; NULL: no such signal). */
const SIGNAL_DAY_COLUMN: Record<SignalCode, string> = {
  'signing-stuck': 'signing_stuck',
  'help-asked': 'help_asked',
  'risk-without-action': 'risk_without_action',
  'no-contact': 'no_contact',
  'condition-not-kept': 'condition_not_kept',
  'review-overdue': 'review_overdue',
  'turning-18': 'turning_18',
  'follow-up-due': 'follow_up_due',
  'aftercare-ending': 'aftercare_ending',
};

/** The most urgent of an agreement's signals in SQL (SIGNAL_URGENCY; a link that ran out as link-expired), from its row of aftercare_signal_days. */
const signalUrgencySql = sql<number>`least(
  case when g.signing_stuck is not null then case when g.stuck_detail = 'link-expired' then ${URGENCY['link-expired']}::int else ${SIGNAL_URGENCY['signing-stuck']}::int end end,
  ${sql.join(
    (Object.keys(SIGNAL_URGENCY) as SignalCode[])
      .filter((code) => code !== 'signing-stuck')
      .map((code) => sql`case when ${sql.ref(`g.${SIGNAL_DAY_COLUMN[code]}`)} is not null then ${SIGNAL_URGENCY[code]}::int end`),
    sql`, `,
  )})`;

const ORDER: Record<CaseloadSort, ReturnType<typeof sql>> = {
  // Most urgent first, then the next review (none last), then by name.
  action: sql`urgency, next_review nulls last, lower(a.young_person_name) collate "C", a.id`,
  name: sql`lower(a.young_person_name) collate "C", a.id`,
  changed: sql`a.updated_at desc, a.id`,
  review: sql`next_review nulls last, lower(a.young_person_name) collate "C", a.id`,
};

/** One page of the caseload, with everything the list shows. */
export async function listCaseload(trx: Tx, tenantId: string, query: CaseloadQuery, now: Date): Promise<CaseloadPage> {
  const pageSize = query.pageSize ?? PAGE_SIZE;
  let ids: string[] | undefined;
  if (query.search) {
    const needle = foldName(query.search);
    let q = trx.selectFrom('agreements').select(['id', 'young_person_name']).where('tenant_id', '=', tenantId);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.caseManagerId) q = q.where('case_manager_id', '=', query.caseManagerId);
    ids = (await q.execute()).filter((a) => foldName(a.young_person_name).includes(needle)).map((a) => a.id);
  }
  const filters = sql.join(
    [
      sql`a.tenant_id = ${tenantId}`,
      ...(query.status ? [sql`a.status = ${query.status}`] : []),
      ...(query.caseManagerId ? [sql`a.case_manager_id = ${query.caseManagerId}`] : []),
      ...(ids ? [sql`a.id = any(${ids}::uuid[])`] : []),
    ],
    sql` and `,
  );
  const total = Number((await sql<{ n: string }>`select count(*) as n from agreements a where ${filters}`.execute(trx)).rows[0]?.n ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, query.page), pageCount);
  const found = total
    ? (
        await sql<{
          id: string; status: AgreementStatus; young_person_name: string; young_person_birth_date: string; case_manager_id: string; case_manager_name: string;
          created_at: Date; updated_at: Date; next_review: string | null;
        }>`
        select a.id, a.status, a.young_person_name, a.young_person_birth_date::text as young_person_birth_date, a.case_manager_id,
               u.name as case_manager_name, a.created_at, a.updated_at,
               case when a.status in ('ended', 'completed', 'cancelled') then null else s.next_review_on::text end as next_review,
               ${urgencySql(now)} as urgency
          from agreements a
          join users u on u.id = a.case_manager_id
          left join aftercare_state s on s.tenant_id = a.tenant_id and s.agreement_id = a.id
          left join aftercare_signal_days(${now}) g on g.agreement_id = a.id
         where ${filters}
         order by ${ORDER[query.sort]}
         limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(trx)
      ).rows
    : [];
  const today = todayInAmsterdam(now);
  const shownIds = found.map((a) => a.id);
  // The latest version sent of each agreement shown, and its signers.
  const versions = shownIds.length
    ? await trx
        .selectFrom('agreement_versions')
        .select(['agreement_id', 'version', 'status', 'sent_at'])
        .where('tenant_id', '=', tenantId)
        .where('agreement_id', 'in', shownIds)
        .distinctOn('agreement_id')
        .orderBy('agreement_id')
        .orderBy('version', 'desc')
        .execute()
    : [];
  const latest = new Map(versions.map((v) => [v.agreement_id, v]));
  // The signals of the agreements shown, in words: computed for these only.
  const signalsOfShown = new Map<string, Signal[]>();
  for (const x of await signalsOf(trx, now, shownIds)) signalsOfShown.set(x.agreementId, [...(signalsOfShown.get(x.agreementId) ?? []), x]);
  const signers = shownIds.length
    ? await trx
        .selectFrom('signers')
        .select(['agreement_id', 'version', 'name', 'status', 'expires_at', 'position'])
        .where('tenant_id', '=', tenantId)
        .where('agreement_id', 'in', shownIds)
        .orderBy('position')
        .execute()
    : [];
  const rows: CaseloadRow[] = found.map((a) => {
    const version = latest.get(a.id);
    const round = version ? signers.filter((s) => s.agreement_id === a.id && s.version === version.version) : [];
    const signing: SigningProgress | null =
      version && round.length && a.status !== 'draft' && a.status !== 'amending'
        ? {
            version: version.version,
            signed: round.filter((s) => s.status === 'signed').length,
            total: round.length,
            waitingOn: round.filter((s) => s.status === 'notified' || s.status === 'waiting').map((s) => s.name),
            declinedBy: round.find((s) => s.status === 'declined')?.name ?? null,
          }
        : null;
    const aftercare = (signalsOfShown.get(a.id) ?? [])
      .map((x) => signalAction(x, a.young_person_birth_date, today))
      .filter((x): x is NeedsAction => x !== null);
    return {
      id: a.id,
      status: a.status,
      youngPersonName: a.young_person_name,
      caseManagerId: a.case_manager_id,
      caseManagerName: a.case_manager_name,
      nextReview: a.next_review,
      updatedAt: new Date(a.updated_at),
      signing,
      actions: [...signingActions(a, version, round, now), ...aftercare].sort((x, y) => URGENCY[x.kind] - URGENCY[y.kind]),
    };
  });
  const anyAgreements =
    total > 0 || (await trx.selectFrom('agreements').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst()) !== undefined;
  return { rows, total, page, pageCount, from: rows.length ? (page - 1) * pageSize + 1 : 0, to: (page - 1) * pageSize + rows.length, anyAgreements };
}

/** The aftercare signals of one agreement, worded as the caseload words them (the agreement's page shows them too). */
export async function agreementSignals(trx: Tx, agreementId: string, birthDate: string, now: Date): Promise<NeedsAction[]> {
  return (await signalsOf(trx, now, [agreementId])).map((s) => signalAction(s, birthDate, todayInAmsterdam(now))).filter((x): x is NeedsAction => x !== null);
}
