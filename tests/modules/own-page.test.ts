// The young person's own page (issue 13, part 3), through its forms as a phone without JavaScript
// sends them: a personal link and a one-time code open a session (the signing module's, no second
// login), the token leaves the address, the page shows only their own plan, notes and log, every
// view is in the processing log, a request for help is stored and e-mails the case manager
// (without details), practical information has defaults each municipality may override, and the
// staff API of it is isolated per municipality.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRACTICAL_INFO_DEFAULTS } from '../../src/domain/practical-info.js';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { routes } from '../../src/modules/own-page/routes.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { oneTimeCode, outboxTo, signingLinkToken } from '../support/signing.js';
import { type Municipality, type World, connectionFrom, createWorld } from '../support/world.js';

let w: World;
let clock = new Date();
const templates = new Map<string, string>();

beforeAll(async () => {
  w = await createWorld({ now: () => clock });
  templates.set(w.A.id, (await publishedTemplate(w, adminOf(w.A))).templateVersionId);
  templates.set(w.B.id, (await publishedTemplate(w, adminOf(w.B))).templateVersionId);
});
afterAll(async () => w?.close());

let addressCounter = 0;
/** Each young person's phone has its own address (the code throttles count per address too). */
const nextAddress = () => `10.13.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}`;

interface Phone {
  cookie: string;
  from: string;
  get(path: string): Promise<Response>;
  post(path: string, fields: Record<string, string>): Promise<Response>;
}

/** A phone without JavaScript: keeps the /sign cookie, posts forms with our Origin, never follows redirects. */
function phone(from = nextAddress()): Phone {
  const p: Phone = {
    cookie: '',
    from,
    get: async (path) => keep(await w.app.request(path, { headers: p.cookie ? { Cookie: p.cookie } : {} }, connectionFrom(from))),
    post: async (path, fields) =>
      keep(
        await w.app.request(
          path,
          { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://vervolg.test', ...(p.cookie ? { Cookie: p.cookie } : {}) } },
          connectionFrom(from),
        ),
      ),
  };
  const keep = (res: Response) => {
    const set = /vervolg_download=([a-z2-7]*)/.exec(res.headers.get('set-cookie') ?? '');
    if (set) p.cookie = set[1] ? `vervolg_download=${set[1]}` : '';
    return res;
  };
  return p;
}

let counter = 0;
interface Young {
  id: string;
  name: string;
  mobile: string;
  goals: { id: string; description: string }[];
  m: Municipality;
}

/** An agreement of municipality `m`, sent to its young person and an officer, signed by both. */
async function signedAgreement(m: Municipality, options: { sign?: boolean } = {}): Promise<Young> {
  const n = ++counter;
  const mobile = `+3162000${String(n).padStart(4, '0')}`;
  const name = `Noor Eigen ${n}`;
  const cm = m.people['case-manager'];
  const created = (
    await w.call(agreements.createAgreement, {
      token: cm.token,
      params: { municipalityId: m.id },
      json: {
        templateVersionId: templates.get(m.id) as string,
        youngPerson: { name, dateOfBirth: '2008-05-14', mobile },
        departureDate: '2027-02-01',
        aftercareStartDate: '2026-12-01',
        plan: {
          goals: [
            { domain: 'housing', term: 'long', description: `Zelfstandig wonen ${n}`, targetDate: '2027-09-01' },
            { domain: 'income-debts', term: 'short', description: `Schulden op een rij ${n}`, targetDate: '2027-03-01' },
          ],
          network: [{ name: `Tante Ria ${n}`, relation: 'tante', kind: 'informal', phone: '06-12345678', email: `ria${n}@example.org`, practicalContact: true }],
          reviews: [{ plannedOn: '2027-03-01' }],
        },
      },
    })
  ).json(201);
  const officer = `officer.eigen${n}@alpha.example`;
  (
    await w.call(agreements.send, {
      token: cm.token,
      params: { municipalityId: m.id, agreementId: created.id },
      headers: { 'If-Match': '"r1"' },
      json: { order: 'parallel', signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: officer }] },
    })
  ).json(200);
  if (options.sign !== false) {
    for (const recipient of [mobile, officer]) {
      const p = phone();
      const t = signingLinkToken((await outboxTo(w.db, recipient))[0]);
      await p.post('/sign/code?lang=nl', { t });
      const code = oneTimeCode((await outboxTo(w.db, recipient)).at(-1));
      expect((await p.post('/sign/verify?lang=nl', { t, code })).status).toBe(200);
      expect((await p.post('/sign/sign?lang=nl', { t, consent: 'yes', typedName: recipient === mobile ? name : 'Officier' })).status).toBe(200);
    }
  }
  const read = (await w.call(agreements.getAgreement, { token: cm.token, params: { municipalityId: m.id, agreementId: created.id } })).json(200);
  return { id: created.id, name, mobile, m, goals: read.plan.goals.map((g) => ({ id: g.id as string, description: g.description })) };
}

