// A municipality's own integrations (its archive, its data warehouse): API keys that read the
// municipality's agreements, signed documents, indicators and contracts, each as its scopes allow
// (MUNICIPAL_SCOPES in src/platform/http/access.ts). The same table and the same rules as a
// provider's keys (migration 0022): only the SHA-256 hash is stored, the key itself is shown once;
// row-level security shows a municipality's keys inside its own tenant context only. The tenant
// context is set by the access check; every query also filters by the municipality.
import { newApiKey } from '../../platform/auth/tokens.js';
import { addDays, dayInAmsterdam } from '../../platform/dates.js';
import { uuidv7 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db/database.js';
import { badRequest, notFound } from '../../platform/errors.js';
import type { MunicipalScope } from '../../platform/http/access.js';
import { iso } from '../../platform/http/openapi.js';

type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_at: Date;
  created_by: string | null;
};

export interface MunicipalApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: MunicipalScope[];
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  createdBy: string | null;
}

const toKey = (r: KeyRow): MunicipalApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes as MunicipalScope[],
  expiresAt: iso(r.expires_at),
  revokedAt: iso(r.revoked_at),
  lastUsedAt: iso(r.last_used_at),
  createdAt: iso(r.created_at) as string,
  createdBy: r.created_by,
});

const COLUMNS = ['id', 'name', 'prefix', 'scopes', 'expires_at', 'revoked_at', 'last_used_at', 'created_at', 'created_by'] as const;

/** A key's expiry, if it has one, lies ahead (else 400 on body.expiresAt): the API's and the page's rule. */
export function assertExpiryAhead(expiresAt: string | undefined, now: Date): void {
  if (expiresAt && new Date(expiresAt) <= now) {
    throw badRequest('The expiry must be in the future.', [{ name: 'body.expiresAt', reason: 'Must be in the future.' }]);
  }
}

/** Create a key; the returned `key` is the secret, shown this once and never stored. */
export async function createMunicipalApiKey(
  trx: Tx,
  tenantId: string,
  input: { name: string; scopes: readonly MunicipalScope[]; expiresAt?: string | undefined },
  createdBy: string,
  now: Date,
): Promise<MunicipalApiKey & { key: string }> {
  assertExpiryAhead(input.expiresAt, now);
  const key = newApiKey();
  const row = await trx
    .insertInto('api_keys')
    .values({
      id: uuidv7(),
      tenant_id: tenantId,
      provider_id: null,
      name: input.name,
      prefix: key.prefix,
      key_hash: key.hash,
      scopes: [...new Set(input.scopes)],
      expires_at: input.expiresAt ? new Date(input.expiresAt) : null,
      revoked_at: null,
      last_used_at: null,
      created_by: createdBy,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return { ...toKey(row), key: key.key };
}

/** The municipality's keys, newest first (never their secrets). */
export async function listMunicipalApiKeys(trx: Tx, tenantId: string, limit: number, cursor?: string): Promise<MunicipalApiKey[]> {
  let q = trx.selectFrom('api_keys').select(COLUMNS).where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(limit + 1);
  if (cursor) q = q.where('id', '<', cursor);
  return (await q.execute()).map(toKey);
}

export async function getMunicipalApiKey(trx: Tx, tenantId: string, keyId: string): Promise<MunicipalApiKey> {
  const row = await trx.selectFrom('api_keys').select(COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', keyId).executeTakeFirst();
  if (!row) throw notFound('API key');
  return toKey(row);
}

/** Revoke a key at once; a key already revoked (or another municipality's) is not found. */
export async function revokeMunicipalApiKey(trx: Tx, tenantId: string, keyId: string, now: Date): Promise<void> {
  const row = await trx
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', keyId)
    .where('tenant_id', '=', tenantId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw notFound('active API key');
}

/**
 * A key that is valid through a day (the page asks for a date) expires when that day ends in
 * Amsterdam: midnight at the start of the next day there, 22:00 or 23:00 UTC by the season.
 */
export function expiryAfterDay(day: string): string {
  const next = addDays(day, 1);
  for (const offset of ['+01:00', '+02:00']) {
    const instant = new Date(`${next}T00:00:00${offset}`);
    if (dayInAmsterdam(instant) === next && dayInAmsterdam(new Date(instant.getTime() - 1)) === day) return instant.toISOString();
  }
  throw new Error(`no Amsterdam midnight after ${day}`);
}
