// E-signing end to end through the signing page (plain form posts, as a phone without
// JavaScript would send them), and the security rules around it.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { newOneTimeToken } from '../../src/platform/auth/tokens.js';
import { formatDateTime, todayInAmsterdam } from '../../src/platform/dates.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { downloadCookie, oneTimeCode, outboxTo, signingLinkToken } from '../support/signing.js';
import { type World, connectionFrom, createWorld } from '../support/world.js';
import { hasPdftotext, pdfText } from '../support/pdftotext.js';
import { AGREEMENT_SECTIONS } from '../../src/domain/agreement.js';
import { PERSON_FACING_CODE_LISTS } from '../../src/domain/person-facing.js';

let w: World;
let clock = new Date();
/** The PDF service fails while this is set, as when the PDF Worker cannot be reached. */
let pdfDown = false;
let templateVersionId: string;
const base = () => `/v1/municipalities/${w.A.id}`;
const cm = () => w.A.people['case-manager'];

beforeAll(async () => {
  w = await createWorld({
    now: () => clock,
    pdf: (inProcess) => ({
      ...inProcess,
      agreementSealed: (doc, options) => (pdfDown ? Promise.reject(new Error('the PDF Worker is down')) : inProcess.agreementSealed(doc, options)),
      inspectSeal: (bytes) => (pdfDown ? Promise.reject(new Error('the PDF Worker is down')) : inProcess.inspectSeal(bytes)),
    }),
  });
  ({ templateVersionId } = await publishedTemplate(w, adminOf(w.A)));
});
afterAll(async () => w?.close());

/** The path parameters of an agreement of municipality A. */
const ofA = (agreementId: string) => ({ municipalityId: w.A.id, agreementId });
const readAgreement = async (id: string) => (await w.call(agreements.getAgreement, { token: cm().token, params: ofA(id) })).json(200);

/**
 * Draw up an agreement for a young person of its own (name, mobile) and send it to them and an
 * officer of its own; `res` is the send's answer (a test of a refused send reads it).
 */
let counter = 0;
async function sendAgreement(options: { order?: 'parallel' | 'sequential'; birth?: string; signers?: unknown[] } = {}) {
  const n = ++counter;
  const mobile = `+3161234${String(n).padStart(4, '0')}`;
  const name = `Sanne ${n}`;
  const a = (
    await w.call(agreements.createAgreement, {
      token: cm().token,
      params: { municipalityId: w.A.id },
      json: {
        templateVersionId,
        youngPerson: { name, dateOfBirth: options.birth ?? '2009-05-14', mobile },
        departureDate: '2027-02-01',
        aftercareStartDate: '2026-12-01',
        plan: { goals: [{ domain: 'housing', term: 'long', description: 'Zelfstandig wonen', targetDate: '2027-09-01' }] },
      },
    })
  ).json(201);
  const officerEmail = `officer${n}@alpha.example`;
  const res = await w.call(agreements.send, {
    token: cm().token,
    params: ofA(a.id),
    headers: { 'If-Match': '"r1"' },
    json: { order: options.order ?? 'sequential', signers: options.signers ?? [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: officerEmail }] },
  });
  return { res, id: a.id, name, mobile, officerEmail };
}

const outboxFor = (recipient: string) => outboxTo(w.db, recipient);
const linkToken = signingLinkToken;
const codeOf = oneTimeCode;

// Each test signs from its own address unless it names one (`from`: the socket the phone connects
// from; the code throttles count per address). The phone also sends address headers of its own
// choosing: on Node they are ignored, so the evidence records the socket's address. Forms come from
// the signing page itself (Origin).
let addressCounter = 0;
const nextAddress = () => `10.9.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}`;
let address = nextAddress();
const post = (path: string, fields: Record<string, string>, lang = 'nl', { from, ...headers }: Record<string, string> & { from?: string } = {}) =>
  w.app.request(
    `${path}?lang=${lang}`,
    {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'User-Agent': 'Mozilla/5.0 (iPhone) test',
        Origin: 'https://vervolg.test',
        'CF-Connecting-IP': '198.51.100.66',
        'X-Forwarded-For': '198.51.100.67',
        ...headers,
      },
    },
    connectionFrom(from ?? address),
  );
beforeEach(() => {
  address = nextAddress();
});

async function verify(token: string, recipient: string, headers: Record<string, string> = {}) {
  await post('/sign/code', { t: token }, 'nl', headers);
  const code = codeOf((await outboxFor(recipient)).at(-1) as string);
  const page = await post('/sign/verify', { t: token, code }, 'nl', headers);
  return { page, code };
}

describe('sending', () => {
  it('needs the young person and an officer; under 16 also a legal representative', async () => {
    const missing = await sendAgreement({ signers: [{ role: 'young-person' }, { role: 'provider', name: 'X', email: 'x@p.example' }] });
    expect(missing.res.status).toBe(400);
    const young = await sendAgreement({ birth: '2011-06-01' });
    expect(young.res.status).toBe(400);
    const body = young.res.json(400);
    expect((body.invalidParams ?? []).map((p) => p.reason).join(' ')).toMatch(/legal representative/);
    // Nothing of the failed send remains: the agreement is still a draft.
    const a = await readAgreement(young.id);
    expect(a.status).toBe('draft');
  });

  it('counts the young person\'s age on today in Amsterdam: 16 on their birthday from midnight Dutch time', async () => {
    const before = clock;
    try {
      // The last 23:30 UTC before now (the test sessions are made now, so the clock goes back,
      // not forward): it is already the next day in Amsterdam (00:30 in winter, 01:30 in summer).
      // Born on that Amsterdam day sixteen years ago, they are 16 — no legal representative
      // needed; in UTC it would still be the day before, and they 15.
      const late = new Date(before);
      late.setUTCHours(23, 30, 0, 0);
      if (late > before) late.setUTCDate(late.getUTCDate() - 1);
      const amsterdamDay = todayInAmsterdam(late);
      expect(amsterdamDay).not.toBe(late.toISOString().slice(0, 10));
      const birth = `${Number(amsterdamDay.slice(0, 4)) - 16}${amsterdamDay.slice(4)}`;
      clock = late;
      expect((await sendAgreement({ birth })).res.status).toBe(200);
      // Two hours earlier it is that day in Amsterdam too: 15, a representative must sign.
      clock = new Date(late.getTime() - 2 * 3_600_000);
      expect((await sendAgreement({ birth })).res.status).toBe(400);
    } finally {
      clock = before;
    }
  });

  it('in sequential order only the first signer gets a link', async () => {
    const { res, mobile, officerEmail } = await sendAgreement();
    expect(res.status).toBe(200);
    expect((await outboxFor(mobile)).length).toBe(1);
    expect(await outboxFor(officerEmail)).toEqual([]);
  });
});

