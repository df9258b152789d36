// The outcome upload in a real browser (Chromium): a provider admin downloads the template, fills it
// in with three bad rows, uploads it with JavaScript off and reads the three problems by row and
// column, uploads the corrected file and reads how many rows were stored; then once with
// JavaScript on, where the page shows the upload's progress and the processing status. axe-core
// (WCAG 2.1 A/AA) on every state, Dutch and English, 360 and 1280 px wide, and nothing wider than
// the screen. SHOTS_DIR=/some/dir saves a screenshot of each state.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMNS, rowsAsCsv } from '../../src/modules/outcomes/sheet.js';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext } from '../support/browser.js';
import { insertContract } from '../support/contracts.js';
import type { World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
const dir = mkdtempSync(join(tmpdir(), 'outcome-upload-'));

let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let contractId = '';

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  contractId = (await insertContract(w.db, { tenantId: w.A.id, providerId: w.P1.id, products: [{ productCategory: '45' }], startDate: '2026-01-01', endDate: '2028-12-31' })).id;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

/** A filled-in file under the template's header: trajectories and their satisfaction grades; `bad` replaces cells by data row index. */
function filled(header: string[], tag: string, n: number, bad: Record<number, Record<string, string>> = {}): string[][] {
  const out = [header];
  for (let i = 0; i < n; i++) {
    const v: Record<string, string> =
      i % 2 === 0
        ? { type: 'trajectory', reference: `B-${tag}-${i}`, clientReference: `CL-${i}`, contractId, productCategory: '45', startDate: '2026-02-01', endDate: '2026-06-01', endReason: '31' }
        : { type: 'satisfaction', trajectoryReference: `B-${tag}-${i - 1}`, measuredOn: '2026-06-01', score: '8', informant: 'young-person' };
    Object.assign(v, bad[i] ?? {});
    out.push(header.map((h) => v[h] ?? ''));
  }
  return out;
}

const BAD = { 2: { productCategory: '99' }, 3: { score: '11' }, 6: { clientReference: '' } };
const FIXED = { 2: { productCategory: '45' }, 3: { score: '10' }, 6: { clientReference: 'CL-6' } };

/**
 * Screenshot, axe and width of the page as it is. axe needs JavaScript: for a page whose context has
 * it off, the same HTML is loaded at the same address in `checker`, a page of the same size with it on.
 */
async function check(page: Page, state: string, checker?: Page) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${state}.png`, fullPage: true });
  let target = page;
  if (checker) {
    await checker.goto(page.url());
    await checker.setContent(await page.content());
    target = checker;
  }
  expect(axeSummary(await runAxe(target)), state).toEqual([]);
  expect(await target.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${state}: nothing wider than the screen`).toBe(true);
}

