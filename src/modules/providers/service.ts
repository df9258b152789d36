// Care providers, their staff and API keys, and the relations municipalities have with them.
import { newApiKey } from '../../platform/auth/tokens.js';
import { uuidv7 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db/database.js';
import { sql } from 'kysely';
import { ApiError, badRequest, conflict, notFound } from '../../platform/errors.js';
import type { ApiScope, ProviderRole } from '../../platform/http/access.js';
import { iso } from '../../platform/http/openapi.js';

type ProviderRow = { id: string; name: string; agb_code: string; kvk_number: string; created_at: Date };
const toProvider = (r: ProviderRow) => ({ id: r.id, name: r.name, agbCode: r.agb_code, kvkNumber: r.kvk_number, createdAt: iso(r.created_at) as string });

export async function createProvider(trx: Tx, input: { name: string; agbCode: string; kvkNumber: string }) {
  const clash = await trx.selectFrom('providers').select('id').where('agb_code', '=', input.agbCode).executeTakeFirst();
  if (clash) throw agbTaken(input.agbCode);
  const row = await trx
    .insertInto('providers')
    .values({ id: uuidv7(), name: input.name, agb_code: input.agbCode, kvk_number: input.kvkNumber })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toProvider(row);
}

/** The 409 for an AGB code another provider has, naming the field (a page shows it beside it). */
const agbTaken = (agbCode: string) =>
  new ApiError(409, 'duplicate', 'Conflict', `A provider with AGB code ${agbCode} already exists.`, {
    invalidParams: [{ name: 'body.agbCode', reason: `Another provider already has AGB code ${agbCode}. An AGB code belongs to one provider.` }],
  });

/**
 * Correct a provider's registration (platform operator): name, AGB code, KvK number. The AGB code
 * stays unique (409, also when two corrections race: the unique index decides).
 */
export async function updateProvider(trx: Tx, id: string, input: { name?: string | undefined; agbCode?: string | undefined; kvkNumber?: string | undefined }) {
  const current = await getProvider(trx, id);
  if (input.agbCode && input.agbCode !== current.agbCode) {
    const clash = await trx.selectFrom('providers').select('id').where('agb_code', '=', input.agbCode).where('id', '<>', id).executeTakeFirst();
    if (clash) throw agbTaken(input.agbCode);
  }
  const row = await trx
    .updateTable('providers')
    .set({
      updated_at: new Date(),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.agbCode !== undefined ? { agb_code: input.agbCode } : {}),
      ...(input.kvkNumber !== undefined ? { kvk_number: input.kvkNumber } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toProvider(row);
}

const likePattern = (value: string) => value.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * The platform's provider register. `q` finds a provider by part of its name (case-insensitive),
 * or, when it is digits only, by the start of its AGB code or KvK number.
 */
export async function listProviders(trx: Tx, limit: number, filter: { cursor?: string | undefined; agbCode?: string | undefined; name?: string | undefined; q?: string | undefined }) {
  let q = trx.selectFrom('providers').selectAll().orderBy('id').limit(limit + 1);
  if (filter.cursor) q = q.where('id', '>', filter.cursor);
  if (filter.agbCode) q = q.where('agb_code', '=', filter.agbCode);
  if (filter.name) q = q.where('name', 'ilike', `%${likePattern(filter.name)}%`);
  const term = filter.q?.trim();
  if (term) {
    q = /^\d+$/.test(term)
      ? q.where((eb) => eb.or([eb('agb_code', 'like', `${term}%`), eb('kvk_number', 'like', `${term}%`), eb('name', 'ilike', `%${term}%`)]))
      : q.where('name', 'ilike', `%${likePattern(term)}%`);
  }
  return (await q.execute()).map(toProvider);
}

export async function getProvider(trx: Tx, id: string) {
  const row = await trx.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('provider');
  return toProvider(row);
}

/**
 * The providers a person works for, with their roles there, by name. Outside a provider's context a
 * person sees their own provider memberships; inside one, row security shows that provider's only.
 */
export async function providersOf(trx: Tx, userId: string): Promise<{ providerId: string; providerName: string; roles: ProviderRole[] }[]> {
  const rows = await trx
    .selectFrom('provider_members as pm')
    .innerJoin('providers as p', 'p.id', 'pm.provider_id')
    .select(['pm.provider_id', 'p.name', 'pm.roles'])
    .where('pm.user_id', '=', userId)
    .orderBy('p.name')
    .execute();
  return rows.map((r) => ({ providerId: r.provider_id, providerName: r.name, roles: r.roles as ProviderRole[] }));
}

// ---- API keys (provider context is set by the access check) ----

type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_at: Date;
};
const toApiKey = (r: KeyRow) => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes as ApiScope[],
  expiresAt: iso(r.expires_at),
  revokedAt: iso(r.revoked_at),
  lastUsedAt: iso(r.last_used_at),
  createdAt: iso(r.created_at) as string,
});

