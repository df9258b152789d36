// The API keys pages in Chromium, as a municipality's admin uses them with JavaScript off: the form
// sent empty comes back with its errors; filled in, the answering page shows the key once (the URL
// carries no secret, and going back to the list shows it nowhere); the key works; revoking it asks
// first and then it stops working. Then axe-core on every state (list, form with errors, the key
// shown once, the confirmation) in Dutch and English at 360 and 1280 px, nothing wider than the
// screen. Screenshots go to SHOTS_DIR when set.
import { mkdirSync } from 'node:fs';
import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext } from '../support/browser.js';
import type { World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

const keys = () => `${origin}/app/municipalities/${w.A.id}/settings/api-keys`;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/api-keys-${name}.png`, fullPage: true });
}

const widerThanScreen = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.vv-table-wrap'))
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}#${e.id}`),
  );

describe('API keys pages in Chromium', () => {
  it('create a key with JavaScript off, see it once, then revoke it', async () => {
    const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: false, width: 1280 });
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/app/municipalities/${w.A.id}/settings`);
      await page.getByRole('link', { name: 'API-sleutels' }).click();
      await expect.poll(() => page.url()).toBe(keys());
      await page.getByRole('link', { name: 'Nieuwe sleutel maken' }).click();
      // Sent empty: the name and the scopes are missing.
      await page.getByRole('button', { name: 'Sleutel maken' }).click();
      expect(await page.locator('.vv-error-summary').textContent()).toContain('Er zijn 2 fouten in het formulier');
      expect(await page.locator('#field-scopes-error').textContent()).toBe('Kies minstens één onderdeel dat de sleutel mag lezen.');
      await page.getByLabel('Naam', { exact: true }).fill('Archief (e-Depot)');
      await page.getByLabel('Afspraken', { exact: true }).check();
      await page.getByLabel('Ondertekende documenten').check();
      await page.getByLabel('Geldig tot en met (niet verplicht)').fill('2099-12-31');
      await page.getByRole('button', { name: 'Sleutel maken' }).click();
      await page.locator('#api-key-secret').waitFor();
      const key = ((await page.locator('#api-key-secret').textContent()) ?? '').trim();
      expect(key).toMatch(/^vvk_[a-z2-7]{32}$/);
      expect(page.url()).toBe(`${keys()}/new`);
      expect(await page.getByRole('alert').textContent()).toContain('U ziet hem hierna nooit meer');

      // The key reads the municipality's agreements.
      const read = await fetch(`${origin}/v1/municipalities/${w.A.id}/agreements`, { headers: { Authorization: `Bearer ${key}` } });
      expect(read.status).toBe(200);

      await page.getByRole('link', { name: 'Terug naar de API-sleutels' }).click();
      expect(await page.content()).not.toContain(key);
      const row = page.locator('#api-keys tr', { hasText: 'Archief (e-Depot)' });
      expect(await row.textContent()).toContain('Afspraken, Ondertekende documenten');
      await row.getByRole('link', { name: 'Sleutel Archief (e-Depot) intrekken' }).click();
      expect(await page.locator('h1').textContent()).toBe('Sleutel Archief (e-Depot) intrekken?');
      await page.getByRole('button', { name: 'Ja, intrekken' }).click();
      await expect.poll(() => page.url()).toBe(`${keys()}?done=revoked`);
      expect(await page.getByRole('status').textContent()).toContain('De sleutel is ingetrokken.');
      expect(await page.locator('#api-keys tr', { hasText: 'Archief (e-Depot)' }).getByRole('link').count()).toBe(0);
      const after = await fetch(`${origin}/v1/municipalities/${w.A.id}/agreements`, { headers: { Authorization: `Bearer ${key}` } });
      expect(after.status).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('axe finds nothing on the list, the form with errors, the key shown once and the confirmation (nl, en; 360, 1280 px)', async () => {
    const problems: string[] = [];
    for (const width of [360, 1280] as const) {
      for (const lang of ['nl', 'en'] as const) {
        const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: true, width, lang });
        try {
          const page = await context.newPage();
          const q = `?lang=${lang}`;
          const scenes: [string, () => Promise<unknown>][] = [
            ['list', () => page.goto(`${keys()}${q}`)],
            [
              'form-errors',
              async () => {
                await page.goto(`${keys()}/new${q}`);
                await page.locator('#field-expiresOn').fill('2020-01-01');
                await page.locator('form[action*="/api-keys/new"] button[type=submit]').click();
                await page.locator('#field-scopes-error').waitFor();
                // Every error at once: the date in the past too.
                await page.locator('#field-expiresOn-error').waitFor();
              },
            ],
            [
              'created',
              async () => {
                await page.goto(`${keys()}/new${q}`);
                await page.locator('#field-name').fill(`Datawarehouse ${lang} ${width}`);
                await page.locator('#field-scopes-indicators-read').check();
                await page.locator('form[action*="/api-keys/new"] button[type=submit]').click();
                await page.locator('#api-key-secret').waitFor();
              },
            ],
            ['revoke-confirm', () => page.goto(`${keys()}/${w.A.apiKeyId}/revoke${q}`)],
          ];
          for (const [scene, visit] of scenes) {
            await visit();
            await shot(page, `${scene}-${lang}-${width}`);
            for (const v of axeSummary(await runAxe(page))) problems.push(`${scene} ${lang} ${width}: ${v}`);
            for (const e of await widerThanScreen(page)) problems.push(`${scene} ${lang} ${width}: wider than the screen: ${e}`);
          }
        } finally {
          await context.close();
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
