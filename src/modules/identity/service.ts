// People: sign-in, second factor, sessions, password reset, login links, memberships and
// invitations. Other modules call only what is exported here.
import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { sql } from 'kysely';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../platform/auth/password.js';
import { createSession, invalidateUserSessions } from '../../platform/auth/sessions.js';
import {
  LOGIN_PER_ACCOUNT,
  LOGIN_PER_IP,
  ONE_TIME_TOKEN_PER_IP,
  RESET_PER_ACCOUNT,
  RESET_PER_IP,
  SECOND_FACTOR,
  type ThrottleRule,
  clearFailures,
  lockedFor,
  recordFailure,
  spendAttempt,
  tooManyAttempts,
} from '../../platform/auth/throttle.js';
import { newOneTimeToken } from '../../platform/auth/tokens.js';
import { randomBytes, randomToken, sha256Hex, uuidv7 } from '../../platform/crypto.js';
import { type Tx, setContext } from '../../platform/db/database.js';
import { ApiError, badRequest, conflict, notFound } from '../../platform/errors.js';
import type { MunicipalRole, ProviderRole } from '../../platform/http/access.js';
import { iso } from '../../platform/http/openapi.js';
import { enqueue } from '../../platform/outbox.js';
import { legacyPlaintextAllowed, openStoredSecret, sealStoredSecret } from '../../platform/secrets.js';

export const invalidCredentials = () =>
  new ApiError(401, 'invalid-credentials', 'Sign-in failed', 'The e-mail address or password is incorrect.');

export interface LoginResult {
  token: string;
  sessionId: string;
  twoFactorRequired: boolean;
}

/**
 * Check e-mail and password. Failures are counted per account and per IP address; a locked key
 * answers 429 whether or not the account exists, and an unknown e-mail costs a password hash
 * too, so neither the answer nor its timing tells which addresses have accounts.
 * Returns an ApiError (not thrown) for failures so the caller can commit the failure count.
 */
export async function login(
  trx: Tx,
  input: { email: string; password: string },
  meta: { ip: string | null; userAgent: string | null; now: Date },
): Promise<LoginResult | ApiError> {
  const keys = [`login:${input.email}`, ...(meta.ip ? [`ip:${meta.ip}`] : [])];
  for (const key of keys) {
    const wait = await lockedFor(trx, key, meta.now);
    if (wait > 0) return tooManyAttempts(wait);
  }
  const user = await trx.selectFrom('users').select(['id', 'password_hash', 'totp_enabled_at']).where('email', '=', input.email).executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!user?.password_hash || !ok) {
    await recordFailure(trx, keys[0] as string, LOGIN_PER_ACCOUNT, meta.now);
    if (meta.ip) await recordFailure(trx, `ip:${meta.ip}`, LOGIN_PER_IP, meta.now);
    return invalidCredentials();
  }
  await clearFailures(trx, keys[0] as string);
  const twoFactorRequired = user.totp_enabled_at !== null;
  const session = await createSession(trx, user.id, { twoFactorVerified: false, userAgent: meta.userAgent });
  return { token: session.token, sessionId: session.sessionId, twoFactorRequired };
}

/** The person's TOTP key, decrypted (stored encrypted and bound to the person: src/platform/secrets.ts). */
async function readTotpKey(trx: Tx, userId: string, stored: string | null): Promise<Uint8Array | null> {
  return stored ? openStoredSecret('totpKey', [userId], stored, () => legacyPlaintextAllowed(trx)) : null;
}

/** A TOTP key as stored: encrypted with the current key, bound to the person. */
function sealTotpKey(userId: string, key: Uint8Array): Promise<string> {
  return sealStoredSecret('totpKey', [userId], key);
}

const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;

const invalidCode = () =>
  new ApiError(401, 'invalid-code', 'Code not accepted', 'The code is wrong or has expired. Use the current code from your authenticator app.');
const replayedCode = () =>
  new ApiError(401, 'invalid-code', 'Code not accepted', 'This code was already used. A code works once: wait for the next code in your authenticator app.');
const invalidRecoveryCode = () =>
  new ApiError(401, 'invalid-code', 'Recovery code not accepted', 'This recovery code is wrong or was already used. Each recovery code works once.');

/**
 * The time step a code belongs to, one step either side of now for clock drift, or null. Wall
 * clock on purpose: the authenticator app lives on it (tests move an injected clock for throttles
 * and sessions, not for the app on the phone).
 */
