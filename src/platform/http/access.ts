// Who may call an operation, declared once per route. The same declaration (1) goes into the
// OpenAPI document as `security` and `x-access`, (2) is enforced by the middleware below, and
// (3) drives the generic security tests that walk every operation in the document.
//
// Order of checks gives the answers the tests expect: no principal → 401; a person whose session
// has no verified second factor → 403 two-factor-required (before anything else is looked up, so
// such a session learns nothing, not even which municipalities exist); a municipality or provider
// the principal does not belong to → 404 (its existence is not revealed); a role or scope that
// does not allow the operation → 403. After those, the access policies the modules add (e.g.
// billing's read-only municipality → 402) have their say: see AccessPolicy below.
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Entered } from '../auth/enter.js';
import { setContext } from '../db/database.js';
import { ApiError, badRequest, forbidden, notFound, unauthorized } from '../errors.js';
import { isUuid } from './params.js';
import type { AppEnv, Principal } from './env.js';

export const MUNICIPAL_ROLES = ['admin', 'contract-manager', 'case-manager', 'analyst'] as const;
export type MunicipalRole = (typeof MUNICIPAL_ROLES)[number];
export const PROVIDER_ROLES = ['admin', 'staff'] as const;
export type ProviderRole = (typeof PROVIDER_ROLES)[number];
export const API_SCOPES = ['contracts:read', 'outcomes:write', 'outcomes:read', 'municipalities:read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
/**
 * What a municipality's own API key (its archive, its data warehouse; migration 0022) may read:
 * agreements:read (agreements and their versions), documents:read (the signed PDFs),
 * indicators:read (the municipality's indicators and their export), contracts:read (its contracts,
 * their versions and budgets). Only reads: no municipality operation that changes something takes a key.
 */
export const MUNICIPAL_SCOPES = ['agreements:read', 'documents:read', 'indicators:read', 'contracts:read'] as const;
export type MunicipalScope = (typeof MUNICIPAL_SCOPES)[number];

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
   * refused while an access policy holds the municipality read-only (billing: canceled past its
   * grace period, 402), unless `whileReadOnly` (what an admin needs to pay again). With `scope`
   * (reads only; defineRoute refuses it on any other method), also the municipality's own API key
   * with that scope: for its own municipality only.
   */
  | { kind: 'municipality'; roles: readonly MunicipalRole[]; operator?: boolean; whileReadOnly?: boolean; scope?: MunicipalScope }
  /** Staff of the provider in the path ({providerId}) with one of these roles, or its API key with this scope. */
  | { kind: 'provider'; roles: readonly ProviderRole[]; scope?: ApiScope; operator?: boolean };

export function securityFor(access: Access): Record<string, string[]>[] {
  switch (access.kind) {
    case 'public':
      return [];
    case 'provider':
    case 'municipality':
      return access.scope
        ? [{ sessionToken: [] }, { sessionCookie: [] }, { apiKey: [access.scope] }]
        : [{ sessionToken: [] }, { sessionCookie: [] }];
    default:
      return [{ sessionToken: [] }, { sessionCookie: [] }];
  }
}


/** Access checks run before the route's own validation, so they check the id they use. */
function pathId(c: { req: { param(name: string): string | undefined; routePath: string } }, name: 'municipalityId' | 'providerId'): string {
  const value = c.req.param(name);
  if (!value) throw new Error(`route ${c.req.routePath} declares access needing {${name}}`);
  if (!isUuid(value)) throw badRequest(`${name} must be a UUID.`, [{ name: `path.${name}`, reason: 'Invalid UUID' }]);
  return value;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type MunicipalityAccess = Extract<Access, { kind: 'municipality' }>;

/** What an access policy is told about a request to a municipality's operation that got past the checks above. */
export interface MunicipalityAccessRequest {
  access: MunicipalityAccess;
  /** A person, or the municipality's own API key (on an operation that declares its scope: reads only). */
  principal: Principal;
  /** The municipality in the path; its tenant context is set. */
  tenantId: string;
  /**
   * The person's membership (or the key's municipality, roles empty) as entering the request found
   * it (app_enter, with what it reports about the municipality); null when the platform operator
   * enters without being a member.
   */
  membership: Entered['tenant'];
  /** Whether the operation may change something: any method but GET, HEAD and OPTIONS. */
  writes: boolean;
}

/**
 * A rule a module adds to the access layer, so the platform need not know it: billing's
 * read-only municipality (src/modules/billing/access-policy.ts) is one. createApp installs the
 * list (installAccessPolicies); every operation and page that declares access runs it, in order,
 * after the membership and role checks.
 */
export interface AccessPolicy {
  /** For messages and debugging. */
  readonly name: string;
  /**
   * The error statuses (with what they mean) this policy can answer an operation with, for the
   * OpenAPI document; asked once per operation when the document is built (documentAccessPolicies).
   */
  documentedErrors?(access: Access, method: string): Record<number, string>;
  /** Refuse the request (throw an ApiError) or annotate its response (headers). */
  checkMunicipality?(c: Context<AppEnv>, request: MunicipalityAccessRequest): void | Promise<void>;
}

/** The middleware that gives every request the app's access policies (createApp puts it first). */
export function installAccessPolicies(policies: readonly AccessPolicy[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('accessPolicies', policies);
    await next();
  });
}

async function applyPolicies(c: Context<AppEnv>, request: MunicipalityAccessRequest) {
  const policies = c.get('accessPolicies');
  // Without them billing's 402 would be skipped silently: an app that forgot to install them must not serve.
  if (!policies) throw new Error('access policies not installed (installAccessPolicies, see createApp)');
  for (const policy of policies) await policy.checkMunicipality?.(c, request);
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
  // A page's form posts for a read too (a search, so no name goes in a URL): what counts is the
  // method of the API operation the page stands for (asOperation sets it), else the request's.
  const writes = !READ_METHODS.has((c.get('operationMethod') ?? c.req.method).toUpperCase());
  if (principal.kind === 'api-key') {
    // Provider software reaches municipal data only through provider routes (contracts,
    // outcomes), never through staff operations.
    if (!principal.tenantId) throw forbidden('API keys cannot use staff operations.');
    // A municipality's own key (0022): another municipality is not there for it (app_enter entered
    // the path's municipality only if it is the key's own).
    const entered = c.get('entered').tenant;
    if (principal.tenantId !== tenantId || entered?.id !== tenantId) throw notFound('municipality');
    c.set('tenantId', tenantId);
    if (!access.scope || writes) throw forbidden('API keys cannot use this operation.');
    if (!principal.scopes.includes(access.scope)) throw forbidden(`This operation needs an API key with scope ${access.scope}.`);
    await applyPolicies(c, { access, principal, tenantId, membership: entered, writes });
    return;
  }
  if (principal.isOperator && access.operator) {
    // Enter the tenant first: its row is visible inside its own context only.
    await setContext(trx, { tenantId });
    const exists = await trx.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
    if (!exists) throw notFound('municipality');
    c.set('tenantId', tenantId);
    await applyPolicies(c, { access, principal, tenantId, membership: null, writes });
    return;
  }
  // app_enter (the request's first statement) looked the membership up and, if there is one,
  // entered the tenant's context.
  const membership = c.get('entered').tenant;
  if (membership?.id !== tenantId) throw notFound('municipality');
  c.set('tenantId', tenantId);
  if (!membership.roles.some((r) => (access.roles as readonly string[]).includes(r))) throw forbidden();
  await applyPolicies(c, { access, principal, tenantId, membership, writes });
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
