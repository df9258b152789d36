// Who may call an operation, declared once per route. The same declaration (1) goes into the
// OpenAPI document as `security` and `x-access`, (2) is enforced by the middleware below, and
// (3) drives the generic security tests that walk every operation in the document.
//
// Order of checks gives the answers the tests expect: no principal → 401; a person whose session
// has no verified second factor → 403 two-factor-required (before anything else is looked up, so
// such a session learns nothing, not even which municipalities exist); a municipality or provider
// the principal does not belong to → 404 (its existence is not revealed); a role or scope that
// does not allow the operation → 403.
import { createMiddleware } from 'hono/factory';
import { sql } from 'kysely';
import { setContext } from '../db/database.js';
import { ApiError, badRequest, forbidden, notFound, unauthorized } from '../errors.js';
import type { AppEnv, Principal } from './env.js';

export const MUNICIPAL_ROLES = ['admin', 'contract-manager', 'case-manager', 'analyst'] as const;
export type MunicipalRole = (typeof MUNICIPAL_ROLES)[number];
export const PROVIDER_ROLES = ['admin', 'staff'] as const;
export type ProviderRole = (typeof PROVIDER_ROLES)[number];
export const API_SCOPES = ['contracts:read', 'outcomes:write', 'outcomes:read', 'municipalities:read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export type Access =
  | { kind: 'public' }
  /**
   * A signed-in person acting on their own account only: their profile, sessions, setting up the
   * authenticator, verifying the session, signing out. The only operations a session may use
   * before its second factor is verified (that is how a person gets verified at all).
   */
  | { kind: 'self' }
  /** Any signed-in person (a session) with a verified second factor, whatever their memberships. */
  | { kind: 'user' }
  /** The platform operator. */
  | { kind: 'operator' }
  /**
   * Staff of the municipality in the path ({municipalityId}) with one of these roles. Writes are
   * refused with 402 while the municipality is read-only (canceled past its grace period), unless
   * `whileReadOnly` (what an admin needs to pay again).
   */
  | { kind: 'municipality'; roles: readonly MunicipalRole[]; operator?: boolean; whileReadOnly?: boolean }
  /** Staff of the provider in the path ({providerId}) with one of these roles, or its API key with this scope. */
  | { kind: 'provider'; roles: readonly ProviderRole[]; scope?: ApiScope; operator?: boolean };

export function securityFor(access: Access): Record<string, string[]>[] {
  switch (access.kind) {
    case 'public':
      return [];
    case 'provider':
      return access.scope
        ? [{ sessionToken: [] }, { sessionCookie: [] }, { apiKey: [access.scope] }]
        : [{ sessionToken: [] }, { sessionCookie: [] }];
    default:
      return [{ sessionToken: [] }, { sessionCookie: [] }];
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Access checks run before the route's own validation, so they check the id they use. */
function pathId(c: { req: { param(name: string): string | undefined; routePath: string } }, name: 'municipalityId' | 'providerId'): string {
  const value = c.req.param(name);
  if (!value) throw new Error(`route ${c.req.routePath} declares access needing {${name}}`);
  if (!UUID.test(value)) throw badRequest(`${name} must be a UUID.`, [{ name: `path.${name}`, reason: 'Invalid UUID' }]);
  return value;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const BILLING_STATUS_HEADER = 'Vervolg-Billing-Status';

/**
 * Billing (migration 0010): a municipality whose subscription was canceled and whose grace period
 * has passed keeps reading and exporting, but may not change anything — nothing is deleted, and
 * paying again (checkout, portal) lifts it. Past due and canceled-within-grace keep working and
 * say so in a header on every response about that municipality.
 */
function applyBillingState(
  c: Parameters<Parameters<typeof createMiddleware<AppEnv>>[0]>[0],
  access: Extract<Access, { kind: 'municipality' }>,
  billing: { status: string | null; readOnly: boolean },
) {
  if (billing.status === 'past-due' || billing.status === 'canceled') c.header(BILLING_STATUS_HEADER, billing.status);
  if (billing.readOnly && !access.whileReadOnly && !READ_METHODS.has(c.req.method)) {
    throw new ApiError(
      402,
      'billing-read-only',
      'Subscription ended: read-only',
      'The municipality’s Vervolg subscription was canceled and its grace period has passed. Everything can still be read and exported; to make changes again, an admin renews the subscription (POST …/billing/checkout-sessions or …/billing/portal-sessions).',
    );
  }
}

/**
 * Every principal that is a person needs a verified second factor before it touches personal data
 * or administration: operators, municipal staff and provider staff alike. No setting turns it off
 * (a municipality's requireTwoFactor is always true since migration 0012). API keys are not
 * people: their scope decides.
 */
export const twoFactorRequired = () =>
  new ApiError(
    403,
    'two-factor-required',
    'Two-factor authentication required',
    'A verified second factor is needed before this session can touch personal data or administration. Verify this session with a code from your authenticator app or a recovery code (POST /v1/auth/two-factor). No authenticator app yet? Set one up with POST /v1/me/totp and confirm it with POST /v1/me/totp/confirm; that verifies this session too.',
  );

/** Whether the access declaration lets this principal in before the second factor is verified. */
export function needsSecondFactor(access: Access, principal: Principal | null): boolean {
  if (access.kind === 'public' || access.kind === 'self') return false;
  return principal?.kind === 'user' && !principal.twoFactorVerified;
}

/** Resolve the path's municipality for the principal and set the tenant context, or refuse. */
async function enterMunicipality(c: Parameters<Parameters<typeof createMiddleware<AppEnv>>[0]>[0], access: Extract<Access, { kind: 'municipality' }>) {
  const principal = c.get('principal');
  if (!principal) throw unauthorized();
  const tenantId = pathId(c, 'municipalityId');
  const trx = c.get('trx');
  if (principal.kind === 'api-key') {
    // Provider software reaches municipal data only through provider routes (later: contracts,
    // outcomes), never through staff operations.
    throw forbidden('API keys cannot use staff operations.');
  }
  if (principal.isOperator && access.operator) {
    // Enter the tenant first: its row is visible inside its own context only.
    await setContext(trx, { tenantId });
    const exists = await trx
      .selectFrom('tenants')
      .leftJoin('billing_accounts as b', 'b.tenant_id', 'tenants.id')
      .select(['tenants.id', 'b.status', sql<boolean>`coalesce(b.plan = 'stripe' and b.status = 'canceled' and b.grace_until <= ${c.get('deps').now?.() ?? new Date()}, false)`.as('read_only')])
      .where('tenants.id', '=', tenantId)
      .executeTakeFirst();
    if (!exists) throw notFound('municipality');
    c.set('tenantId', tenantId);
    applyBillingState(c, access, { status: exists.status ?? null, readOnly: exists.read_only === true });
    return;
  }
  // app_enter (the request's first statement) looked the membership up and, if there is one,
  // entered the tenant's context.
  const membership = c.get('entered').tenant;
  if (membership?.id !== tenantId) throw notFound('municipality');
  c.set('tenantId', tenantId);
  if (!membership.roles.some((r) => (access.roles as readonly string[]).includes(r))) throw forbidden();
  applyBillingState(c, access, { status: membership.billingStatus, readOnly: membership.readOnly });
}

async function enterProvider(c: Parameters<Parameters<typeof createMiddleware<AppEnv>>[0]>[0], access: Extract<Access, { kind: 'provider' }>) {
  const principal = c.get('principal');
  if (!principal) throw unauthorized();
  const providerId = pathId(c, 'providerId');
  const trx = c.get('trx');
  const entered = c.get('entered').provider;
  if (principal.kind === 'api-key') {
    if (principal.providerId !== providerId || entered?.id !== providerId) throw notFound('provider');
    c.set('providerId', providerId);
    if (!access.scope || !principal.scopes.includes(access.scope)) {
      throw forbidden(access.scope ? `This operation needs an API key with scope ${access.scope}.` : 'API keys cannot use this operation.');
    }
    return;
  }
  if (principal.isOperator && access.operator) {
    const exists = await trx.selectFrom('providers').select('id').where('id', '=', providerId).executeTakeFirst();
    if (!exists) throw notFound('provider');
    await setContext(trx, { providerId });
    c.set('providerId', providerId);
    return;
  }
  if (entered?.id !== providerId) throw notFound('provider');
  c.set('providerId', providerId);
  if (!entered.roles.some((r) => (access.roles as readonly string[]).includes(r))) throw forbidden();
}

export function enforceAccess(access: Access) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.get('principal');
    // The second factor, decided once here for every operation and page that declares access.
    if (access.kind !== 'public' && !principal) throw unauthorized();
    if (needsSecondFactor(access, principal)) throw twoFactorRequired();
    switch (access.kind) {
      case 'public':
        break;
      case 'self':
        if (principal?.kind !== 'user') throw unauthorized();
        break;
      case 'user':
        if (principal?.kind !== 'user') throw unauthorized();
        // The operator's platform-wide view (e.g. all municipalities) holds on these routes too.
        if (principal.isOperator) await setContext(c.get('trx'), { operator: true });
        break;
      case 'operator':
        if (!principal) throw unauthorized();
        if (principal.kind !== 'user' || !principal.isOperator) throw forbidden('Only the platform operator may do this.');
        await setContext(c.get('trx'), { operator: true });
        break;
      case 'municipality':
        await enterMunicipality(c, access);
        break;
      case 'provider':
        await enterProvider(c, access);
        break;
    }
    await next();
  });
}