function matchingTotpStep(key: Uint8Array, code: string): bigint | null {
  const current = BigInt(Math.floor(Date.now() / (TOTP_PERIOD_SECONDS * 1000)));
  let match: bigint | null = null;
  for (const step of [current - 1n, current, current + 1n]) if (verifyHOTP(key, step, TOTP_DIGITS, code)) match = step;
  return match;
}

/**
 * RFC 6238 §5.2: accept a code only for a time step after the last one accepted for this person,
 * so the same code (or an older one) cannot verify a second session. One conditional UPDATE: two
 * requests racing with the same code serialise on the row, and the second finds the step taken.
 */
async function claimTotpStep(trx: Tx, userId: string, step: bigint): Promise<boolean> {
  const row = await trx
    .updateTable('users')
    .set({ totp_last_step: step.toString() })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step.toString())]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Check a TOTP code and claim its time step; an ApiError (not thrown) when refused. */
async function acceptTotpCode(trx: Tx, userId: string, key: Uint8Array, code: string): Promise<true | ApiError> {
  const step = matchingTotpStep(key, code);
  if (step === null) return invalidCode();
  if (!(await claimTotpStep(trx, userId, step))) return replayedCode();
  return true;
}

/** Recovery codes: ten per person, 48 random bits each, shown once as `abcde-fghij`. */
export const RECOVERY_CODE_COUNT = 10;
const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z2-7]/g, '');

/** Use a recovery code: it works once (the UPDATE claims it). */
async function useRecoveryCode(trx: Tx, userId: string, code: string, now: Date): Promise<boolean> {
  const row = await trx
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', sha256Hex(normalizeRecoveryCode(code)))
    .where('used_at', 'is', null)
    .returning('code_hash')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Verify the session's second factor with a code from the authenticator app or a recovery code.
 * Both count against the same throttle, so recovery codes give no extra guesses.
 */
export async function verifySecondFactor(
  trx: Tx,
  userId: string,
  sessionId: string,
  input: { code?: string | undefined; recoveryCode?: string | undefined },
  now: Date,
): Promise<true | ApiError> {
  const key = `totp:${userId}`;
  const wait = await lockedFor(trx, key, now);
  if (wait > 0) return tooManyAttempts(wait);
  const user = await trx.selectFrom('users').select(['totp_key', 'totp_enabled_at']).where('id', '=', userId).executeTakeFirstOrThrow();
  const totpKey = await readTotpKey(trx, userId, user.totp_key);
  if (!totpKey || !user.totp_enabled_at) {
    return conflict('This account has no authenticator app yet. Set one up with POST /v1/me/totp.', 'two-factor-not-set-up');
  }
  let result: true | ApiError;
  if (input.recoveryCode !== undefined) result = (await useRecoveryCode(trx, userId, input.recoveryCode, now)) ? true : invalidRecoveryCode();
  else result = await acceptTotpCode(trx, userId, totpKey, input.code ?? '');
  if (result !== true) {
    await recordFailure(trx, key, SECOND_FACTOR, now);
    return result;
  }
  await clearFailures(trx, key);
  await trx.updateTable('sessions').set({ two_factor_verified: true }).where('id', '=', sessionId).execute();
  return true;
}

/**
 * New recovery codes for a person with an authenticator app; the old set stops working. The
 * codes are returned once; only their hashes are kept.
 */
export async function generateRecoveryCodes(trx: Tx, userId: string, now: Date): Promise<{ codes: string[]; createdAt: string }> {
  const user = await trx.selectFrom('users').select('totp_enabled_at').where('id', '=', userId).executeTakeFirstOrThrow();
  if (!user.totp_enabled_at) throw conflict('Set up an authenticator app first (POST /v1/me/totp); recovery codes stand in for it.', 'two-factor-not-set-up');
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => randomToken(6)).map((c) => `${c.slice(0, 5)}-${c.slice(5, 10)}`);
  await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await trx
    .insertInto('recovery_codes')
    .values(codes.map((code) => ({ user_id: userId, code_hash: sha256Hex(normalizeRecoveryCode(code)), used_at: null, created_at: now })))
    .execute();
  return { codes, createdAt: iso(now) as string };
}

/**
 * Take a person's second factor away: authenticator app, its last step and every recovery code
 * go, and every session of the person ends (a reset usually means a lost or stolen phone, and a
 * session verified with it may be on a lost laptop too). The person signs in again with their
 * password and sets up a new authenticator app; an e-mail tells them it happened.
 */
