// Contracts between a municipality and a care provider. The rules: the terms are kept as versions
// (version 1 as concluded, each amendment the next, with a rationale and an effective date); a draft's
// version 1 may still change, after that the database refuses any change to a version; the contract
// as it stood on a date is the latest version effective on or before it; the contracts row and the
// product/target rows mirror the current (latest) version. Cross-field rules of the terms are checked
// here and every problem is reported in one 400.
import { type UpdateObject, sql } from 'kysely';
import { OUTCOME_INDICATORS } from '../../domain/outcomes.js';
import { uuidv7 } from '../../platform/crypto.js';
import { type Tx, jsonb, sqlDay } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.generated.js';
import { ApiError, type InvalidParam, badRequest, conflict, notFound } from '../../platform/errors.js';
import { iso } from '../../platform/http/openapi.js';
import { type Expected, etagOf, expectedRevision, requireMatched } from '../../platform/revisions.js';
import { enqueue } from '../../platform/outbox.js';
import { contractEvents } from './events.js';
import type { ContractStatus, TermsT } from './schemas.js';
import { addDays, addMonths } from '../../platform/dates.js';
import { euros } from './money.js';
import type { PdfBytes } from '../../platform/pdf-service.js';

/** The last day notice can be given (uiterste opzegdatum). */
export const noticeDeadlineOf = (t: { endDate: string; noticePeriodMonths: number }) => addMonths(t.endDate, -t.noticePeriodMonths);


// ---------------------------------------------------------------- the terms' cross-field rules

/** Every problem with the terms beyond their shape, named by path (e.g. body.terms.products[1].tariffs[0].validTo). */
export function termsProblems(t: TermsT, prefix: string): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const at = (path: string, reason: string) => problems.push({ name: `${prefix}.${path}`, reason });
  const periodOk = t.endDate >= t.startDate;
  if (!periodOk) at('endDate', `The end date (${t.endDate}) is before the start date (${t.startDate}).`);
  if (t.renewal === 'automatic' && t.renewalMonths === null) at('renewalMonths', 'Say by how many months an automatic renewal extends the contract.');
  if (t.renewal === 'none' && t.renewalMonths !== null) at('renewalMonths', 'Only an automatic renewal has renewal months; send null.');

  const products = new Map<string, number>();
  t.products.forEach((p, i) => {
    const key = `${p.productCategory}/${p.productCode ?? ''}`;
    const first = products.get(key);
    if (first !== undefined) {
      at(`products[${i}].productCode`, `Product ${p.productCategory}${p.productCode ? ` ${p.productCode}` : ''} is already products[${first}]; each product category and code appears once.`);
    } else products.set(key, i);
    p.tariffs.forEach((tariff, j) => {
      if (tariff.validTo < tariff.validFrom) at(`products[${i}].tariffs[${j}].validTo`, `Ends (${tariff.validTo}) before it starts (${tariff.validFrom}).`);
    });
    if (!periodOk) return;
    const first0 = p.tariffs[0];
    const last = p.tariffs[p.tariffs.length - 1];
    if (first0 && first0.validFrom !== t.startDate) {
      at(`products[${i}].tariffs[0].validFrom`, `The first tariff must start on the contract's start date (${t.startDate}).`);
    }
    for (let j = 1; j < p.tariffs.length; j++) {
      const prev = p.tariffs[j - 1] as (typeof p.tariffs)[number];
      const cur = p.tariffs[j] as (typeof p.tariffs)[number];
      const expected = addDays(prev.validTo, 1);
      if (cur.validFrom < prev.validFrom) {
        at(`products[${i}].tariffs[${j}].validFrom`, 'Tariffs must be sorted by validFrom.');
      } else if (cur.validFrom < expected) {
        at(`products[${i}].tariffs[${j}].validFrom`, `Overlaps tariffs[${j - 1}], which runs until ${prev.validTo}; start on ${expected}.`);
      } else if (cur.validFrom > expected) {
        at(`products[${i}].tariffs[${j}].validFrom`, `Leaves a gap after tariffs[${j - 1}], which ends on ${prev.validTo}; start on ${expected}.`);
      }
    }
    if (last && last.validTo !== t.endDate) {
      at(`products[${i}].tariffs[${p.tariffs.length - 1}].validTo`, `The last tariff must run until the contract's end date (${t.endDate}).`);
    }
  });

  const startYear = Number(t.startDate.slice(0, 4));
  const endYear = Number(t.endDate.slice(0, 4));
  const years = new Map<number, number>();
  t.budgets.forEach((b, i) => {
    if (years.has(b.year)) at(`budgets[${i}].year`, `${b.year} already has a ceiling in budgets[${years.get(b.year)}].`);
    else years.set(b.year, i);
    if (periodOk && (b.year < startYear || b.year > endYear)) at(`budgets[${i}].year`, `${b.year} is outside the contract period (${startYear}–${endYear}).`);
  });

  const targetKeys = new Map<string, number>();
  t.targets.forEach((target, i) => {
    const unit = OUTCOME_INDICATORS[target.indicator].unit;
    if (unit === 'grade' && (target.value < 1 || target.value > 10)) at(`targets[${i}].value`, 'A grade is between 1 and 10.');
    if (unit === 'percent' && (target.value < 0 || target.value > 100)) at(`targets[${i}].value`, 'A percentage is between 0 and 100.');
    if (target.periodEnd < target.periodStart) at(`targets[${i}].periodEnd`, 'The period ends before it starts.');
    else if (periodOk && (target.periodStart < t.startDate || target.periodEnd > t.endDate)) {
      at(`targets[${i}].periodStart`, `The period must lie inside the contract period (${t.startDate} – ${t.endDate}).`);
    }
    const key = `${target.indicator}/${target.periodStart}`;
    if (targetKeys.has(key)) at(`targets[${i}].indicator`, `targets[${targetKeys.get(key)}] already sets ${target.indicator} from ${target.periodStart}.`);
    else targetKeys.set(key, i);
  });
  return problems;
}

