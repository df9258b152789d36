// Barriers in Chromium: a case manager records one on the agreement's page by clicking and typing
// (the chain partner appears only for chain cooperation), an error beside its field first; then
// the municipality's report shows it — in Dutch and English at 360 and 1280 px, axe-core clean,
// fitting the screen, reachable by keyboard. SHOTS_DIR=/some/dir saves a screenshot of each state.
import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { addDays, dayInAmsterdam } from '../../src/platform/dates.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext, unreachableByTab } from '../support/browser.js';
import type { World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let agreementId: string;
const today = dayInAmsterdam(new Date());

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  const { templateVersionId } = await publishedTemplate(w, adminOf(w.A));
  const cm = w.A.people['case-manager'];
  agreementId = (
    await w.call(agreements.createAgreement, {
      token: cm.token,
      params: { municipalityId: w.A.id },
      json: { templateVersionId, youngPerson: { name: 'Ravi Belemmering', dateOfBirth: '2008-06-01', mobile: '+31612000333' }, departureDate: addDays(today, 20), aftercareStartDate: addDays(today, -40) },
    })
  ).json(201).id;
  (await w.call(agreements.send, { token: cm.token, params: { municipalityId: w.A.id, agreementId }, headers: { 'If-Match': '"r1"' }, json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: 'officier.ravi@alpha.example' }] } })).json(200);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

const WORDS = {
  nl: { save: 'Vastleggen', chain: 'Samenwerking in de keten liep vast', housing: 'Woningcorporatie', weeks: 'Wachttijd in weken (niet verplicht)', show: 'Toon', csv: 'Download als CSV (voor Excel)', kindLabel: 'Samenwerking in de keten liep vast' },
  en: { save: 'Record', chain: 'Chain cooperation failed', housing: 'Housing corporation', weeks: 'Waiting time in weeks (optional)', show: 'Show', csv: 'Download as CSV (for Excel)', kindLabel: 'Chain cooperation failed' },
} as const;

async function check(page: Page, state: string, lang: string, width: number) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/barriers-${state}-${lang}-${width}.png`, fullPage: true });
  expect(axeSummary(await runAxe(page)), state).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), state).toBe(true);
}

describe('barriers in Chromium', () => {
  for (const lang of ['nl', 'en'] as const) {
    for (const width of [360, 1280]) {
      it(`${lang}, ${width} px: record one (an error first), then see the report — axe clean, on screen, by keyboard`, async () => {
        const words = WORDS[lang];
        const context = await signedInContext(browser, origin, w.A.people['case-manager'].token, { width, lang });
        const page = await context.newPage();
        await page.goto(`${origin}/app/municipalities/${w.A.id}/agreements/${agreementId}/barriers?lang=${lang}`);
        await check(page, 'page', lang, width);
        expect(await unreachableByTab(page)).toEqual([]);
        // The partner field shows only for chain cooperation.
        expect(await page.locator('#field-partner').isVisible()).toBe(false);
        await page.getByLabel(words.chain, { exact: true }).check();
        expect(await page.locator('#field-partner').isVisible()).toBe(true);
        await page.fill('#field-waitingWeeks', 'veel');
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: words.save, exact: true }).click()]);
        expect(await page.locator('#field-partner-error').count()).toBe(1);
        expect(await page.locator('#field-waitingWeeks-error').count()).toBe(1);
        expect(await page.inputValue('#field-waitingWeeks')).toBe('veel');
        await check(page, 'errors', lang, width);
        await page.selectOption('#field-partner', 'housing-corporation');
        await page.fill('#field-waitingWeeks', '9');
        await page.fill('#field-note', `Geen kamer via de corporatie (${lang} ${width})`);
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: words.save, exact: true }).click()]);
        const main = await page.textContent('main');
        expect(main).toContain(`Geen kamer via de corporatie (${lang} ${width})`);
        expect(main).toContain(words.housing);
        await check(page, 'recorded', lang, width);

        // The report, from the menu.
        await page.goto(`${origin}/app/municipalities/${w.A.id}/barriers?lang=${lang}`);
        await check(page, 'report', lang, width);
        expect(await unreachableByTab(page)).toEqual([]);
        const row = page.locator('#barrier-report tr', { hasText: words.kindLabel });
        expect(await row.count()).toBe(1);
        // One young person: too few to show a number, and the cell says so.
        expect(await row.locator('.sup').first().textContent()).toMatch(lang === 'nl' ? /te weinig jongeren/ : /too few young people/);
        await page.selectOption('#field-thenBy', 'quarter');
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: words.show, exact: true }).click()]);
        expect(page.url()).toContain('thenBy=quarter');
        await check(page, 'report-by-quarter', lang, width);
        expect(await page.getByRole('link', { name: words.csv }).getAttribute('href')).toContain('format=csv');
        await context.close();
      });
    }
  }
});
