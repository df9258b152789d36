// Review meetings in Chromium: the page, the form with errors and the list, in Dutch and English at
// 360 and 1280 px, pass axe-core, fit the screen and are reachable by keyboard; a review meeting is
// recorded by clicking and typing. SHOTS_DIR=/some/dir saves a screenshot of each state.
import type { ServerType } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext, unreachableByTab } from '../support/browser.js';
import type { World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let agreementId: string;

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  const { templateVersionId } = await publishedTemplate(w, adminOf(w.A));
  const cm = w.A.people['case-manager'];
  agreementId = (
    await w.call(agreements.createAgreement, {
      token: cm.token,
      params: { municipalityId: w.A.id },
      json: { templateVersionId, youngPerson: { name: 'Lotte Evaluatie', dateOfBirth: '2008-06-01', mobile: '+31612000444' }, departureDate: '2027-02-01', aftercareStartDate: '2026-12-01' },
    })
  ).json(201).id;
  (await w.call(agreements.send, { token: cm.token, params: { municipalityId: w.A.id, agreementId }, headers: { 'If-Match': '"r1"' }, json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: 'officier.lotte.review@alpha.example' }] } })).json(200);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

const WORDS = { nl: { save: 'Vastleggen', who: 'De jongere', other: 'Zorgaanbieder' }, en: { save: 'Record', who: 'The young person', other: 'Care provider' } } as const;

describe('review meetings in Chromium', () => {
  for (const lang of ['nl', 'en'] as const) {
    for (const width of [360, 1280]) {
      it(`${lang}, ${width} px: empty, with errors, recorded — axe clean, on screen, by keyboard`, async () => {
        const context = await signedInContext(browser, origin, w.A.people['case-manager'].token, { width, lang });
        const page = await context.newPage();
        const check = async (state: string) => {
          if (SHOTS) await page.screenshot({ path: `${SHOTS}/reviews-${state}-${lang}-${width}.png`, fullPage: true });
          expect(axeSummary(await runAxe(page)), state).toEqual([]);
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), state).toBe(true);
        };
        await page.goto(`${origin}/app/municipalities/${w.A.id}/agreements/${agreementId}/reviews`);
        await check('page');
        expect(await unreachableByTab(page)).toEqual([]);
        await page.fill('#field-heldOn', '');
        await page.fill('#field-nextReviewOn', '2026-01-01');
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: WORDS[lang].save, exact: true }).click()]);
        for (const field of ['heldOn', 'participants', 'agreed']) expect(await page.locator(`#field-${field}-error`).count(), field).toBe(1);
        await check('errors');
        await page.fill('#field-heldOn', '2026-11-30');
        await page.getByLabel(WORDS[lang].who, { exact: true }).check();
        await page.getByLabel(WORDS[lang].other, { exact: true }).check();
        await page.fill('#field-agreed', `Werk gevonden, huur loopt (${lang} ${width})`);
        await page.fill('#field-nextReviewOn', '2027-03-01');
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: WORDS[lang].save, exact: true }).click()]);
        expect(await page.textContent('main')).toContain(`Werk gevonden, huur loopt (${lang} ${width})`);
        await check('recorded');
        await context.close();
      });
    }
  }
});
