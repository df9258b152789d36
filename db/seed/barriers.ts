// Demo barriers ('what stands in the way'): a handful, recorded through the same service as the
// staff app, on the demo agreements that were sent, so that the report in the staff app shows a
// published row (a waiting list for all five young people) and suppressed ones (the other kinds,
// each resting on fewer young people than the threshold). Dates are relative to `now`.
// Idempotent: nothing happens when the municipality already has barriers.
import { recordBarrier } from '../../src/modules/aftercare/barriers.js';
import { RecordBarrier } from '../../src/modules/aftercare/schemas.js';
import { addDays, todayInAmsterdam } from '../../src/platform/dates.js';
import { type Tx, setContext } from '../../src/platform/db/database.js';

/** Seed the demo barriers once. Returns how many were made (0 when there were some already, or no sent agreements). */
export async function seedDemoBarriers(trx: Tx, tenantId: string, providerId: string | null, now: Date): Promise<number> {
  await setContext(trx, { tenantId });
  const existing = await trx.selectFrom('barriers').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst();
  if (existing) return 0;
  const sent = await trx
    .selectFrom('agreements')
    .select(['id', 'case_manager_id', 'young_person_name'])
    .where('tenant_id', '=', tenantId)
    .where('status', 'not in', ['draft', 'cancelled'])
    .orderBy('young_person_name')
    .execute();
  if (sent.length === 0) return 0;
  const today = todayInAmsterdam(now);
  const provider = providerId ? { providerId } : {};
  const plans: Record<string, unknown>[][] = [
    [
      { kind: 'waiting-list', productCategory: '45', ...provider, intervention: 'MDFT', waitingWeeks: 12, daysAgo: 8, note: 'Wachtlijst bij de enige aanbieder in de regio.' },
      { kind: 'not-available', waitingWeeks: 52, daysAgo: 6, note: 'Geen betaalbare kamer; ingeschreven als woningzoekende.' },
    ],
    [
      { kind: 'waiting-list', productCategory: '43', intervention: 'MST', waitingWeeks: 16, daysAgo: 30 },
      { kind: 'no-phasing', daysAgo: 28, note: 'Vertrek uit de groep kwam onverwacht; geen proefperiode op kamers.' },
    ],
    [
      { kind: 'waiting-list', productCategory: '45', ...provider, intervention: 'IAG', waitingWeeks: 8, daysAgo: 60 },
      { kind: 'not-available', productCategory: '44', daysAgo: 55 },
    ],
    [
      { kind: 'waiting-list', productCategory: '43', intervention: 'MDFT', waitingWeeks: 26, daysAgo: 12 },
      { kind: 'chain-cooperation', partner: 'school', daysAgo: 10, note: 'De opleiding had geen plek meer halverwege het jaar.' },
    ],
    [
      { kind: 'waiting-list', productCategory: '45', ...provider, intervention: 'MST', waitingWeeks: 10, daysAgo: 150 },
      { kind: 'chain-cooperation', partner: 'housing-corporation', waitingWeeks: 20, daysAgo: 140 },
    ],
  ];
  let made = 0;
  for (const [i, a] of sent.slice(0, plans.length).entries()) {
    for (const { daysAgo, ...plan } of plans[i] ?? []) {
      const input = RecordBarrier.parse({ ...plan, notedOn: addDays(today, -Number(daysAgo)) });
      await recordBarrier(trx, tenantId, a.id, input, a.case_manager_id, now);
      made++;
    }
  }
  return made;
}
