// Scheduled work of billing: once a day, each municipality with a live Stripe subscription
// reports its number of active youth agreements to Stripe as a meter event.
import { sql } from 'kysely';
import type { Config } from '../../config.js';
import type { AgreementStatus } from '../../domain/agreement.js';
import { type Database, inAppTransaction, setContext } from '../../platform/db/database.js';
import { stripeClient } from './stripe.js';
import { todayInAmsterdam } from '../../platform/dates.js';

/** Agreements that count as active for billing: in force, including while being amended. */
export const BILLABLE_AGREEMENT_STATUSES = ['active', 'amending', 'amendment-sent'] as const satisfies readonly AgreementStatus[];

/**
 * Idempotent per municipality and day, twice over: the usage_reports row (unique per tenant and
 * day) is inserted in the same transaction that sends the meter event, so a report Stripe did not
 * take is rolled back and retried on the next run, and one already recorded is never sent again;
 * the meter event's `identifier` (tenant:day) makes Stripe drop a second copy if our commit was
 * lost after Stripe took it.
 */
export async function runBillingJobs(db: Database, options: { now: Date; billing?: Config['billing'] }): Promise<Record<string, number>> {
  const settings = options.billing?.stripe;
  if (!settings || !options.billing) return {};
  const eventName = options.billing.meterEventName;
  const day = todayInAmsterdam(options.now);
  const due = await inAppTransaction(db, async (trx) => {
    const { rows } = await sql<{ tenant_id: string; stripe_customer_id: string }>`select * from billing_usage_due(${day}::date)`.execute(trx);
    return rows;
  });
  const stripe = stripeClient(settings);
  let reported = 0;
  let failed = 0;
  for (const account of due) {
    try {
      const sent = await inAppTransaction(db, async (trx) => {
        await setContext(trx, { tenantId: account.tenant_id });
        const { count } = await trx
          .selectFrom('agreements')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('tenant_id', '=', account.tenant_id)
          .where('status', 'in', [...BILLABLE_AGREEMENT_STATUSES])
          .executeTakeFirstOrThrow();
        const quantity = Number(count);
        const identifier = `${account.tenant_id}:${day}`;
        const inserted = await trx
          .insertInto('usage_reports')
          .values({ tenant_id: account.tenant_id, day, quantity, meter_event_identifier: identifier, stripe_customer_id: account.stripe_customer_id, reported_at: options.now })
          .onConflict((oc) => oc.columns(['tenant_id', 'day']).doNothing())
          .returning('tenant_id')
          .executeTakeFirst();
        // Another run got here first (it held the row until it committed).
        if (!inserted) return false;
        await stripe.billing.meterEvents.create({
          event_name: eventName,
          identifier,
          timestamp: Math.floor(options.now.getTime() / 1000),
          payload: { stripe_customer_id: account.stripe_customer_id, value: String(quantity) },
        });
        return true;
      });
      if (sent) reported += 1;
    } catch {
      // Left for the next run: nothing was recorded for this day.
      failed += 1;
    }
  }
  return { usageReported: reported, usageFailed: failed };
}
