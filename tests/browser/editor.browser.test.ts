// Creating an agreement and editing its goals in Chromium, with JavaScript off (rows added by
// submit buttons that draw the form again) and on (rows added and removed in place, focus on the
// new row); axe-core finds no WCAG 2.1 A/AA violation on the new form (empty and with errors), a
// section editor, the plan and the preview, in Dutch and English, at 360 and 1280 px, and nothing
// is wider than the screen. Screenshots go to SHOTS_DIR when set.
import { mkdirSync } from 'node:fs';
import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext } from '../support/browser.js';
import type { World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  await publishedTemplate(w, adminOf(w.A));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

const BASE = () => `${origin}/app/municipalities/${w.A.id}`;
const token = () => w.A.people['case-manager'].token;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/editor-${name}.png`, fullPage: true });
};
const noSideScroll = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
const read = async (id: string) => (await w.call(agreements.getAgreement, { token: token(), params: { municipalityId: w.A.id, agreementId: id } })).json(200);

async function fillNew(page: Page) {
  await page.check('#field-templateVersionId');
  await page.fill('#field-youngPerson-name', 'Sam de Vries');
  await page.fill('#field-youngPerson-dateOfBirth', '2008-05-01');
  await page.fill('#field-youngPerson-mobile', '06 12345678');
  await page.fill('#field-departureDate', '2027-01-15');
  await page.fill('#field-aftercareStartDate', '2026-12-01');
}

async function fillGoal(page: Page, i: number, description: string) {
  await page.selectOption(`#field-goals-${i}-domain`, 'education');
  await page.fill(`#field-goals-${i}-description`, description);
  await page.fill(`#field-goals-${i}-targetDate`, '2027-06-01');
}

