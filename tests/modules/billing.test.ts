// Billing through Stripe, against a local fake Stripe (tests/support/fake-stripe.ts): the customer
// made once, Checkout and Portal sessions with the configured prices and return URLs, invoices,
// the signed webhook (valid, forged, missing, stale, replayed, out of order, every status), the
// past-due header, read-only past grace, the operator's plan grant and the daily usage job.
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TEMPLATE_CONTENT } from '../../db/seed/template.js';
import { createApp } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { runBillingJobs } from '../../src/modules/billing/jobs.js';
import { uuidv7 } from '../../src/platform/crypto.js';
import { inAppTransaction, jsonb, setContext } from '../../src/platform/db/database.js';
import { FakeStripe, PRICE_AGREEMENTS, PRICE_BASE, invoice, signature, stripeEvent, subscription } from '../support/fake-stripe.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let fake: FakeStripe;
const DAY = 86_400;
const nowUnix = () => Math.floor(Date.now() / 1000);
const base = (id = w.A.id) => `/v1/municipalities/${id}`;
const admin = () => w.A.people.admin.token;

beforeAll(async () => {
  fake = await new FakeStripe().start();
  w = await createWorld({ env: { ...fake.env(), BILLING_GRACE_DAYS: '14' } });
});
afterAll(async () => {
  await w?.close();
  await fake?.stop();
  // Also after a shuffled run, where the test below may come first: every request was well-formed.
  expect(fake?.problems ?? []).toEqual([]);
});

async function account(tenantId: string) {
  return inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { tenantId });
    return trx.selectFrom('billing_accounts').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  });
}