/** The case manager sends the own-page link; the token of that message. */
async function ownPageLink(y: Young): Promise<string> {
  (await w.call(routes.sendOwnPageLink, { token: y.m.people['case-manager'].token, params: { municipalityId: y.m.id, agreementId: y.id } })).json(202);
  const body = (await outboxTo(w.db, y.mobile)).at(-1) as string;
  const token = /\/sign\/my-page\?t=([a-z2-7]{32})/.exec(body)?.[1];
  if (!token) throw new Error(`no own-page link in ${body}`);
  return token;
}

/** Open the page: the link, a code, the code entered; the phone then holds the session cookie. */
async function signIn(y: Young, p = phone()): Promise<Phone> {
  const t = await ownPageLink(y);
  expect((await p.get(`/sign/my-page?t=${t}`)).status).toBe(200);
  expect((await p.post('/sign/my-page/code?lang=nl', { t })).status).toBe(200);
  const code = oneTimeCode((await outboxTo(w.db, y.mobile)).at(-1));
  const res = await p.post('/sign/my-page/verify?lang=nl', { t, code });
  expect(res.status).toBe(303);
  expect(p.cookie).not.toBe('');
  return p;
}

const logOf = async (agreementId: string, operation: string) =>
  (await sql<{ actor_type: string; action: string }>`select actor_type, action from processing_log where subject_id = ${agreementId} and operation = ${operation} order by id`.execute(w.db)).rows;

