// The municipality's care providers in Chromium: a contract manager, with JavaScript off, searches
// the platform's register, adds a provider as a relation and opens its page; then the list, the
// search results, a provider's page with its contracts and figures, and the indicators dashboard
// with the contract targets linked, in Dutch and English at 360 and 1280 px: axe-core clean
// (WCAG 2.0/2.1 A and AA), nothing wider than the screen. SHOTS_DIR=/some/dir saves screenshots.
import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/platform/crypto.js';
import { inAppTransaction } from '../../src/platform/db/database.js';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext } from '../support/browser.js';
import { insertContract } from '../support/contracts.js';
import { type TrajectoryInput, loadOutcomes } from '../support/outcomes.js';
import type { World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let contractId: string;

const TO_ADD = { nl: { name: 'Jeugdzorg De Brug', agb: '33445566', kvk: '77889900', search: 'brug' }, en: { name: 'Stichting Het Anker', agb: '55443322', kvk: '99887766', search: '99887766' } } as const;
const WORDS = {
  nl: { searchLabel: 'Naam, AGB-code of KvK-nummer', search: 'Zoeken', add: (n: string) => `${n} toevoegen als relatie`, added: 'is toegevoegd', noContracts: 'Uw gemeente heeft nog geen contract met deze zorgaanbieder.', menu: 'Zorgaanbieders' },
  en: { searchLabel: 'Name, AGB code or KvK number', search: 'Search', add: (n: string) => `Add as relation: ${n}`, added: 'has been added', noContracts: 'Your municipality has no contract with this care provider yet.', menu: 'Providers' },
} as const;

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  await inAppTransaction(w.db, async (trx) => {
    for (const p of Object.values(TO_ADD)) await trx.insertInto('providers').values({ id: uuidv7(), name: p.name, agb_code: p.agb, kvk_number: p.kvk }).execute();
  });
  contractId = (
    await insertContract(w.db, {
      tenantId: w.A.id,
      providerId: w.P1.id,
      reference: 'JW-2025-014',
      startDate: '2025-01-01',
      endDate: '2026-12-31',
      products: [{ productCategory: '45' }, { productCategory: '43' }],
      targets: [
        { indicator: 'dropout', comparator: 'at-most', value: 40, periodStart: '2025-01-01', periodEnd: '2025-12-31' },
        { indicator: 'satisfaction', comparator: 'at-least', value: 7.5, periodStart: '2025-01-01', periodEnd: '2025-12-31' },
      ],
    })
  ).id;
  const t = (client: string, cat: string, end: string, reason: string, score?: number): TrajectoryInput => ({
    providerId: w.P1.id,
    contractId,
    clientReference: client,
    productCategory: cat,
    startDate: '2024-06-01',
    endDate: end,
    endReason: reason,
    measurements: score ? [{ kind: 'satisfaction', score }] : [],
  });
  await loadOutcomes(w.db, w.A.id, [
    t('c1', '45', '2025-02-10', '32', 8),
    t('c2', '45', '2025-03-01', '31', 9),
    t('c3', '45', '2025-04-15', '31', 7),
    t('c4', '45', '2025-05-31', '34', 10),
    t('c5', '45', '2025-06-30', '32', 6),
    t('c6', '45', '2025-01-05', '31', 8),
    t('d1', '43', '2025-03-10', '31'),
  ]);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

const list = () => `${origin}/app/municipalities/${w.A.id}/providers`;

async function check(page: Page, state: string, lang: string, width: number) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/providers-${state}-${lang}-${width}.png`, fullPage: true });
  expect(axeSummary(await runAxe(page)), state).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), state).toBe(true);
}

describe('care providers in Chromium', () => {
  for (const lang of ['nl', 'en'] as const) {
    it(`${lang}: a contract manager searches the register, adds a provider and opens it, with JavaScript off`, async () => {
      const words = WORDS[lang];
      const provider = TO_ADD[lang];
      const context = await signedInContext(browser, origin, w.A.people['contract-manager'].token, { javaScript: false, width: 1280, lang });
      const page = await context.newPage();
      // From the menu.
      await page.goto(`${origin}/app/municipalities/${w.A.id}/indicators?lang=${lang}`);
      await page.getByRole('navigation').getByRole('link', { name: words.menu, exact: true }).click();
      await page.waitForURL(/\/providers(\?|$)/);
      await page.getByLabel(words.searchLabel).fill(provider.search);
      await page.getByRole('button', { name: words.search, exact: true }).click();
      await page.waitForURL(/[?&]q=/);
      expect(new URL(page.url()).searchParams.get('lang')).toBe(lang);
      const row = page.locator('#register tr', { hasText: provider.name });
      expect(await row.locator('td').first().textContent()).toBe(provider.agb);
      await page.getByRole('button', { name: words.add(provider.name) }).click();
      await page.waitForURL(/done=added/);
      expect(await page.getByRole('status').first().textContent()).toContain(words.added);
      await page.locator('#providers').getByRole('link', { name: provider.name }).click();
      await page.waitForURL(/\/providers\/[0-9a-f-]{36}/);
      expect(await page.locator('h1').textContent()).toBe(provider.name);
      expect(await page.locator('#no-contracts').textContent()).toBe(words.noContracts);
      expect(await page.locator('#provider-details').textContent()).toContain(provider.kvk);
      await context.close();
    });
  }

  for (const lang of ['nl', 'en'] as const) {
    for (const width of [360, 1280]) {
      it(`${lang}, ${width} px: the list, search results, a provider's page and the indicators with their targets — axe clean, on screen`, async () => {
        const context = await signedInContext(browser, origin, w.A.people['contract-manager'].token, { width, lang });
        const page = await context.newPage();
        await page.goto(`${list()}?lang=${lang}`);
        expect(await page.locator('#providers').count()).toBe(1);
        await check(page, 'list', lang, width);

        await page.goto(`${list()}?lang=${lang}&q=${encodeURIComponent('zorg')}`);
        expect(await page.locator('#register tbody tr').count()).toBeGreaterThanOrEqual(2);
        await check(page, 'search', lang, width);

        await page.goto(`${list()}?lang=${lang}&q=x`);
        expect(await page.locator('#field-q-error').count()).toBe(1);
        await check(page, 'search-error', lang, width);

        await page.goto(`${list()}/${w.P1.id}?lang=${lang}&period=2025-H1&asOf=2026-06-01`);
        const target = page.locator('#provider-figures tr[data-indicator="dropout"] a[data-contract]');
        expect(await target.getAttribute('href')).toBe(`/app/municipalities/${w.A.id}/contracts/${contractId}?lang=${lang}`);
        expect(await page.locator('#contracts').getByRole('link', { name: 'JW-2025-014' }).count()).toBe(1);
        await check(page, 'provider', lang, width);

        await page.goto(`${origin}/app/municipalities/${w.A.id}/indicators?lang=${lang}&period=2025-H1&asOf=2026-06-01`);
        const dropout = page.locator(`section.fig:has(h2#ind-dropout-h) tr[data-provider="${w.P1.id}"] a[data-contract="${contractId}"]`);
        expect(await dropout.textContent()).toBe('contract JW-2025-014');
        await check(page, 'indicators', lang, width);
        await context.close();
      });
    }
  }
});
