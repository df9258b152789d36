// The agreement template pages as plain forms (no JavaScript): list (empty and filled), a new
// template (errors beside their fields, typed text kept, nothing saved), editing a draft's Dutch
// and English texts, the preview with example values, publishing (final: a published version is
// never edited, a try is a 409 page and on record), a new version from a published one. Reading is
// for every municipal role, writing for admins (403 page otherwise); another municipality's
// template is a 404 page; without a session, sign in. The processing log holds each write under
// the API's operation name. Dutch by default, English with ?lang=en.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEMPLATE_CONTENT } from '../../db/seed/template.js';
import { SECTION_KEYS } from '../../src/domain/agreement.js';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

const base = () => `/app/municipalities/${w.A.id}/templates`;
const admin = () => pageClient(w, w.A.people.admin);
const caseManager = () => pageClient(w, w.A.people['case-manager']);

/** Every text field of the form, from content like the API's. */
function fieldsOf(sections: Record<string, { nl: string; en: string }>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const key of SECTION_KEYS) {
    fields[`content.sections.${key}.nl`] = sections[key]?.nl ?? '';
    fields[`content.sections.${key}.en`] = sections[key]?.en ?? '';
  }
  return fields;
}

const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const templatesIn = async (tenantId: string) => Number((await sql<{ n: string }>`select count(*) as n from agreement_templates where tenant_id = ${tenantId}`.execute(w.db)).rows[0]?.n);
const logOf = async (operation: string) =>
  (await sql<{ action: string; status: string; actor_id: string; tenant_id: string; subject_type: string | null; subject_id: string | null }>`
    select action, status, actor_id, tenant_id, subject_type, subject_id from processing_log where operation = ${operation} order by occurred_at, id`.execute(w.db)).rows;

/** A template made through the new-template form; its id from the redirect. */
async function createThroughForm(name: string): Promise<string> {
  const res = await admin().post(`${base()}/new`, { name, ...fieldsOf(DEMO_TEMPLATE_CONTENT.sections) });
  expect(res.status).toBe(303);
  const id = new RegExp(`^${base()}/([0-9a-f-]{36})/versions/1/edit\\?done=created$`).exec(res.headers.get('location') ?? '')?.[1];
  expect(id).toBeDefined();
  return id as string;
}

describe('the template list', () => {
  it('is empty at first: an admin is offered a new template, a case manager is told who can make one', async () => {
    const page = await admin().get(base());
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1 class="utrecht-heading-1">Sjablonen</h1>');
    expect(html).toContain('Er zijn nog geen sjablonen.');
    expect(html).toContain(`href="${base()}/new"`);
    expect(html).toContain('Nieuw sjabloon');
    const cm = await (await caseManager().get(base())).text();
    expect(cm).toContain('Een beheerder van uw gemeente kan een sjabloon maken.');
    expect(cm).not.toContain(`href="${base()}/new"`);
    const en = await (await admin().get(`${base()}?lang=en`)).text();
    expect(en).toContain('There are no templates yet.');
    expect(en).toContain(`href="${base()}/new?lang=en"`);
  });
});