const problemRows = (page: Page) =>
  page.$$eval('.vv-upload-problems tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('th,td')].map((c) => (c.textContent ?? '').trim())));

describe('outcome upload, JavaScript off', () => {
  for (const lang of ['nl', 'en'] as const) {
    for (const width of [360, 1280]) {
      it(`${lang} ${width}px: template, three bad rows refused by row and column, the corrected file stored`, async () => {
        const context = await signedInContext(browser, origin, w.P1.admin.token, { javaScript: false, width, lang });
        context.setDefaultTimeout(60_000);
        const page = await context.newPage();
        const withJs = await signedInContext(browser, origin, w.P1.admin.token, { javaScript: true, width, lang });
        const checker = await withJs.newPage();
        const path = `${origin}/app/providers/${w.P1.id}/outcomes?lang=${lang}`;
        await page.goto(path);
        await check(page, `outcome-upload-start-${lang}-${width}`, checker);

        // The template, from the page's links with the person's session.
        const csvLink = `${origin}${await page.getAttribute('a[href*="template.csv"]', 'href')}`;
        const template = (await (await context.request.get(csvLink)).text()).replace(/^\uFEFF/, '');
        const header = (template.split('\r\n')[0] as string).split(';');
        expect(header).toEqual(COLUMNS.map((c) => c.name));
        const xlsx = await context.request.get(`${origin}${await page.getAttribute('a[href*="template.xlsx"]', 'href')}`);
        expect(xlsx.headers()['content-disposition']).toMatch(/\.xlsx"$/);

        const tag = `${lang}${width}`;
        const badFile = join(dir, `bad-${tag}.csv`);
        writeFileSync(badFile, rowsAsCsv(filled(header, tag, 8, BAD)));
        await page.setInputFiles('input[type=file]', badFile);
        await Promise.all([page.waitForNavigation(), page.click('form[data-outcome-upload] button[type=submit]')]);
        expect(await problemRows(page)).toEqual([
          ['4', 'productCategory', expect.any(String)],
          ['5', 'score', expect.any(String)],
          ['8', 'clientReference', expect.any(String)],
        ]);
        await page.waitForSelector('#field-file-error', { state: 'visible' });
        expect(await page.locator('#refusal-title').textContent()).toContain(lang === 'nl' ? '3 fouten in 3 regels' : '3 problems in 3 rows');
        await check(page, `outcome-upload-refused-${lang}-${width}`, checker);

        const goodFile = join(dir, `good-${tag}.csv`);
        writeFileSync(goodFile, rowsAsCsv(filled(header, tag, 8, FIXED)));
        await page.setInputFiles('input[type=file]', goodFile);
        await Promise.all([page.waitForNavigation(), page.click('form[data-outcome-upload] button[type=submit]')]);
        expect(page.url()).toMatch(/batch=/);
        const alert = await page.locator('.utrecht-alert--ok').textContent();
        expect(alert).toContain(lang === 'nl' ? '8 regels zijn opgeslagen' : '8 rows were stored');
        expect(await page.locator(`main a[href*="/app/providers/${w.P1.id}/indicators"]`).count()).toBe(1);
        await check(page, `outcome-upload-stored-${lang}-${width}`, checker);
        await context.close();
        await withJs.close();
      }, 120_000);
    }
  }
});

describe('outcome upload, JavaScript on', () => {
  it('shows the upload’s progress, then the refusal in place (focus on the summary), then the stored count', async () => {
    const context = await signedInContext(browser, origin, w.P1.staff.token, { javaScript: true, width: 1280, lang: 'nl' });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('pageerror', e.message));
    await page.goto(`${origin}/app/providers/${w.P1.id}/outcomes?lang=nl`);
    const header = COLUMNS.map((c) => c.name);

    // A file with problems: the answer replaces the page's content; focus on the summary.
    const badFile = join(dir, 'bad-js.csv');
    writeFileSync(badFile, rowsAsCsv(filled(header, 'js', 8, BAD)));
    await page.setInputFiles('input[type=file]', badFile);
    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/outcomes'));
    await page.click('form[data-outcome-upload] button[type=submit]');
    expect((await sent).resourceType()).toBe('xhr');
    await page.waitForSelector('.vv-upload-problems');
    expect((await problemRows(page)).map((r) => r.slice(0, 2))).toEqual([
      ['4', 'productCategory'],
      ['5', 'score'],
      ['8', 'clientReference'],
    ]);
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary'))).toBe(true);
    await check(page, 'outcome-upload-js-refused-nl-1280');

    // A larger file: the progress shows while it is sent and checked, then the result page.
    const bigFile = join(dir, 'big-js.csv');
    writeFileSync(bigFile, rowsAsCsv(filled(header, 'big', 6000)));
    await page.setInputFiles('input[type=file]', bigFile);
    // What the progress line says, as it changes (the page moves on to the result when done, so it is recorded as it happens).
    const said: string[] = [];
    page.on('console', (m) => {
      if (m.text().startsWith('progress: ')) said.push(m.text().slice(10));
    });
    await page.evaluate(() => {
      const box = document.querySelector('[data-upload-progress]') as HTMLElement;
      const status = box.querySelector('[data-upload-status]') as HTMLElement;
      new MutationObserver(() => {
        if (!box.hidden) console.log(`progress: ${status.textContent}`);
      }).observe(box, { attributes: true, subtree: true, childList: true, characterData: true });
    });
    const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/outcomes'));
    await page.click('form[data-outcome-upload] button[type=submit]');
    // Sent by the page's script (not a plain form post), which shows the progress.
    expect((await posted).resourceType()).toBe('xhr');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/outcome-upload-js-progress-nl-1280.png`, fullPage: true }).catch(() => {});
    await page.waitForURL(/batch=/, { timeout: 90_000 });
    expect(said.some((t) => /Bestand wordt verstuurd: \d+%/.test(t)), said.join(' / ')).toBe(true);
    expect(said.some((t) => /Bestand is verstuurd/.test(t)), said.join(' / ')).toBe(true);
    expect(await page.locator('.utrecht-alert--ok').textContent()).toContain('6.000 regels zijn opgeslagen');
    await check(page, 'outcome-upload-js-stored-nl-1280');
    await context.close();
  }, 180_000);
});
