// The staff side of the young person's own page, through the forms as a browser without
// JavaScript sends them: the agreement page's block (messages, a fresh link), the messages page,
// and the municipality's practical information (an admin rewrites a topic, errors beside their
// fields with what was typed kept, restores the default). Access as the API's operations.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRACTICAL_INFO_DEFAULTS } from '../../src/domain/practical-info.js';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { type PageClient, pageClient } from '../support/pages.js';
import { oneTimeCode, outboxTo, signingLinkToken } from '../support/signing.js';
import { type World, connectionFrom, createWorld } from '../support/world.js';

let w: World;
let cm: PageClient;
let admin: PageClient;
let signedId: string;
let sentId: string;
const mobile = '+31620991001';
const base = (id: string) => `/app/municipalities/${w.A.id}/agreements/${id}`;
const info = () => `/app/municipalities/${w.A.id}/settings/practical-info`;

const signPost = (path: string, fields: Record<string, string>) =>
  w.app.request(path, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://vervolg.test' } }, connectionFrom('10.14.0.1'));

beforeAll(async () => {
  w = await createWorld();
  const { templateVersionId } = await publishedTemplate(w, adminOf(w.A));
  cm = pageClient(w, w.A.people['case-manager']);
  admin = pageClient(w, w.A.people.admin);
  const person = w.A.people['case-manager'];
  const create = async (name: string, phone: string) =>
    (
      await w.call(agreements.createAgreement, {
        token: person.token,
        params: { municipalityId: w.A.id },
        json: { templateVersionId, youngPerson: { name, dateOfBirth: '2008-03-02', mobile: phone }, departureDate: '2027-02-01', aftercareStartDate: '2026-12-01', plan: { goals: [{ domain: 'housing', term: 'long', description: 'Een eigen kamer', targetDate: '2027-06-01' }] } },
      })
    ).json(201).id;
  const send = async (id: string, officer: string) =>
    (await w.call(agreements.send, { token: person.token, params: { municipalityId: w.A.id, agreementId: id }, headers: { 'If-Match': '"r1"' }, json: { order: 'parallel', signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: officer }] } })).json(200);
  signedId = await create('Mila Eigen', mobile);
  await send(signedId, 'officier.eigen.staff@alpha.example');
  for (const [recipient, name] of [[mobile, 'Mila Eigen'], ['officier.eigen.staff@alpha.example', 'Officier']] as const) {
    const t = signingLinkToken((await outboxTo(w.db, recipient))[0]);
    await signPost('/sign/code?lang=nl', { t });
    await signPost('/sign/verify?lang=nl', { t, code: oneTimeCode((await outboxTo(w.db, recipient)).at(-1)) });
    expect((await signPost('/sign/sign?lang=nl', { t, consent: 'yes', typedName: name })).status).toBe(200);
  }
  sentId = await create('Sem Verstuurd', '+31620991002');
  await send(sentId, 'officier.eigen.staff2@alpha.example');
});
afterAll(async () => w?.close());