async function resetSecondFactor(trx: Tx, userId: string, tenantId: string | null): Promise<void> {
  const user = await trx
    .updateTable('users')
    .set({ totp_key: null, totp_enabled_at: null, totp_last_step: null, updated_at: new Date() })
    .where('id', '=', userId)
    .returning(['email'])
    .executeTakeFirst();
  if (!user) throw notFound('person');
  await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await invalidateUserSessions(trx, userId);
  await trx.deleteFrom('login_throttle').where('key', '=', `totp:${userId}`).execute();
  await enqueue(trx, {
    channel: 'email',
    recipient: user.email,
    tenantId,
    subject: 'Uw tweede factor is teruggezet / Your second factor was reset',
    body: 'Een beheerder heeft de tweede factor (authenticator-app en herstelcodes) van uw Vervolg-account teruggezet. U bent overal uitgelogd. Log opnieuw in en stel een nieuwe authenticator-app in.\n\nAn administrator reset the second factor (authenticator app and recovery codes) of your Vervolg account. You are signed out everywhere. Sign in again and set up a new authenticator app.\n\nHeeft u hier niet om gevraagd? Neem dan contact op met uw beheerder. / Did not ask for this? Contact your administrator.',
  });
}

/** The operator resets anyone's second factor. */
export async function resetUserSecondFactor(trx: Tx, userId: string): Promise<void> {
  await resetSecondFactor(trx, userId, null);
}

/**
 * A municipality admin resets the second factor of one of its members — but only of a person
 * whose access is entirely this municipality's. Someone who is also the platform operator, or
 * works for another municipality or a provider, is left to the operator: their second factor
 * guards access this admin does not govern, and resetting it would let the admin take that over.
 */
export async function resetMemberSecondFactor(trx: Tx, tenantId: string, userId: string): Promise<void> {
  const member = await trx.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
  if (!member) throw notFound('member');
  const { rows } = await sql<{ elsewhere: boolean | null }>`select member_has_access_elsewhere(${userId}::uuid) as elsewhere`.execute(trx);
  if (rows[0]?.elsewhere !== false) {
    throw new ApiError(
      403,
      'two-factor-reset-needs-operator',
      'Only the platform operator can reset this second factor',
      'This person also has access outside this municipality (another municipality, a care provider or the platform itself). Their second factor guards that access too, so only the platform operator can reset it.',
    );
  }
  await resetSecondFactor(trx, userId, tenantId);
}

/**
 * Start setting up an authenticator app: a new key, kept until confirmed. With `resumePending`
 * (the enrolment page, which shows the key on every GET) a key already started and not yet
 * confirmed is shown again instead of replaced, so reloading the page does not invalidate what
 * the person just scanned.
 */
