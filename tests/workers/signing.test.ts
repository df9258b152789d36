// The signing flow in workerd: the real Worker (src/worker.ts) renders the signing page, sends and
// checks the one-time codes, records the signatures and answers verifications; the PDF Worker
// (src/pdf-worker.ts, beside it in the same wrangler dev; APP_ENV development, so it seals with a
// development certificate made in memory) renders, seals and inspects the PDF, called over RPC.
// Only the seeding (a municipality and one staff member) and reading the outbox happen from Node,
// as the owner role; the rest is plain HTTP to the Worker, with form posts as a phone would send.
// Each test stands alone: what it starts from (the staff member's session, the published template,
// an agreement signed by both) it asks for as a file fixture, made once by whichever test asks first;
// each agreement goes to signers of its own, so no test reads another's messages.
import { generateTOTP } from '@oslojs/otp';
import { sql } from 'kysely';
import { test as baseTest, describe, expect } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { ensureUser } from '../../src/modules/identity/service.js';
import { randomBytes, uuidv7 } from '../../src/platform/crypto.js';
import { type Database, inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { inspectSeal, sha256OfPdf } from '../../src/platform/pdf/verify.js';
import { publishedTemplate } from '../support/agreements.js';
import { downloadCookie, oneTimeCode, outboxTo, signingLinkToken } from '../support/signing.js';
import { json, useWorker, verifiedSession } from './harness.js';
import { TEST_SECRET_KEYS, loadConfig } from '../../src/config.js';
import { installSecretKeys, sealStoredSecret } from '../../src/platform/secrets.js';

const PASSWORD = 'signing in workerd, sealed in workerd';
const STAFF_EMAIL = 'casus@gamma.workers.example';
const GOAL = 'Zelfstandig wonen in Gamma';

const ids = { gamma: uuidv7(), staff: '' };
const totpKey = randomBytes(20);

async function seed(db: Database) {
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { operator: true });
    await trx.insertInto('tenants').values({ id: ids.gamma, name: 'Gemeente Gamma', cbs_code: 'GM0103', slug: 'gamma' }).execute();
    ids.staff = await ensureUser(trx, { email: STAFF_EMAIL, name: 'Gamma Casus', password: PASSWORD });
    await setContext(trx, { operator: false, tenantId: ids.gamma });
    await trx.insertInto('memberships').values({ tenant_id: ids.gamma, user_id: ids.staff, roles: ['admin', 'case-manager'] }).execute();
  });
  // Every person needs a second factor: the staff member's authenticator app, set up directly.
  // Stored encrypted, as the app stores it (the Worker runs with the same public test key).
  installSecretKeys(loadConfig({ APP_ENV: 'test', SECRET_KEYS: TEST_SECRET_KEYS }).secretKeys ?? []);
  await db.updateTable('users').set({ totp_key: await sealStoredSecret('totpKey', [ids.staff], totpKey), totp_enabled_at: new Date() }).where('id', '=', ids.staff).execute();
}

// The public test key, so what Node stores here the Worker reads.
const harness = useWorker({ seed, vars: { APP_ENV: 'development', SECRET_KEYS: TEST_SECRET_KEYS } });
const { url, request } = harness;

/** A form post as a phone without JavaScript sends it, from the signing page itself (Origin). */
const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url(path), {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Mozilla/5.0 (iPhone) workerd test', Origin: new URL(url('/')).origin, ...headers },
  });

/** The outbox rows of a recipient with their delivery state. */
async function outboxRows(recipient: string) {
  const { rows } = await sql<{ body: string; status: string; attempts: number }>`select body, status, attempts from outbox where recipient = ${recipient} order by created_at, id`.execute(harness.db);
  return rows;
}

