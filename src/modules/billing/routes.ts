// Billing operations: the admin's subscription (status, checkout, portal, invoices), the
// operator's plan grant, and Stripe's webhook.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { ApiError } from '../../platform/errors.js';
import { nowOf } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { municipalityIdParam } from '../../platform/http/params.js';
import { defineRoute, jsonResponse } from '../../platform/http/route.js';
import { BillingAccount, CheckoutSession, EventReceipt, InvoicePage, InvoiceQuery, PortalSession, SetPlan } from './schemas.js';
import * as service from './service.js';
import { type Stripe, stripeClient, stripeSettings, verifyEvent } from './stripe.js';
import { text } from '../../platform/text.js';

const tags = ['billing'];
const MunicipalityParams = z.object({ municipalityId: municipalityIdParam('The municipality (gemeente).') });
const unavailable = {
  502: { description: 'Stripe did not answer as expected; try again.', content: { 'application/problem+json': { schema: z.object({ type: text(), title: text(), status: z.number().int(), detail: text(), instance: text() }) } } },
  503: { description: 'Billing is not configured on this installation.', content: { 'application/problem+json': { schema: z.object({ type: text(), title: text(), status: z.number().int(), detail: text(), instance: text() }) } } },
};

const getAccount = defineRoute({ kind: 'municipality', roles: ['admin'], operator: true }, {
  method: 'get', path: '/municipalities/{municipalityId}/billing', operationId: 'getBilling', tags,
  summary: 'The municipality’s subscription (abonnement) and billing status',
  description: 'Plan, status, paid period, grace period and whether the municipality is read-only. Past due and canceled are also announced on every response about the municipality in the Vervolg-Billing-Status header.',
  request: { params: MunicipalityParams },
  responses: { 200: jsonResponse(BillingAccount, 'The billing account.') },
});

const checkout = defineRoute({ kind: 'municipality', roles: ['admin'], whileReadOnly: true }, {
  method: 'post', path: '/municipalities/{municipalityId}/billing/checkout-sessions', operationId: 'createBillingCheckoutSession', tags,
  summary: 'Start subscribing through Stripe Checkout',
  description: 'Creates the Stripe customer on first need and a Checkout Session for the base subscription plus the metered price per active youth agreement (toekomstafspraak). Send the admin to the returned url. Allowed while read-only: it is how a municipality pays again.',
  request: { params: MunicipalityParams },
  responses: { 201: jsonResponse(CheckoutSession, 'The Checkout Session.'), ...unavailable },
}, { errors: [409] });

const portal = defineRoute({ kind: 'municipality', roles: ['admin'], whileReadOnly: true }, {
  method: 'post', path: '/municipalities/{municipalityId}/billing/portal-sessions', operationId: 'createBillingPortalSession', tags,
  summary: 'Open the Stripe Customer Portal (payment details, invoices, cancel)',
  request: { params: MunicipalityParams },
  responses: { 201: jsonResponse(PortalSession, 'The portal session.'), ...unavailable },
});

const invoices = defineRoute({ kind: 'municipality', roles: ['admin'] }, {
  method: 'get', path: '/municipalities/{municipalityId}/billing/invoices', operationId: 'listBillingInvoices', tags,
  summary: 'List the municipality’s invoices (facturen), newest first',
  request: { params: MunicipalityParams, query: InvoiceQuery },
  responses: { 200: jsonResponse(InvoicePage, 'A page of invoices.'), ...unavailable },
});

const plan = defineRoute({ kind: 'operator' }, {
  method: 'put', path: '/municipalities/{municipalityId}/billing/plan', operationId: 'setBillingPlan', tags,
  summary: 'Grant a plan: free, manual (paid by invoice) or stripe (platform operator)',
  description: 'A municipality on the free or manual plan is never read-only, whatever its Stripe subscription does.',
  request: { params: MunicipalityParams, body: { required: true, content: { 'application/json': { schema: SetPlan } } } },
  responses: { 200: jsonResponse(BillingAccount, 'The billing account.') },
});

