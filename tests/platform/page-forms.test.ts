// Every page form that changes something accepts a post only from Vervolg's own origin (one
// middleware for all pages, one rule shared with the API's cookie check): a foreign site cannot
// sign a visitor in to an account of its choosing, accept an invitation, reset a password, or ask
// for a code, enter one, sign or decline in a visitor's browser.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { createLoginLink } from '../../src/modules/identity/service.js';
import { inAppTransaction } from '../../src/platform/db/database.js';
import { deliverDue } from '../../src/platform/outbox.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { PASSWORD, type World, createWorld } from '../support/world.js';

let w: World;
let templateVersionId: string;
const base = () => `/v1/municipalities/${w.A.id}`;
const OWN = 'https://vervolg.test';
const FOREIGN = { Origin: 'https://evil.example' };
const SAME = { Origin: OWN };

beforeAll(async () => {
  w = await createWorld();
  ({ templateVersionId } = await publishedTemplate(w, adminOf(w.A)));
});
afterAll(async () => w?.close());

const submit = (path: string, fields: Record<string, string>, headers: Record<string, string>) =>
  w.app.request(path, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });

/** The refusal is a readable page (not JSON), in the visitor's language. */
async function expectRefusedPage(res: Response, language: 'nl' | 'en' = 'nl') {
  expect(res.status).toBe(403);
  expect(res.headers.get('Content-Type')).toContain('text/html');
  expect(res.headers.get('Set-Cookie')).toBeNull();
  expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
  const html = await res.text();
  expect(html).toContain(`<html lang="${language}">`);
  expect(html).toContain('role="alert"');
  expect(html).toContain(language === 'nl' ? 'Formulier niet verwerkt' : 'Form not processed');
}

async function mailedToken(email: string, path: string) {
  const before = w.transport.sent.length;
  await deliverDue(w.db, w.transport);
  const body = w.transport.sent.slice(before).find((m) => m.recipient === email)?.body ?? '';
  return new RegExp(`${path}\\?token=([a-z2-7]+)`).exec(body)?.[1] as string;
}

