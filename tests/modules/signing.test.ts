// E-signing end to end through the signing page (plain form posts, as a phone without
// JavaScript would send them), and the security rules around it.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEMPLATE_CONTENT } from '../../db/seed/template.js';
import { newOneTimeToken } from '../../src/platform/auth/tokens.js';
import { todayInAmsterdam } from '../../src/platform/dates.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let clock = new Date();
let templateVersionId: string;
const base = () => `/v1/municipalities/${w.A.id}`;
const cm = () => w.A.people['case-manager'];

beforeAll(async () => {
  w = await createWorld({ now: () => clock });
  const t = (await (await w.request('POST', `${base()}/agreement-templates`, { token: w.A.people.admin.token, body: { name: 'Nazorg', content: DEMO_TEMPLATE_CONTENT } })).json()) as { id: string; versions: { id: string }[] };
  templateVersionId = t.versions[0]?.id as string;
  await w.request('POST', `${base()}/agreement-templates/${t.id}/versions/1/publish`, { token: w.A.people.admin.token });
});
afterAll(async () => w?.close());

let counter = 0;
async function sendAgreement(options: { order?: 'parallel' | 'sequential'; birth?: string; signers?: unknown[] } = {}) {
  counter++;
  const mobile = `+3161234${String(counter).padStart(4, '0')}`;
  const created = await w.request('POST', `${base()}/agreements`, {
    token: cm().token,
    body: {
      templateVersionId,
      youngPerson: { name: `Sanne ${counter}`, dateOfBirth: options.birth ?? '2009-05-14', mobile },
      departureDate: '2027-02-01',
      aftercareStartDate: '2026-12-01',
      plan: { goals: [{ domain: 'housing', term: 'long', description: 'Zelfstandig wonen', targetDate: '2027-09-01' }] },
    },
  });
  const a = (await created.json()) as { id: string };
  const officerEmail = `officer${counter}@alpha.example`;
  const res = await w.request('POST', `${base()}/agreements/${a.id}/send`, {
    token: cm().token,
    headers: { 'If-Match': '"r1"' },
    body: { order: options.order ?? 'sequential', signers: options.signers ?? [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: officerEmail }] },
  });
  return { res, id: a.id, mobile, officerEmail };
}

async function outboxFor(recipient: string) {
  const { rows } = await sql<{ body: string }>`select body from outbox where recipient = ${recipient} order by created_at, id`.execute(w.db);
  return rows.map((r) => r.body);
}
const linkToken = (body: string) => /\/sign\?t=([a-z2-7]{32})/.exec(body)?.[1] as string;
const codeOf = (body: string) => /(\d{6})/.exec(body)?.[1] as string;

const post = (path: string, fields: Record<string, string>, lang = 'nl') =>
  w.app.request(`${path}?lang=${lang}`, {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Mozilla/5.0 (iPhone) test', 'CF-Connecting-IP': '203.0.113.7' },
  });

async function verify(token: string, recipient: string) {
  await post('/sign/code', { t: token });
  const code = codeOf((await outboxFor(recipient)).at(-1) as string);
  const page = await post('/sign/verify', { t: token, code });
  return { page, code };
}

describe('sending', () => {
  it('needs the young person and an officer; under 16 also a legal representative', async () => {
    const missing = await sendAgreement({ signers: [{ role: 'young-person' }, { role: 'provider', name: 'X', email: 'x@p.example' }] });
    expect(missing.res.status).toBe(400);
    const young = await sendAgreement({ birth: '2011-06-01' });
    expect(young.res.status).toBe(400);
    const body = (await young.res.json()) as { invalidParams: { reason: string }[] };
    expect(body.invalidParams.map((p) => p.reason).join(' ')).toMatch(/legal representative/);
    // Nothing of the failed send remains: the agreement is still a draft.
    const a = (await (await w.request('GET', `${base()}/agreements/${young.id}`, { token: cm().token })).json()) as { status: string };
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
    const { id, mobile, officerEmail } = await sendAgreement();
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
    expect(agreementHtml).toContain(`Sanne ${counter}`);
    expect(agreementHtml).toContain('name="consent"');

    // A replayed code does nothing.
    const replay = await post('/sign/verify', { t: token, code });
    expect(await replay.text()).toContain('Die code klopt niet');

    const noConsent = await post('/sign/sign', { t: token, typedName: 'Sanne' });
    expect(await noConsent.text()).toContain('Zet een vinkje');
    const signed = await post('/sign/sign', { t: token, consent: 'yes', typedName: `Sanne ${counter}` });
    expect(await signed.text()).toContain('Gelukt');
    expect((await w.request('GET', `/sign?t=${token}`)).status).toBe(200); // a clear 'already done' page

    // Now the officer's turn.
    const officerToken = linkToken((await outboxFor(officerEmail))[0] as string);
    await verify(officerToken, officerEmail);
    const done = await post('/sign/sign', { t: officerToken, consent: 'yes', typedName: 'Officier' }, 'en');
    expect(await done.text()).toContain('Everyone has signed');

    const a = (await (await w.request('GET', `${base()}/agreements/${id}`, { token: cm().token })).json()) as { status: string; inForceVersion: number };
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
    const { EXAMPLE_DRAWN_SIGNATURE } = await import('../../src/platform/pdf/example.js');
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
    const a = (await (await w.request('GET', `${base()}/agreements/${id}`, { token: cm().token })).json()) as { status: string };
    expect(a.status).toBe('declined');
    const signers = (await (await w.request('GET', `${base()}/agreements/${id}/versions/1/signers`, { token: cm().token })).json()) as { items: { status: string }[] };
    expect(signers.items.map((s) => s.status)).toEqual(['declined', 'cancelled']);
  });
});

