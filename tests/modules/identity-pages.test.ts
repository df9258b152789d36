// The identity pages work as plain forms (no JavaScript), in Dutch by default and English: the
// e-mail link pages (invitation, login link, reset) and the staff app's sign-in, second factor,
// enrolment, recovery codes, forgot password, account and sessions, sign out.
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNext } from '../../src/platform/http/pages.js';
import { inAppTransaction } from '../../src/platform/db/database.js';
import { deliverDue } from '../../src/platform/outbox.js';
import { PASSWORD, type Person, type World, connectionFrom, createWorld } from '../support/world.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

const ORIGIN = 'https://vervolg.test';
const form = (fields: Record<string, string>) => ({ body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN } });

/** A browser without JavaScript: keeps the session cookie, sends our Origin on forms, does not follow redirects. */
function visitor(ip: string) {
  let cookie = '';
  const keep = (res: Response) => {
    const set = res.headers.get('set-cookie');
    if (set) {
      const value = /vervolg_session=([^;]*)/.exec(set)?.[1] ?? '';
      cookie = value ? `vervolg_session=${value}` : '';
    }
    return res;
  };
  return {
    get cookie() {
      return cookie;
    },
    set cookie(value: string) {
      cookie = value;
    },
    get: async (path: string) => keep(await w.app.request(path, { headers: cookie ? { Cookie: cookie } : {} }, connectionFrom(ip))),
    post: async (path: string, fields: Record<string, string>) => {
      const f = form(fields);
      return keep(await w.app.request(path, { method: 'POST', body: f.body, headers: { ...f.headers, ...(cookie ? { Cookie: cookie } : {}) } }, connectionFrom(ip)));
    },
  };
}

async function invitationToken(email: string) {
  await w.request('POST', `/v1/municipalities/${w.A.id}/invitations`, { token: w.A.people.admin.token, body: { email, roles: ['analyst'] } });
  const before = w.transport.sent.length;
  await deliverDue(w.db, w.transport);
  return /token=([a-z2-7]+)/.exec(w.transport.sent.slice(before).find((m) => m.recipient === email)?.body ?? '')?.[1] as string;
}

const keyFrom = (html: string) => (/id="totp-key"[^>]*>([A-Z2-7 ]+)</.exec(html)?.[1] ?? '').replace(/ /g, '');

