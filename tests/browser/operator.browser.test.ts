// The platform operator's pages in Chromium (issue 14), as the operator uses them with JavaScript
// off: create a municipality (the empty form comes back with its errors first), correct a care
// provider's KvK number (a taken AGB code is refused beside its field first), invite another
// operator from the menu's “Platformbeheer”. Then axe-core on every page and form state in Dutch
// and English at 360 and 1280 px, nothing wider than the screen, every control reachable by Tab.
// Screenshots go to SHOTS_DIR when set.
import { mkdirSync } from 'node:fs';
import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext, unreachableByTab } from '../support/browser.js';
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
  // An open invitation, so the operators page shows its table.
  await w.request('POST', '/v1/operator-invitations', { token: w.operator.token, body: { email: 'open.uitnodiging@test.example' } });
});

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/operator-${name}.png`, fullPage: true });
}

/** Elements sticking out sideways (a table scrolls inside its own box instead). */
const widerThanScreen = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.vv-table-wrap'))
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}#${e.id}`),
  );

describe('the operator’s pages in Chromium', () => {
  it('create a municipality, correct a provider’s KvK number, invite an operator: clicking and typing, JavaScript off', async () => {
    const context = await signedInContext(browser, origin, w.operator.token, { javaScript: false, width: 1280 });
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/app/account`);
      await page.getByRole('link', { name: 'Platformbeheer' }).click();
      await expect.poll(() => page.url()).toBe(`${origin}/app/operator`);

      // A municipality: the empty form first, then right.
      await page.getByRole('link', { name: 'Gemeenten' }).click();
      await page.getByRole('link', { name: 'Gemeente aanmaken' }).click();
      await page.getByRole('button', { name: 'Aanmaken' }).click();
      expect(await page.locator('#field-cbsCode-error').textContent()).toContain('GM gevolgd door 4 cijfers');
      expect(await page.locator('.vv-error-summary').textContent()).toContain('Er zijn 3 fouten in het formulier');
      await page.getByLabel('Naam', { exact: true }).fill('Gemeente Gamma');
      await page.getByLabel('CBS-gemeentecode').fill('GM0599');
      await page.getByLabel('Korte naam voor adressen (slug)').fill('gamma');
      await page.getByLabel('Engels').check();
      await page.getByRole('button', { name: 'Aanmaken' }).click();
      await expect.poll(() => page.url()).toMatch(/\/app\/operator\/municipalities\/[0-9a-f-]{36}\?done=created$/);
      expect(await page.getByRole('status').textContent()).toContain('De gemeente is aangemaakt.');
      await page.getByLabel('Op factuur').check();
      await page.getByLabel('Toelichting').fill('Inkooporder 77');
      await page.getByRole('button', { name: 'Abonnement opslaan' }).click();
      await expect.poll(() => page.url()).toMatch(/\?done=plan$/);
      const created = await w.db.selectFrom('tenants').select(['name', 'default_locale']).where('cbs_code', '=', 'GM0599').executeTakeFirstOrThrow();
      expect(created).toEqual({ name: 'Gemeente Gamma', default_locale: 'en' });

      // A provider's KvK number: find it, try a taken AGB code, then correct the KvK number.
      await page.getByRole('link', { name: 'Platformbeheer' }).click();
      await page.getByRole('link', { name: 'Zorgaanbieders' }).click();
      await page.getByLabel('Naam of AGB-code').fill('P2');
      await page.getByRole('button', { name: 'Zoeken' }).click();
      await page.getByRole('link', { name: 'Zorgaanbieder P2' }).click();
      await expect.poll(() => page.url()).toBe(`${origin}/app/operator/providers/${w.P2.id}`);
      const p1Agb = (await w.db.selectFrom('providers').select('agb_code').where('id', '=', w.P1.id).executeTakeFirstOrThrow()).agb_code;
      const ownAgb = await page.getByLabel('AGB-code').inputValue();
      await page.getByLabel('AGB-code').fill(p1Agb);
      await page.getByLabel('KvK-nummer').fill('70000001');
      await page.getByRole('button', { name: 'Opslaan' }).click();
      expect(await page.locator('#field-agbCode-error').textContent()).toContain(`AGB-code ${p1Agb}`);
      expect(await page.getByLabel('KvK-nummer').inputValue()).toBe('70000001');
      await page.getByLabel('AGB-code').fill(ownAgb);
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await expect.poll(() => page.url()).toBe(`${origin}/app/operator/providers/${w.P2.id}?done=corrected`);
      expect(await page.getByLabel('KvK-nummer').inputValue()).toBe('70000001');

      // Another operator.
      await page.getByRole('link', { name: 'Platformbeheer' }).click();
      await page.getByRole('link', { name: 'Platformbeheerders' }).click();
      await page.getByRole('link', { name: 'Platformbeheerder uitnodigen' }).click();
      await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
      expect(await page.locator('#field-email-error').textContent()).toContain('geldig e-mailadres');
      await page.getByLabel('E-mailadres').fill('tweede.beheerder@test.example');
      await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
      await expect.poll(() => page.url()).toBe(`${origin}/app/operator/operators?done=invited`);
      expect(await page.locator('#invitations').textContent()).toContain('tweede.beheerder@test.example');
      const mail = await w.db.selectFrom('outbox').select('subject').where('recipient', '=', 'tweede.beheerder@test.example').execute();
      expect(mail).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('axe finds nothing on any page or refused form (nl, en; 360, 1280 px); nothing wider than the screen; all reachable by Tab', async () => {
    const problems: string[] = [];
    const m = `${origin}/app/operator/municipalities/${w.A.id}`;
    const p = `${origin}/app/operator/providers/${w.P1.id}`;
    for (const width of [360, 1280] as const) {
      for (const lang of ['nl', 'en'] as const) {
        const context = await signedInContext(browser, origin, w.operator.token, { javaScript: true, width, lang });
        try {
          const page = await context.newPage();
          const q = `?lang=${lang}`;
          const submit = async (url: string, fill: Record<string, string>) => {
            await page.goto(url);
            for (const [field, value] of Object.entries(fill)) await page.locator(`#field-${field}`).fill(value);
            await page.locator('main form[method=post] button[type=submit]').first().click();
            await page.locator('.vv-error-summary').waitFor();
          };
          const scenes: [string, () => Promise<unknown>][] = [
            ['index', () => page.goto(`${origin}/app/operator${q}`)],
            ['municipalities', () => page.goto(`${origin}/app/operator/municipalities${q}`)],
            ['municipality-new-errors', () => submit(`${origin}/app/operator/municipalities/new${q}`, { cbsCode: 'GM1' })],
            ['municipality', () => page.goto(`${m}${q}`)],
            ['municipality-settings-errors', () => submit(`${m}${q}`, { smallNumberThreshold: 'veel' })],
            ['municipality-invite', () => page.goto(`${m}/invite${q}`)],
            ['providers', () => page.goto(`${origin}/app/operator/providers${q}`)],
            ['provider-new-errors', () => submit(`${origin}/app/operator/providers/new${q}`, { agbCode: '12' })],
            ['provider', () => page.goto(`${p}${q}`)],
            ['provider-invite-errors', () => submit(`${p}/invite${q}`, { email: 'geen' })],
            ['operators', () => page.goto(`${origin}/app/operator/operators${q}`)],
            ['operator-invite-errors', () => submit(`${origin}/app/operator/operators/invite${q}`, { email: 'geen' })],
          ];
          for (const [scene, visit] of scenes) {
            await visit();
            expect(await page.locator('html').getAttribute('lang')).toBe(lang);
            await shot(page, `${scene}-${lang}-${width}`);
            for (const v of axeSummary(await runAxe(page))) problems.push(`${scene} ${lang} ${width}: ${v}`);
            for (const e of await widerThanScreen(page)) problems.push(`${scene} ${lang} ${width}: wider than the screen: ${e}`);
            if (width === 1280 && lang === 'nl') for (const e of await unreachableByTab(page, undefined, 80)) problems.push(`${scene}: not reachable by Tab: ${e}`);
          }
        } finally {
          await context.close();
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
