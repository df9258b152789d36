// The living plan in Chromium: the progress page in Dutch and English at 360 and 1280 px passes
// axe-core (also with a form's errors showing), fits the screen and is reachable by keyboard; a
// goal's status and a turning-18 item are recorded by clicking and typing (the forms fold open
// without JavaScript of ours: <details>). SHOTS_DIR=/some/dir saves a screenshot of each state.
import type { ServerType } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../src/modules/aftercare/routes.js';
import { dayInAmsterdam } from '../../src/platform/dates.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext, unreachableByTab } from '../support/browser.js';
import { agreementInForce } from '../support/living-plan.js';
import type { World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let templateVersionId: string;

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  ({ templateVersionId } = await publishedTemplate(w, adminOf(w.A)));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

const WORDS = {
  nl: { goalForm: 'Nieuwe stand van dit doel vastleggen', achieved: 'Behaald', save: 'Vastleggen', checklistForm: 'Een onderwerp bijwerken', subject: 'Onderwerp', done: 'Geregeld', recorded: 'Vastgelegd.', summary: '1 van 2 doelen behaald.', left: 'Nog 7 onderwerpen te regelen.' },
  en: { goalForm: 'Record where this goal stands now', achieved: 'Achieved', save: 'Record', checklistForm: 'Update a subject', subject: 'Subject', done: 'Arranged', recorded: 'Recorded.', summary: '1 of 2 goals achieved.', left: '7 subjects still to arrange.' },
} as const;

describe('the progress page in Chromium', () => {
  for (const lang of ['nl', 'en'] as const) {
    for (const width of [360, 1280]) {
      it(`${lang}, ${width} px: a goal's status and a checklist item recorded, errors beside the field — axe clean, on screen, by keyboard`, async () => {
        const a = await agreementInForce(w, templateVersionId, { name: `Noor Voortgang ${lang} ${width}` });
        // A risk signal seen and no action yet: its own form to record the action.
        const today = dayInAmsterdam(new Date());
        (await w.call(routes.recordPlanProgress, { token: w.A.people['case-manager'].token, params: { municipalityId: w.A.id, agreementId: a.id }, json: { kind: 'risk', occurredOn: today, riskId: a.plan.risks[0]?.id as string, observed: 'Post ongeopend' } })).json(201);
        const context = await signedInContext(browser, origin, w.A.people['case-manager'].token, { width, lang });
        const page = await context.newPage();
        const t = WORDS[lang];
        const check = async (state: string) => {
          if (SHOTS) await page.screenshot({ path: `${SHOTS}/progress-${state}-${lang}-${width}.png`, fullPage: true });
          expect(axeSummary(await runAxe(page)), state).toEqual([]);
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), state).toBe(true);
        };
        await page.goto(`${origin}/app/municipalities/${w.A.id}/agreements/${a.id}/progress`);
        await check('page');
        expect(await unreachableByTab(page)).toEqual([]);

        // A goal: open its form, submit without a status → the error beside the field, the note kept.
        const goal = page.locator('#goal-0');
        await goal.getByText(t.goalForm).click();
        await goal.locator('#field-goal-0-note').fill(`Kamer gevonden (${lang} ${width})`);
        await Promise.all([page.waitForNavigation(), goal.getByRole('button', { name: t.save, exact: true }).click()]);
        expect(await page.locator('#field-goal-0-status-error').count()).toBe(1);
        expect(await page.inputValue('#field-goal-0-note')).toBe(`Kamer gevonden (${lang} ${width})`);
        await check('errors');
        await page.locator('#goal-0').getByLabel(t.achieved, { exact: true }).check();
        await Promise.all([page.waitForNavigation(), page.locator('#goal-0').getByRole('button', { name: t.save, exact: true }).click()]);
        expect(await page.locator('#goal-0').textContent()).toContain(t.recorded);
        expect(await page.textContent('main')).toContain(t.summary);

        // A turning-18 item: choose the subject and its status.
        const checklist = page.locator('#checklist');
        await checklist.getByText(t.checklistForm).click();
        await checklist.getByLabel(t.subject).selectOption('bank-account');
        await checklist.getByLabel(t.done, { exact: true }).check();
        await Promise.all([page.waitForNavigation(), checklist.getByRole('button', { name: t.save, exact: true }).click()]);
        expect(await page.locator('#checklist').textContent()).toContain(t.recorded);
        expect(await page.textContent('main')).toContain(t.left);
        await check('recorded');
        // Every form unfolded (the commitments' and conditions' kept-or-not, a signal's action, the framework): axe clean too.
        await page.evaluate(() => {
          for (const d of document.querySelectorAll('details')) d.open = true;
        });
        expect(await page.locator('[name="signal-0-0.action"]').count()).toBe(1);
        await check('all-forms');
        await context.close();
      });
    }
  }
});