function refuse(problems: InvalidParam[], what = 'The terms'): never {
  throw badRequest(`${what} have ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}.`, problems);
}

// ---------------------------------------------------------------- reading

export type Scope = { tenantId: string } | { providerId: string };

const CONTRACT_COLUMNS = [
  'c.tenant_id',
  'c.id',
  'c.provider_id',
  'c.reference',
  'c.status',
  'c.revision',
  'c.current_version',
  'c.legal_framework',
  sql<string>`c.start_date::text`.as('start_date'),
  sql<string>`c.end_date::text`.as('end_date'),
  'c.notice_period_months',
  'c.renewal',
  'c.renewal_months',
  'c.notice_alert_days',
  sql<string | null>`c.notice_alerted_for::text`.as('notice_alerted_for'),
  'c.created_at',
  'c.updated_at',
  'p.name as provider_name',
  'p.agb_code as provider_agb',
  't.name as municipality_name',
] as const;

function contractsQuery(trx: Tx, scope: Scope) {
  let q = trx
    .selectFrom('contracts as c')
    .innerJoin('providers as p', 'p.id', 'c.provider_id')
    .leftJoin('tenants as t', 't.id', 'c.tenant_id')
    .select(CONTRACT_COLUMNS);
  if ('tenantId' in scope) q = q.where('c.tenant_id', '=', scope.tenantId);
  // A provider sees what was concluded with it, not the municipality's drafts.
  else q = q.where('c.provider_id', '=', scope.providerId).where('c.status', '<>', 'draft');
  return q;
}
type ContractRow = Awaited<ReturnType<ReturnType<typeof contractsQuery>['executeTakeFirstOrThrow']>>;

async function contractRow(trx: Tx, scope: Scope, contractId: string): Promise<ContractRow> {
  const row = await contractsQuery(trx, scope).where('c.id', '=', contractId).executeTakeFirst();
  if (!row) throw notFound('contract');
  return row;
}

type VersionRow = { version: number; effective_from: string; rationale: string; terms: unknown; created_by: string | null; created_at: Date };

function versionsQuery(trx: Tx, row: { tenant_id: string; id: string }) {
  return trx
    .selectFrom('contract_versions')
    .select(['version', sql<string>`effective_from::text`.as('effective_from'), 'rationale', 'terms', 'created_by', 'created_at'])
    .where('tenant_id', '=', row.tenant_id)
    .where('contract_id', '=', row.id);
}

