// The caseload: the agreements a person works on, with what the list needs beyond the API's
// listAgreements — the case manager's name, the signing progress of the round out (or last sent),
// the next review moment, and what needs action. Runs inside the request's transaction; RLS keeps
// it to the municipality (the tenant_id conditions say the same for the planner).
//
// The whole caseload in scope (after the status and case-manager filters) is read and then
// sorted, searched and paged here: "what needs action" is computed from several tables and the
// name search compares names without accents. That is fine for a caseload of a few hundred
// agreements; a municipality with many thousands would need the search and the order in SQL.
import type { AgreementStatus } from '../../domain/agreement.js';
import type { Tx } from '../../platform/db/database.js';
import { todayInAmsterdam } from '../../platform/dates.js';

/** A signature waited on for longer than this many days needs action. */
export const WAITING_DAYS = 5;
/** A signing link that stops working within this many days needs action. */
export const EXPIRING_DAYS = 2;
export const PAGE_SIZE = 25;
export const CASELOAD_SORTS = ['action', 'name', 'changed', 'review'] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];

/** What needs action on one agreement, most urgent first. */
export type NeedsAction =
  | { kind: 'declined'; signer: string }
  | { kind: 'expired' }
  | { kind: 'link-expired'; signer: string }
  | { kind: 'link-expiring'; signer: string; expiresAt: Date }
  | { kind: 'review-overdue'; plannedOn: string }
  | { kind: 'waiting'; signer: string; days: number }
  | { kind: 'draft-not-sent'; days: number }
  | { kind: 'amendment-not-sent' };

const URGENCY: Record<NeedsAction['kind'], number> = {
  declined: 0,
  expired: 0,
  'link-expired': 1,
  'link-expiring': 2,
  'review-overdue': 3,
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
  /** The first review moment of the plan not held yet (YYYY-MM-DD), if any. */
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

function needsAction(
  a: { status: AgreementStatus; created_at: Date; updated_at: Date },
  version: { status: string; sent_at: Date } | undefined,
  signers: { name: string; status: string; expires_at: Date }[],
  nextReview: string | null,
  now: Date,
): NeedsAction[] {
  const actions: NeedsAction[] = [];
  const today = todayInAmsterdam(now);
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
  if ((a.status === 'active' || a.status === 'amending' || a.status === 'amendment-sent') && nextReview && nextReview < today) {
    actions.push({ kind: 'review-overdue', plannedOn: nextReview });
  }
  return actions.sort((x, y) => URGENCY[x.kind] - URGENCY[y.kind]);
}

function nextReviewOf(plan: unknown): string | null {
  const reviews = ((plan as { reviews?: { plannedOn?: string; heldOn?: string }[] } | null)?.reviews ?? []).filter((r) => r.plannedOn && !r.heldOn);
  const dates = reviews.map((r) => r.plannedOn as string).sort();
  return dates[0] ?? null;
}

const byName = (a: CaseloadRow, b: CaseloadRow) => a.youngPersonName.localeCompare(b.youngPersonName, 'nl') || a.id.localeCompare(b.id);
const byReview = (a: CaseloadRow, b: CaseloadRow) => {
  if (a.nextReview === b.nextReview) return byName(a, b);
  if (a.nextReview === null) return 1;
  if (b.nextReview === null) return -1;
  return a.nextReview < b.nextReview ? -1 : 1;
};
const byChanged = (a: CaseloadRow, b: CaseloadRow) => b.updatedAt.getTime() - a.updatedAt.getTime() || a.id.localeCompare(b.id);
/** What needs action first (most urgent, then longest waiting), then the next review, then by name. */
const byAction = (a: CaseloadRow, b: CaseloadRow) => {
  const ua = a.actions[0] ? URGENCY[a.actions[0].kind] : 99;
  const ub = b.actions[0] ? URGENCY[b.actions[0].kind] : 99;
  if (ua !== ub) return ua - ub;
  return byReview(a, b);
};
const SORTS: Record<CaseloadSort, (a: CaseloadRow, b: CaseloadRow) => number> = { action: byAction, name: byName, changed: byChanged, review: byReview };

/** One page of the caseload, with everything the list shows. */
export async function listCaseload(trx: Tx, tenantId: string, query: CaseloadQuery, now: Date): Promise<CaseloadPage> {
  let q = trx
    .selectFrom('agreements as a')
    .innerJoin('users as u', 'u.id', 'a.case_manager_id')
    .select(['a.id', 'a.status', 'a.young_person_name', 'a.case_manager_id', 'u.name as case_manager_name', 'a.plan', 'a.created_at', 'a.updated_at'])
    .where('a.tenant_id', '=', tenantId);
  if (query.status) q = q.where('a.status', '=', query.status);
  if (query.caseManagerId) q = q.where('a.case_manager_id', '=', query.caseManagerId);
  let agreements = await q.execute();
  if (query.search) {
    const needle = foldName(query.search);
    agreements = agreements.filter((a) => foldName(a.young_person_name).includes(needle));
  }
  const ids = agreements.map((a) => a.id);
  // The latest version sent of each agreement, and its signers.
  const versions = ids.length
    ? await trx
        .selectFrom('agreement_versions')
        .select(['agreement_id', 'version', 'status', 'sent_at'])
        .where('tenant_id', '=', tenantId)
        .where('agreement_id', 'in', ids)
        .distinctOn('agreement_id')
        .orderBy('agreement_id')
        .orderBy('version', 'desc')
        .execute()
    : [];
  const latest = new Map(versions.map((v) => [v.agreement_id, v]));
  const signers = ids.length
    ? await trx
        .selectFrom('signers')
        .select(['agreement_id', 'version', 'name', 'status', 'expires_at', 'position'])
        .where('tenant_id', '=', tenantId)
        .where('agreement_id', 'in', ids)
        .orderBy('position')
        .execute()
    : [];
  const rows: CaseloadRow[] = agreements.map((a) => {
    const version = latest.get(a.id);
    const round = version ? signers.filter((s) => s.agreement_id === a.id && s.version === version.version) : [];
    // A closed agreement has no review ahead.
    const nextReview = a.status === 'ended' || a.status === 'completed' || a.status === 'cancelled' ? null : nextReviewOf(a.plan);
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
    return {
      id: a.id,
      status: a.status,
      youngPersonName: a.young_person_name,
      caseManagerId: a.case_manager_id,
      caseManagerName: a.case_manager_name,
      nextReview,
      updatedAt: new Date(a.updated_at),
      signing,
      actions: needsAction(a, version, round, nextReview, now),
    };
  });
  rows.sort(SORTS[query.sort]);
  const pageSize = query.pageSize ?? PAGE_SIZE;
  const total = rows.length;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, query.page), pageCount);
  const shown = rows.slice((page - 1) * pageSize, page * pageSize);
  const anyAgreements =
    total > 0 || (await trx.selectFrom('agreements').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst()) !== undefined;
  return { rows: shown, total, page, pageCount, from: shown.length ? (page - 1) * pageSize + 1 : 0, to: (page - 1) * pageSize + shown.length, anyAgreements };
}