export async function startTotpSetup(trx: Tx, userId: string, email: string, options: { resumePending?: boolean } = {}) {
  const user = await trx.selectFrom('users').select(['totp_enabled_at', 'totp_key']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (user.totp_enabled_at) throw conflict('An authenticator app is already set up for this account.', 'two-factor-already-set-up');
  const pending = options.resumePending ? await readTotpKey(trx, userId, user.totp_key) : null;
  if (pending) return { secret: encodeBase32UpperCaseNoPadding(pending), uri: createTOTPKeyURI('Vervolg', email, pending, 30, 6), started: false };
  const key = randomBytes(20);
  await trx.updateTable('users').set({ totp_key: await sealTotpKey(userId, key), updated_at: new Date() }).where('id', '=', userId).execute();
  return { secret: encodeBase32UpperCaseNoPadding(key), uri: createTOTPKeyURI('Vervolg', email, key, 30, 6), started: true };
}

/** Confirm the authenticator app with its current code; that also verifies the session (when there is one). */
export async function confirmTotpSetup(trx: Tx, userId: string, sessionId: string | null, code: string, now: Date): Promise<true | ApiError> {
  const user = await trx.selectFrom('users').select(['totp_key', 'totp_enabled_at']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (user.totp_enabled_at) return conflict('An authenticator app is already set up for this account.', 'two-factor-already-set-up');
  const key = await readTotpKey(trx, userId, user.totp_key);
  if (!key) return conflict('Start the set-up first with POST /v1/me/totp.', 'two-factor-not-started');
  const attemptKey = `totp:${userId}`;
  const wait = await lockedFor(trx, attemptKey, now);
  if (wait > 0) return tooManyAttempts(wait);
  const accepted = await acceptTotpCode(trx, userId, key, code);
  if (accepted !== true) {
    await recordFailure(trx, attemptKey, SECOND_FACTOR, now);
    return accepted;
  }
  await clearFailures(trx, attemptKey);
  await trx.updateTable('users').set({ totp_enabled_at: now, updated_at: now }).where('id', '=', userId).execute();
  if (sessionId) await trx.updateTable('sessions').set({ two_factor_verified: true }).where('id', '=', sessionId).execute();
  return true;
}

/** The municipalities a person works for, with their roles there, by name. */
export async function municipalitiesOf(trx: Tx, userId: string): Promise<{ municipalityId: string; municipalityName: string; roles: MunicipalRole[] }[]> {
  // Memberships are visible to their own person (policy on user_id), tenants through them.
  const rows = await trx
    .selectFrom('memberships as m')
    .innerJoin('tenants as t', 't.id', 'm.tenant_id')
    .select(['m.tenant_id', 't.name', 'm.roles'])
    .where('m.user_id', '=', userId)
    .orderBy('t.name')
    .execute();
  return rows.map((m) => ({ municipalityId: m.tenant_id, municipalityName: m.name, roles: m.roles as MunicipalRole[] }));
}

export async function getMe(trx: Tx, userId: string, sessionTwoFactorVerified: boolean) {
  const user = await trx.selectFrom('users').select(['id', 'email', 'name', 'is_platform_operator', 'totp_enabled_at']).where('id', '=', userId).executeTakeFirstOrThrow();
  const municipalities = await municipalitiesOf(trx, userId);
  const providers = await trx
    .selectFrom('provider_members as pm')
    .innerJoin('providers as p', 'p.id', 'pm.provider_id')
    .select(['pm.provider_id', 'p.name', 'pm.roles'])
    .where('pm.user_id', '=', userId)
    .orderBy('p.name')
    .execute();
  const recovery = await trx
    .selectFrom('recovery_codes')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isPlatformOperator: user.is_platform_operator,
    twoFactorEnabled: user.totp_enabled_at !== null,
    sessionTwoFactorVerified: sessionTwoFactorVerified,
    recoveryCodesLeft: Number(recovery.n),
    municipalities,
    providers: providers.map((p) => ({ providerId: p.provider_id, providerName: p.name, roles: p.roles as ProviderRole[] })),
  };
}

export async function listSessions(trx: Tx, userId: string, currentSessionId: string) {
  const rows = await trx.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
  return rows.map((s) => ({
    id: s.id,
    current: s.id === currentSessionId,
    userAgent: s.user_agent,
    twoFactorVerified: s.two_factor_verified,
    createdAt: iso(s.created_at) as string,
    lastActiveAt: iso(s.last_verified_at) as string,
  }));
}

/** End every session of the person ("sign out everywhere"). */
export async function revokeAllSessions(trx: Tx, userId: string): Promise<void> {
  await invalidateUserSessions(trx, userId);
}

/**
 * The session a person gets right after creating their account from an invitation (they just
 * proved the invitation token and chose the password): like a password sign-in, without the
 * second factor yet.
 */
export async function sessionForNewAccount(trx: Tx, userId: string, userAgent: string | null): Promise<{ token: string; sessionId: string }> {
  return createSession(trx, userId, { twoFactorVerified: false, userAgent });
}

export async function revokeSession(trx: Tx, userId: string, sessionId: string) {
  const result = await trx.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('session');
}

const PASSWORD_RESET_MINUTES = 60;
const LOGIN_LINK_MINUTES = 30;

/**
 * Always succeeds from the caller's view; only an existing account gets an e-mail. Requests are
 * throttled per address asked for and per IP address, counted whether or not the account exists,
 * so a 429 tells nothing about which addresses have accounts. Returns the 429 (not thrown) so the
 * caller commits the count.
 */
export async function requestPasswordReset(trx: Tx, email: string, meta: { publicUrl: string; ip: string | null; now: Date }): Promise<ApiError | null> {
  const { publicUrl, now } = meta;
  const keys: [string, ThrottleRule][] = [[`reset:${email}`, RESET_PER_ACCOUNT], ...(meta.ip ? [[`reset-ip:${meta.ip}`, RESET_PER_IP] as [string, ThrottleRule]] : [])];
  const refused = await spendAttempt(trx, keys, now);
  if (refused) return refused;
  const user = await trx.selectFrom('users').select(['id', 'locale']).where('email', '=', email).executeTakeFirst();
  if (!user) return null;
  const t = newOneTimeToken();
  await trx
    .insertInto('user_tokens')
    .values({ token_hash: t.hash, user_id: user.id, purpose: 'password-reset', expires_at: new Date(now.getTime() + PASSWORD_RESET_MINUTES * 60_000) })
    .execute();
  const link = `${publicUrl}/reset-password?token=${t.token}`;
  await enqueue(trx, {
    channel: 'email',
    recipient: email,
    subject: 'Nieuw wachtwoord voor Vervolg / New password for Vervolg',
    body: `Via deze link kiest u een nieuw wachtwoord. De link werkt ${PASSWORD_RESET_MINUTES} minuten en één keer.\n${link}\n\nUse this link to choose a new password. It works once, for ${PASSWORD_RESET_MINUTES} minutes.\n\nHeeft u dit niet gevraagd? Dan hoeft u niets te doen. / Didn't ask for this? Ignore this e-mail.`,
  });
  return null;
}

export interface TokenMeta {
  ip: string | null;
  now: Date;
}

/**
 * Look up a one-time token (login link, password-reset link, invitation) under the per-address
 * throttle: a locked address gets 429 even for a good token; a token that is not found (unknown,
 * used, expired) counts a failure for the address. Failures are returned, not thrown, so the
 * caller can answer while committing the count.
 */
async function underTokenThrottle<T>(trx: Tx, meta: TokenMeta, lookup: () => Promise<T | null>, invalid: () => ApiError): Promise<T | ApiError> {
  const key = meta.ip ? `token-ip:${meta.ip}` : null;
  if (key) {
    const wait = await lockedFor(trx, key, meta.now);
    if (wait > 0) return tooManyAttempts(wait);
  }
  const found = await lookup();
  if (found !== null) return found;
  if (key) await recordFailure(trx, key, ONE_TIME_TOKEN_PER_IP, meta.now);
  return invalid();
}

const invalidLink = () => new ApiError(400, 'invalid-token', 'Link not valid', 'This link is unknown, already used or expired. Ask for a new one.');

async function takeUserToken(trx: Tx, token: string, purpose: 'password-reset' | 'login-link', now: Date): Promise<{ user_id: string; second_factor: boolean } | null> {
  const row = await trx
    .updateTable('user_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', sha256Hex(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['user_id', 'second_factor'])
    .executeTakeFirst();
  return row ?? null;
}

export async function completePasswordReset(trx: Tx, token: string, password: string, meta: TokenMeta): Promise<string | ApiError> {
  const { now } = meta;
  const link = await underTokenThrottle(trx, meta, () => takeUserToken(trx, token, 'password-reset', now), invalidLink);
  if (link instanceof ApiError) return link;
  const userId = link.user_id;
  await trx.updateTable('users').set({ password_hash: await hashPassword(password), updated_at: now }).where('id', '=', userId).execute();
  // A reset means the old password may be known to someone else: end every session.
  await invalidateUserSessions(trx, userId);
  return userId;
}

/**
 * Whether a login link made for the `npm start` demo may count as the second factor: only in
 * development, and only on the embedded (PGlite) database the Node entry opened itself — never in
 * production or test, never against a real PostgreSQL server, never on Workers. The entry tells
 * the app through deps.embeddedDemoDatabase; the seed makes such links only in the same case.
 */
export function demoLinksCountAsSecondFactor(deps: { config: { env: string }; embeddedDemoDatabase?: boolean | undefined }): boolean {
  return deps.config.env === 'development' && deps.embeddedDemoDatabase === true;
}

export async function createLoginLink(trx: Tx, userId: string, publicUrl: string, now: Date, options: { secondFactor?: boolean } = {}): Promise<string> {
  const t = newOneTimeToken();
  await trx
    .insertInto('user_tokens')
    .values({
      token_hash: t.hash,
      user_id: userId,
      purpose: 'login-link',
      expires_at: new Date(now.getTime() + LOGIN_LINK_MINUTES * 60_000),
      second_factor: options.secondFactor ?? false,
    })
    .execute();
  return `${publicUrl}/login-link?token=${t.token}`;
}

/**
 * Redeem a one-time login link. The session is unverified (it still needs the second factor),
 * unless the link is a development demo link (second_factor), the caller says such links count
 * here (demoLinksCountAsSecondFactor), and the person has an authenticator app set up.
 */
export async function redeemLoginLink(trx: Tx, token: string, meta: TokenMeta & { userAgent: string | null }, options: { demoLinksCount?: boolean } = {}) {
  const { now, userAgent } = meta;
  const link = await underTokenThrottle(trx, meta, () => takeUserToken(trx, token, 'login-link', now), invalidLink);
  if (link instanceof ApiError) return link;
  const userId = link.user_id;
  const user = await trx.selectFrom('users').select('totp_enabled_at').where('id', '=', userId).executeTakeFirstOrThrow();
  const verified = link.second_factor && options.demoLinksCount === true && user.totp_enabled_at !== null;
  const session = await createSession(trx, userId, { twoFactorVerified: verified, userAgent });
  return { ...session, userId, twoFactorRequired: user.totp_enabled_at !== null, twoFactorVerified: verified };
}

// ---- members of a municipality (tenant context is set by the access check) ----

export async function listMembers(trx: Tx, tenantId: string, limit: number, cursor?: string, onlyUserId?: string) {
  let q = trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.email', 'u.name', 'm.roles', 'u.totp_enabled_at', 'm.created_at'])
    .where('m.tenant_id', '=', tenantId)
    .orderBy('m.user_id')
    .limit(limit + 1);
  if (cursor) q = q.where('m.user_id', '>', cursor);
  if (onlyUserId) q = q.where('m.user_id', '=', onlyUserId);
  const rows = await q.execute();
  return rows.map((r) => ({
    userId: r.user_id,
    email: r.email,
    name: r.name,
    roles: r.roles as MunicipalRole[],
    twoFactorEnabled: r.totp_enabled_at !== null,
    createdAt: iso(r.created_at) as string,
  }));
}

async function assertAnotherAdminRemains(trx: Tx, tenantId: string, userId: string) {
  const others = await trx
    .selectFrom('memberships')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('user_id', '!=', userId)
    .where(sql<boolean>`'admin' = any(roles)`)
    .executeTakeFirstOrThrow();
  if (Number(others.n) === 0) throw conflict('A municipality needs at least one admin. Make someone else admin first.', 'last-admin');
}

export async function updateMemberRoles(trx: Tx, tenantId: string, userId: string, roles: string[]) {
  const current = await trx.selectFrom('memberships').select('roles').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
  if (!current) throw notFound('member');
  if (current.roles.includes('admin') && !roles.includes('admin')) await assertAnotherAdminRemains(trx, tenantId, userId);
  await trx
    .updateTable('memberships')
    .set({ roles: [...new Set(roles)], updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
  return getMember(trx, tenantId, userId);
}

export async function getMember(trx: Tx, tenantId: string, userId: string) {
  const [member] = await listMembers(trx, tenantId, 1, undefined, userId);
  if (!member) throw notFound('member');
  return member;
}

export async function removeMember(trx: Tx, tenantId: string, userId: string) {
  const current = await trx.selectFrom('memberships').select('roles').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
  if (!current) throw notFound('member');
  if (current.roles.includes('admin')) await assertAnotherAdminRemains(trx, tenantId, userId);
  await trx.deleteFrom('memberships').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
}

// ---- invitations, for a municipality or a provider ----

/**
 * Whose invitation: a municipality's, a provider's, or the platform's (an invitation to become a
 * platform operator, issue 14: no roles, visible in the operator's context only, migration 0024).
 */
type InvitationOwner =
  | { tenantId: string; providerId?: undefined; platformOperator?: undefined }
  | { providerId: string; tenantId?: undefined; platformOperator?: undefined }
  | { platformOperator: true; tenantId?: undefined; providerId?: undefined };

/** Only the owner's invitations (the database's policies say the same; this is defence in depth). */
// biome-ignore lint/suspicious/noExplicitAny: a query of invitations with or without an alias
function ofOwner<Q extends { where: (...args: any[]) => Q }>(q: Q, owner: InvitationOwner, prefix = ''): Q {
  if (owner.tenantId) return q.where(`${prefix}tenant_id`, '=', owner.tenantId);
  if (owner.providerId) return q.where(`${prefix}provider_id`, '=', owner.providerId);
  return q.where(`${prefix}platform_operator`, '=', true);
}

function invitationStatus(row: { accepted_at: Date | null; revoked_at: Date | null; expires_at: Date }, now: Date) {
  if (row.accepted_at) return 'accepted' as const;
  if (row.revoked_at) return 'revoked' as const;
  if (new Date(row.expires_at) <= now) return 'expired' as const;
  return 'pending' as const;
}

function toInvitation(row: { id: string; email: string; roles: string[]; accepted_at: Date | null; revoked_at: Date | null; expires_at: Date; created_at: Date }, now: Date) {
  return {
    id: row.id,
    email: row.email,
    roles: row.roles,
    status: invitationStatus(row, now),
    expiresAt: iso(row.expires_at) as string,
    createdAt: iso(row.created_at) as string,
  };
}

export async function createInvitation(
  trx: Tx,
  owner: InvitationOwner,
  input: { email: string; roles: string[] },
  options: { invitedBy: string; organisationName: string; publicUrl: string; ttlHours: number; now: Date },
) {
  const t = newOneTimeToken();
  const id = uuidv7();
  const row = await trx
    .insertInto('invitations')
    .values({
      id,
      tenant_id: owner.tenantId ?? null,
      provider_id: owner.providerId ?? null,
      platform_operator: owner.platformOperator === true,
      email: input.email,
      roles: owner.platformOperator ? [] : [...new Set(input.roles)],
      token_hash: t.hash,
      invited_by: options.invitedBy,
      expires_at: new Date(options.now.getTime() + options.ttlHours * 3_600_000),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const link = `${options.publicUrl}/accept-invitation?token=${t.token}`;
  if (owner.platformOperator) {
    await enqueue(trx, {
      channel: 'email',
      recipient: input.email,
      tenantId: null,
      subject: 'Uitnodiging: platformbeheer van Vervolg / Invitation: Vervolg platform administration',
      body: `U bent uitgenodigd als platformbeheerder van Vervolg: u beheert dan gemeenten, zorgaanbieders en andere beheerders. Open de link om uw account te maken of te koppelen; daarna stelt u een tweede factor (authenticator-app) in. De link werkt ${options.ttlHours} uur.\n${link}\n\nYou have been invited as a platform administrator of Vervolg: you will manage municipalities, care providers and other administrators. Open the link within ${options.ttlHours} hours to create or link your account; then you set up a second factor (authenticator app).\n\nVerwachtte u dit niet? Dan hoeft u niets te doen. / Not expecting this? Ignore this e-mail.`,
    });
    return toInvitation(row, options.now);
  }
  await enqueue(trx, {
    channel: 'email',
    recipient: input.email,
    tenantId: owner.tenantId ?? null,
    subject: `Uitnodiging voor Vervolg (${options.organisationName}) / Invitation to Vervolg`,
    body: `U bent uitgenodigd om mee te werken in Vervolg voor ${options.organisationName}. Open de link om uw account te maken of te koppelen. De link werkt ${options.ttlHours} uur.\n${link}\n\nYou have been invited to work in Vervolg for ${options.organisationName}. Open the link within ${options.ttlHours} hours to create or link your account.`,
  });
  return toInvitation(row, options.now);
}

export async function listInvitations(trx: Tx, owner: InvitationOwner, limit: number, now: Date, cursor?: string) {
  let q = ofOwner(trx.selectFrom('invitations').selectAll().orderBy('id', 'desc').limit(limit + 1), owner);
  if (cursor) q = q.where('id', '<', cursor);
  return (await q.execute()).map((r) => toInvitation(r, now));
}

/**
 * Who sent each of these invitations (by name), for the staff page's list of open invitations:
 * the API's Invitation carries no sender; the page shows one. Only the owner's own invitations.
 */
export async function invitationSenders(trx: Tx, owner: InvitationOwner, invitationIds: readonly string[]): Promise<Map<string, string>> {
  if (invitationIds.length === 0) return new Map();
  const q = ofOwner(trx.selectFrom('invitations as i').innerJoin('users as u', 'u.id', 'i.invited_by').select(['i.id', 'u.name']).where('i.id', 'in', [...invitationIds]), owner, 'i.');
  return new Map((await q.execute()).map((r) => [r.id, r.name]));
}

export async function revokeInvitation(trx: Tx, owner: InvitationOwner, invitationId: string, now: Date) {
  const q = ofOwner(trx.updateTable('invitations').set({ revoked_at: now }).where('id', '=', invitationId).where('accepted_at', 'is', null).where('revoked_at', 'is', null), owner);
  const result = await q.executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('pending invitation');
}

/**
 * Accept an invitation with its token. The token is looked up through a SECURITY DEFINER
 * function that returns only the owner, so the tenant (or provider) context can be set before
 * anything else about the invitation is read. An unknown or spent token is returned as an
 * ApiError (counted against the IP address); other refusals are thrown.
 */
export async function acceptInvitation(
  trx: Tx,
  input: { token: string; name?: string | undefined; password?: string | undefined },
  signedInUserId: string | null,
  meta: TokenMeta,
) {
  const { now } = meta;
  const invalid = () => new ApiError(400, 'invalid-token', 'Invitation not valid', 'This invitation link is unknown, already used, revoked or expired. Ask for a new one.');
  const invitation = await underTokenThrottle(
    trx,
    meta,
    async () => {
      const { rows } = await sql<{ id: string; tenant_id: string | null; provider_id: string | null }>`select * from resolve_invitation(${sha256Hex(input.token)})`.execute(trx);
      const owner = rows[0];
      if (!owner) return null;
      // An invitation of neither a municipality nor a provider is the platform's (migration 0024):
      // it is visible in the operator's context only, entered here because the token matched one.
      const platform = owner.tenant_id === null && owner.provider_id === null;
      await setContext(trx, { tenantId: owner.tenant_id, providerId: owner.provider_id, operator: platform });
      const found = await trx.selectFrom('invitations').selectAll().where('id', '=', owner.id).executeTakeFirstOrThrow();
      // Only for this one row: the rest of the request has no operator's context.
      if (platform) await setContext(trx, { operator: false });
      if (platform && !found.platform_operator) return null;
      return invitationStatus(found, now) === 'pending' ? found : null;
    },
    invalid,
  );
  if (invitation instanceof ApiError) return invitation;

  let user = await trx.selectFrom('users').select(['id']).where('email', '=', invitation.email).executeTakeFirst();
  if (signedInUserId && user && signedInUserId !== user.id) {
    throw new ApiError(409, 'wrong-account', 'Signed in as someone else', 'This invitation is for another e-mail address than the account you are signed in with.');
  }
  const created = !user;
  if (!user) {
    const problems = [];
    if (!input.name) problems.push({ name: 'body.name', reason: 'Your name is required to create your account.' });
    if (!input.password) problems.push({ name: 'body.password', reason: 'Choose a password to create your account.' });
    if (problems.length) throw badRequest('To create your account, give your name and a password.', problems);
    user = await trx
      .insertInto('users')
      .values({ id: uuidv7(), email: invitation.email, name: input.name as string, password_hash: await hashPassword(input.password as string), totp_key: null, totp_enabled_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
  }
  if (invitation.platform_operator) {
    // The platform's invitation is writable in the operator's context only: entered for this one row.
    await setContext(trx, { operator: true });
    await trx.updateTable('invitations').set({ accepted_at: now }).where('id', '=', invitation.id).execute();
    await setContext(trx, { operator: false });
    await trx.updateTable('users').set({ is_platform_operator: true, updated_at: now }).where('id', '=', user.id).execute();
  } else if (invitation.tenant_id) {
    await trx.updateTable('invitations').set({ accepted_at: now }).where('id', '=', invitation.id).execute();
    await trx
      .insertInto('memberships')
      .values({ tenant_id: invitation.tenant_id, user_id: user.id, roles: invitation.roles })
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet({ roles: sql`(select array(select distinct unnest(memberships.roles || excluded.roles)))`, updated_at: now }))
      .execute();
  } else {
    await trx.updateTable('invitations').set({ accepted_at: now }).where('id', '=', invitation.id).execute();
    await trx
      .insertInto('provider_members')
      .values({ provider_id: invitation.provider_id as string, user_id: user.id, roles: invitation.roles })
      .onConflict((oc) => oc.columns(['provider_id', 'user_id']).doUpdateSet({ roles: sql`(select array(select distinct unnest(provider_members.roles || excluded.roles)))` }))
      .execute();
  }
  return { userId: user.id, municipalityId: invitation.tenant_id, providerId: invitation.provider_id, roles: invitation.roles, platformOperator: invitation.platform_operator, created };
}

/** The platform operators (for the operator's own page and API), by name. */
export async function listOperators(trx: Tx, limit: number, cursor?: string) {
  let q = trx
    .selectFrom('users')
    .select(['id', 'email', 'name', 'totp_enabled_at', 'created_at'])
    .where('is_platform_operator', '=', true)
    .orderBy('id')
    .limit(limit + 1);
  if (cursor) q = q.where('id', '>', cursor);
  return (await q.execute()).map((r) => ({ userId: r.id, email: r.email, name: r.name, twoFactorEnabled: r.totp_enabled_at !== null, createdAt: iso(r.created_at) as string }));
}

/** Create (or find) a person by e-mail, for the command line and the demo seed. */
export async function ensureUser(trx: Tx, input: { email: string; name: string; password?: string; isOperator?: boolean }) {
  const existing = await trx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
  if (existing) {
    if (input.isOperator) await trx.updateTable('users').set({ is_platform_operator: true }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const id = uuidv7();
  await trx
    .insertInto('users')
    .values({
      id,
      email: input.email,
      name: input.name,
      password_hash: input.password ? await hashPassword(input.password) : null,
      totp_key: null,
      totp_enabled_at: null,
      is_platform_operator: input.isOperator ?? false,
    })
    .execute();
  return id;
}
