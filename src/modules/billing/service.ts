// The rules of billing: a Stripe customer per municipality (made on first need), Checkout and
// Customer Portal sessions, the billing status kept from Stripe's webhook, the operator's plan
// grant, invoices read from Stripe.
import { type Selectable, sql } from 'kysely';
import type { Config } from '../../config.js';
import { setContext, type Tx } from '../../platform/db/database.js';
import { ApiError, conflict, notFound } from '../../platform/errors.js';
import type { BillingAccounts } from '../../platform/db/schema.generated.js';
import { type Stripe, type StripeSettings, stripeFailure } from './stripe.js';
import { dayInAmsterdam } from '../../platform/dates.js';

export type BillingConfig = Config['billing'];
type BillingPlan = Selectable<BillingAccounts>['plan'];
type BillingStatus = Selectable<BillingAccounts>['status'];

export interface BillingAccountView {
  municipalityId: string;
  plan: BillingPlan;
  status: BillingStatus;
  readOnly: boolean;
  currentPeriodEnd: string | null;
  canceledAt: string | null;
  graceUntil: string | null;
  hasPaymentAccount: boolean;
  planNote: string | null;
  notice: string | null;
  updatedAt: string | null;
}

interface AccountRow {
  tenant_id: string;
  plan: BillingPlan;
  status: BillingStatus;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  stripe_subscription_created: string | number | null;
  current_period_end: Date | null;
  canceled_at: Date | null;
  grace_until: Date | null;
  plan_note: string | null;
  updated_at: Date;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export const isReadOnly = (a: Pick<AccountRow, 'plan' | 'status' | 'grace_until'>, now: Date) =>
  a.plan === 'stripe' && a.status === 'canceled' && a.grace_until !== null && new Date(a.grace_until) <= now;

function noticeFor(a: AccountRow, readOnly: boolean): string | null {
  if (a.plan !== 'stripe') return null;
  if (readOnly) return 'The subscription has ended: Vervolg is read-only for this municipality. Renew it (checkout) to make changes again; nothing has been deleted.';
  if (a.status === 'canceled') return `The subscription has ended. Vervolg keeps working until ${iso(a.grace_until)}, then becomes read-only. Renew it to keep working.`;
  if (a.status === 'past-due') return 'The last payment failed. Vervolg keeps working; update the payment details in the customer portal.';
  return null;
}

function view(tenantId: string, a: AccountRow | undefined, now: Date): BillingAccountView {
  if (!a) {
    return {
      municipalityId: tenantId, plan: 'stripe', status: 'none', readOnly: false, currentPeriodEnd: null, canceledAt: null,
      graceUntil: null, hasPaymentAccount: false, planNote: null, notice: null, updatedAt: null,
    };
  }
  const readOnly = isReadOnly(a, now);
  return {
    municipalityId: tenantId,
    plan: a.plan,
    status: a.status,
    readOnly,
    currentPeriodEnd: iso(a.current_period_end),
    canceledAt: iso(a.canceled_at),
    graceUntil: iso(a.grace_until),
    hasPaymentAccount: a.stripe_customer_id !== null,
    planNote: a.plan_note,
    notice: noticeFor(a, readOnly),
    updatedAt: iso(a.updated_at),
  };
}

const COLUMNS = [
  'tenant_id', 'plan', 'status', 'stripe_customer_id', 'stripe_subscription_id', 'stripe_subscription_created',
  'current_period_end', 'canceled_at', 'grace_until', 'plan_note', 'updated_at',
] as const;

async function readAccount(trx: Tx, tenantId: string): Promise<AccountRow | undefined> {
  return trx.selectFrom('billing_accounts').select(COLUMNS).where('tenant_id', '=', tenantId).executeTakeFirst() as Promise<AccountRow | undefined>;
}

/** The account row, created if missing, locked until the transaction ends (one writer at a time). */
async function lockAccount(trx: Tx, tenantId: string): Promise<AccountRow> {
  await trx.insertInto('billing_accounts').values({ tenant_id: tenantId, updated_at: sql`now()` }).onConflict((oc) => oc.column('tenant_id').doNothing()).execute();
  return (await trx.selectFrom('billing_accounts').select(COLUMNS).where('tenant_id', '=', tenantId).forUpdate().executeTakeFirstOrThrow()) as AccountRow;
}

export async function getBilling(trx: Tx, tenantId: string, now: Date): Promise<BillingAccountView> {
  return view(tenantId, await readAccount(trx, tenantId), now);
}

/** The municipality's Stripe customer, created on first need (and only once: the row is locked). */
async function ensureCustomer(trx: Tx, stripe: Stripe, tenantId: string): Promise<string> {
  const account = await lockAccount(trx, tenantId);
  if (account.stripe_customer_id) return account.stripe_customer_id;
  const tenant = await trx.selectFrom('tenants').select(['name', 'cbs_code']).where('id', '=', tenantId).executeTakeFirst();
  if (!tenant) throw notFound('municipality');
  let customerId: string;
  try {
    // The idempotency key makes a retry after a lost answer (or a rolled-back transaction) get
    // the same customer back instead of a second one.
    const customer = await stripe.customers.create(
      { name: tenant.name, metadata: { tenant_id: tenantId, cbs_code: tenant.cbs_code } },
      { idempotencyKey: `vervolg-customer-${tenantId}` },
    );
    customerId = customer.id;
  } catch (error) {
    throw stripeFailure(error);
  }
  await trx.updateTable('billing_accounts').set({ stripe_customer_id: customerId, updated_at: sql`now()` }).where('tenant_id', '=', tenantId).execute();
  return customerId;
}

export async function createCheckoutSession(trx: Tx, stripe: Stripe, settings: StripeSettings, billing: BillingConfig, tenantId: string) {
  const account = await lockAccount(trx, tenantId);
  if (account.plan !== 'stripe') {
    throw conflict(`This municipality is on the ${account.plan} plan, granted by the platform operator; there is nothing to pay through Stripe.`, 'billing-plan-not-stripe');
  }
  if (account.stripe_subscription_id && ['trialing', 'active', 'past-due'].includes(account.status)) {
    throw conflict('This municipality already has a subscription. Manage it (payment details, cancel) through a customer portal session.', 'billing-already-subscribed');
  }
  const customer = await ensureCustomer(trx, stripe, tenantId);
  try {
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer,
      client_reference_id: tenantId,
      // A metered price takes no quantity: Stripe bills what the meter receives.
      line_items: [{ price: settings.prices.base, quantity: 1 }, { price: settings.prices.agreements }],
      subscription_data: { metadata: { tenant_id: tenantId } },
      metadata: { tenant_id: tenantId },
      success_url: billing.successUrl,
      cancel_url: billing.cancelUrl,
    });
    if (!session.url) throw new Error('no url');
    return { id: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000).toISOString() };
  } catch (error) {
    throw stripeFailure(error);
  }
}

