// Entering a request: one statement (app_enter, migration 0002) that switches to the request
// role, validates the credentials and enters the municipality or provider named in the path when
// the principal belongs to it. What it returns is all the access check needs.
import { CompiledQuery } from 'kysely';
import { sha256Hex } from '../crypto.js';
import { APP_ROLE, type Tx } from '../db/database.js';
import type { Principal } from '../http/env.js';
import { isUuid } from '../http/params.js';
import { isApiKey, parseSessionToken } from './tokens.js';

export interface Credentials {
  token: string;
  via: 'bearer' | 'cookie';
}

export interface Entered {
  principal: Principal | null;
  /**
   * The municipality in the path, when the person is a member of it (the tenant context is set),
   * with its billing status (migration 0010; null: no billing account yet) and whether it is
   * read-only now (canceled past its grace period).
   */
  tenant: { id: string; roles: string[]; billingStatus: string | null; readOnly: boolean } | null;
  /** The provider in the path, when the person works for it or the key is its own (context set). */
  provider: { id: string; roles: string[] } | null;
}

interface EnterRow {
  kind: 'user' | 'api-key';
  user_id: string | null;
  email: string | null;
  name: string | null;
  is_platform_operator: boolean | null;
  two_factor_enabled: boolean | null;
  two_factor_verified: boolean | null;
  api_key_id: string | null;
  key_provider_id: string | null;
  key_tenant_id: string | null;
  scopes: string[] | null;
  tenant_roles: string[] | null;
  /** Always true since migration 0012: every person needs a second factor; the access layer decides. */
  tenant_requires_two_factor: boolean | null;
  provider_roles: string[] | null;
  tenant_billing_status: string | null;
  tenant_read_only: boolean | null;
}


/** The municipality and provider ids in an API (or dashboard) path, if any. */
export function pathContext(path: string): { tenantId: string | null; providerId: string | null } {
  // The staff pages (/app/municipalities/{id}/…, /dashboard/municipalities/{id}/…) enter their municipality as the API does.
  const m = /^\/(?:v1|dashboard|app)\/municipalities\/([^/]+)/.exec(path)?.[1];
  // The provider portal's pages (/app/providers/{id}/…) enter their provider as the API does.
  const p = /^\/(?:v1|app)\/providers\/([^/]+)/.exec(path)?.[1];
  return { tenantId: m && isUuid(m) ? m : null, providerId: p && isUuid(p) ? p : null };
}

/**
 * Every request's first statement, written out once: a fixed statement needs no query builder
 * (building it per request was a measurable part of a request's CPU).
 */
export const APP_ENTER = 'select * from app_enter($1, $2, $3, $4, $5, $6, $7::uuid, $8::uuid)';

export async function enterRequest(
  trx: Tx,
  input: { credentials: Credentials | null; tenantId: string | null; providerId: string | null; idleMinutes: number; now: Date },
): Promise<Entered> {
  const { credentials } = input;
  const apiKey = credentials?.via === 'bearer' && isApiKey(credentials.token) ? credentials.token : null;
  const session = credentials && !apiKey ? parseSessionToken(credentials.token) : null;
  const { rows } = await trx.executeQuery(
    CompiledQuery.raw(APP_ENTER, [
      APP_ROLE,
      session?.id ?? null,
      session ? sha256Hex(session.secret) : null,
      apiKey ? sha256Hex(apiKey) : null,
      input.idleMinutes * 60,
      input.now,
      input.tenantId,
      input.providerId,
    ]),
  ) as { rows: EnterRow[] };
  const row = rows[0];
  if (!row || !credentials) return { principal: null, tenant: null, provider: null };
  if (row.kind === 'api-key') {
    // A provider's key or (migration 0022) a municipality's own: exactly one of the two is set.
    const providerId = row.key_provider_id;
    const tenantId = row.key_tenant_id;
    return {
      principal: { kind: 'api-key', keyId: row.api_key_id as string, providerId, tenantId, scopes: row.scopes ?? [] },
      tenant:
        tenantId && input.tenantId === tenantId
          ? { id: tenantId, roles: [], billingStatus: row.tenant_billing_status, readOnly: row.tenant_read_only === true }
          : null,
      provider: providerId && input.providerId === providerId ? { id: providerId, roles: [] } : null,
    };
  }
  return {
    principal: {
      kind: 'user',
      userId: row.user_id as string,
      sessionId: session?.id as string,
      email: row.email as string,
      name: row.name as string,
      isOperator: row.is_platform_operator === true,
      twoFactorEnabled: row.two_factor_enabled === true,
      twoFactorVerified: row.two_factor_verified === true,
      via: credentials.via,
    },
    tenant:
      row.tenant_roles && input.tenantId
        ? {
            id: input.tenantId,
            roles: row.tenant_roles,
            billingStatus: row.tenant_billing_status,
            readOnly: row.tenant_read_only === true,
          }
        : null,
    provider: row.provider_roles && input.providerId ? { id: input.providerId, roles: row.provider_roles } : null,
  };
}
