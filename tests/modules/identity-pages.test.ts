// The pages people open from e-mail links work as plain forms, in Dutch by default and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inAppTransaction } from '../../src/platform/db/database.js';
import { deliverDue } from '../../src/platform/outbox.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

const form = (fields: Record<string, string>) => ({ body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://vervolg.test' } });

async function invitationToken(email: string) {
  await w.request('POST', `/v1/municipalities/${w.A.id}/invitations`, { token: w.A.people.admin.token, body: { email, roles: ['analyst'] } });
  const before = w.transport.sent.length;
  await deliverDue(w.db, w.transport);
  return /token=([a-z2-7]+)/.exec(w.transport.sent.slice(before).find((m) => m.recipient === email)?.body ?? '')?.[1] as string;
}

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

  it('creates the account on submit; a second submit is refused and changes nothing', async () => {
    const token = await invitationToken('form.user@test.example');
    const ok = await w.app.request('/accept-invitation', { method: 'POST', ...form({ token, name: 'Form User', password: 'a long enough password' }) });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Gelukt');
    const again = await w.app.request('/accept-invitation', { method: 'POST', ...form({ token, name: 'Someone', password: 'another long password' }) });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('role="alert"');
    const users = await w.db.selectFrom('users').select('name').where('email', '=', 'form.user@test.example').execute();
    expect(users).toEqual([{ name: 'Form User' }]);
  });

  it('a too short password brings the form back (400): the error by the field and in the summary, the name kept, never the password', async () => {
    const token = await invitationToken('short.user@test.example');
    const res = await w.app.request('/accept-invitation', { method: 'POST', ...form({ token, name: 'Kort <Wachtwoord>', password: 'short' }) });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Er is 1 fout in het formulier');
    expect(html).toContain('<a class="utrecht-link" href="#field-password">');
    expect(html).toContain('id="field-password-error">Het wachtwoord is te kort');
    expect(html).toMatch(/id="field-password"[^>]*aria-invalid="true"[^>]*aria-describedby="field-password-hint field-password-error"/);
    expect(html).toContain('value="Kort &lt;Wachtwoord&gt;"');
    expect(html).not.toContain('value="short"');
    expect(await w.db.selectFrom('users').select('id').where('email', '=', 'short.user@test.example').execute()).toEqual([]);
  });

  it('a missing token gets a clear page, not an error', async () => {
    const res = await w.request('GET', '/accept-invitation');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('niet compleet');
  });
});

describe('login-link page', () => {
  it('signs in with a cookie once', async () => {
    const { createLoginLink } = await import('../../src/modules/identity/service.js');
    const link = await inAppTransaction(w.db, (trx) => createLoginLink(trx, w.operator.userId, 'https://vervolg.test', new Date()));
    const token = new URL(link).searchParams.get('token') as string;
    const res = await w.app.request('/login-link', { method: 'POST', ...form({ token }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^vervolg_session=[a-z2-7]{24}\.[a-z2-7]{32};/);
    const me = await w.request('GET', '/v1/me', { headers: { Cookie: cookie.split(';')[0] as string } });
    expect(me.status).toBe(200);
    expect((await w.app.request('/login-link', { method: 'POST', ...form({ token }) })).status).toBe(400);
  });
});