export async function createPortalSession(trx: Tx, stripe: Stripe, billing: BillingConfig, tenantId: string) {
  const customer = await ensureCustomer(trx, stripe, tenantId);
  try {
    const session = await stripe.billingPortal.sessions.create({ customer, return_url: billing.returnUrl });
    return { id: session.id, url: session.url };
  } catch (error) {
    throw stripeFailure(error);
  }
}

export interface InvoiceView {
  id: string;
  number: string | null;
  status: string | null;
  currency: string;
  amountDue: number;
  amountPaid: number;
  total: number;
  periodStart: string;
  periodEnd: string;
  createdAt: string;
  dueDate: string | null;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
}

const day = (unix: number) => dayInAmsterdam(new Date(unix * 1000));

export async function listInvoices(trx: Tx, stripe: Stripe, tenantId: string, limit: number, cursor?: string) {
  const account = await readAccount(trx, tenantId);
  if (!account?.stripe_customer_id) return { items: [] as InvoiceView[], nextCursor: null };
  let list: Stripe.ApiList<Stripe.Invoice>;
  try {
    list = await stripe.invoices.list({ customer: account.stripe_customer_id, limit, ...(cursor ? { starting_after: cursor } : {}) });
  } catch (error) {
    if ((error as { type?: string }).type === 'StripeInvalidRequestError' && cursor) {
      throw new ApiError(400, 'invalid-input', 'Invalid input', 'The cursor is not an invoice of this municipality.', { invalidParams: [{ name: 'query.cursor', reason: 'Unknown invoice' }] });
    }
    throw stripeFailure(error);
  }
  const items: InvoiceView[] = list.data.map((i) => ({
    id: i.id as string,
    number: i.number ?? null,
    status: i.status ?? null,
    currency: i.currency,
    amountDue: i.amount_due,
    amountPaid: i.amount_paid,
    total: i.total,
    periodStart: day(i.period_start),
    periodEnd: day(i.period_end),
    createdAt: new Date(i.created * 1000).toISOString(),
    dueDate: i.due_date ? day(i.due_date) : null,
    hostedInvoiceUrl: i.hosted_invoice_url ?? null,
    invoicePdf: i.invoice_pdf ?? null,
  }));
  return { items, nextCursor: list.has_more && items.length > 0 ? (items[items.length - 1] as InvoiceView).id : null };
}