describe('getting in: a personal link and a one-time code', () => {
  it('the link alone opens nothing; a wrong code is refused beside its field; the right one opens the page and the token leaves the address', async () => {
    const y = await signedAgreement(w.A);
    const t = await ownPageLink(y);
    const p = phone();
    const first = await p.get(`/sign/my-page?t=${t}`);
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain('Stuur mij een code');
    expect(html).not.toContain(y.goals[0]?.description);
    expect(html).toContain('••••'); // the address is masked
    expect(first.headers.get('set-cookie')).toBeNull();

    const asked = await p.post('/sign/my-page/code?lang=nl', { t });
    expect(await asked.text()).toContain('We hebben je een code gestuurd');
    const message = (await outboxTo(w.db, y.mobile)).at(-1) as string;
    expect(message).toContain('eigen pagina');
    const code = oneTimeCode(message);

    const wrong = await p.post('/sign/my-page/verify?lang=nl', { t, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('id="field-code-error"');
    expect(wrongHtml).toContain('aria-invalid="true"');
    expect(p.cookie).toBe('');

    const right = await p.post('/sign/my-page/verify?lang=nl', { t, code });
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/sign/my-page?lang=nl');
    expect(right.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(right.headers.get('set-cookie')).toMatch(/Path=\/sign/);
    const page = await p.get('/sign/my-page?lang=nl');
    expect(page.status).toBe(200);
    const own = await page.text();
    expect(own).toContain(y.goals[0]?.description);
    // No token anywhere in the page (links, language switch, forms).
    expect(own).not.toContain(t);
    // The link opened again with a live session: straight to the page, without the token.
    const again = await p.get(`/sign/my-page?t=${t}`);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/sign/my-page?lang=nl');
    // A used code does not open a second session.
    const replay = await phone().post('/sign/my-page/verify?lang=nl', { t, code });
    expect(replay.status).toBe(400);
  });

  it('an expired code is refused; an unknown link is a 404 page; no session is a page that says what to do', async () => {
    const y = await signedAgreement(w.A);
    const t = await ownPageLink(y);
    const p = phone();
    await p.post('/sign/my-page/code?lang=nl', { t });
    const code = oneTimeCode((await outboxTo(w.db, y.mobile)).at(-1));
    const start = clock;
    clock = new Date(start.getTime() + 11 * 60_000);
    try {
      const late = await p.post('/sign/my-page/verify?lang=nl', { t, code });
      expect(late.status).toBe(400);
      expect(await late.text()).toContain('verlopen');
    } finally {
      clock = start;
    }
    const unknown = await phone().get(`/sign/my-page?t=${'a'.repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Deze link kennen we niet');
    const none = await phone().get('/sign/my-page');
    expect(none.status).toBe(403);
    expect(await none.text()).toContain('Open de link uit je bericht opnieuw');
    expect((await phone().post('/sign/my-page/help?lang=nl', { helpBody: 'hallo' })).status).toBe(403);
  });

  it('code requests and wrong codes are throttled as for signing (429 with Retry-After)', async () => {
    const y = await signedAgreement(w.A);
    const t = await ownPageLink(y);
    const p = phone();
    // The same limit as every code of this signer: the code they asked for to sign counts too (5 in 30 minutes).
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await p.post('/sign/my-page/code?lang=nl', { t })).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const refused = await p.post('/sign/my-page/code?lang=nl', { t });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Wacht');

    // Wrong codes: a code dies after 5 attempts, and the signer is locked after 10.
    const z = await signedAgreement(w.A);
    const tz = await ownPageLink(z);
    const q = phone();
    await q.post('/sign/my-page/code?lang=nl', { t: tz });
    const code = oneTimeCode((await outboxTo(w.db, z.mobile)).at(-1));
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await q.post('/sign/my-page/verify?lang=nl', { t: tz, code: wrong })).status).toBe(400);
    expect((await q.post('/sign/my-page/verify?lang=nl', { t: tz, code })).status).toBe(400); // the code is gone
    for (let i = 0; i < 4; i++) await q.post('/sign/my-page/verify?lang=nl', { t: tz, code: wrong });
    expect((await q.post('/sign/my-page/verify?lang=nl', { t: tz, code: wrong })).status).toBe(429);
  });

  it('only the young person of a signed agreement has an own page: 409 for the staff before signing; another signer’s link opens none', async () => {
    const unsigned = await signedAgreement(w.A, { sign: false });
    const res = await w.call(routes.sendOwnPageLink, { token: w.A.people['case-manager'].token, params: { municipalityId: w.A.id, agreementId: unsigned.id } });
    expect(res.status).toBe(409);
    const y = await signedAgreement(w.A);
    // The officer's fresh link (sent when everyone signed) leads to their downloads, not to an own page.
    const officerMail = (await sql<{ email: string }>`select email from signers where agreement_id = ${y.id} and role = 'municipality-officer'`.execute(w.db)).rows[0]?.email as string;
    const officerToken = signingLinkToken((await outboxTo(w.db, officerMail)).at(-1));
    const page = await phone().get(`/sign/my-page?t=${officerToken}`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('geen eigen pagina');
  });

  it('the link of the message sent when everyone signed leads there too: its download code opens the same session', async () => {
    const y = await signedAgreement(w.A);
    const t = signingLinkToken((await outboxTo(w.db, y.mobile)).at(-1)); // "iedereen heeft ondertekend"
    const p = phone();
    await p.post('/sign/download/code?lang=nl', { t });
    const opened = await p.post('/sign/download/verify?lang=nl', { t, code: oneTimeCode((await outboxTo(w.db, y.mobile)).at(-1)) });
    expect(await opened.text()).toContain('href="/sign/my-page?lang=nl"');
    const page = await p.get('/sign/my-page?lang=nl');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(y.goals[0]?.description);
  });

  it('signing out ends the session', async () => {
    const y = await signedAgreement(w.A);
    const p = await signIn(y);
    const cookie = p.cookie;
    const out = await p.post('/sign/my-page/sign-out?lang=nl', {});
    expect(await out.text()).toContain('Je bent uitgelogd');
    p.cookie = cookie;
    expect((await p.get('/sign/my-page')).status).toBe(403);
  });

  it('the session ends after 15 minutes without use, and moves on while it is used', async () => {
    const y = await signedAgreement(w.A);
    const p = await signIn(y);
    const start = clock;
    try {
      clock = new Date(start.getTime() + 10 * 60_000);
      expect((await p.get('/sign/my-page')).status).toBe(200);
      clock = new Date(start.getTime() + 20 * 60_000);
      expect((await p.get('/sign/my-page')).status).toBe(200);
      clock = new Date(start.getTime() + 36 * 60_000);
      expect((await p.get('/sign/my-page')).status).toBe(403);
    } finally {
      clock = start;
    }
  });
});

describe('the page', () => {
  let y: Young;
  let p: Phone;
  beforeAll(async () => {
    y = await signedAgreement(w.A);
    p = await signIn(y);
  });

  it('shows the plan in force with the latest progress per goal, the next review, the case manager and the contact person; each view logged', async () => {
    const cm = w.A.people['case-manager'];
    const goal = y.goals[0]?.id as string;
    await sql`insert into plan_progress (id, tenant_id, agreement_id, kind, item_ref, occurred_on, status, note, recorded_by)
      values (gen_random_uuid(), ${w.A.id}, ${y.id}, 'goal', ${goal}, '2026-12-01', 'in-progress', 'Ingeschreven bij de woningcorporatie', ${cm.userId}),
             (gen_random_uuid(), ${w.A.id}, ${y.id}, 'goal', ${goal}, '2026-12-02', 'achieved', 'Sleutel gekregen', ${cm.userId})`.execute(w.db);
    const before = (await logOf(y.id, 'viewOwnPage')).length;
    const html = await (await p.get('/sign/my-page?lang=nl')).text();
    expect(html).toContain('Behaald');
    expect(html).toContain('Sleutel gekregen');
    expect(html).not.toContain('Ingeschreven bij de woningcorporatie');
    expect(html).toContain('Nog niets over bekend'); // the second goal has no progress
    expect(html).toContain('1 maart 2027'); // the planned review, no review meeting yet
    expect(html).toContain('Alpha-case-manager'); // the case manager's name
    expect(html).not.toContain('@test.example'); // not their sign-in address
    expect(html).toContain(`Tante Ria`);
    expect(html).toContain('href="tel:0612345678"');
    expect(html).toMatch(/href="mailto:ria\d+@example\.org"/);
    expect(html).toContain('href="/sign/document?version=1"');
    expect(await logOf(y.id, 'viewOwnPage')).toEqual([...Array(before + 1)].map(() => ({ actor_type: 'signer', action: 'read' })));

    // A review meeting agrees the next review: that date is shown.
    await sql`insert into review_meetings (id, tenant_id, agreement_id, held_on, participants, agreed, next_review_on, recorded_by)
      values (gen_random_uuid(), ${w.A.id}, ${y.id}, '2026-12-02', array['young-person','case-manager'], 'Verder zo', '2027-04-15', ${cm.userId})`.execute(w.db);
    expect(await (await p.get('/sign/my-page?lang=en')).text()).toContain('15 April 2027');

    for (const [path, operation] of [['/sign/my-page/plan', 'viewOwnPlan'], ['/sign/my-page/info', 'viewPracticalInfo'], ['/sign/my-page/log', 'viewOwnProcessingLog']] as const) {
      const res = await p.get(`${path}?lang=nl`);
      expect(res.status).toBe(200);
      expect(await logOf(y.id, operation)).toContainEqual({ actor_type: 'signer', action: 'read' });
    }
    expect(await (await p.get('/sign/my-page/plan?lang=nl')).text()).toContain(y.goals[1]?.description);
  });

  it('a note on a goal and a topic for the review: every problem beside its field, typed text kept; then saved with a confirmation', async () => {
    const bad = await p.post('/sign/my-page/notes?lang=nl', { kind: 'goal-note', goalRef: 'not-a-goal', goalNote: '   ' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="field-goalRef-error"');
    expect(badHtml).toContain('id="field-goalNote-error"');
    const tooLong = 'x'.repeat(2001);
    const long = await p.post('/sign/my-page/notes?lang=nl', { kind: 'goal-note', goalRef: y.goals[1]?.id as string, goalNote: tooLong });
    expect(long.status).toBe(400);
    const longHtml = await long.text();
    expect(longHtml).toContain('Schrijf hoogstens 2000 tekens');
    expect(longHtml).toContain(tooLong); // kept
    expect((await sql<{ n: number }>`select count(*)::int as n from young_person_notes where agreement_id = ${y.id}`.execute(w.db)).rows[0]?.n).toBe(0);

    const ok = await p.post('/sign/my-page/notes?lang=nl', { kind: 'goal-note', goalRef: y.goals[1]?.id as string, goalNote: 'Ik heb een afspraak bij de schuldhulp' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/sign/my-page?lang=nl&done=note');
    const after = await (await p.get('/sign/my-page?lang=nl&done=note')).text();
    expect(after).toContain('Gelukt! Je opmerking is opgeslagen.');
    expect(after).toContain('Ik heb een afspraak bij de schuldhulp');

    const emptyTopic = await p.post('/sign/my-page/notes?lang=en', { kind: 'review-topic', reviewTopic: '' });
    expect(emptyTopic.status).toBe(400);
    expect(await emptyTopic.text()).toContain('id="field-reviewTopic-error"');
    expect((await p.post('/sign/my-page/notes?lang=nl', { kind: 'review-topic', reviewTopic: 'Mijn stage' })).status).toBe(303);
    const rows = (await sql<{ kind: string; goal_ref: string | null; body: string }>`select kind, goal_ref, body from young_person_notes where agreement_id = ${y.id} order by id`.execute(w.db)).rows;
    expect(rows).toEqual([
      { kind: 'goal-note', goal_ref: y.goals[1]?.id, body: 'Ik heb een afspraak bij de schuldhulp' },
      { kind: 'review-topic', goal_ref: null, body: 'Mijn stage' },
    ]);
    expect(await logOf(y.id, 'addYoungPersonNote')).toEqual([
      { actor_type: 'signer', action: 'create' },
      { actor_type: 'signer', action: 'create' },
    ]);
  });

  it('asking for help: stored, and the case manager gets an e-mail with a link into the staff app and no details', async () => {
    const bad = await p.post('/sign/my-page/help?lang=nl', { helpDomain: 'nonsense', helpBody: '' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="field-helpDomain-error"');
    expect(badHtml).toContain('id="field-helpBody-error"');
    const cm = w.A.people['case-manager'];
    const mailsBefore = (await outboxTo(w.db, cm.email)).length;
    const ok = await p.post('/sign/my-page/help?lang=nl', { helpDomain: 'income-debts', helpBody: 'Ik snap de brief van de Belastingdienst niet' });
    expect(ok.status).toBe(303);
    expect(await (await p.get('/sign/my-page?lang=nl&done=help')).text()).toContain('Je vraag is verstuurd');
    const row = (await sql<{ kind: string; domain: string; body: string }>`select kind, domain, body from young_person_notes where agreement_id = ${y.id} and kind = 'help'`.execute(w.db)).rows;
    expect(row).toEqual([{ kind: 'help', domain: 'income-debts', body: 'Ik snap de brief van de Belastingdienst niet' }]);
    const mails = await outboxTo(w.db, cm.email);
    expect(mails.length).toBe(mailsBefore + 1);
    const mail = mails.at(-1) as string;
    expect(mail).toContain(`/app/municipalities/${w.A.id}/agreements/${y.id}/notes`);
    expect(mail).not.toContain(y.name);
    expect(mail).not.toContain('Belastingdienst');
    expect(await logOf(y.id, 'askForHelp')).toEqual([{ actor_type: 'signer', action: 'create' }]);
    // A second request within the hour is stored but mails nobody again.
    expect((await p.post('/sign/my-page/help?lang=nl', { helpBody: 'Nog een vraag' })).status).toBe(303);
    expect((await outboxTo(w.db, cm.email)).length).toBe(mailsBefore + 1);
  });

  it('their own processing log: who did what, in plain words (themselves, their case manager by name)', async () => {
    const html = await (await p.get('/sign/my-page/log?lang=nl')).text();
    expect(html).toContain('Je eigen pagina bekeken');
    expect(html).toContain('Jij');
    expect(html).toContain('Link naar je eigen pagina verstuurd');
    expect(html).toContain('Je casemanager, Alpha-case-manager');
    expect(html).not.toContain('viewOwnPage');
  });

  it('their data export has their contact moments, reviews, progress and own notes, labelled readably', async () => {
    const cm = w.A.people['case-manager'];
    await sql`insert into contact_moments (id, tenant_id, agreement_id, occurred_on, kind, note, recorded_by) values (gen_random_uuid(), ${w.A.id}, ${y.id}, '2026-12-02', 'home-visit', 'Kamer bekeken', ${cm.userId})`.execute(w.db);
    const res = await p.get('/sign/export?lang=nl');
    expect(res.headers.get('content-type')).toContain('application/json');
    const data = (await res.json()) as Record<string, { kind?: string; status?: string; participants?: string[]; text?: string }[]>;
    expect(data.contactMoments).toContainEqual(expect.objectContaining({ kind: 'Huisbezoek', note: 'Kamer bekeken' }));
    expect(data.reviewMeetings?.[0]?.participants).toEqual(['De jongere', 'Casemanager']);
    expect(data.planProgress).toContainEqual(expect.objectContaining({ kind: 'Doel', status: 'Behaald' }));
    expect(data.yourNotes).toContainEqual(expect.objectContaining({ kind: 'Vraag om hulp', domain: 'Geld en schulden', text: 'Ik snap de brief van de Belastingdienst niet' }));
  });
});

describe('isolation', () => {
  it('a second young person of the same municipality and one of another never see the first’s plan, notes or log', async () => {
    const first = await signedAgreement(w.A);
    const p1 = await signIn(first);
    expect((await p1.post('/sign/my-page/notes?lang=nl', { kind: 'review-topic', reviewTopic: 'Geheim onderwerp van de eerste' })).status).toBe(303);
    const second = await signedAgreement(w.A);
    const other = await signedAgreement(w.B);
    for (const y of [second, other]) {
      const p = await signIn(y);
      for (const path of ['/sign/my-page', '/sign/my-page/plan', '/sign/my-page/log']) {
        const html = await (await p.get(`${path}?lang=nl`)).text();
        expect(html).toContain(y.name);
        expect(html).not.toContain(first.name);
        expect(html).not.toContain(first.goals[0]?.description);
        expect(html).not.toContain('Geheim onderwerp van de eerste');
      }
      // What they write lands on their own agreement only.
      expect((await p.post('/sign/my-page/notes?lang=nl', { kind: 'goal-note', goalRef: first.goals[0]?.id as string, goalNote: 'Probeer' })).status).toBe(400);
      expect((await p.post('/sign/my-page/help?lang=nl', { helpBody: `Hulp voor ${y.name}` })).status).toBe(303);
      const where = (await sql<{ agreement_id: string }>`select agreement_id from young_person_notes where body = ${`Hulp voor ${y.name}`}`.execute(w.db)).rows;
      expect(where).toEqual([{ agreement_id: y.id }]);
      // Their log has no entry about the first's agreement (it is about theirs only).
      const log = await (await p.get('/sign/my-page/log?lang=nl')).text();
      expect(log).not.toContain('Jouw opmerkingen');
    }
    // The first's log shows none of the others' views.
    const ownLog = (await sql<{ n: number }>`select count(*)::int as n from processing_log where subject_id = ${first.id} and actor_type = 'signer' and actor_id not in (select id::text from signers where agreement_id = ${first.id})`.execute(w.db)).rows[0]?.n;
    expect(ownLog).toBe(0);
  });

  it('staff API: another municipality gets 404, an analyst 403; the case manager reads the notes with the goal', async () => {
    const y = await signedAgreement(w.A);
    const p = await signIn(y);
    await p.post('/sign/my-page/notes?lang=nl', { kind: 'goal-note', goalRef: y.goals[0]?.id as string, goalNote: 'Bijna gelukt' });
    const params = { municipalityId: w.A.id, agreementId: y.id };
    const list = (await w.call(routes.listYoungPersonNotes, { token: w.A.people['case-manager'].token, params, query: {} })).json(200);
    expect(list.items).toEqual([expect.objectContaining({ kind: 'goal-note', goalRef: y.goals[0]?.id, goalDescription: y.goals[0]?.description, body: 'Bijna gelukt', domain: null })]);
    expect(await logOf(y.id, 'listYoungPersonNotes')).toContainEqual({ actor_type: 'user', action: 'read' });
    expect((await w.call(routes.listYoungPersonNotes, { token: w.B.people.admin.token, params: { municipalityId: w.B.id, agreementId: y.id }, query: {} })).status).toBe(404);
    expect((await w.call(routes.listYoungPersonNotes, { token: w.B.people.admin.token, params, query: {} })).status).toBe(404);
    expect((await w.call(routes.listYoungPersonNotes, { token: w.A.people.analyst.token, params, query: {} })).status).toBe(403);
    expect((await w.call(routes.sendOwnPageLink, { token: w.B.people.admin.token, params: { municipalityId: w.B.id, agreementId: y.id } })).status).toBe(404);
    expect((await w.call(routes.sendOwnPageLink, { token: w.A.people.analyst.token, params })).status).toBe(403);
  });
});

describe('practical information', () => {
  it('the default text, a municipal override (only there, only by an admin), and back to the default', async () => {
    const a = await signedAgreement(w.A);
    const b = await signedAgreement(w.B);
    const pa = await signIn(a);
    const pb = await signIn(b);
    const firstLine = PRACTICAL_INFO_DEFAULTS.money.nl.split('\n')[0] as string;
    expect(await (await pa.get('/sign/my-page/info?lang=nl')).text()).toContain(firstLine);
    const admin = w.A.people.admin.token;
    const params = { municipalityId: w.A.id, topic: 'money' as const };

    const bad = await w.call(routes.updatePracticalInfo, { token: admin, params, json: { nl: '', en: 'x'.repeat(8001) } });
    expect(bad.status).toBe(400);
    expect(bad.json(400).invalidParams?.map((i) => i.name).sort()).toEqual(['body.en', 'body.nl']);
    expect((await w.call(routes.updatePracticalInfo, { token: w.A.people['case-manager'].token, params, json: { nl: 'Nee' } })).status).toBe(403);
    expect((await w.call(routes.updatePracticalInfo, { token: w.B.people.admin.token, params, json: { nl: 'Nee' } })).status).toBe(404);

    const put = (await w.call(routes.updatePracticalInfo, { token: admin, params, json: { nl: 'Kom naar het Geldloket in het stadhuis.\n\n- elke dinsdag\n- gratis' } })).json(200);
    expect(put.nl).toMatchObject({ custom: true, body: expect.stringContaining('Geldloket') });
    expect(put.en).toMatchObject({ custom: false, body: PRACTICAL_INFO_DEFAULTS.money.en });
    const html = await (await pa.get('/sign/my-page/info?lang=nl')).text();
    expect(html).toContain('Kom naar het Geldloket in het stadhuis.');
    expect(html).toContain('<li class="utrecht-unordered-list__item">elke dinsdag</li>');
    expect(html).not.toContain(firstLine);
    // The other municipality still reads the default; English in A too.
    expect(await (await pb.get('/sign/my-page/info?lang=nl')).text()).toContain(firstLine);
    expect(await (await pa.get('/sign/my-page/info?lang=en')).text()).toContain(PRACTICAL_INFO_DEFAULTS.money.en.split('\n')[0] as string);
    const list = (await w.call(routes.listPracticalInfo, { token: w.A.people['case-manager'].token, params: { municipalityId: w.A.id } })).json(200);
    expect(list.items.map((i) => [i.topic, i.nl.custom])).toEqual([['money', true], ['insurance', false], ['housing', false], ['study-finance', false], ['work', false], ['turning-18', false]]);
    expect(await logOf(w.A.id, 'updatePracticalInfo')).toEqual([]); // about the topic, not a young person

    expect((await w.call(routes.resetPracticalInfo, { token: admin, params })).status).toBe(204);
    expect(await (await pa.get('/sign/my-page/info?lang=nl')).text()).toContain(firstLine);
    expect((await w.call(routes.getPracticalInfo, { token: admin, params })).json(200).nl.custom).toBe(false);
    expect((await w.request('GET', `/v1/municipalities/${w.A.id}/practical-info/pets`, { token: admin })).status).toBe(400);
  });

  it('every default text is there in both languages, and none links to another host', () => {
    for (const [topic, texts] of Object.entries(PRACTICAL_INFO_DEFAULTS)) {
      for (const text of [texts.nl, texts.en]) {
        expect(text.length, topic).toBeGreaterThan(200);
        expect(text).not.toMatch(/https?:\/\//);
      }
    }
  });
});