function toContract(row: ContractRow, version: VersionRow) {
  const terms = version.terms as TermsT;
  return {
    id: row.id,
    municipality: { id: row.tenant_id, name: row.municipality_name ?? null },
    provider: { id: row.provider_id, name: row.provider_name, agbCode: row.provider_agb },
    reference: row.reference,
    status: row.status as ContractStatus,
    revision: row.revision,
    currentVersion: row.current_version,
    version: version.version,
    effectiveFrom: version.effective_from,
    noticeDeadline: noticeDeadlineOf(terms),
    terms,
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
  };
}
export type ContractT = ReturnType<typeof toContract>;

/** The current contract, or with `asOf` the contract as it stood on that date. */
export async function getContract(trx: Tx, scope: Scope, contractId: string, asOf?: string): Promise<ContractT> {
  const row = await contractRow(trx, scope, contractId);
  let q = versionsQuery(trx, row);
  q = asOf ? q.where('effective_from', '<=', sqlDay(asOf)).orderBy('version', 'desc').limit(1) : q.where('version', '=', row.current_version);
  const version = (await q.executeTakeFirst()) as VersionRow | undefined;
  if (!version) {
    throw new ApiError(404, 'not-in-force', 'Not in force on that date', `Contract ${row.reference} had no terms in force on ${asOf}; its first version took effect later.`);
  }
  return toContract(row, version);
}

export async function listContracts(
  trx: Tx,
  scope: Scope,
  filter: { limit: number; cursor?: string | undefined; status?: ContractStatus | undefined; providerId?: string | undefined; municipalityId?: string | undefined },
) {
  let q = contractsQuery(trx, scope).orderBy('c.id', 'desc').limit(filter.limit + 1);
  if (filter.cursor) q = q.where('c.id', '<', filter.cursor);
  if (filter.status) q = q.where('c.status', '=', filter.status);
  if (filter.providerId) q = q.where('c.provider_id', '=', filter.providerId);
  if (filter.municipalityId) q = q.where('c.tenant_id', '=', filter.municipalityId);
  return (await q.execute()).map((r) => ({
    id: r.id,
    municipality: { id: r.tenant_id, name: r.municipality_name ?? null },
    providerId: r.provider_id,
    providerName: r.provider_name,
    reference: r.reference,
    status: r.status as ContractStatus,
    legalFramework: r.legal_framework,
    startDate: r.start_date,
    endDate: r.end_date,
    noticeDeadline: noticeDeadlineOf({ endDate: r.end_date, noticePeriodMonths: r.notice_period_months }),
    renewal: r.renewal,
    currentVersion: r.current_version,
    createdAt: iso(r.created_at) as string,
    updatedAt: iso(r.updated_at) as string,
  }));
}

const toVersionSummary = (v: VersionRow) => ({ version: v.version, effectiveFrom: v.effective_from, rationale: v.rationale, createdBy: v.created_by, createdAt: iso(v.created_at) as string });

export async function listVersions(trx: Tx, tenantId: string, contractId: string) {
  const row = await contractRow(trx, { tenantId }, contractId);
  return ((await versionsQuery(trx, row).orderBy('version').execute()) as VersionRow[]).map(toVersionSummary);
}

export async function getVersion(trx: Tx, tenantId: string, contractId: string, version: number) {
  const row = await contractRow(trx, { tenantId }, contractId);
  const v = (await versionsQuery(trx, row).where('version', '=', version).executeTakeFirst()) as VersionRow | undefined;
  if (!v) throw notFound('contract version');
  return { ...toVersionSummary(v), terms: v.terms as TermsT };
}

// ---------------------------------------------------------------- writing

export { etagOf };

/**
 * The one way a contract's row changes: an UPDATE that still finds the revision the change was
 * based on and a status it may start from, and bumps the revision (platform/revisions.ts). Callers
 * write the versions and mirrors after it, so a change that lost a race throws here first.
 */
