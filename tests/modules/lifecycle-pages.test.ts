// One agreement's page and its life after the plan, through the forms as a browser without
// JavaScript sends them: send for signing (errors beside fields, then right), follow the signers,
// a new link, the young person signs or declines through the signing page, cancel, amend, end with
// a JZ588 reason, the signed PDF, the timeline with the chain check; access and the processing log.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { type PageClient, pageClient } from '../support/pages.js';
import { oneTimeCode, outboxTo, signingLinkToken } from '../support/signing.js';
import { type World, connectionFrom, createWorld } from '../support/world.js';

let w: World;
let templateVersionId: string;
let cm: PageClient;
const cmPerson = () => w.A.people['case-manager'];
const base = (id: string) => `/app/municipalities/${w.A.id}/agreements/${id}`;

beforeAll(async () => {
  w = await createWorld();
  ({ templateVersionId } = await publishedTemplate(w, adminOf(w.A)));
  cm = pageClient(w, cmPerson());
});
afterAll(async () => w?.close());

let counter = 0;
async function draft() {
  const n = ++counter;
  const mobile = `+3161177${String(n).padStart(4, '0')}`;
  const name = `Noor Lifecycle ${n}`;
  const a = (
    await w.call(agreements.createAgreement, {
      token: cmPerson().token,
      params: { municipalityId: w.A.id },
      json: { templateVersionId, youngPerson: { name, dateOfBirth: '2008-03-02', mobile }, departureDate: '2027-02-01', aftercareStartDate: '2026-12-01' },
    })
  ).json(201);
  return { id: a.id, name, mobile, officerEmail: `officer${n}@alpha.example` };
}

/** Send through the form: the young person by SMS, the officer by e-mail. */
async function sendByForm(d: Awaited<ReturnType<typeof draft>>, extra: Record<string, string> = {}) {
  const form = await (await cm.get(`${base(d.id)}/send`)).text();
  const revision = /name="revision" value="(\d+)"/.exec(form)?.[1] as string;
  return cm.post(`${base(d.id)}/send`, {
    revision,
    order: 'parallel',
    'signers.0.channel': 'sms',
    'signers.0.mobile': d.mobile,
    'signers.1.name': 'Officier Alfa',
    'signers.1.channel': 'email',
    'signers.1.email': d.officerEmail,
    ...extra,
  });
}

