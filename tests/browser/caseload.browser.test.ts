// The caseload in Chromium: the list with what needs action, filtering with the GET form (the
// Filter button without JavaScript; a mouse choice applies at once with it, a keyboard choice
// waits for the button), the name search by POST (no name in the address bar), paging by keyboard
// alone, the empty state and a search that is too long; axe-core finds no WCAG 2.1 A/AA violation
// in each state, in Dutch and English, at 360 px and 1280 px, and nothing is wider than a phone's
// screen. Screenshots go to SHOTS_DIR when set.
import { mkdirSync } from 'node:fs';
import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoAgreements } from '../../db/seed/agreements.js';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { inAppTransaction } from '../../src/platform/db/database.js';
import { createDevelopmentSealer } from '../../src/platform/pdf/seal.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext } from '../support/browser.js';
import type { World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let list: string;

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  list = `/app/municipalities/${w.A.id}/agreements`;
  const { templateVersionId } = await publishedTemplate(w, adminOf(w.A));
  await inAppTransaction(w.db, (trx) =>
    seedDemoAgreements(trx, w.A.id, { adminUserId: w.A.people.admin.userId, adminName: 'Anne Admin' }, { publicUrl: origin, now: new Date(), sealer: () => createDevelopmentSealer() }),
  );
  for (let i = 1; i <= 27; i++) {
    const res = await w.call(agreements.createAgreement, {
      token: w.A.people['case-manager'].token,
      params: { municipalityId: w.A.id },
      json: { templateVersionId, youngPerson: { name: `Jongere ${String(i).padStart(2, '0')}`, dateOfBirth: '2008-05-01', mobile: '+31611111111' }, departureDate: '2026-12-01', aftercareStartDate: '2026-11-01' },
    });
    expect(res.status).toBe(201);
  }
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

const rowNames = (page: Page) => page.locator('tbody th[scope=row] a').allTextContents();

/** Do what navigates (a form sent, a link followed) and wait for the new page. */
async function navigate(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForNavigation(), action()]);
}

/**
 * Nothing is wider than the screen, (with SHOTS_DIR) a screenshot, and — where the page runs
 * scripts, which axe needs — axe finds nothing. Without JavaScript the same states are checked
 * by axe again in 'axe in each state' (the script only shows a hint).
 */
async function check(page: Page, name: string, width: number, axe = true) {
  if (axe) expect(axeSummary(await runAxe(page)), name).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name}: wider than the screen`).toBeLessThanOrEqual(0);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/caseload-${name}-${width}.png`, fullPage: true });
}