describe('cancelling', () => {
  it('cancelling an agreement out for signature stops the links and is in the trail', async () => {
    const { id, mobile } = await sendAgreement();
    const token = linkToken((await outboxFor(mobile))[0] as string);
    const current = (await (await w.request('GET', `${base()}/agreements/${id}`, { token: cm().token })).json()) as { revision: number };
    const res = await w.request('POST', `${base()}/agreements/${id}/cancel`, { token: cm().token, headers: { 'If-Match': `"r${current.revision}"` }, body: { note: 'Verkeerde gegevens' } });
    expect(await res.json()).toMatchObject({ status: 'cancelled' });
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
    const { mobile } = await sendAgreement();
    const token = linkToken((await outboxFor(mobile))[0] as string);
    const start = clock;
    clock = new Date(clock.getTime() + 15 * 86_400_000);
    const res = await w.request('GET', `/sign?t=${token}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('verlopen');
    const code = await post('/sign/code', { t: token });
    expect(await code.text()).toContain('verlopen');
    clock = start;
    const refused = await sql<{ status: string; actor_type: string }>`select status, actor_type from processing_log where operation = 'openSigningLink'`.execute(w.db);
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

    // The young person downloads the same file through their link.
    const own = await w.request('GET', `/sign/document?t=${youngToken}`);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect(sha256OfPdf(new Uint8Array(await own.arrayBuffer()))).toBe(sha256OfPdf(pdf));

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

    // The young person downloads all their data; the download is in the processing log.
    const page = await (await w.request('GET', `/sign?t=${youngToken}`)).text();
    expect(page).toContain('/sign/export?t=');
    const exported = await w.request('GET', `/sign/export?t=${youngToken}`);
    expect(exported.status).toBe(200);
    const data = (await exported.json()) as { agreement: { id: string }; versions: unknown[]; signatures: { status: string }[]; signingEvents: unknown[]; processingLog: { operation: string }[]; documents: { download: string }[] };
    expect(data.agreement.id).toBe(id);
    expect(data.versions).toHaveLength(1);
    expect(data.signatures.map((x) => x.status)).toEqual(['signed']);
    expect(data.signingEvents.length).toBeGreaterThan(5);
    expect(data.processingLog.map((p) => p.operation)).toContain('createAgreement');
    expect(data.documents[0]?.download).toContain('/sign/document?t=');
    const logged = await sql<{ actor_type: string }>`select actor_type from processing_log where operation = 'exportYoungPersonData' and subject_id = ${id}`.execute(w.db);
    expect(logged.rows).toEqual([{ actor_type: 'signer' }]);
    // The officer's link cannot export the young person's data.
    expect((await w.request('GET', `/sign/export?t=${officerToken}`)).headers.get('content-type')).toContain('text/html');

    // Stored once, never changed; another municipality cannot download it.
    await expect(sql`update signed_documents set sha256 = ${'0'.repeat(64)}`.execute(w.db)).rejects.toThrow(/append-only/);
    expect((await w.request('GET', `/v1/municipalities/${w.B.id}/agreements/${id}/versions/1/document`, { token: w.B.people['case-manager'].token })).status).toBe(404);
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
    const a = (await (await w.request('GET', `${base()}/agreements/${id}`, { token: cm().token })).json()) as { status: string };
    expect(a.status).toBe('expired');
    const trail = (await (await w.request('GET', `${base()}/agreements/${id}/versions/1/signing-events`, { token: cm().token })).json()) as { chainIntact: boolean; items: { type: string }[] };
    expect(trail.chainIntact).toBe(true);
    expect(trail.items.map((e) => e.type).filter((t) => t === 'reminded' || t === 'expired')).toEqual(['reminded', 'reminded', 'expired']);
  });
});