describe('identity pages', () => {
  it('login link: a foreign form is refused and signs no one in; the same link then works from our page', async () => {
    // The operator's login links made before this one (another test makes some too).
    const linksBefore = (await sql<{ token_hash: string }>`select token_hash from user_tokens where purpose = 'login-link' and user_id = ${w.operator.userId}`.execute(w.db)).rows.map((r) => r.token_hash);
    const link = await inAppTransaction(w.db, (trx) => createLoginLink(trx, w.operator.userId, OWN, new Date()));
    const token = new URL(link).searchParams.get('token') as string;
    const sessionsBefore = await w.db.selectFrom('sessions').select('id').where('user_id', '=', w.operator.userId).execute();

    await expectRefusedPage(await submit('/login-link', { token }, FOREIGN));
    await expectRefusedPage(await submit('/login-link?lang=en', { token }, FOREIGN), 'en');
    // Every way a browser can say "not from you" is refused:
    const refusals: Record<string, string>[] = [
      { Origin: 'null' }, // an opaque origin (sandboxed frame, no-referrer page elsewhere)
      { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' }, // a sibling subdomain is another origin
      {}, // neither header: not a browser form we can vouch for
      { Origin: 'http://vervolg.test' }, // another scheme
      { Origin: 'https://vervolg.test.evil.example' },
      { Origin: 'https://app.vervolg.test' }, // allowed for the API (CORS_ORIGINS), not for our own pages
      { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'same-origin' }, // Origin decides when present
    ];
    for (const headers of refusals) {
      expect((await submit('/login-link', { token }, headers)).status, JSON.stringify(headers)).toBe(403);
    }
    expect(await w.db.selectFrom('sessions').select('id').where('user_id', '=', w.operator.userId).execute()).toEqual(sessionsBefore);
    const tokenRow = await sql<{ used_at: Date | null }>`select used_at from user_tokens where purpose = 'login-link' and user_id = ${w.operator.userId} and not (token_hash = any(${linksBefore}::text[]))`.execute(w.db);
    expect(tokenRow.rows).toEqual([{ used_at: null }]);

    const ok = await submit('/login-link', { token }, SAME);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('Set-Cookie')).toMatch(/^vervolg_session=/);
  });

  it('without Origin (or with an opaque one), Fetch Metadata from our own origin is accepted', async () => {
    const accepted: Record<string, string>[] = [{ 'Sec-Fetch-Site': 'same-origin' }, { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' }];
    for (const headers of accepted) {
      const link = await inAppTransaction(w.db, (trx) => createLoginLink(trx, w.operator.userId, OWN, new Date()));
      expect((await submit('/login-link', { token: new URL(link).searchParams.get('token') as string }, headers)).status).toBe(303);
    }
  });

  it('accept invitation: a foreign form creates no account; from our page it does', async () => {
    const email = 'csrf.invitee@test.example';
    await w.request('POST', `${base()}/invitations`, { token: w.A.people.admin.token, body: { email, roles: ['analyst'] } });
    const token = await mailedToken(email, 'accept-invitation');
    const fields = { token, name: 'Invitee', password: 'a long enough password' };
    await expectRefusedPage(await submit('/accept-invitation', fields, FOREIGN));
    expect(await w.db.selectFrom('users').select('id').where('email', '=', email).execute()).toEqual([]);
    expect((await w.db.selectFrom('invitations').select('accepted_at').where('email', '=', email).executeTakeFirstOrThrow()).accepted_at).toBeNull();
    expect((await submit('/accept-invitation', fields, SAME)).status).toBe(303);
    expect(await w.db.selectFrom('users').select('name').where('email', '=', email).execute()).toEqual([{ name: 'Invitee' }]);
  });

  it('reset password: a foreign form changes no password; from our page it does', async () => {
    const person = w.B.people.analyst;
    expect((await w.request('POST', '/v1/auth/password-reset', { body: { email: person.email } })).status).toBe(202);
    const token = await mailedToken(person.email, 'reset-password');
    const hash = async () => (await w.db.selectFrom('users').select('password_hash').where('id', '=', person.userId).executeTakeFirstOrThrow()).password_hash;
    const before = await hash();
    await expectRefusedPage(await submit('/reset-password', { token, password: 'an attacker chosen password' }, FOREIGN));
    expect(await hash()).toBe(before);
    expect((await w.request('POST', '/v1/auth/login', { body: { email: person.email, password: PASSWORD } })).status).toBe(201);
    expect((await submit('/reset-password', { token, password: 'my own new password' }, SAME)).status).toBe(200);
    expect(await hash()).not.toBe(before);
  });

  it('pages ask browsers for their origin as referrer, so our own forms carry a real Origin', async () => {
    const res = await w.request('GET', '/login-link?token=abc');
    expect(res.headers.get('Referrer-Policy')).toBe('strict-origin');
    expect(await res.text()).toContain('<meta name="referrer" content="strict-origin"/>');
    // Reading a page is not a state change: a foreign Origin on GET is not refused.
    expect((await w.request('GET', '/login-link?token=abc', { headers: FOREIGN })).status).toBe(200);
  });
});

describe('signing page', () => {
  async function sendAgreement() {
    const mobile = '+31612340001';
    const a = (
      await w.call(agreements.createAgreement, {
        token: w.A.people['case-manager'].token,
        params: { municipalityId: w.A.id },
        json: {
          templateVersionId,
          youngPerson: { name: 'Sanne Origin', dateOfBirth: '2009-05-14', mobile },
          departureDate: '2027-02-01',
          aftercareStartDate: '2026-12-01',
          plan: { goals: [{ domain: 'housing', term: 'long', description: 'Zelfstandig wonen', targetDate: '2027-09-01' }] },
        },
      })
    ).json(201);
    const sent = await w.call(agreements.send, {
      token: w.A.people['case-manager'].token,
      params: { municipalityId: w.A.id, agreementId: a.id },
      headers: { 'If-Match': '"r1"' },
      json: { order: 'sequential', signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: 'officier.origin@alpha.example' }] },
    });
    expect(sent.status).toBe(200);
    return { id: a.id, mobile };
  }

  const outbox = async (recipient: string) => (await sql<{ body: string }>`select body from outbox where recipient = ${recipient} order by created_at, id`.execute(w.db)).rows.map((r) => r.body);
  const state = async (agreementId: string) => ({
    signers: (await sql`select * from signers where agreement_id = ${agreementId} order by position`.execute(w.db)).rows,
    events: (await sql`select id from signing_events where agreement_id = ${agreementId}`.execute(w.db)).rows.length,
  });

  it('code request, code entry, sign and decline: a foreign form is refused and changes nothing', async () => {
    const { id, mobile } = await sendAgreement();
    const t = /\/sign\?t=([a-z2-7]{32})/.exec((await outbox(mobile))[0] as string)?.[1] as string;

    // Ask for a code.
    let before = await state(id);
    await expectRefusedPage(await submit('/sign/code?lang=nl', { t }, FOREIGN));
    expect(await outbox(mobile)).toHaveLength(1); // only the link; no code was sent
    expect(await state(id)).toEqual(before);
    expect((await submit('/sign/code?lang=nl', { t }, SAME)).status).toBe(200);
    const messages = await outbox(mobile);
    expect(messages).toHaveLength(2);
    const code = /(\d{6})/.exec(messages[1] as string)?.[1] as string;

    // Enter it.
    before = await state(id);
    await expectRefusedPage(await submit('/sign/verify?lang=en', { t, code }, FOREIGN), 'en');
    expect(await state(id)).toEqual(before);
    expect(await (await submit('/sign/verify?lang=nl', { t, code }, SAME)).text()).toContain('Zelfstandig wonen');

    // Sign, and decline.
    before = await state(id);
    await expectRefusedPage(await submit('/sign/sign?lang=nl', { t, consent: 'yes', typedName: 'Sanne Origin' }, FOREIGN));
    await expectRefusedPage(await submit('/sign/decline?lang=nl', { t, reason: 'Niet mee eens' }, FOREIGN));
    expect(await state(id)).toEqual(before);
    expect((before.signers[0] as { status: string }).status).toBe('notified');

    // From the page itself, signing works.
    const signed = await submit('/sign/sign?lang=nl', { t, consent: 'yes', typedName: 'Sanne Origin' }, SAME);
    expect(await signed.text()).toContain('Gelukt');
    expect(((await state(id)).signers[0] as { status: string }).status).toBe('signed');
  });
});

describe('the API cookie check is the same rule', () => {
  it('a cookie write is judged by Origin, else by Sec-Fetch-Site', async () => {
    const p = w.A.people['contract-manager'];
    const cookie = `vervolg_session=${p.token}`;
    const write = (headers: Record<string, string>) => w.request('DELETE', `/v1/me/sessions/${'a'.repeat(24)}`, { headers: { Cookie: cookie, ...headers } });
    const refusals: Record<string, string>[] = [FOREIGN, { Origin: 'null' }, { 'Sec-Fetch-Site': 'cross-site' }, {}];
    for (const refused of refusals) {
      const res = await write(refused);
      expect(res.status, JSON.stringify(refused)).toBe(403);
      expect(res.headers.get('Content-Type')).toContain('application/problem+json');
    }
    // Allowed: our own origin, a CORS origin, and a same-origin fetch without Origin. (404: there is no such session.)
    const allowances: Record<string, string>[] = [SAME, { Origin: 'https://app.vervolg.test' }, { 'Sec-Fetch-Site': 'same-origin' }];
    for (const allowed of allowances) {
      expect((await write(allowed)).status, JSON.stringify(allowed)).toBe(404);
    }
  });
});