async function guardedUpdate(
  trx: Tx,
  ref: { tenantId: string; contractId: string },
  expected: Expected<ContractStatus>,
  set: UpdateObject<DB, 'contracts'>,
  refused: (status: ContractStatus) => ApiError,
): Promise<void> {
  const result = await trx
    .updateTable('contracts')
    .set({ ...set, revision: sql<number>`revision + 1`, updated_at: new Date() })
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.contractId)
    .where('status', 'in', [...expected.from])
    .$if(expected.revision !== undefined, (q) => q.where('revision', '=', expected.revision as number))
    .executeTakeFirst();
  await requireMatched(result, {
    noun: 'contract',
    expected,
    reread: async () => {
      const row = await trx.selectFrom('contracts').select(['revision', 'status']).where('tenant_id', '=', ref.tenantId).where('id', '=', ref.contractId).executeTakeFirst();
      return row && { revision: row.revision, status: row.status as ContractStatus };
    },
    refused,
  });
}

/** Rewrite the rows that mirror the current version (products and targets). */
async function writeMirrors(trx: Tx, ref: { tenantId: string; contractId: string; providerId: string }, terms: TermsT) {
  const key = { tenant_id: ref.tenantId, contract_id: ref.contractId, provider_id: ref.providerId };
  await trx.deleteFrom('contract_products').where('tenant_id', '=', ref.tenantId).where('contract_id', '=', ref.contractId).execute();
  await trx.deleteFrom('contract_targets').where('tenant_id', '=', ref.tenantId).where('contract_id', '=', ref.contractId).execute();
  await trx
    .insertInto('contract_products')
    .values(terms.products.map((p) => ({ ...key, product_category: p.productCategory, product_code: p.productCode ?? '', execution_variant: p.executionVariant })))
    .execute();
  if (terms.targets.length) {
    await trx
      .insertInto('contract_targets')
      .values(terms.targets.map((t) => ({ ...key, indicator: t.indicator, comparator: t.comparator, value: t.value, period_start: t.periodStart, period_end: t.periodEnd })))
      .execute();
  }
}

const scalarTerms = (t: TermsT) => ({
  legal_framework: t.legalFramework,
  start_date: t.startDate,
  end_date: t.endDate,
  notice_period_months: t.noticePeriodMonths,
  renewal: t.renewal,
  renewal_months: t.renewalMonths,
  notice_alert_days: t.noticeAlertDays,
});

export async function createContract(trx: Tx, tenantId: string, input: { providerId: string; reference: string; terms: TermsT }, userId: string) {
  const problems = termsProblems(input.terms, 'body.terms');
  const related = await trx
    .selectFrom('provider_relations')
    .select('provider_id')
    .where('tenant_id', '=', tenantId)
    .where('provider_id', '=', input.providerId)
    .executeTakeFirst();
  if (!related) problems.unshift({ name: 'body.providerId', reason: 'This municipality does not work with that provider.' });
  const taken = await trx.selectFrom('contracts').select('id').where('tenant_id', '=', tenantId).where('reference', '=', input.reference).executeTakeFirst();
  if (taken) problems.unshift({ name: 'body.reference', reason: `Reference ${input.reference} is already used by another contract.` });
  if (problems.length) refuse(problems, 'The contract');
  const id = uuidv7();
  await trx
    .insertInto('contracts')
    .values({ tenant_id: tenantId, id, provider_id: input.providerId, reference: input.reference, created_by: userId, ...scalarTerms(input.terms) })
    .execute();
  await trx
    .insertInto('contract_versions')
    .values({
      tenant_id: tenantId,
      contract_id: id,
      provider_id: input.providerId,
      version: 1,
      effective_from: input.terms.startDate,
      rationale: 'Contract as concluded',
      terms: jsonb(input.terms),
      created_by: userId,
    })
    .execute();
  await writeMirrors(trx, { tenantId, contractId: id, providerId: input.providerId }, input.terms);
  return getContract(trx, { tenantId }, id);
}

const notEditable = (status: ContractStatus) => conflict(`The terms of a contract that is ${status} change only by an amendment (POST …/amendments).`, 'not-editable');
/** Only a draft's terms are changed directly (the staff app's edit form asks before it shows). */
export function assertEditable(status: ContractStatus): void {
  if (status !== 'draft') throw notEditable(status);
}