describe('signing on the page', () => {
  it('code, read, consent, typed name: both sign, the agreement becomes active, the chain is intact', async () => {
    const { id, name, mobile, officerEmail } = await sendAgreement();
    const token = linkToken((await outboxFor(mobile))[0] as string);

    const first = await w.request('GET', `/sign?t=${token}`);
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('••••');
    expect(html).not.toContain('Zelfstandig wonen'); // nothing of the agreement before the code

    const wrong = await post('/sign/verify', { t: token, code: '000000' });
    expect(await wrong.text()).toContain('Die code klopt niet');
    const { page, code } = await verify(token, mobile);
    const agreementHtml = await page.text();
    expect(agreementHtml).toContain('Zelfstandig wonen');
    expect(agreementHtml).toContain(name);
    expect(agreementHtml).toContain('name="consent"');

    // A replayed code does nothing.
    const replay = await post('/sign/verify', { t: token, code });
    expect(await replay.text()).toContain('Die code klopt niet');

    const noConsent = await post('/sign/sign', { t: token, typedName: 'Sanne' });
    expect(await noConsent.text()).toContain('Zet een vinkje');
    const signed = await post('/sign/sign', { t: token, consent: 'yes', typedName: name }, 'nl', { from: '203.0.113.7' });
    expect(await signed.text()).toContain('Gelukt');
    expect((await w.request('GET', `/sign?t=${token}`)).status).toBe(200); // a clear 'already done' page

    // Now the officer's turn.
    const officerToken = linkToken((await outboxFor(officerEmail))[0] as string);
    await verify(officerToken, officerEmail);
    const done = await post('/sign/sign', { t: officerToken, consent: 'yes', typedName: 'Officier' }, 'en');
    expect(await done.text()).toContain('Everyone has signed');

    const a = await readAgreement(id);
    expect(a).toMatchObject({ status: 'active', inForceVersion: 1 });
    const trail = (await (await w.request('GET', `${base()}/agreements/${id}/versions/1/signing-events`, { token: cm().token })).json()) as {
      chainIntact: boolean;
      items: { type: string; ip: string | null; userAgent: string | null; data: Record<string, unknown> }[];
    };
    expect(trail.chainIntact).toBe(true);
    expect(trail.items.map((e) => e.type)).toEqual([
      // the young person: a wrong code, then the right one; the replay fails; the page without
      // consent is shown again; then signed
      'sent', 'opened', 'code-failed', 'code-requested', 'code-verified', 'viewed', 'code-failed', 'viewed', 'viewed', 'signed',
      // the officer's link goes out only now (sequential); their first step is asking for a code
      'sent', 'code-requested', 'opened', 'code-verified', 'viewed', 'signed', 'completed',
    ]);
    const signedEvent = trail.items.find((e) => e.type === 'signed');
    expect(signedEvent).toMatchObject({ ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (iPhone) test' });
    expect(signedEvent?.data.consentSha256).toMatch(/^[0-9a-f]{64}$/);
    const signers = (await (await w.request('GET', `${base()}/agreements/${id}/versions/1/signers`, { token: cm().token })).json()) as { items: { status: string }[] };
    expect(signers.items.map((s) => s.status)).toEqual(['signed', 'signed']);
  });

  it('a drawn signature (optional, with JavaScript) is kept with the signature and in the PDF', async () => {
    const { EXAMPLE_DRAWN_SIGNATURE } = await import('../../src/modules/signing/pdf/example.js');
    const { id, mobile, officerEmail } = await sendAgreement({ order: 'parallel' });
    const page = await w.request('GET', `/sign?t=${linkToken((await outboxFor(mobile))[0] as string)}`);
    expect(page.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect((await w.request('GET', '/sign/pad.js')).headers.get('content-type')).toContain('javascript');
    for (const [recipient, name] of [[mobile, 'Sanne'], [officerEmail, 'Officier']] as const) {
      const token = linkToken((await outboxFor(recipient))[0] as string);
      await verify(token, recipient);
      await post('/sign/sign', { t: token, consent: 'yes', typedName: name, drawnSignature: recipient === mobile ? EXAMPLE_DRAWN_SIGNATURE : '' });
    }
    const stored = await sql<{ drawn_signature: string | null }>`select drawn_signature from signers where agreement_id = ${id} order by position`.execute(w.db);
    expect(stored.rows.map((r) => r.drawn_signature?.slice(0, 22) ?? null)).toEqual(['data:image/png;base64,', null]);
    expect((await w.request('GET', `${base()}/agreements/${id}/versions/1/document`, { token: cm().token })).status).toBe(200);
  });

  it('signing without a verified code is refused', async () => {
    const { mobile } = await sendAgreement();
    const token = linkToken((await outboxFor(mobile))[0] as string);
    const res = await post('/sign/sign', { t: token, consent: 'yes', typedName: 'Sanne' });
    expect(await res.text()).toContain('Confirm with the code');
  });

  it('declining stops the round: the agreement is declined and the other signers cancelled', async () => {
    const { id, mobile } = await sendAgreement({ order: 'parallel' });
    const token = linkToken((await outboxFor(mobile))[0] as string);
    await verify(token, mobile);
    const res = await post('/sign/decline', { t: token, reason: 'Ik wil eerst met mijn tante praten' });
    expect(await res.text()).toContain('Je hebt niet getekend');
    const a = await readAgreement(id);
    expect(a.status).toBe('declined');
    const signers = (await (await w.request('GET', `${base()}/agreements/${id}/versions/1/signers`, { token: cm().token })).json()) as { items: { status: string }[] };
    expect(signers.items.map((s) => s.status)).toEqual(['declined', 'cancelled']);
  });
});

describe('cancelling', () => {
  it('cancelling an agreement out for signature stops the links and is in the trail', async () => {
    const { id, mobile } = await sendAgreement();
    const token = linkToken((await outboxFor(mobile))[0] as string);
    const current = await readAgreement(id);
    const res = await w.call(agreements.cancel, { token: cm().token, params: ofA(id), headers: { 'If-Match': `"r${current.revision}"` }, json: { note: 'Verkeerde gegevens' } });
    expect(res.json(200)).toMatchObject({ status: 'cancelled' });
    expect(await (await w.request('GET', `/sign?t=${token}`)).text()).toContain('niet (meer)');
    const trail = (await (await w.request('GET', `${base()}/agreements/${id}/versions/1/signing-events`, { token: cm().token })).json()) as { chainIntact: boolean; items: { type: string }[] };
    expect(trail.items.at(-1)?.type).toBe('cancelled');
    expect(trail.chainIntact).toBe(true);
  });
});

describe('links that cannot be used', () => {
  it('unknown and malformed tokens get a clear page', async () => {
    expect((await w.request('GET', `/sign?t=${'a'.repeat(32)}`)).status).toBe(404);
    const bad = await w.request('GET', '/sign?t=../../etc');
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain('Deze link kennen we niet');
  });

  it('an expired link gets a clear page and cannot be used', async () => {
    const { id, mobile } = await sendAgreement();
    const token = linkToken((await outboxFor(mobile))[0] as string);
    const start = clock;
    clock = new Date(clock.getTime() + 15 * 86_400_000);
    try {
      const res = await w.request('GET', `/sign?t=${token}`);
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('verlopen');
      const code = await post('/sign/code', { t: token });
      expect(await code.text()).toContain('verlopen');
    } finally {
      clock = start;
    }
    // This agreement's refused uses of its link (another test's do not count here).
    const refused = await sql<{ status: string; actor_type: string }>`select status, actor_type from processing_log where operation = 'openSigningLink' and subject_id = ${id}`.execute(w.db);
    expect(refused.rows.length).toBeGreaterThanOrEqual(2);
    expect(refused.rows.every((r) => r.status === 'refused' && r.actor_type === 'signer')).toBe(true);
  });

  it('a signer whose turn has not come cannot act, and cannot be reminded', async () => {
    const { id, mobile } = await sendAgreement();
    const t = newOneTimeToken();
    // Give the waiting signer a known token (as the owner), to try the link before their turn.
    await sql`update signers set token_hash = ${t.hash} where agreement_id = ${id} and role = 'municipality-officer'`.execute(w.db);
    const res = await w.request('GET', `/sign?t=${t.token}`);
    expect(await res.text()).toContain('niet jouw beurt');
    const before = await outboxFor(mobile);
    const signers = (await (await w.request('GET', `${base()}/agreements/${id}/versions/1/signers`, { token: cm().token })).json()) as { items: { id: string; status: string }[] };
    const waiting = signers.items.find((s) => s.status === 'waiting');
    expect((await w.request('POST', `${base()}/agreements/${id}/versions/1/signers/${waiting?.id}/remind`, { token: cm().token })).status).toBe(409);
    const young = signers.items.find((s) => s.status === 'notified');
    expect((await w.request('POST', `${base()}/agreements/${id}/versions/1/signers/${young?.id}/remind`, { token: cm().token })).status).toBe(202);
    const after = await outboxFor(mobile);
    expect(after.length).toBe(before.length + 1);
    // The old link stops working once a new one is sent.
    expect((await w.request('GET', `/sign?t=${linkToken(before[0] as string)}`)).status).toBe(404);
  });
});

describe('what is signed cannot change', () => {
  it('the database refuses changes to a signature and to the audit trail, whoever asks', async () => {
    const { mobile } = await sendAgreement({ order: 'parallel' });
    const token = linkToken((await outboxFor(mobile))[0] as string);
    await verify(token, mobile);
    await post('/sign/sign', { t: token, consent: 'yes', typedName: 'Sanne' });
    await expect(sql`update signers set typed_name = 'Iemand anders' where status = 'signed'`.execute(w.db)).rejects.toThrow(/cannot change/);
    await expect(sql`update signing_events set ip = '1.2.3.4'`.execute(w.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from signing_events`.execute(w.db)).rejects.toThrow(/append-only/);
  });

  it("another municipality's staff cannot see the signers or the trail", async () => {
    const { id } = await sendAgreement();
    for (const path of ['signers', 'signing-events']) {
      expect((await w.request('GET', `/v1/municipalities/${w.B.id}/agreements/${id}/versions/1/${path}`, { token: w.B.people['case-manager'].token })).status).toBe(404);
    }
  });
});

describe('the signed document', () => {
  it('is made inside the last signature\'s transaction: when the PDF service fails, that signature is not recorded and can be given again', async () => {
    const { id, name, mobile, officerEmail } = await sendAgreement();
    const token = linkToken((await outboxFor(mobile))[0] as string);
    await verify(token, mobile);
    expect(await (await post('/sign/sign', { t: token, consent: 'yes', typedName: name })).text()).toContain('Gelukt');
    const officerToken = linkToken((await outboxFor(officerEmail))[0] as string);
    await verify(officerToken, officerEmail);

    pdfDown = true;
    try {
      const failed = await post('/sign/sign', { t: officerToken, consent: 'yes', typedName: 'Officier' }, 'en');
      expect(failed.status).toBe(503);
      expect(failed.headers.get('Content-Type')).toContain('application/problem+json');
      expect(failed.headers.get('Retry-After')).toBe('5');
      const body = await failed.text();
      expect(JSON.parse(body)).toMatchObject({ type: 'https://vervolg.nl/problems/pdf-unavailable', status: 503 });
      expect(body).not.toContain('PDF Worker');
      // A phone's browser gets a page in the signer's language, not the JSON problem.
      const inBrowser = await post('/sign/sign', { t: officerToken, consent: 'yes', typedName: 'Officier' }, 'nl', { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
      expect(inBrowser.status).toBe(503);
      expect(inBrowser.headers.get('Content-Type')).toContain('text/html');
      expect(inBrowser.headers.get('Retry-After')).toBe('5');
      const page = await inBrowser.text();
      expect(page).toContain('Er is niets opgeslagen. Probeer het over een paar minuten opnieuw.');
      expect(page).toContain('role="alert"');
      expect(page).not.toContain(officerToken);
      // The check of an uploaded PDF (anyone's, no link): the same page, pointing back to the file.
      const form = new FormData();
      form.append('document', new File([new TextEncoder().encode('%PDF-1.7\n%%EOF\n')], 'x.pdf', { type: 'application/pdf' }));
      const check = await w.app.request('/verify?lang=nl', { method: 'POST', body: form, headers: { Origin: 'https://vervolg.test', Accept: 'text/html' } });
      expect(check.status).toBe(503);
      const checkPage = await check.text();
      expect(checkPage).toContain('Er is niets opgeslagen.');
      expect(checkPage).toContain('Kies het bestand dan opnieuw.');
    } finally {
      pdfDown = false;
    }
    // Nothing of the last signature stayed: the officer's link still works, the version is not signed.
    const signers = (await (await w.request('GET', `${base()}/agreements/${id}/versions/1/signers`, { token: cm().token })).json()) as { items: { status: string }[] };
    expect(signers.items.map((s) => s.status)).toEqual(['signed', 'notified']);
    expect((await readAgreement(id)).status).not.toBe('active');
    expect((await w.request('GET', `${base()}/agreements/${id}/versions/1/document`, { token: cm().token })).status).toBe(404);

    // With the service back, the same link signs and the document is sealed.
    await verify(officerToken, officerEmail);
    expect(await (await post('/sign/sign', { t: officerToken, consent: 'yes', typedName: 'Officier' }, 'en')).text()).toContain('Everyone has signed');
    expect(await readAgreement(id)).toMatchObject({ status: 'active', inForceVersion: 1 });
    expect((await w.request('GET', `${base()}/agreements/${id}/versions/1/document`, { token: cm().token })).status).toBe(200);
  });

  it('is sealed when the last signer signs; staff and signers download it; anyone can verify it', async () => {
    const { id, mobile, officerEmail } = await sendAgreement({ order: 'parallel' });
    const youngToken = linkToken((await outboxFor(mobile))[0] as string);
    const officerToken = linkToken((await outboxFor(officerEmail))[0] as string);
    await verify(youngToken, mobile);
    await post('/sign/sign', { t: youngToken, consent: 'yes', typedName: 'Sanne' });
    const docUrl = `${base()}/agreements/${id}/versions/1/document`;
    expect((await w.request('GET', docUrl, { token: cm().token })).status).toBe(404);
    await verify(officerToken, officerEmail);
    await post('/sign/sign', { t: officerToken, consent: 'yes', typedName: 'Officier' });

    const res = await w.request('GET', docUrl, { token: cm().token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    const { inspectSeal, sha256OfPdf } = await import('../../src/platform/pdf/verify.js');
    const seal = await inspectSeal(pdf);
    expect(seal).toMatchObject({ sealed: true, signerCommonName: 'Vervolg development seal' });
    expect(res.headers.get('X-Content-SHA256')).toBe(sha256OfPdf(pdf));

    // Verification by hash and by upload: only the version and when it was signed.
    const byHash = await w.request('POST', '/v1/verifications', { body: { sha256: sha256OfPdf(pdf) } });
    const answer = (await byHash.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ sealedByVervolg: true, agreementId: id, version: 1 });
    expect(Object.keys(answer).sort()).toEqual(['agreementId', 'sealedByVervolg', 'sha256', 'signedAt', 'version']);
    const byUpload = await w.app.request('/v1/verifications', { method: 'POST', body: pdf, headers: { 'Content-Type': 'application/pdf' } });
    expect(await byUpload.json()).toMatchObject({ sealedByVervolg: true, version: 1 });
    const tampered = pdf.slice();
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = (tampered[middle] as number) ^ 1;
    const bad = await w.app.request('/v1/verifications', { method: 'POST', body: tampered, headers: { 'Content-Type': 'application/pdf' } });
    expect(await bad.json()).toMatchObject({ sealedByVervolg: false, agreementId: null });
    expect((await w.request('POST', '/v1/verifications', { body: { sha256: 'xyz' } })).status).toBe(400);
    const plain = await w.app.request('/v1/verifications', { method: 'POST', body: 'hello', headers: { 'Content-Type': 'text/plain' } });
    expect(plain.status).toBe(415);
    expect(plain.headers.get('content-type')).toContain('application/problem+json');
    expect((await w.app.request('/v1/verifications', { method: 'POST' })).status).toBe(400);

    // Stored once, never changed; another municipality cannot download it.
    await expect(sql`update signed_documents set sha256 = ${'0'.repeat(64)}`.execute(w.db)).rejects.toThrow(/append-only/);
    expect((await w.request('GET', `/v1/municipalities/${w.B.id}/agreements/${id}/versions/1/document`, { token: w.B.people['case-manager'].token })).status).toBe(404);
  });
});

const withCookie = (cookie: string) => ({ headers: { Cookie: cookie } });

/** Both sign (parallel): the young person from 203.0.113.7, the officer from 198.51.100.9 with their own browser. */
async function signedByBoth() {
  const sent = await sendAgreement({ order: 'parallel' });
  const youngToken = linkToken((await outboxFor(sent.mobile))[0] as string);
  const officerToken = linkToken((await outboxFor(sent.officerEmail))[0] as string);
  const young = { from: '203.0.113.7', 'User-Agent': 'Young phone UA' };
  const officer = { from: '198.51.100.9', 'User-Agent': 'Officer laptop UA' };
  await verify(youngToken, sent.mobile, young);
  await post('/sign/sign', { t: youngToken, consent: 'yes', typedName: 'Sanne' }, 'nl', young);
  await verify(officerToken, sent.officerEmail, officer);
  const last = await post('/sign/sign', { t: officerToken, consent: 'yes', typedName: 'Officier' }, 'nl', officer);
  return { ...sent, youngToken, officerToken, last };
}

/** Ask for a download code on a used or expired link and enter it: the session cookie. */
async function downloadSession(token: string, recipient: string) {
  const asked = await post('/sign/download/code', { t: token });
  expect([200, 410]).toContain(asked.status); // 410: the page of an expired link
  const html = await asked.text();
  expect(html).toContain('We hebben je een code gestuurd');
  expect(html).toContain('action="/sign/download/verify?lang=nl"');
  const code = codeOf((await outboxFor(recipient)).at(-1) as string);
  const wrong = await post('/sign/download/verify', { t: token, code: code === '000000' ? '111111' : '000000' });
  expect(downloadCookie(wrong)).toBeNull();
  expect(await wrong.text()).toContain('Die code klopt niet');
  const right = await post('/sign/download/verify', { t: token, code });
  const cookie = downloadCookie(right);
  expect(cookie).not.toBeNull();
  expect(right.headers.get('set-cookie')).toMatch(/HttpOnly/i);
  expect(right.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
  return { cookie: cookie as string, page: await right.text() };
}

describe('after signing: the link opens nothing personal, a fresh code does', () => {
  it('a used link gives no PDF and no export; a fresh code opens a short download session; other signers’ IPs stay out', async () => {
    const { id, mobile, youngToken, officerToken } = await signedByBoth();
    const staffPdf = new Uint8Array(await (await w.request('GET', `${base()}/agreements/${id}/versions/1/document`, { token: cm().token })).arrayBuffer());

    // The old ways in: the link alone, and the download addresses without a session.
    for (const path of [`/sign/document?t=${youngToken}`, `/sign/document?t=${youngToken}&version=1`, `/sign/export?t=${youngToken}`, '/sign/document?version=1', '/sign/export']) {
      const res = await w.request('GET', path);
      expect(res.headers.get('content-type'), path).toContain('text/html');
      const html = await res.text();
      expect(html, path).not.toContain('Sanne');
      expect(html, path).not.toContain(mobile.slice(-4));
    }
    expect((await w.request('GET', '/sign/export')).status).toBe(403);
    const page = await (await w.request('GET', `/sign?t=${youngToken}`)).text();
    expect(page).toContain('action="/sign/download/code?lang=nl"');
    expect(page).toContain('je telefoon');
    expect(page).not.toContain('/sign/export');
    expect(page).not.toContain(mobile.slice(-4)); // the address on file is never shown

    const { cookie, page: list } = await downloadSession(youngToken, mobile);
    expect(list).toContain('href="/sign/document?version=1"');
    expect(list).toContain('href="/sign/export"');
    expect(list).toContain('15 minuten');

    const pdf = await w.request('GET', '/sign/document?version=1', withCookie(cookie));
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const { sha256OfPdf } = await import('../../src/platform/pdf/verify.js');
    expect(sha256OfPdf(new Uint8Array(await pdf.arrayBuffer()))).toBe(sha256OfPdf(staffPdf));

    const exported = await w.request('GET', '/sign/export', withCookie(cookie));
    expect(exported.status).toBe(200);
    const text = await exported.text();
    // The officer's address and device stay out; the young person's own evidence stays in.
    expect(text).not.toContain('198.51.100.9');
    expect(text).not.toContain('Officer laptop UA');
    expect(text).toContain('203.0.113.7');
    expect(text).not.toContain('?t=');
    const data = JSON.parse(text) as {
      agreement: { id: string };
      signatures: { status: string }[];
      signers: { role: string; you: boolean; status: string; signedAt: string | null }[];
      signingEvents: { type: string; signerRole: string | null; you: boolean; ip?: string; userAgent?: string }[];
      documents: { download: string }[];
    };
    expect(data.agreement.id).toBe(id);
    // Labels, not codes: the young person reads this file.
    expect(data.signatures.map((x) => x.status)).toEqual(['Ondertekend']);
    expect(data.signers.map((x) => [x.role, x.you, x.status])).toEqual([
      ['Jongere', true, 'Ondertekend'],
      ['Medewerker namens de gemeente', false, 'Ondertekend'],
    ]);
    expect(data.signers.every((x) => typeof x.signedAt === 'string')).toBe(true);
    const officerSigned = data.signingEvents.find((e) => e.type === 'Ondertekend' && e.signerRole === 'Medewerker namens de gemeente');
    expect(officerSigned).toMatchObject({ you: false });
    expect(officerSigned && 'ip' in officerSigned).toBe(false);
    expect(data.signingEvents.find((e) => e.type === 'Ondertekend' && e.you)).toMatchObject({ ip: '203.0.113.7', userAgent: 'Young phone UA' });
    expect(data.signingEvents.filter((e) => e.signerRole === null).every((e) => !('ip' in e))).toBe(true);
    expect(data.documents[0]?.download).toMatch(/\/sign\/document\?version=1$/);

    // Every read is in the processing log, by the signer.
    const logged = await sql<{ operation: string; actor_type: string }>`select operation, actor_type from processing_log where subject_id = ${id} and operation in ('downloadSignedDocument', 'exportYoungPersonData') order by id`.execute(w.db);
    expect(logged.rows).toEqual([
      { operation: 'downloadSignedDocument', actor_type: 'signer' },
      { operation: 'exportYoungPersonData', actor_type: 'signer' },
    ]);

    // The session ends after 15 minutes.
    const start = clock;
    clock = new Date(start.getTime() + 16 * 60_000);
    const late = await w.request('GET', '/sign/document?version=1', withCookie(cookie));
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('vraag een nieuwe code');
    clock = start;

    // The officer gets the PDF of what they signed, never the young person's data.
    const officer = await downloadSession(officerToken, (await sql<{ email: string }>`select email from signers where agreement_id = ${id} and role = 'municipality-officer'`.execute(w.db)).rows[0]?.email as string);
    expect(officer.page).toContain('href="/sign/document?version=1"');
    expect(officer.page).not.toContain('/sign/export');
    expect((await w.request('GET', '/sign/export', withCookie(officer.cookie))).headers.get('content-type')).toContain('text/html');
    expect((await w.request('GET', '/sign/document?version=1', withCookie(officer.cookie))).headers.get('content-type')).toBe('application/pdf');
  });

  it('right after signing, the signer who confirmed a code minutes ago may download what is ready', async () => {
    const { last } = await signedByBoth();
    const cookie = downloadCookie(last);
    expect(cookie).not.toBeNull();
    const html = await last.text();
    expect(html).toContain('Iedereen heeft getekend');
    expect(html).toContain('href="/sign/document?version=1"');
    expect((await w.request('GET', '/sign/document?version=1', withCookie(cookie as string))).headers.get('content-type')).toBe('application/pdf');
  });

  it('an expired link opens nothing either; the young person still gets their data with a fresh code', async () => {
    const { mobile } = await sendAgreement();
    const token = linkToken((await outboxFor(mobile))[0] as string);
    const start = clock;
    clock = new Date(start.getTime() + 15 * 86_400_000);
    try {
      const page = await w.request('GET', `/sign?t=${token}`);
      expect(page.status).toBe(410);
      const html = await page.text();
      expect(html).toContain('verlopen');
      expect(html).toContain('action="/sign/download/code?lang=nl"');
      expect((await w.request('GET', `/sign/export?t=${token}`)).headers.get('content-type')).toContain('text/html');
      const { cookie, page: list } = await downloadSession(token, mobile);
      expect(list).not.toContain('/sign/document'); // nothing was signed
      const exported = await w.request('GET', '/sign/export', withCookie(cookie));
      expect(exported.headers.get('content-type')).toContain('application/json');
    } finally {
      clock = start;
    }
  });

  it('a waiting signer whose turn never came is offered nothing', async () => {
    const { id } = await sendAgreement();
    const t = newOneTimeToken();
    await sql`update signers set token_hash = ${t.hash} where agreement_id = ${id} and role = 'municipality-officer'`.execute(w.db);
    expect(await (await w.request('GET', `/sign?t=${t.token}`)).text()).not.toContain('/sign/download/code');
    const asked = await post('/sign/download/code', { t: t.token });
    expect(await asked.text()).not.toContain('We hebben je een code gestuurd');
  });
});

describe('when the last signer signs', () => {
  it('every signer gets a message with a fresh link; the link leads to the code page, not to the document', async () => {
    const sent = await sendAgreement({ order: 'parallel' });
    const youngToken = linkToken((await outboxFor(sent.mobile))[0] as string);
    const officerToken = linkToken((await outboxFor(sent.officerEmail))[0] as string);
    await verify(youngToken, sent.mobile);
    await post('/sign/sign', { t: youngToken, consent: 'yes', typedName: 'Sanne' });
    const notice = (messages: string[]) => messages.filter((m) => m.includes('iedereen heeft de afspraken') || m.includes('Iedereen heeft de afspraken'));
    expect(notice(await outboxFor(sent.mobile))).toEqual([]); // not before everyone has signed
    await verify(officerToken, sent.officerEmail);
    await post('/sign/sign', { t: officerToken, consent: 'yes', typedName: 'Officier' });

    const { rows } = await sql<{ recipient: string; channel: string; subject: string; body: string }>`
      select recipient, channel, subject, body from outbox where recipient in (${sent.mobile}, ${sent.officerEmail}) and subject like '%ondertekend%' order by recipient`.execute(w.db);
    expect(rows.map((r) => [r.recipient, r.channel]).sort()).toEqual([
      [sent.mobile, 'sms'],
      [sent.officerEmail, 'email'],
    ].sort());
    for (const row of rows) {
      expect(row.body).toMatch(/[Ii]edereen heeft de afspraken met Gemeente \w+ ondertekend/);
      expect(row.body).toMatch(/Everyone has signed/);
      expect(row.body).toMatch(/code/);
      const fresh = linkToken(row.body);
      expect(fresh).toMatch(/^[a-z2-7]{32}$/);
      expect([youngToken, officerToken]).not.toContain(fresh);
      // The link opens the page that offers a code, and nothing personal by itself.
      const page = await w.request('GET', `/sign?t=${fresh}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('action="/sign/download/code?lang=nl"');
      expect(html).not.toContain('Sanne');
      expect((await w.request('GET', `/sign/document?t=${fresh}`)).headers.get('content-type')).toContain('text/html');
    }
    // Through the fresh link the young person gets a code and the PDF.
    const fresh = linkToken(rows.find((r) => r.recipient === sent.mobile)?.body as string);
    const { cookie } = await downloadSession(fresh, sent.mobile);
    expect((await w.request('GET', '/sign/document?version=1', withCookie(cookie))).headers.get('content-type')).toBe('application/pdf');
  });
});

describe('one-time codes leave at once', () => {
  it('the code is handed to the transport within the request (no job run) and marked sent, so the job does not send it again', async () => {
    const { deliverDue } = await import('../../src/platform/outbox.js');
    const { mobile } = await sendAgreement();
    const token = linkToken((await outboxFor(mobile))[0] as string);
    const before = w.transport.sent.length;
    await post('/sign/code', { t: token });
    const handed = w.transport.sent.slice(before);
    expect(handed.map((m) => m.recipient)).toEqual([mobile]);
    const code = codeOf(handed[0]?.body as string);
    expect(code).toMatch(/^\d{6}$/);
    const { rows } = await sql<{ status: string; attempts: number }>`select status, attempts from outbox where recipient = ${mobile} and body like ${`%${code}%`}`.execute(w.db);
    expect(rows).toEqual([{ status: 'sent', attempts: 1 }]);
    // The job finds nothing of it to send.
    const sentBefore = w.transport.sent.length;
    // One job run over everything due (the other tests' signing links wait in the outbox too).
    await deliverDue(w.db, w.transport, new Date(Date.now() + 60_000), 10_000);
    expect(w.transport.sent.slice(sentBefore).filter((m) => m.body.includes(code))).toEqual([]);
    // The signing link itself still waits for the job: only what someone waits for is urgent.
    expect(handed.some((m) => m.body.includes('/sign?t='))).toBe(false);
  });

  it('a failed send stays in the outbox and the job retries it', async () => {
    const { deliverDue } = await import('../../src/platform/outbox.js');
    const { mobile } = await sendAgreement();
    const token = linkToken((await outboxFor(mobile))[0] as string);
    const send = w.transport.send.bind(w.transport);
    w.transport.send = async () => ({ ok: false, error: 'provider down' }) as never;
    try {
      const page = await post('/sign/code', { t: token });
      expect(page.status).toBe(200); // the page still answers
    } finally {
      w.transport.send = send;
    }
    const { rows } = await sql<{ id: string; status: string; attempts: number; last_error: string; body: string }>`select id, status, attempts, last_error, body from outbox where recipient = ${mobile} and subject like '%code%'`.execute(w.db);
    expect(rows).toMatchObject([{ status: 'pending', attempts: 1, last_error: 'provider down' }]);
    const sentBefore = w.transport.sent.length;
    // One job run over everything due (the other tests' signing links wait in the outbox too).
    await deliverDue(w.db, w.transport, new Date(Date.now() + 2 * 60_000), 10_000);
    expect(w.transport.sent.slice(sentBefore).map((m) => m.id)).toContain(rows[0]?.id);
    expect((await sql<{ status: string }>`select status from outbox where id = ${rows[0]?.id}`.execute(w.db)).rows[0]?.status).toBe('sent');
  });
});

describe('throttling the one-time codes', () => {
  const retryAfter = (res: Response) => Number(res.headers.get('retry-after'));

  it('code requests per signer: a readable 429 page with Retry-After', async () => {
    const { mobile } = await sendAgreement();
    const token = linkToken((await outboxFor(mobile))[0] as string);
    for (let i = 0; i < 5; i++) expect((await post('/sign/code', { t: token })).status).toBe(200);
    const messages = (await outboxFor(mobile)).length;
    // From another address too: the signer is locked.
    const refused = await post('/sign/code', { t: token }, 'nl', { from: '192.0.2.200' });
    expect(refused.status).toBe(429);
    expect(retryAfter(refused)).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toContain('text/html');
    expect(await refused.text()).toContain('Wacht 30 minuten');
    expect((await outboxFor(mobile)).length).toBe(messages); // nothing sent
  });

  it('code requests per address, across signers', async () => {
    const shared = { from: '192.0.2.77' };
    let asked = 0;
    let last: Response | undefined;
    while (asked < 31) {
      const { mobile } = await sendAgreement();
      const token = linkToken((await outboxFor(mobile))[0] as string);
      for (let i = 0; i < 5 && asked < 31; i++, asked++) last = await post('/sign/code', { t: token }, 'nl', shared);
      if (asked < 31) expect(last?.status).toBe(200);
    }
    expect(last?.status).toBe(429);
    expect(retryAfter(last as Response)).toBeGreaterThan(0);
  });

  it('wrong codes per signer: after ten, even the right code waits', async () => {
    const { mobile } = await sendAgreement();
    const token = linkToken((await outboxFor(mobile))[0] as string);
    await post('/sign/code', { t: token });
    for (let i = 0; i < 10; i++) {
      const wrong = await post('/sign/verify', { t: token, code: '000000' }, 'nl', { from: `192.0.2.${100 + i}` });
      expect(wrong.status).toBe(200);
    }
    await post('/sign/code', { t: token }); // a fresh code does not lift the lock
    const code = codeOf((await outboxFor(mobile)).at(-1) as string);
    const locked = await post('/sign/verify', { t: token, code });
    expect(locked.status).toBe(429);
    expect(retryAfter(locked)).toBeGreaterThan(0);
    expect(await locked.text()).not.toContain('Zelfstandig wonen');
  });

  it('download codes share the same limits', async () => {
    const { youngToken, mobile } = await signedByBoth();
    const statuses: number[] = [];
    // The young person asked for one signing code already (it counts too).
    for (let i = 0; i < 5; i++) statuses.push((await post('/sign/download/code', { t: youngToken })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const refused = await post('/sign/download/code', { t: youngToken });
    expect(refused.status).toBe(429);
    expect(retryAfter(refused)).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Wacht');
    expect(mobile).toBeTruthy();
  });
});

describe('what people read: names as written, labels instead of codes, the template order', () => {
  /** Codes with a hyphen from every list people read: none may show (one-word codes can be ordinary words). */
  const hyphenated = Object.values(PERSON_FACING_CODE_LISTS)
    .flatMap((list) => Object.keys(list))
    .filter((code) => code.includes('-'));
  const visible = (html: string) =>
    html
      .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&[a-z#0-9]+;/g, ' ');
  const leaked = (text: string) => hyphenated.filter((code) => text.includes(code));

  it.skipIf(!hasPdftotext)('the signed PDF, the signing page, the messages and the export', async () => {
    const young = 'Nguyễn Thị Ánh';
    const officer = 'Анна Петрова';
    const provider = 'Łucja Wójcik';
    const created = await w.call(agreements.createAgreement, {
      token: cm().token,
      params: { municipalityId: w.A.id },
      json: {
        templateVersionId,
        youngPerson: { name: young, dateOfBirth: '2008-05-14', mobile: '+31612399001' },
        departureDate: '2027-02-01',
        aftercareStartDate: '2026-12-01',
        plan: {
          goals: [
            { domain: 'work-day-activity', term: 'short', description: 'Een bijbaan vinden', targetDate: '2027-03-01', status: 'in-progress' },
            { domain: 'income-debts', term: 'long', description: 'Geen schulden maken', targetDate: '2027-09-01', status: 'not-achieved' },
          ],
          commitments: [
            { party: 'young-person', what: 'Ik ga naar school', frequency: 'elke dag' },
            { party: 'network-member', what: 'Helpt met de post', frequency: 'elke week' },
          ],
          network: [{ name: 'Şükrü Yılmaz', relation: 'oom', kind: 'informal', practicalContact: true }],
          checklist: [
            { item: 'health-insurance', status: 'in-progress' },
            { item: 'tax-return', status: 'not-applicable' },
          ],
        },
      },
    });
    expect(created.status).toBe(201);
    const { id } = created.json(201);
    const sent = await w.call(agreements.send, {
      token: cm().token,
      params: ofA(id),
      headers: { 'If-Match': '"r1"' },
      json: {
        order: 'parallel',
        signers: [
          { role: 'young-person' },
          { role: 'municipality-officer', name: officer, email: 'anna@alpha.example' },
          { role: 'provider', name: provider, email: 'lucja@provider.example' },
        ],
      },
    });
    expect(sent.status).toBe(200);
    const people = [
      { recipient: '+31612399001', typed: young },
      { recipient: 'anna@alpha.example', typed: officer },
      { recipient: 'lucja@provider.example', typed: provider },
    ];
    for (const [i, person] of people.entries()) {
      const token = linkToken((await outboxFor(person.recipient))[0] as string);
      const { page } = await verify(token, person.recipient);
      const html = await page.text();
      if (i === 0) {
        // The page in both languages: labels, not codes.
        expect(leaked(visible(html))).toEqual([]);
        for (const label of ['Werk en dagbesteding', 'Jongere', 'Iemand uit het netwerk', 'Zorgverzekering', 'niet nodig']) expect(html).toContain(label);
        expect(leaked(visible(await (await post('/sign/verify', { t: token, code: '000000' }, 'en')).text()))).toEqual([]);
      }
      const signed = await post('/sign/sign', { t: token, consent: 'yes', typedName: person.typed });
      expect(await signed.text()).toContain('Gelukt');
    }
    for (const person of people) for (const body of await outboxFor(person.recipient)) expect(leaked(body), body).toEqual([]);

    const res = await w.request('GET', `${base()}/agreements/${id}/versions/1/document`, { token: cm().token });
    expect(res.status).toBe(200);
    const text = pdfText(new Uint8Array(await res.arrayBuffer()));
    for (const name of [young, officer, provider, 'Şükrü Yılmaz']) expect(text, name).toContain(name);
    expect(leaked(text)).toEqual([]);
    for (const label of ['Jongere', 'Medewerker namens de gemeente', 'Zorgaanbieder', 'Code aangevraagd', 'Link verstuurd', 'Bezig', 'Niet behaald', 'Niet nodig']) {
      expect(text, label).toContain(label);
    }
    // The sections in the template's order (introduction first: it came last in jsonb key order).
    const headings = Object.values(AGREEMENT_SECTIONS).map((h) => `\n${h.nl}\n`);
    const at = headings.map((h) => text.indexOf(h));
    expect(at.filter((p) => p < 0)).toEqual([]);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    // Each part of the plan right after its section's text.
    const goalsAt = text.indexOf('Een bijbaan vinden');
    expect(goalsAt).toBeGreaterThan(at[1] as number);
    expect(goalsAt).toBeLessThan(at[2] as number);

    // The young person's export: labels instead of codes.
    const youngToken = linkToken((await outboxFor('+31612399001'))[0] as string);
    const { cookie } = await downloadSession(youngToken, '+31612399001');
    const exported = await w.request('GET', '/sign/export', withCookie(cookie));
    expect(exported.status).toBe(200);
    const raw = await exported.text();
    expect(leaked(raw)).toEqual([]);
    const data = JSON.parse(raw) as { agreement: { status: string; plan: { goals: { domain: string }[] } }; signingEvents: { type: string }[] };
    expect(data.agreement.status).toBe('Geldt');
    expect(data.agreement.plan.goals[0]?.domain).toBe('Werk en dagbesteding');
    expect(data.signingEvents.map((e) => e.type)).toContain('Code aangevraagd');
    const english = await (await w.request('GET', '/sign/export?lang=en', withCookie(cookie))).text();
    expect(leaked(english)).toEqual([]);
    expect(english).toContain('Work and day activity');
  });
});

describe('scheduled work', () => {
  it('reminds a signer who has not acted (at most twice), then expires the round', async () => {
    const { runSigningJobs } = await import('../../src/modules/signing/jobs.js');
    const { id, mobile } = await sendAgreement();
    const start = clock;
    const run = (days: number) => {
      clock = new Date(start.getTime() + days * 86_400_000);
      return runSigningJobs(w.db, { publicUrl: 'https://vervolg.test', now: clock });
    };
    expect(await run(1)).toMatchObject({ reminded: 0 });
    await run(3.1);
    await run(6.2);
    await run(9.3); // no third reminder
    const messages = await outboxFor(mobile);
    expect(messages.length).toBe(3);
    expect(messages[1]).toContain('Herinnering');
    // The newest link works; the first one no longer does.
    clock = start;
    expect((await w.request('GET', `/sign?t=${linkToken(messages[2] as string)}`)).status).toBe(200);
    expect((await w.request('GET', `/sign?t=${linkToken(messages[0] as string)}`)).status).toBe(404);

    await run(14.5);
    clock = start; // staff sessions live on the real clock
    const a = await readAgreement(id);
    expect(a.status).toBe('expired');
    const trail = (await (await w.request('GET', `${base()}/agreements/${id}/versions/1/signing-events`, { token: cm().token })).json()) as { chainIntact: boolean; items: { type: string }[] };
    expect(trail.chainIntact).toBe(true);
    expect(trail.items.map((e) => e.type).filter((t) => t === 'reminded' || t === 'expired')).toEqual(['reminded', 'reminded', 'expired']);
  });
});

describe('the verification page (the address printed in the PDF)', () => {
  let pdf: Uint8Array<ArrayBuffer>;
  const upload = (bytes: Uint8Array<ArrayBuffer> | null, lang = 'nl', name = 'afspraken.pdf', type = 'application/pdf') => {
    const form = new FormData();
    if (bytes) form.append('document', new File([bytes], name, { type }));
    return w.app.request(`/verify?lang=${lang}`, { method: 'POST', body: form, headers: { 'User-Agent': 'Mozilla/5.0 test', Origin: 'https://vervolg.test' } });
  };

  beforeAll(async () => {
    const { id, mobile, officerEmail } = await sendAgreement({ order: 'parallel' });
    for (const [recipient, name] of [[mobile, 'Sanne'], [officerEmail, 'Officier']] as const) {
      const token = linkToken((await outboxFor(recipient))[0] as string);
      await verify(token, recipient);
      await post('/sign/sign', { t: token, consent: 'yes', typedName: name });
    }
    const res = await w.request('GET', `${base()}/agreements/${id}/versions/1/document`, { token: cm().token });
    expect(res.status).toBe(200);
    pdf = new Uint8Array(await res.arrayBuffer());
  });

  it('the PDF prints the address of the page, and a browser that opens it gets a form that works without JavaScript', async () => {
    const { execFileSync } = await import('node:child_process');
    let text: string | null = null;
    try {
      text = execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
    } catch (error) {
      // In CI poppler-utils is installed; elsewhere the PDF's bytes are checked below instead.
      if (process.env.CI === 'true' || (error as { code?: string }).code !== 'ENOENT') throw error;
    }
    if (text !== null) expect(text.replace(/\s+/g, '')).toContain('https://vervolg.test/verify');

    const page = await w.app.request('/verify');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
    const html = await page.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Document controleren');
    expect(html).toMatch(/<form method="post" action="\/verify\?lang=nl" enctype="multipart\/form-data">/);
    expect(html).toMatch(/<label for="document">Pdf-bestand<\/label>/);
    // No script of its own: only the shell's optional enhancement (app.js, deferred, from our origin).
    expect([...html.matchAll(/<script[^>]*>/g)].map((m) => m[0])).toEqual([expect.stringMatching(/^<script src="\/assets\/[0-9a-f]{16}\/app\.js" defer="">$/)]);
    expect(await (await w.app.request('/verify?lang=en')).text()).toContain('Check a document');

    // PDFs sealed earlier print /v1/verifications: a browser is sent to the page, the API keeps its 405.
    const fromBrowser = await w.app.request('/v1/verifications', { headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(fromBrowser.status).toBe(303);
    expect(fromBrowser.headers.get('location')).toBe('/verify');
    const fromClient = await w.app.request('/v1/verifications', { headers: { Accept: 'application/json' } });
    expect(fromClient.status).toBe(405);
    expect(fromClient.headers.get('content-type')).toContain('application/problem+json');
  });

  it('an uploaded sealed PDF: sealed by Vervolg for the municipality, which version, when signed — and nothing about who signed', async () => {
    const res = await upload(pdf);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Verzegeld door Vervolg');
    expect(html).toContain('Dit document is verzegeld door Vervolg en is daarna niet veranderd.');
    expect(html).toMatch(/<dd[^>]*>Gemeente Alpha<\/dd>/);
    expect(html).toMatch(/<dd[^>]*>Afsprakenplan, versie 1<\/dd>/);
    const signedOn = formatDateTime(clock, 'nl');
    expect(html).toContain(`>${signedOn}</dd>`);
    expect(html).not.toMatch(/Sanne|Officier|06\d{8}|@/);

    const en = await (await upload(pdf, 'en')).text();
    expect(en).toContain('Sealed by Vervolg');
    expect(en).toMatch(/<dd[^>]*>Aftercare agreement, version 1<\/dd>/);
  });

  it('a changed PDF, a PDF Vervolg did not seal, and bad uploads are told apart', async () => {
    const tampered = pdf.slice();
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = (tampered[middle] as number) ^ 1;
    const changed = await upload(tampered);
    expect(changed.status).toBe(200);
    const changedHtml = await changed.text();
    expect(changedHtml).toContain('Dit document is veranderd');
    expect(changedHtml).not.toContain('Verzegeld door Vervolg');

    const { renderAgreementPdf } = await import('../../src/modules/signing/pdf/agreement-pdf.js');
    const { exampleAgreementDocument } = await import('../../src/modules/signing/pdf/example.js');
    const unsealed = await (await upload(await renderAgreementPdf(exampleAgreementDocument()))).text();
    expect(unsealed).toContain('Niet verzegeld door Vervolg');

    const none = await upload(null);
    expect(none.status).toBe(400);
    const noneHtml = await none.text();
    expect(noneHtml).toContain('Kies een pdf-bestand om te controleren.');
    expect(noneHtml).toContain('aria-invalid="true"');
    expect(noneHtml).toContain('aria-describedby="document-hint document-error"');
    const text = await upload(new TextEncoder().encode('hello'), 'en', 'hello.txt', 'text/plain');
    expect(text.status).toBe(400);
    expect(await text.text()).toContain('This file is not a PDF.');
  });
});