/** The operator's grant: free or manual (paid by invoice, outside Stripe) is never read-only. */
/**
 * The billing account of each of these municipalities, for the platform operator's list (plan and
 * status beside each name). A billing account is visible inside its own municipality's context
 * only, so each is read there, as setPlan does; the context is left as it was found (none).
 * Call only for the operator (the access layer checks that); a page holds a handful at a time.
 */
export async function billingOverview(trx: Tx, tenantIds: readonly string[], now: Date): Promise<Map<string, BillingAccountView>> {
  const views = new Map<string, BillingAccountView>();
  for (const tenantId of tenantIds) {
    await setContext(trx, { tenantId });
    views.set(tenantId, view(tenantId, await readAccount(trx, tenantId), now));
  }
  await setContext(trx, { tenantId: null });
  return views;
}

export async function setPlan(trx: Tx, tenantId: string, input: { plan: BillingPlan; note?: string | null | undefined }, now: Date): Promise<BillingAccountView> {
  // The operator acts outside any tenant; enter this one (its rows are visible in its context only).
  await setContext(trx, { tenantId });
  const tenant = await trx.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
  if (!tenant) throw notFound('municipality');
  await lockAccount(trx, tenantId);
  await trx
    .updateTable('billing_accounts')
    .set({ plan: input.plan, plan_note: input.note ?? null, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .execute();
  return getBilling(trx, tenantId, now);
}

// --- the webhook -------------------------------------------------------------------------------

const STATUS: Record<Stripe.Subscription.Status, BillingStatus> = {
  trialing: 'trialing',
  active: 'active',
  past_due: 'past-due',
  unpaid: 'past-due',
  paused: 'past-due',
  canceled: 'canceled',
  incomplete_expired: 'canceled',
  // The first payment is still open: nothing is running yet.
  incomplete: 'none',
};

const ENDED: readonly string[] = ['canceled', 'incomplete_expired'];

const idOf = (value: string | { id: string } | null | undefined): string | null => (value == null ? null : typeof value === 'string' ? value : value.id);

/** The customer and subscription an event is about, for the events we act on. */
function subjectOf(event: Stripe.Event): { customer: string | null; subscription: string | null } | null {
  switch (event.type) {
    case 'checkout.session.completed': {
      const s = event.data.object;
      if (s.mode !== 'subscription') return null;
      return { customer: idOf(s.customer), subscription: idOf(s.subscription) };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
    case 'customer.subscription.paused':
    case 'customer.subscription.resumed': {
      const s = event.data.object;
      return { customer: idOf(s.customer), subscription: s.id };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const i = event.data.object;
      // API versions from 2025-03-31 name the subscription under parent; older ones at the top.
      const subscription = idOf(i.parent?.subscription_details?.subscription) ?? idOf((i as unknown as { subscription?: string | null }).subscription);
      return { customer: idOf(i.customer), subscription };
    }
    default:
      return null;
  }
}

export type EventOutcome = 'applied' | 'duplicate' | 'ignored' | 'stale';

/**
 * Process a verified event once. Its id is claimed first (a redelivery finds it claimed); if
 * anything after that fails, the transaction rolls the claim back and Stripe's retry processes it.
 *
 * Order: Stripe does not deliver events in order, so the event's own copy of the object is not
 * trusted. Under the account's row lock the subscription is fetched from Stripe as it is now and
 * that state is stored; an old event arriving late then stores the current state again, never
 * its own outdated one. A subscription older than the one on record (Stripe's `created`) cannot
 * replace it, so the end of a previous subscription does not cancel its successor.
 */
export async function processEvent(
  trx: Tx,
  stripe: Stripe,
  event: Stripe.Event,
  options: { now: Date; graceDays: number },
): Promise<{ outcome: EventOutcome; tenantId: string | null }> {
  const { rows: claimed } = await sql<{ first: boolean }>`select billing_claim_event(${event.id}, ${event.type}) as first`.execute(trx);
  if (!claimed[0]?.first) return { outcome: 'duplicate', tenantId: null };
  const subject = subjectOf(event);
  if (!subject?.customer || !subject.subscription) return { outcome: 'ignored', tenantId: null };
  const { rows } = await sql<{ tenant_id: string | null }>`select billing_tenant_for_customer(${subject.customer}, ${event.id}) as tenant_id`.execute(trx);
  const tenantId = rows[0]?.tenant_id ?? null;
  // A customer this installation did not create (another product on the same Stripe account).
  if (!tenantId) return { outcome: 'ignored', tenantId: null };
  await setContext(trx, { tenantId });
  const account = await lockAccount(trx, tenantId);
  let subscription: Stripe.Subscription;
  try {
    subscription = await stripe.subscriptions.retrieve(subject.subscription);
  } catch (error) {
    throw stripeFailure(error);
  }
  if (idOf(subscription.customer) !== account.stripe_customer_id) return { outcome: 'ignored', tenantId };
  const applied = await applySubscription(trx, account, subscription, options);
  return { outcome: applied ? 'applied' : 'stale', tenantId };
}

async function applySubscription(trx: Tx, account: AccountRow, sub: Stripe.Subscription, options: { now: Date; graceDays: number }): Promise<boolean> {
  if (account.stripe_subscription_id && account.stripe_subscription_id !== sub.id) {
    const newer = sub.created >= Number(account.stripe_subscription_created ?? 0);
    if (ENDED.includes(sub.status) || !newer) return false;
  }
  const status = STATUS[sub.status] ?? 'none';
  const periodEnds = sub.items.data.map((item) => item.current_period_end).filter((n): n is number => typeof n === 'number');
  const periodEnd = periodEnds.length ? new Date(Math.max(...periodEnds) * 1000) : null;
  let canceledAt: Date | null = null;
  let graceUntil: Date | null = null;
  if (status === 'canceled') {
    // The moment it ended is Stripe's (stable under redelivery), so the grace period is too.
    const ended = sub.ended_at ?? sub.canceled_at;
    canceledAt = ended ? new Date(ended * 1000) : (account.status === 'canceled' && account.canceled_at ? new Date(account.canceled_at) : options.now);
    graceUntil = new Date(canceledAt.getTime() + options.graceDays * 86_400_000);
  }
  await trx
    .updateTable('billing_accounts')
    .set({
      status,
      stripe_subscription_id: sub.id,
      stripe_subscription_created: sub.created,
      stripe_status: sub.status,
      current_period_end: periodEnd,
      canceled_at: canceledAt,
      grace_until: graceUntil,
      synced_at: options.now,
      updated_at: options.now,
    })
    .where('tenant_id', '=', account.tenant_id)
    .execute();
  return true;
}
