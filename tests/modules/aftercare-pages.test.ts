// Contact moments in the staff app, through the form as a browser without JavaScript sends it:
// recorded and listed newest first, errors beside their fields with what was typed kept and nothing
// saved, the agreement page shows the last contact and leads here, access as the API's operations,
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
const contacts = (id: string) => `/app/municipalities/${w.A.id}/agreements/${id}/contacts`;

beforeAll(async () => {
  w = await createWorld();
  const { templateVersionId } = await publishedTemplate(w, adminOf(w.A));
  cm = pageClient(w, cmPerson());
  const create = async (name: string) =>
    (
      await w.call(agreements.createAgreement, {
        token: cmPerson().token,
        params: { municipalityId: w.A.id },
        json: { templateVersionId, youngPerson: { name, dateOfBirth: '2008-03-02', mobile: '+31612000111' }, departureDate: '2027-02-01', aftercareStartDate: '2026-12-01' },
      })
    ).json(201).id;
  sentId = await create('Mila Contact');
  draftId = await create('Sem Concept');
  const sent = await w.call(agreements.send, {
    token: cmPerson().token,
    params: { municipalityId: w.A.id, agreementId: sentId },
    headers: { 'If-Match': '"r1"' },
    json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: 'officier.contact@alpha.example' }] },
  });
  sent.json(200);
});
afterAll(async () => w?.close());

const logOf = async (id: string) =>
  (await sql<{ operation: string; action: string }>`select operation, action from processing_log where subject_id = ${id} and operation like '%ContactMoment%' order by id`.execute(w.db)).rows;

describe('contact moments in the staff app', () => {
  it('an empty list, a form with errors (400, beside each field, typed kept, nothing saved), then recorded and listed newest first', async () => {
    const empty = await cm.get(contacts(sentId));
    expect(empty.status).toBe(200);
    const html = await empty.text();
    expect(html).toContain('Contact met Mila Contact');
    expect(html).toContain('Er zijn nog geen contactmomenten vastgelegd.');
    expect(await logOf(sentId)).toContainEqual({ operation: 'listContactMoments', action: 'read' });

    const bad = await cm.post(contacts(sentId), { occurredOn: '2999-01-01', note: 'Samen boodschappen gedaan' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="field-occurredOn-error"');
    expect(badHtml).toContain('id="field-kind-error"');
    expect(badHtml).toContain('Samen boodschappen gedaan');
    expect((await sql<{ n: number }>`select count(*)::int as n from contact_moments where agreement_id = ${sentId}`.execute(w.db)).rows[0]?.n).toBe(0);

    expect((await cm.post(contacts(sentId), { occurredOn: '2026-11-20', kind: 'no-show' })).status).toBe(303);
    const ok = await cm.post(contacts(sentId), { occurredOn: '2026-11-27', kind: 'home-visit', note: 'Kamer bekeken, huur geregeld' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`${contacts(sentId)}?done=recorded`);
    const list = await (await cm.get(`${contacts(sentId)}?done=recorded`)).text();
    expect(list).toContain('Het contactmoment is vastgelegd.');
    expect(list.indexOf('Huisbezoek')).toBeLessThan(list.indexOf('Niet op de afspraak gekomen'));
    expect(list).toContain('(geen contact)');
    expect(list).toContain('Kamer bekeken, huur geregeld');
    expect(await logOf(sentId)).toContainEqual({ operation: 'recordContactMoment', action: 'create' });
    expect(await (await cm.get(`${contacts(sentId)}?lang=en`)).text()).toContain('Home visit');
  });

  it('the agreement page shows the last contact and leads to the contact moments', async () => {
    const page = await (await cm.get(`/app/municipalities/${w.A.id}/agreements/${sentId}`)).text();
    expect(page).toContain(`href="${contacts(sentId)}"`);
    expect(page).toContain('27 november 2026');
  });

  it('a draft takes no contact moments: the page says so; a post is refused with a page, not a 500', async () => {
    const page = await (await cm.get(contacts(draftId))).text();
    expect(page).not.toContain('name="kind"');
    const refused = await cm.post(contacts(draftId), { occurredOn: '2026-11-27', kind: 'phone' });
    expect(refused.status).toBe(409);
  });

  it('access as the API: no session → sign-in, another municipality → 404, an analyst → 403', async () => {
    expect((await pageClient(w).get(contacts(sentId))).status).toBe(303);
    expect((await pageClient(w, w.B.people.admin).get(contacts(sentId))).status).toBe(404);
    expect((await pageClient(w, w.A.people.analyst).post(contacts(sentId), { occurredOn: '2026-11-27', kind: 'phone' })).status).toBe(403);
  });
});