/** Wait (briefly) until the Worker's console transport printed `text`: it sends after the response, through waitUntil. */
async function printed(text: string, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (harness.worker.output().includes(text)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function html(res: Response, status = 200): Promise<string> {
  const text = await res.text();
  expect(res.status, text.slice(0, 500)).toBe(status);
  expect(res.headers.get('Content-Type')).toContain('text/html');
  return text;
}

const outboxFor = (recipient: string) => outboxTo(harness.db, recipient);
const base = () => `/v1/municipalities/${ids.gamma}`;

/** An agreement's signers: the young person (by SMS) and the officer (by e-mail), and their links' tokens. */
interface Sent {
  agreementId: string;
  recipients: { young: string; officer: string };
  tokens: { young: string; officer: string };
}

/** Draw up an agreement from the template and send it to two signers of its own, in parallel (checking each step). */
let agreementsSent = 0;
async function sendAgreement(token: string, templateVersionId: string): Promise<Sent> {
  const n = ++agreementsSent;
  // Numbers end in 5678 (checked not to show on the pages); each agreement's differs before that.
  const recipients = { young: `+316${1000 + n}5678`, officer: `officer${n}@example.org` };
  const agreement = (
    await harness.call(agreements.createAgreement, {
      token,
      params: { municipalityId: ids.gamma },
      json: {
        templateVersionId,
        youngPerson: { name: 'Sanne Workerd', dateOfBirth: '2009-05-14', mobile: recipients.young },
        departureDate: '2027-02-01',
        aftercareStartDate: '2026-12-01',
        plan: { goals: [{ domain: 'housing', term: 'long', description: GOAL, targetDate: '2027-09-01' }] },
      },
    })
  ).json(201);
  expect(agreement.status).toBe('draft');

  const sent = await harness.call(agreements.send, {
    token,
    params: { municipalityId: ids.gamma, agreementId: agreement.id },
    headers: { 'If-Match': '"r1"' },
    json: { order: 'parallel', signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: recipients.officer }] },
  });
  sent.json(200);

  // Both links went out at once, pointing at the Worker itself (PUBLIC_URL).
  const [youngLink] = await outboxFor(recipients.young);
  const [officerLink] = await outboxFor(recipients.officer);
  expect(youngLink).toContain(`${harness.worker.baseUrl}/sign?t=`);
  expect(officerLink).toContain(`${harness.worker.baseUrl}/sign?t=`);
  const tokens = { young: signingLinkToken(youngLink), officer: signingLinkToken(officerLink) };
  expect(tokens.young).toMatch(/^[a-z2-7]{32}$/);
  expect(tokens.officer).toMatch(/^[a-z2-7]{32}$/);
  return { agreementId: agreement.id, recipients, tokens };
}

const SIGNERS = {
  young: { who: 'young', channel: 'sms', typedName: 'Sanne Workerd', last: false, agent: 'Mozilla/5.0 (iPhone) workerd test' },
  officer: { who: 'officer', channel: 'email', typedName: 'Officier', last: true, agent: 'Officer desk workerd' },
} as const;

/** One signer opens the page, asks for a code, confirms it and signs (checking each step); the officer signs last. */
async function sign(signer: (typeof SIGNERS)[keyof typeof SIGNERS], sent: Sent) {
  const t = sent.tokens[signer.who];
  const recipient = sent.recipients[signer.who];
  const page = await html(await request('GET', `/sign?t=${t}&lang=nl`));
  expect(page).toContain('<html lang="nl">');
  expect(page).not.toContain(GOAL); // nothing of the agreement before the code

  const as = { 'User-Agent': signer.agent };
  const before = (await outboxFor(recipient)).length;
  await html(await post('/sign/code?lang=nl', { t }, as));
  const messages = await outboxRows(recipient);
  expect(messages.length).toBe(before + 1);
  const code = oneTimeCode(messages.at(-1)?.body);
  expect(code).toMatch(/^\d{6}$/);
  // The code left at once: the Worker handed it to its (console) transport after the commit
  // and marked it sent. No job has run in this Worker (no cron fires under wrangler dev; this
  // suite never calls /__scheduled): the signing link, which waits for the job, is still pending.
  expect(await printed(`Je code is ${code}`)).toBe(true);
  expect(await printed(`--- ${signer.channel} to ${recipient} ---`)).toBe(true);
  await expect.poll(async () => (await outboxRows(recipient)).at(-1)).toMatchObject({ status: 'sent', attempts: 1 });
  expect(messages[0]).toMatchObject({ status: 'pending', attempts: 0 });
  expect(messages[0]?.body).toContain('/sign?t=');

  const agreementPage = await html(await post('/sign/verify?lang=nl', { t, code }, as));
  expect(agreementPage).toContain(GOAL);
  expect(agreementPage).toContain('Sanne Workerd');
  expect(agreementPage).toContain('name="consent"');

  const signed = await html(await post('/sign/sign?lang=nl', { t, consent: 'yes', typedName: signer.typedName }, as));
  expect(signed).toContain('Gelukt');
  if (signer.last) expect(signed).toContain('Iedereen heeft getekend');
}

