// The caseload (BASE/agreements) without a browser: who sees which agreements (a case manager
// starts with their own, an admin with all), filters, sort and paging by GET, the name search by
// POST that keeps the filters and never puts a name in a URL, what needs action in words, the
// empty state, access (no session, another municipality, a role without the right) and the
// processing log entry listAgreements writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CASE_MANAGER, seedDemoAgreements } from '../../db/seed/agreements.js';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { inAppTransaction } from '../../src/platform/db/database.js';
import { createDevelopmentSealer } from '../../src/platform/pdf/seal.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let list: string;
/** The 27 drafts A's case manager drew up: Jongere 01 … Jongere 27. */
const OWN = 27;

/** The rows of the table: the young person's name of each, in order. */
const names = (html: string) => [...html.matchAll(/<th scope="row"[^>]*><a class="utrecht-link" href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

beforeAll(async () => {
  w = await createWorld();
  list = `/app/municipalities/${w.A.id}/agreements`;
  const template = await publishedTemplate(w, adminOf(w.A));
  // First (the seed adds nothing to a municipality with agreements): the demo's six, in every state the needs-action column speaks of (three the admin's, three the demo case manager's).
  await inAppTransaction(w.db, (trx) =>
    seedDemoAgreements(trx, w.A.id, { adminUserId: w.A.people.admin.userId, adminName: 'Anne Admin' }, { publicUrl: 'https://vervolg.test', now: new Date(), sealer: () => createDevelopmentSealer() }),
  );
  const cm = w.A.people['case-manager'];
  for (let i = 1; i <= OWN; i++) {
    const res = await w.call(agreements.createAgreement, {
      token: cm.token,
      params: { municipalityId: w.A.id },
      json: { templateVersionId: template.templateVersionId, youngPerson: { name: `Jongere ${String(i).padStart(2, '0')}`, dateOfBirth: '2008-05-01', mobile: '+31611111111' }, departureDate: '2026-12-01', aftercareStartDate: '2026-11-01' },
    });
    expect(res.status).toBe(201);
  }
}, 120_000);
afterAll(async () => w?.close());

describe('the caseload', () => {
  it('a case manager starts with their own agreements; the filter widens to all', async () => {
    const client = pageClient(w, w.A.people['case-manager']);
    const res = await client.get(list);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1 class="utrecht-heading-1">Jongeren</h1>');
    expect(html).toContain(`${OWN} afspraken`);
    expect(html).not.toContain('Noa El Amrani');
    expect(html).toContain(`href="/app/municipalities/${w.A.id}/agreements/new"`);
    expect(html).toContain('Nieuwe afspraak');
    // Every row links to its agreement's page.
    expect(html).toMatch(new RegExp(`href="/app/municipalities/${w.A.id}/agreements/[0-9a-f-]{36}">Jongere`));
    const all = await (await client.get(`${list}?caseManager=all`)).text();
    expect(all).toContain(`${OWN + 6} afspraken`);
    expect(all).toContain('Noa El Amrani');
    expect(all).toContain(DEMO_CASE_MANAGER.name);
  });

  it('an admin starts with all; chooses one case manager; filters by status', async () => {
    const client = pageClient(w, w.A.people.admin);
    const html = await (await client.get(list)).text();
    expect(html).toContain(`${OWN + 6} afspraken`);
    const demoCm = (await w.db.selectFrom('users').select('id').where('email', '=', DEMO_CASE_MANAGER.email).executeTakeFirstOrThrow()).id;
    const theirs = await (await client.get(`${list}?caseManager=${demoCm}&sort=name`)).text();
    expect(names(theirs)).toEqual(['Daan Jansen', 'Liam Bos', 'Yara Hendriks']);
    const sent = await (await client.get(`${list}?status=sent&caseManager=all&sort=name`)).text();
    expect(names(sent)).toEqual(['Milan de Groot', 'Noa El Amrani']);
    expect(sent).toContain('<option value="sent" selected="">');
    // Status words, never the raw value, in a badge with the word in it.
    expect(sent).toMatch(/utrecht-status-badge[^"]*">Verstuurd ter ondertekening</);
  });

  it('says what needs action, and the signing progress, in words', async () => {
    const html = await (await pageClient(w, w.A.people.admin).get(`${list}?caseManager=all&sort=action`)).text();
    expect(html).toContain('Liam Bos heeft niet ondertekend');
    expect(html).toContain('Link van Noa El Amrani verloopt');
    expect(html).toMatch(/Evaluatie van \d+ \w+ \d{4} is nog niet gehouden/);
    expect(html).toContain('Wacht al 7 dagen op de handtekening van Anne Admin');
    expect(html).toContain('Concept: nog niet verstuurd');
    expect(html).toContain('1 van 2 ondertekend');
    expect(html).toContain('2 van 2 ondertekend');
    expect(html).toContain('Niet ondertekend door Liam Bos');
    expect(html).toContain('Wacht op: Noa El Amrani, Anne Admin');
    // What needs action comes first: the declined one heads the list; the ended one (nothing to do) comes after a draft.
    expect(names(html)[0]).toBe('Liam Bos');
    const demoCm = (await w.db.selectFrom('users').select('id').where('email', '=', DEMO_CASE_MANAGER.email).executeTakeFirstOrThrow()).id;
    const theirs = await (await pageClient(w, w.A.people.admin).get(`${list}?caseManager=${demoCm}`)).text();
    expect(names(theirs)).toEqual(['Liam Bos', 'Daan Jansen', 'Yara Hendriks']);
    expect(theirs).toContain('>Niets<');
  });

  it('sorts and pages: 25 a page, previous and next, "x–y of n"', async () => {
    const client = pageClient(w, w.A.people['case-manager']);
    const first = await (await client.get(`${list}?sort=name`)).text();
    expect(names(first)).toHaveLength(25);
    expect(names(first)[0]).toBe('Jongere 01');
    expect(first).toContain(`1–25 van ${OWN}`);
    expect(first).toContain(`href="${list}?caseManager=${w.A.people['case-manager'].userId}&amp;sort=name&amp;page=2"`);
    expect(first).not.toContain('Vorige pagina');
    const second = await (await client.get(`${list}?sort=name&page=2`)).text();
    expect(names(second)).toEqual(['Jongere 26', 'Jongere 27']);
    expect(second).toContain(`26–27 van ${OWN}`);
    expect(second).toContain('Vorige pagina');
    expect(second).not.toContain('Volgende pagina');
    // Past the end: the last page.
    expect(names(await (await client.get(`${list}?sort=name&page=9`)).text())).toEqual(['Jongere 26', 'Jongere 27']);
    const changed = names(await (await client.get(`${list}?sort=changed`)).text());
    expect(changed[0]).toBe('Jongere 27');
  });

  it('searches by name with a POST that keeps the filters; pages within the search by POST; no name in a URL', async () => {
    const client = pageClient(w, w.A.people.admin);
    const res = await client.post(list, { q: 'jongere 2', status: 'draft', caseManager: 'all', sort: 'name' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(names(html)).toEqual(['Jongere 20', 'Jongere 21', 'Jongere 22', 'Jongere 23', 'Jongere 24', 'Jongere 25', 'Jongere 26', 'Jongere 27']);
    // The filters stay, in the search form and in the filter form (which now posts, with the search in it).
    expect(html).toContain('<input type="hidden" name="q" value="jongere 2"/>');
    expect(html).toContain('<input type="hidden" name="status" value="draft"/>');
    expect(html).toContain('<option value="draft" selected="">');
    expect(html).toMatch(/<form class="vv-caseload-filters" method="post"/);
    expect(html).toContain('value="jongere 2"');
    // No link or form action carries the name.
    for (const m of html.matchAll(/(?:href|action)="([^"]*)"/g)) expect(m[1]).not.toMatch(/jongere/i);
    // Accents do not matter: "noel" finds nobody here, "amrani" finds Noa.
    expect(names(await (await client.post(list, { q: 'AMRÁNI', caseManager: 'all' })).text())).toEqual(['Noa El Amrani']);
    // Paging within a search: 27 drafts match "jongere"; page 2 by a POST button.
    const page1 = await (await client.post(list, { q: 'jongere', sort: 'name', caseManager: 'all' })).text();
    expect(page1).toContain(`1–25 van ${OWN}`);
    expect(page1).toContain('<button class="utrecht-button utrecht-button--secondary-action" type="submit" name="page" value="2">');
    const page2 = await (await client.post(list, { q: 'jongere', sort: 'name', caseManager: 'all', page: '2' })).text();
    expect(names(page2)).toEqual(['Jongere 26', 'Jongere 27']);
    const none = await (await client.post(list, { q: 'Niemand Bekend', caseManager: 'all' })).text();
    expect(none).toContain('Er zijn geen afspraken die passen bij deze filters.');
  });

  it('a search too long is a 400 with the error beside the field and the text kept; a bad filter is a 400 page', async () => {
    const client = pageClient(w, w.A.people.admin);
    const long = 'x'.repeat(101);
    const res = await client.post(list, { q: long, caseManager: 'all' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="field-q-error"');
    expect(html).toContain('hoogstens 100 tekens');
    expect(html).toContain(`value="${long}"`);
    const bad = await client.get(`${list}?status=nonsense&sort=upside-down`);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Kies een status uit de lijst.');
    expect(badHtml).toContain('Kies een sortering uit de lijst.');
    expect((await client.get(`${list}?caseManager=${w.B.people.admin.userId}`)).status).toBe(400);
  });

  it('in English', async () => {
    const html = await (await pageClient(w, w.A.people.admin).get(`${list}?lang=en&status=declined`)).text();
    expect(html).toContain('<h1 class="utrecht-heading-1">Young people</h1>');
    expect(html).toContain('New agreement');
    expect(html).toContain('Liam Bos declined');
    expect(html).toContain('>Declined<');
    expect(html).toContain('1 agreement, sorted by');
    expect(html).toContain('<input type="hidden" name="lang" value="en"/>');
  });

  it('an empty municipality: a sentence and the button to draw up the first agreement', async () => {
    const res = await pageClient(w, w.B.people.admin).get(`/app/municipalities/${w.B.id}/agreements`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Nog geen afspraken');
    expect(html).toContain(`href="/app/municipalities/${w.B.id}/agreements/new"`);
    expect(html).not.toContain('<table');
  });

  it('access: no session → sign in; another municipality → 404; a role without the right → 403', async () => {
    const anonymous = await pageClient(w).get(list);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(`/app/sign-in?next=${encodeURIComponent(list)}`);
    const other = await pageClient(w, w.B.people['case-manager']).get(list);
    expect(other.status).toBe(404);
    expect(await other.text()).toContain('Niet gevonden');
    const otherSearch = await pageClient(w, w.B.people.admin).post(list, { q: 'Noa' });
    expect(otherSearch.status).toBe(404);
    const analyst = await pageClient(w, w.A.people.analyst).get(list);
    expect(analyst.status).toBe(403);
    expect(await analyst.text()).toContain('Geen toegang');
    expect((await pageClient(w, w.A.people['contract-manager']).get(list)).status).toBe(403);
  });

  it('writes one read entry listAgreements per list shown, for a search too', async () => {
    const person = await w.person('caseload-log', { municipalities: [{ id: w.A.id, roles: ['case-manager'] }] });
    const client = pageClient(w, person);
    expect((await client.get(list)).status).toBe(200);
    expect((await client.post(list, { q: 'Noa', caseManager: 'all' })).status).toBe(200);
    const log = await w.db.selectFrom('processing_log').select(['operation', 'action', 'tenant_id', 'subject_type', 'subject_id']).where('actor_id', '=', person.userId).execute();
    expect(log).toEqual([
      { operation: 'listAgreements', action: 'read', tenant_id: w.A.id, subject_type: 'municipality', subject_id: w.A.id },
      { operation: 'listAgreements', action: 'read', tenant_id: w.A.id, subject_type: 'municipality', subject_id: w.A.id },
    ]);
    // A refused person (wrong role) read nothing: no 'ok' read of the list.
    expect((await pageClient(w, w.A.people.analyst).get(list)).status).toBe(403);
    const analystLog = await w.db.selectFrom('processing_log').select('operation').where('actor_id', '=', w.A.people.analyst.userId).where('operation', '=', 'listAgreements').where('status', '=', 'ok').execute();
    expect(analystLog).toEqual([]);
  });
});
