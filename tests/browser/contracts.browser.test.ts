// Contracts in Chromium: a contract manager creates a contract with two products and their tariff
// periods — first with an overlap, which the page refuses and marks beside both rows and on the
// timeline — fixes it, activates it, amends it and reads it as it stood before. JavaScript OFF for
// the whole flow (Dutch and English, 360 and 1280 px) and once with JavaScript on; axe-core on every
// state (list, form, refused form, contract, amend form, as-of view), nothing wider than the screen.
// SHOTS_DIR=/some/dir saves a screenshot of each state.
import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext, unreachableByTab } from '../support/browser.js';
import type { World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

const WORDS = {
  nl: { create: 'Nieuw contract', save: 'Concept opslaan', addTariff: 'Tariefperiode toevoegen aan product 2', activate: 'Activeren', yesActivate: 'Ja, activeren', amend: 'Contract wijzigen', record: 'Wijziging vastleggen', show: 'Toon', overlap: /Overlapt met tariefperiode 1/, overlapLine: 'Overlap: twee tarieven: 1 oktober 2027 – 31 december 2027', asOf: 'zoals het was op 1 juni 2027' },
  en: { create: 'New contract', save: 'Save draft', addTariff: 'Add a tariff period to product 2', activate: 'Activate', yesActivate: 'Yes, activate', amend: 'Amend the contract', record: 'Record the amendment', show: 'Show', overlap: /Overlaps tariff period 1/, overlapLine: 'Overlap: two tariffs: 1 October 2027 – 31 December 2027', asOf: 'as it stood on 1 June 2027' },
} as const;

const id = (name: string) => `#field-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

/**
 * Screenshot, axe-core and the width check of the page as it is now. Without JavaScript the page
 * itself cannot run axe (nothing evaluates in it), so its HTML as served is opened at the same
 * address in a second page of a JavaScript context of the same width and checked there.
 */
async function check(page: Page, state: string, tag: string, axePage: Page | null, keyboard = false) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/contracts-${state}-${tag}.png`, fullPage: true });
  let target = page;
  if (axePage) {
    const html = await page.content();
    const url = page.url();
    await axePage.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await axePage.goto(url);
    await axePage.unroute(url);
    target = axePage;
  }
  expect(axeSummary(await runAxe(target)), `${state} ${tag}`).toEqual([]);
  expect(await target.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${state} ${tag}: wider than the screen`).toBe(true);
  if (keyboard) expect(await unreachableByTab(target), `${state} ${tag}`).toEqual([]);
}

async function submit(page: Page, name: string) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

async function flow(lang: 'nl' | 'en', width: number, javaScript: boolean) {
  const words = WORDS[lang];
  const tag = `${lang}-${width}${javaScript ? '-js' : ''}`;
  const reference = `JZ-B-${tag}`;
  const context = await signedInContext(browser, origin, w.A.people['contract-manager'].token, { width, lang, javaScript });
  const page = await context.newPage();
  const axeContext = javaScript ? null : await signedInContext(browser, origin, w.A.people['contract-manager'].token, { width, lang, javaScript: true });
  const axePage = axeContext ? await axeContext.newPage() : null;
  // The contract manager's home is the contracts list.
  await page.goto(`${origin}/app?lang=${lang}`);
  expect(page.url()).toContain(`/app/municipalities/${w.A.id}/contracts`);
  await check(page, 'list', tag, axePage, true);

  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: words.create, exact: true }).click()]);
  await check(page, 'form', tag, axePage);
  await page.selectOption(id('providerId'), { label: 'Zorgaanbieder P1' });
  await page.fill(id('reference'), reference);
  await page.fill(id('startDate'), '2027-01-01');
  await page.fill(id('endDate'), '2028-12-31');
  await page.fill(id('noticePeriodMonths'), '6');
  await page.selectOption(id('products.0.productCategory'), '45');
  await page.fill(id('products.0.productCode'), '45A11');
  await page.fill(id('products.0.name'), 'Ambulante nazorg 18+');
  await page.selectOption(id('products.0.executionVariant'), 'effort');
  await page.selectOption(id('products.0.unit'), '04');
  await page.selectOption(id('products.0.frequency'), '2');
  await page.fill(id('products.0.tariffs.0.amountCents'), '95,00');
  await page.fill(id('products.0.tariffs.0.validFrom'), '2027-01-01');
  await page.fill(id('products.0.tariffs.0.validTo'), '2027-12-31');
  await page.fill(id('products.0.tariffs.1.amountCents'), '98,50');
  // The overlap: the second period starts before the first ends.
  await page.fill(id('products.0.tariffs.1.validFrom'), '2027-10-01');
  await page.fill(id('products.0.tariffs.1.validTo'), '2028-12-31');
  await page.selectOption(id('products.1.productCategory'), '44');
  await page.fill(id('products.1.name'), 'Kamertraining');
  await page.selectOption(id('products.1.executionVariant'), 'output');
  await page.selectOption(id('products.1.unit'), '82');
  await page.selectOption(id('products.1.frequency'), '4');
  // One more row for product 2: the form comes back with it, keeping everything typed.
  await submit(page, words.addTariff);
  expect(await page.inputValue(id('reference'))).toBe(reference);
  expect(await page.locator(id('products.1.tariffs.2.amountCents')).count()).toBe(1);
  await page.fill(id('products.1.tariffs.0.amountCents'), '1.850,00');
  await page.fill(id('products.1.tariffs.0.validFrom'), '2027-01-01');
  await page.fill(id('products.1.tariffs.0.validTo'), '2027-12-31');
  await page.fill(id('products.1.tariffs.1.amountCents'), '1.900,00');
  await page.fill(id('products.1.tariffs.1.validFrom'), '2028-01-01');
  await page.fill(id('products.1.tariffs.1.validTo'), '2028-12-31');
  await page.fill(id('budgets.0.year'), '2027');
  await page.fill(id('budgets.0.ceilingCents'), '100.000,00');
  await submit(page, words.save);

  // Refused: both rows of the overlap marked beside their fields, the timeline says where.
  expect(await page.locator(`${id('products.0.tariffs.1.validFrom')}-error`).textContent()).toMatch(words.overlap);
  expect(await page.locator(`${id('products.0.tariffs.0.validTo')}-error`).count()).toBe(1);
  expect(await page.locator(id('products.0.tariffs.1.validFrom')).getAttribute('aria-invalid')).toBe('true');
  expect(await page.textContent('#timeline-0')).toContain(words.overlapLine);
  expect(await page.inputValue(id('products.1.tariffs.1.amountCents'))).toBe('1.900,00');
  await check(page, 'refused', tag, axePage);
  if (javaScript) expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary'))).toBe(true);

  await page.fill(id('products.0.tariffs.1.validFrom'), '2028-01-01');
  await submit(page, words.save);
  expect(page.url()).toMatch(/\/contracts\/[0-9a-f-]{36}\?/);
  const contractUrl = page.url().replace(/\?.*$/, '');
  expect(await page.textContent('main')).toContain(reference);
  await check(page, 'contract', tag, axePage);

  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: words.activate, exact: true }).click()]);
  await check(page, 'confirm', tag, axePage);
  await submit(page, words.yesActivate);

  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: words.amend, exact: true }).click()]);
  await check(page, 'amend', tag, axePage);
  await page.fill(id('rationale'), 'Indexatie 2028');
  await page.fill(id('effectiveFrom'), '2028-01-01');
  await page.fill(id('products.0.tariffs.1.amountCents'), '101,25');
  await submit(page, words.record);
  const main = await page.textContent('main');
  expect(main).toContain('€ 101,25');
  expect(main).toContain('Indexatie 2028');
  await check(page, 'amended', tag, axePage, true);

  // As it stood before the amendment: a small date form, no script needed.
  await page.fill(id('asOf'), '2027-06-01');
  await submit(page, words.show);
  expect(page.url()).toContain('asOf=2027-06-01');
  const before = await page.textContent('main');
  expect(before).toContain(words.asOf);
  expect(before).toContain('€ 98,50');
  expect(await page.textContent('#timeline-0')).not.toContain('€ 101,25');
  await check(page, 'asof', tag, axePage);
  expect(page.url().startsWith(contractUrl)).toBe(true);
  await context.close();
  await axeContext?.close();
}

describe('contracts in Chromium', () => {
  for (const lang of ['nl', 'en'] as const) {
    for (const width of [360, 1280]) {
      it(`JavaScript off, ${lang}, ${width} px: create (overlap refused, then fixed), activate, amend, read as it stood — axe clean, on screen`, async () => {
        await flow(lang, width, false);
      }, 180_000);
    }
  }
  it('JavaScript on, nl, 1280 px: the same flow', async () => {
    await flow('nl', 1280, true);
  }, 180_000);
});
