// The second factor (issue 9, items 1 and 2): a TOTP code works once (RFC 6238 §5.2), recovery
// codes (ten, hashed, single use, throttled like TOTP), resetting a person's second factor (a
// municipality admin for people whose access is theirs alone, the operator for anyone), and the
// development demo link that counts as the second factor only on the embedded database.
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP, generateTOTP } from '@oslojs/otp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { routes as identity } from '../../src/modules/identity/routes.js';
import { createLoginLink, demoLinksCountAsSecondFactor } from '../../src/modules/identity/service.js';
import { TEST_SECRET_KEYS, loadConfig } from '../../src/config.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { PASSWORD, type Person, type World, createWorld } from '../support/world.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

const verify = (token: string, body: Record<string, string>) => w.call(identity.verifyTwoFactor, { token, json: body });
/** Municipal data every role of A may read. */
const members = (token: string) => w.request('GET', `/v1/municipalities/${w.A.id}/providers`, { token });
const problemType = async (res: Response) => ((await res.json()) as { type: string }).type.replace('https://vervolg.nl/problems/', '');

/** Add a membership directly (as the owner role, inside the tenant's context). */
async function addMembership(tenantId: string, userId: string) {
  await inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { tenantId });
    await trx.insertInto('memberships').values({ tenant_id: tenantId, user_id: userId, roles: ['analyst'] }).execute();
  });
}

/**
 * Every test that changes a person's second factor (uses a code, makes recovery codes, resets it)
 * does so on a person of its own, so no test finds a person another test reset or throttled.
 */
const memberOfA = (label: string, role: string) => w.person(label, { municipalities: [{ id: w.A.id, roles: [role] }] });

async function newRecoveryCodes(person: Person): Promise<string[]> {
  return (await w.call(identity.recoveryCodes, { token: person.token })).json(201).codes;
}

describe('a TOTP code works once (RFC 6238 §5.2)', () => {
  it('refuses the same code on a second session, and an older code after a newer one', async () => {
    const p = await memberOfA('totp-once', 'contract-manager');
    const first = await w.unverifiedSession(p);
    const second = await w.unverifiedSession(p);
    const code = w.totp(p);
    expect((await verify(first, { code })).status).toBe(204);
    expect((await members(first)).status).toBe(200);

    const body = (await verify(second, { code })).json(401);
    expect(body.type).toMatch(/invalid-code$/);
    expect(body.detail).toContain('already used');
    expect(await problemType(await members(second))).toBe('two-factor-required');

    // The code of the previous time step is inside the clock-drift window, but older than the one accepted.
    const step = BigInt(Math.floor(Date.now() / 30_000));
    const older = generateHOTP(p.totpKey, step - 1n, 6);
    expect((await verify(second, { code: older })).status).toBe(401);
    const row = await w.db.selectFrom('users').select('totp_last_step').where('id', '=', p.userId).executeTakeFirstOrThrow();
    expect(BigInt(row.totp_last_step as string)).toBeGreaterThanOrEqual(step - 1n);
  });

  it('also for the code that confirms a new authenticator app', async () => {
    const p = await w.person('confirm-once', { providers: [{ id: w.P2.id, roles: ['admin'] }] });
    expect((await w.call(identity.resetUserTwoFactor, { token: w.operator.token, params: { userId: p.userId } })).status).toBe(204);
    const signIn = async () => (await w.call(identity.login, { json: { email: p.email, password: PASSWORD } })).json(201).token;
    const first = await signIn();
    const setup = (await w.call(identity.totpStart, { token: first })).json(201);
    const key = decodeBase32IgnorePadding(setup.secret);
    const code = generateTOTP(key, 30, 6);
    expect((await w.call(identity.totpConfirm, { token: first, json: { code } })).status).toBe(204);
    const second = await signIn();
    expect((await verify(second, { code })).status).toBe(401);
  });
});

