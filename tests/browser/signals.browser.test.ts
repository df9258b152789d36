// Keeping young people in view, in Chromium: the case manager sees "no contact" in the caseload and
// on the agreement's page, records a contact moment, and the signal is gone; the admin's signal
// settings page. Dutch and English at 360 and 1280 px, axe-core clean and on screen.
// SHOTS_DIR=/some/dir saves a screenshot of each state.
import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { dayInAmsterdam } from '../../src/platform/dates.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext } from '../support/browser.js';
import type { World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let templateVersionId: string;
const daysAgo = (n: number) => dayInAmsterdam(new Date(Date.now() - n * 86_400_000));

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

/** A young person whose aftercare started ten weeks ago, with no contact since. */
async function outOfTouch(name: string, n: number) {
  const cm = w.A.people['case-manager'];
  const id = (
    await w.call(agreements.createAgreement, {
      token: cm.token,
      params: { municipalityId: w.A.id },
      json: { templateVersionId, youngPerson: { name, dateOfBirth: '2006-02-01', mobile: `+3161200${String(n).padStart(4, '0')}` }, departureDate: daysAgo(70), aftercareStartDate: daysAgo(70) },
    })
  ).json(201).id;
  (await w.call(agreements.send, { token: cm.token, params: { municipalityId: w.A.id, agreementId: id }, headers: { 'If-Match': '"r1"' }, json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: `officier.zicht${n}@alpha.example` }] } })).json(200);
  return id;
}

const WORDS = {
  nl: { noContact: 'Nog geen contact vastgelegd sinds de start van de nazorg', attention: 'Aandacht nodig', contacts: 'Contactmomenten', kind: 'Telefoongesprek', save: 'Vastleggen', settingsSave: 'Opslaan' },
  en: { noContact: 'No contact recorded since aftercare started', attention: 'Needs attention', contacts: 'Contact moments', kind: 'Phone call', save: 'Record', settingsSave: 'Save' },
} as const;

/** The caseload row (wide screen) or card (phone) of a young person, as text: whichever the screen shows. */
const rowText = (page: Page, name: string) =>
  page.getByRole('link', { name, exact: true }).locator('xpath=ancestor::*[self::tr or self::li][1]').filter({ visible: true }).first().innerText();

let n = 0;
describe('signals in Chromium', () => {
  for (const lang of ['nl', 'en'] as const) {
    for (const width of [360, 1280]) {
      it(`${lang}, ${width} px: no contact in the caseload and on the agreement; a call clears it — axe clean`, async () => {
        const name = `Zicht ${lang} ${width}`;
        await outOfTouch(name, ++n);
        const context = await signedInContext(browser, origin, w.A.people['case-manager'].token, { width, lang });
        const page = await context.newPage();
        const check = async (state: string) => {
          if (SHOTS) await page.screenshot({ path: `${SHOTS}/signals-${state}-${lang}-${width}.png`, fullPage: true });
          expect(axeSummary(await runAxe(page)), state).toEqual([]);
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), state).toBe(true);
        };
        const caseload = `${origin}/app/municipalities/${w.A.id}/agreements?sort=action`;
        await page.goto(caseload);
        expect(await rowText(page, name)).toContain(WORDS[lang].noContact);
        await check('caseload');
        await Promise.all([page.waitForNavigation(), page.getByRole('link', { name, exact: true }).filter({ visible: true }).first().click()]);
        expect(await page.textContent('main')).toContain(WORDS[lang].attention);
        expect(await page.textContent('main')).toContain(WORDS[lang].noContact);
        await check('agreement');
        await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: WORDS[lang].contacts, exact: true }).click()]);
        await page.getByLabel(WORDS[lang].kind, { exact: true }).check();
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: WORDS[lang].save, exact: true }).click()]);
        await page.goto(caseload);
        expect(await rowText(page, name)).not.toContain(WORDS[lang].noContact);
        await context.close();
      });
    }
    it(`${lang}: the admin's signal settings — axe clean at 360 and 1280 px, errors beside their fields`, async () => {
      for (const width of [360, 1280]) {
        const context = await signedInContext(browser, origin, w.A.people.admin.token, { width, lang });
        const page = await context.newPage();
        await page.goto(`${origin}/app/municipalities/${w.A.id}/settings/signals`);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/signal-settings-${lang}-${width}.png`, fullPage: true });
        expect(axeSummary(await runAxe(page))).toEqual([]);
        await page.fill('#field-noContactWeeks', '0');
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: WORDS[lang].settingsSave, exact: true }).click()]);
        expect(await page.locator('#field-noContactWeeks-error').count()).toBe(1);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/signal-settings-errors-${lang}-${width}.png`, fullPage: true });
        expect(axeSummary(await runAxe(page))).toEqual([]);
        await context.close();
      }
    });
  }
});
