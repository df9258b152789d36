// Outcome reporting by providers. A batch is checked as a whole before anything is written: every
// problem of every record is collected and refused in one answer, so an integrator fixes a file
// in one go. Checking and writing are set-based (a handful of statements whatever the size of the
// batch): each statement takes its rows as columns, one array parameter per column unpacked in
// SQL with unnest (columns.ts) — a dozen parameters whatever the row count, and the same on
// postgres.js and PGlite.
//
// The provider principal has no tenant: a batch may span the municipalities it holds contracts
// with. Each trajectory takes its contract's tenant; row-level security (0009) lets a provider
// write only rows with its own provider_id, and the composite foreign key to contracts keeps a
// trajectory under a contract of that same provider.
import { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { uuidv7 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db/database.js';
import { type ApiError, type InvalidParam, badRequest, conflict, notFound } from '../../platform/errors.js';
import { iso } from '../../platform/http/openapi.js';
import { type Indexed, type MeasurementRow, type NewMeasurement, type Plan, type TrajectoryRow, analyse, valueKey } from './analysis.js';
import { bareArray, column, textArray } from './columns.js';
import type { BatchSummaryT, OutcomeRecordT } from './schemas.js';
import { MAX_BATCH_RECORDS, OutcomeRecord } from './schemas.js';

/** At most this many problems are listed; the detail says how many there were. */
const MAX_LISTED = 1000;

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

// ---------------------------------------------------------------- refusing

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
export async function refuseMalformedBatch(
  trx: Tx,
  providerId: string,
  body: unknown,
  issues: readonly { path: PropertyKey[]; message: string; code?: string }[],
  maxRecords = MAX_BATCH_RECORDS,
): Promise<never> {
  const records = (body as { records?: unknown })?.records;
  const shape = issues.map((issue) => {
    const path = [...issue.path];
    // A record of unknown type: name its type field, which is what to fix.
    if (issue.code === 'invalid_union' && path.length === 2 && path[0] === 'records') path.push('type');
    return { name: fieldName(path) || 'body', reason: issue.message };
  });
  if (!Array.isArray(records) || records.length > maxRecords) throw refuse(shape, Array.isArray(records) ? records.length : 0);
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

/**
 * Records nobody has checked yet (the rows of an uploaded spreadsheet): checked exactly as the
 * batch endpoint checks its body — the same record schema, then the same database checks, every
 * problem of every record in one refusal, nothing written — and, when all are right, written by
 * ingestBatch as one batch. `maxRecords` is the most the caller lets through in one go.
 * Sending the same records again replays the first answer (the key is made from their content).
 */
export async function deliverRecords(trx: Tx, providerId: string, raw: readonly unknown[], maxRecords: number): Promise<IngestOutcome> {
  const bodyText = JSON.stringify({ records: raw });
  const parsed = OutcomeRecords.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ ...issue, path: ['records', ...issue.path] }));
    await refuseMalformedBatch(trx, providerId, { records: raw }, issues, maxRecords);
  }
  const records = (parsed as { data: OutcomeRecordT[] }).data;
  return ingestBatch(trx, providerId, `upload:${await sha256HexOf(bodyText)}`, bodyText, records);
}

const OutcomeRecords = z.array(OutcomeRecord);

// ---------------------------------------------------------------- writing

export interface IngestOutcome {
  replayed: boolean;
  summary: BatchSummaryT;
}

export async function ingestBatch(trx: Tx, providerId: string, idempotencyKey: string, bodyText: string, records: OutcomeRecordT[]): Promise<IngestOutcome> {
  const requestSha256 = await sha256HexOf(bodyText);
  const earlier = await earlierBatchWithKey(trx, providerId, idempotencyKey);
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
  await writeTrajectories(trx, providerId, batchId, plan);
  const measurements = await writeMeasurements(trx, providerId, batchId, plan, trajectoryIdsByReference(plan));

  const summary: BatchSummaryT = {
    id: batchId,
    recordCount: records.length,
    trajectories: { created: plan.newTrajectories.length, updated: plan.changedTrajectories.length, unchanged: plan.unchangedTrajectories },
    measurements,
  };
  await storeBatch(trx, { providerId, idempotencyKey, requestSha256, batchId, recordCount: records.length, summary });
  return { replayed: false, summary };
}

/**
 * The batch stored earlier under this key, if any. Requests with the same key wait for each other
 * here, so the second sees the first's batch (and replays it) instead of writing the same records twice.
 */
