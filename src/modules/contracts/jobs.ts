// Scheduled work of the contracts capability (being built): notice-deadline alerts, renewals.
import type { Database } from '../../platform/db/database.js';

export async function runContractJobs(_db: Database, _options: { publicUrl: string; now: Date }): Promise<Record<string, number>> {
  return {};
}