let ipCounter = 0;
const signPost = (path: string, fields: Record<string, string>) =>
  w.app.request(
    path,
    { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://vervolg.test', 'User-Agent': 'Mozilla/5.0 (iPhone) test' } },
    connectionFrom(`10.77.0.${++ipCounter}`),
  );

/** Open the latest link sent to `recipient` and confirm the code; returns the link's token. */
async function verifyAs(recipient: string) {
  const token = signingLinkToken((await outboxTo(w.db, recipient)).at(-1));
  await w.app.request(`/sign?t=${token}`, {}, connectionFrom(`10.77.1.${++ipCounter}`));
  await signPost('/sign/code', { t: token });
  const code = oneTimeCode((await outboxTo(w.db, recipient)).at(-1));
  expect((await signPost('/sign/verify', { t: token, code })).status).toBe(200);
  return token;
}

const pageText = async (id: string, query = '') => {
  const res = await cm.get(`${base(id)}${query}`);
  expect(res.status).toBe(200);
  return res.text();
};
const revisionIn = (html: string) => /name="revision" value="(\d+)"/.exec(html)?.[1] as string;
const logOf = async (subjectId: string) =>
  (await sql<{ operation: string; action: string }>`select operation, action from processing_log where subject_id = ${subjectId} order by id`.execute(w.db)).rows;
const statusOf = async (id: string) => (await w.call(agreements.getAgreement, { token: cmPerson().token, params: { municipalityId: w.A.id, agreementId: id } })).json(200).status;

describe('the agreement page and sending for signature', () => {
  it('a draft: name as heading, status in words, plan and preview links, send; the read is logged', async () => {
    const d = await draft();
    const html = await pageText(d.id);
    expect(html).toContain(`<h1 class="utrecht-heading-1">${d.name}</h1>`);
    expect(html).toContain('Concept');
    expect(html).toContain(`href="${base(d.id)}/plan"`);
    expect(html).toContain(`href="${base(d.id)}/preview"`);
    expect(html).toContain(`href="${base(d.id)}/send"`);
    expect(html).toContain('nog niet verstuurd');
    expect(await logOf(d.id)).toContainEqual({ operation: 'getAgreement', action: 'read' });
    const en = await pageText(d.id, '?lang=en');
    expect(en).toContain('Send for signature');
    expect(en).toContain('Draft');
  });

  it('a send with errors comes back (400) with each error beside its field and what was typed; nothing is sent', async () => {
    const d = await draft();
    const res = await sendByForm(d, { 'signers.0.mobile': '12', 'signers.1.email': '', 'signers.2.name': 'Ouder Een', 'signers.2.role': 'legal-representative', 'signers.2.channel': 'email', 'signers.2.email': 'geen-adres' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="field-signers-0-mobile-error"');
    expect(html).toContain('id="field-signers-2-email-error"');
    expect(html).toContain('Vul een mobiel nummer in, zoals 06 12345678.');
    expect(html).toContain('value="Ouder Een"');
    expect(html).toContain('value="12"');
    expect(html).toContain('data-error-summary');
    // The addresses right, the officer's e-mail left empty: the signers' check speaks beside that field.
    const second = await sendByForm(d, { 'signers.1.email': '' });
    expect(second.status).toBe(400);
    const secondHtml = await second.text();
    expect(secondHtml).toMatch(/id="field-signers-1-email-error">Vul een e-mailadres in: de link gaat per e-mail\./);
    expect(secondHtml).toContain('value="Officier Alfa"');
    expect(await statusOf(d.id)).toBe('draft');
    expect(await outboxTo(w.db, d.mobile)).toEqual([]);
    expect((await logOf(d.id)).filter((l) => l.operation === 'sendAgreement')).toEqual([]);
  });

  it('sent right: 303 to the page with a notice; each signer with where they are and how the link went; logged', async () => {
    const d = await draft();
    const res = await sendByForm(d);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${base(d.id)}?done=sent`);
    const html = await pageText(d.id, '?done=sent');
    expect(html).toContain('De afspraken zijn verstuurd');
    expect(html).toContain('Verstuurd ter ondertekening');
    expect(html).toContain('Officier Alfa');
    expect(html).toContain('Uitgenodigd: link verstuurd, nog niet geopend');
    expect(html).toContain('data-live-open="true"');
    expect(html).toContain('Stuur een nieuwe link');
    expect(html).toContain('>sms<');
    expect(html).toContain('>e-mail<');
    expect(html).toContain('Vernieuwen');
    expect(await outboxTo(w.db, d.mobile)).toHaveLength(1);
    expect(await logOf(d.id)).toContainEqual({ operation: 'sendAgreement', action: 'create' });
  });
});

describe('following the signing', () => {
  it('a new link (the reminder): a new token goes out, the old one stops working; the young person signs and the page shows it', async () => {
    const d = await draft();
    await sendByForm(d);
    const first = signingLinkToken((await outboxTo(w.db, d.mobile))[0]);
    const html = await pageText(d.id);
    const signerId = new RegExp(`action="${base(d.id)}/signers/([0-9a-f-]{36})/remind"`).exec(html)?.[1] as string;
    expect(signerId).toBeTruthy();
    const remind = await cm.post(`${base(d.id)}/signers/${signerId}/remind`, {});
    expect(remind.status).toBe(303);
    expect(remind.headers.get('location')).toBe(`${base(d.id)}?done=reminded`);
    expect(await pageText(d.id, '?done=reminded')).toContain('Er is een nieuwe link verstuurd');
    const messages = await outboxTo(w.db, d.mobile);
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatch(/^Herinnering/);
    const second = signingLinkToken(messages[1]);
    expect(second).not.toBe(first);
    expect(await (await w.app.request(`/sign?t=${first}`, {}, connectionFrom('10.77.9.1'))).text()).not.toContain('name="code"');
    expect((await logOf(signerId)).map((l) => l.operation)).toContain('remindSigner');

    const token = await verifyAs(d.mobile);
    expect(await pageText(d.id)).toContain('Code bevestigd, nog niet ondertekend');
    expect((await signPost('/sign/sign', { t: token, consent: 'yes', typedName: d.name })).status).toBe(200);
    const after = await pageText(d.id);
    expect(after).toMatch(/data-signer-progress="signed"[\s\S]*Ondertekend/);
    expect(after).toContain('data-live-open="true"'); // the officer has not signed yet
  });

  it('everyone signed: version 1 in force, the PDF downloads as an attachment and is logged; the timeline shows the chain intact', async () => {
    const d = await draft();
    await sendByForm(d);
    for (const [recipient, name] of [
      [d.mobile, d.name],
      [d.officerEmail, 'Officier Alfa'],
    ] as const) {
      const token = await verifyAs(recipient);
      expect((await signPost('/sign/sign', { t: token, consent: 'yes', typedName: name })).status).toBe(200);
    }
    const html = await pageText(d.id);
    expect(html).toContain('Geldt');
    expect(html).toContain('Versie 1');
    expect(html).toContain('data-live-open="false"');
    expect(html).not.toContain('Stuur een nieuwe link');
    expect(html).toContain(`href="${base(d.id)}/versions/1/document"`);
    expect(html).toContain('Afspraken aanpassen');
    expect(html).toContain('Afspraken beëindigen');

    const pdf = await cm.get(`${base(d.id)}/versions/1/document`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="afspraken-.*-v1\.pdf"$/);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    expect(await logOf(d.id)).toContainEqual({ operation: 'getSignedDocument', action: 'read' });
    expect((await cm.get(`${base(d.id)}/versions/2/document`)).status).toBe(404);

    const timeline = await cm.get(`${base(d.id)}/timeline`);
    expect(timeline.status).toBe(200);
    const t = await timeline.text();
    const events = (await sql<{ n: number }>`select count(*)::int as n from signing_events where agreement_id = ${d.id}`.execute(w.db)).rows[0]?.n as number;
    expect(events).toBeGreaterThan(8);
    expect(t).toContain(`De keten is intact: ${events} gebeurtenissen gecontroleerd.`);
    for (const word of ['Link verstuurd', 'Link geopend', 'Code bevestigd', 'Ondertekend', 'Iedereen heeft ondertekend']) expect(t).toContain(word);
    expect(t).toContain(`${d.name} (Jongere)`);
    expect(t).toMatch(/<h3[^>]*>Gebeurtenissen van versie 1<\/h3>/);
    expect(await logOf(d.id)).toContainEqual({ operation: 'listSigningEvents', action: 'read' });
    expect(await (await cm.get(`${base(d.id)}/timeline?lang=en`)).text()).toContain(`The chain is intact: ${events} events checked.`);
  });

  it('a decline shows with its reason', async () => {
    const d = await draft();
    await sendByForm(d);
    const token = await verifyAs(d.mobile);
    expect((await signPost('/sign/decline', { t: token, reason: 'Ik wil eerst met mijn moeder praten' })).status).toBe(200);
    const html = await pageText(d.id);
    expect(html).toMatch(/data-signer-progress="declined"[\s\S]*Niet ondertekend[\s\S]*Ik wil eerst met mijn moeder praten/);
    expect(html).toContain('data-live-open="false"');
    // The trail altered behind the app's back (the append-only trigger switched off, as only the
    // table's owner can): the timeline names the first event whose hash no longer holds.
    await w.db.transaction().execute(async (trx) => {
      await sql`alter table signing_events disable trigger signing_events_append_only`.execute(trx);
      await sql`update signing_events set data = '{"role":"young-person","channel":"email"}'::jsonb where agreement_id = ${d.id} and seq = 1`.execute(trx);
      await sql`alter table signing_events enable trigger signing_events_append_only`.execute(trx);
    });
    const timeline = await (await cm.get(`${base(d.id)}/timeline`)).text();
    expect(timeline).toContain('De keten is verbroken bij gebeurtenis 1');
    expect(timeline).toContain('data-chain="broken"');
    expect(timeline).not.toContain('De keten is intact');
  });
});

describe('cancel, amend, end', () => {
  it('cancel asks first, then stops the round: links no longer work, logged', async () => {
    const d = await draft();
    await sendByForm(d);
    const confirm = await cm.get(`${base(d.id)}/cancel`);
    expect(confirm.status).toBe(200);
    const form = await confirm.text();
    expect(form).toContain('Stoppen met deze afspraken?');
    const res = await cm.post(`${base(d.id)}/cancel`, { revision: revisionIn(form), note: 'Verkeerde gegevens' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${base(d.id)}?done=cancelled`);
    const html = await pageText(d.id, '?done=cancelled');
    expect(html).toContain('Gestopt. Open links werken niet meer.');
    expect(html).toMatch(/data-signer-progress="cancelled"/);
    expect(await statusOf(d.id)).toBe('cancelled');
    expect(await logOf(d.id)).toContainEqual({ operation: 'cancelAgreement', action: 'create' });
    // Again (the state no longer allows it): a notice on the agreement's page, not a 500.
    const again = await cm.post(`${base(d.id)}/cancel`, { revision: revisionIn(form) });
    expect(again.status).toBe(412);
  });

  it('amend goes to the plan editor; a stale revision is refused with a notice; the amendment can be withdrawn; end needs a JZ588 reason', async () => {
    const d = await draft();
    await sendByForm(d);
    for (const [recipient, name] of [
      [d.mobile, d.name],
      [d.officerEmail, 'Officier Alfa'],
    ] as const) {
      const token = await verifyAs(recipient);
      await signPost('/sign/sign', { t: token, consent: 'yes', typedName: name });
    }
    const page = await pageText(d.id);
    const revision = revisionIn(page);
    const stale = await cm.post(`${base(d.id)}/amend`, { revision: String(Number(revision) - 1) });
    expect(stale.status).toBe(412);
    expect(await stale.text()).toContain('Iemand anders heeft deze afspraken intussen veranderd');
    expect(await statusOf(d.id)).toBe('active');
    expect((await logOf(d.id)).filter((l) => l.operation === 'amendAgreement')).toEqual([]);

    const amend = await cm.post(`${base(d.id)}/amend`, { revision });
    expect(amend.status).toBe(303);
    expect(amend.headers.get('location')).toBe(`${base(d.id)}/plan?done=amendment`);
    expect(await statusOf(d.id)).toBe('amending');
    expect(await logOf(d.id)).toContainEqual({ operation: 'amendAgreement', action: 'create' });
    const amending = await pageText(d.id);
    expect(amending).toContain('Aanpassing versturen ter ondertekening');
    expect(amending).toContain('Aanpassing intrekken');

    const withdraw = await cm.get(`${base(d.id)}/cancel`);
    const withdrawForm = await withdraw.text();
    expect(withdrawForm).toContain('Aanpassing intrekken?');
    expect((await cm.post(`${base(d.id)}/cancel`, { revision: revisionIn(withdrawForm) })).status).toBe(303);
    expect(await statusOf(d.id)).toBe('active');

    const endForm = await cm.get(`${base(d.id)}/end`);
    expect(endForm.status).toBe(200);
    const endHtml = await endForm.text();
    expect(endHtml).toContain('34 – Voortijdig, in overeenstemming');
    const noReason = await cm.post(`${base(d.id)}/end`, { revision: revisionIn(endHtml), reason: '', note: 'Verhuisd' });
    expect(noReason.status).toBe(400);
    const noReasonHtml = await noReason.text();
    expect(noReasonHtml).toContain('id="field-reason-error"');
    expect(noReasonHtml).toContain('Verhuisd</textarea>');
    expect(await statusOf(d.id)).toBe('active');
    const ended = await cm.post(`${base(d.id)}/end`, { revision: revisionIn(endHtml), reason: '34', note: 'Verhuisd' });
    expect(ended.status).toBe(303);
    expect(ended.headers.get('location')).toBe(`${base(d.id)}?done=ended`);
    const after = await pageText(d.id, '?done=ended');
    expect(after).toContain('De afspraken zijn beëindigd.');
    expect(after).toContain('Beëindigd');
    expect(after).toContain('34 – Voortijdig, in overeenstemming');
    expect(after).toContain('Er is nu niets te doen met deze afspraken.');
    expect(await logOf(d.id)).toContainEqual({ operation: 'endAgreement', action: 'create' });
    // Ending twice: the state no longer allows it (409 notice, no 500).
    const twice = await cm.post(`${base(d.id)}/end`, { revision: revisionIn(after) || '99', reason: '34' });
    expect([409, 412]).toContain(twice.status);
    expect(await twice.text()).toContain('utrecht-alert--error');
  });
});

describe('access', () => {
  it('no session → sign in; another municipality → 404; an analyst → 403; the send form of a sent agreement → 409', async () => {
    const d = await draft();
    const anonymous = await pageClient(w).get(base(d.id));
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(`/app/sign-in?next=${encodeURIComponent(base(d.id))}`);
    const b = pageClient(w, w.B.people['case-manager']);
    expect((await b.get(`/app/municipalities/${w.B.id}/agreements/${d.id}`)).status).toBe(404);
    expect((await b.get(base(d.id))).status).toBe(404);
    expect((await b.post(`${base(d.id)}/end`, { reason: '34' })).status).toBe(404);
    const analyst = pageClient(w, w.A.people.analyst);
    expect((await analyst.get(base(d.id))).status).toBe(403);
    expect((await analyst.get(`${base(d.id)}/timeline`)).status).toBe(403);
    expect((await analyst.post(`${base(d.id)}/cancel`, {})).status).toBe(403);
    expect(await statusOf(d.id)).toBe('draft');
    await sendByForm(d);
    expect((await cm.get(`${base(d.id)}/send`)).status).toBe(409);
  });
});

describe('an amendment, all the way through the pages', () => {
  it('in force → amend → change a goal in the same editor → the plan shows what changed → send → both sign → version 2 in force, version 1 still downloadable', async () => {
    const d = await draft();
    const signAll = async (version: number) => {
      for (const [recipient, name] of [
        [d.mobile, d.name],
        [d.officerEmail, 'Officier Alfa'],
      ] as const) {
        const token = await verifyAs(recipient);
        expect((await signPost('/sign/sign', { t: token, consent: 'yes', typedName: name })).status, `sign v${version}`).toBe(200);
      }
    };
    // Version 1 with one goal, signed.
    const goals = `${base(d.id)}/plan/goals`;
    const goalForm = await (await cm.get(goals)).text();
    const saveGoal = (revision: string, description: string) =>
      cm.post(goals, { revision, action: 'save', 'goals.0.domain': 'housing', 'goals.0.description': description, 'goals.0.term': 'long', 'goals.0.targetDate': '2027-09-01', 'goals.0.status': 'open' });
    expect((await saveGoal(revisionIn(goalForm), 'Een eigen kamer vinden')).status).toBe(303);
    expect((await sendByForm(d)).status).toBe(303);
    await signAll(1);
    expect(await statusOf(d.id)).toBe('active');

    // Amend: the same editor opens on the draft of version 2.
    const amend = await cm.post(`${base(d.id)}/amend`, { revision: revisionIn(await pageText(d.id)) });
    expect(amend.headers.get('location')).toBe(`${base(d.id)}/plan?done=amendment`);
    const saved = await saveGoal(revisionIn(await (await cm.get(goals)).text()), 'Een eigen studio vinden en houden');
    expect(saved.status).toBe(303);
    const plan = await (await cm.get(`${base(d.id)}/plan`)).text();
    expect(plan).toContain('Wijzigingen sinds de ondertekende versie');
    expect(plan).toContain('Een eigen kamer vinden');
    expect(plan).toContain('Een eigen studio vinden en houden');

    // Send the amendment; while it is out, version 1 stays in force.
    expect((await sendByForm(d)).status).toBe(303);
    expect(await statusOf(d.id)).toBe('amendment-sent');
    await signAll(2);
    const html = await pageText(d.id);
    expect(await statusOf(d.id)).toBe('active');
    expect(html).toContain(`href="${base(d.id)}/versions/2/document"`);
    expect(html).toContain(`href="${base(d.id)}/versions/1/document"`);
    for (const v of [1, 2]) expect((await cm.get(`${base(d.id)}/versions/${v}/document`)).headers.get('content-type')).toBe('application/pdf');
    expect(await logOf(d.id)).toEqual(expect.arrayContaining([
      { operation: 'amendAgreement', action: 'create' },
      { operation: 'updateAgreement', action: 'update' },
      { operation: 'sendAgreement', action: 'create' },
    ]));
  });
});
