// Sessions as the Lucia guide prescribes: a token "id.secret", the secret's SHA-256 stored,
// compared in constant time; an inactivity timeout, with the activity time written at most once
// every few minutes so reads do not turn into writes.
import { sql } from 'kysely';
import { sha256Hex, timingSafeEqualHex } from '../crypto.js';
import type { Tx } from '../db/database.js';
import { newSessionToken, parseSessionToken } from './tokens.js';

const ACTIVITY_WRITE_INTERVAL_MS = 5 * 60 * 1000;

export interface ValidSession {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  isOperator: boolean;
  twoFactorVerified: boolean;
  twoFactorEnabled: boolean;
}

export async function createSession(
  trx: Tx,
  userId: string,
  options: { twoFactorVerified: boolean; userAgent: string | null },
): Promise<{ token: string; sessionId: string }> {
  const t = newSessionToken();
  await trx
    .insertInto('sessions')
    .values({
      id: t.id,
      secret_hash: t.secretHash,
      user_id: userId,
      two_factor_verified: options.twoFactorVerified,
      user_agent: options.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token: t.token, sessionId: t.id };
}

/**
 * Validate a session token; on success the transaction's user context is set in the same query
 * (set_config in the select list runs only for the matching row).
 */
export async function validateSessionToken(trx: Tx, token: string, idleMinutes: number, now: Date): Promise<ValidSession | null> {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  const row = await trx
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.secret_hash',
      's.two_factor_verified',
      's.last_verified_at',
      'u.id as user_id',
      'u.email',
      'u.name',
      'u.is_platform_operator',
      'u.totp_enabled_at',
      sql<string>`set_config('app.user_id', u.id::text, true)`.as('ctx'),
    ])
    .where('s.id', '=', parsed.id)
    .executeTakeFirst();
  if (!row || !timingSafeEqualHex(row.secret_hash, sha256Hex(parsed.secret))) {
    if (row) await sql`select set_config('app.user_id', '', true)`.execute(trx);
    return null;
  }
  const idleMs = idleMinutes * 60 * 1000;
  const last = new Date(row.last_verified_at).getTime();
  if (now.getTime() - last >= idleMs) {
    await trx.deleteFrom('sessions').where('id', '=', row.id).execute();
    await sql`select set_config('app.user_id', '', true)`.execute(trx);
    return null;
  }
  if (now.getTime() - last >= ACTIVITY_WRITE_INTERVAL_MS) {
    await trx.updateTable('sessions').set({ last_verified_at: now }).where('id', '=', row.id).execute();
  }
  return {
    sessionId: row.id,
    userId: row.user_id,
    email: row.email,
    name: row.name,
    isOperator: row.is_platform_operator,
    twoFactorVerified: row.two_factor_verified,
    twoFactorEnabled: row.totp_enabled_at !== null,
  };
}

export async function invalidateSession(trx: Tx, sessionId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function invalidateUserSessions(trx: Tx, userId: string, exceptSessionId?: string): Promise<void> {
  let q = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}