describe('recovery codes', () => {
  it('are ten, shown once, stored only as hashes; each verifies a session once', async () => {
    const p = await memberOfA('recovery', 'analyst');
    const codes = await newRecoveryCodes(p);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);

    const rows = await w.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', p.userId).execute();
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace('-', ''));
    }
    for (const row of rows) expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);

    const session = await w.unverifiedSession(p);
    expect((await verify(session, { recoveryCode: (codes[0] as string).toUpperCase() })).status).toBe(204);
    expect((await members(session)).status).toBe(200);

    const used = (await verify(await w.unverifiedSession(p), { recoveryCode: codes[0] as string })).json(401);
    expect(used.detail).toContain('already used');
    const me = (await w.call(identity.me, { token: p.token })).json(200);
    expect(me.recoveryCodesLeft).toBe(9);
  });

  it('new codes replace the old set', async () => {
    const p = await w.person('recovery-new', { municipalities: [{ id: w.B.id, roles: ['analyst'] }] });
    const old = await newRecoveryCodes(p);
    const fresh = await newRecoveryCodes(p);
    expect((await verify(await w.unverifiedSession(p), { recoveryCode: old[1] as string })).status).toBe(401);
    expect((await verify(await w.unverifiedSession(p), { recoveryCode: fresh[1] as string })).status).toBe(204);
    expect(await w.db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', p.userId).execute()).toHaveLength(10);
  });

  it('cannot be made with a password-only session (that would mint a second factor from a password)', async () => {
    const p = w.B.people.admin;
    const res = await w.request('POST', '/v1/me/recovery-codes', { token: await w.unverifiedSession(p) });
    expect(res.status).toBe(403);
    expect(await problemType(res)).toBe('two-factor-required');
  });

  it('share the TOTP throttle, and take either a code or a recovery code', async () => {
    const p = await w.person('recovery-throttle', { providers: [{ id: w.P2.id, roles: ['staff'] }] });
    const codes = await newRecoveryCodes(p);
    const session = await w.unverifiedSession(p);
    const both = await verify(session, { code: '123456', recoveryCode: codes[2] as string });
    expect(both.status).toBe(400);
    expect((await verify(session, {})).status).toBe(400);
    for (let i = 0; i < 5; i++) expect((await verify(session, { recoveryCode: 'aaaaa-bbbbb' })).status).toBe(401);
    expect((await verify(session, { recoveryCode: codes[2] as string })).status).toBe(429);
    expect((await verify(session, { code: w.totp(p) })).status).toBe(429);
  });
});