/** An agreement sent to two signers of its own and signed by both: active, its PDF sealed. */
async function signedAgreement(token: string, templateVersionId: string): Promise<Sent> {
  const sent = await sendAgreement(token, templateVersionId);
  await sign(SIGNERS.young, sent);
  await sign(SIGNERS.officer, sent);
  return sent;
}

/** Ask for a download code on a used link and enter it: the download session cookie. */
async function downloadSession(t: string, recipient: string): Promise<string> {
  await html(await post('/sign/download/code?lang=nl', { t }));
  const code = oneTimeCode((await outboxFor(recipient)).at(-1));
  const cookie = downloadCookie(await post('/sign/download/verify?lang=nl', { t, code }));
  expect(cookie).toMatch(/^vervolg_download=/);
  return cookie as string;
}

/** The signed document as staff download it (checking it is a PDF). */
async function documentOf(token: string, agreementId: string) {
  const res = await request('GET', `${base()}/agreements/${agreementId}/versions/1/document`, { token });
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toBe('application/pdf');
  return { res, pdf: new Uint8Array(await res.arrayBuffer()) };
}

// What tests start from, each made once per file when a test first asks for it.
const test = baseTest
  // The staff member signed in (password and authenticator code): the sign-in has its own test.
  .extend('token', { scope: 'file' }, async () => verifiedSession(harness.db, ids.staff))
  .extend('template', { scope: 'file' }, async ({ token }) => publishedTemplate(harness, { municipalityId: ids.gamma, token }))
  // An agreement signed by both, for the tests that only read it.
  .extend('signed', { scope: 'file' }, async ({ token, template }) => signedAgreement(token, template.templateVersionId))
  .extend('pdf', { scope: 'file' }, async ({ token, signed }) => (await documentOf(token, signed.agreementId)).pdf);

