// Outcome data for indicator tests, written straight into the database as the provider would
// deliver it: a plain list of trajectories, each with its measurements in delivery order. A later
// measurement for the same slot (kind + informant or follow-up moment) is a re-delivery and
// supersedes the earlier one. The input has the shape of the batch endpoint's records so that this
// loader can later post through POST /v1/providers/{providerId}/outcome-batches instead.
import { sql } from 'kysely';
import { uuidv7 } from '../../src/platform/crypto.js';
import { type Database, inAppTransaction, setContext } from '../../src/platform/db/database.js';

export type MeasurementInput =
  | { kind: 'satisfaction'; score: number; informant?: 'young-person' | 'parent' | 'other'; measuredOn?: string }
  | { kind: 'continuation'; canContinueWithoutHelp: boolean; measuredOn?: string }
  | { kind: 'goals'; goalsAchieved: number; goalsTotal: number; measuredOn?: string }
  | {
      kind: 'follow-up';
      moment: 3 | 12;
      housing?: string | null;
      educationWork?: string | null;
      incomeDebts?: string | null;
      network?: string | null;
      newYouthCare?: boolean | null;
      measuredOn?: string;
    };

export interface TrajectoryInput {
  providerId: string;
  contractId: string;
  reference?: string;
  clientReference: string;
  productCategory: string;
  startDate: string;
  endDate?: string | null;
  endReason?: string | null;
  measurements?: MeasurementInput[];
}

const slotOf = (m: MeasurementInput) => (m.kind === 'satisfaction' ? (m.informant ?? 'young-person') : m.kind === 'follow-up' ? String(m.moment) : '');

let counter = 0;

/** Insert the trajectories and their measurements; returns the trajectory ids in input order. */
export async function loadOutcomes(db: Database, tenantId: string, trajectories: TrajectoryInput[]): Promise<string[]> {
  const ids = trajectories.map(() => uuidv7());
  const byProvider = new Map<string, number[]>();
  trajectories.forEach((t, i) => {
    byProvider.set(t.providerId, [...(byProvider.get(t.providerId) ?? []), i]);
  });
  for (const [providerId, indexes] of byProvider) {
    await inAppTransaction(db, async (trx) => {
      // The provider's own context, as its API key would have: the provider RLS policies accept it.
      await setContext(trx, { providerId });
      const rows = indexes.map((i) => {
        const t = trajectories[i] as TrajectoryInput;
        counter++;
        return {
          tenant_id: tenantId,
          id: ids[i] as string,
          provider_id: providerId,
          contract_id: t.contractId,
          reference: t.reference ?? `T-${counter}-${(ids[i] as string).slice(-6)}`,
          client_reference: t.clientReference,
          product_category: t.productCategory,
          start_date: t.startDate,
          end_date: t.endDate ?? null,
          end_reason: t.endDate ? (t.endReason ?? '31') : null,
        };
      });
      for (let k = 0; k < rows.length; k += 500) await trx.insertInto('trajectories').values(rows.slice(k, k + 500)).execute();

      const measurements: Record<string, unknown>[] = [];
      for (const i of indexes) {
        const list = (trajectories[i] as TrajectoryInput).measurements ?? [];
        const lastOfSlot = new Map<string, number>();
        list.forEach((m, j) => {
          lastOfSlot.set(`${m.kind}|${slotOf(m)}`, j);
        });
        list.forEach((m, j) => {
          const base = {
            tenant_id: tenantId,
            provider_id: providerId,
            trajectory_id: ids[i],
            kind: m.kind,
            slot: slotOf(m),
            measured_on: m.measuredOn ?? (trajectories[i] as TrajectoryInput).endDate ?? (trajectories[i] as TrajectoryInput).startDate,
            // Earlier deliveries for the same slot were superseded by the later one.
            superseded_at: lastOfSlot.get(`${m.kind}|${slotOf(m)}`) === j ? null : new Date(),
          };
          if (m.kind === 'satisfaction') measurements.push({ ...base, score: m.score, informant: m.informant ?? 'young-person' });
          else if (m.kind === 'continuation') measurements.push({ ...base, can_continue_without_help: m.canContinueWithoutHelp });
          else if (m.kind === 'goals') measurements.push({ ...base, goals_achieved: m.goalsAchieved, goals_total: m.goalsTotal });
          else {
            measurements.push({
              ...base,
              housing: m.housing ?? null,
              education_work: m.educationWork ?? null,
              income_debts: m.incomeDebts ?? null,
              network: m.network ?? null,
              new_youth_care: m.newYouthCare ?? null,
            });
          }
        });
      }
      for (let k = 0; k < measurements.length; k += 500) {
        await trx.insertInto('outcome_measurements').values(measurements.slice(k, k + 500) as never).execute();
      }
    });
  }
  return ids;
}

/** Remove all outcome data of a municipality (between property-test runs), as the owner role. */
export async function clearOutcomes(db: Database, tenantId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // The history trigger forbids deleting measurements; the owner may switch it off locally.
    await sql`alter table outcome_measurements disable trigger outcome_measurements_history`.execute(trx);
    await sql`delete from outcome_measurements where tenant_id = ${tenantId}::uuid`.execute(trx);
    await sql`alter table outcome_measurements enable trigger outcome_measurements_history`.execute(trx);
    await sql`delete from trajectory_revisions where tenant_id = ${tenantId}::uuid`.execute(trx);
    await sql`delete from trajectories where tenant_id = ${tenantId}::uuid`.execute(trx);
  });
}