const events = defineRoute({ kind: 'public' }, {
  method: 'post', path: '/billing/stripe/events', operationId: 'receiveStripeEvent', tags,
  summary: 'Stripe webhook: subscription and invoice events',
  description:
    'Called by Stripe, not by people or programs. The Stripe-Signature header over the raw body is the authentication (a forged, missing or stale signature answers 400 and changes nothing). Each event id is processed once; the subscription is re-read from Stripe, so events arriving out of order cannot roll the status back.',
  request: {
    headers: z.object({ 'stripe-signature': text().optional().openapi({ description: 'Stripe’s signature: t=<timestamp>,v1=<HMAC-SHA256>.', example: 't=1764000000,v1=5257a869e7…' }) }),
    body: { required: true, content: { 'application/json': { schema: z.object({ id: text(), type: text() }).passthrough().openapi('StripeEvent', { description: 'A Stripe event object.' }) } } },
  },
  responses: { 200: jsonResponse(EventReceipt, 'Received.'), ...unavailable },
});

const badSignature = () =>
  new ApiError(400, 'invalid-signature', 'Invalid signature', 'The Stripe-Signature header is missing, does not match the body, or is too old. Nothing was changed.', {
    invalidParams: [{ name: 'header.stripe-signature', reason: 'Missing, forged or stale signature' }],
  });

/** The operations by name: the settings pages take their access from these (asOperation). */
export const routes = { getAccount, checkout, portal, invoices, plan, events };

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getAccount, async (c) => {
    const { municipalityId } = c.req.valid('param');
    return c.json(await service.getBilling(c.get('trx'), municipalityId, nowOf(c)), 200);
  });

  app.openapi(checkout, async (c) => {
    const { config } = c.get('deps');
    const settings = stripeSettings(config);
    const session = await service.createCheckoutSession(c.get('trx'), stripeClient(settings), settings, config.billing, c.req.valid('param').municipalityId);
    return c.json(session, 201);
  });

  app.openapi(portal, async (c) => {
    const { config } = c.get('deps');
    const settings = stripeSettings(config);
    return c.json(await service.createPortalSession(c.get('trx'), stripeClient(settings), config.billing, c.req.valid('param').municipalityId), 201);
  });

  app.openapi(invoices, async (c) => {
    const settings = stripeSettings(c.get('deps').config);
    const { limit, cursor } = c.req.valid('query');
    return c.json(await service.listInvoices(c.get('trx'), stripeClient(settings), c.req.valid('param').municipalityId, limit, cursor), 200);
  });

  app.openapi(plan, async (c) => {
    const { municipalityId } = c.req.valid('param');
    const account = await service.setPlan(c.get('trx'), municipalityId, c.req.valid('json'), nowOf(c));
    c.set('tenantId', municipalityId);
    c.set('auditSubject', { type: 'billing-account', id: municipalityId });
    return c.json(account, 200);
  });

  // The signature covers the exact bytes Stripe sent: it is checked on the raw text, before the
  // body validator parses the JSON (Hono caches the text, so the validator parses that same copy).
  // Checked first, so an unsigned request learns nothing from validation messages either.
  const verified = new WeakMap<Request, Stripe.Event>();
  app.use('/billing/stripe/events', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const settings = stripeSettings(c.get('deps').config);
    const event = await verifyEvent(settings, await c.req.text(), c.req.header('Stripe-Signature'));
    if (!event) throw badSignature();
    verified.set(c.req.raw, event);
    await next();
  });
  app.openapi(events, async (c) => {
    const { config } = c.get('deps');
    const settings = stripeSettings(config);
    const event = verified.get(c.req.raw);
    if (!event) throw badSignature();
    const result = await service.processEvent(c.get('trx'), stripeClient(settings), event, { now: nowOf(c), graceDays: config.billing.graceDays });
    if (result.tenantId) c.set('tenantId', result.tenantId);
    c.set('auditSubject', { type: 'stripe-event', id: event.id });
    return c.json({ received: true as const, outcome: result.outcome }, 200);
  });
}