describe('a new template', () => {
  it('offers a basic text, Dutch and English side by side, each box labelled by section and language', async () => {
    const html = decode(await (await admin().get(`${base()}/new`)).text());
    expect(html).toContain('<label class="utrecht-form-label" for="field-content-sections-goals-nl">Doelen (Nederlands)</label>');
    expect(html).toContain('<label class="utrecht-form-label" for="field-content-sections-goals-en">Doelen (Engels)</label>');
    expect(html).toContain('lang="nl"');
    expect(html).toContain('{{youngPerson.name}}');
    expect(html).toContain('Invulvelden');
    const en = decode(await (await admin().get(`${base()}/new?lang=en`)).text());
    expect(en).toContain('Goals (English)');
    expect(en).toContain('Goals (Dutch)');
  });

  it('a form with mistakes comes back (400) with each error beside its field, what was typed kept, nothing saved', async () => {
    const before = await templatesIn(w.A.id);
    const sections = structuredClone(DEMO_TEMPLATE_CONTENT.sections) as Record<string, { nl: string; en: string }>;
    (sections.goals as { nl: string }).nl = '   ';
    (sections.risks as { en: string }).en = 'x'.repeat(5001);
    (sections.network as { en: string }).en = 'My typed network text stays.';
    const res = await admin().post(`${base()}/new`, { name: '', ...fieldsOf(sections) });
    expect(res.status).toBe(400);
    const html = decode(await res.text());
    expect(html).toContain('Er zijn 3 fouten in het formulier');
    expect(html).toMatch(/id="field-name-error">Geef het sjabloon een naam\.</);
    expect(html).toMatch(/id="field-content-sections-goals-nl-error">Vul de Nederlandse tekst in\.</);
    expect(html).toMatch(/id="field-content-sections-risks-en-error">Deze tekst is te lang: 5001 tekens/);
    expect(html).toContain('href="#field-content-sections-goals-nl"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('My typed network text stays.');
    expect(await templatesIn(w.A.id)).toBe(before);
    // English too.
    const en = decode(await (await admin().post(`${base()}/new?lang=en`, { name: '', ...fieldsOf(DEMO_TEMPLATE_CONTENT.sections) })).text());
    expect(en).toMatch(/id="field-name-error">Give the template a name\.</);
  });

  it('creates the template with a draft version 1 and goes on to edit it; the write is logged as createAgreementTemplate', async () => {
    const id = await createThroughForm('Toekomstplan Alpha');
    const row = await sql<{ name: string; status: string; version: number }>`
      select t.name, v.status, v.version from agreement_templates t join agreement_template_versions v on v.template_id = t.id where t.id = ${id}`.execute(w.db);
    expect(row.rows).toEqual([{ name: 'Toekomstplan Alpha', status: 'draft', version: 1 }]);
    const log = (await logOf('createAgreementTemplate')).filter((r) => r.subject_id === id);
    expect(log).toEqual([{ action: 'create', status: 'ok', actor_id: w.A.people.admin.userId, tenant_id: w.A.id, subject_type: 'agreement-template', subject_id: id }]);
    const edit = await admin().get(`${base()}/${id}/versions/1/edit?done=created`);
    expect(edit.status).toBe(200);
    expect(await edit.text()).toContain('Het sjabloon is gemaakt. Versie 1 is een concept.');
    // The list shows it: name, newest version, status in words, who made it.
    const list = decode(await (await admin().get(base())).text());
    expect(list).toContain('Toekomstplan Alpha');
    expect(list).toContain('Versie 1');
    expect(list).toContain('Concept');
    const adminName = (await sql<{ name: string }>`select name from users where id = ${w.A.people.admin.userId}`.execute(w.db)).rows[0]?.name as string;
    expect(list).toContain(adminName);
    expect(list).toContain('<caption class="utrecht-table__caption vv-visually-hidden">Alle sjablonen van de gemeente, met hun nieuwste versie</caption>');
    expect(list).toContain('class="vv-table-wrap"');
  });

  it('can start from a copy of a published template', async () => {
    const id = await createThroughForm('Bron');
    expect((await admin().post(`${base()}/${id}/versions/1/publish`, {})).status).toBe(303);
    const source = (await sql<{ id: string }>`select id from agreement_template_versions where template_id = ${id}`.execute(w.db)).rows[0]?.id as string;
    const page = decode(await (await admin().get(`${base()}/new?start=${source}`)).text());
    expect(page).toContain(`<option value="${source}" selected="">Een kopie van Bron (versie 1)</option>`);
    expect(page).toContain(DEMO_TEMPLATE_CONTENT.sections.turning18.nl);
  });
});

describe('editing, previewing and publishing a version', () => {
  let id: string;
  beforeAll(async () => {
    id = await createThroughForm('Bewerken');
  });
  const version = (n: number) => `${base()}/${id}/versions/${n}`;

  it('edit: mistakes come back with the typed texts (400, nothing saved); saving keeps the new texts (logged as updateAgreementTemplateVersion)', async () => {
    const page = decode(await (await admin().get(`${version(1)}/edit`)).text());
    expect(page).toContain(DEMO_TEMPLATE_CONTENT.sections.goals.en);
    expect(page).toContain('Versie 1 bewerken: Bewerken');
    const sections = structuredClone(DEMO_TEMPLATE_CONTENT.sections) as Record<string, { nl: string; en: string }>;
    (sections.privacy as { en: string }).en = '';
    (sections.goals as { nl: string }).nl = 'Nieuwe doelen voor {{youngPerson.name}}.';
    const bad = await admin().post(`${version(1)}/edit`, fieldsOf(sections));
    expect(bad.status).toBe(400);
    const badHtml = decode(await bad.text());
    expect(badHtml).toMatch(/id="field-content-sections-privacy-en-error">Vul de Engelse tekst in\.</);
    expect(badHtml).toContain('Nieuwe doelen voor {{youngPerson.name}}.');
    const stored = await sql<{ content: { sections: { goals: { nl: string } } } }>`select content from agreement_template_versions where template_id = ${id}`.execute(w.db);
    expect(stored.rows[0]?.content.sections.goals.nl).toBe(DEMO_TEMPLATE_CONTENT.sections.goals.nl);

    (sections.privacy as { en: string }).en = 'We keep this safe.';
    const ok = await admin().post(`${version(1)}/edit`, fieldsOf(sections));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`${version(1)}?done=saved`);
    const read = decode(await (await admin().get(`${version(1)}?done=saved`)).text());
    expect(read).toContain('De teksten zijn opgeslagen.');
    expect(read).toContain('Nieuwe doelen voor {{youngPerson.name}}.');
    expect(read).toContain('We keep this safe.');
    expect(read).toContain(`href="${version(1)}/edit"`);
    const log = (await logOf('updateAgreementTemplateVersion')).filter((r) => r.subject_id === id);
    expect(log).toEqual([{ action: 'update', status: 'ok', actor_id: w.A.people.admin.userId, tenant_id: w.A.id, subject_type: 'template', subject_id: id }]);
  });

  it('preview: the text as it reads in a plan, placeholders filled with example values, in Dutch or English', async () => {
    const nl = decode(await (await admin().get(`${version(1)}/preview`)).text());
    expect(nl).toContain('Nieuwe doelen voor Sam de Jong.');
    expect(nl).toContain(`Dit zijn de afspraken tussen Sam de Jong, ${w.A.name} en de hulpverleners.`);
    expect(nl).toContain('<article class="vv-tpl-preview" lang="nl"');
    expect(nl).not.toMatch(/<p class="utrecht-paragraph">[^<]*\{\{/);
    const en = decode(await (await admin().get(`${version(1)}/preview?view=en&lang=en`)).text());
    expect(en).toContain(`These are the agreements between Sam de Jong, ${w.A.name} and the care workers.`);
    expect(en).toContain('<article class="vv-tpl-preview" lang="en"');
    expect(en).toContain('Read in Dutch');
  });

  it('publish: a confirmation that says it is final, then published; no edit link; editing is refused (409, on record), the text unchanged', async () => {
    const confirm = decode(await (await admin().get(`${version(1)}/publish`)).text());
    expect(confirm).toContain('Publiceren is definitief. Een gepubliceerde versie kan nooit meer veranderen.');
    expect(confirm).toContain('Ja, versie 1 publiceren');
    const res = await admin().post(`${version(1)}/publish`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${version(1)}?done=published`);
    const read = decode(await (await admin().get(`${version(1)}?done=published`)).text());
    expect(read).toContain('De versie is gepubliceerd.');
    expect(read).toContain('Gepubliceerd');
    expect(read).not.toContain(`href="${version(1)}/edit"`);
    expect(read).not.toContain(`href="${version(1)}/publish"`);
    expect(read).toContain('Nieuwe versie maken');
    expect((await logOf('publishAgreementTemplateVersion')).filter((r) => r.subject_id === id)).toEqual([
      { action: 'create', status: 'ok', actor_id: w.A.people.admin.userId, tenant_id: w.A.id, subject_type: 'template', subject_id: id },
    ]);

    const editPage = await admin().get(`${version(1)}/edit`);
    expect(editPage.status).toBe(409);
    expect(decode(await editPage.text())).toContain('Versie 1 is gepubliceerd. Een gepubliceerde versie verandert nooit meer.');
    const refused = await admin().post(`${version(1)}/edit`, fieldsOf(DEMO_TEMPLATE_CONTENT.sections));
    expect(refused.status).toBe(409);
    const refusedHtml = decode(await refused.text());
    expect(refusedHtml).toContain('Maak een nieuwe versie als u de tekst wilt aanpassen.');
    expect(refusedHtml).toContain(`href="${version(1)}"`);
    const stored = await sql<{ content: { sections: { goals: { nl: string } } } }>`select content from agreement_template_versions where template_id = ${id} and version = 1`.execute(w.db);
    expect(stored.rows[0]?.content.sections.goals.nl).toBe('Nieuwe doelen voor {{youngPerson.name}}.');
    // On record as the API records a refusal: the operation's action, status refused (no subject, as the API).
    const log = await logOf('updateAgreementTemplateVersion');
    expect(log.at(-1)).toEqual({ action: 'update', status: 'refused', actor_id: w.A.people.admin.userId, tenant_id: w.A.id, subject_type: null, subject_id: null });
    // Publishing twice: refused too, never a 500.
    expect((await admin().post(`${version(1)}/publish`, {})).status).toBe(409);
    const en = decode(await (await admin().post(`${version(1)}/edit?lang=en`, fieldsOf(DEMO_TEMPLATE_CONTENT.sections))).text());
    expect(en).toContain('Version 1 has been published. A published version never changes.');
  });

  it('a new version starts from the published one (logged as createAgreementTemplateVersion); a second while a draft exists is refused', async () => {
    const res = await admin().post(`${base()}/${id}/versions`, { from: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${version(2)}/edit?done=version-created`);
    const edit = decode(await (await admin().get(`${version(2)}/edit?done=version-created`)).text());
    expect(edit).toContain('De nieuwe versie is gemaakt.');
    expect(edit).toContain('Nieuwe doelen voor {{youngPerson.name}}.');
    const rows = await sql<{ version: number; status: string }>`select version, status from agreement_template_versions where template_id = ${id} order by version`.execute(w.db);
    expect(rows.rows).toEqual([
      { version: 1, status: 'published' },
      { version: 2, status: 'draft' },
    ]);
    expect((await logOf('createAgreementTemplateVersion')).filter((r) => r.subject_id === id)).toEqual([
      { action: 'create', status: 'ok', actor_id: w.A.people.admin.userId, tenant_id: w.A.id, subject_type: 'template', subject_id: id },
    ]);
    const again = await admin().post(`${base()}/${id}/versions`, { from: '1' });
    expect(again.status).toBe(409);
    expect(decode(await again.text())).toContain('Er is al een concept: versie 2.');
    // The template page lists both versions with their status in words.
    const page = decode(await (await admin().get(`${base()}/${id}`)).text());
    expect(page).toContain('Versie 2 bewerken');
    expect(page).toContain('Versie 2 is een concept.');
    expect(page).not.toContain('Nieuwe versie maken');
  });
});

describe('access', () => {
  let id: string;
  beforeAll(async () => {
    id = await createThroughForm('Toegang');
  });

  it('a case manager reads templates, versions and previews, but gets a 403 page on every write; nothing changes', async () => {
    const cm = caseManager();
    for (const path of [base(), `${base()}/${id}`, `${base()}/${id}/versions/1`, `${base()}/${id}/versions/1/preview?view=en`]) {
      expect((await cm.get(path)).status, path).toBe(200);
    }
    const version = decode(await (await cm.get(`${base()}/${id}/versions/1`)).text());
    expect(version).not.toContain('/edit"');
    expect(version).not.toContain('/publish"');
    const before = await templatesIn(w.A.id);
    const attempts: [string, 'get' | 'post'][] = [
      [`${base()}/new`, 'get'],
      [`${base()}/new`, 'post'],
      [`${base()}/${id}/versions/1/edit`, 'get'],
      [`${base()}/${id}/versions/1/edit`, 'post'],
      [`${base()}/${id}/versions/1/publish`, 'get'],
      [`${base()}/${id}/versions/1/publish`, 'post'],
      [`${base()}/${id}/versions`, 'post'],
    ];
    for (const [path, method] of attempts) {
      const res = method === 'get' ? await cm.get(path) : await cm.post(path, { name: 'Niet', from: '1', ...fieldsOf(DEMO_TEMPLATE_CONTENT.sections) });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await res.text()).toContain('Geen toegang');
    }
    expect(await templatesIn(w.A.id)).toBe(before);
    const status = await sql<{ status: string }>`select status from agreement_template_versions where template_id = ${id}`.execute(w.db);
    expect(status.rows).toEqual([{ status: 'draft' }]);
  });

  it("another municipality's template is a 404 page, and so is another municipality's list", async () => {
    const other = pageClient(w, w.B.people.admin);
    const bBase = `/app/municipalities/${w.B.id}/templates`;
    expect((await other.get(`${bBase}/${id}`)).status).toBe(404);
    expect((await other.get(`${bBase}/${id}/versions/1`)).status).toBe(404);
    expect((await other.post(`${bBase}/${id}/versions/1/edit`, fieldsOf(DEMO_TEMPLATE_CONTENT.sections))).status).toBe(404);
    expect((await other.post(`${bBase}/${id}/versions/1/publish`, {})).status).toBe(404);
    const listA = await other.get(base());
    expect(listA.status).toBe(404);
    expect(await listA.text()).toContain('Niet gevonden');
    const status = await sql<{ status: string }>`select status from agreement_template_versions where template_id = ${id}`.execute(w.db);
    expect(status.rows).toEqual([{ status: 'draft' }]);
    expect((await admin().get(`${base()}/${id}/versions/9`)).status).toBe(404);
    expect((await admin().get(`${base()}/${id}/versions/abc`)).status).toBe(404);
  });

  it('without a session: to sign in, coming back afterwards', async () => {
    const res = await pageClient(w).get(`${base()}/${id}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/app/sign-in?next=${encodeURIComponent(`${base()}/${id}`)}`);
    const post = await pageClient(w).post(`${base()}/new`, { name: 'x' });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toMatch(/^\/app\/sign-in/);
  });
});
