// Review meetings in the staff app, through the form as a browser without JavaScript sends it:
// recorded and listed newest first, errors beside their fields with what was typed kept and nothing
// saved, the agreement page shows the next review and leads here, access as the API's operations,
// and the processing log as the API writes it.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { type PageClient, pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let cm: PageClient;
let sentId: string;
let draftId: string;
const cmPerson = () => w.A.people['case-manager'];
const reviews = (id: string) => `/app/municipalities/${w.A.id}/agreements/${id}/reviews`;

beforeAll(async () => {
  w = await createWorld();
  const { templateVersionId } = await publishedTemplate(w, adminOf(w.A));
  cm = pageClient(w, cmPerson());
  const create = async (name: string) =>
    (
      await w.call(agreements.createAgreement, {
        token: cmPerson().token,
        params: { municipalityId: w.A.id },
        json: { templateVersionId, youngPerson: { name, dateOfBirth: '2008-03-02', mobile: '+31612000333' }, departureDate: '2027-02-01', aftercareStartDate: '2026-12-01' },
      })
    ).json(201).id;
  sentId = await create('Mila Evaluatie');
  draftId = await create('Sem Concept');
  const sent = await w.call(agreements.send, {
    token: cmPerson().token,
    params: { municipalityId: w.A.id, agreementId: sentId },
    headers: { 'If-Match': '"r1"' },
    json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: 'officier.review@alpha.example' }] },
  });
  sent.json(200);
});
afterAll(async () => w?.close());

const logOf = async (id: string) =>
  (await sql<{ operation: string; action: string }>`select operation, action from processing_log where subject_id = ${id} and operation like '%ReviewMeeting%' order by id`.execute(w.db)).rows;

describe('review meetings in the staff app', () => {
  it('the agreement page leads to the reviews, without a next review yet', async () => {
    const page = await (await cm.get(`/app/municipalities/${w.A.id}/agreements/${sentId}`)).text();
    expect(page).toContain(`href="${reviews(sentId)}"`);
    expect(page).toContain('Evaluaties');
    expect(page).not.toContain('volgende evaluatie');
  });

  it('an empty list, a form with errors (400, beside each field, typed kept, nothing saved), then recorded and listed newest first', async () => {
    const empty = await cm.get(reviews(sentId));
    expect(empty.status).toBe(200);
    const html = await empty.text();
    expect(html).toContain('Evaluaties met Mila Evaluatie');
    expect(html).toContain('Er zijn nog geen evaluaties vastgelegd.');
    expect(html).toContain('id="field-participants"');
    expect(await logOf(sentId)).toContainEqual({ operation: 'listReviewMeetings', action: 'read' });

    const bad = await cm.post(reviews(sentId), { heldOn: '2999-01-01', agreed: 'Samen naar school kijken', nextReviewOn: '2998-01-01' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    for (const field of ['heldOn', 'participants', 'nextReviewOn']) expect(badHtml).toContain(`id="field-${field}-error"`);
    expect(badHtml).not.toContain('id="field-agreed-error"');
    expect(badHtml).toContain('Er zijn 3 fouten in het formulier');
    expect(badHtml).toContain('Samen naar school kijken');
    expect(badHtml).toContain('value="2999-01-01"');
    const kept = await (await cm.post(reviews(sentId), { heldOn: '2026-11-27', participants: ['young-person', 'provider'], agreed: '' })).text();
    expect(kept).toContain('id="field-agreed-error"');
    expect(kept).toMatch(/value="young-person" checked/);
    expect(kept).toMatch(/value="provider" checked/);
    expect(kept).not.toMatch(/value="network" checked/);
    expect((await sql<{ n: number }>`select count(*)::int as n from review_meetings where agreement_id = ${sentId}`.execute(w.db)).rows[0]?.n).toBe(0);

    expect((await cm.post(reviews(sentId), { heldOn: '2026-11-20', participants: ['young-person'], agreed: 'Eerste evaluatie: werk zoeken.' })).status).toBe(303);
    const ok = await cm.post(reviews(sentId), { heldOn: '2026-11-27', participants: ['young-person', 'network', 'case-manager'], agreed: 'Kamer geregeld, huur loopt.', nextReviewOn: '2027-02-15' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`${reviews(sentId)}?done=recorded`);
    const list = await (await cm.get(`${reviews(sentId)}?done=recorded`)).text();
    expect(list).toContain('De evaluatie is vastgelegd.');
    expect(list.indexOf('Kamer geregeld, huur loopt.')).toBeLessThan(list.indexOf('Eerste evaluatie: werk zoeken.'));
    expect(list).toContain('Erbij: De jongere, Iemand uit het eigen netwerk, Casemanager');
    expect(list).toContain('Volgende evaluatie: 15 februari 2027');
    expect(await logOf(sentId)).toContainEqual({ operation: 'recordReviewMeeting', action: 'create' });
    const en = await (await cm.get(`${reviews(sentId)}?lang=en`)).text();
    expect(en).toContain('Took part: The young person, Someone from their own network, Case manager');
  });

  it('the agreement page shows the next review', async () => {
    const page = await (await cm.get(`/app/municipalities/${w.A.id}/agreements/${sentId}`)).text();
    expect(page).toContain(`href="${reviews(sentId)}"`);
    expect(page).toContain('(volgende evaluatie: 15 februari 2027)');
  });

  it('a draft takes no review meetings: the page says so, the agreement page has no link; a post is refused with a page, not a 500', async () => {
    const page = await (await cm.get(reviews(draftId))).text();
    expect(page).not.toContain('name="participants"');
    expect(await (await cm.get(`/app/municipalities/${w.A.id}/agreements/${draftId}`)).text()).not.toContain(`href="${reviews(draftId)}"`);
    const refused = await cm.post(reviews(draftId), { heldOn: '2026-11-27', participants: ['young-person'], agreed: 'Afgesproken.' });
    expect(refused.status).toBe(409);
  });

  it('access as the API: no session → sign-in, another municipality → 404, an analyst → 403', async () => {
    expect((await pageClient(w).get(reviews(sentId))).status).toBe(303);
    expect((await pageClient(w, w.B.people.admin).get(reviews(sentId))).status).toBe(404);
    expect((await pageClient(w, w.A.people.analyst).get(reviews(sentId))).status).toBe(403);
    expect((await pageClient(w, w.A.people.analyst).post(reviews(sentId), { heldOn: '2026-11-27', participants: ['young-person'], agreed: 'Afgesproken.' })).status).toBe(403);
  });
});
