// A small provider's whole errand in Chromium, in one go, as issue 14 describes it: the provider's
// admin signs in with password and the code from the authenticator app (JavaScript off), creates an
// API key for later, opens "Uitkomsten aanleveren" from the menu, uploads a file with three bad rows
// and reads the three problems by row and column, uploads the corrected file, follows the link to
// the indicators and sees the figures its rows made (not suppressed: twelve young people). The
// states on the way are checked with axe-core by the portal's and the upload's own browser tests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, launchChromium, serveWorld } from '../support/browser.js';
import { insertContract } from '../support/contracts.js';
import { PASSWORD, type World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
const dir = mkdtempSync(join(tmpdir(), 'provider-journey-'));

let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let contractId = '';

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  contractId = (await insertContract(w.db, { tenantId: w.A.id, providerId: w.P1.id, reference: 'P1-REIS', products: [{ productCategory: '45' }], startDate: '2026-01-01', endDate: '2028-12-31' })).id;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

const YOUNG_PEOPLE = 12;

/** Twelve ended trajectories (one per young person), each with the young person's grade; `bad` replaces cells by data row index. */
function rows(header: string[], bad: Record<number, Record<string, string>> = {}): string[][] {
  const out = [header];
  for (let i = 0; i < YOUNG_PEOPLE * 2; i++) {
    const n = Math.floor(i / 2);
    const v: Record<string, string> =
      i % 2 === 0
        ? { type: 'trajectory', reference: `REIS-${n}`, clientReference: `JONG-${n}`, contractId, productCategory: '45', startDate: '2026-01-15', endDate: '2026-05-20', endReason: '31' }
        : { type: 'satisfaction', trajectoryReference: `REIS-${n}`, measuredOn: '2026-05-20', score: '8', informant: 'young-person' };
    Object.assign(v, bad[i] ?? {});
    out.push(header.map((h) => v[h] ?? ''));
  }
  return out;
}
const asCsv = (table: string[][]) => `\uFEFF${table.map((r) => r.join(';')).join('\r\n')}\r\n`;

async function submit(page: Page, button: string) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button, exact: true }).click()]);
}
async function follow(page: Page, name: string, scope: string) {
  await Promise.all([page.waitForNavigation(), page.locator(scope).getByRole('link', { name, exact: true }).first().click()]);
}
async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/journey-${name}.png`, fullPage: true });
}

describe('a provider’s errand in Chromium, JavaScript off', () => {
  it('second factor → an API key → three bad rows refused by row and column → the corrected file → the figures', async () => {
    const admin = await w.person('p1-journey', { providers: [{ id: w.P1.id, roles: ['admin'] }] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false, locale: 'nl-NL' });
    context.setDefaultTimeout(60_000);
    try {
      const page = await context.newPage();
      const main = page.locator('main');

      // Signing in: the password, then the code from the authenticator app.
      await page.goto(`${origin}/app/sign-in?lang=nl`);
      await page.getByLabel('E-mailadres').fill(admin.email);
      await page.getByLabel('Wachtwoord').fill(PASSWORD);
      await submit(page, 'Inloggen');
      expect(new URL(page.url()).pathname).toBe('/app/two-factor');
      await page.getByLabel('Code van 6 cijfers', { exact: true }).fill(w.totp(admin));
      await submit(page, 'Bevestigen');
      expect(new URL(page.url()).pathname).toBe(`/app/providers/${w.P1.id}/contracts`);

      // An API key for the software they may have one day: shown once.
      await follow(page, 'API-sleutels', 'header nav');
      await follow(page, 'Nieuwe sleutel maken', 'main');
      await page.getByLabel('Naam', { exact: true }).fill('Later: ons eigen systeem');
      await page.getByLabel('Uitkomsten aanleveren', { exact: true }).check();
      await submit(page, 'Sleutel maken');
      expect(await page.locator('#new-api-key').inputValue()).toMatch(/^vvk_/);

      // The upload, from the menu; the template's header from the page's own link.
      await follow(page, 'Uitkomsten aanleveren', 'header nav');
      expect(new URL(page.url()).pathname).toBe(`/app/providers/${w.P1.id}/outcomes`);
      const template = (await (await context.request.get(`${origin}${await page.getAttribute('a[href*="template.csv"]', 'href')}`)).text()).replace(/^\uFEFF/, '');
      const header = (template.split('\r\n')[0] as string).split(';');

      const bad = join(dir, 'uitkomsten.csv');
      writeFileSync(bad, asCsv(rows(header, { 4: { productCategory: '99' }, 7: { score: '11' }, 12: { clientReference: '' } })));
      await page.setInputFiles('input[type=file]', bad);
      await Promise.all([page.waitForNavigation(), page.click('form[data-outcome-upload] button[type=submit]')]);
      // Rows as in the file (the header is row 1), each problem beside its column.
      const problems = await page.$$eval('.vv-upload-problems tbody tr', (trs) => trs.map((r) => [...r.querySelectorAll('th,td')].map((c) => (c.textContent ?? '').trim())));
      expect(problems.map(([row, column]) => [row, column])).toEqual([
        ['6', 'productCategory'],
        ['9', 'score'],
        ['14', 'clientReference'],
      ]);
      expect(await page.locator('#refusal-title').textContent()).toContain('3 fouten in 3 regels');
      await shot(page, 'refused');

      const fixed = join(dir, 'uitkomsten-verbeterd.csv');
      writeFileSync(fixed, asCsv(rows(header)));
      await page.setInputFiles('input[type=file]', fixed);
      await Promise.all([page.waitForNavigation(), page.click('form[data-outcome-upload] button[type=submit]')]);
      expect(await page.locator('.utrecht-alert--ok').textContent()).toContain(`${YOUNG_PEOPLE * 2} regels zijn opgeslagen`);
      await shot(page, 'stored');

      // The figures: the link on the result page, then the half-year the trajectories ended in.
      await Promise.all([page.waitForNavigation(), main.locator(`a[href*="/app/providers/${w.P1.id}/indicators"]`).first().click()]);
      await page.locator('#period').selectOption('2026-H1');
      await submit(page, 'Toon cijfers');
      const satisfaction = main.locator('section', { has: page.locator('#ind-satisfaction-h') });
      const text = (await satisfaction.textContent()) ?? '';
      // Twelve young people: above the small-number threshold, so the grade is shown, not suppressed.
      expect(text).toContain('8,0');
      expect(text).toContain(String(YOUNG_PEOPLE));
      await shot(page, 'figures');
    } finally {
      await context.close();
    }
  }, 240_000);
});
