// The living plan in the staff app, through the forms as a browser without JavaScript sends them:
// each item's state and form, an entry recorded (303 back to the item with a message), errors
// beside their fields with what was typed kept and nothing saved (schema, day and item problems in
// one answer), a signal's later action, the checklist and the framework; the agreement page leads
// here with "n van m doelen behaald"; access and the processing log as the API's operations.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { agreementInForce, draftWithPlan } from '../support/living-plan.js';
import { type PageClient, pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let cm: PageClient;
let templateVersionId: string;
const progress = (id: string) => `/app/municipalities/${w.A.id}/agreements/${id}/progress`;
const count = async (id: string) => (await sql<{ n: number }>`select count(*)::int as n from plan_progress where agreement_id = ${id}`.execute(w.db)).rows[0]?.n;

beforeAll(async () => {
  w = await createWorld();
  ({ templateVersionId } = await publishedTemplate(w, adminOf(w.A)));
  cm = pageClient(w, w.A.people['case-manager']);
});
afterAll(async () => w?.close());

describe('the progress page', () => {
  it('shows each section with the state of each item; records a goal status (303 back to the goal, with a message)', async () => {
    const a = await agreementInForce(w, templateVersionId, { name: 'Mila Voortgang' });
    const page = await cm.get(progress(a.id));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Voortgang van het plan van Mila Voortgang');
    for (const heading of ['Doelen', 'Afspraken', 'Voorwaarden', 'Risico’s op uitval', 'Als je 18 wordt', 'Wettelijk kader na 18']) expect(html).toContain(heading);
    expect(html).toContain('0 van 2 doelen behaald.');
    expect(html).toContain('Een eigen kamer vinden');
    expect(html).toContain('id="field-goal-0-status"');
    expect(html).toContain(`name="goal-0.ref" value="${a.plan.goals[0]?.id}"`);
    expect(html).toContain('Nog 8 onderwerpen te regelen.');

    const ok = await cm.post(progress(a.id), { form: 'goal-0', 'goal-0.ref': a.plan.goals[0]?.id as string, 'goal-0.occurredOn': '2026-11-20', 'goal-0.status': 'achieved', 'goal-0.note': 'Kamer in Utrecht gevonden' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`${progress(a.id)}?done=goal-0#goal-0`);
    const after = await (await cm.get(`${progress(a.id)}?done=goal-0`)).text();
    expect(after).toContain('Vastgelegd.');
    expect(after).toContain('1 van 2 doelen behaald.');
    expect(after).toContain('Kamer in Utrecht gevonden');
    expect(after).toContain('sinds 20 november 2026');
    // The history at the bottom, and English.
    expect(after).toContain('Doel 1 — Behaald: Kamer in Utrecht gevonden');
    expect(await (await cm.get(`${progress(a.id)}?lang=en`)).text()).toContain('1 of 2 goals achieved.');
  });

  it('a form with errors: 400, each error beside its field in that form, what was typed kept, nothing saved', async () => {
    const a = await agreementInForce(w, templateVersionId);
    // Not kept without the action, a date in the future: both beside their fields.
    const bad = await cm.post(progress(a.id), { form: 'condition-0', 'condition-0.ref': a.plan.conditions[0]?.id as string, 'condition-0.occurredOn': '2999-01-01', 'condition-0.kept': 'no', 'condition-0.note': 'Drie keer niet gekomen' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('id="field-condition-0-occurredOn-error"');
    expect(html).toContain('id="field-condition-0-action-error"');
    expect(html).toContain('Drie keer niet gekomen');
    expect(html).toContain('value="2999-01-01"');
    expect(html).toMatch(/id="field-condition-0-kept-1"[^>]*value="no"[^>]*checked|value="no"[^>]*checked[^>]*/);
    expect(html).toContain('Er zijn 2 fouten in het formulier');
    // The other forms are untouched: no error beside them.
    expect(html).not.toContain('id="field-goal-0-occurredOn-error"');
    // An item that is not in the plan in force is named with the other problems, at the top.
    const gone = await cm.post(progress(a.id), { form: 'goal-1', 'goal-1.ref': 'no-such-goal', 'goal-1.occurredOn': '2026-11-20' });
    expect(gone.status).toBe(400);
    const goneHtml = await gone.text();
    expect(goneHtml).toContain('id="field-goal-1-status-error"');
    expect(goneHtml).toContain('Dit onderdeel staat niet (meer) in het plan dat geldt.');
    expect(await count(a.id)).toBe(0);
  });

  it('a risk signal without an action, then its action; a checklist item; the framework; a commitment kept', async () => {
    const a = await agreementInForce(w, templateVersionId);
    const riskId = a.plan.risks[0]?.id as string;
    expect((await cm.post(progress(a.id), { form: 'risk-0', 'risk-0.ref': riskId, 'risk-0.occurredOn': '2026-11-25', 'risk-0.observed': 'Brieven van de energieleverancier ongeopend' })).status).toBe(303);
    let html = await (await cm.get(progress(a.id))).text();
    expect(html).toContain('1 signaal zonder actie.');
    expect(html).toContain('Brieven van de energieleverancier ongeopend');
    const signalId = /name="signal-0-0\.refersTo" value="([0-9a-f-]{36})"/.exec(html)?.[1] as string;
    expect(signalId).toMatch(/^[0-9a-f-]{36}$/);
    const noAction = await cm.post(progress(a.id), { form: 'signal-0-0', 'signal-0-0.refersTo': signalId, 'signal-0-0.occurredOn': '2026-11-26', 'signal-0-0.action': '' });
    expect(noAction.status).toBe(400);
    expect(await noAction.text()).toContain('id="field-signal-0-0-action-error"');
    const acted = await cm.post(progress(a.id), { form: 'signal-0-0', 'signal-0-0.refersTo': signalId, 'signal-0-0.occurredOn': '2026-11-26', 'signal-0-0.action': 'Samen de post geopend, betalingsregeling' });
    expect(acted.status).toBe(303);
    expect(acted.headers.get('location')).toBe(`${progress(a.id)}?done=risk-0#risk-0`);
    // The same action again (a second tab): refused with a page, not a 500.
    const again = await cm.post(progress(a.id), { form: 'signal-0-0', 'signal-0-0.refersTo': signalId, 'signal-0-0.occurredOn': '2026-11-26', 'signal-0-0.action': 'Nog eens' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Dit signaal heeft al een actie.');

    expect((await cm.post(progress(a.id), { form: 'checklist', 'checklist.occurredOn': '2026-11-27', 'checklist.item': 'bank-account', 'checklist.status': 'done', 'checklist.note': 'Rekening bij de bank geopend' })).status).toBe(303);
    expect((await cm.post(progress(a.id), { form: 'framework', 'framework.occurredOn': '2026-11-28', 'framework.framework': 'wmo' })).status).toBe(303);
    expect((await cm.post(progress(a.id), { form: 'commitment-1', 'commitment-1.ref': a.plan.commitments[1]?.id as string, 'commitment-1.occurredOn': '2026-11-28', 'commitment-1.kept': 'yes' })).status).toBe(303);
    html = await (await cm.get(progress(a.id))).text();
    expect(html).not.toContain('signaal zonder actie');
    expect(html).toContain('Samen de post geopend, betalingsregeling');
    expect(html).toContain('Nog 7 onderwerpen te regelen.');
    expect(html).toContain('Rekening bij de bank geopend');
    expect(html).toContain('Wmo 2015 (Wet maatschappelijke ondersteuning)');
    expect(html).toContain('Nagekomen');
    expect(await count(a.id)).toBe(5);
  });

  it('the agreement page leads here with the goals achieved; a draft says there is no plan in force yet', async () => {
    const a = await agreementInForce(w, templateVersionId);
    await cm.post(progress(a.id), { form: 'goal-1', 'goal-1.ref': a.plan.goals[1]?.id as string, 'goal-1.occurredOn': '2026-11-20', 'goal-1.status': 'achieved' });
    const page = await (await cm.get(`/app/municipalities/${w.A.id}/agreements/${a.id}`)).text();
    expect(page).toContain(`href="${progress(a.id)}"`);
    expect(page).toContain('1 van 2 doelen behaald');
    const draft = await draftWithPlan(w, templateVersionId);
    const draftPage = await cm.get(progress(draft.id));
    expect(draftPage.status).toBe(200);
    const draftHtml = await draftPage.text();
    expect(draftHtml).toContain('nog niet ondertekend');
    expect(draftHtml).not.toContain('name="form"');
    expect((await cm.post(progress(draft.id), { form: 'framework', 'framework.occurredOn': '2026-11-28', 'framework.framework': 'wmo' })).status).toBe(409);
    expect(await (await cm.get(`/app/municipalities/${w.A.id}/agreements/${draft.id}`)).text()).not.toContain(`href="${progress(draft.id)}"`);
  });

  it('access and the log as the API: no session → sign-in, another municipality → 404, an analyst → 403; reads and writes logged', async () => {
    const a = await agreementInForce(w, templateVersionId);
    expect((await pageClient(w).get(progress(a.id))).status).toBe(303);
    expect((await pageClient(w, w.B.people.admin).get(progress(a.id))).status).toBe(404);
    expect((await pageClient(w, w.B.people.admin).post(progress(a.id), { form: 'framework', 'framework.occurredOn': '2026-11-28', 'framework.framework': 'wmo' })).status).toBe(404);
    expect((await pageClient(w, w.A.people.analyst).get(progress(a.id))).status).toBe(403);
    expect(await count(a.id)).toBe(0);
    await cm.get(progress(a.id));
    await cm.post(progress(a.id), { form: 'framework', 'framework.occurredOn': '2026-11-28', 'framework.framework': 'none' });
    const log = (await sql<{ operation: string; action: string }>`select operation, action from processing_log where subject_id = ${a.id} and operation in ('getLivingPlan', 'recordPlanProgress') order by id`.execute(w.db)).rows;
    expect(log).toEqual([
      { operation: 'getLivingPlan', action: 'read' },
      { operation: 'recordPlanProgress', action: 'create' },
    ]);
  });
});
