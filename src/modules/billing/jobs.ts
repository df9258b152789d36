// Scheduled work of the billing capability (being built): daily usage reporting to Stripe.
import type { Database } from '../../platform/db/database.js';

export async function runBillingJobs(_db: Database, _options: { now: Date }): Promise<Record<string, number>> {
  return {};
}
