// Creating an agreement and editing its plan through the pages, without JavaScript: the forms
// check with the API's schemas (errors beside each field, typed values kept, nothing saved), rows
// are added and removed by submit buttons without saving, a stale revision is a 412 that keeps
// what was typed, a plan that is not a draft is read-only; access and the processing log as the
// API's; the preview draws what the young person's signing page draws.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { AgreementView } from '../../src/modules/signing/agreement-view.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let templateVersionId: string;
beforeAll(async () => {
  w = await createWorld();
  templateVersionId = (await publishedTemplate(w, adminOf(w.A))).templateVersionId;
});
afterAll(async () => w?.close());

const BASE = () => `/app/municipalities/${w.A.id}`;
const cm = () => w.A.people['case-manager'];
const goodNew = () => ({
  templateVersionId,
  'youngPerson.name': 'Sam de Vries',
  'youngPerson.dateOfBirth': '2008-05-01',
  'youngPerson.mobile': '06 12345678',
  'youngPerson.email': '',
  departureDate: '2027-01-15',
  aftercareStartDate: '2026-12-01',
  caseManagerId: cm().userId,
});

async function createAgreement(): Promise<string> {
  const res = await pageClient(w, cm()).post(`${BASE()}/agreements/new`, goodNew());
  expect(res.status).toBe(303);
  const id = /agreements\/([0-9a-f-]{36})\/plan\?done=created$/.exec(res.headers.get('location') ?? '')?.[1];
  expect(id).toBeTruthy();
  return id as string;
}
const read = async (id: string) => (await w.call(agreements.getAgreement, { token: cm().token, params: { municipalityId: w.A.id, agreementId: id } })).json(200);
const revisionOf = async (id: string) => String((await read(id)).revision);

