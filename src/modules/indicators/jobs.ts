// Scheduled indicator work: recompute the rollups of years that writes have noted stale
// (migration 0027), per municipality and year in its own request-role transaction (row-level
// security holds as for a request). Readers recompute a stale year themselves on first read, so the
// figures never depend on this job; it keeps the notes of years nobody reads from piling up and
// spares the first reader after a delivery the recompute.
import { sql } from 'kysely';
import { type Database, inAppTransaction, setContext } from '../../platform/db/database.js';
import { refreshStaleRollups } from './service.js';

/** (municipality, year) pairs recomputed per run: a backlog (a new installation, a long outage) is worked off over a few runs. */
export const MAX_STALE_YEARS_PER_RUN = 20;

export async function runIndicatorJobs(db: Database, options: { limit?: number } = {}): Promise<{ recomputed: number }> {
  const stale = await inAppTransaction(db, async (trx) =>
    (await sql<{ tenant_id: string; year: number }>`select tenant_id, year from indicator_years_stale(${options.limit ?? MAX_STALE_YEARS_PER_RUN})`.execute(trx)).rows,
  );
  for (const { tenant_id: tenantId, year } of stale) {
    await inAppTransaction(db, async (trx) => {
      await setContext(trx, { tenantId });
      await refreshStaleRollups(trx, tenantId, Number(year), null);
    });
  }
  return { recomputed: stale.length };
}
