// Throttles on the identity operations a stranger can call: password-reset requests (per e-mail
// address and per IP address) and one-time tokens — login links, password-reset links and
// invitations (per IP address). 429 problem+json with Retry-After (a page on the pages), the same
// for addresses with and without an account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginLink } from '../../src/modules/identity/service.js';
import { inAppTransaction } from '../../src/platform/db/database.js';
import { deliverDue } from '../../src/platform/outbox.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let clock = new Date();
beforeAll(async () => {
  w = await createWorld({ now: () => clock });
});
afterAll(async () => w?.close());

const resetRequest = (email: string, from: string) => w.request('POST', '/v1/auth/password-reset', { body: { email }, from });
const BAD_TOKEN = 'a'.repeat(32);

async function expectTooMany(res: Response) {
  expect(res.status).toBe(429);
  expect(res.headers.get('Content-Type')).toContain('application/problem+json');
  expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
  return { ...((await res.json()) as Record<string, unknown>), instance: '' };
}

async function mailsTo(email: string) {
  await deliverDue(w.db, w.transport);
  return w.transport.sent.filter((m) => m.recipient === email).length;
}

describe('password-reset requests', () => {
  it('are limited per e-mail address, alike for addresses with and without an account', async () => {
    const known = w.A.people.analyst.email;
    const unknown = 'nobody.here@test.example';
    const answers: Record<string, unknown>[] = [];
    for (const email of [known, unknown]) {
      // Five requests, each from another address, are answered 202; the sixth is refused.
      for (let i = 0; i < 5; i++) expect((await resetRequest(email, `198.51.100.${i + 1}`)).status).toBe(202);
      answers.push(await expectTooMany(await resetRequest(email, '198.51.100.99')));
    }
    // Nothing tells the two apart.
    expect(answers[0]).toEqual(answers[1]);
    expect(await mailsTo(known)).toBe(5);
    expect(await mailsTo(unknown)).toBe(0);
    // After the lock (an hour) the address may ask again.
    clock = new Date(clock.getTime() + 61 * 60_000);
    expect((await resetRequest(known, '198.51.100.1')).status).toBe(202);
  });

  it('are limited per IP address, whatever addresses they name', async () => {
    const from = '203.0.113.40';
    for (let i = 0; i < 20; i++) expect((await resetRequest(`person${i}@test.example`, from)).status).toBe(202);
    await expectTooMany(await resetRequest(w.B.people.analyst.email, from));
    expect(await mailsTo(w.B.people.analyst.email)).toBe(0);
    // Another client is not affected.
    expect((await resetRequest(w.B.people.analyst.email, '203.0.113.41')).status).toBe(202);
  });
});

describe('one-time tokens', () => {
  const loginLinkToken = async () => {
    const link = await inAppTransaction(w.db, (trx) => createLoginLink(trx, w.operator.userId, 'https://vervolg.test', clock));
    return new URL(link).searchParams.get('token') as string;
  };

  it('bad login links, reset links and invitations from one IP address lock it out, also for a good link', async () => {
    const from = '203.0.113.50';
    // Twenty wrong tokens, spread over the three kinds: they count together.
    for (let i = 0; i < 20; i++) {
      const [path, body] = [
        ['/v1/auth/login-link', { token: BAD_TOKEN }],
        ['/v1/auth/password-reset/complete', { token: BAD_TOKEN, password: 'a long enough password' }],
        ['/v1/invitations/accept', { token: BAD_TOKEN, name: 'X', password: 'a long enough password' }],
      ][i % 3] as [string, Record<string, string>];
      expect((await w.request('POST', path, { body, from })).status).toBe(400);
    }
    const good = await loginLinkToken();
    await expectTooMany(await w.request('POST', '/v1/auth/login-link', { body: { token: good }, from }));
    await expectTooMany(await w.request('POST', '/v1/invitations/accept', { body: { token: BAD_TOKEN }, from }));
    await expectTooMany(await w.request('POST', '/v1/auth/password-reset/complete', { body: { token: BAD_TOKEN, password: 'a long enough password' }, from }));
    // The refused link was not spent: from another address it still works.
    expect((await w.request('POST', '/v1/auth/login-link', { body: { token: good }, from: '203.0.113.51' })).status).toBe(201);
    // After the lock the address may try again.
    clock = new Date(clock.getTime() + 16 * 60_000);
    expect((await w.request('POST', '/v1/auth/login-link', { body: { token: await loginLinkToken() }, from })).status).toBe(201);
  });

  it('the pages answer a readable 429 with Retry-After, and count like the API', async () => {
    const from = '203.0.113.60';
    const submit = (path: string, fields: Record<string, string>, lang = 'nl') =>
      w.app.request(
        `${path}?lang=${lang}`,
        { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://vervolg.test' } },
        { incoming: { socket: { remoteAddress: from } } },
      );
    for (let i = 0; i < 20; i++) {
      const path = ['/login-link', '/reset-password', '/accept-invitation'][i % 3] as string;
      const res = await submit(path, { token: BAD_TOKEN, password: 'a long enough password', name: 'X' });
      expect(res.status).toBe(400);
    }
    const locked = await submit('/login-link', { token: await loginLinkToken() }, 'en');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(locked.headers.get('Set-Cookie')).toBeNull();
    const html = await locked.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/Too many attempts\. Please try again in \d+ minutes\./);
    const nl = await (await submit('/accept-invitation', { token: BAD_TOKEN })).text();
    expect(nl).toMatch(/te veel pogingen/);
  });
});