/** What is wrong with a key's expiry (it must lie in the future), as the invalid params a 400 lists. */
export function expiryProblems(expiresAt: string | undefined, now: Date): { name: string; reason: string }[] {
  return expiresAt && new Date(expiresAt) <= now ? [{ name: 'body.expiresAt', reason: 'Must be in the future.' }] : [];
}

export async function createApiKey(trx: Tx, providerId: string, input: { name: string; scopes: string[]; expiresAt?: string | undefined }, createdBy: string, now: Date) {
  const problems = expiryProblems(input.expiresAt, now);
  if (problems.length > 0) throw badRequest('The expiry must be in the future.', problems);
  const key = newApiKey();
  const row = await trx
    .insertInto('api_keys')
    .values({
      id: uuidv7(),
      provider_id: providerId,
      name: input.name,
      prefix: key.prefix,
      key_hash: key.hash,
      scopes: [...new Set(input.scopes)],
      expires_at: input.expiresAt ? new Date(input.expiresAt) : null,
      revoked_at: null,
      last_used_at: null,
      created_by: createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...toApiKey(row), key: key.key };
}

export async function listApiKeys(trx: Tx, providerId: string, limit: number, cursor?: string, onlyKeyId?: string) {
  let q = trx.selectFrom('api_keys').selectAll().where('provider_id', '=', providerId).orderBy('id').limit(limit + 1);
  if (cursor) q = q.where('id', '>', cursor);
  if (onlyKeyId) q = q.where('id', '=', onlyKeyId);
  return (await q.execute()).map(toApiKey);
}

export async function revokeApiKey(trx: Tx, providerId: string, keyId: string, now: Date) {
  const row = await trx
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', keyId)
    .where('provider_id', '=', providerId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw notFound('active API key');
}

export async function listProviderMembers(trx: Tx, providerId: string, limit: number, cursor?: string) {
  let q = trx
    .selectFrom('provider_members as pm')
    .innerJoin('users as u', 'u.id', 'pm.user_id')
    .select(['pm.user_id', 'u.email', 'u.name', 'pm.roles', 'pm.created_at'])
    .where('pm.provider_id', '=', providerId)
    .orderBy('pm.user_id')
    .limit(limit + 1);
  if (cursor) q = q.where('pm.user_id', '>', cursor);
  return (await q.execute()).map((r) => ({ userId: r.user_id, email: r.email, name: r.name, roles: r.roles as ProviderRole[], createdAt: iso(r.created_at) as string }));
}

export async function getProviderMember(trx: Tx, providerId: string, userId: string) {
  const row = await trx
    .selectFrom('provider_members as pm')
    .innerJoin('users as u', 'u.id', 'pm.user_id')
    .select(['pm.user_id', 'u.email', 'u.name', 'pm.roles', 'pm.created_at'])
    .where('pm.provider_id', '=', providerId)
    .where('pm.user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw notFound('member');
  return { userId: row.user_id, email: row.email, name: row.name, roles: row.roles as ProviderRole[], createdAt: iso(row.created_at) as string };
}

/** As a municipality: a provider always keeps at least one admin (who manages its keys and staff). */
async function assertAnotherProviderAdminRemains(trx: Tx, providerId: string, userId: string) {
  const others = await trx
    .selectFrom('provider_members')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('provider_id', '=', providerId)
    .where('user_id', '!=', userId)
    .where(sql<boolean>`'admin' = any(roles)`)
    .executeTakeFirstOrThrow();
  if (Number(others.n) === 0) throw conflict('A provider needs at least one admin. Make someone else admin first.', 'last-admin');
}

export async function updateProviderMemberRoles(trx: Tx, providerId: string, userId: string, roles: string[]) {
  const current = await getProviderMember(trx, providerId, userId);
  if (current.roles.includes('admin') && !roles.includes('admin')) await assertAnotherProviderAdminRemains(trx, providerId, userId);
  await trx.updateTable('provider_members').set({ roles: [...new Set(roles)] }).where('provider_id', '=', providerId).where('user_id', '=', userId).execute();
  return getProviderMember(trx, providerId, userId);
}

export async function removeProviderMember(trx: Tx, providerId: string, userId: string) {
  const current = await getProviderMember(trx, providerId, userId);
  if (current.roles.includes('admin')) await assertAnotherProviderAdminRemains(trx, providerId, userId);
  await trx.deleteFrom('provider_members').where('provider_id', '=', providerId).where('user_id', '=', userId).execute();
}

// ---- relations between a municipality and providers ----

type RelationRow = { tenant_id: string; tenant_name: string; provider_id: string; provider_name: string; created_at: Date };
const toRelation = (r: RelationRow) => ({
  municipalityId: r.tenant_id,
  municipalityName: r.tenant_name,
  providerId: r.provider_id,
  providerName: r.provider_name,
  createdAt: iso(r.created_at) as string,
});

function relationQuery(trx: Tx) {
  return trx
    .selectFrom('provider_relations as r')
    .innerJoin('tenants as t', 't.id', 'r.tenant_id')
    .innerJoin('providers as p', 'p.id', 'r.provider_id')
    .select(['r.tenant_id', 't.name as tenant_name', 'r.provider_id', 'p.name as provider_name', 'r.created_at']);
}

export async function addRelation(trx: Tx, tenantId: string, providerId: string) {
  await getProvider(trx, providerId);
  const inserted = await trx
    .insertInto('provider_relations')
    .values({ tenant_id: tenantId, provider_id: providerId })
    .onConflict((oc) => oc.columns(['tenant_id', 'provider_id']).doNothing())
    .returning('provider_id')
    .executeTakeFirst();
  if (!inserted) throw conflict('The municipality already works with this provider.', 'duplicate');
  return toRelation(await relationQuery(trx).where('r.tenant_id', '=', tenantId).where('r.provider_id', '=', providerId).executeTakeFirstOrThrow());
}

export async function listRelationsOfMunicipality(trx: Tx, tenantId: string, limit: number, cursor?: string) {
  let q = relationQuery(trx).where('r.tenant_id', '=', tenantId).orderBy('r.provider_id').limit(limit + 1);
  if (cursor) q = q.where('r.provider_id', '>', cursor);
  return (await q.execute()).map(toRelation);
}

export async function listRelationsOfProvider(trx: Tx, providerId: string, limit: number, cursor?: string) {
  let q = relationQuery(trx).where('r.provider_id', '=', providerId).orderBy('r.tenant_id').limit(limit + 1);
  if (cursor) q = q.where('r.tenant_id', '>', cursor);
  return (await q.execute()).map(toRelation);
}

/** Contracts that still bind a municipality and a provider: until they end, the relation stays. */
const BINDING_STATUSES = ['draft', 'active', 'suspended'] as const;

export async function removeRelation(trx: Tx, tenantId: string, providerId: string) {
  const binding = await trx
    .selectFrom('contracts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('provider_id', '=', providerId)
    .where('status', 'in', BINDING_STATUSES)
    .executeTakeFirst();
  const n = Number(binding?.n ?? 0);
  if (n > 0) {
    throw conflict(`The municipality has ${n} ${n === 1 ? 'contract' : 'contracts'} with this provider that ${n === 1 ? 'has' : 'have'} not ended (draft, active or suspended): end ${n === 1 ? 'it' : 'them'} first.`, 'has-contracts');
  }
  const result = await trx.deleteFrom('provider_relations').where('tenant_id', '=', tenantId).where('provider_id', '=', providerId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('relation');
}

/** One provider the municipality works with, with its register details; 404 when it does not. */
export async function getRelation(trx: Tx, tenantId: string, providerId: string) {
  const row = await trx
    .selectFrom('provider_relations as r')
    .innerJoin('providers as p', 'p.id', 'r.provider_id')
    .select(['p.id', 'p.name', 'p.agb_code', 'p.kvk_number', 'p.created_at', 'r.created_at as related_at'])
    .where('r.tenant_id', '=', tenantId)
    .where('r.provider_id', '=', providerId)
    .executeTakeFirst();
  if (!row) throw notFound('provider');
  return { ...toProvider(row), relatedAt: iso(row.related_at) as string };
}

/**
 * The providers a municipality works with, by name, with their register details and how many
 * contracts the municipality has with each (all, and active ones). Pages of `limit` (one more
 * row tells there is a next page), from `offset`, in name order.
 */
export async function listRelationOverview(trx: Tx, tenantId: string, limit: number, offset = 0) {
  const rows = await trx
    .selectFrom('provider_relations as r')
    .innerJoin('providers as p', 'p.id', 'r.provider_id')
    .leftJoin('contracts as k', (j) => j.onRef('k.tenant_id', '=', 'r.tenant_id').onRef('k.provider_id', '=', 'r.provider_id'))
    .select((eb) => [
      'p.id',
      'p.name',
      'p.agb_code',
      'p.kvk_number',
      'p.created_at',
      'r.created_at as related_at',
      eb.fn.count<string>('k.id').as('contracts'),
      eb.fn.count<string>('k.id').filterWhere('k.status', '=', 'active').as('active_contracts'),
    ])
    .where('r.tenant_id', '=', tenantId)
    .groupBy(['p.id', 'p.name', 'p.agb_code', 'p.kvk_number', 'p.created_at', 'r.created_at'])
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(limit + 1)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ ...toProvider(r), relatedAt: iso(r.related_at) as string, contracts: Number(r.contracts), activeContracts: Number(r.active_contracts) }));
}

/** Of these providers, the ones the municipality already works with. */
export async function relatedProviderIds(trx: Tx, tenantId: string, providerIds: readonly string[]): Promise<Set<string>> {
  if (providerIds.length === 0) return new Set();
  const rows = await trx.selectFrom('provider_relations').select('provider_id').where('tenant_id', '=', tenantId).where('provider_id', 'in', [...providerIds]).execute();
  return new Set(rows.map((r) => r.provider_id));
}
