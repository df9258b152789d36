// Checking a batch of outcome records against the database, and planning what to write. Every
// problem of every record is collected (not the first one only), then listed in record order;
// within one record in the order the checks run below, which is the order a client reads them in.
// Nothing here writes: ingestBatch (service.ts) writes the plan when the list is empty.
import { uuidv7 } from '../../platform/crypto.js';
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.js';
import type { InvalidParam } from '../../platform/errors.js';
import { bareArray, column, textArray } from './columns.js';
import type { OutcomeRecordT } from './schemas.js';

type TrajectoryRecordT = Extract<OutcomeRecordT, { type: 'trajectory' }>;
type MeasurementRecordT = Exclude<OutcomeRecordT, { type: 'trajectory' }>;
type GoalsRecordT = Extract<OutcomeRecordT, { type: 'goals' }>;
type Kind = MeasurementRecordT['type'];

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

interface ContractRow {
  tenant_id: string;
  id: string;
  status: string;
  start_date: string;
  end_date: string;
}

export interface TrajectoryRow {
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

export interface MeasurementRow {
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

export type NewMeasurement = Omit<MeasurementRow, 'id' | 'trajectory_id' | 'tenant_id'> & { trajectory_ref: string };

export interface Indexed<T> {
  index: number;
  record: T;
}

export interface Plan {
  /** The trajectories delivered before that this batch names, by reference. */
  existing: Map<string, { tenant_id: string; id: string }>;
  newTrajectories: (TrajectoryRow & { provider_id: string })[];
  changedTrajectories: (TrajectoryRow & { provider_id: string })[];
  unchangedTrajectories: number;
  measurements: NewMeasurement[];
}

/** What the batch refers to that is already in the database (all of it the provider's own). */
interface Known {
  existing: Map<string, TrajectoryRow>;
  contracts: Map<string, ContractRow>;
  /** `contract|category|code` of each contract product. */
  products: Set<string>;
  /** `contract|category` of each contract product. */
  categories: Set<string>;
  agreements: Map<string, { tenant_id: string; id: string; goal_ids: string[] }>;
}

/** The problems found, each with the index of its record. */
class Problems {
  private readonly found: { index: number; param: InvalidParam }[] = [];

  add(index: number, field: string, reason: string): void {
    this.found.push({ index, param: { name: `records[${index}]${field ? `.${field}` : ''}`, reason } });
  }

  /** The record the checks are at, for `fail`. */
  current = 0;

  /**
   * A problem of the current record. One function for the whole batch rather than a closure per
   * record: under tsx (npm start) each closure made also gets its name set, which costs as much as
   * a record's checks.
   */
  readonly fail = (field: string, reason: string): void => this.add(this.current, field, reason);

  /** How many so far: a record whose checks raised it is not planned for writing. */
  get count(): number {
    return this.found.length;
  }

