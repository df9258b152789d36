import { generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type World, createWorld } from '../support/world.js';

let w: World;
let clock = new Date();
beforeAll(async () => {
  w = await createWorld({ now: () => clock });
});
afterAll(async () => w?.close());

const login = (email: string, password: string, headers: Record<string, string> = {}) => w.request('POST', '/v1/auth/login', { body: { email, password }, headers });
const linkToken = (body: string) => /token=([a-z2-7]+)/.exec(body)?.[1] as string;

describe('sign-in', () => {
  it('gives a session token and an HttpOnly, SameSite cookie', async () => {
    const res = await login(w.A.people.analyst.email, PASSWORD);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { token: string; twoFactorRequired: boolean };
    expect(body.token).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{32}$/);
    expect(body.twoFactorRequired).toBe(true);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('vervolg_session=');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Secure/i);
    const me = await w.request('GET', '/v1/me', { token: body.token });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: w.A.people.analyst.email, sessionTwoFactorVerified: false });
  });

  it('stores only a hash of the session secret', async () => {
    const res = await login(w.A.people.analyst.email, PASSWORD);
    const { token } = (await res.json()) as { token: string };
    const [id, secret] = token.split('.') as [string, string];
    const row = await w.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.secret_hash).not.toContain(secret);
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a real session id with a wrong secret', async () => {
    const [id] = w.A.people.analyst.token.split('.') as [string];
    expect((await w.request('GET', '/v1/me', { token: `${id}.${'a'.repeat(32)}` })).status).toBe(401);
  });

  it('answers the same for a wrong password and an unknown e-mail', async () => {
    const wrong = await login(w.A.people.analyst.email, 'not the password at all');
    const unknown = await login('nobody@test.example', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = (await wrong.json()) as Record<string, unknown>;
    const b = (await unknown.json()) as Record<string, unknown>;
    expect({ ...a, instance: '' }).toEqual({ ...b, instance: '' });
  });

  it('locks an account after 5 failures, for existing and unknown addresses alike', async () => {
    for (const email of [w.B.people.analyst.email, 'ghost@test.example']) {
      for (let i = 0; i < 5; i++) expect((await login(email, 'wrong password!!', { 'CF-Connecting-IP': `198.51.100.${i}` })).status).toBe(401);
      const locked = await login(email, email === 'ghost@test.example' ? 'x' : PASSWORD, { 'CF-Connecting-IP': '198.51.100.77' });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(0);
    }
    clock = new Date(clock.getTime() + 16 * 60_000);
    expect((await login(w.B.people.analyst.email, PASSWORD)).status).toBe(201);
  });

  it('a municipality that requires two-factor refuses an unverified session until the code is given', async () => {
    const p = w.A.people.admin;
    const { token } = (await (await login(p.email, PASSWORD)).json()) as { token: string };
    const before = await w.request('GET', `/v1/municipalities/${w.A.id}/members`, { token });
    expect(before.status).toBe(403);
    expect(((await before.json()) as { type: string }).type).toMatch(/two-factor-required$/);
    expect((await w.request('POST', '/v1/auth/two-factor', { token, body: { code: '000000' } })).status).toBe(401);
    expect((await w.request('POST', '/v1/auth/two-factor', { token, body: { code: w.totp(p) } })).status).toBe(204);
    expect((await w.request('GET', `/v1/municipalities/${w.A.id}/members`, { token })).status).toBe(200);
  });

  it('throttles wrong second-factor codes', async () => {
    const p = w.B.people['contract-manager'];
    const { token } = (await (await login(p.email, PASSWORD)).json()) as { token: string };
    for (let i = 0; i < 5; i++) await w.request('POST', '/v1/auth/two-factor', { token, body: { code: '000001' } });
    expect((await w.request('POST', '/v1/auth/two-factor', { token, body: { code: w.totp(p) } })).status).toBe(429);
  });
});