describe('the agreement editor in a browser', () => {
  it('JavaScript off: create with errors then right; goals added by reloading the form, then saved', async () => {
    const context = await signedInContext(browser, origin, token(), { javaScript: false });
    const page = await context.newPage();
    await page.goto(`${BASE()}/agreements/new`);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    expect(await page.locator('#field-youngPerson-name-error').count()).toBe(1);
    await fillNew(page);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    expect(page.url()).toMatch(/\/plan\?done=created$/);
    const id = /agreements\/([0-9a-f-]{36})\/plan/.exec(page.url())?.[1] as string;
    await page.click('a[href$="/plan/goals"]');
    await Promise.all([page.waitForNavigation(), page.click('button[value=add-goal]')]);
    await fillGoal(page, 0, 'Diploma halen');
    await Promise.all([page.waitForNavigation(), page.click('button[value=add-goal]')]);
    expect(await page.inputValue('#field-goals-0-description')).toBe('Diploma halen');
    await fillGoal(page, 1, 'Stage vinden');
    await Promise.all([page.waitForNavigation(), page.click('.vv-actions button[value=save]')]);
    expect(page.url()).toContain('/plan?done=saved');
    expect((await read(id)).plan.goals.map((g) => g.description)).toEqual(['Diploma halen', 'Stage vinden']);
    // Enter in a field saves (the form's first button is Save, not a row's Remove).
    await page.goto(`${BASE()}/agreements/${id}/plan/commitments`);
    await Promise.all([page.waitForNavigation(), page.click('button[value=add-commitment]')]);
    await page.fill('#field-commitments-0-what', 'Naar school gaan');
    await page.fill('#field-commitments-0-frequency', 'elke dag');
    await Promise.all([page.waitForNavigation(), page.press('#field-commitments-0-frequency', 'Enter')]);
    expect(page.url()).toContain('/plan?done=saved');
    // Saved as typed, with the stable id the server gives every commitment.
    expect((await read(id)).plan.commitments).toEqual([{ id: expect.any(String), party: 'young-person', what: 'Naar school gaan', frequency: 'elke dag' }]);
    await context.close();
  }, 60_000);

  it('JavaScript on: rows added and removed in place, focus on the new row, then saved', async () => {
    const context = await signedInContext(browser, origin, token(), { javaScript: true });
    const page = await context.newPage();
    await page.goto(`${BASE()}/agreements/new`);
    await fillNew(page);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    const id = /agreements\/([0-9a-f-]{36})\/plan/.exec(page.url())?.[1] as string;
    await page.goto(`${BASE()}/agreements/${id}/plan/goals`);
    await page.evaluate(() => Object.assign(window, { __samePage: true }));
    await page.click('button[value=add-goal]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-goals-0-domain');
    await fillGoal(page, 0, 'Eerste');
    await page.click('button[value=add-goal]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-goals-1-domain');
    await fillGoal(page, 1, 'Tweede');
    await page.click('button[value=add-goal]');
    await fillGoal(page, 2, 'Derde');
    await shot(page, 'goals-js-three-rows');
    // Remove the first: the others are numbered again, focus on the row that took its place.
    await page.click('button[value=remove-goal-0]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-goals-0-domain');
    expect(await page.inputValue('#field-goals-0-description')).toBe('Tweede');
    expect(await page.inputValue('#field-goals-1-description')).toBe('Derde');
    expect(await page.locator('button[value=remove-goal-1]').textContent()).toBe('Doel 2 verwijderen');
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    expect(axeSummary(await runAxe(page))).toEqual([]);
    await Promise.all([page.waitForNavigation(), page.click('.vv-actions button[value=save]')]);
    expect((await read(id)).plan.goals.map((g) => g.description)).toEqual(['Tweede', 'Derde']);
    await context.close();
  }, 60_000);

  it('axe: no violations on the new form, its errors, a section editor, the plan and the preview (nl/en, 360/1280)', async () => {
    // An agreement with something in every list section, for the pages to show.
    const created = await w.call(agreements.createAgreement, {
      token: token(),
      params: { municipalityId: w.A.id },
      json: {
        templateVersionId: (await w.db.selectFrom('agreement_template_versions').select('id').where('tenant_id', '=', w.A.id).where('status', '=', 'published').executeTakeFirstOrThrow()).id,
        youngPerson: { name: 'Noor Jansen', dateOfBirth: '2008-09-12', mobile: '+31612345679', email: 'noor@example.org' },
        departureDate: '2027-02-01',
        aftercareStartDate: '2026-12-15',
        plan: {
          goals: [{ domain: 'housing', term: 'long', description: 'Zelfstandig wonen in een eigen studio, met hulp bij de huur en de post', targetDate: '2027-09-01' }],
          commitments: [{ party: 'young-person', what: 'Ik kom naar de afspraken met mijn begeleider', frequency: 'elke week' }],
          conditions: [{ help: 'Begeleiding bij wonen', dependsOn: 'De wekelijkse afspraak', ifNotKept: 'We bespreken samen wat er nodig is', reviewOn: '2027-04-01' }],
          risks: [{ risk: 'Schulden', signals: 'Post blijft liggen', actions: 'Samen de post openen', who: 'Begeleider' }],
          network: [{ name: 'Tante Ria', relation: 'tante', kind: 'informal', practicalContact: true }],
          checklist: [{ item: 'digid', status: 'done' }],
          reviews: [{ plannedOn: '2027-03-01' }],
        },
      },
    });
    const id = created.json(201).id;
    // A second one, signed and being amended: its plan page shows what changed.
    const again = await w.call(agreements.createAgreement, { token: token(), params: { municipalityId: w.A.id }, json: { ...created.json(201), templateVersionId: created.json(201).templateVersionId, youngPerson: { name: 'Noor Jansen', dateOfBirth: '2008-09-12', mobile: '+31612345679' }, providerIds: [] } as never });
    const amendId = again.json(201).id;
    const params = { municipalityId: w.A.id, agreementId: amendId };
    expect((await w.call(agreements.send, { token: token(), params, headers: { 'If-Match': '"r1"' }, json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Casemanager', email: 'cm@alpha.example' }] } })).status).toBe(200);
    await w.db.updateTable('agreement_versions').set({ status: 'signed', signed_at: new Date() }).where('agreement_id', '=', amendId).execute();
    await w.db.updateTable('agreements').set({ status: 'active', in_force_version: 1 }).where('id', '=', amendId).execute();
    const rev = (await read(amendId)).revision;
    expect((await w.call(agreements.amend, { token: token(), params, headers: { 'If-Match': `"r${rev}"` } })).status).toBe(200);
    const current = await read(amendId);
    const goals = [{ ...current.plan.goals[0], status: 'in-progress' }, { domain: 'education', term: 'short', description: 'Diploma halen', targetDate: '2027-07-01' }];
    expect((await w.call(agreements.updateAgreement, { token: token(), params, headers: { 'If-Match': `"r${current.revision}"` }, json: { departureDate: '2027-02-15', plan: { ...current.plan, goals, risks: [] } as never } })).status).toBe(200);
    for (const lang of ['nl', 'en'] as const) {
      for (const width of [360, 1280] as const) {
        const context = await signedInContext(browser, origin, token(), { javaScript: true, width, lang });
        const page = await context.newPage();
        const check = async (name: string) => {
          expect(axeSummary(await runAxe(page)), `${name} ${lang} ${width}`).toEqual([]);
          await noSideScroll(page);
          await shot(page, `${name}-${lang}-${width}`);
        };
        await page.goto(`${BASE()}/agreements/new?lang=${lang}`);
        await check('new');
        await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
        expect(await page.locator('#field-youngPerson-name-error').count()).toBe(1);
        await check('new-errors');
        await page.goto(`${BASE()}/agreements/${id}/plan/goals?lang=${lang}`);
        await check('goals');
        for (const section of ['network', 'commitments', 'conditions', 'risks', 'turning-18', 'reviews', 'young-person']) {
          await page.goto(`${BASE()}/agreements/${id}/plan/${section}?lang=${lang}`);
          await check(section);
        }
        await page.goto(`${BASE()}/agreements/${id}/plan?lang=${lang}`);
        await check('plan');
        await page.goto(`${BASE()}/agreements/${amendId}/plan?lang=${lang}`);
        expect(await page.textContent('main')).toContain(lang === 'nl' ? 'Wijzigingen sinds de ondertekende versie' : 'Changes since the signed version');
        await check('plan-amending');
        await page.goto(`${BASE()}/agreements/${id}/preview?lang=${lang}`);
        expect(await page.textContent('main')).toContain(lang === 'nl' ? 'Voorbeeld: zo ziet de jongere de afspraak' : 'Preview: this is how the young person sees the agreement');
        await check('preview');
        await context.close();
      }
    }
  }, 150_000);
});