async function eventCount(): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*)::text as n from stripe_events`.execute(w.db);
  return Number(rows[0]?.n);
}

/** Deliver an event as Stripe does: the JSON text, signed over exactly that text. */
async function deliver(event: Record<string, unknown>, options: { sign?: 'valid' | 'forged' | 'missing' | 'stale' } = {}) {
  const payload = JSON.stringify(event, null, 2);
  const mode = options.sign ?? 'valid';
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' };
  if (mode === 'valid') headers['Stripe-Signature'] = await signature(payload);
  if (mode === 'forged') headers['Stripe-Signature'] = await signature(payload, { secret: 'whsec_not_the_real_one' });
  if (mode === 'stale') headers['Stripe-Signature'] = await signature(payload, { timestamp: nowUnix() - 600 });
  return w.app.request('/v1/billing/stripe/events', { method: 'POST', headers, body: payload });
}

/**
 * A municipality of the test's own, working with P1 (as A does), with an admin, a contract manager
 * and an analyst: each test changes the billing state of its own municipality, so no test depends
 * on the state another left behind.
 */
let municipalities = 0;
type Town = Awaited<ReturnType<typeof municipality>>;
async function municipality() {
  const n = ++municipalities;
  const id = uuidv7();
  const name = `Gemeente Billing ${n}`;
  const cbsCode = `GM${8000 + n}`;
  await inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { operator: true });
    await trx.insertInto('tenants').values({ id, name, cbs_code: cbsCode, slug: `billing-${n}` }).execute();
    await setContext(trx, { operator: false, tenantId: id });
    await trx.insertInto('provider_relations').values({ tenant_id: id, provider_id: w.P1.id }).execute();
  });
  const member = (role: string) => w.person(`billing${n}-${role}`, { municipalities: [{ id, roles: [role] }] });
  return { n, id, name, cbsCode, admin: await member('admin'), contractManager: await member('contract-manager'), analyst: await member('analyst') };
}

/** A municipality that is already a Stripe customer (as a Checkout would have left it): its customer id. */
async function customerOf(town: Town): Promise<string> {
  const customer = `cus_module_${town.n}`;
  await inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { tenantId: town.id });
    await trx.insertInto('billing_accounts').values({ tenant_id: town.id, stripe_customer_id: customer, updated_at: new Date() }).execute();
  });
  return customer;
}

const t0 = nowUnix() - 40 * DAY;

/** A customer whose Checkout completed: subscription `sub` (created at t0) active. */
async function subscribed(town: Town) {
  const customer = await customerOf(town);
  const sub = `sub_module_${town.n}`;
  fake.subscriptions.set(sub, subscription({ id: sub, customer, status: 'active', created: t0 }));
  const session = { id: `cs_module_${town.n}`, object: 'checkout.session', mode: 'subscription', customer, subscription: sub, client_reference_id: town.id };
  expect(await (await deliver(stripeEvent('checkout.session.completed', session))).json()).toEqual({ received: true, outcome: 'applied' });
  expect((await billing(town)).status).toBe('active');
  return { customer, sub };
}

async function billing(town: { id: string; admin: { token: string } }, token = town.admin.token) {
  const res = await w.request('GET', `${base(town.id)}/billing`, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

/** The Stripe calls made for this municipality's customer creation / Checkout Sessions. */
const customerCalls = (town: Town) => fake.calls('POST', '/v1/customers').filter((r) => r.form['metadata[tenant_id]'] === town.id);
const checkoutCalls = (town: Town) => fake.calls('POST', '/v1/checkout/sessions').filter((r) => r.form.client_reference_id === town.id);

describe('settings', () => {
  it('refuses a Stripe key without the webhook secret and prices, naming each setting', () => {
    expect(() => loadConfig({ APP_ENV: 'test', STRIPE_SECRET_KEY: 'sk_test_x' })).toThrow(ConfigError);
    try {
      loadConfig({ APP_ENV: 'test', STRIPE_SECRET_KEY: 'sk_test_x' });
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['STRIPE_WEBHOOK_SECRET', 'STRIPE_PRICE_BASE', 'STRIPE_PRICE_AGREEMENTS']) expect(message).toContain(name);
      expect(message).not.toContain('sk_test_x');
    }
  });

  it('derives the return URLs from PUBLIC_URL and defaults grace to 14 days', () => {
    const c = loadConfig({ APP_ENV: 'test', PUBLIC_URL: 'https://gemeente.example/' });
    expect(c.billing).toMatchObject({ stripe: null, returnUrl: 'https://gemeente.example', successUrl: 'https://gemeente.example/billing/success', cancelUrl: 'https://gemeente.example/billing/canceled', graceDays: 14, meterEventName: 'active_agreements' });
  });
});

describe('without Stripe configured', () => {
  it('answers 503 on the Stripe operations and keeps everything else working', async () => {
    const before = fake.requests.length;
    const app = createApp({ config: loadConfig({ APP_ENV: 'test', PUBLIC_URL: 'https://vervolg.test' }), db: w.db, transport: w.transport, log: () => {}, runtime: 'node' });
    const call = (method: string, path: string) => app.request(path, { method, headers: { Authorization: `Bearer ${admin()}` } });
    for (const path of [`${base()}/billing/checkout-sessions`, `${base()}/billing/portal-sessions`]) {
      const res = await call('POST', path);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { type: string }).type).toMatch(/billing-not-configured$/);
    }
    expect((await call('GET', `${base()}/billing/invoices`)).status).toBe(503);
    expect((await app.request('/v1/billing/stripe/events', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })).status).toBe(503);
    expect((await call('GET', `${base()}/billing`)).status).toBe(200);
    expect((await call('GET', `${base()}/providers`)).status).toBe(200);
    // Stripe heard nothing from this app.
    expect(fake.requests.slice(before)).toHaveLength(0);
  });
});

describe('a municipality subscribes', () => {
  it('starts with no subscription, not read-only', async () => {
    const town = await municipality();
    expect(await billing(town)).toMatchObject({ municipalityId: town.id, plan: 'stripe', status: 'none', readOnly: false, hasPaymentAccount: false, currentPeriodEnd: null });
  });

  it('creates a Checkout Session with the configured prices and return URLs, and the customer once', async () => {
    const town = await municipality();
    const res = await w.request('POST', `${base(town.id)}/billing/checkout-sessions`, { token: town.admin.token });
    expect(res.status).toBe(201);
    const session = (await res.json()) as { id: string; url: string; expiresAt: string };
    expect(session.url).toBe(`https://checkout.stripe.test/c/pay/${session.id}`);
    expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const [customer] = customerCalls(town);
    expect(customer?.form).toMatchObject({ name: town.name, 'metadata[tenant_id]': town.id, 'metadata[cbs_code]': town.cbsCode });
    expect(customer?.idempotencyKey).toBe(`vervolg-customer-${town.id}`);
    // The customer id the fake Stripe gave, as the municipality's account keeps it.
    const customerId = (await account(town.id))?.stripe_customer_id;
    expect(customerId).toMatch(/^cus_fake\d+$/);
    const [checkout] = checkoutCalls(town);
    expect(checkout?.form).toMatchObject({
      mode: 'subscription',
      customer: customerId,
      client_reference_id: town.id,
      'line_items[0][price]': PRICE_BASE,
      'line_items[0][quantity]': '1',
      'line_items[1][price]': PRICE_AGREEMENTS,
      'subscription_data[metadata][tenant_id]': town.id,
      success_url: 'https://vervolg.test/billing/success',
      cancel_url: 'https://vervolg.test/billing/canceled',
    });
    // A metered price takes no quantity.
    expect(checkout?.form['line_items[1][quantity]']).toBeUndefined();

    const again = await w.request('POST', `${base(town.id)}/billing/checkout-sessions`, { token: town.admin.token });
    expect(again.status).toBe(201);
    expect(customerCalls(town)).toHaveLength(1);
    expect(checkoutCalls(town)).toHaveLength(2);
    expect(checkoutCalls(town).at(-1)?.form.customer).toBe(customerId);
  });

  it('opens the Customer Portal for the same customer with the return URL', async () => {
    const town = await municipality();
    expect((await w.request('POST', `${base(town.id)}/billing/checkout-sessions`, { token: town.admin.token })).status).toBe(201);
    const customerId = (await account(town.id))?.stripe_customer_id;
    const res = await w.request('POST', `${base(town.id)}/billing/portal-sessions`, { token: town.admin.token });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { url: string };
    expect(body.url).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\//);
    expect(fake.calls('POST', '/v1/billing_portal/sessions').at(-1)?.form).toEqual({ customer: customerId, return_url: 'https://vervolg.test' });
    expect(customerCalls(town)).toHaveLength(1);
  });

  it('lets only admins of the municipality itself do this', async () => {
    const town = await municipality();
    const other = await municipality();
    expect((await w.request('POST', `${base(town.id)}/billing/checkout-sessions`, { token: town.contractManager.token })).status).toBe(403);
    expect((await w.request('POST', `${base(town.id)}/billing/checkout-sessions`, { token: other.admin.token })).status).toBe(404);
    expect((await w.request('GET', `${base(town.id)}/billing`, { token: other.admin.token })).status).toBe(404);
    // The other's own account is untouched by this one's.
    expect((await w.request('POST', `${base(town.id)}/billing/checkout-sessions`, { token: town.admin.token })).status).toBe(201);
    expect(await billing(other)).toMatchObject({ status: 'none', hasPaymentAccount: false });
  });

  it('answers 502 (not 500) when Stripe is down, and keeps nothing', async () => {
    const town = await municipality();
    fake.failures.set('POST /v1/customers', 3);
    const res = await w.request('POST', `${base(town.id)}/billing/portal-sessions`, { token: town.admin.token });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await account(town.id))?.stripe_customer_id ?? null).toBeNull();
    fake.failures.clear();
  });
});

