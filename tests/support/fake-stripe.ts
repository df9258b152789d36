// A fake Stripe API on 127.0.0.1 for the billing tests: the SDK is pointed at it (host, port,
// protocol), so no call leaves the machine. It records every request, checks the method, path,
// API key and the form fields each operation needs (Stripe takes application/x-www-form-urlencoded
// with bracket notation, e.g. line_items[0][price]), and answers canned Stripe-shaped JSON.
// Anything it does not expect is answered 404 and listed in `problems`, which tests assert empty.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import Stripe from 'stripe';

export const STRIPE_TEST_KEY = 'sk_test_vervolg_fake';
export const WEBHOOK_SECRET = 'whsec_vervolg_fake_secret';
export const PRICE_BASE = 'price_base_vervolg';
export const PRICE_AGREEMENTS = 'price_agreements_vervolg';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
  idempotencyKey: string | undefined;
}

type Json = Record<string, unknown>;

const REQUIRED: Record<string, string[]> = {
  'POST /v1/customers': ['name', 'metadata[tenant_id]'],
  'POST /v1/checkout/sessions': ['mode', 'customer', 'line_items[0][price]', 'line_items[0][quantity]', 'line_items[1][price]', 'success_url', 'cancel_url', 'client_reference_id'],
  'POST /v1/billing_portal/sessions': ['customer', 'return_url'],
  'POST /v1/billing/meter_events': ['event_name', 'identifier', 'timestamp', 'payload[stripe_customer_id]', 'payload[value]'],
};

const stripeError = (status: number, message: string) => ({ status, body: { error: { type: 'invalid_request_error', message } } });

export class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  readonly problems: string[] = [];
  readonly subscriptions = new Map<string, Json>();
  readonly invoices: Json[] = [];
  readonly meterEvents = new Map<string, Json>();
  /** Answer the next n requests to this "METHOD /path" with 500 (Stripe down). */
  readonly failures = new Map<string, number>();
  private server: Server | undefined;
  private customers = 0;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req)
        .then(({ status, body }) => {
          res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': `req_${this.requests.length}` });
          res.end(JSON.stringify(body));
        })
        .catch((error) => {
          this.problems.push(String(error));
          res.writeHead(500).end();
        });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The settings that point the app's Stripe client here. */
  env(): Record<string, string> {
    return {
      STRIPE_SECRET_KEY: STRIPE_TEST_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_PRICE_BASE: PRICE_BASE,
      STRIPE_PRICE_AGREEMENTS: PRICE_AGREEMENTS,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(this.port),
      STRIPE_API_PROTOCOL: 'http',
    };
  }

  calls(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    const method = req.method ?? 'GET';
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      form: Object.fromEntries(new URLSearchParams(text)),
      idempotencyKey: req.headers['idempotency-key'] as string | undefined,
    };
    this.requests.push(record);
    const key = `${method} ${url.pathname}`;
    if (req.headers.authorization !== `Bearer ${STRIPE_TEST_KEY}`) {
      this.problems.push(`${key}: wrong or missing API key`);
      return { status: 401, body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } } };
    }
    if (method === 'POST' && text && !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      this.problems.push(`${key}: body is not form-encoded`);
    }
    const failing = this.failures.get(key) ?? 0;
    if (failing > 0) {
      this.failures.set(key, failing - 1);
      return { status: 500, body: { error: { type: 'api_error', message: 'Fake outage' } } };
    }
    const missing = (REQUIRED[key] ?? []).filter((field) => !record.form[field]);
    if (missing.length > 0) {
      this.problems.push(`${key}: missing ${missing.join(', ')}`);
      return stripeError(400, `Missing required param: ${missing[0]}.`);
    }
    const now = Math.floor(Date.now() / 1000);
    if (key === 'POST /v1/customers') {
      this.customers += 1;
      return { status: 200, body: { id: `cus_fake${this.customers}`, object: 'customer', name: record.form.name, metadata: { tenant_id: record.form['metadata[tenant_id]'] }, created: now } };
    }
    if (key === 'POST /v1/checkout/sessions') {
      const id = `cs_test_fake${this.requests.length}`;
      return { status: 200, body: { id, object: 'checkout.session', mode: 'subscription', customer: record.form.customer, url: `https://checkout.stripe.test/c/pay/${id}`, expires_at: now + 86_400 } };
    }
    if (key === 'POST /v1/billing_portal/sessions') {
      const id = `bps_fake${this.requests.length}`;
      return { status: 200, body: { id, object: 'billing_portal.session', customer: record.form.customer, return_url: record.form.return_url, url: `https://billing.stripe.test/p/session/${id}` } };
    }
    if (key === 'POST /v1/billing/meter_events') {
      const identifier = record.form.identifier as string;
      // As Stripe does: an identifier is accepted once.
      if (this.meterEvents.has(identifier)) return stripeError(400, `An event already exists with identifier ${identifier}.`);
      const event = { object: 'billing.meter_event', event_name: record.form.event_name, identifier, timestamp: Number(record.form.timestamp), payload: { stripe_customer_id: record.form['payload[stripe_customer_id]'], value: record.form['payload[value]'] }, created: now, livemode: false };
      this.meterEvents.set(identifier, event);
      return { status: 200, body: event };
    }
    const subscription = /^\/v1\/subscriptions\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && subscription) {
      const found = this.subscriptions.get(decodeURIComponent(subscription[1] as string));
      return found ? { status: 200, body: found } : stripeError(404, `No such subscription: '${subscription[1]}'`);
    }
    if (key === 'GET /v1/invoices') {
      const customer = record.query.customer;
      const limit = Number(record.query.limit ?? 10);
      const all = this.invoices.filter((i) => i.customer === customer);
      const start = record.query.starting_after ? all.findIndex((i) => i.id === record.query.starting_after) + 1 : 0;
      if (record.query.starting_after && start === 0) return stripeError(400, `No such invoice: '${record.query.starting_after}'`);
      const data = all.slice(start, start + limit);
      return { status: 200, body: { object: 'list', url: '/v1/invoices', has_more: start + limit < all.length, data } };
    }
    this.problems.push(`unexpected request ${key}`);
    return stripeError(404, `Unrecognized request URL (${key}).`);
  }
}