/** Replace the terms of a draft (its version 1). */
export async function updateDraftTerms(trx: Tx, tenantId: string, contractId: string, terms: TermsT, ifMatch: string | undefined) {
  const row = await contractRow(trx, { tenantId }, contractId);
  const revision = expectedRevision(ifMatch, row.revision, 'contract');
  assertEditable(row.status as ContractStatus);
  const problems = termsProblems(terms, 'body');
  if (problems.length) refuse(problems);
  await guardedUpdate(trx, { tenantId, contractId }, { revision, from: ['draft'] }, scalarTerms(terms), notEditable);
  await trx
    .updateTable('contract_versions')
    .set({ terms: jsonb(terms), effective_from: terms.startDate })
    .where('tenant_id', '=', tenantId)
    .where('contract_id', '=', contractId)
    .where('version', '=', 1)
    .execute();
  await writeMirrors(trx, { tenantId, contractId, providerId: row.provider_id }, terms);
  return getContract(trx, { tenantId }, contractId);
}

export type Action = 'activate' | 'suspend' | 'resume' | 'end';

/** Where each action may start, and where it leads. Everything else is a 409. */
export const TRANSITIONS: Record<Action, Partial<Record<ContractStatus, ContractStatus>>> = {
  activate: { draft: 'active' },
  suspend: { active: 'suspended' },
  resume: { suspended: 'active' },
  end: { active: 'ended', suspended: 'ended' },
};

const invalidTransition = (action: Action) => (from: ContractStatus) =>
  conflict(`Cannot ${action} a contract that is ${from}; possible only when it is ${Object.keys(TRANSITIONS[action]).join(' or ')}.`, 'invalid-transition');

export async function transition(trx: Tx, tenantId: string, contractId: string, action: Action, ifMatch: string | undefined) {
  const row = await contractRow(trx, { tenantId }, contractId);
  const revision = expectedRevision(ifMatch, row.revision, 'contract');
  const from = row.status as ContractStatus;
  const to = TRANSITIONS[action][from];
  if (!to) throw invalidTransition(action)(from);
  await guardedUpdate(trx, { tenantId, contractId }, { revision, from: [from] }, { status: to }, invalidTransition(action));
  return getContract(trx, { tenantId }, contractId);
}

/** Contracts in force: the only ones amended or renewed. */
const IN_FORCE: ContractStatus[] = ['active', 'suspended'];
const notAmendable = (status: ContractStatus) =>
  conflict(status === 'draft' ? 'A draft is changed directly (PUT …/terms); amendments are for contracts in force.' : 'An ended contract cannot be amended.', 'not-amendable');
/** Only a contract in force is amended. */
export function assertAmendable(status: ContractStatus): void {
  if (!IN_FORCE.includes(status)) throw notAmendable(status);
}

/**
 * Add version n+1 and make it current. Used by amendments (`expected` from the client's If-Match)
 * and by the automatic renewal (the revision the job read, while the contract is active).
 */
export async function addVersion(
  trx: Tx,
  row: { tenant_id: string; id: string; provider_id: string; current_version: number },
  expected: Expected<ContractStatus>,
  v: { effectiveFrom: string; rationale: string; terms: TermsT; userId: string | null },
) {
  const version = row.current_version + 1;
  // The contract's row first: of two amendments made at once only one finds it unchanged, so
  // the other stops here (412) instead of colliding on version n+1.
  await guardedUpdate(trx, { tenantId: row.tenant_id, contractId: row.id }, expected, { ...scalarTerms(v.terms), current_version: version }, notAmendable);
  await trx
    .insertInto('contract_versions')
    .values({
      tenant_id: row.tenant_id,
      contract_id: row.id,
      provider_id: row.provider_id,
      version,
      effective_from: v.effectiveFrom,
      rationale: v.rationale,
      terms: jsonb(v.terms),
      created_by: v.userId,
    })
    .execute();
  await writeMirrors(trx, { tenantId: row.tenant_id, contractId: row.id, providerId: row.provider_id }, v.terms);
  return version;
}