describe('the caseload in a browser', () => {
  it('without JavaScript: list, filter with the button, search by POST, paging by keyboard; axe clean nl/en at 360 and 1280', async () => {
    for (const width of [1280, 360]) {
      for (const lang of ['nl', 'en'] as const) {
        const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: false, width, lang });
        const page = await context.newPage();
        await page.goto(`${origin}${list}${lang === 'en' ? '?lang=en' : ''}`);
        expect(await page.locator('h1').textContent()).toBe(lang === 'nl' ? 'Jongeren' : 'Young people');
        expect(await page.locator('caption').textContent()).toContain(lang === 'nl' ? '33 afspraken' : '33 agreements');
        expect((await rowNames(page))[0]).toBe('Liam Bos');
        await check(page, `list-${lang}`, width, false);

        // Filter: choose a status, press the Filter button (a GET: the filters are in the address).
        await page.selectOption('#field-status', 'sent');
        await page.getByRole('button', { name: lang === 'nl' ? 'Filteren' : 'Filter' }).click();
        await page.waitForURL(/status=sent/);
        expect((await rowNames(page)).sort()).toEqual(['Milan de Groot', 'Noa El Amrani']);

        // Search by name: a POST; the name never reaches the address bar; the filter stays.
        await page.fill('#field-q', 'amrani');
        await navigate(page, () => page.press('#field-q', 'Enter'));
        expect(await rowNames(page)).toEqual(['Noa El Amrani']);
        expect(page.url()).not.toMatch(/amrani/i);
        expect(await page.locator('#field-status').inputValue()).toBe('sent');
        await check(page, `search-${lang}`, width, false);

        // A search too long: 400, the error beside the field, the text kept.
        await page.fill('#field-q', 'x'.repeat(101));
        await navigate(page, () => page.press('#field-q', 'Enter'));
        await page.waitForSelector('#field-q-error');
        expect(await page.locator('#field-q').inputValue()).toBe('x'.repeat(101));
        await check(page, `search-error-${lang}`, width, false);
        await context.close();
      }
    }
  }, 120_000);

  it('pages by keyboard alone (a case manager, their own 27)', async () => {
    const context = await signedInContext(browser, origin, w.A.people['case-manager'].token, { javaScript: false, width: 1280 });
    const page = await context.newPage();
    await page.goto(`${origin}${list}?sort=name`);
    expect(await page.locator('caption').textContent()).toContain('27 afspraken');
    expect(await page.locator('.vv-caseload-range').textContent()).toBe('1–25 van 27');
    // Tab until the link to the next page has focus, then Enter.
    let found = false;
    for (let i = 0; i < 120 && !found; i++) {
      await page.keyboard.press('Tab');
      found = (await page.evaluate(() => document.activeElement?.textContent)) === 'Volgende pagina';
    }
    expect(found).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/page=2/);
    expect(await rowNames(page)).toEqual(['Jongere 26', 'Jongere 27']);
    expect(await page.locator('.vv-caseload-range').textContent()).toBe('26–27 van 27');
    // Within a search, paging is a POST button, reached by keyboard as well.
    await page.fill('#field-q', 'jongere');
    await navigate(page, () => page.press('#field-q', 'Enter'));
    expect(await page.locator('.vv-caseload-range').textContent()).toBe('1–25 van 27');
    await page.getByRole('button', { name: 'Volgende pagina' }).focus();
    await navigate(page, () => page.keyboard.press('Enter'));
    expect(await rowNames(page)).toEqual(['Jongere 26', 'Jongere 27']);
    expect(page.url()).not.toMatch(/jongere/i);
    await context.close();
  }, 60_000);

  it('with JavaScript: a mouse choice filters at once; arrowing through a select with the keyboard does not', async () => {
    const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: true, width: 1280 });
    const page = await context.newPage();
    await page.goto(`${origin}${list}`);
    await expect.poll(() => page.locator('[data-caseload-autohint]').isVisible()).toBe(true);
    // A keyboard user moves through the options: nothing reloads until they press the button.
    await page.focus('#field-sort');
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(300);
    expect(page.url()).toBe(`${origin}${list}`);
    // With the mouse (selectOption fires the change without a key): the list follows at once.
    await page.selectOption('#field-status', 'declined');
    await page.waitForURL(/status=declined/);
    expect(await rowNames(page)).toEqual(['Liam Bos']);
    await check(page, 'js-filtered-nl', 1280);
    await context.close();
  }, 60_000);

  it('the empty state: a sentence and the button for the first agreement; axe clean nl/en at 360 and 1280', async () => {
    for (const width of [1280, 360]) {
      for (const lang of ['nl', 'en'] as const) {
        const context = await signedInContext(browser, origin, w.B.people.admin.token, { javaScript: true, width, lang });
        const page = await context.newPage();
        await page.goto(`${origin}/app/municipalities/${w.B.id}/agreements${lang === 'en' ? '?lang=en' : ''}`);
        const button = page.getByRole('link', { name: lang === 'nl' ? 'Nieuwe afspraak' : 'New agreement' });
        expect(await button.getAttribute('href')).toBe(`/app/municipalities/${w.B.id}/agreements/new${lang === 'en' ? '?lang=en' : ''}`);
        expect(await page.locator('table').count()).toBe(0);
        await check(page, `empty-${lang}`, width);
        await context.close();
      }
    }
  }, 60_000);

  it('axe in each state (list, search, search with an error), nl and en, at 360 and 1280', async () => {
    for (const width of [1280, 360]) {
      for (const lang of ['nl', 'en'] as const) {
        const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: true, width, lang });
        const page = await context.newPage();
        await page.goto(`${origin}${list}${lang === 'en' ? '?lang=en' : ''}`);
        await check(page, `list-${lang}`, width);
        await page.fill('#field-q', 'amrani');
        await navigate(page, () => page.press('#field-q', 'Enter'));
        expect(await rowNames(page)).toEqual(['Noa El Amrani']);
        await check(page, `search-${lang}`, width);
        await page.fill('#field-q', 'x'.repeat(101));
        await navigate(page, () => page.press('#field-q', 'Enter'));
        await page.waitForSelector('#field-q-error');
        await check(page, `search-error-${lang}`, width);
        await context.close();
      }
    }
  }, 120_000);
});