/** A subscription as Stripe returns it (the fields Vervolg reads). */
export function subscription(input: { id: string; customer: string; status: Stripe.Subscription.Status; created: number; periodEnd?: number; endedAt?: number | null; canceledAt?: number | null }): Json {
  return {
    id: input.id,
    object: 'subscription',
    customer: input.customer,
    status: input.status,
    created: input.created,
    canceled_at: input.canceledAt ?? null,
    ended_at: input.endedAt ?? null,
    metadata: {},
    items: {
      object: 'list',
      data: [
        { id: `si_${input.id}_base`, object: 'subscription_item', price: { id: PRICE_BASE }, current_period_start: input.created, current_period_end: input.periodEnd ?? input.created + 30 * 86_400 },
        { id: `si_${input.id}_usage`, object: 'subscription_item', price: { id: PRICE_AGREEMENTS }, current_period_start: input.created, current_period_end: input.periodEnd ?? input.created + 30 * 86_400 },
      ],
    },
  };
}

export function invoice(input: { id: string; customer: string; subscription: string; status: string; amount: number; periodStart: number; periodEnd: number }): Json {
  return {
    id: input.id,
    object: 'invoice',
    customer: input.customer,
    number: `VV-${input.id.slice(-4).toUpperCase()}`,
    status: input.status,
    currency: 'eur',
    amount_due: input.amount,
    amount_paid: input.status === 'paid' ? input.amount : 0,
    total: input.amount,
    period_start: input.periodStart,
    period_end: input.periodEnd,
    created: input.periodEnd,
    due_date: null,
    hosted_invoice_url: `https://invoice.stripe.test/i/${input.id}`,
    invoice_pdf: `https://pay.stripe.test/invoice/${input.id}/pdf`,
    parent: { type: 'subscription_details', subscription_details: { subscription: input.subscription } },
  };
}

let eventCounter = 0;
export function stripeEvent(type: string, object: Json, options: { id?: string; created?: number } = {}): Json {
  eventCounter += 1;
  return {
    id: options.id ?? `evt_fake_${Date.now().toString(36)}_${eventCounter}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: options.created ?? Math.floor(Date.now() / 1000),
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

const signer = new Stripe('sk_test_signer_only');

/** The Stripe-Signature header for a payload, made by the SDK's own test helper. */
export function signature(payload: string, options: { secret?: string; timestamp?: number } = {}): Promise<string> {
  return signer.webhooks.generateTestHeaderStringAsync({
    payload,
    secret: options.secret ?? WEBHOOK_SECRET,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  });
}