describe('the webhook', () => {
  it('refuses a forged, missing or stale signature with 400 and changes nothing', async () => {
    const town = await municipality();
    const customer = await customerOf(town);
    const sub1 = `sub_module_${town.n}`;
    fake.subscriptions.set(sub1, subscription({ id: sub1, customer, status: 'active', created: t0 }));
    const event = stripeEvent('customer.subscription.created', fake.subscriptions.get(sub1) as Record<string, unknown>);
    const before = await eventCount();
    for (const sign of ['forged', 'missing', 'stale'] as const) {
      const res = await deliver(event, { sign });
      expect(res.status, sign).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { type: string; invalidParams: { name: string }[] };
      expect(problem.type).toMatch(/invalid-signature$/);
      expect(problem.invalidParams[0]?.name).toBe('header.stripe-signature');
    }
    // A body that is not the one signed (same signature, one byte changed).
    const payload = JSON.stringify(event);
    const header = await signature(payload);
    const tampered = await w.app.request('/v1/billing/stripe/events', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header }, body: payload.replace('"active"', '"trialing"') });
    expect(tampered.status).toBe(400);
    expect(await eventCount()).toBe(before);
    expect((await account(town.id))?.status).toBe('none');
    expect(fake.calls('GET', `/v1/subscriptions/${sub1}`)).toHaveLength(0);
  });

  it('checkout completion: the subscription is read from Stripe and the municipality is active', async () => {
    const town = await municipality();
    const customer = await customerOf(town);
    const sub1 = `sub_module_${town.n}`;
    fake.subscriptions.set(sub1, subscription({ id: sub1, customer, status: 'active', created: t0 }));
    const eventId = `evt_checkout_${town.n}`;
    const session = { id: 'cs_test_done', object: 'checkout.session', mode: 'subscription', customer, subscription: sub1, client_reference_id: town.id };
    const res = await deliver(stripeEvent('checkout.session.completed', session, { id: eventId }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, outcome: 'applied' });
    expect(fake.calls('GET', `/v1/subscriptions/${sub1}`)).toHaveLength(1);
    const a = await billing(town);
    expect(a).toMatchObject({ status: 'active', readOnly: false, hasPaymentAccount: true, notice: null });
    expect(a.currentPeriodEnd).toBe(new Date((t0 + 30 * DAY) * 1000).toISOString());
    const { rows } = await sql<{ tenant_id: string; type: string }>`select tenant_id, type from stripe_events where id = ${eventId}`.execute(w.db);
    expect(rows).toEqual([{ tenant_id: town.id, type: 'checkout.session.completed' }]);
  });

  it('a replayed event is processed once', async () => {
    const town = await municipality();
    const customer = await customerOf(town);
    const sub1 = `sub_module_${town.n}`;
    fake.subscriptions.set(sub1, subscription({ id: sub1, customer, status: 'active', created: t0 }));
    const eventId = `evt_checkout_${town.n}`;
    const completed = () => stripeEvent('checkout.session.completed', { id: 'cs_test_done', object: 'checkout.session', mode: 'subscription', customer, subscription: sub1 }, { id: eventId });
    expect(await (await deliver(completed())).json()).toEqual({ received: true, outcome: 'applied' });

    const calls = fake.requests.length;
    const res = await deliver(completed());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, outcome: 'duplicate' });
    expect(fake.requests.length).toBe(calls);
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from stripe_events where id = ${eventId}`.execute(w.db);
    expect(rows[0]?.n).toBe('1');
  });

  it('each status: trialing, past due (with the header), active again', async () => {
    const town = await municipality();
    const other = await municipality();
    const { customer, sub: sub1 } = await subscribed(town);
    fake.subscriptions.set(sub1, subscription({ id: sub1, customer, status: 'trialing', created: t0 }));
    expect((await deliver(stripeEvent('customer.subscription.updated', fake.subscriptions.get(sub1) as Record<string, unknown>))).status).toBe(200);
    expect((await billing(town)).status).toBe('trialing');

    fake.subscriptions.set(sub1, subscription({ id: sub1, customer, status: 'past_due', created: t0 }));
    const failed = invoice({ id: `in_fail_${town.n}`, customer, subscription: sub1, status: 'open', amount: 49_900, periodStart: t0, periodEnd: t0 + 30 * DAY });
    expect((await deliver(stripeEvent('invoice.payment_failed', failed))).status).toBe(200);
    const pastDue = await billing(town);
    expect(pastDue).toMatchObject({ status: 'past-due', readOnly: false });
    expect(pastDue.notice).toContain('payment failed');
    // Every response about this municipality says so, for every role; another's do not; writes still work.
    const read = await w.request('GET', `${base(town.id)}/providers`, { token: town.analyst.token });
    expect(read.status).toBe(200);
    expect(read.headers.get('Vervolg-Billing-Status')).toBe('past-due');
    const write = await w.request('POST', `${base(town.id)}/providers`, { token: town.contractManager.token, body: { providerId: w.P2.id } });
    expect(write.status).toBe(201);
    expect(write.headers.get('Vervolg-Billing-Status')).toBe('past-due');
    expect((await w.request('GET', `${base(other.id)}/providers`, { token: other.analyst.token })).headers.get('Vervolg-Billing-Status')).toBeNull();

    fake.subscriptions.set(sub1, subscription({ id: sub1, customer, status: 'active', created: t0 }));
    const paid = { ...failed, status: 'paid', amount_paid: 49_900 };
    expect((await deliver(stripeEvent('invoice.paid', paid))).status).toBe(200);
    expect((await billing(town)).status).toBe('active');
    expect((await w.request('GET', `${base(town.id)}/providers`, { token: town.analyst.token })).headers.get('Vervolg-Billing-Status')).toBeNull();
  });

  it('out of order: a late "updated: active" after the deletion does not bring the subscription back', async () => {
    const town = await municipality();
    const { customer, sub: sub1 } = await subscribed(town);
    expect((await w.request('POST', `${base(town.id)}/providers`, { token: town.contractManager.token, body: { providerId: w.P2.id } })).status).toBe(201);
    const oldActive = subscription({ id: sub1, customer, status: 'active', created: t0 });
    const late = stripeEvent('customer.subscription.updated', oldActive, { created: nowUnix() - 3 * DAY });
    const endedAt = nowUnix() - 2 * DAY;
    fake.subscriptions.set(sub1, subscription({ id: sub1, customer, status: 'canceled', created: t0, endedAt, canceledAt: endedAt - DAY }));
    expect((await deliver(stripeEvent('customer.subscription.deleted', fake.subscriptions.get(sub1) as Record<string, unknown>))).status).toBe(200);
    const canceled = await billing(town);
    expect(canceled).toMatchObject({ status: 'canceled', readOnly: false, canceledAt: new Date(endedAt * 1000).toISOString(), graceUntil: new Date((endedAt + 14 * DAY) * 1000).toISOString() });
    expect(canceled.notice).toContain('read-only');

    const res = await deliver(late);
    expect(res.status).toBe(200);
    expect(await billing(town)).toMatchObject({ status: 'canceled', graceUntil: canceled.graceUntil });
    // Within grace: still writes, and says so.
    const write = await w.request('DELETE', `${base(town.id)}/providers/${w.P2.id}`, { token: town.contractManager.token });
    expect(write.status).toBe(204);
    expect(write.headers.get('Vervolg-Billing-Status')).toBe('canceled');
  });

  /** Subscribed, then canceled 20 days ago: past the 14 days of grace. */
  async function pastGrace(town: Town) {
    const { customer, sub } = await subscribed(town);
    const endedAt = nowUnix() - 20 * DAY;
    fake.subscriptions.set(sub, subscription({ id: sub, customer, status: 'canceled', created: t0, endedAt, canceledAt: endedAt }));
    expect((await deliver(stripeEvent('customer.subscription.deleted', fake.subscriptions.get(sub) as Record<string, unknown>))).status).toBe(200);
    return { customer, sub };
  }

  it('past the grace period the municipality is read-only: writes 402, reads and paying again work', async () => {
    const town = await municipality();
    const other = await municipality();
    await pastGrace(town);
    expect(await billing(town)).toMatchObject({ status: 'canceled', readOnly: true });
    const write = await w.request('POST', `${base(town.id)}/providers`, { token: town.contractManager.token, body: { providerId: w.P2.id } });
    expect(write.status).toBe(402);
    expect(write.headers.get('content-type')).toContain('application/problem+json');
    expect(((await write.json()) as { type: string }).type).toMatch(/billing-read-only$/);
    const read = await w.request('GET', `${base(town.id)}/providers`, { token: town.analyst.token });
    expect(read.status).toBe(200);
    expect(read.headers.get('Vervolg-Billing-Status')).toBe('canceled');
    // Nothing was deleted: the relation with P1 is still there.
    expect(((await read.json()) as { items: { providerId: string }[] }).items.map((r) => r.providerId)).toContain(w.P1.id);
    expect((await w.request('POST', `${base(town.id)}/billing/checkout-sessions`, { token: town.admin.token })).status).toBe(201);
    expect((await w.request('POST', `${base(town.id)}/billing/portal-sessions`, { token: town.admin.token })).status).toBe(201);
    // Another municipality is not affected.
    expect((await w.request('POST', `${base(other.id)}/providers`, { token: other.admin.token, body: { providerId: w.P2.id } })).status).toBe(201);
  });

  it('a new subscription lifts it, and the old one’s late events cannot cancel the new one', async () => {
    const town = await municipality();
    const { customer, sub: sub1 } = await pastGrace(town);
    expect(await billing(town)).toMatchObject({ status: 'canceled', readOnly: true });
    const sub2 = `sub_module_${town.n}_2`;
    fake.subscriptions.set(sub2, subscription({ id: sub2, customer, status: 'active', created: nowUnix() - 60 }));
    const done = await deliver(stripeEvent('checkout.session.completed', { id: 'cs_test_again', object: 'checkout.session', mode: 'subscription', customer, subscription: sub2 }));
    expect(await done.json()).toEqual({ received: true, outcome: 'applied' });
    expect(await billing(town)).toMatchObject({ status: 'active', readOnly: false, canceledAt: null, graceUntil: null });
    expect((await account(town.id))?.stripe_subscription_id).toBe(sub2);

    const stale = await deliver(stripeEvent('customer.subscription.deleted', fake.subscriptions.get(sub1) as Record<string, unknown>));
    expect(await stale.json()).toEqual({ received: true, outcome: 'stale' });
    expect(await billing(town)).toMatchObject({ status: 'active' });
    expect((await w.request('POST', `${base(town.id)}/providers`, { token: town.contractManager.token, body: { providerId: w.P2.id } })).status).toBe(201);
  });

  it('ignores other event types and customers it did not create, acknowledging them', async () => {
    const customer = await customerOf(await municipality());
    const other = await deliver(stripeEvent('customer.updated', { id: customer, object: 'customer' }));
    expect(await other.json()).toEqual({ received: true, outcome: 'ignored' });
    const stranger = await deliver(stripeEvent('customer.subscription.updated', subscription({ id: 'sub_x', customer: 'cus_someone_else', status: 'canceled', created: t0 })));
    expect(stranger.status).toBe(200);
    expect(await stranger.json()).toEqual({ received: true, outcome: 'ignored' });
    expect(fake.calls('GET', '/v1/subscriptions/sub_x')).toHaveLength(0);
  });

  it('when Stripe cannot be read, answers 502 and forgets the event so Stripe’s retry processes it', async () => {
    const town = await municipality();
    const { customer, sub } = await subscribed(town);
    fake.subscriptions.set(sub, subscription({ id: sub, customer, status: 'past_due', created: nowUnix() - 60 }));
    const event = stripeEvent('invoice.payment_failed', invoice({ id: `in_x_${town.n}`, customer, subscription: sub, status: 'open', amount: 100, periodStart: t0, periodEnd: t0 }));
    fake.failures.set(`GET /v1/subscriptions/${sub}`, 3);
    const down = await deliver(event);
    expect(down.status).toBe(502);
    expect((await billing(town)).status).toBe('active');
    const retry = await deliver(event);
    expect(await retry.json()).toEqual({ received: true, outcome: 'applied' });
    expect((await billing(town)).status).toBe('past-due');
    fake.subscriptions.set(sub, subscription({ id: sub, customer, status: 'active', created: nowUnix() - 60 }));
    await deliver(stripeEvent('customer.subscription.updated', fake.subscriptions.get(sub) as Record<string, unknown>));
    expect((await billing(town)).status).toBe('active');
  });
});

describe('plans granted by the platform operator', () => {
  it('only the operator may grant, and every field error is listed', async () => {
    const town = await municipality();
    expect((await w.request('PUT', `${base(town.id)}/billing/plan`, { token: town.admin.token, body: { plan: 'free' } })).status).toBe(403);
    const bad = await w.request('PUT', `${base(town.id)}/billing/plan`, { token: w.operator.token, body: { plan: 'gold', note: 'x'.repeat(501) } });
    expect(bad.status).toBe(400);
    const names = ((await bad.json()) as { invalidParams: { name: string }[] }).invalidParams.map((p) => p.name).sort();
    expect(names).toEqual(['body.note', 'body.plan']);
    expect((await w.request('PUT', `/v1/municipalities/${uuidv7()}/billing/plan`, { token: w.operator.token, body: { plan: 'free' } })).status).toBe(404);
  });

  it('a manual plan is never read-only, whatever Stripe says; back to stripe restores it', async () => {
    const town = await municipality();
    const endedAt = nowUnix() - 30 * DAY;
    await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: town.id });
      await trx.insertInto('billing_accounts').values({ tenant_id: town.id, status: 'canceled', canceled_at: new Date(endedAt * 1000), grace_until: new Date((endedAt + 14 * DAY) * 1000), updated_at: new Date() }).execute();
    });
    const body = { providerId: w.P2.id };
    expect((await w.request('DELETE', `${base(town.id)}/providers/${w.P1.id}`, { token: town.admin.token })).status).toBe(402);

    const granted = await w.request('PUT', `${base(town.id)}/billing/plan`, { token: w.operator.token, body: { plan: 'manual', note: 'Op factuur, inkooporder 2026-118' } });
    expect(granted.status).toBe(200);
    expect(await granted.json()).toMatchObject({ plan: 'manual', status: 'canceled', readOnly: false, planNote: 'Op factuur, inkooporder 2026-118', notice: null });
    expect((await w.request('DELETE', `${base(town.id)}/providers/${w.P1.id}`, { token: town.admin.token })).status).toBe(204);
    // The operator sees the account too; the grant is in the processing log under the municipality.
    expect((await w.request('GET', `${base(town.id)}/billing`, { token: w.operator.token })).status).toBe(200);
    const { rows } = await sql<{ operation: string }>`select operation from processing_log where tenant_id = ${town.id} and operation = 'setBillingPlan'`.execute(w.db);
    expect(rows).toHaveLength(1);

    expect((await w.request('PUT', `${base(town.id)}/billing/plan`, { token: w.operator.token, body: { plan: 'stripe' } })).status).toBe(200);
    expect((await w.request('POST', `${base(town.id)}/providers`, { token: town.admin.token, body })).status).toBe(402);
    // The operator acting on it is held to it as well.
    expect(await billing(town, w.operator.token)).toMatchObject({ readOnly: true });
    await w.request('PUT', `${base(town.id)}/billing/plan`, { token: w.operator.token, body: { plan: 'free' } });
    expect(await billing(town)).toMatchObject({ plan: 'free', readOnly: false });
  });

  it('a manual plan cannot start a Stripe checkout', async () => {
    const town = await municipality();
    await w.request('PUT', `${base(town.id)}/billing/plan`, { token: w.operator.token, body: { plan: 'manual' } });
    const res = await w.request('POST', `${base(town.id)}/billing/checkout-sessions`, { token: town.admin.token });
    expect(res.status).toBe(409);
  });
});

describe('invoices', () => {
  it('lists the municipality’s invoices page by page with Stripe’s cursor', async () => {
    const town = await municipality();
    const customer = await customerOf(town);
    const id = (i: number) => `in_T${town.n}N${i}`;
    for (let i = 1; i <= 3; i++) {
      fake.invoices.push(invoice({ id: id(i), customer, subscription: 'sub_A2', status: i === 3 ? 'open' : 'paid', amount: 49_900 + i, periodStart: 1_764_547_200 + (i - 1) * 30 * DAY, periodEnd: 1_764_547_200 + i * 30 * DAY }));
    }
    fake.invoices.push(invoice({ id: `in_other_${town.n}`, customer: 'cus_other', subscription: 'sub_o', status: 'paid', amount: 1, periodStart: 0, periodEnd: 0 }));
    const first = await w.request('GET', `${base(town.id)}/billing/invoices?limit=2`, { token: town.admin.token });
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as { items: Record<string, unknown>[]; nextCursor: string | null };
    expect(page1.items.map((i) => i.id)).toEqual([id(1), id(2)]);
    expect(page1.items[0]).toEqual({
      id: id(1), number: `VV-${id(1).slice(-4).toUpperCase()}`, status: 'paid', currency: 'eur', amountDue: 49_901, amountPaid: 49_901, total: 49_901,
      periodStart: '2025-12-01', periodEnd: '2025-12-31', createdAt: '2025-12-31T00:00:00.000Z', dueDate: null,
      hostedInvoiceUrl: `https://invoice.stripe.test/i/${id(1)}`, invoicePdf: `https://pay.stripe.test/invoice/${id(1)}/pdf`,
    });
    expect(page1.nextCursor).toBe(id(2));
    expect(fake.calls('GET', '/v1/invoices').at(-1)?.query).toEqual({ customer, limit: '2' });
    const second = (await (await w.request('GET', `${base(town.id)}/billing/invoices?limit=2&cursor=${page1.nextCursor}`, { token: town.admin.token })).json()) as typeof page1;
    expect(second.items.map((i) => i.id)).toEqual([id(3)]);
    expect(second.nextCursor).toBeNull();
    expect(fake.calls('GET', '/v1/invoices').at(-1)?.query).toMatchObject({ starting_after: id(2) });
  });

  it('a municipality without a Stripe customer has none; bad input is a 400', async () => {
    const town = await municipality();
    const withCustomer = await municipality();
    await customerOf(withCustomer);
    const calls = fake.calls('GET', '/v1/invoices').length;
    const res = await w.request('GET', `${base(town.id)}/billing/invoices`, { token: town.admin.token });
    expect(await res.json()).toEqual({ items: [], nextCursor: null });
    expect(fake.calls('GET', '/v1/invoices')).toHaveLength(calls);
    const bad = await w.request('GET', `${base(withCustomer.id)}/billing/invoices?limit=0&cursor=drop table`, { token: withCustomer.admin.token });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { invalidParams: unknown[] }).invalidParams).toHaveLength(2);
    expect((await w.request('GET', `${base(withCustomer.id)}/billing/invoices?cursor=in_unknown`, { token: withCustomer.admin.token })).status).toBe(400);
  });
});

