// Scheduled contract work, per municipality in its own request-role transaction (row-level
// security holds as for a request): automatic renewals of active contracts whose end date has
// passed, and the notice-deadline alert — once per deadline — a set number of days before the last
// day notice can be given. Renewal runs first, so a renewed contract is alerted for its new deadline.
import { sql } from 'kysely';
import { type Database, inAppTransaction, setContext } from '../../platform/db/database.js';
import { contractEvents } from './events.js';
import type { TermsT } from './schemas.js';
import { addDays, addMonths, formatDate, todayInAmsterdam } from '../../platform/dates.js';
import { addVersion, mailStaff, noticeDeadlineOf } from './service.js';

/** Renewals caught up in one run, so a contract left alone for years cannot loop for ever. */
const MAX_RENEWALS_PER_RUN = 24;

/**
 * The terms after one automatic renewal: the end date moves by renewalMonths and each product's
 * last tariff runs on to the new end (so tariffs keep covering the period without a gap); budgets
 * and targets stay as agreed — new years get a ceiling by amendment.
 */
export function renewedTerms(t: TermsT): TermsT {
  const endDate = addMonths(t.endDate, t.renewalMonths ?? 0, true);
  return {
    ...t,
    endDate,
    products: t.products.map((p) => ({
      ...p,
      tariffs: p.tariffs.map((tariff, i) => (i === p.tariffs.length - 1 ? { ...tariff, validTo: endDate } : tariff)),
    })),
  };
}

export async function runContractJobs(
  db: Database,
  options: { publicUrl: string; now: Date; log?: (entry: Record<string, unknown>) => void },
): Promise<Record<string, number>> {
  const { now } = options;
  const today = todayInAmsterdam(now);
  const tenants = await inAppTransaction(db, async (trx) =>
    (await sql<{ tenant_id: string }>`select tenant_id from tenants_with_contract_work(${today}::date)`.execute(trx)).rows.map((r) => r.tenant_id),
  );
  const counts = { renewed: 0, noticeAlerts: 0, failedTenants: 0 };
  for (const tenantId of tenants) {
    // One municipality's failure (rolled back as a whole) must not hold up the others' alerts.
    await runForTenant(db, tenantId, today, options, counts).catch((error: unknown) => {
      counts.failedTenants++;
      options.log?.({ level: 'error', msg: 'contract jobs failed for a municipality', tenantId, error: error instanceof Error ? error.message : String(error) });
    });
  }
  return counts;
}

async function runForTenant(
  db: Database,
  tenantId: string,
  today: string,
  options: { publicUrl: string; now: Date },
  totals: { renewed: number; noticeAlerts: number },
): Promise<void> {
  const { now } = options;
  // Counted only when the tenant's transaction commits.
  const counts = { renewed: 0, noticeAlerts: 0 };
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { tenantId });
    const contracts = await trx
      .selectFrom('contracts')
      .select(['tenant_id', 'id', 'provider_id', 'reference', 'revision', 'current_version', sql<string | null>`notice_alerted_for::text`.as('notice_alerted_for')])
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'active')
      .orderBy('id')
      .forUpdate()
      .execute();
    for (const c of contracts) {
      const row = { ...c };
      const current = await trx
        .selectFrom('contract_versions')
        .select('terms')
        .where('tenant_id', '=', tenantId)
        .where('contract_id', '=', row.id)
        .where('version', '=', row.current_version)
        .executeTakeFirstOrThrow();
      let terms = current.terms as TermsT;
      for (let n = 0; n < MAX_RENEWALS_PER_RUN && terms.renewal === 'automatic' && terms.endDate < today; n++) {
        const next = renewedTerms(terms);
        const version = await addVersion(trx, row, { revision: row.revision, from: ['active'] }, { effectiveFrom: addDays(terms.endDate, 1), rationale: 'Automatic renewal', terms: next, userId: null });
        await contractEvents.enqueue(
          trx,
          tenantId,
          'contract.renewed',
          { contractId: row.id, providerId: row.provider_id, version, previousEndDate: terms.endDate, endDate: next.endDate },
          now,
        );
        row.current_version = version;
        row.revision += 1;
        terms = next;
        counts.renewed++;
      }
      const deadline = noticeDeadlineOf(terms);
      // After the end date an alert has no purpose any more (the contract ran out or was renewed).
      if (today >= addDays(deadline, -terms.noticeAlertDays) && today <= terms.endDate && row.notice_alerted_for !== deadline) {
        await trx.updateTable('contracts').set({ notice_alerted_for: deadline }).where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
        const renewal =
          terms.renewal === 'automatic'
            ? `Zonder opzegging wordt het contract stilzwijgend met ${terms.renewalMonths} maanden verlengd.`
            : 'Het contract wordt niet automatisch verlengd.';
        await mailStaff(
          trx,
          tenantId,
          `Opzegtermijn contract ${row.reference}: uiterlijk ${formatDate(deadline, 'nl')}`,
          `Contract ${row.reference} loopt tot en met ${formatDate(terms.endDate, 'nl')}. Opzeggen kan uiterlijk op ${formatDate(deadline, 'nl')} (opzegtermijn ${terms.noticePeriodMonths} maanden). ${renewal}\n\n${options.publicUrl}/v1/municipalities/${tenantId}/contracts/${row.id}`,
        );
        await contractEvents.enqueue(
          trx,
          tenantId,
          'contract.notice-deadline',
          { contractId: row.id, providerId: row.provider_id, noticeDeadline: deadline, endDate: terms.endDate, renewal: terms.renewal },
          now,
        );
        counts.noticeAlerts++;
      }
    }
  });
  totals.renewed += counts.renewed;
  totals.noticeAlerts += counts.noticeAlerts;
}