async function earlierBatchWithKey(trx: Tx, providerId: string, idempotencyKey: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`outcome-batch:${providerId}:${idempotencyKey}`}, 0))`.execute(trx);
  return trx
    .selectFrom('outcome_batches')
    .select(['request_sha256', 'summary'])
    .where('provider_id', '=', providerId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

/** The trajectory rows as columns for unnest (see columns.ts); `provider_id` is the batch's own, bound once. */
function trajectoryColumns(rows: readonly TrajectoryRow[]) {
  return sql`unnest(${column(bareArray(rows.map((t) => t.tenant_id)), 'uuid')}, ${column(bareArray(rows.map((t) => t.id)), 'uuid')},
      ${column(bareArray(rows.map((t) => t.contract_id)), 'uuid')}, ${column(textArray(rows.map((t) => t.reference)), 'text')},
      ${column(textArray(rows.map((t) => t.client_reference)), 'text')}, ${column(bareArray(rows.map((t) => t.agreement_id)), 'uuid')},
      ${column(textArray(rows.map((t) => t.product_category)), 'text')}, ${column(textArray(rows.map((t) => t.product_code)), 'text')},
      ${column(bareArray(rows.map((t) => t.start_date)), 'date')}, ${column(bareArray(rows.map((t) => t.end_date)), 'date')},
      ${column(textArray(rows.map((t) => t.end_reason)), 'text')}, ${column(bareArray(rows.map((t) => t.revision)), 'integer')})
    as x(tenant_id, id, contract_id, reference, client_reference, agreement_id, product_category, product_code, start_date, end_date, end_reason, revision)`;
}

/** Insert the new trajectories; keep the earlier state of each changed one as a revision, then update it. */
async function writeTrajectories(trx: Tx, providerId: string, batchId: string, plan: Plan): Promise<void> {
  try {
    for (const chunk of chunks(plan.newTrajectories)) {
      await sql`
        insert into trajectories (tenant_id, id, provider_id, contract_id, reference, client_reference, agreement_id, product_category, product_code,
                                  start_date, end_date, end_reason, revision, batch_id)
        select x.tenant_id, x.id, ${providerId}::uuid, x.contract_id, x.reference, x.client_reference, x.agreement_id, x.product_category, x.product_code,
               x.start_date, x.end_date, x.end_reason, x.revision, ${batchId}::uuid
          from ${trajectoryColumns(chunk)}`.execute(trx);
    }
  } catch (error) {
    // Another request created one of these references meanwhile (with another key).
    if ((error as { code?: string }).code === '23505') throw conflict('Another batch delivered one of these trajectories at the same time. Send this batch again.', 'concurrent-delivery');
    throw error;
  }
  for (const chunk of chunks(plan.changedTrajectories)) {
    await sql`
      insert into trajectory_revisions (tenant_id, trajectory_id, provider_id, revision, state, batch_id)
      select t.tenant_id, t.id, t.provider_id, t.revision,
             jsonb_build_object('reference', t.reference, 'clientReference', t.client_reference, 'contractId', t.contract_id, 'agreementId', t.agreement_id,
                                'productCategory', t.product_category, 'productCode', nullif(t.product_code, ''), 'startDate', t.start_date,
                                'endDate', t.end_date, 'endReason', t.end_reason),
             ${batchId}::uuid
        from ${trajectoryColumns(chunk)}
       cross join lateral (select * from trajectories t where t.tenant_id = x.tenant_id and t.id = x.id and t.provider_id = ${providerId} limit 1) t`.execute(trx);
    await sql`
      update trajectories t
         set contract_id = x.contract_id, client_reference = x.client_reference, agreement_id = x.agreement_id, product_category = x.product_category,
             product_code = x.product_code, start_date = x.start_date, end_date = x.end_date, end_reason = x.end_reason, revision = x.revision,
             batch_id = ${batchId}::uuid, updated_at = now()
        from ${trajectoryColumns(chunk)}
       where t.tenant_id = x.tenant_id and t.id = x.id and t.provider_id = ${providerId}`.execute(trx);
  }
}

type TrajectoryIds = Map<string, { tenant_id: string; id: string }>;

/**
 * Trajectory ids by reference, for the measurements: those of this batch and those before
 * (the batch holds the advisory lock of its key only, but a reference is unique per provider and
 * a trajectory is never deleted, so what the check found is still there).
 */
function trajectoryIdsByReference(plan: Plan): TrajectoryIds {
  const ids: TrajectoryIds = new Map(plan.existing);
  for (const t of plan.newTrajectories) ids.set(t.reference, t);
  return ids;
}

/** A measurement of the batch with the trajectory it belongs to. */
interface PlacedMeasurement {
  tenant_id: string;
  trajectory_id: string;
  value: NewMeasurement;
}

/**
 * Write the measurements: each new value goes into its slot (trajectory × kind × slot). Most slots
 * are empty, so all values are first inserted as they are, under a savepoint: the partial unique
 * index of current values checks every slot as part of the insert, no look-up beforehand. Only if
 * a slot already holds a value (a re-delivery, a correction, or a batch that committed the same
 * slot meanwhile) does the index refuse it; then the insert is undone and the current values are
 * read: an identical value is left as it is (nothing stored twice), a different one is superseded
 * (kept as history) and the new value inserted. Returns the counts of the answer.
 */
async function writeMeasurements(trx: Tx, providerId: string, batchId: string, plan: Plan, ids: TrajectoryIds): Promise<BatchSummaryT['measurements']> {
  const placed: PlacedMeasurement[] = [];
  for (const value of plan.measurements) {
    const trajectory = ids.get(value.trajectory_ref);
    if (!trajectory) throw new Error(`trajectory ${value.trajectory_ref} vanished during the batch`);
    placed.push({ tenant_id: trajectory.tenant_id, trajectory_id: trajectory.id, value });
  }
  if (placed.length === 0) return { created: 0, superseded: 0, unchanged: 0 };

  await sql`savepoint measurements_into_empty_slots`.execute(trx);
  try {
    for (const chunk of chunks(placed)) await insertMeasurements(trx, providerId, batchId, chunk);
    await sql`release savepoint measurements_into_empty_slots`.execute(trx);
    return { created: placed.length, superseded: 0, unchanged: 0 };
  } catch (error) {
    // 23505 here can only be outcome_measurements_current (the primary key is an identity).
    if ((error as { code?: string }).code !== '23505') throw error;
    await sql`rollback to savepoint measurements_into_empty_slots`.execute(trx);
    await sql`release savepoint measurements_into_empty_slots`.execute(trx);
  }

  const current = await currentValuesOfSlots(trx, providerId, placed);
  const replaced: { tenant_id: string; id: string }[] = [];
  const toInsert: PlacedMeasurement[] = [];
  let unchanged = 0;
  for (const m of placed) {
    const now = current.get(slotKey(m.trajectory_id, m.value.kind, m.value.slot));
    if (now && valueKey(now) === valueKey(m.value)) {
      unchanged++;
      continue;
    }
    if (now) replaced.push({ tenant_id: now.tenant_id, id: now.id });
    toInsert.push(m);
  }
  // Supersede first: the partial unique index allows one current value per slot.
  for (const chunk of chunks(replaced)) {
    await sql`
      update outcome_measurements m set superseded_at = now()
        from unnest(${column(bareArray(chunk.map((r) => r.tenant_id)), 'uuid')}, ${column(bareArray(chunk.map((r) => r.id)), 'bigint')}) as x(tenant_id, id)
       where m.tenant_id = x.tenant_id and m.id = x.id and m.superseded_at is null`.execute(trx);
  }
  for (const chunk of chunks(toInsert)) await insertMeasurements(trx, providerId, batchId, chunk);
  return { created: toInsert.length, superseded: replaced.length, unchanged };
}

const slotKey = (trajectoryId: string, kind: string, slot: string) => `${trajectoryId}|${kind}|${slot}`;

async function insertMeasurements(trx: Tx, providerId: string, batchId: string, rows: PlacedMeasurement[]): Promise<void> {
  const v = rows.map((r) => r.value);
  await sql`
    insert into outcome_measurements (tenant_id, provider_id, trajectory_id, kind, slot, measured_on, score, informant, can_continue_without_help,
                                      goals_achieved, goals_total, goal_results, housing, education_work, income_debts, network, new_youth_care, batch_id)
    select x.tenant_id, ${providerId}::uuid, x.trajectory_id, x.kind, x.slot, x.measured_on, x.score, x.informant, x.can_continue_without_help,
           x.goals_achieved, x.goals_total, x.goal_results, x.housing, x.education_work, x.income_debts, x.network, x.new_youth_care, ${batchId}::uuid
      from unnest(${column(bareArray(rows.map((r) => r.tenant_id)), 'uuid')}, ${column(bareArray(rows.map((r) => r.trajectory_id)), 'uuid')},
                  ${column(textArray(v.map((m) => m.kind)), 'text')}, ${column(textArray(v.map((m) => m.slot)), 'text')},
                  ${column(bareArray(v.map((m) => m.measured_on)), 'date')}, ${column(bareArray(v.map((m) => m.score)), 'smallint')},
                  ${column(textArray(v.map((m) => m.informant)), 'text')}, ${column(bareArray(v.map((m) => m.can_continue_without_help)), 'boolean')},
                  ${column(bareArray(v.map((m) => m.goals_achieved)), 'integer')}, ${column(bareArray(v.map((m) => m.goals_total)), 'integer')},
                  ${column(textArray(v.map((m) => (m.goal_results ? JSON.stringify(m.goal_results) : null))), 'jsonb')},
                  ${column(textArray(v.map((m) => m.housing)), 'text')}, ${column(textArray(v.map((m) => m.education_work)), 'text')},
                  ${column(textArray(v.map((m) => m.income_debts)), 'text')}, ${column(textArray(v.map((m) => m.network)), 'text')},
                  ${column(bareArray(v.map((m) => m.new_youth_care)), 'boolean')})
        as x(tenant_id, trajectory_id, kind, slot, measured_on, score, informant, can_continue_without_help, goals_achieved, goals_total, goal_results,
             housing, education_work, income_debts, network, new_youth_care)`.execute(trx);
}

/** The current value of each of these slots that holds one, by slotKey. */
async function currentValuesOfSlots(trx: Tx, providerId: string, rows: PlacedMeasurement[]): Promise<Map<string, MeasurementRow>> {
  const current = new Map<string, MeasurementRow>();
  for (const chunk of chunks(rows)) {
    const found = (
      await sql<MeasurementRow>`
        select m.tenant_id, m.id::text as id, m.trajectory_id, m.kind, m.slot, m.measured_on::text as measured_on, m.score, m.informant,
               m.can_continue_without_help, m.goals_achieved, m.goals_total, m.goal_results, m.housing, m.education_work, m.income_debts,
               m.network, m.new_youth_care
          from unnest(${column(bareArray(chunk.map((r) => r.tenant_id)), 'uuid')}, ${column(bareArray(chunk.map((r) => r.trajectory_id)), 'uuid')},
                      ${column(textArray(chunk.map((r) => r.value.kind)), 'text')}, ${column(textArray(chunk.map((r) => r.value.slot)), 'text')})
            as x(tenant_id, trajectory_id, kind, slot)
         cross join lateral (
           -- Probed per slot in the current-value index (OFFSET 0 keeps it a probe; see byReference in analysis.ts).
           select * from outcome_measurements m
            where m.tenant_id = x.tenant_id and m.trajectory_id = x.trajectory_id and m.kind = x.kind and m.slot = x.slot
              and m.superseded_at is null and m.provider_id = ${providerId} offset 0) m`.execute(trx)
    ).rows;
    for (const r of found) current.set(slotKey(r.trajectory_id, r.kind, r.slot), r);
  }
  return current;
}

/** The batch and its answer under its key, for replays; refused if a request with the same key stored one meanwhile. */
async function storeBatch(
  trx: Tx,
  b: { providerId: string; idempotencyKey: string; requestSha256: string; batchId: string; recordCount: number; summary: BatchSummaryT },
): Promise<void> {
  const stored = await sql<{ id: string }>`
    insert into outcome_batches (provider_id, idempotency_key, request_sha256, id, record_count, summary)
    values (${b.providerId}, ${b.idempotencyKey}, ${b.requestSha256}, ${b.batchId}, ${b.recordCount}, (${JSON.stringify(b.summary)}::text)::jsonb)
    on conflict (provider_id, idempotency_key) do nothing
    returning id`.execute(trx);
  if (stored.rows.length === 0) throw conflict('Another request with this Idempotency-Key was processed at the same time. Send it again to get its result.', 'idempotency-key-in-use');
}

/**
 * One statement per table for a batch of the API's size (10,000 records); larger deliveries (an
 * upload may hold more) are written in parts, which keeps each parameter at a few megabytes.
 */
function chunks<T>(rows: T[], size = 10_000): T[][] {
  if (rows.length <= size) return rows.length ? [rows] : [];
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

/** The provider's active contracts with their product categories: the template names them (contractId). */
export async function activeContracts(trx: Tx, providerId: string): Promise<{ id: string; reference: string; startDate: string; endDate: string; productCategories: string[] }[]> {
  const rows = (
    await sql<{ id: string; reference: string; start_date: string; end_date: string; categories: string[] | null }>`
      select c.id, c.reference, c.start_date::text as start_date, c.end_date::text as end_date,
             (select array_agg(distinct p.product_category order by p.product_category) from contract_products p
               where p.tenant_id = c.tenant_id and p.contract_id = c.id and p.provider_id = ${providerId}) as categories
        from contracts c
       where c.provider_id = ${providerId} and c.status = 'active'
       order by c.start_date, c.reference`.execute(trx)
  ).rows;
  return rows.map((r) => ({ id: r.id, reference: r.reference, startDate: r.start_date, endDate: r.end_date, productCategories: r.categories ?? [] }));
}

/** A batch the provider delivered: its answer as stored (for the upload's result page). */
export async function batchSummary(trx: Tx, providerId: string, batchId: string): Promise<BatchSummaryT | null> {
  const row = await trx.selectFrom('outcome_batches').select(['summary']).where('provider_id', '=', providerId).where('id', '=', batchId).executeTakeFirst();
  return row ? (row.summary as BatchSummaryT) : null;
}