export async function amend(
  trx: Tx,
  tenantId: string,
  contractId: string,
  input: { rationale: string; effectiveFrom: string; terms: TermsT },
  ifMatch: string | undefined,
  userId: string,
) {
  const row = await contractRow(trx, { tenantId }, contractId);
  const revision = expectedRevision(ifMatch, row.revision, 'contract');
  const status = row.status as ContractStatus;
  assertAmendable(status);
  const problems = termsProblems(input.terms, 'body.terms');
  const previous = (await versionsQuery(trx, row).where('version', '=', row.current_version).executeTakeFirstOrThrow()) as VersionRow;
  if (input.effectiveFrom < input.terms.startDate || input.effectiveFrom > input.terms.endDate) {
    problems.unshift({ name: 'body.effectiveFrom', reason: `Must lie inside the amended contract period (${input.terms.startDate} – ${input.terms.endDate}).` });
  } else if (input.effectiveFrom < previous.effective_from) {
    problems.unshift({ name: 'body.effectiveFrom', reason: `Cannot take effect before version ${previous.version} (effective ${previous.effective_from}).` });
  }
  if (problems.length) refuse(problems, 'The amendment');
  await addVersion(trx, row, { revision, from: [status] }, { ...input, userId });
  return getContract(trx, { tenantId }, contractId);
}

// ---------------------------------------------------------------- budgets

/** Municipal staff who hear about contract alerts: administrators and contract managers. */
export async function alertRecipients(trx: Tx, tenantId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.email')
    .where('m.tenant_id', '=', tenantId)
    .where(sql<boolean>`m.roles && array['admin', 'contract-manager']::text[]`)
    .orderBy('u.email')
    .execute();
  return rows.map((r) => r.email);
}

export async function mailStaff(trx: Tx, tenantId: string, subject: string, body: string) {
  for (const recipient of await alertRecipients(trx, tenantId)) await enqueue(trx, { tenantId, channel: 'email', recipient, subject, body });
}

type BudgetYearT = {
  year: number;
  ceilingCents: number;
  committedCents: number;
  spentCents: number;
  remainingCents: number;
  usedPercent: number;
  warningPercent: number;
  warning: boolean;
};

const reaches = (amount: number, ceiling: number, percent: number) => amount > 0 && amount * 100 >= ceiling * percent;

function budgetYear(b: TermsT['budgets'][number], committed: number, spent: number): BudgetYearT {
  const used = Math.max(committed, spent);
  return {
    year: b.year,
    ceilingCents: b.ceilingCents,
    committedCents: committed,
    spentCents: spent,
    remainingCents: b.ceilingCents - used,
    usedPercent: b.ceilingCents === 0 ? (used > 0 ? 100 : 0) : Math.round((used * 1000) / b.ceilingCents) / 10,
    warningPercent: b.warningPercent,
    warning: reaches(used, b.ceilingCents, b.warningPercent),
  };
}

async function totals(trx: Tx, tenantId: string, contractId: string) {
  const rows = await trx
    .selectFrom('contract_budget_entries')
    .select(['year', 'kind', sql<string>`sum(amount_cents)::text`.as('total')])
    .where('tenant_id', '=', tenantId)
    .where('contract_id', '=', contractId)
    .groupBy(['year', 'kind'])
    .execute();
  const out = new Map<string, number>();
  for (const r of rows) out.set(`${r.year}/${r.kind}`, Number(r.total));
  return out;
}

export async function budgets(trx: Tx, tenantId: string, contractId: string): Promise<BudgetYearT[]> {
  const contract = await getContract(trx, { tenantId }, contractId);
  const sums = await totals(trx, tenantId, contractId);
  return [...contract.terms.budgets]
    .sort((a, b) => a.year - b.year)
    .map((b) => budgetYear(b, sums.get(`${b.year}/commitment`) ?? 0, sums.get(`${b.year}/spending`) ?? 0));
}

const BUDGET_ENTRY_COLUMNS = ['id', 'kind', 'year', 'amount_cents', 'description', sql<string>`booked_on::text`.as('booked_on'), 'created_by', 'created_at'] as const;
type EntryRow = { id: string; kind: 'commitment' | 'spending'; year: number; amount_cents: string; description: string; booked_on: string; created_by: string | null; created_at: Date };
const toEntry = (r: EntryRow) => ({
  id: r.id,
  kind: r.kind,
  year: r.year,
  amountCents: Number(r.amount_cents),
  description: r.description,
  bookedOn: r.booked_on,
  createdBy: r.created_by,
  createdAt: iso(r.created_at) as string,
});

// In a file of its own so the summary PDF (pdf.ts, in the PDF Worker) needs nothing of this one's.
export { euros };