describe('daily usage', () => {
  // The job reports every subscribed municipality in the database: each test runs it on a world
  // and a fake Stripe of its own, where A (with five agreements, three billable) is the only one.
  let u: World;
  let stripe: FakeStripe;
  beforeEach(async () => {
    stripe = await new FakeStripe().start();
    u = await createWorld({ env: { ...stripe.env(), BILLING_GRACE_DAYS: '14' } });
    const res = await u.request('POST', `/v1/municipalities/${u.A.id}/agreement-templates`, { token: u.A.people.admin.token, body: { name: 'Nazorg', content: DEMO_TEMPLATE_CONTENT } });
    const t = (await res.json()) as { versions: { id: string }[] };
    const templateVersionId = t.versions[0]?.id as string;
    await inAppTransaction(u.db, async (trx) => {
      await setContext(trx, { tenantId: u.A.id });
      await trx.insertInto('billing_accounts').values({ tenant_id: u.A.id, plan: 'stripe', status: 'active', stripe_customer_id: 'cus_fake1', stripe_subscription_id: 'sub_A2', updated_at: new Date() }).execute();
      for (const status of ['active', 'amending', 'amendment-sent', 'draft', 'ended'] as const) {
        await trx
          .insertInto('agreements')
          .values({
            tenant_id: u.A.id, id: uuidv7(), template_version_id: templateVersionId, status, young_person_name: 'Sam', young_person_birth_date: '2008-01-01',
            young_person_mobile: '+31612345678', case_manager_id: u.A.people['case-manager'].userId, provider_ids: [], departure_date: '2026-12-01', aftercare_start_date: '2026-11-01',
            plan: jsonb({ goals: [] }), created_at: new Date(), updated_at: new Date(),
          })
          .execute();
      }
    });
  }, 120_000);
  afterEach(async () => {
    await u?.close();
    await stripe?.stop();
  });

  it('reports each subscribed municipality’s active agreements once a day, idempotently', async () => {
    const config = loadConfig({ APP_ENV: 'test', ...stripe.env() });
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    expect(await runBillingJobs(u.db, { now, billing: config.billing })).toEqual({ usageReported: 1, usageFailed: 0 });
    const sent = stripe.calls('POST', '/v1/billing/meter_events');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.form).toEqual({
      event_name: 'active_agreements',
      identifier: `${u.A.id}:${day}`,
      timestamp: String(Math.floor(now.getTime() / 1000)),
      'payload[stripe_customer_id]': 'cus_fake1',
      'payload[value]': '3',
    });
    // A retried day reports nothing twice.
    expect(await runBillingJobs(u.db, { now: new Date(now.getTime() + 60_000), billing: config.billing })).toEqual({ usageReported: 0, usageFailed: 0 });
    expect(stripe.calls('POST', '/v1/billing/meter_events')).toHaveLength(1);
    const rows = await inAppTransaction(u.db, async (trx) => {
      await setContext(trx, { tenantId: u.A.id });
      return trx.selectFrom('usage_reports').select(['day', 'quantity', 'meter_event_identifier']).select(sql<string>`day::text`.as('day')).execute();
    });
    expect(rows).toEqual([{ day, quantity: 3, meter_event_identifier: `${u.A.id}:${day}` }]);
    // B (no subscription) is never reported.
    expect(stripe.calls('POST', '/v1/billing/meter_events').every((r) => r.form['payload[stripe_customer_id]'] === 'cus_fake1')).toBe(true);
  });

  it('a day Stripe refused is retried on the next run; the next day is reported anew', async () => {
    const config = loadConfig({ APP_ENV: 'test', ...stripe.env() });
    // Today is reported already.
    expect(await runBillingJobs(u.db, { now: new Date(), billing: config.billing })).toEqual({ usageReported: 1, usageFailed: 0 });
    const tomorrow = new Date(Date.now() + 86_400_000);
    stripe.failures.set('POST /v1/billing/meter_events', 3);
    expect(await runBillingJobs(u.db, { now: tomorrow, billing: config.billing })).toEqual({ usageReported: 0, usageFailed: 1 });
    expect(await runBillingJobs(u.db, { now: tomorrow, billing: config.billing })).toEqual({ usageReported: 1, usageFailed: 0 });
    const identifiers = stripe.calls('POST', '/v1/billing/meter_events').map((r) => r.form.identifier);
    expect(identifiers.at(-1)).toBe(`${u.A.id}:${tomorrow.toISOString().slice(0, 10)}`);
    expect(new Set(stripe.meterEvents.keys()).size).toBe(2);
    expect(await runBillingJobs(u.db, { now: tomorrow })).toEqual({});
    expect(stripe.problems).toEqual([]);
  });
});

describe('the fake Stripe saw only well-formed requests', () => {
  it('has no problems', () => {
    expect(fake.problems).toEqual([]);
  });
});
