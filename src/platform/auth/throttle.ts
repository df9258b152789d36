// Counting failed attempts per key (an e-mail address, an IP address, a user's second factor),
// or every attempt where each one costs (a password-reset e-mail).
// After `max` failures inside `windowMinutes` the key is locked for `lockMinutes`. The counters
// live in the database so every instance (and every Worker isolate) shares them.
import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { ApiError } from '../errors.js';

export interface ThrottleRule {
  max: number;
  windowMinutes: number;
  lockMinutes: number;
}

export const LOGIN_PER_ACCOUNT: ThrottleRule = { max: 5, windowMinutes: 15, lockMinutes: 15 };
export const LOGIN_PER_IP: ThrottleRule = { max: 50, windowMinutes: 15, lockMinutes: 15 };
export const SECOND_FACTOR: ThrottleRule = { max: 5, windowMinutes: 15, lockMinutes: 15 };
/** Password-reset e-mails asked for one address: each request counts (each sends an e-mail). */
export const RESET_PER_ACCOUNT: ThrottleRule = { max: 5, windowMinutes: 60, lockMinutes: 60 };
/** Password-reset requests from one IP address, whatever account they name. */
export const RESET_PER_IP: ThrottleRule = { max: 20, windowMinutes: 15, lockMinutes: 15 };
/**
 * Unknown, used or expired one-time tokens (login links, password-reset links, invitations) from
 * one IP address. A token has 160 random bits, so this does not guard the token itself: it stops
 * one address from hammering the endpoints that look tokens up.
 */
export const ONE_TIME_TOKEN_PER_IP: ThrottleRule = { max: 20, windowMinutes: 15, lockMinutes: 15 };

export const tooManyAttempts = (retryAfterSeconds: number) =>
  new ApiError(429, 'too-many-attempts', 'Too many attempts', 'Too many attempts. Wait a while (see Retry-After) and try again.', {}, { 'Retry-After': String(retryAfterSeconds) });

/** Seconds until the key is unlocked, or 0 when it is not locked. */
export async function lockedFor(trx: Tx, key: string, now: Date): Promise<number> {
  const row = await trx.selectFrom('login_throttle').select('locked_until').where('key', '=', key).executeTakeFirst();
  if (!row?.locked_until) return 0;
  const ms = new Date(row.locked_until).getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

export async function recordFailure(trx: Tx, key: string, rule: ThrottleRule, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - rule.windowMinutes * 60_000);
  const lockUntil = new Date(now.getTime() + rule.lockMinutes * 60_000);
  // One statement: start a new window when the old one is over, else count; lock at the limit.
  await sql`
    insert into login_throttle as t (key, failures, window_started_at, locked_until)
    values (${key}, 1, ${now}, null)
    on conflict (key) do update set
      failures = case when t.window_started_at < ${windowStart} then 1 else t.failures + 1 end,
      window_started_at = case when t.window_started_at < ${windowStart} then ${now} else t.window_started_at end,
      locked_until = case when (case when t.window_started_at < ${windowStart} then 1 else t.failures + 1 end) >= ${rule.max}
                          then ${lockUntil}::timestamptz else t.locked_until end`.execute(trx);
}

/** The longest wait among the keys, in seconds (0 when none is locked). */
export async function lockedForAny(trx: Tx, keys: string[], now: Date): Promise<number> {
  let wait = 0;
  for (const key of keys) wait = Math.max(wait, await lockedFor(trx, key, now));
  return wait;
}

/**
 * For operations limited per request rather than per failure (asking for a password-reset
 * e-mail): refuse when a key is locked, else count this request against every key. Returns the
 * 429 to answer (not thrown: the caller returns it so the count is committed), or null to go on.
 */
export async function spendAttempt(trx: Tx, keys: [string, ThrottleRule][], now: Date): Promise<ApiError | null> {
  const wait = await lockedForAny(trx, keys.map(([key]) => key), now);
  if (wait > 0) return tooManyAttempts(wait);
  for (const [key, rule] of keys) await recordFailure(trx, key, rule, now);
  return null;
}

export async function clearFailures(trx: Tx, key: string): Promise<void> {
  await trx.deleteFrom('login_throttle').where('key', '=', key).execute();
}
