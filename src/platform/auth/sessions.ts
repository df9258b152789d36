// Sessions as the Lucia guide prescribes: a token "id.secret", only the secret's SHA-256 stored;
// an inactivity timeout, with the activity time written at most once every five minutes so reads
// do not turn into writes. Validation happens in app_enter (migration 0002), the first statement
// of every request.
import type { Tx } from '../db/database.js';
import { newSessionToken } from './tokens.js';

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

export async function invalidateSession(trx: Tx, sessionId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function invalidateUserSessions(trx: Tx, userId: string, exceptSessionId?: string): Promise<void> {
  let q = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}
