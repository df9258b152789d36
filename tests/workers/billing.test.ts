// Stripe's webhook in workerd: the real Worker verifies payloads signed by the SDK's own test
// helper (constructEventAsync with Web Crypto on the raw body), refuses forged and stale ones, and
// reads the subscription from the fake Stripe server (running in this Node process) with the
// SDK's fetch HTTP client.
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/platform/crypto.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { FakeStripe, signature, stripeEvent, subscription } from '../support/fake-stripe.js';
import { useWorker } from './harness.js';

let fake: FakeStripe;

const harness = useWorker({
  // The Worker reaches the fake Stripe server, started in the seed.
  seed: async () => {
    fake = await new FakeStripe().start();
  },
  vars: () => fake.env(),
});

/**
 * A municipality that is a Stripe customer (from Node, as the owner role), with the events of its
 * subscription: each test starts from one of its own, so none depends on what another delivered.
 */
let customers = 0;
async function stripeCustomer() {
  const n = ++customers;
  const tenantId = uuidv7();
  const customer = `cus_workerd_${n}`;
  const sub = `sub_workerd_${n}`;
  await inAppTransaction(harness.db, async (trx) => {
    await setContext(trx, { operator: true });
    await trx.insertInto('tenants').values({ id: tenantId, name: `Gemeente Delta ${n}`, cbs_code: `GM${String(2100 + n)}`, slug: `delta-${n}` }).execute();
    await setContext(trx, { operator: false, tenantId });
    await trx.insertInto('billing_accounts').values({ tenant_id: tenantId, stripe_customer_id: customer, updated_at: new Date() }).execute();
  });
  const created = Math.floor(Date.now() / 1000) - 86_400;
  const active = () => subscription({ id: sub, customer, status: 'active', created });
  fake.subscriptions.set(sub, active());
  const payload = JSON.stringify(stripeEvent('customer.subscription.created', active(), { id: `evt_workerd_${n}` }), null, 2);
  return { tenantId, customer, sub, created, payload };
}

afterAll(async () => {
  await fake?.stop();
});

async function status(tenantId: string): Promise<string | undefined> {
  const { rows } = await sql<{ status: string }>`select status from billing_accounts where tenant_id = ${tenantId}`.execute(harness.db);
  return rows[0]?.status;
}

async function post(payload: string, header: string | null) {
  return fetch(harness.url('/v1/billing/stripe/events'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...(header ? { 'Stripe-Signature': header } : {}) },
    body: payload,
  });
}

describe('the Stripe webhook in workerd', () => {
  it('refuses a forged, missing or stale signature with 400 problem+json and changes nothing', async () => {
    const { tenantId, payload } = await stripeCustomer();
    const requestsBefore = fake.requests.length;
    for (const header of [await signature(payload, { secret: 'whsec_forged' }), null, await signature(payload, { timestamp: Math.floor(Date.now() / 1000) - 900 })]) {
      const res = await post(payload, header);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { type: string }).type).toMatch(/invalid-signature$/);
    }
    expect(await status(tenantId)).toBe('none');
    expect(fake.requests.slice(requestsBefore)).toHaveLength(0);
  });

  it('verifies a payload signed by generateTestHeaderStringAsync and reads the subscription from Stripe', async () => {
    const { tenantId, sub, payload } = await stripeCustomer();
    const res = await post(payload, await signature(payload));
    const text = await res.text();
    expect(res.status, `${text}\n${harness.worker.output().slice(-2000)}`).toBe(200);
    expect(JSON.parse(text)).toEqual({ received: true, outcome: 'applied' });
    expect(await status(tenantId)).toBe('active');
    expect(fake.calls('GET', `/v1/subscriptions/${sub}`)).toHaveLength(1);
    expect(fake.problems).toEqual([]);
  });

  it('processes a replay once', async () => {
    const { sub, payload } = await stripeCustomer();
    expect(await (await post(payload, await signature(payload))).json()).toEqual({ received: true, outcome: 'applied' });
    const res = await post(payload, await signature(payload));
    expect(await res.json()).toEqual({ received: true, outcome: 'duplicate' });
    expect(fake.calls('GET', `/v1/subscriptions/${sub}`)).toHaveLength(1);
  });

  it('an out-of-order event stores the current state, and past due shows in the header', async () => {
    const { tenantId, customer, sub, created, payload } = await stripeCustomer();
    expect((await post(payload, await signature(payload))).status).toBe(200);
    fake.subscriptions.set(sub, subscription({ id: sub, customer, status: 'past_due', created }));
    // An older "active" update arriving after the subscription went past due.
    const late = JSON.stringify(stripeEvent('customer.subscription.updated', subscription({ id: sub, customer, status: 'active', created }), { created: created + 60 }));
    const res = await post(late, await signature(late));
    expect(res.status).toBe(200);
    expect(await status(tenantId)).toBe('past-due');
  });
});