describe('the young person’s messages and their own page, on the agreement page', () => {
  it('the agreement page shows the block; the button sends a fresh link and leads to the messages page', async () => {
    const page = await (await cm.get(base(signedId))).text();
    expect(page).toContain('Eigen pagina van de jongere');
    expect(page).toContain(`href="${base(signedId)}/notes"`);
    expect(page).toContain('Berichten van de jongere (nog geen)');
    expect(page).toContain(`action="${base(signedId)}/own-page-link"`);

    const before = (await outboxTo(w.db, mobile)).length;
    const sent = await cm.post(`${base(signedId)}/own-page-link`, {});
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`${base(signedId)}/notes?done=link-sent`);
    const messages = await outboxTo(w.db, mobile);
    expect(messages.length).toBe(before + 1);
    expect(messages.at(-1)).toMatch(/\/sign\/my-page\?t=[a-z2-7]{32}/);
    const log = (await sql<{ action: string }>`select action from processing_log where subject_id = ${signedId} and operation = 'sendOwnPageLink'`.execute(w.db)).rows;
    expect(log).toEqual([{ action: 'create' }]);
    const notes = await (await cm.get(`${base(signedId)}/notes?done=link-sent`)).text();
    expect(notes).toContain('De link is verstuurd');
    expect(notes).toContain('De jongere heeft nog niets geschreven.');
  });

  it('what the young person wrote shows on the messages page, help requests marked; the agreement page counts them', async () => {
    const signer = (await sql<{ id: string }>`select id from signers where agreement_id = ${signedId} and role = 'young-person'`.execute(w.db)).rows[0]?.id as string;
    const goal = (await w.call(agreements.getAgreement, { token: w.A.people['case-manager'].token, params: { municipalityId: w.A.id, agreementId: signedId } })).json(200).plan.goals[0]?.id as string;
    await sql`insert into young_person_notes (id, tenant_id, agreement_id, signer_id, kind, goal_ref, domain, body) values
      (gen_random_uuid(), ${w.A.id}, ${signedId}, ${signer}, 'goal-note', ${goal}, null, 'Ik heb een kamer bezichtigd'),
      (gen_random_uuid(), ${w.A.id}, ${signedId}, ${signer}, 'help', null, 'income-debts', 'Ik heb een boete gekregen')`.execute(w.db);
    const html = await (await cm.get(`${base(signedId)}/notes`)).text();
    expect(html).toContain('Van Mila Eigen zelf');
    expect(html).toContain('Ik heb een kamer bezichtigd');
    expect(html).toContain('Doel: Een eigen kamer');
    expect(html).toContain('Vraag om hulp');
    expect(html).toContain('Onderwerp: Geld en schulden');
    expect(await (await cm.get(`${base(signedId)}/notes?lang=en`)).text()).toContain('Request for help');
    expect(await (await cm.get(base(signedId))).text()).toContain('Berichten van de jongere (2, waarvan 1 hulpvraag)');
    const log = (await sql<{ action: string }>`select action from processing_log where subject_id = ${signedId} and operation = 'listYoungPersonNotes'`.execute(w.db)).rows;
    expect(log.length).toBeGreaterThanOrEqual(2);
  });

  it('before the young person signed: no button, and a post is a 409 page, not a 500', async () => {
    const page = await (await cm.get(base(sentId))).text();
    expect(page).not.toContain(`action="${base(sentId)}/own-page-link"`);
    expect(page).toContain('zodra de jongere de afspraken heeft ondertekend');
    const refused = await cm.post(`${base(sentId)}/own-page-link`, {});
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('nog niet ondertekend');
  });

  it('access as the API: no session → sign-in, another municipality → 404, an analyst → 403', async () => {
    expect((await pageClient(w).get(`${base(signedId)}/notes`)).status).toBe(303);
    expect((await pageClient(w, w.B.people.admin).get(`${base(signedId)}/notes`)).status).toBe(404);
    expect((await pageClient(w, w.B.people.admin).post(`${base(signedId)}/own-page-link`, {})).status).toBe(404);
    expect((await pageClient(w, w.A.people.analyst).get(`${base(signedId)}/notes`)).status).toBe(403);
    expect((await pageClient(w, w.A.people.analyst).post(`${base(signedId)}/own-page-link`, {})).status).toBe(403);
  });
});

describe('practical information in the staff app', () => {
  it('an admin sees every topic with its state, edits one (errors beside their fields, typed kept), and restores the default', async () => {
    const list = await admin.get(info());
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain('Geld en schulden');
    expect(listHtml).toContain('Wat verandert er als je 18 wordt');
    expect(listHtml).toContain(`href="${info()}/housing"`);
    // The menu leads an admin here, through Instellingen (the settings index lists it).
    expect(listHtml).toMatch(/href="[^"]+\/settings" aria-current="page"/);
    expect(await (await admin.get(info().replace(/\/practical-info$/, ''))).text()).toContain(`href="${info()}"`);

    const form = await (await admin.get(`${info()}/housing`)).text();
    expect(form).toContain('id="field-nl"');
    expect(form).toContain('Schrijf je zo vroeg mogelijk in als woningzoekende');

    const bad = await admin.post(`${info()}/housing`, { nl: '  ', en: 'Register early with the housing associations of Alpha.' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="field-nl-error"');
    expect(badHtml).not.toContain('id="field-en-error"');
    expect(badHtml).toContain('Register early with the housing associations of Alpha.');

    const saved = await admin.post(`${info()}/housing`, { nl: 'Schrijf je in bij WoonAlpha.\n\n- kost € 25', en: PRACTICAL_INFO_DEFAULTS.housing.en });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${info()}?done=saved`);
    const rows = (await sql<{ lang: string; body: string }>`select lang, body from practical_info where tenant_id = ${w.A.id} and topic = 'housing'`.execute(w.db)).rows;
    // The English text was left as the default: it stays the default (no row of its own).
    expect(rows).toEqual([{ lang: 'nl', body: 'Schrijf je in bij WoonAlpha.\n\n- kost € 25' }]);
    const after = await (await admin.get(`${info()}?done=saved`)).text();
    expect(after).toContain('De tekst is opgeslagen');
    expect(after).toContain('Nederlands: Eigen tekst · Engels: Standaardtekst');

    const restored = await admin.post(`${info()}/housing/restore`, {});
    expect(restored.status).toBe(303);
    expect(restored.headers.get('location')).toBe(`${info()}?done=restored`);
    expect((await sql<{ n: number }>`select count(*)::int as n from practical_info where tenant_id = ${w.A.id}`.execute(w.db)).rows[0]?.n).toBe(0);
  });

  it('a case manager reads the list but does not open the form; another municipality gets 404', async () => {
    expect((await cm.get(info())).status).toBe(200);
    expect((await cm.get(`${info()}/money`)).status).toBe(403);
    expect((await cm.post(`${info()}/money`, { nl: 'x', en: 'y' })).status).toBe(403);
    expect((await cm.post(`${info()}/money/restore`, {})).status).toBe(403);
    expect((await pageClient(w, w.B.people.admin).get(info())).status).toBe(404);
    expect((await admin.get(`${info()}/pets`)).status).toBe(404);
  });
});
