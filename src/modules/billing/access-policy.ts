// Billing's part of the access check (migration 0010): a municipality whose subscription was
// canceled and whose grace period has passed keeps reading and exporting, but may not change
// anything — nothing is deleted, and paying again (checkout, portal: `whileReadOnly` routes) lifts
// it. Past due and canceled-within-grace keep working and say so in a header on every response
// about that municipality. The platform runs this after its membership and role checks
// (AccessPolicy in src/platform/http/access.ts); app.ts installs it.
import type { Context } from 'hono';
import { sql } from 'kysely';
import { ApiError } from '../../platform/errors.js';
import type { AccessPolicy, MunicipalityAccessRequest } from '../../platform/http/access.js';
import type { AppEnv } from '../../platform/http/env.js';

export const BILLING_STATUS_HEADER = 'Vervolg-Billing-Status';

interface BillingState {
  /** null: no billing account yet. */
  status: string | null;
  /** Canceled past its grace period. */
  readOnly: boolean;
}

/**
 * The municipality's billing state. A member's comes with entering the request (app_enter reports
 * it, no extra query); the operator, who enters without a membership, looks it up.
 */
async function billingStateOf(c: Context<AppEnv>, request: MunicipalityAccessRequest): Promise<BillingState> {
  if (request.membership) return { status: request.membership.billingStatus, readOnly: request.membership.readOnly };
  const now = c.get('deps').now?.() ?? new Date();
  const account = await c
    .get('trx')
    .selectFrom('billing_accounts')
    .select(['status', sql<boolean>`coalesce(plan = 'stripe' and status = 'canceled' and grace_until <= ${now}, false)`.as('read_only')])
    .where('tenant_id', '=', request.tenantId)
    .executeTakeFirst();
  return { status: account?.status ?? null, readOnly: account?.read_only === true };
}

export const billingAccessPolicy: AccessPolicy = {
  name: 'billing',
  documentedErrors(access, method): Record<number, string> {
    const refusesWhileReadOnly = access.kind === 'municipality' && !access.whileReadOnly && method !== 'get';
    return refusesWhileReadOnly ? { 402: 'The municipality’s subscription does not allow this.' } : {};
  },
  async checkMunicipality(c, request) {
    const billing = await billingStateOf(c, request);
    if (billing.status === 'past-due' || billing.status === 'canceled') c.header(BILLING_STATUS_HEADER, billing.status);
    if (billing.readOnly && !request.access.whileReadOnly && request.writes) {
      throw new ApiError(
        402,
        'billing-read-only',
        'Subscription ended: read-only',
        'The municipality’s Vervolg subscription was canceled and its grace period has passed. Everything can still be read and exported; to make changes again, an admin renews the subscription (POST …/billing/checkout-sessions or …/billing/portal-sessions).',
      );
    }
  },
};