describe('accept-invitation page', () => {
  it('shows an accessible form in Dutch, and in English on request', async () => {
    const token = await invitationToken('page.user@test.example');
    const nl = await w.request('GET', `/accept-invitation?token=${token}`);
    expect(nl.status).toBe(200);
    const html = await nl.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Uitnodiging accepteren');
    expect(html).toMatch(/<label class="utrecht-form-label" for="field-password">/);
    expect(html).toContain(`value="${token}"`);
    expect(nl.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const en = await (await w.request('GET', `/accept-invitation?token=${token}&lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Accept invitation');
  });

  it('creates the account and signs the person in, on to the authenticator app; a second submit is refused and changes nothing', async () => {
    const token = await invitationToken('form.user@test.example');
    const v = visitor('198.51.100.10');
    const ok = await v.post('/accept-invitation', { token, name: 'Form User', password: 'a long enough password' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/app/enrol?lang=nl');
    expect(v.cookie).toMatch(/^vervolg_session=/);
    const again = await w.app.request('/accept-invitation', { method: 'POST', ...form({ token, name: 'Someone', password: 'another long password' }) });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('role="alert"');
    const users = await w.db.selectFrom('users').select('name').where('email', '=', 'form.user@test.example').execute();
    expect(users).toEqual([{ name: 'Form User' }]);

    // Enrolment: the key on the page, a code from it, then the recovery codes once.
    const enrol = await v.get('/app/enrol');
    expect(enrol.status).toBe(200);
    const page = await enrol.text();
    expect(page).toContain('<svg');
    expect(page).not.toContain('otpauth://totp/Vervolg'.replace('Vervolg', 'Vervolg:form'));
    const key = keyFrom(page);
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    // Reloading shows the same key (what was scanned keeps working).
    expect(keyFrom(await (await v.get('/app/enrol')).text())).toBe(key);
    // Before the second factor, the account page sends the person back to enrolment.
    expect((await v.get('/app/account')).headers.get('location')).toBe('/app/enrol');
    const wrong = await v.post('/app/enrol', { code: '12' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('aria-invalid="true"');
    const done = await v.post('/app/enrol', { code: generateTOTP(decodeBase32IgnorePadding(key), 30, 6) });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/app/recovery-codes');
    const codes = await (await v.get('/app/recovery-codes')).text();
    expect(codes.match(/translate="no">[a-z2-7]{5}-[a-z2-7]{5}</g)).toHaveLength(10);
    const reload = await (await v.get('/app/recovery-codes')).text();
    expect(reload.match(/translate="no">[a-z2-7]{5}-[a-z2-7]{5}</g)).toBeNull();
    const account = await v.get('/app/account');
    expect(account.status).toBe(200);
    expect(await account.text()).toContain('form.user@test.example');
    const log = await w.db.selectFrom('processing_log').select('operation').where('trace_id', 'is not', null).where('actor_id', '=', (await w.db.selectFrom('users').select('id').where('email', '=', 'form.user@test.example').executeTakeFirstOrThrow()).id).execute();
    expect(log.map((l) => l.operation)).toEqual(expect.arrayContaining(['confirmTotpSetup', 'createRecoveryCodes']));
  });

  it('bad input brings the form back with the name kept and the error by the field; the password never comes back', async () => {
    const token = await invitationToken('short.user@test.example');
    const v = visitor('198.51.100.11');
    const short = await v.post('/accept-invitation', { token, name: 'Short User', password: 'short' });
    expect(short.status).toBe(400);
    const html = await short.text();
    expect(html).toContain('value="Short User"');
    expect(html).toContain('id="field-password-error"');
    expect(html).toContain('href="#field-password"');
    expect(html).not.toContain('value="short"');
    const noName = await v.post('/accept-invitation', { token, name: '', password: 'a long enough password' });
    expect(noName.status).toBe(400);
    expect(await noName.text()).toContain('id="field-name-error"');
    expect(v.cookie).toBe('');
    // The token still works.
    expect((await v.post('/accept-invitation', { token, name: 'Short User', password: 'a long enough password' })).status).toBe(303);
  });

  it('a too short password brings the form back (400): the error by the field and in the summary, the name kept (escaped), never the password, no account made', async () => {
    const token = await invitationToken('short.escaped@test.example');
    const res = await w.app.request('/accept-invitation', { method: 'POST', ...form({ token, name: 'Kort <Wachtwoord>', password: 'short' }) });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('fout in het formulier');
    expect(html).toContain('<a class="utrecht-link" href="#field-password">');
    expect(html).toMatch(/id="field-password-error">[^<]*12 tekens/);
    expect(html).toMatch(/id="field-password"[^>]*aria-invalid="true"[^>]*aria-describedby="field-password-hint field-password-error"/);
    expect(html).toContain('value="Kort &lt;Wachtwoord&gt;"');
    expect(html).not.toContain('value="short"');
    expect(await w.db.selectFrom('users').select('id').where('email', '=', 'short.escaped@test.example').execute()).toEqual([]);
  });

  it('a missing token gets a clear page, not an error', async () => {
    const res = await w.request('GET', '/accept-invitation');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('niet compleet');
  });
});

describe('login-link page', () => {
  it('signs in with a cookie once, and leads into the app', async () => {
    const { createLoginLink } = await import('../../src/modules/identity/service.js');
    const link = await inAppTransaction(w.db, (trx) => createLoginLink(trx, w.operator.userId, 'https://vervolg.test', new Date()));
    const token = new URL(link).searchParams.get('token') as string;
    const res = await w.app.request('/login-link', { method: 'POST', ...form({ token }) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app?lang=nl');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^vervolg_session=[a-z2-7]{24}\.[a-z2-7]{32};/);
    const me = await w.request('GET', '/v1/me', { headers: { Cookie: cookie.split(';')[0] as string } });
    expect(me.status).toBe(200);
    expect((await w.app.request('/login-link', { method: 'POST', ...form({ token }) })).status).toBe(400);
  });
});

describe('the front door', () => {
  it('/ leads to /app, and /app without a session to the sign-in page', async () => {
    const root = await w.app.request('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/app');
    const app = await w.app.request('/app');
    expect(app.status).toBe(303);
    expect(app.headers.get('location')).toBe('/app/sign-in');
    const account = await w.app.request('/app/account?lang=en');
    expect(account.headers.get('location')).toBe('/app/sign-in?lang=en&next=%2Fapp%2Faccount');
  });

  it('accepts only our own paths under /app as the way back', () => {
    expect(safeNext('/app/account')).toBe('/app/account');
    for (const bad of ['//evil.example/app', '/app//evil', 'https://evil.example', '/v1/me', '/app/../v1', '/app\\evil', '/application']) expect(safeNext(bad), bad).toBeNull();
  });
});

describe('sign-in page', () => {
  it('is a labelled form with the right autocomplete, Dutch by default and English', async () => {
    const nl = await w.app.request('/app/sign-in');
    expect(nl.status).toBe(200);
    const html = await nl.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toMatch(/<h1[^>]*>Inloggen<\/h1>/);
    expect(html).toMatch(/<label class="utrecht-form-label" for="field-email">E-mailadres<\/label>/);
    expect(html).toMatch(/type="email" id="field-email" name="email"[^>]*value="" autocomplete="username"/);
    expect(html).toMatch(/autocomplete="current-password"/);
    expect(nl.headers.get('Content-Security-Policy')).toContain("form-action 'self'");
    const en = await (await w.app.request('/app/sign-in?lang=en')).text();
    expect(en).toMatch(/<h1[^>]*>Sign in<\/h1>/);
  });

  it('empty fields: the form comes back with an error by each field and a summary linking to them', async () => {
    const v = visitor('198.51.100.20');
    const res = await v.post('/app/sign-in', { email: '', password: '' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('href="#field-email"');
    expect(html).toContain('href="#field-password"');
    expect(html).toContain('id="field-email-error"');
    expect(html).toContain('id="field-password-error"');
    expect(html.match(/aria-invalid="true"/g)).toHaveLength(2);
    expect(v.cookie).toBe('');
  });

  it('a wrong password keeps the e-mail, says the same for an unknown address, never echoes the password', async () => {
    const v = visitor('198.51.100.21');
    const person = w.A.people['contract-manager'];
    const wrong = await v.post('/app/sign-in', { email: person.email, password: 'not the password' });
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain(`value="${person.email}"`);
    expect(html).not.toContain('not the password');
    expect(html).toContain('Het e-mailadres of wachtwoord klopt niet.');
    const unknown = await (await v.post('/app/sign-in', { email: 'nobody@test.example', password: 'not the password' })).text();
    expect(unknown.replace(/nobody@test\.example/g, 'X')).toBe(html.replace(new RegExp(person.email.replace(/\./g, '\\.'), 'g'), 'X'));
  });

  it('password, then the code: lands in the app; wrong code by the field; sign out ends the session', async () => {
    const person: Person = w.A.people.analyst;
    const v = visitor('198.51.100.22');
    const signedIn = await v.post('/app/sign-in?next=%2Fapp%2Faccount', { email: person.email.toUpperCase(), password: PASSWORD });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/app/two-factor?next=%2Fapp%2Faccount');
    expect((await v.get('/app')).headers.get('location')).toBe('/app/two-factor');
    const tf = await (await v.get('/app/two-factor')).text();
    expect(tf).toMatch(/inputmode="numeric"/);
    expect(tf).toMatch(/autocomplete="one-time-code"/);
    const bad = await v.post('/app/two-factor?next=%2Fapp%2Faccount', { code: '000000' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="field-code-error"');
    const good = await v.post('/app/two-factor?next=%2Fapp%2Faccount', { code: w.totp(person) });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe('/app/account');
    const account = await (await v.get('/app/account')).text();
    expect(account).toContain(person.email);
    expect(account).toContain('(Deze sessie)');
    const cookie = v.cookie;
    const out = await v.post('/app/sign-out', {});
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/app/sign-in?signedOut=1');
    expect(v.cookie).toBe('');
    // The old cookie opens nothing any more.
    v.cookie = cookie;
    expect((await v.get('/app/account')).headers.get('location')).toBe('/app/sign-in?next=%2Fapp%2Faccount');
    const login = await w.db.selectFrom('processing_log').select(['operation', 'actor_id']).where('operation', 'in', ['login', 'verifyTwoFactor', 'logout']).where('actor_id', '=', person.userId).execute();
    expect(login.map((l) => l.operation).sort()).toEqual(['logout', 'verifyTwoFactor']);
  });

  it('a recovery code instead of the app: works once', async () => {
    const person = w.B.people['contract-manager'];
    const made = await w.request('POST', '/v1/me/recovery-codes', { token: person.token });
    const { codes } = (await made.json()) as { codes: string[] };
    const v = visitor('198.51.100.24');
    await v.post('/app/sign-in', { email: person.email, password: PASSWORD });
    const bad = await v.post('/app/two-factor', { recoveryCode: 'nope' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="field-recoveryCode-error"');
    const ok = await v.post('/app/two-factor', { recoveryCode: codes[0] as string });
    expect(ok.headers.get('location')).toBe('/app');
    const again = visitor('198.51.100.25');
    await again.post('/app/sign-in', { email: person.email, password: PASSWORD });
    const used = await again.post('/app/two-factor', { recoveryCode: codes[0] as string });
    expect(used.status).toBe(400);
  });

  it('too many wrong passwords: 429 with the minutes, as the API', async () => {
    const v = visitor('198.51.100.23');
    const person = w.B.people.analyst;
    for (let i = 0; i < 5; i++) await v.post('/app/sign-in', { email: person.email, password: `wrong ${i}` });
    const locked = await v.post('/app/sign-in', { email: person.email, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('Retry-After')).toBeTruthy();
    expect(await locked.text()).toMatch(/Probeer het over \d+ minuten opnieuw/);
  });
});

describe('account page', () => {
  it('lists my sessions; revoking another one ends it; sign out everywhere ends all', async () => {
    const person = w.B.people['case-manager'];
    const v = visitor('198.51.100.30');
    await v.post('/app/sign-in', { email: person.email, password: PASSWORD });
    await v.post('/app/two-factor', { code: w.totp(person) });
    const html = await (await v.get('/app/account')).text();
    expect(html).toContain(`value="${person.sessionId}"`);
    const revoked = await v.post('/app/account', { intent: 'revoke', session: person.sessionId });
    expect(revoked.headers.get('location')).toBe('/app/account?revoked=1');
    expect((await w.request('GET', '/v1/me', { token: person.token })).status).toBe(401);
    const someoneElses = await v.post('/app/account', { intent: 'revoke', session: w.A.people.admin.sessionId });
    expect(someoneElses.status).toBe(404);
    expect((await w.request('GET', '/v1/me', { token: w.A.people.admin.token })).status).toBe(200);
    const everywhere = await v.post('/app/account', { intent: 'everywhere' });
    expect(everywhere.headers.get('location')).toBe('/app/sign-in?signedOut=1');
    const left = await w.db.selectFrom('sessions').select('id').where('user_id', '=', person.userId).execute();
    expect(left).toEqual([]);
  });
});

describe('forgot password', () => {
  it('gives the same answer for any address; an existing account gets the reset link', async () => {
    const v = visitor('198.51.100.40');
    const empty = await v.post('/app/forgot-password', { email: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('id="field-email-error"');
    const known = await v.post('/app/forgot-password', { email: w.B.people.admin.email });
    const unknown = await v.post('/app/forgot-password', { email: 'nobody.here@test.example' });
    expect(known.headers.get('location')).toBe('/app/forgot-password?sent=1');
    expect(unknown.headers.get('location')).toBe('/app/forgot-password?sent=1');
    const before = w.transport.sent.length;
    await deliverDue(w.db, w.transport);
    const mail = w.transport.sent.slice(before).find((m) => m.recipient === w.B.people.admin.email);
    expect(mail?.body).toContain('/reset-password?token=');
    expect(w.transport.sent.slice(before).some((m) => m.recipient === 'nobody.here@test.example')).toBe(false);
  });
});
