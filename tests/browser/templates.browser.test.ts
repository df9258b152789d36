// The template pages in Chromium: an admin creates a template, edits its Dutch and English texts
// side by side, previews and publishes it by clicking — with JavaScript off, and on (a placeholder
// inserted where the cursor is). axe-core finds no WCAG 2.0/2.1 A/AA violation on the list (empty
// and filled), the editor, a form with errors and the preview, in Dutch and English, at 360 px and
// 1280 px; nothing is wider than a phone's screen. Screenshots go to SHOTS_DIR when set.
import { mkdirSync } from 'node:fs';
import type { ServerType } from '@hono/node-server';
import type { Browser, Locator, Page } from 'playwright-core';
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
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

const base = () => `${origin}/app/municipalities/${w.A.id}/templates`;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/templates-${name}.png`, fullPage: true });
}

/** No violations, and nothing wider than the viewport (the page never scrolls sideways). */
async function check(page: Page, name: string) {
  expect(axeSummary(await runAxe(page)), name).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name}: wider than the screen`).toBeLessThanOrEqual(0);
  await shot(page, name);
}

/** Click what leads to another page and wait for it. */
async function go(page: Page, target: Locator) {
  await Promise.all([page.waitForNavigation(), target.click()]);
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

async function boxOf(page: Page, selector: string) {
  const box = await page.locator(selector).boundingBox();
  expect(box, selector).not.toBeNull();
  return box as { x: number; y: number; width: number; height: number };
}

describe('templates in the browser', () => {
  it('JavaScript off: empty list, a form with errors, create, edit side by side, preview, publish — all by clicking', async () => {
    // The empty list, checked with axe (which needs script) in both languages and widths.
    for (const lang of ['nl', 'en'] as const) {
      for (const width of [360, 1280] as const) {
        const checker = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: true, width, lang });
        const empty = await checker.newPage();
        await empty.goto(`${base()}?lang=${lang}`);
        expect(await text(empty, 'main')).toContain(lang === 'nl' ? 'Er zijn nog geen sjablonen.' : 'There are no templates yet.');
        await check(empty, `list-empty-${lang}-${width}`);
        await checker.close();
      }
    }
    // The flow itself with JavaScript off (axe cannot run there; the same states are checked below with it on).
    const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: false, width: 1280 });
    const page = await context.newPage();
    await page.goto(base());
    expect(await text(page, 'h1')).toBe('Sjablonen');

    await go(page, page.getByRole('link', { name: 'Nieuw sjabloon' }));
    await page.getByLabel('Doelen (Nederlands)').fill('');
    await go(page, page.getByRole('button', { name: 'Sjabloon maken' }));
    expect(await text(page, '#field-name-error')).toBe('Geef het sjabloon een naam.');
    expect(await text(page, '#field-content-sections-goals-nl-error')).toBe('Vul de Nederlandse tekst in.');
    await shot(page, 'new-errors-nl-1280');

    await page.getByLabel('Naam').fill('Toekomstplan Alpha');
    await page.getByLabel('Doelen (Nederlands)').fill('Dit zijn jouw doelen, {{youngPerson.name}}.');
    await go(page, page.getByRole('button', { name: 'Sjabloon maken' }));
    expect(await text(page, 'h1')).toBe('Versie 1 bewerken: Toekomstplan Alpha');
    // Side by side on a desktop: the Dutch and English boxes on one line, Dutch first.
    const nl = await boxOf(page, '#field-content-sections-goals-nl');
    const en = await boxOf(page, '#field-content-sections-goals-en');
    expect(Math.abs(nl.y - en.y)).toBeLessThan(5);
    expect(en.x).toBeGreaterThan(nl.x + nl.width);
    await shot(page, 'edit-nl-1280');

    await page.getByLabel('Risico’s op uitval (Engels)').fill('We watch for signals together.');
    await go(page, page.getByRole('button', { name: 'Opslaan' }));
    expect(await text(page, 'main')).toContain('De teksten zijn opgeslagen.');
    expect(await text(page, 'main')).toContain('We watch for signals together.');

    await go(page, page.getByRole('link', { name: 'Voorbeeld in het Nederlands' }));
    expect(await text(page, 'article')).toContain('Dit zijn jouw doelen, Sam de Jong.');
    await shot(page, 'preview-nl-1280');
    await go(page, page.getByRole('link', { name: 'Naar versie 1' }));

    await go(page, page.getByRole('link', { name: 'Publiceren' }));
    expect(await text(page, 'main')).toContain('Publiceren is definitief.');
    await shot(page, 'publish-confirm-nl-1280');
    await go(page, page.getByRole('button', { name: 'Ja, versie 1 publiceren' }));
    expect(await text(page, 'main')).toContain('De versie is gepubliceerd.');
    expect(await page.getByRole('link', { name: 'Teksten bewerken' }).count()).toBe(0);
    await shot(page, 'published-nl-1280');

    await page.goto(base());
    expect(await text(page, 'table')).toContain('Toekomstplan Alpha');
    expect(await text(page, 'table')).toContain('Gepubliceerd');
    await shot(page, 'list-nl-1280');

    // A new version from the published one, by clicking.
    await go(page, page.getByRole('link', { name: 'Toekomstplan Alpha' }));
    await go(page, page.getByRole('button', { name: 'Nieuwe versie maken' }));
    expect(await text(page, 'h1')).toBe('Versie 2 bewerken: Toekomstplan Alpha');
    expect(await page.getByLabel('Doelen (Nederlands)').inputValue()).toBe('Dit zijn jouw doelen, {{youngPerson.name}}.');
    await context.close();
  }, 90_000);

  it('JavaScript on: a placeholder goes in where the cursor is; saving keeps it', async () => {
    const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: true, width: 1280 });
    const page = await context.newPage();
    await page.goto(`${base()}/new`);
    await page.getByLabel('Naam').fill('Met JavaScript');
    await go(page, page.getByRole('button', { name: 'Sjabloon maken' }));
    expect(await text(page, 'h1')).toBe('Versie 1 bewerken: Met JavaScript');
    const box = page.getByLabel('Netwerk (Engels)');
    await box.fill('Your contact is .');
    await box.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(16, 16));
    await page.getByRole('button', { name: '{{caseManager.name}} invoegen in het laatst gekozen tekstvak' }).click();
    expect(await box.inputValue()).toBe('Your contact is {{caseManager.name}}.');
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await text(page, '[data-tpl-announce]')).toBe('{{caseManager.name}} ingevoegd in Netwerk (Engels).');
    await check(page, 'edit-js-nl-1280');
    // Every field, button and link of the editor is reached by Tab alone.
    expect(await unreachableByTab(page, undefined, 120)).toEqual([]);
    await go(page, page.getByRole('button', { name: 'Opslaan' }));
    expect(await text(page, 'main')).toContain('Your contact is {{caseManager.name}}.');
    await context.close();
  }, 60_000);

  for (const lang of ['nl', 'en'] as const) {
    for (const width of [360, 1280] as const) {
      it(`axe on list, editor, form with errors and preview: ${lang} at ${width}px`, async () => {
        const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: true, width, lang });
        const page = await context.newPage();
        const tag = `${lang}-${width}`;
        await page.goto(`${base()}?lang=${lang}`);
        await check(page, `list-${tag}`);
        const template = page.getByRole('link', { name: 'Met JavaScript' });
        await go(page, template);
        await check(page, `template-${tag}`);
        await go(page, page.getByRole('link', { name: lang === 'nl' ? 'Versie 1 bewerken' : 'Edit version 1' }));
        if (width === 360) {
          // Stacked on a phone: English under Dutch.
          const nl = await boxOf(page, '#field-content-sections-goals-nl');
          const en = await boxOf(page, '#field-content-sections-goals-en');
          expect(en.y).toBeGreaterThan(nl.y + nl.height);
        }
        await check(page, `edit-${tag}`);
        await page.getByLabel(lang === 'nl' ? 'Privacy (Engels)' : 'Privacy (English)').fill('');
        await go(page, page.getByRole('button', { name: lang === 'nl' ? 'Opslaan' : 'Save' }));
        expect(await page.locator('#field-content-sections-privacy-en-error').isVisible()).toBe(true);
        expect(await page.locator('[data-error-summary]').evaluate((el) => el === document.activeElement)).toBe(true);
        await check(page, `edit-errors-${tag}`);
        await page.goto(`${page.url().replace(/\/edit.*$/, '')}/preview?view=${lang === 'nl' ? 'en' : 'nl'}&lang=${lang}`);
        await check(page, `preview-${tag}`);
        await page.goto(`${page.url().replace(/\/preview.*$/, '')}/publish?lang=${lang}`);
        await check(page, `publish-confirm-${tag}`);
        await context.close();
      }, 60_000);
    }
  }
});