describe('signing in workerd', () => {
  test('signs in with the password and the code from the authenticator app', async () => {
    const body = await json<{ token: string; twoFactorRequired: boolean }>(await request('POST', '/v1/auth/login', { body: { email: STAFF_EMAIL, password: PASSWORD } }), 201);
    expect(body.twoFactorRequired).toBe(true);
    const token = body.token;
    const verified = await request('POST', '/v1/auth/two-factor', { token, body: { code: generateTOTP(totpKey, 30, 6) } });
    expect(verified.status, await verified.text()).toBe(204);
  });

  test('publishes a template, creates an agreement and sends it to two signers in parallel', async ({ token }) => {
    // Each step is checked inside: the template published, the agreement a draft, the send 200, both links out.
    const { templateVersionId } = await publishedTemplate(harness, { municipalityId: ids.gamma, token });
    expect(templateVersionId).toEqual(expect.any(String));
    await sendAgreement(token, templateVersionId);
  });

  test('the young person opens the page, confirms the code and signs', async ({ token, template }) => {
    await sign(SIGNERS.young, await sendAgreement(token, template.templateVersionId));
  });

  test('the officer opens the page, confirms the code and signs', async ({ token, template }) => {
    const sent = await sendAgreement(token, template.templateVersionId);
    await sign(SIGNERS.young, sent); // the young person first: the officer is then the last to sign
    await sign(SIGNERS.officer, sent);
  });

  test('the agreement is active and its trail intact', async ({ token, signed: { agreementId } }) => {
    const a = (await harness.call(agreements.getAgreement, { token, params: { municipalityId: ids.gamma, agreementId } })).json(200);
    expect(a).toMatchObject({ status: 'active', inForceVersion: 1 });
    const trail = await json<{ chainIntact: boolean; items: { type: string }[] }>(await request('GET', `${base()}/agreements/${agreementId}/versions/1/signing-events`, { token }), 200);
    expect(trail.chainIntact).toBe(true);
    expect(trail.items.filter((e) => e.type === 'signed')).toHaveLength(2);
    expect(trail.items.at(-1)?.type).toBe('completed');
  });

  test('the PDF Worker rendered and sealed the PDF, over the binding: Node checks the seal', async ({ token, signed: { agreementId } }) => {
    const { res, pdf } = await documentOf(token, agreementId);
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    // The PDF Worker logged making exactly this file: the app Worker got it through its PDF binding.
    expect(await printed(`"msg":"pdf service","worker":"vervolg-pdf","operation":"agreementSealed","bytes":${pdf.length}}`)).toBe(true);
    const seal = await inspectSeal(pdf);
    expect(seal).toMatchObject({ sealed: true, signerCommonName: 'Vervolg development seal', selfSigned: true, agreement: { id: agreementId, version: 1 } });
    // PAdES B-B as made by PKIjs in workerd: ESS signing-certificate-v2, the time in /M (no signing-time attribute).
    expect(seal).toMatchObject({ subFilter: 'ETSI.CAdES.detached', signingCertificateV2: true, timestampTime: null });
    const raw = new TextDecoder('latin1').decode(pdf);
    const [, , start, end] = (/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(raw) ?? []).map(Number) as number[];
    const cmsHex = raw.slice((start as number) + 1, (end as number) - 1);
    expect(cmsHex).toContain('060b2a864886f70d010910022f'); // OID 1.2.840.113549.1.9.16.2.47, DER
    expect(cmsHex).not.toContain('06092a864886f70d010905'); // OID 1.2.840.113549.1.9.5 (signing-time)
    expect(raw).toMatch(/\/M \(D:\d{14}Z\)/);
    expect(res.headers.get('X-Content-SHA256')).toBe(sha256OfPdf(pdf));
  });

  test('the used link opens nothing personal; a fresh code (sent at once) opens a download session for the same PDF', async ({ signed: { tokens, recipients }, pdf }) => {
    for (const path of [`/sign/document?t=${tokens.young}`, `/sign/export?t=${tokens.young}`, '/sign/document?version=1', '/sign/export']) {
      const res = await request('GET', path);
      expect(res.headers.get('Content-Type'), path).toContain('text/html');
      expect(await res.text(), path).not.toContain('Sanne');
    }
    const page = await html(await request('GET', `/sign?t=${tokens.young}&lang=nl`));
    expect(page).toContain('action="/sign/download/code?lang=nl"');
    expect(page).not.toContain(recipients.young.slice(-4));

    await html(await post('/sign/download/code?lang=nl', { t: tokens.young }));
    const code = oneTimeCode((await outboxFor(recipients.young)).at(-1));
    expect(await printed(`Je code om je afspraken te downloaden is ${code}`)).toBe(true);
    const wrong = await post('/sign/download/verify?lang=nl', { t: tokens.young, code: code === '000000' ? '111111' : '000000' });
    expect(downloadCookie(wrong)).toBeNull();
    expect(await html(wrong)).toContain('Die code klopt niet');
    const right = await post('/sign/download/verify?lang=nl', { t: tokens.young, code });
    const cookie = downloadCookie(right) as string;
    expect(cookie).toMatch(/^vervolg_download=/);
    expect(await html(right)).toContain('href="/sign/document?version=1"');

    const own = await request('GET', '/sign/document?version=1', { headers: { Cookie: cookie } });
    expect(own.headers.get('Content-Type')).toBe('application/pdf');
    expect(sha256OfPdf(new Uint8Array(await own.arrayBuffer()))).toBe(sha256OfPdf(pdf));
  });

  test('when the last signer signed, both signers got a message with a fresh link to the code page', async ({ signed: { tokens, recipients } }) => {
    for (const recipient of [recipients.young, recipients.officer]) {
      const notice = (await outboxFor(recipient)).find((b) => /[Ii]edereen heeft de afspraken met Gemeente Gamma ondertekend/.test(b));
      expect(notice, recipient).toBeDefined();
      const fresh = signingLinkToken(notice);
      expect(Object.values(tokens)).not.toContain(fresh);
      const page = await html(await request('GET', `/sign?t=${fresh}&lang=nl`));
      expect(page).toContain('action="/sign/download/code?lang=nl"');
      expect(page).not.toContain('Sanne');
    }
  });

  test('verifies the PDF by hash and by upload (inspectSeal in the PDF Worker)', async ({ signed: { agreementId }, pdf }) => {
    const byHash = await json<Record<string, unknown>>(await request('POST', '/v1/verifications', { body: { sha256: sha256OfPdf(pdf) } }), 200);
    expect(byHash).toMatchObject({ sealedByVervolg: true, agreementId, version: 1 });
    const upload = (body: Uint8Array<ArrayBuffer>) => fetch(url('/v1/verifications'), { method: 'POST', body, headers: { 'Content-Type': 'application/pdf' } });
    expect(await json(await upload(pdf), 200)).toMatchObject({ sealedByVervolg: true, agreementId, version: 1 });
    const tampered = pdf.slice();
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = (tampered[middle] as number) ^ 1;
    expect(await json(await upload(tampered), 200)).toMatchObject({ sealedByVervolg: false, agreementId: null });

    // The page printed in the PDF, in the Worker: the upload form has the PDF Worker check the seal (PKIjs in workerd).
    expect((await fetch(url('/verify'))).status).toBe(200);
    const inspections = () => harness.worker.output().split('"operation":"inspectSeal"').length - 1;
    const before = inspections();
    const page = async (body: Uint8Array<ArrayBuffer>) => {
      const form = new FormData();
      form.append('document', new File([body], 'afspraken.pdf', { type: 'application/pdf' }));
      const res = await fetch(url('/verify?lang=en'), { method: 'POST', body: form, headers: { Origin: new URL(url('/')).origin } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const sealedPage = await page(pdf);
    expect(sealedPage).toContain('Sealed by Vervolg');
    expect(sealedPage).toMatch(/<dd[^>]*>Aftercare agreement, version 1<\/dd>/);
    expect(await page(tampered)).toContain('This document was changed');
    await expect.poll(() => inspections() - before).toBe(2);
  });

  test("the young person's download session exports their data as JSON, without the officer's device", async ({ token, template }) => {
    // An agreement of its own: the processing log below lists every read of it by a signer.
    const { agreementId, tokens, recipients } = await signedAgreement(token, template.templateVersionId);
    const cookie = await downloadSession(tokens.young, recipients.young);
    expect((await request('GET', '/sign/document?version=1', { headers: { Cookie: cookie } })).headers.get('Content-Type')).toBe('application/pdf');
    const res = await request('GET', '/sign/export', { headers: { Cookie: cookie } });
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(200);
    expect(text).not.toContain('Officer desk workerd');
    expect(text).toContain('Mozilla/5.0 (iPhone) workerd test');
    const data = JSON.parse(text) as {
      agreement: { id: string };
      signatures: { status: string }[];
      signers: { role: string; you: boolean; signedAt: string | null }[];
      signingEvents: { type: string; signerRole: string | null; ip?: string }[];
      documents: { download: string }[];
    };
    expect(data.agreement.id).toBe(agreementId);
    expect(data.signatures.map((s) => s.status)).toEqual(['Ondertekend']); // labels, not codes: the young person reads this file
    expect(data.signers.map((s) => [s.role, s.you])).toEqual([
      ['Jongere', true],
      ['Medewerker namens de gemeente', false],
    ]);
    expect(data.signingEvents.filter((e) => e.signerRole === 'Medewerker namens de gemeente').every((e) => !('ip' in e))).toBe(true);
    expect(data.documents[0]?.download).toMatch(/\/sign\/document\?version=1$/);
    const { rows } = await sql<{ operation: string }>`select operation from processing_log where subject_id = ${agreementId} and actor_type = 'signer' and operation in ('downloadSignedDocument', 'exportYoungPersonData') order by id`.execute(harness.db);
    expect(rows.map((r) => r.operation)).toEqual(['downloadSignedDocument', 'exportYoungPersonData']);
  });
});