/**
 * Book a commitment or spending. When it makes that kind's total reach the year's warning
 * percentage, one warning goes out (e-mail to administrators and contract managers, and the
 * webhook) — once per contract, year and kind: contract_budget_alerts remembers it.
 */
export async function bookBudgetEntry(
  trx: Tx,
  tenantId: string,
  contractId: string,
  input: { kind: 'commitment' | 'spending'; year: number; amountCents: number; description: string; bookedOn: string },
  ctx: { userId: string; publicUrl: string; now: Date },
) {
  const contract = await getContract(trx, { tenantId }, contractId);
  if (contract.status === 'draft') throw conflict('Book commitments and spending once the contract is active.', 'not-in-force');
  const budget = contract.terms.budgets.find((b) => b.year === input.year);
  if (!budget) {
    const years = contract.terms.budgets.map((b) => b.year).join(', ') || 'none';
    throw badRequest('The booking has 1 problem.', [{ name: 'body.year', reason: `The contract has no budget ceiling for ${input.year} (years with a ceiling: ${years}).` }]);
  }
  const id = uuidv7();
  await trx
    .insertInto('contract_budget_entries')
    .values({ tenant_id: tenantId, id, contract_id: contractId, year: input.year, kind: input.kind, amount_cents: input.amountCents, description: input.description, booked_on: input.bookedOn, created_by: ctx.userId })
    .execute();
  const sums = await totals(trx, tenantId, contractId);
  const year = budgetYear(budget, sums.get(`${input.year}/commitment`) ?? 0, sums.get(`${input.year}/spending`) ?? 0);
  const total = input.kind === 'commitment' ? year.committedCents : year.spentCents;
  let alertSent = false;
  if (reaches(total, budget.ceilingCents, budget.warningPercent)) {
    const inserted = await trx
      .insertInto('contract_budget_alerts')
      .values({ tenant_id: tenantId, contract_id: contractId, year: input.year, kind: input.kind, alerted_at: ctx.now })
      .onConflict((oc) => oc.doNothing())
      .returning('year')
      .execute();
    if (inserted.length > 0) {
      alertSent = true;
      const what = input.kind === 'commitment' ? 'verplicht' : 'uitgegeven';
      const percent = budget.ceilingCents === 0 ? 100 : Math.round((total * 1000) / budget.ceilingCents) / 10;
      await mailStaff(
        trx,
        tenantId,
        `Budgetwaarschuwing contract ${contract.reference} (${input.year})`,
        `Van het budgetplafond ${input.year} van contract ${contract.reference} met ${contract.provider.name} is ${percent}% ${what}: ${euros(total)} van ${euros(budget.ceilingCents)} (waarschuwing bij ${budget.warningPercent}%).\n\n${ctx.publicUrl}/v1/municipalities/${tenantId}/contracts/${contractId}/budgets`,
      );
      await contractEvents.enqueue(
        trx,
        tenantId,
        'contract.budget-warning',
        { contractId, providerId: contract.provider.id, year: input.year, kind: input.kind, totalCents: total, ceilingCents: budget.ceilingCents, usedPercent: percent, warningPercent: budget.warningPercent },
        ctx.now,
      );
    }
  }
  const entry = (await trx.selectFrom('contract_budget_entries').select(BUDGET_ENTRY_COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirstOrThrow()) as EntryRow;
  return { ...toEntry(entry), budget: year, alertSent };
}

export async function listBudgetEntries(
  trx: Tx,
  tenantId: string,
  contractId: string,
  filter: { limit: number; cursor?: string | undefined; year?: number | undefined; kind?: 'commitment' | 'spending' | undefined },
) {
  await contractRow(trx, { tenantId }, contractId);
  let q = trx
    .selectFrom('contract_budget_entries')
    .select(BUDGET_ENTRY_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('contract_id', '=', contractId)
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  if (filter.year) q = q.where('year', '=', filter.year);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  return ((await q.execute()) as EntryRow[]).map(toEntry);
}

/** Everything the summary PDF shows. */
export async function summaryOf(trx: Tx, tenantId: string, contractId: string) {
  const contract = await getContract(trx, { tenantId }, contractId);
  return { contract, budgets: await budgets(trx, tenantId, contractId), versions: await listVersions(trx, tenantId, contractId) };
}

/** What the contract summary PDF prints (contracts/pdf.ts): plain data, so it can cross to the PDF Worker. */
export type ContractSummary = Awaited<ReturnType<typeof summaryOf>>;

// The contract summary is one of the PDF service's documents (platform/pdf-service.ts).
declare module '../../platform/pdf-service.js' {
  interface PdfService {
    /** The contract summary PDF (Dutch), made `now` (its creation date and the "Opgemaakt op" line). */
    contractSummary(summary: ContractSummary, now: Date): Promise<PdfBytes>;
  }
}

// ---------------------------------------------------------------- what needs attention (the staff app)

/**
 * The notice deadline is near: from noticeAlertDays before the last day notice can be given up to
 * that day (the window in which the scheduled alert goes out; after it notice is too late).
 */
export function noticeNear(t: { endDate: string; noticePeriodMonths: number; noticeAlertDays: number }, today: string): boolean {
  const deadline = noticeDeadlineOf(t);
  return today >= addDays(deadline, -t.noticeAlertDays) && today <= deadline;
}

/** The budget year a list shows for a contract today: this year's, else the nearest year with a ceiling. */
export function budgetYearFor<T extends { year: number }>(years: readonly T[], today: string): T | null {
  const year = Number(today.slice(0, 4));
  const sorted = [...years].sort((a, b) => a.year - b.year);
  return sorted.find((b) => b.year === year) ?? sorted.find((b) => b.year > year) ?? sorted.at(-1) ?? null;
}

/**
 * The municipality's contracts (newest first, at most `limit`) with their current terms, each
 * budget year's use, and what needs attention today: a contract in force whose notice deadline is
 * near (noticeNear) or a budget year that has reached its warning percentage.
 */
export async function contractsOverview(trx: Tx, tenantId: string, today: string, filter: { status?: ContractStatus | undefined; limit?: number } = {}) {
  let q = contractsQuery(trx, { tenantId })
    .innerJoin('contract_versions as v', (j) => j.onRef('v.tenant_id', '=', 'c.tenant_id').onRef('v.contract_id', '=', 'c.id').onRef('v.version', '=', 'c.current_version'))
    .select('v.terms')
    .orderBy('c.id', 'desc')
    .limit(filter.limit ?? 500);
  if (filter.status) q = q.where('c.status', '=', filter.status);
  const rows = await q.execute();
  const sums = new Map<string, number>();
  if (rows.length) {
    const totals = await trx
      .selectFrom('contract_budget_entries')
      .select(['contract_id', 'year', 'kind', sql<string>`sum(amount_cents)::text`.as('total')])
      .where('tenant_id', '=', tenantId)
      .where(
        'contract_id',
        'in',
        rows.map((r) => r.id),
      )
      .groupBy(['contract_id', 'year', 'kind'])
      .execute();
    for (const t of totals) sums.set(`${t.contract_id}/${t.year}/${t.kind}`, Number(t.total));
  }
  return rows.map((r) => {
    const terms = r.terms as TermsT;
    const years = [...terms.budgets]
      .sort((a, b) => a.year - b.year)
      .map((b) => budgetYear(b, sums.get(`${r.id}/${b.year}/commitment`) ?? 0, sums.get(`${r.id}/${b.year}/spending`) ?? 0));
    const inForce = IN_FORCE.includes(r.status as ContractStatus);
    const notice = inForce && noticeNear(terms, today);
    const budgetWarnings = inForce ? years.filter((y) => y.warning) : [];
    return {
      id: r.id,
      reference: r.reference,
      status: r.status as ContractStatus,
      providerId: r.provider_id,
      providerName: r.provider_name,
      startDate: terms.startDate,
      endDate: terms.endDate,
      noticeDeadline: noticeDeadlineOf(terms),
      budgets: years,
      shownBudget: budgetYearFor(years, today),
      noticeNear: notice,
      budgetWarnings,
      needsAttention: notice || budgetWarnings.length > 0,
    };
  });
}
export type ContractOverview = Awaited<ReturnType<typeof contractsOverview>>[number];

/** How many of the municipality's contracts need attention today (the admin's alert on the caseload). */
export async function contractsNeedingAttention(trx: Tx, tenantId: string, today: string): Promise<number> {
  return (await contractsOverview(trx, tenantId, today)).filter((c) => c.needsAttention).length;
}
