// Demo outcome reports from Jeugdzorg De Brug under the demo contract, delivered through the same
// service as the batch endpoint: 120 trajectories of young people leaving care in 2025–2026 with
// satisfaction grades, continuation answers, goals and 3- and 12-month follow-ups, so the
// indicators and the dashboard show real figures (and, for small groups, suppression).
import type { OutcomeRecordT } from '../../src/modules/outcomes/schemas.js';
import { ingestBatch } from '../../src/modules/outcomes/service.js';
import { addDays, isoDay } from '../../src/platform/dates.js';
import type { Tx } from '../../src/platform/db/database.js';

/** A small deterministic generator: the demo looks the same on every machine. */
function generator(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
}

export function demoOutcomeRecords(contractId: string, today: string): OutcomeRecordT[] {
  const pick = generator(20_251_122);
  const trajectories: OutcomeRecordT[] = [];
  const measurements: OutcomeRecordT[] = [];
  const housing = ['independent', 'with-family', 'supported-living', 'supported-living', 'institution', 'homeless'] as const;
  const educationWork = ['education', 'work', 'both', 'neither', 'education'] as const;
  const incomeDebts = ['income-no-debts', 'income-managed-debts', 'income-managed-debts', 'problematic-debts', 'no-income'] as const;
  const network = ['supportive', 'supportive', 'limited', 'none'] as const;
  const reasons = ['31', '31', '31', '31', '34', '32', '31', '35', '38', '32'] as const;
  for (let i = 0; i < 120; i++) {
    const reference = `DB-${String(i + 1).padStart(4, '0')}`;
    const stay = i % 4 !== 0;
    const startDate = addDays('2025-01-02', pick(300));
    const endDate = addDays(startDate, 60 + pick(330));
    const ended = endDate <= addDays(today, -30);
    trajectories.push({
      type: 'trajectory',
      reference,
      clientReference: `JP-${String(Math.floor(i * 0.9) + 1).padStart(4, '0')}`,
      contractId,
      productCategory: stay ? '43' : '45',
      productCode: stay ? '43A01' : '45N01',
      startDate,
      ...(ended ? { endDate, endReason: reasons[pick(reasons.length)] } : {}),
    } as OutcomeRecordT);
    if (!ended) continue;
    const measuredOn = endDate;
    measurements.push({ type: 'satisfaction', trajectoryReference: reference, measuredOn, score: 5 + pick(6), informant: 'young-person' } as OutcomeRecordT);
    if (pick(3) === 0) measurements.push({ type: 'satisfaction', trajectoryReference: reference, measuredOn, score: 6 + pick(5), informant: 'parent' } as OutcomeRecordT);
    measurements.push({ type: 'continuation', trajectoryReference: reference, measuredOn, canContinueWithoutHelp: pick(10) < 7 } as OutcomeRecordT);
    const goalsTotal = 2 + pick(4);
    measurements.push({ type: 'goals', trajectoryReference: reference, measuredOn, goalsTotal, goalsAchieved: Math.max(0, goalsTotal - pick(3)) } as OutcomeRecordT);
    for (const months of [3, 12] as const) {
      const on = addDays(endDate, months === 3 ? 91 : 365);
      if (on > today) continue;
      measurements.push({
        type: 'follow-up',
        trajectoryReference: reference,
        months,
        measuredOn: on,
        housing: housing[pick(housing.length)],
        educationWork: educationWork[pick(educationWork.length)],
        incomeDebts: incomeDebts[pick(incomeDebts.length)],
        network: network[pick(network.length)],
        newYouthCare: pick(8) === 0,
      } as OutcomeRecordT);
    }
  }
  return [...trajectories, ...measurements];
}

/** Deliver the demo records as the provider (its context must be entered). */
export async function seedDemoOutcomes(trx: Tx, providerId: string, contractId: string, now: Date): Promise<number> {
  const records = demoOutcomeRecords(contractId, isoDay(now));
  await ingestBatch(trx, providerId, 'demo-seed', JSON.stringify({ records }), records);
  return records.length;
}