describe('setting up an authenticator app', () => {
  it('gives a secret, confirms with a code, then requires it at sign-in', async () => {
    // A fresh person without TOTP, invited into A.
    const inviteRes = await w.request('POST', `/v1/municipalities/${w.A.id}/invitations`, { token: w.A.people.admin.token, body: { email: 'new.person@test.example', roles: ['case-manager'] } });
    expect(inviteRes.status).toBe(201);
    const mail = w.transport.sent.length;
    await import('../../src/platform/outbox.js').then((m) => m.deliverDue(w.db, w.transport, clock));
    const message = w.transport.sent.slice(mail).find((m) => m.recipient === 'new.person@test.example');
    expect(message?.body).toContain('https://vervolg.test/accept-invitation?token=');
    const accept = await w.request('POST', '/v1/invitations/accept', { body: { token: linkToken(message?.body ?? ''), name: 'Nieuwe Collega', password: 'a long enough password' } });
    expect(accept.status).toBe(200);

    const { token, twoFactorRequired } = (await (await login('new.person@test.example', 'a long enough password')).json()) as { token: string; twoFactorRequired: boolean };
    expect(twoFactorRequired).toBe(false);
    expect((await w.request('GET', `/v1/municipalities/${w.A.id}/providers`, { token })).status).toBe(403);
    const setup = (await (await w.request('POST', '/v1/me/totp', { token })).json()) as { secret: string; uri: string };
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Vervolg:/);
    const key = decodeBase32IgnorePadding(setup.secret);
    expect((await w.request('POST', '/v1/me/totp/confirm', { token, body: { code: generateTOTP(key, 30, 6) } })).status).toBe(204);
    expect((await w.request('GET', `/v1/municipalities/${w.A.id}/providers`, { token })).status).toBe(200);
    expect((await w.request('POST', '/v1/me/totp', { token })).status).toBe(409);
    const again = (await (await login('new.person@test.example', 'a long enough password')).json()) as { twoFactorRequired: boolean };
    expect(again.twoFactorRequired).toBe(true);
  });
});

