// Outcome reporting by providers. A batch is checked as a whole before anything is written: every
// problem of every record is collected and refused in one answer, so an integrator fixes a file
// in one go. Checking and writing are set-based (a handful of statements whatever the size of the
// batch): each statement takes its rows as one JSON parameter, unpacked in SQL with
// json_to_recordset — one parameter whatever the row count (PostgreSQL allows 65,535), and the
// same on postgres.js and PGlite.
//
// The provider principal has no tenant: a batch may span the municipalities it holds contracts
// with. Each trajectory takes its contract's tenant; row-level security (0009) lets a provider
// write only rows with its own provider_id, and the composite foreign key to contracts keeps a
// trajectory under a contract of that same provider.
import { type RawBuilder, sql } from 'kysely';
import { uuidv7 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db/database.js';
import { type ApiError, type InvalidParam, badRequest, conflict, notFound } from '../../platform/errors.js';
import { iso } from '../../platform/http/openapi.js';
import type { BatchSummaryT, OutcomeRecordT } from './schemas.js';
import { MAX_BATCH_RECORDS, OutcomeRecord } from './schemas.js';

type TrajectoryRecordT = Extract<OutcomeRecordT, { type: 'trajectory' }>;
type MeasurementRecordT = Exclude<OutcomeRecordT, { type: 'trajectory' }>;
type Kind = MeasurementRecordT['type'];

/** At most this many problems are listed; the detail says how many there were. */
const MAX_LISTED = 1000;

/**
 * Rows as one JSON parameter, for json_to_recordset / json_array_elements_text. Sent as text and
 * cast in SQL: postgres.js would encode a string parameter typed json a second time.
 */
const rowsJson = (rows: unknown[]): RawBuilder<unknown> => sql`(${JSON.stringify(rows)}::text)::json`;

/**
 * A provider's trajectory by reference, probed once per reference (r.reference). Row-level
 * security's OR-ed conditions make the planner misjudge a plain join or `= any(…)` — until the
 * table has statistics it scans all the provider's trajectories per reference. A LATERAL subquery
 * with LIMIT is not flattened, so each probe is one look-up in the unique (provider, reference) index.
 */
const byReference = (providerId: string) => sql`
  select t.tenant_id, t.id, t.contract_id, t.reference, t.client_reference, t.agreement_id, t.product_category, t.product_code,
         t.start_date, t.end_date, t.end_reason, t.revision
    from trajectories t where t.provider_id = ${providerId} and t.reference = r.reference limit 1`;

export async function sha256HexOf(text: string): Promise<string> {
  // Web Crypto: native on Node and Workers, much faster than a JS hash on a body of megabytes.
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  const bytes = new Uint8Array(digest);
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** records[17].goals[0].goalId — how a client finds the field in its own file. */
export function fieldName(path: readonly PropertyKey[]): string {
  let name = '';
  for (const part of path) name += typeof part === 'number' ? `[${part}]` : name ? `.${String(part)}` : String(part);
  return name;
}

// ---------------------------------------------------------------- checking

interface ContractRow {
  tenant_id: string;
  id: string;
  status: string;
  start_date: string;
  end_date: string;
}

interface TrajectoryRow {
  tenant_id: string;
  id: string;
  contract_id: string;
  reference: string;
  client_reference: string;
  agreement_id: string | null;
  product_category: string;
  product_code: string;
  start_date: string;
  end_date: string | null;
  end_reason: string | null;
  revision: number;
}

/** The state a trajectory will have after the batch: what its measurements are checked against. */
interface TrajectoryState {
  tenantId: string | null;
  contractId: string;
  startDate: string;
  endDate: string | null;
  agreementId: string | null;
  fromBatch: boolean;
}

interface MeasurementRow {
  tenant_id: string;
  id: string;
  trajectory_id: string;
  kind: Kind;
  slot: string;
  measured_on: string;
  score: number | null;
  informant: string | null;
  can_continue_without_help: boolean | null;
  goals_achieved: number | null;
  goals_total: number | null;
  goal_results: { goalId: string; achieved: boolean }[] | null;
  housing: string | null;
  education_work: string | null;
  income_debts: string | null;
  network: string | null;
  new_youth_care: boolean | null;
}

type NewMeasurement = Omit<MeasurementRow, 'id' | 'trajectory_id' | 'tenant_id'> & { trajectory_ref: string };

interface Indexed<T> {
  index: number;
  record: T;
}

interface Plan {
  /** The trajectories delivered before that this batch names, by reference. */
  existing: Map<string, { tenant_id: string; id: string }>;
  newTrajectories: (TrajectoryRow & { provider_id: string })[];
  changedTrajectories: (TrajectoryRow & { provider_id: string })[];
  unchangedTrajectories: number;
  measurements: NewMeasurement[];
}

const slotOf = (r: MeasurementRecordT): string => (r.type === 'satisfaction' ? r.informant : r.type === 'follow-up' ? String(r.months) : '');
const slotField = (r: MeasurementRecordT): string => (r.type === 'satisfaction' ? 'informant' : r.type === 'follow-up' ? 'months' : 'type');
const describeSlot = (r: MeasurementRecordT): string =>
  r.type === 'satisfaction' ? `satisfaction by ${r.informant}` : r.type === 'follow-up' ? `the ${r.months}-month follow-up` : `${r.type}`;

/** Everything a measurement row holds besides its keys: equal means an identical re-delivery. */
function valueKey(m: Omit<NewMeasurement, 'trajectory_ref'>): string {
  return JSON.stringify([
    m.kind,
    m.slot,
    m.measured_on,
    m.score,
    m.informant,
    m.can_continue_without_help,
    m.goals_achieved,
    m.goals_total,
    m.goal_results?.map((g) => [g.goalId, g.achieved]) ?? null,
    m.housing,
    m.education_work,
    m.income_debts,
    m.network,
    m.new_youth_care,
  ]);
}

const trajectoryKey = (t: Omit<TrajectoryRow, 'id' | 'revision' | 'reference' | 'tenant_id'>): string =>
  JSON.stringify([t.contract_id, t.client_reference, t.agreement_id, t.product_category, t.product_code, t.start_date, t.end_date, t.end_reason]);

/**
 * Check the records against the database and build what is to be written. `unreadable` names
 * trajectory references whose record did not even have the right shape: measurements referring to
 * them are not also reported as referring to an unknown trajectory.
 */
async function analyse(
  trx: Tx,
  providerId: string,
  items: Indexed<OutcomeRecordT>[],
  unreadable: Set<string> = new Set(),
): Promise<{ errors: InvalidParam[]; plan: Plan }> {
  const errors: { index: number; param: InvalidParam }[] = [];
  const fail = (index: number, field: string, reason: string) => errors.push({ index, param: { name: `records[${index}]${field ? `.${field}` : ''}`, reason } });

  const trajectories: Indexed<TrajectoryRecordT>[] = [];
  const measurements: Indexed<MeasurementRecordT>[] = [];
  for (const item of items) {
    if (item.record.type === 'trajectory') trajectories.push(item as Indexed<TrajectoryRecordT>);
    else measurements.push(item as Indexed<MeasurementRecordT>);
  }

  // The first record with a reference names it; a second one in the same batch is refused.
  const batchTrajectories = new Map<string, Indexed<TrajectoryRecordT>>();
  for (const t of trajectories) {
    const first = batchTrajectories.get(t.record.reference);
    if (first) fail(t.index, 'reference', `Trajectory ${t.record.reference} is already delivered in this batch (records[${first.index}]); deliver each trajectory once.`);
    else batchTrajectories.set(t.record.reference, t);
  }

  const references = [...new Set([...batchTrajectories.keys(), ...measurements.map((m) => m.record.trajectoryReference)])];
  const existingRows = references.length
    ? (
        await sql<TrajectoryRow>`
          select t.tenant_id, t.id, t.contract_id, t.reference, t.client_reference, t.agreement_id, t.product_category,
                 t.product_code, t.start_date::text as start_date, t.end_date::text as end_date, t.end_reason, t.revision
            from json_array_elements_text(${rowsJson(references)}) as r(reference)
           cross join lateral (${byReference(providerId)}) t`.execute(trx)
      ).rows
    : [];
  const existing = new Map(existingRows.map((r) => [r.reference, r]));

  const contractIds = [...new Set([...trajectories.map((t) => t.record.contractId), ...existingRows.map((r) => r.contract_id)])];
  const contractRows = contractIds.length
    ? (
        await sql<ContractRow>`
          select c.tenant_id, c.id, c.status, c.start_date::text as start_date, c.end_date::text as end_date
            from contracts c
           where c.provider_id = ${providerId}
             and c.id in (select value::uuid from json_array_elements_text(${rowsJson(contractIds)}))`.execute(trx)
      ).rows
    : [];
  const contracts = new Map(contractRows.map((c) => [c.id, c]));
  const productRows = contractRows.length
    ? (
        await sql<{ contract_id: string; product_category: string; product_code: string }>`
          select p.contract_id, p.product_category, p.product_code
            from contract_products p
           where p.provider_id = ${providerId}
             and (p.tenant_id, p.contract_id) in (select x.tenant_id, x.id from json_to_recordset(${rowsJson(contractRows.map((c) => ({ tenant_id: c.tenant_id, id: c.id })))}) as x(tenant_id uuid, id uuid))`.execute(
          trx,
        )
      ).rows
    : [];
  const products = new Set(productRows.map((p) => `${p.contract_id}|${p.product_category}|${p.product_code}`));
  const categories = new Set(productRows.map((p) => `${p.contract_id}|${p.product_category}`));

  const agreementIds = [
    ...new Set([...trajectories.flatMap((t) => (t.record.agreementId ? [t.record.agreementId] : [])), ...existingRows.flatMap((r) => (r.agreement_id ? [r.agreement_id] : []))]),
  ];
  const agreementRows = agreementIds.length
    ? (await sql<{ tenant_id: string; id: string; goal_ids: string[] }>`select tenant_id, id, goal_ids from outcome_agreement_goals(${JSON.stringify(agreementIds)})`.execute(trx)).rows
    : [];
  const agreements = new Map(agreementRows.map((a) => [a.id, a]));

  const plan: Plan = { existing, newTrajectories: [], changedTrajectories: [], unchangedTrajectories: 0, measurements: [] };
  const states = new Map<string, TrajectoryState>();

  for (const [reference, { index, record: r }] of batchTrajectories) {
    const contract = contracts.get(r.contractId);
    const productCode = r.productCode ?? '';
    const endDate = r.endDate ?? null;
    const endReason = r.endReason ?? null;
    const agreementId = r.agreementId ?? null;
    const before = errors.length;
    if (!contract) {
      // Another provider's contract looks exactly like one that does not exist.
      fail(index, 'contractId', 'No contract with this id exists for you.');
    } else {
      if (contract.status !== 'active') fail(index, 'contractId', `The contract is ${contract.status}; only an active contract takes reports.`);
      if (!categories.has(`${contract.id}|${r.productCategory}`)) fail(index, 'productCategory', `Product category ${r.productCategory} is not one of the contract’s products.`);
      else if (!products.has(`${contract.id}|${r.productCategory}|${productCode}`)) {
        fail(index, 'productCode', productCode ? `Product code ${productCode} is not in the contract under category ${r.productCategory}.` : `The contract names product codes under category ${r.productCategory}: give one.`);
      }
      if (r.startDate < contract.start_date || r.startDate > contract.end_date) fail(index, 'startDate', `The start date must lie within the contract period ${contract.start_date} – ${contract.end_date}.`);
      if (endDate && (endDate < contract.start_date || endDate > contract.end_date)) fail(index, 'endDate', `The end date must lie within the contract period ${contract.start_date} – ${contract.end_date}.`);
      if (agreementId) {
        const agreement = agreements.get(agreementId);
        // Only agreements that name this provider (the lookup returns no others): another
        // provider's or an unrelated agreement looks exactly like one that does not exist.
        if (!agreement || agreement.tenant_id !== contract.tenant_id) fail(index, 'agreementId', 'No agreement with this id names you in the contract’s municipality.');
      }
    }
    if (endDate && endDate < r.startDate) fail(index, 'endDate', 'The end date cannot be before the start date.');
    if (endDate && !endReason) fail(index, 'endReason', 'An ended trajectory needs its reason for ending (JZ588).');
    if (endReason && !endDate) fail(index, 'endDate', 'A reason for ending needs an end date.');
    const old = existing.get(reference);
    if (old && contract && old.tenant_id !== contract.tenant_id) {
      fail(index, 'contractId', `Trajectory ${reference} was delivered under a contract of another municipality; a trajectory cannot move between municipalities. Use a new reference.`);
    }
    states.set(reference, { tenantId: contract?.tenant_id ?? null, contractId: r.contractId, startDate: r.startDate, endDate, agreementId, fromBatch: true });
    if (errors.length > before || !contract) continue;
    const row = {
      tenant_id: contract.tenant_id,
      id: old?.id ?? uuidv7(),
      provider_id: providerId,
      contract_id: contract.id,
      reference,
      client_reference: r.clientReference,
      agreement_id: agreementId,
      product_category: r.productCategory,
      product_code: productCode,
      start_date: r.startDate,
      end_date: endDate,
      end_reason: endReason,
      revision: old ? old.revision + 1 : 1,
    };
    if (!old) plan.newTrajectories.push(row);
    else if (trajectoryKey(old) === trajectoryKey(row)) plan.unchangedTrajectories++;
    else plan.changedTrajectories.push(row);
  }
  for (const [reference, t] of existing) {
    if (!states.has(reference)) {
      states.set(reference, { tenantId: t.tenant_id, contractId: t.contract_id, startDate: t.start_date, endDate: t.end_date, agreementId: t.agreement_id, fromBatch: false });
    }
  }

  const slots = new Map<string, number>();
  for (const { index, record: m } of measurements) {
    const reference = m.trajectoryReference;
    const state = states.get(reference);
    if (!state) {
      if (!unreadable.has(reference)) fail(index, 'trajectoryReference', `No trajectory ${reference}: deliver it in this batch or an earlier one.`);
      continue;
    }
    const before = errors.length;
    if (!state.fromBatch) {
      const contract = contracts.get(state.contractId);
      if (contract && contract.status !== 'active') fail(index, 'trajectoryReference', `The contract of trajectory ${reference} is ${contract.status}; only an active contract takes reports.`);
    }
    if (m.measuredOn < state.startDate) fail(index, 'measuredOn', `The measurement cannot be before the trajectory’s start date ${state.startDate}.`);
    const slotKey = `${reference}|${m.type}|${slotOf(m)}`;
    const first = slots.get(slotKey);
    if (first !== undefined) fail(index, slotField(m), `records[${first}] in this batch already reports ${describeSlot(m)} for trajectory ${reference}; deliver one value per slot.`);
    else slots.set(slotKey, index);

    const row: NewMeasurement = {
      trajectory_ref: reference,
      kind: m.type,
      slot: slotOf(m),
      measured_on: m.measuredOn,
      score: null,
      informant: null,
      can_continue_without_help: null,
      goals_achieved: null,
      goals_total: null,
      goal_results: null,
      housing: null,
      education_work: null,
      income_debts: null,
      network: null,
      new_youth_care: null,
    };
    switch (m.type) {
      case 'satisfaction':
        row.score = m.score;
        row.informant = m.informant;
        break;
      case 'continuation':
        row.can_continue_without_help = m.canContinueWithoutHelp;
        break;
      case 'goals': {
        if (state.agreementId) {
          const agreement = agreements.get(state.agreementId);
          if (!m.goals) {
            fail(index, 'goals', `Trajectory ${reference} is linked to an agreement: report per agreed goal (goals).`);
            break;
          }
          const known = new Set(agreement?.goal_ids ?? []);
          const seen = new Set<string>();
          m.goals.forEach((g, j) => {
            if (seen.has(g.goalId)) fail(index, `goals[${j}].goalId`, `Goal ${g.goalId} is listed twice.`);
            else if (agreement && !known.has(g.goalId)) fail(index, `goals[${j}].goalId`, `The agreement has no goal ${g.goalId}; its goals are ${[...known].join(', ') || 'none'}.`);
            seen.add(g.goalId);
          });
          const achieved = m.goals.filter((g) => g.achieved).length;
          if (m.goalsTotal !== undefined && m.goalsTotal !== m.goals.length) fail(index, 'goalsTotal', `goalsTotal must equal the number of goals listed (${m.goals.length}), or be left out.`);
          if (m.goalsAchieved !== undefined && m.goalsAchieved !== achieved) fail(index, 'goalsAchieved', `goalsAchieved must equal the goals listed as achieved (${achieved}), or be left out.`);
          row.goals_achieved = achieved;
          row.goals_total = m.goals.length;
          row.goal_results = m.goals.map((g) => ({ goalId: g.goalId, achieved: g.achieved }));
        } else {
          if (m.goals) fail(index, 'goals', `Trajectory ${reference} has no agreement: report counts (goalsAchieved, goalsTotal) instead.`);
          if (m.goalsAchieved === undefined) fail(index, 'goalsAchieved', 'Give the number of goals achieved.');
          if (m.goalsTotal === undefined) fail(index, 'goalsTotal', 'Give the number of goals agreed.');
          if (m.goalsAchieved !== undefined && m.goalsTotal !== undefined && m.goalsAchieved > m.goalsTotal) fail(index, 'goalsAchieved', 'More goals achieved than agreed.');
          row.goals_achieved = m.goalsAchieved ?? null;
          row.goals_total = m.goalsTotal ?? null;
        }
        break;
      }
      case 'follow-up':
        if (!state.endDate) fail(index, 'trajectoryReference', `Trajectory ${reference} has not ended: follow-up comes after departure (give the trajectory an end date first).`);
        else if (m.measuredOn < state.endDate) fail(index, 'measuredOn', `A follow-up is measured after departure, not before the end date ${state.endDate}.`);
        row.housing = m.housing;
        row.education_work = m.educationWork;
        row.income_debts = m.incomeDebts;
        row.network = m.network;
        row.new_youth_care = m.newYouthCare;
        break;
    }
    if (errors.length === before) plan.measurements.push(row);
  }

  errors.sort((a, b) => a.index - b.index);
  return { errors: errors.map((e) => e.param), plan };
}

function refuse(problems: InvalidParam[], recordCount: number): ApiError {
  const listed = problems.slice(0, MAX_LISTED);
  const more = problems.length > MAX_LISTED ? ` The first ${MAX_LISTED} are listed.` : '';
  return badRequest(
    `The batch of ${recordCount} ${recordCount === 1 ? 'record' : 'records'} is refused as a whole: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}.${more} Nothing was written; fix them and send the batch again.`,
    listed,
  );
}

/**
 * The body did not have the batch's shape. List the shape problems and, for the records that are
 * fine on their own, the problems with the database too: every problem in one answer.
 */
export async function refuseMalformedBatch(trx: Tx, providerId: string, body: unknown, issues: readonly { path: PropertyKey[]; message: string; code?: string }[]): Promise<never> {
  const records = (body as { records?: unknown })?.records;
  const shape = issues.map((issue) => {
    const path = [...issue.path];
    // A record of unknown type: name its type field, which is what to fix.
    if (issue.code === 'invalid_union' && path.length === 2 && path[0] === 'records') path.push('type');
    return { name: fieldName(path) || 'body', reason: issue.message };
  });
  if (!Array.isArray(records) || records.length > MAX_BATCH_RECORDS) throw refuse(shape, Array.isArray(records) ? records.length : 0);
  const readable: Indexed<OutcomeRecordT>[] = [];
  const unreadable = new Set<string>();
  records.forEach((raw, index) => {
    const parsed = OutcomeRecord.safeParse(raw);
    if (parsed.success) readable.push({ index, record: parsed.data });
    else if ((raw as { type?: unknown })?.type === 'trajectory' && typeof (raw as { reference?: unknown }).reference === 'string') unreadable.add(((raw as { reference: string }).reference).trim());
  });
  const { errors } = await analyse(trx, providerId, readable, unreadable);
  const indexOf = (name: string) => Number(/^records\[(\d+)\]/.exec(name)?.[1] ?? -1);
  const all = [...shape, ...errors].sort((a, b) => indexOf(a.name) - indexOf(b.name));
  throw refuse(all, records.length);
}

// ---------------------------------------------------------------- writing

export interface IngestOutcome {
  replayed: boolean;
  summary: BatchSummaryT;
}

export async function ingestBatch(trx: Tx, providerId: string, idempotencyKey: string, bodyText: string, records: OutcomeRecordT[]): Promise<IngestOutcome> {
  const requestSha256 = await sha256HexOf(bodyText);
  // Requests with the same key wait for each other here, so the second sees the first's batch
  // (and replays it) instead of writing the same records twice.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`outcome-batch:${providerId}:${idempotencyKey}`}, 0))`.execute(trx);
  const earlier = await trx
    .selectFrom('outcome_batches')
    .select(['request_sha256', 'summary'])
    .where('provider_id', '=', providerId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  if (earlier) {
    if (earlier.request_sha256 !== requestSha256) {
      throw conflict('This Idempotency-Key was used before for a different batch. Use a new key for a new batch.', 'idempotency-key-reused');
    }
    return { replayed: true, summary: earlier.summary as BatchSummaryT };
  }

  const { errors, plan } = await analyse(
    trx,
    providerId,
    records.map((record, index) => ({ index, record })),
  );
  if (errors.length > 0) throw refuse(errors, records.length);

  const batchId = uuidv7();
  const trajectoryColumns = sql`x(tenant_id uuid, id uuid, provider_id uuid, contract_id uuid, reference text, client_reference text, agreement_id uuid,
    product_category text, product_code text, start_date date, end_date date, end_reason text, revision integer)`;
  try {
    for (const chunk of chunks(plan.newTrajectories)) {
      await sql`
        insert into trajectories (tenant_id, id, provider_id, contract_id, reference, client_reference, agreement_id, product_category, product_code,
                                  start_date, end_date, end_reason, revision, batch_id)
        select x.tenant_id, x.id, x.provider_id, x.contract_id, x.reference, x.client_reference, x.agreement_id, x.product_category, x.product_code,
               x.start_date, x.end_date, x.end_reason, x.revision, ${batchId}::uuid
          from json_to_recordset(${rowsJson(chunk)}) as ${trajectoryColumns}`.execute(trx);
    }
  } catch (error) {
    // Another request created one of these references meanwhile (with another key).
    if ((error as { code?: string }).code === '23505') throw conflict('Another batch delivered one of these trajectories at the same time. Send this batch again.', 'concurrent-delivery');
    throw error;
  }
  for (const chunk of chunks(plan.changedTrajectories)) {
    const rows = rowsJson(chunk);
    await sql`
      insert into trajectory_revisions (tenant_id, trajectory_id, provider_id, revision, state, batch_id)
      select t.tenant_id, t.id, t.provider_id, t.revision,
             jsonb_build_object('reference', t.reference, 'clientReference', t.client_reference, 'contractId', t.contract_id, 'agreementId', t.agreement_id,
                                'productCategory', t.product_category, 'productCode', nullif(t.product_code, ''), 'startDate', t.start_date,
                                'endDate', t.end_date, 'endReason', t.end_reason),
             ${batchId}::uuid
        from json_to_recordset(${rows}) as ${trajectoryColumns}
       cross join lateral (select * from trajectories t where t.tenant_id = x.tenant_id and t.id = x.id and t.provider_id = ${providerId} limit 1) t`.execute(trx);
    await sql`
      update trajectories t
         set contract_id = x.contract_id, client_reference = x.client_reference, agreement_id = x.agreement_id, product_category = x.product_category,
             product_code = x.product_code, start_date = x.start_date, end_date = x.end_date, end_reason = x.end_reason, revision = x.revision,
             batch_id = ${batchId}::uuid, updated_at = now()
        from json_to_recordset(${rows}) as ${trajectoryColumns}
       where t.tenant_id = x.tenant_id and t.id = x.id and t.provider_id = ${providerId}`.execute(trx);
  }

  // Trajectory ids by reference, for the measurements: those of this batch and those before
  // (the batch holds the advisory lock of its key only, but a reference is unique per provider and
  // a trajectory is never deleted, so what the check found is still there).
  const ids = new Map<string, { tenant_id: string; id: string; isNew: boolean }>();
  for (const [reference, t] of plan.existing) ids.set(reference, { tenant_id: t.tenant_id, id: t.id, isNew: false });
  for (const t of plan.newTrajectories) ids.set(t.reference, { tenant_id: t.tenant_id, id: t.id, isNew: true });

  // The current value of each slot of the trajectories that already existed.
  const measured = new Set(plan.measurements.map((m) => m.trajectory_ref));
  const earlierTrajectories = [...ids.entries()].filter(([reference, t]) => !t.isNew && measured.has(reference)).map(([, t]) => ({ tenant_id: t.tenant_id, id: t.id }));
  const current = new Map<string, MeasurementRow>();
  for (const chunk of chunks(earlierTrajectories)) {
    const rows = (
      await sql<MeasurementRow>`
        select m.tenant_id, m.id::text as id, m.trajectory_id, m.kind, m.slot, m.measured_on::text as measured_on, m.score, m.informant,
               m.can_continue_without_help, m.goals_achieved, m.goals_total, m.goal_results, m.housing, m.education_work, m.income_debts,
               m.network, m.new_youth_care
          from json_to_recordset(${rowsJson(chunk)}) as x(tenant_id uuid, id uuid)
         cross join lateral (
           -- Probed per trajectory in the current-value index (OFFSET 0 keeps it a probe; see byReference).
           select * from outcome_measurements m
            where m.tenant_id = x.tenant_id and m.trajectory_id = x.id and m.superseded_at is null and m.provider_id = ${providerId} offset 0) m`.execute(trx)
    ).rows;
    for (const r of rows) current.set(`${r.trajectory_id}|${r.kind}|${r.slot}`, r);
  }

  const toInsert: Record<string, unknown>[] = [];
  const toSupersede: { tenant_id: string; id: string }[] = [];
  let unchangedMeasurements = 0;
  for (const m of plan.measurements) {
    const trajectory = ids.get(m.trajectory_ref);
    if (!trajectory) throw new Error(`trajectory ${m.trajectory_ref} vanished during the batch`);
    const { trajectory_ref: _, ...values } = m;
    const now = current.get(`${trajectory.id}|${m.kind}|${m.slot}`);
    if (now && valueKey(now) === valueKey(values)) {
      unchangedMeasurements++;
      continue;
    }
    if (now) toSupersede.push({ tenant_id: now.tenant_id, id: now.id });
    toInsert.push({ ...values, tenant_id: trajectory.tenant_id, trajectory_id: trajectory.id, provider_id: providerId });
  }
  // Supersede first: the partial unique index allows one current value per slot.
  for (const chunk of chunks(toSupersede)) {
    await sql`
      update outcome_measurements m set superseded_at = now()
        from json_to_recordset(${rowsJson(chunk)}) as x(tenant_id uuid, id bigint)
       where m.tenant_id = x.tenant_id and m.id = x.id and m.superseded_at is null`.execute(trx);
  }
  for (const chunk of chunks(toInsert)) {
    await sql`
      insert into outcome_measurements (tenant_id, provider_id, trajectory_id, kind, slot, measured_on, score, informant, can_continue_without_help,
                                        goals_achieved, goals_total, goal_results, housing, education_work, income_debts, network, new_youth_care, batch_id)
      select x.tenant_id, x.provider_id, x.trajectory_id, x.kind, x.slot, x.measured_on, x.score, x.informant, x.can_continue_without_help,
             x.goals_achieved, x.goals_total, x.goal_results, x.housing, x.education_work, x.income_debts, x.network, x.new_youth_care, ${batchId}::uuid
        from json_to_recordset(${rowsJson(chunk)}) as x(tenant_id uuid, provider_id uuid, trajectory_id uuid, kind text, slot text, measured_on date,
             score smallint, informant text, can_continue_without_help boolean, goals_achieved integer, goals_total integer, goal_results jsonb,
             housing text, education_work text, income_debts text, network text, new_youth_care boolean)`.execute(trx);
  }

  const summary: BatchSummaryT = {
    id: batchId,
    recordCount: records.length,
    trajectories: { created: plan.newTrajectories.length, updated: plan.changedTrajectories.length, unchanged: plan.unchangedTrajectories },
    measurements: { created: toInsert.length, superseded: toSupersede.length, unchanged: unchangedMeasurements },
  };
  const stored = await sql<{ id: string }>`
    insert into outcome_batches (provider_id, idempotency_key, request_sha256, id, record_count, summary)
    values (${providerId}, ${idempotencyKey}, ${requestSha256}, ${batchId}, ${records.length}, (${JSON.stringify(summary)}::text)::jsonb)
    on conflict (provider_id, idempotency_key) do nothing
    returning id`.execute(trx);
  if (stored.rows.length === 0) throw conflict('Another request with this Idempotency-Key was processed at the same time. Send it again to get its result.', 'idempotency-key-in-use');
  return { replayed: false, summary };
}

/** Keeps each JSON parameter at a few megabytes, well under any protocol or memory limit. */
function chunks<T>(rows: T[], size = 5000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------- reading

const toTrajectory = (t: TrajectoryRow & { created_at: Date; updated_at: Date }) => ({
  id: t.id,
  reference: t.reference,
  clientReference: t.client_reference,
  contractId: t.contract_id,
  municipalityId: t.tenant_id,
  productCategory: t.product_category,
  productCode: t.product_code === '' ? null : t.product_code,
  agreementId: t.agreement_id,
  startDate: t.start_date,
  endDate: t.end_date,
  endReason: t.end_reason,
  revision: t.revision,
  createdAt: iso(t.created_at) as string,
  updatedAt: iso(t.updated_at) as string,
});

const TRAJECTORY_COLUMNS = sql`t.tenant_id, t.id, t.contract_id, t.reference, t.client_reference, t.agreement_id, t.product_category, t.product_code,
  t.start_date::text as start_date, t.end_date::text as end_date, t.end_reason, t.revision, t.created_at, t.updated_at`;

export async function listTrajectories(trx: Tx, providerId: string, q: { limit: number; cursor?: string | undefined; contractId?: string | undefined; reference?: string | undefined }) {
  const rows = (
    await sql<TrajectoryRow & { created_at: Date; updated_at: Date }>`
      select ${TRAJECTORY_COLUMNS} from trajectories t
       where t.provider_id = ${providerId}
         ${q.contractId ? sql`and t.contract_id = ${q.contractId}` : sql``}
         ${q.reference ? sql`and t.reference = ${q.reference}` : sql``}
         ${q.cursor ? sql`and t.id > ${q.cursor}` : sql``}
       order by t.id limit ${q.limit + 1}`.execute(trx)
  ).rows;
  return rows.map(toTrajectory);
}

const toMeasurement = (m: MeasurementRow & { batch_id: string | null; received_at: Date; superseded_at: Date | null }) => {
  const base = { id: m.id, type: m.kind, measuredOn: m.measured_on, batchId: m.batch_id, receivedAt: iso(m.received_at) as string, supersededAt: iso(m.superseded_at) };
  switch (m.kind) {
    case 'satisfaction':
      return { ...base, score: m.score as number, informant: m.informant as 'young-person' };
    case 'continuation':
      return { ...base, canContinueWithoutHelp: m.can_continue_without_help as boolean };
    case 'goals':
      return { ...base, goalsAchieved: m.goals_achieved as number, goalsTotal: m.goals_total as number, ...(m.goal_results ? { goals: m.goal_results } : {}) };
    case 'follow-up':
      return {
        ...base,
        months: Number(m.slot),
        housing: m.housing as string,
        educationWork: m.education_work as string,
        incomeDebts: m.income_debts as string,
        network: m.network as string,
        newYouthCare: m.new_youth_care as boolean,
      };
  }
};

export async function getTrajectory(trx: Tx, providerId: string, trajectoryId: string) {
  const row = (
    await sql<TrajectoryRow & { created_at: Date; updated_at: Date }>`
      select ${TRAJECTORY_COLUMNS} from trajectories t where t.provider_id = ${providerId} and t.id = ${trajectoryId}`.execute(trx)
  ).rows[0];
  if (!row) throw notFound('trajectory');
  const measurements = (
    await sql<MeasurementRow & { batch_id: string | null; received_at: Date; superseded_at: Date | null }>`
      select m.tenant_id, m.id::text as id, m.trajectory_id, m.kind, m.slot, m.measured_on::text as measured_on, m.score, m.informant,
             m.can_continue_without_help, m.goals_achieved, m.goals_total, m.goal_results, m.housing, m.education_work, m.income_debts,
             m.network, m.new_youth_care, m.batch_id, m.received_at, m.superseded_at
        from outcome_measurements m
       where m.tenant_id = ${row.tenant_id} and m.trajectory_id = ${row.id} and m.provider_id = ${providerId}
       order by m.kind, m.slot, m.id desc`.execute(trx)
  ).rows;
  const revisions = await trx
    .selectFrom('trajectory_revisions')
    .select(['revision', 'state', 'batch_id', 'replaced_at'])
    .where('tenant_id', '=', row.tenant_id)
    .where('trajectory_id', '=', row.id)
    .where('provider_id', '=', providerId)
    .orderBy('revision', 'desc')
    .execute();
  return {
    ...toTrajectory(row),
    measurements: measurements.filter((m) => m.superseded_at === null).map(toMeasurement),
    history: measurements.filter((m) => m.superseded_at !== null).map(toMeasurement),
    revisions: revisions.map((r) => ({ revision: r.revision, state: r.state as Record<string, unknown>, batchId: r.batch_id, replacedAt: iso(r.replaced_at) as string })),
  };
}