describe('resetting a second factor', () => {
  const resetMember = (token: string, municipalityId: string, userId: string) => w.call(identity.resetMemberTwoFactor, { token, params: { municipalityId, userId } });

  it('a municipality admin resets a member whose access is theirs alone: authenticator, recovery codes and sessions go, logged', async () => {
    const admin = w.A.people.admin;
    const p = await memberOfA('reset-by-admin', 'case-manager');
    await newRecoveryCodes(p);
    const res = await resetMember(admin.token, w.A.id, p.userId);
    expect(res.status).toBe(204);

    const user = await w.db.selectFrom('users').select(['totp_key', 'totp_enabled_at', 'totp_last_step']).where('id', '=', p.userId).executeTakeFirstOrThrow();
    expect(user).toEqual({ totp_key: null, totp_enabled_at: null, totp_last_step: null });
    expect(await w.db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', p.userId).execute()).toEqual([]);
    expect(await w.db.selectFrom('sessions').select('id').where('user_id', '=', p.userId).execute()).toEqual([]);
    expect((await w.request('GET', '/v1/me', { token: p.token })).status).toBe(401);
    const mail = await w.db.selectFrom('outbox').select(['recipient', 'subject']).where('recipient', '=', p.email).execute();
    expect(mail).toEqual([expect.objectContaining({ subject: expect.stringContaining('tweede factor') })]);

    const log = await w.db
      .selectFrom('processing_log')
      .selectAll()
      .where('trace_id', '=', res.headers.get('X-Request-ID') as string)
      .execute();
    expect(log).toEqual([
      expect.objectContaining({ operation: 'resetMemberTwoFactor', action: 'delete', tenant_id: w.A.id, actor_type: 'user', actor_id: admin.userId, subject_type: 'user', subject_id: p.userId }),
    ]);

    // The person signs in with their password and sets up a new authenticator app.
    const { token, twoFactorRequired } = (await w.call(identity.login, { json: { email: p.email, password: PASSWORD } })).json(201);
    expect(twoFactorRequired).toBe(false);
    expect(await problemType(await members(token))).toBe('two-factor-required');
    expect((await w.call(identity.totpStart, { token })).status).toBe(201);
  });

  it('refuses a member who also works for another municipality, for a provider, or is the operator — the operator resets those', async () => {
    const admin = w.A.people.admin;
    const alsoB = await w.person('also-b', { municipalities: [{ id: w.B.id, roles: ['contract-manager'] }] });
    const alsoProvider = await w.person('also-provider', { providers: [{ id: w.P1.id, roles: ['admin'] }] });
    const operator = await w.person('also-operator', { operator: true });
    await addMembership(w.A.id, alsoB.userId);
    await addMembership(w.A.id, alsoProvider.userId);
    await addMembership(w.A.id, operator.userId);
    for (const p of [alsoB, alsoProvider, operator]) {
      const body = (await resetMember(admin.token, w.A.id, p.userId)).json(403);
      expect(body.type).toMatch(/two-factor-reset-needs-operator$/);
      expect(body.detail).toContain('platform operator');
      const user = await w.db.selectFrom('users').select('totp_enabled_at').where('id', '=', p.userId).executeTakeFirstOrThrow();
      expect(user.totp_enabled_at).not.toBeNull();
    }
    // Still signed in: nothing was reset.
    expect((await w.request('GET', '/v1/me', { token: alsoB.token })).status).toBe(200);
  });

  it("answers 404 for another municipality's person, and 403 to a member without the admin role", async () => {
    expect((await resetMember(w.A.people.admin.token, w.A.id, w.B.people.admin.userId)).status).toBe(404);
    expect((await resetMember(w.A.people['contract-manager'].token, w.A.id, w.A.people.analyst.userId)).status).toBe(403);
    expect((await resetMember(w.B.people.admin.token, w.A.id, w.A.people.analyst.userId)).status).toBe(404);
  });

  it('the operator resets anyone, logged at platform level; an unknown person is 404', async () => {
    // A member of A and B: out of a municipality admin's reach.
    const p = await w.person('reset-by-operator', { municipalities: [{ id: w.A.id, roles: ['analyst'] }, { id: w.B.id, roles: ['contract-manager'] }] });
    const res = await w.call(identity.resetUserTwoFactor, { token: w.operator.token, params: { userId: p.userId } });
    expect(res.status).toBe(204);
    const user = await w.db.selectFrom('users').select('totp_enabled_at').where('id', '=', p.userId).executeTakeFirstOrThrow();
    expect(user.totp_enabled_at).toBeNull();
    expect((await w.request('GET', '/v1/me', { token: p.token })).status).toBe(401);
    const log = await w.db.selectFrom('processing_log').selectAll().where('trace_id', '=', res.headers.get('X-Request-ID') as string).execute();
    expect(log).toEqual([
      expect.objectContaining({ operation: 'resetUserTwoFactor', action: 'delete', tenant_id: null, actor_id: w.operator.userId, acting_for: 'platform', subject_type: 'user', subject_id: p.userId }),
    ]);
    expect((await w.call(identity.resetUserTwoFactor, { token: w.operator.token, params: { userId: '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11' } })).status).toBe(404);
    expect((await w.call(identity.resetUserTwoFactor, { token: w.A.people.admin.token, params: { userId: p.userId } })).status).toBe(403);
  });
});

describe('municipality setting', () => {
  it('the second factor can no longer be switched off: requireTwoFactor false is 400, true is accepted', async () => {
    const off = await w.request('PATCH', `/v1/municipalities/${w.A.id}`, { token: w.A.people.admin.token, body: { settings: { requireTwoFactor: false } } });
    expect(off.status).toBe(400);
    const body = (await off.json()) as { invalidParams: { name: string; reason: string }[] };
    expect(body.invalidParams).toEqual([expect.objectContaining({ name: 'body.settings.requireTwoFactor', reason: expect.stringContaining('can no longer be switched off') })]);
    const on = await w.request('PATCH', `/v1/municipalities/${w.A.id}`, { token: w.A.people.admin.token, body: { settings: { requireTwoFactor: true } } });
    expect(on.status).toBe(200);
    expect(((await on.json()) as { settings: { requireTwoFactor: boolean } }).settings.requireTwoFactor).toBe(true);
    // The database refuses it too (migration 0012).
    await expect(
      inAppTransaction(w.db, async (trx) => {
        await setContext(trx, { operator: true });
        await trx.updateTable('tenants').set({ require_two_factor: false }).where('id', '=', w.A.id).execute();
      }),
    ).rejects.toThrow();
  });
});

describe('the development demo link', () => {
  const link = (userId: string, secondFactor: boolean) =>
    inAppTransaction(w.db, (trx) => createLoginLink(trx, userId, 'https://vervolg.test', new Date(), { secondFactor })).then((l) => /token=([a-z2-7]+)/.exec(l)?.[1] as string);

  it('counts as the second factor only in development on the embedded database', () => {
    const deps = (env: string, embeddedDemoDatabase?: boolean) => ({ config: loadConfig({ APP_ENV: env, SEAL_P12_BASE64: 'x', SEAL_P12_PASSPHRASE: 'x', OUTBOX_TRANSPORT: 'console', SECRET_KEYS: TEST_SECRET_KEYS }), embeddedDemoDatabase });
    expect(demoLinksCountAsSecondFactor(deps('development', true))).toBe(true);
    expect(demoLinksCountAsSecondFactor(deps('development'))).toBe(false);
    expect(demoLinksCountAsSecondFactor(deps('development', false))).toBe(false);
    expect(demoLinksCountAsSecondFactor(deps('production', true))).toBe(false);
    expect(demoLinksCountAsSecondFactor(deps('test', true))).toBe(false);
  });

  it('opens an unverified session anywhere else (here: APP_ENV=test)', async () => {
    const res = await w.request('POST', '/v1/auth/login-link', { body: { token: await link(w.A.people.admin.userId, true) } });
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    expect(await problemType(await members(token))).toBe('two-factor-required');
  });

  it('opens a verified session in development on the embedded database; an ordinary link still does not', async () => {
    // The same database, served by an app as the Node entry builds it for `npm start` on PGlite.
    const dev = createApp({
      config: loadConfig({ APP_ENV: 'development', PUBLIC_URL: 'https://vervolg.test' }),
      db: w.db,
      transport: w.transport,
      log: () => {},
      embeddedDemoDatabase: true,
      runtime: 'node',
    });
    const post = (path: string, token: string) => dev.request(path, { method: 'POST', body: JSON.stringify({ token }), headers: { 'Content-Type': 'application/json' } });
    const read = (token: string) => dev.request(`/v1/municipalities/${w.A.id}/providers`, { headers: { Authorization: `Bearer ${token}` } });
    const admin = w.A.people.admin.userId;

    const demo = (await (await post('/v1/auth/login-link', await link(admin, true))).json()) as { token: string };
    expect((await read(demo.token)).status).toBe(200);
    // The page does the same.
    const page = await dev.request('/login-link', {
      method: 'POST',
      body: new URLSearchParams({ token: await link(admin, true) }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://vervolg.test' },
    });
    expect(page.status).toBe(303);
    const cookie = /vervolg_session=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1] as string;
    expect((await read(cookie)).status).toBe(200);

    const plain = (await (await post('/v1/auth/login-link', await link(admin, false))).json()) as { token: string };
    expect((await read(plain.token)).status).toBe(403);
  });
});