describe('sessions', () => {
  it('lists and revokes own sessions, and logout ends the current one', async () => {
    const p = w.A.people['case-manager'];
    const { token: second } = (await (await login(p.email, PASSWORD)).json()) as { token: string };
    const list = (await (await w.request('GET', '/v1/me/sessions', { token: p.token })).json()) as { items: { id: string; current: boolean }[] };
    expect(list.items.length).toBe(2);
    expect(list.items.filter((s) => s.current).map((s) => s.id)).toEqual([p.sessionId]);
    const secondId = second.split('.')[0] as string;
    // Someone else cannot revoke it.
    expect((await w.request('DELETE', `/v1/me/sessions/${secondId}`, { token: w.B.people.admin.token })).status).toBe(404);
    expect((await w.request('DELETE', `/v1/me/sessions/${secondId}`, { token: p.token })).status).toBe(204);
    expect((await w.request('GET', '/v1/me', { token: second })).status).toBe(401);
    expect((await w.request('POST', '/v1/auth/logout', { token: p.token })).status).toBe(204);
    expect((await w.request('GET', '/v1/me', { token: p.token })).status).toBe(401);
  });

  it('expires after the inactivity timeout', async () => {
    const p = w.B.people.analyst;
    const start = clock;
    const { token } = (await (await login(p.email, PASSWORD)).json()) as { token: string };
    clock = new Date(clock.getTime() + 7 * 3_600_000);
    expect((await w.request('GET', '/v1/me', { token })).status).toBe(200); // activity moves the window
    clock = new Date(clock.getTime() + 7 * 3_600_000);
    expect((await w.request('GET', '/v1/me', { token })).status).toBe(200);
    clock = new Date(clock.getTime() + 9 * 3_600_000);
    expect((await w.request('GET', '/v1/me', { token })).status).toBe(401);
    clock = start; // the fixtures' sessions live on the real clock
  });

  it('refuses a cookie-authenticated write from a foreign origin', async () => {
    const p = w.B.people.admin;
    const cookie = `vervolg_session=${p.token}`;
    const foreign = await w.request('POST', '/v1/auth/logout', { headers: { Cookie: cookie, Origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const none = await w.request('POST', '/v1/auth/logout', { headers: { Cookie: cookie } });
    expect(none.status).toBe(403);
    const read = await w.request('GET', '/v1/me', { headers: { Cookie: cookie } });
    expect(read.status).toBe(200);
    const own = await w.request('POST', '/v1/auth/two-factor', { headers: { Cookie: cookie, Origin: 'https://vervolg.test' }, body: { code: w.totp(p) } });
    expect(own.status).toBe(204);
  });
});

describe('password reset', () => {
  it('mails a one-time link; the new password works and every session ends', async () => {
    const p = w.B.people['case-manager'];
    const unknown = await w.request('POST', '/v1/auth/password-reset', { body: { email: 'nobody-here@test.example' } });
    expect(unknown.status).toBe(202);
    const res = await w.request('POST', '/v1/auth/password-reset', { body: { email: p.email } });
    expect(res.status).toBe(202);
    const { deliverDue } = await import('../../src/platform/outbox.js');
    const before = w.transport.sent.length;
    await deliverDue(w.db, w.transport, clock);
    const mails = w.transport.sent.slice(before);
    expect(mails.map((m) => m.recipient)).toEqual([p.email]);
    const token = linkToken(mails[0]?.body ?? '');
    expect((await w.request('POST', '/v1/auth/password-reset/complete', { body: { token, password: 'short' } })).status).toBe(400);
    expect((await w.request('POST', '/v1/auth/password-reset/complete', { body: { token, password: 'a brand new passphrase' } })).status).toBe(204);
    expect((await w.request('POST', '/v1/auth/password-reset/complete', { body: { token, password: 'another new passphrase' } })).status).toBe(400);
    expect((await w.request('GET', '/v1/me', { token: p.token })).status).toBe(401);
    expect((await login(p.email, 'a brand new passphrase')).status).toBe(201);
  });
});

describe('members and invitations', () => {
  it('an existing person accepting an invitation gets a second municipality', async () => {
    const p = w.B.people.analyst;
    const invite = await w.request('POST', `/v1/municipalities/${w.A.id}/invitations`, { token: w.A.people.admin.token, body: { email: p.email, roles: ['analyst'] } });
    expect(invite.status).toBe(201);
    const { deliverDue } = await import('../../src/platform/outbox.js');
    const before = w.transport.sent.length;
    await deliverDue(w.db, w.transport, clock);
    const token = linkToken(w.transport.sent.slice(before).find((m) => m.recipient === p.email)?.body ?? '');
    expect((await w.request('POST', '/v1/invitations/accept', { body: { token } })).status).toBe(200);
    expect((await w.request('POST', '/v1/invitations/accept', { body: { token } })).status).toBe(400);
    const { token: session } = (await (await login(p.email, PASSWORD)).json()) as { token: string };
    const me = (await (await w.request('GET', '/v1/me', { token: session })).json()) as { municipalities: { municipalityId: string }[] };
    expect(me.municipalities.map((m) => m.municipalityId).sort()).toEqual([w.A.id, w.B.id].sort());
  });

  it('a new person must give a name and a password, both reported at once', async () => {
    await w.request('POST', `/v1/municipalities/${w.A.id}/invitations`, { token: w.A.people.admin.token, body: { email: 'needs.details@test.example', roles: ['analyst'] } });
    const { deliverDue } = await import('../../src/platform/outbox.js');
    const before = w.transport.sent.length;
    await deliverDue(w.db, w.transport, clock);
    const token = linkToken(w.transport.sent.slice(before).find((m) => m.recipient === 'needs.details@test.example')?.body ?? '');
    const res = await w.request('POST', '/v1/invitations/accept', { body: { token } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { invalidParams: { name: string }[] };
    expect(body.invalidParams.map((p) => p.name).sort()).toEqual(['body.name', 'body.password']);
    // Nothing was consumed: the link still works.
    expect((await w.request('POST', '/v1/invitations/accept', { body: { token, name: 'Details', password: 'long enough password' } })).status).toBe(200);
  });

  it('a revoked invitation cannot be accepted; another municipality cannot revoke it', async () => {
    const res = await w.request('POST', `/v1/municipalities/${w.A.id}/invitations`, { token: w.A.people.admin.token, body: { email: 'revoked@test.example', roles: ['analyst'] } });
    const { id } = (await res.json()) as { id: string };
    expect((await w.request('DELETE', `/v1/municipalities/${w.B.id}/invitations/${id}`, { token: w.B.people.admin.token })).status).toBe(404);
    expect((await w.request('DELETE', `/v1/municipalities/${w.A.id}/invitations/${id}`, { token: w.A.people.admin.token })).status).toBe(204);
    const list = (await (await w.request('GET', `/v1/municipalities/${w.A.id}/invitations`, { token: w.A.people.admin.token })).json()) as { items: { id: string; status: string }[] };
    expect(list.items.find((i) => i.id === id)?.status).toBe('revoked');
  });

  it('admins change roles; the last admin cannot be removed; other tenants’ members are 404', async () => {
    const admin = w.A.people.admin;
    const target = w.A.people.analyst;
    const changed = await w.request('PATCH', `/v1/municipalities/${w.A.id}/members/${target.userId}`, { token: admin.token, body: { roles: ['analyst', 'case-manager'] } });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { roles: string[] }).roles.sort()).toEqual(['analyst', 'case-manager']);
    expect((await w.request('PATCH', `/v1/municipalities/${w.A.id}/members/${w.B.people['contract-manager'].userId}`, { token: admin.token, body: { roles: ['admin'] } })).status).toBe(404);
    expect((await w.request('DELETE', `/v1/municipalities/${w.A.id}/members/${admin.userId}`, { token: admin.token })).status).toBe(409);
    expect((await w.request('PATCH', `/v1/municipalities/${w.A.id}/members/${admin.userId}`, { token: admin.token, body: { roles: ['analyst'] } })).status).toBe(409);
    expect((await w.request('PATCH', `/v1/municipalities/${w.A.id}/members/${target.userId}`, { token: admin.token, body: { roles: ['mayor'] } })).status).toBe(400);
  });

  it('every write is in the processing log, with the request id as trace id', async () => {
    const res = await w.request('PATCH', `/v1/municipalities/${w.A.id}/members/${w.A.people['contract-manager'].userId}`, { token: w.A.people.admin.token, body: { roles: ['contract-manager', 'analyst'] } });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('X-Request-ID');
    const log = (await (await w.request('GET', `/v1/municipalities/${w.A.id}/processing-log?subjectId=${w.A.people['contract-manager'].userId}`, { token: w.A.people.admin.token })).json()) as { items: Record<string, unknown>[] };
    expect(log.items[0]).toMatchObject({ traceId: requestId, operation: 'updateMember', action: 'update', actorType: 'user', actorId: w.A.people.admin.userId, actingFor: w.A.id, subjectType: 'user' });
  });

  it('reads of personal data are logged too', async () => {
    const res = await w.request('GET', `/v1/municipalities/${w.A.id}/members`, { token: w.A.people.admin.token });
    const requestId = res.headers.get('X-Request-ID');
    const rows = await w.db.selectFrom('processing_log').selectAll().where('trace_id', '=', requestId as string).execute();
    expect(rows).toEqual([expect.objectContaining({ operation: 'listMembers', action: 'read', tenant_id: w.A.id })]);
  });
});

describe('login link', () => {
  it('works once', async () => {
    const { createLoginLink } = await import('../../src/modules/identity/service.js');
    const { inAppTransaction } = await import('../../src/platform/db/database.js');
    const link = await inAppTransaction(w.db, (trx) => createLoginLink(trx, w.operator.userId, 'https://vervolg.test', clock));
    const token = linkToken(link);
    const first = await w.request('POST', '/v1/auth/login-link', { body: { token } });
    expect(first.status).toBe(201);
    expect((await w.request('POST', '/v1/auth/login-link', { body: { token } })).status).toBe(400);
  });
});
