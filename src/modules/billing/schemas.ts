// Request and response shapes of the billing operations.
import { z } from '@hono/zod-openapi';
import { text } from '../../platform/text.js';

const Url = text().openapi({ format: 'uri' });
const DateTime = text().openapi({ format: 'date-time', example: '2026-12-01T00:00:00Z' });
const DateOnly = text().openapi({ format: 'date', example: '2026-11-01' });

export const BillingStatus = z.enum(['none', 'trialing', 'active', 'past-due', 'canceled']).openapi({
  description:
    'Status of the subscription (abonnement): none (never subscribed), trialing (proefperiode), active, past-due (betaling achterstallig: keeps working), canceled (opgezegd: keeps working until graceUntil, then read-only).',
  example: 'active',
});

export const BillingPlan = z.enum(['stripe', 'free', 'manual']).openapi({
  description: 'How the municipality pays: stripe (subscription through Stripe), free (granted by the platform operator), manual (paid by invoice outside Stripe, op factuur).',
  example: 'stripe',
});

export const BillingAccount = z
  .object({
    municipalityId: z.uuid(),
    plan: BillingPlan,
    status: BillingStatus,
    readOnly: z.boolean().openapi({ description: 'True when the subscription was canceled and the grace period has passed: reads and exports work, writes answer 402.' }),
    currentPeriodEnd: DateTime.nullable().openapi({ description: 'End of the paid period (factuurperiode).' }),
    canceledAt: DateTime.nullable(),
    graceUntil: DateTime.nullable().openapi({ description: 'After this moment a canceled municipality becomes read-only (respijtperiode).' }),
    hasPaymentAccount: z.boolean().openapi({ description: 'Whether the municipality has a customer at Stripe.' }),
    planNote: text().nullable().openapi({ description: 'The operator’s note on a free or manual plan.' }),
    notice: text().nullable().openapi({ description: 'What an admin should know or do, e.g. after a failed payment.', example: 'The last payment failed. Vervolg keeps working; update the payment details in the customer portal.' }),
    updatedAt: DateTime.nullable(),
  })
  .openapi('BillingAccount', { description: 'The municipality’s Vervolg subscription (abonnement).' });

export const CheckoutSession = z
  .object({
    id: text().openapi({ example: 'cs_test_a1b2c3' }),
    url: Url.openapi({ description: 'Send the admin here to subscribe (Stripe Checkout).', example: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3' }),
    expiresAt: DateTime,
  })
  .openapi('CheckoutSession');

export const PortalSession = z
  .object({
    id: text().openapi({ example: 'bps_1a2b3c' }),
    url: Url.openapi({ description: 'Send the admin here to manage payment details and the subscription (Stripe Customer Portal).', example: 'https://billing.stripe.com/p/session/test_1a2b3c' }),
  })
  .openapi('PortalSession');

export const Invoice = z
  .object({
    id: text().openapi({ example: 'in_1a2b3c' }),
    number: text().nullable().openapi({ description: 'Invoice number (factuurnummer).', example: 'VV-0001' }),
    status: text().nullable().openapi({ description: 'draft, open, paid, uncollectible or void.', example: 'paid' }),
    currency: text().openapi({ example: 'eur' }),
    amountDue: z.number().int().openapi({ description: 'Amount due, in eurocent.', example: 49900 }),
    amountPaid: z.number().int().openapi({ description: 'Amount paid, in eurocent.', example: 49900 }),
    total: z.number().int().openapi({ description: 'Total including tax, in eurocent.', example: 49900 }),
    periodStart: DateOnly,
    periodEnd: DateOnly,
    createdAt: DateTime,
    dueDate: DateOnly.nullable(),
    hostedInvoiceUrl: Url.nullable().openapi({ description: 'The invoice on Stripe’s site, to view and pay it.' }),
    invoicePdf: Url.nullable(),
  })
  .openapi('Invoice', { description: 'An invoice (factuur) for the subscription, as Stripe has it.' });

export const InvoicePage = z
  .object({
    items: z.array(Invoice),
    nextCursor: text().nullable().openapi({ description: 'Pass as cursor to get the next page; null on the last page.' }),
  })
  .openapi('InvoicePage');

export const InvoiceQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: 'Page size (1–100).', example: 20 }),
  cursor: text()
    .regex(/^in_[A-Za-z0-9]{1,100}$/)
    .optional()
    .openapi({ description: 'The nextCursor of the previous page (an invoice id).', example: 'in_1a2b3c' }),
});

export const SetPlan = z
  .object({
    plan: BillingPlan,
    note: text().max(500).nullable().optional().openapi({ description: 'Why, e.g. the purchase order number for a manual plan.', example: 'Inkooporder 2026-118, jaarfactuur' }),
  })
  .openapi('SetBillingPlan');

export const EventReceipt = z
  .object({
    received: z.literal(true),
    outcome: z.enum(['applied', 'duplicate', 'ignored', 'stale']).openapi({
      description: 'applied: the billing status was brought up to date; duplicate: this event id was processed before; ignored: not an event or customer Vervolg acts on; stale: about an older subscription than the current one.',
    }),
  })
  .openapi('StripeEventReceipt');