  /** By record; the sort is stable, so a record's problems keep the order they were found in. */
  inRecordOrder(): InvalidParam[] {
    return [...this.found].sort((a, b) => a.index - b.index).map((e) => e.param);
  }
}

const slotOf = (r: MeasurementRecordT): string => (r.type === 'satisfaction' ? r.informant : r.type === 'follow-up' ? String(r.months) : '');
const slotField = (r: MeasurementRecordT): string => (r.type === 'satisfaction' ? 'informant' : r.type === 'follow-up' ? 'months' : 'type');
const describeSlot = (r: MeasurementRecordT): string =>
  r.type === 'satisfaction' ? `satisfaction by ${r.informant}` : r.type === 'follow-up' ? `the ${r.months}-month follow-up` : `${r.type}`;

/** Everything a measurement row holds besides its keys: equal means an identical re-delivery. */
export function valueKey(m: Omit<NewMeasurement, 'trajectory_ref'>): string {
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
export async function analyse(
  trx: Tx,
  providerId: string,
  items: Indexed<OutcomeRecordT>[],
  unreadable: Set<string> = new Set(),
): Promise<{ errors: InvalidParam[]; plan: Plan }> {
  const problems = new Problems();
  const { trajectories, measurements } = splitByType(items);
  const batchTrajectories = firstDeliveryOfEachReference(trajectories, problems);
  const known = await loadWhatTheBatchNames(trx, providerId, trajectories, batchTrajectories, measurements);
  const plan: Plan = { existing: known.existing, newTrajectories: [], changedTrajectories: [], unchangedTrajectories: 0, measurements: [] };
  const states = checkTrajectories(providerId, batchTrajectories, known, problems, plan);
  for (const [reference, t] of known.existing) {
    if (!states.has(reference)) {
      states.set(reference, { tenantId: t.tenant_id, contractId: t.contract_id, startDate: t.start_date, endDate: t.end_date, agreementId: t.agreement_id, fromBatch: false });
    }
  }
  checkMeasurements(measurements, states, known, unreadable, problems, plan);
  return { errors: problems.inRecordOrder(), plan };
}

function splitByType(items: Indexed<OutcomeRecordT>[]) {
  const trajectories: Indexed<TrajectoryRecordT>[] = [];
  const measurements: Indexed<MeasurementRecordT>[] = [];
  for (const item of items) {
    if (item.record.type === 'trajectory') trajectories.push(item as Indexed<TrajectoryRecordT>);
    else measurements.push(item as Indexed<MeasurementRecordT>);
  }
  return { trajectories, measurements };
}

/** The first record with a reference names it; a second one in the same batch is refused. */
function firstDeliveryOfEachReference(trajectories: Indexed<TrajectoryRecordT>[], problems: Problems): Map<string, Indexed<TrajectoryRecordT>> {
  const byReference = new Map<string, Indexed<TrajectoryRecordT>>();
  for (const t of trajectories) {
    const first = byReference.get(t.record.reference);
    if (first) problems.add(t.index, 'reference', `Trajectory ${t.record.reference} is already delivered in this batch (records[${first.index}]); deliver each trajectory once.`);
    else byReference.set(t.record.reference, t);
  }
  return byReference;
}

/**
 * The earlier trajectories, contracts, contract products and agreements the batch names: four
 * set-based queries whatever the batch size. Contracts and agreements are looked up for every
 * trajectory record (also a refused duplicate) and for the earlier trajectories too, whose
 * measurements are checked against them.
 */
async function loadWhatTheBatchNames(
  trx: Tx,
  providerId: string,
  trajectories: Indexed<TrajectoryRecordT>[],
  batchTrajectories: Map<string, Indexed<TrajectoryRecordT>>,
  measurements: Indexed<MeasurementRecordT>[],
): Promise<Known> {
  const references = [...new Set([...batchTrajectories.keys(), ...measurements.map((m) => m.record.trajectoryReference)])];
  const existingRows = references.length
    ? (
        await sql<TrajectoryRow>`
          select t.tenant_id, t.id, t.contract_id, t.reference, t.client_reference, t.agreement_id, t.product_category,
                 t.product_code, t.start_date::text as start_date, t.end_date::text as end_date, t.end_reason, t.revision
            from unnest(${column(textArray(references), 'text')}) as r(reference)
           cross join lateral (${byReference(providerId)}) t`.execute(trx)
      ).rows
    : [];

  const contractIds = [...new Set([...trajectories.map((t) => t.record.contractId), ...existingRows.map((r) => r.contract_id)])];
  const contractRows = contractIds.length
    ? (
        await sql<ContractRow>`
          select c.tenant_id, c.id, c.status, c.start_date::text as start_date, c.end_date::text as end_date
            from contracts c
           where c.provider_id = ${providerId}
             and c.id in (select unnest(${column(bareArray(contractIds), 'uuid')}))`.execute(trx)
      ).rows
    : [];

  const productRows = contractRows.length
    ? (
        await sql<{ contract_id: string; product_category: string; product_code: string }>`
          select p.contract_id, p.product_category, p.product_code
            from contract_products p
           where p.provider_id = ${providerId}
             and (p.tenant_id, p.contract_id) in (select x.tenant_id, x.id from unnest(${column(bareArray(contractRows.map((c) => c.tenant_id)), 'uuid')}, ${column(bareArray(contractRows.map((c) => c.id)), 'uuid')}) as x(tenant_id, id))`.execute(
          trx,
        )
      ).rows
    : [];

  const agreementIds = [
    ...new Set([...trajectories.flatMap((t) => (t.record.agreementId ? [t.record.agreementId] : [])), ...existingRows.flatMap((r) => (r.agreement_id ? [r.agreement_id] : []))]),
  ];
  const agreementRows = agreementIds.length
    ? (await sql<{ tenant_id: string; id: string; goal_ids: string[] }>`select tenant_id, id, goal_ids from outcome_agreement_goals(${JSON.stringify(agreementIds)})`.execute(trx)).rows
    : [];

  return {
    existing: new Map(existingRows.map((r) => [r.reference, r])),
    contracts: new Map(contractRows.map((c) => [c.id, c])),
    products: new Set(productRows.map((p) => `${p.contract_id}|${p.product_category}|${p.product_code}`)),
    categories: new Set(productRows.map((p) => `${p.contract_id}|${p.product_category}`)),
    agreements: new Map(agreementRows.map((a) => [a.id, a])),
  };
}

/**
 * Check each trajectory of the batch; plan the valid ones as new, changed or unchanged. Returns
 * the state each will have, also for an invalid one, so that its measurements are still checked
 * (and a client sees their problems in the same answer).
 */
function checkTrajectories(
  providerId: string,
  batchTrajectories: Map<string, Indexed<TrajectoryRecordT>>,
  known: Known,
  problems: Problems,
  plan: Plan,
): Map<string, TrajectoryState> {
  const states = new Map<string, TrajectoryState>();
  for (const [reference, { index, record: r }] of batchTrajectories) {
    const contract = known.contracts.get(r.contractId);
    const productCode = r.productCode ?? '';
    const endDate = r.endDate ?? null;
    const endReason = r.endReason ?? null;
    const agreementId = r.agreementId ?? null;
    const old = known.existing.get(reference);
    const before = problems.count;
    checkTrajectory(index, r, contract, old, known, problems);
    states.set(reference, { tenantId: contract?.tenant_id ?? null, contractId: r.contractId, startDate: r.startDate, endDate, agreementId, fromBatch: true });
    if (problems.count > before || !contract) continue;
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
  return states;
}

/** One trajectory record against its contract (products, period), its agreement and its earlier delivery. */
function checkTrajectory(index: number, r: TrajectoryRecordT, contract: ContractRow | undefined, old: TrajectoryRow | undefined, known: Known, problems: Problems): void {
  problems.current = index;
  const fail = problems.fail;
  const productCode = r.productCode ?? '';
  const endDate = r.endDate ?? null;
  const endReason = r.endReason ?? null;
  const agreementId = r.agreementId ?? null;
  if (!contract) {
    // Another provider's contract looks exactly like one that does not exist.
    fail('contractId', 'No contract with this id exists for you.');
  } else {
    if (contract.status !== 'active') fail('contractId', `The contract is ${contract.status}; only an active contract takes reports.`);
    if (!known.categories.has(`${contract.id}|${r.productCategory}`)) fail('productCategory', `Product category ${r.productCategory} is not one of the contract’s products.`);
    else if (!known.products.has(`${contract.id}|${r.productCategory}|${productCode}`)) {
      fail('productCode', productCode ? `Product code ${productCode} is not in the contract under category ${r.productCategory}.` : `The contract names product codes under category ${r.productCategory}: give one.`);
    }
    if (r.startDate < contract.start_date || r.startDate > contract.end_date) fail('startDate', `The start date must lie within the contract period ${contract.start_date} – ${contract.end_date}.`);
    if (endDate && (endDate < contract.start_date || endDate > contract.end_date)) fail('endDate', `The end date must lie within the contract period ${contract.start_date} – ${contract.end_date}.`);
    if (agreementId) {
      const agreement = known.agreements.get(agreementId);
      // Only agreements that name this provider (the lookup returns no others): another
      // provider's or an unrelated agreement looks exactly like one that does not exist.
      if (!agreement || agreement.tenant_id !== contract.tenant_id) fail('agreementId', 'No agreement with this id names you in the contract’s municipality.');
    }
  }
  if (endDate && endDate < r.startDate) fail('endDate', 'The end date cannot be before the start date.');
  if (endDate && !endReason) fail('endReason', 'An ended trajectory needs its reason for ending (JZ588).');
  if (endReason && !endDate) fail('endDate', 'A reason for ending needs an end date.');
  if (old && contract && old.tenant_id !== contract.tenant_id) {
    fail('contractId', `Trajectory ${r.reference} was delivered under a contract of another municipality; a trajectory cannot move between municipalities. Use a new reference.`);
  }
}

/** Check each measurement against the state its trajectory will have; plan the valid ones. */
function checkMeasurements(
  measurements: Indexed<MeasurementRecordT>[],
  states: Map<string, TrajectoryState>,
  known: Known,
  unreadable: Set<string>,
  problems: Problems,
  plan: Plan,
): void {
  /** The first record of each trajectory × kind × slot: a slot takes one value per batch. */
  const slots = new Map<string, number>();
  for (const { index, record: m } of measurements) {
    const reference = m.trajectoryReference;
    const state = states.get(reference);
    if (!state) {
      if (!unreadable.has(reference)) problems.add(index, 'trajectoryReference', `No trajectory ${reference}: deliver it in this batch or an earlier one.`);
      continue;
    }
    problems.current = index;
    const fail = problems.fail;
    const before = problems.count;
    if (!state.fromBatch) {
      const contract = known.contracts.get(state.contractId);
      if (contract && contract.status !== 'active') fail('trajectoryReference', `The contract of trajectory ${reference} is ${contract.status}; only an active contract takes reports.`);
    }
    if (m.measuredOn < state.startDate) fail('measuredOn', `The measurement cannot be before the trajectory’s start date ${state.startDate}.`);
    const slotKey = `${reference}|${m.type}|${slotOf(m)}`;
    const first = slots.get(slotKey);
    if (first !== undefined) fail(slotField(m), `records[${first}] in this batch already reports ${describeSlot(m)} for trajectory ${reference}; deliver one value per slot.`);
    else slots.set(slotKey, index);

    const row = emptyMeasurementRow(reference, m);
    switch (m.type) {
      case 'satisfaction':
        row.score = m.score;
        row.informant = m.informant;
        break;
      case 'continuation':
        row.can_continue_without_help = m.canContinueWithoutHelp;
        break;
      case 'goals':
        checkGoals(m, reference, state, known, fail, row);
        break;
      case 'follow-up':
        if (!state.endDate) fail('trajectoryReference', `Trajectory ${reference} has not ended: follow-up comes after departure (give the trajectory an end date first).`);
        else if (m.measuredOn < state.endDate) fail('measuredOn', `A follow-up is measured after departure, not before the end date ${state.endDate}.`);
        row.housing = m.housing;
        row.education_work = m.educationWork;
        row.income_debts = m.incomeDebts;
        row.network = m.network;
        row.new_youth_care = m.newYouthCare;
        break;
    }
    if (problems.count === before) plan.measurements.push(row);
  }
}

/** The row of a measurement with its keys and none of its values yet. */
function emptyMeasurementRow(reference: string, m: MeasurementRecordT): NewMeasurement {
  return {
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
}

/**
 * Goals are reported per agreed goal when the trajectory is linked to an agreement (then the
 * counts, if given, must match the list), and as counts when it is not.
 */
function checkGoals(m: GoalsRecordT, reference: string, state: TrajectoryState, known: Known, fail: (field: string, reason: string) => void, row: NewMeasurement): void {
  if (!state.agreementId) {
    if (m.goals) fail('goals', `Trajectory ${reference} has no agreement: report counts (goalsAchieved, goalsTotal) instead.`);
    if (m.goalsAchieved === undefined) fail('goalsAchieved', 'Give the number of goals achieved.');
    if (m.goalsTotal === undefined) fail('goalsTotal', 'Give the number of goals agreed.');
    if (m.goalsAchieved !== undefined && m.goalsTotal !== undefined && m.goalsAchieved > m.goalsTotal) fail('goalsAchieved', 'More goals achieved than agreed.');
    row.goals_achieved = m.goalsAchieved ?? null;
    row.goals_total = m.goalsTotal ?? null;
    return;
  }
  const agreement = known.agreements.get(state.agreementId);
  if (!m.goals) {
    fail('goals', `Trajectory ${reference} is linked to an agreement: report per agreed goal (goals).`);
    return;
  }
  const goalIds = new Set(agreement?.goal_ids ?? []);
  const seen = new Set<string>();
  m.goals.forEach((g, j) => {
    if (seen.has(g.goalId)) fail(`goals[${j}].goalId`, `Goal ${g.goalId} is listed twice.`);
    // An agreement not found (refused with the trajectory) has no goal list to hold them against.
    else if (agreement && !goalIds.has(g.goalId)) fail(`goals[${j}].goalId`, `The agreement has no goal ${g.goalId}; its goals are ${[...goalIds].join(', ') || 'none'}.`);
    seen.add(g.goalId);
  });
  const achieved = m.goals.filter((g) => g.achieved).length;
  if (m.goalsTotal !== undefined && m.goalsTotal !== m.goals.length) fail('goalsTotal', `goalsTotal must equal the number of goals listed (${m.goals.length}), or be left out.`);
  if (m.goalsAchieved !== undefined && m.goalsAchieved !== achieved) fail('goalsAchieved', `goalsAchieved must equal the goals listed as achieved (${achieved}), or be left out.`);
  row.goals_achieved = achieved;
  row.goals_total = m.goals.length;
  row.goal_results = m.goals.map((g) => ({ goalId: g.goalId, achieved: g.achieved }));
}