describe('a new agreement', () => {
  it('the form offers the published template, the case managers, and defaults to me', async () => {
    const res = await pageClient(w, cm()).get(`${BASE()}/agreements/new`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`value="${templateVersionId}"`);
    expect(html).toContain('Nazorg (versie 1)');
    expect(html).toMatch(new RegExp(`<option value="${cm().userId}" selected`));
    expect(html).toContain('id="field-youngPerson-name"');
    const en = await (await pageClient(w, cm()).get(`${BASE()}/agreements/new?lang=en`)).text();
    expect(en).toContain('Create a new agreement');
  });

  it('with errors: 400, each beside its field, typed values kept, nothing saved; then right', async () => {
    const client = pageClient(w, cm());
    const before = await w.db.selectFrom('agreements').select('id').where('tenant_id', '=', w.A.id).execute();
    const bad = await client.post(`${BASE()}/agreements/new`, { ...goodNew(), templateVersionId: '', 'youngPerson.name': '', 'youngPerson.mobile': '', aftercareStartDate: '2027-02-01', 'youngPerson.dateOfBirth': '2008-05-01' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('id="field-templateVersionId-error"');
    expect(html).toContain('id="field-youngPerson-name-error"');
    expect(html).toContain('Vul dit in.');
    expect(html).toContain('value="2027-02-01"');
    expect(html).toContain('value="2008-05-01"');
    const after = await w.db.selectFrom('agreements').select('id').where('tenant_id', '=', w.A.id).execute();
    expect(after.length).toBe(before.length);
    // The service's own checks (contact, dates) beside their fields too.
    const bad2 = await client.post(`${BASE()}/agreements/new`, { ...goodNew(), 'youngPerson.mobile': '', aftercareStartDate: '2027-02-01' });
    expect(bad2.status).toBe(400);
    const html2 = await bad2.text();
    expect(html2).toContain('id="field-youngPerson-mobile-error"');
    expect(html2).toContain('id="field-aftercareStartDate-error"');
    expect(html2).toContain('value="Sam de Vries"');
    const id = await createAgreement();
    const a = await read(id);
    expect(a).toMatchObject({ status: 'draft', youngPerson: { name: 'Sam de Vries', mobile: '+31612345678' }, caseManagerId: cm().userId });
    const plan = await client.get(`${BASE()}/agreements/${id}/plan?done=created`);
    expect(plan.status).toBe(200);
    const planHtml = await plan.text();
    expect(planHtml).toContain('De afspraak is gemaakt');
    for (const section of ['young-person', 'goals', 'commitments', 'conditions', 'risks', 'network', 'turning-18', 'reviews']) expect(planHtml).toContain(`/agreements/${id}/plan/${section}"`);
    expect(planHtml).toContain(`/agreements/${id}/preview"`);
    expect(planHtml).toContain(`href="/app/municipalities/${w.A.id}/agreements/${id}"`);
  });

  it('no template published: says so and links to the templates', async () => {
    const res = await pageClient(w, w.B.people['case-manager']).get(`/app/municipalities/${w.B.id}/agreements/new`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('nog geen gepubliceerd sjabloon');
    expect(html).toContain(`href="/app/municipalities/${w.B.id}/templates"`);
  });
});

describe('editing the plan section by section', () => {
  it('goals: two rows added without JavaScript (nothing saved), one removed, then saved', async () => {
    const id = await createAgreement();
    const client = pageClient(w, cm());
    const url = `${BASE()}/agreements/${id}/plan/goals`;
    const form = await client.get(url);
    expect(form.status).toBe(200);
    const revision = await revisionOf(id);
    const add1 = await client.post(url, { revision, action: 'add-goal' });
    expect(add1.status).toBe(200);
    expect(await add1.text()).toContain('id="field-goals-0-description"');
    const add2 = await client.post(url, { revision, action: 'add-goal', 'goals.0.domain': 'housing', 'goals.0.description': 'Een eigen kamer vinden', 'goals.0.term': 'long', 'goals.0.targetDate': '2027-06-01', 'goals.0.status': 'open' });
    const html2 = await add2.text();
    expect(html2).toContain('id="field-goals-1-description"');
    expect(html2).toContain('Een eigen kamer vinden');
    expect(html2).toContain('name="action" value="remove-goal-1"');
    expect((await read(id)).plan.goals).toEqual([]);
    const three = {
      revision,
      'goals.0.domain': 'housing', 'goals.0.description': 'Een eigen kamer vinden', 'goals.0.term': 'long', 'goals.0.targetDate': '2027-06-01', 'goals.0.status': 'open',
      'goals.1.domain': 'education', 'goals.1.description': 'Weg', 'goals.1.term': 'short', 'goals.1.targetDate': '2027-03-01', 'goals.1.status': 'open',
      'goals.2.domain': 'income-debts', 'goals.2.description': 'Een budgetplan maken', 'goals.2.term': 'short', 'goals.2.targetDate': '2027-02-01', 'goals.2.status': 'in-progress',
    };
    const removed = await client.post(url, { ...three, action: 'remove-goal-1' });
    const html3 = await removed.text();
    expect(html3).not.toContain('>Weg<');
    expect(html3).toContain('Een budgetplan maken');
    expect(html3).not.toContain('id="field-goals-2-description"');
    // Saved with an error: the row stays, the error beside its field.
    const bad = await client.post(url, { revision, action: 'save', 'goals.0.domain': 'housing', 'goals.0.description': 'Een eigen kamer vinden', 'goals.0.term': 'long', 'goals.0.targetDate': '', 'goals.0.status': 'open' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="field-goals-0-targetDate-error"');
    const saved = await client.post(url, {
      revision, action: 'save',
      'goals.0.domain': 'housing', 'goals.0.description': 'Een eigen kamer vinden', 'goals.0.term': 'long', 'goals.0.targetDate': '2027-06-01', 'goals.0.status': 'open',
      'goals.1.domain': 'income-debts', 'goals.1.description': 'Een budgetplan maken', 'goals.1.term': 'short', 'goals.1.targetDate': '2027-02-01', 'goals.1.status': 'in-progress',
      // A row added and left empty is not saved.
      'goals.2.domain': 'housing', 'goals.2.description': '', 'goals.2.term': 'short', 'goals.2.targetDate': '', 'goals.2.status': 'open',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${BASE()}/agreements/${id}/plan?done=saved#section-goals`);
    const a = await read(id);
    // The server gave each new goal its stable id (the form's rows had none).
    expect(a.plan.goals.map(({ id: _, ...goal }) => goal)).toEqual([
      { domain: 'housing', description: 'Een eigen kamer vinden', term: 'long', targetDate: '2027-06-01', status: 'open' },
      { domain: 'income-debts', description: 'Een budgetplan maken', term: 'short', targetDate: '2027-02-01', status: 'in-progress' },
    ]);
    const [first, second] = a.plan.goals.map((g) => g.id as string) as [string, string];
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toMatch(/^[0-9a-f-]{36}$/);
    const plan = await (await client.get(`${BASE()}/agreements/${id}/plan?done=saved`)).text();
    expect(plan).toContain('Opgeslagen.');
    expect(plan).toContain('Wonen (lange termijn): Een eigen kamer vinden');

    // The ids survive an edit: the form carries each goal's id as a hidden field; the first goal
    // removed without JavaScript, the second moves up with its id, is changed and saved: same id.
    const edit = await (await client.get(url)).text();
    expect(edit).toContain(`<input type="hidden" name="goals.0.id" value="${first}"`);
    expect(edit).toContain(`<input type="hidden" name="goals.1.id" value="${second}"`);
    const rev2 = await revisionOf(id);
    const asPosted = {
      revision: rev2,
      'goals.0.id': first, 'goals.0.domain': 'housing', 'goals.0.description': 'Een eigen kamer vinden', 'goals.0.term': 'long', 'goals.0.targetDate': '2027-06-01', 'goals.0.status': 'open',
      'goals.1.id': second, 'goals.1.domain': 'income-debts', 'goals.1.description': 'Een budgetplan maken', 'goals.1.term': 'short', 'goals.1.targetDate': '2027-02-01', 'goals.1.status': 'in-progress',
    } as Record<string, string>;
    const afterRemove = await (await client.post(url, { ...asPosted, action: 'remove-goal-0' })).text();
    expect(afterRemove).toContain(`<input type="hidden" name="goals.0.id" value="${second}"`);
    expect(afterRemove).not.toContain(first);
    const edited = await client.post(url, {
      revision: rev2, action: 'save',
      'goals.0.id': second, 'goals.0.domain': 'income-debts', 'goals.0.description': 'Een budgetplan maken en volhouden', 'goals.0.term': 'short', 'goals.0.targetDate': '2027-02-01', 'goals.0.status': 'in-progress',
      // A row added without an id gets a new one.
      'goals.1.id': '', 'goals.1.domain': 'health', 'goals.1.description': 'Sporten', 'goals.1.term': 'short', 'goals.1.targetDate': '2027-04-01', 'goals.1.status': 'open',
    });
    expect(edited.status).toBe(303);
    const after = (await read(id)).plan.goals;
    expect(after.map((g) => [g.id === second, g.description])).toEqual([
      [true, 'Een budgetplan maken en volhouden'],
      [false, 'Sporten'],
    ]);
    expect(after[1]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(after[1]?.id).not.toBe(first);
  });

  it('conditions, risks and network (the one practical contact from the own network)', async () => {
    const id = await createAgreement();
    const client = pageClient(w, cm());
    let revision = await revisionOf(id);
    const conditions = await client.post(`${BASE()}/agreements/${id}/plan/conditions`, {
      revision, action: 'save',
      'conditions.0.help': 'Begeleiding bij wonen', 'conditions.0.dependsOn': 'Elke week een afspraak', 'conditions.0.ifNotKept': 'We bespreken het samen', 'conditions.0.reviewOn': '2027-04-01',
    });
    expect(conditions.status).toBe(303);
    revision = await revisionOf(id);
    const risks = await client.post(`${BASE()}/agreements/${id}/plan/risks`, {
      revision, action: 'save',
      'risks.0.risk': 'Stoppen met school', 'risks.0.signals': 'Vaak afwezig', 'risks.0.actions': 'Mentor belt', 'risks.0.who': 'Mentor',
    });
    expect(risks.status).toBe(303);
    revision = await revisionOf(id);
    const two = await client.post(`${BASE()}/agreements/${id}/plan/network`, {
      revision, action: 'save',
      'network.0.name': 'Tante Ria', 'network.0.relation': 'tante', 'network.0.kind': 'informal', 'network.0.practicalContact': 'yes',
      'network.1.name': 'Jan', 'network.1.relation': 'mentor', 'network.1.kind': 'formal', 'network.1.practicalContact': 'yes',
    });
    expect(two.status).toBe(400);
    const twoHtml = await two.text();
    expect(twoHtml).toContain('id="field-network-1-practicalContact-error"');
    expect(twoHtml).toContain('value="Jan"');
    const network = await client.post(`${BASE()}/agreements/${id}/plan/network`, {
      revision, action: 'save',
      'network.0.name': 'Tante Ria', 'network.0.relation': 'tante', 'network.0.kind': 'informal', 'network.0.practicalContact': 'yes', 'network.0.phone': '0612345678',
      'network.1.name': 'Jan', 'network.1.relation': 'mentor', 'network.1.kind': 'formal',
    });
    expect(network.status).toBe(303);
    const a = await read(id);
    // Each with the stable id the server gave it (kept through the network save that followed).
    expect(a.plan.conditions).toEqual([{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), help: 'Begeleiding bij wonen', dependsOn: 'Elke week een afspraak', ifNotKept: 'We bespreken het samen', reviewOn: '2027-04-01' }]);
    expect(a.plan.risks).toEqual([{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), risk: 'Stoppen met school', signals: 'Vaak afwezig', actions: 'Mentor belt', who: 'Mentor' }]);
    expect(a.plan.network).toEqual([
      { name: 'Tante Ria', relation: 'tante', kind: 'informal', phone: '0612345678', practicalContact: true },
      { name: 'Jan', relation: 'mentor', kind: 'formal', practicalContact: false },
    ]);
    // The turning-18 checklist: every subject once.
    revision = await revisionOf(id);
    const checklist = await (await client.get(`${BASE()}/agreements/${id}/plan/turning-18`)).text();
    expect(checklist).toContain('id="field-checklist-0-status"');
    const saved = await client.post(`${BASE()}/agreements/${id}/plan/turning-18`, { revision, action: 'save', 'checklist.0.item': 'digid', 'checklist.0.status': 'done', 'checklist.1.item': 'health-insurance', 'checklist.1.status': 'todo', 'checklist.1.note': 'Samen met tante' });
    expect(saved.status).toBe(303);
    expect((await read(id)).plan.checklist).toEqual([{ item: 'digid', status: 'done' }, { item: 'health-insurance', status: 'todo', note: 'Samen met tante' }]);
  });

  it('someone else saved in between: 412, the typed values kept, nothing saved', async () => {
    const id = await createAgreement();
    const client = pageClient(w, cm());
    const stale = await revisionOf(id);
    await w.call(agreements.updateAgreement, { token: cm().token, params: { municipalityId: w.A.id, agreementId: id }, headers: { 'If-Match': `"r${stale}"` }, json: { departureDate: '2027-01-20' } });
    const res = await client.post(`${BASE()}/agreements/${id}/plan/risks`, { revision: stale, action: 'save', 'risks.0.risk': 'Mijn getypte risico', 'risks.0.signals': 's', 'risks.0.actions': 'a', 'risks.0.who': 'w' });
    expect(res.status).toBe(412);
    const html = await res.text();
    expect(html).toContain('Iemand anders heeft het plan intussen opgeslagen');
    expect(html).toContain('Mijn getypte risico');
    expect((await read(id)).plan.risks).toEqual([]);
  });

  it('the young person and dates section saves through updateAgreement', async () => {
    const id = await createAgreement();
    const client = pageClient(w, cm());
    const res = await client.post(`${BASE()}/agreements/${id}/plan/young-person`, { ...goodNew(), revision: await revisionOf(id), action: 'save', 'youngPerson.email': 'sam@example.org', departureDate: '2027-02-01' });
    expect(res.status).toBe(303);
    expect(await read(id)).toMatchObject({ departureDate: '2027-02-01', youngPerson: { email: 'sam@example.org' } });
  });

  it('read-only when the agreement is not a draft, and says why', async () => {
    const id = await createAgreement();
    await w.call(agreements.cancel, { token: cm().token, params: { municipalityId: w.A.id, agreementId: id }, headers: { 'If-Match': `"r${await revisionOf(id)}"` }, json: {} });
    const client = pageClient(w, cm());
    const plan = await client.get(`${BASE()}/agreements/${id}/plan`);
    expect(plan.status).toBe(200);
    const html = await plan.text();
    expect(html).toContain('Het plan kan nu niet worden gewijzigd');
    expect(html).not.toContain(`/plan/goals"`);
    const section = await (await client.get(`${BASE()}/agreements/${id}/plan/goals`)).text();
    expect(section).not.toContain(`action="${BASE()}/agreements/${id}/plan/goals"`);
    expect(section).toContain('Het plan kan nu niet worden gewijzigd');
  });
});

describe('access and the processing log', () => {
  it('w.B → 404, analyst → 403, no session → sign-in; an unknown section → 404', async () => {
    const id = await createAgreement();
    const other = pageClient(w, w.B.people['case-manager']);
    expect((await other.get(`${BASE()}/agreements/${id}/plan`)).status).toBe(404);
    expect((await pageClient(w, w.B.people['case-manager']).get(`/app/municipalities/${w.B.id}/agreements/${id}/plan`)).status).toBe(404);
    expect((await pageClient(w, w.A.people.analyst).get(`${BASE()}/agreements/${id}/plan`)).status).toBe(403);
    expect((await pageClient(w, w.A.people.analyst).get(`${BASE()}/agreements/new`)).status).toBe(403);
    expect((await pageClient(w, w.A.people.analyst).get(`${BASE()}/agreements/${id}/preview`)).status).toBe(403);
    const anon = await pageClient(w).get(`${BASE()}/agreements/${id}/plan`);
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toContain('/app/sign-in?next=');
    expect((await pageClient(w, cm()).get(`${BASE()}/agreements/${id}/plan/nope`)).status).toBe(404);
  });

  it('createAgreement, updateAgreement and getAgreement reads are logged', async () => {
    const id = await createAgreement();
    const client = pageClient(w, cm());
    await client.get(`${BASE()}/agreements/${id}/plan`);
    await client.get(`${BASE()}/agreements/${id}/preview`);
    await client.post(`${BASE()}/agreements/${id}/plan/reviews`, { revision: await revisionOf(id), action: 'save', 'reviews.0.plannedOn': '2027-05-01' });
    const log = await w.db.selectFrom('processing_log').select(['operation', 'action', 'subject_id']).where('subject_id', '=', id).execute();
    const ops = log.map((l) => `${l.operation}:${l.action}`);
    expect(ops).toContain('createAgreement:create');
    expect(ops.filter((o) => o.startsWith('getAgreement:read')).length).toBeGreaterThanOrEqual(2);
    expect(ops.some((o) => o.startsWith('updateAgreement:'))).toBe(true);
  });
});

describe('the preview', () => {
  it('draws exactly what the signing page draws for the version sent', async () => {
    const id = await createAgreement();
    const client = pageClient(w, cm());
    await client.post(`${BASE()}/agreements/${id}/plan/goals`, { revision: await revisionOf(id), action: 'save', 'goals.0.domain': 'housing', 'goals.0.description': 'Een eigen kamer vinden', 'goals.0.term': 'long', 'goals.0.targetDate': '2027-06-01', 'goals.0.status': 'open' });
    for (const lang of ['nl', 'en'] as const) {
      const res = await client.get(`${BASE()}/agreements/${id}/preview?lang=${lang}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(lang === 'nl' ? 'Voorbeeld: zo ziet de jongere de afspraak' : 'Preview: this is how the young person sees the agreement');
      expect(html).toContain(`/agreements/${id}/plan`);
      expect(html).toContain('Een eigen kamer vinden');
      if (lang === 'nl') {
        // Send it: the frozen version, drawn by the signing page's component, is in the preview as it was.
        const sent = await w.call(agreements.send, {
          token: cm().token,
          params: { municipalityId: w.A.id, agreementId: id },
          headers: { 'If-Match': `"r${await revisionOf(id)}"` },
          json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Casemanager', email: cm().email }] },
        });
        expect(sent.status).toBe(200);
        const version = (await w.call(agreements.getAgreementVersion, { token: cm().token, params: { municipalityId: w.A.id, agreementId: id, version: 1 } })).json(200);
        const signing = String(AgreementView({ content: version.content as never, locale: 'nl' }));
        expect(signing).toContain('Een eigen kamer vinden');
        expect(html).toContain(signing);
      }
    }
  });
});

describe('an amendment', () => {
  it('the plan page shows what changed since the signed version; name and birth date stay', async () => {
    const id = await createAgreement();
    const client = pageClient(w, cm());
    const goal = { 'goals.0.domain': 'housing', 'goals.0.description': 'Een eigen kamer vinden', 'goals.0.term': 'long', 'goals.0.targetDate': '2027-06-01', 'goals.0.status': 'open' };
    await client.post(`${BASE()}/agreements/${id}/plan/goals`, { revision: await revisionOf(id), action: 'save', ...goal });
    const params = { municipalityId: w.A.id, agreementId: id };
    const sent = await w.call(agreements.send, { token: cm().token, params, headers: { 'If-Match': `"r${await revisionOf(id)}"` }, json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Casemanager', email: cm().email }] } });
    expect(sent.status).toBe(200);
    // Everyone signed (the signing itself is the signing module's test): version 1 is in force.
    await w.db.updateTable('agreement_versions').set({ status: 'signed', signed_at: new Date() }).where('agreement_id', '=', id).execute();
    await w.db.updateTable('agreements').set({ status: 'active', in_force_version: 1 }).where('id', '=', id).execute();
    const readOnly = await (await client.get(`${BASE()}/agreements/${id}/plan`)).text();
    expect(readOnly).toContain('Start een aanpassing');
    const amended = await w.call(agreements.amend, { token: cm().token, params, headers: { 'If-Match': `"r${await revisionOf(id)}"` } });
    expect(amended.status).toBe(200);
    const saved = await client.post(`${BASE()}/agreements/${id}/plan/goals`, {
      revision: await revisionOf(id),
      action: 'save',
      ...goal,
      'goals.0.status': 'achieved',
      'goals.1.domain': 'education', 'goals.1.description': 'Diploma halen', 'goals.1.term': 'short', 'goals.1.targetDate': '2027-07-01', 'goals.1.status': 'open',
    });
    expect(saved.status).toBe(303);
    const html = await (await client.get(`${BASE()}/agreements/${id}/plan`)).text();
    expect(html).toContain('Wijzigingen sinds de ondertekende versie');
    expect(html).toMatch(/Gewijzigd:<\/strong> Wonen \(lange termijn\): Een eigen kamer vinden — 1 juni 2027, behaald/);
    expect(html).toContain('Stand van zaken: was <del>Nog niet gestart</del>, wordt <ins>Behaald</ins>');
    expect(html).toMatch(/Toegevoegd:.*Diploma halen/);
    const section = await (await client.get(`${BASE()}/agreements/${id}/plan/young-person`)).text();
    expect(section).not.toContain('id="field-youngPerson-name"');
    const facts = await client.post(`${BASE()}/agreements/${id}/plan/young-person`, { ...goodNew(), 'youngPerson.name': 'Iemand anders', revision: await revisionOf(id), action: 'save', departureDate: '2027-01-31' });
    expect(facts.status).toBe(303);
    expect(await read(id)).toMatchObject({ status: 'amending', departureDate: '2027-01-31', youngPerson: { name: 'Sam de Vries' } });
    const after = await (await client.get(`${BASE()}/agreements/${id}/plan`)).text();
    expect(after).toMatch(/Datum van vertrek:<\/strong> was <del>15 januari 2027<\/del>, wordt <ins>31 januari 2027<\/ins>/);
  });
});
