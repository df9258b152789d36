// The members pages in Chromium, as a municipality's admin uses them: invite a colleague by
// clicking and typing with JavaScript off (the empty form comes back with its errors first), change
// a member's roles; then axe-core on every state (list, invite form with errors, member page, both
// confirmation steps) in Dutch and English at 360 and 1280 px, with nothing wider than the screen
// and every control reachable by Tab.
// Screenshots go to SHOTS_DIR when set.
import { mkdirSync } from 'node:fs';
import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext, unreachableByTab } from '../support/browser.js';
import type { Person, World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let member: Person;

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  member = await w.person('browser-member', { municipalities: [{ id: w.A.id, roles: ['analyst'] }] });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

const base = () => `${origin}/app/municipalities/${w.A.id}`;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Elements sticking out sideways (a table scrolls inside its own box instead). */
const widerThanScreen = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.vv-table-wrap'))
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}#${e.id}`),
  );

describe('members pages in Chromium', () => {
  it('invite a colleague by clicking and typing, JavaScript off; then change a member’s roles', async () => {
    const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: false, width: 1280 });
    try {
      const page = await context.newPage();
      await page.goto(`${base()}/members`);
      await page.getByRole('link', { name: 'Medewerker uitnodigen' }).click();
      await expect.poll(() => page.url()).toBe(`${base()}/members/invite`);
      // Sent empty: both errors, beside their fields and in the summary.
      await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
      expect(await page.locator('#field-email-error').textContent()).toContain('geldig e-mailadres');
      expect(await page.locator('#field-roles-error').textContent()).toBe('Kies minstens één rol.');
      expect(await page.locator('.vv-error-summary').textContent()).toContain('Er zijn 2 fouten in het formulier');
      // Now right: the address typed, one role ticked by its label.
      await page.getByLabel('E-mailadres').fill('collega.nieuw@test.example');
      await page.getByLabel('Casemanager').check();
      await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
      await expect.poll(() => page.url()).toBe(`${base()}/members?done=invited`);
      expect(await page.getByRole('status').textContent()).toContain('De uitnodiging is verstuurd.');
      const row = page.locator('#invitations tr', { hasText: 'collega.nieuw@test.example' });
      expect(await row.textContent()).toContain('casemanager');
      const mail = await w.db.selectFrom('outbox').select('subject').where('recipient', '=', 'collega.nieuw@test.example').execute();
      expect(mail).toHaveLength(1);

      // Change a member's roles: open them from the list, tick and untick, save.
      await page.getByRole('link', { name: 'browser-member', exact: true }).click();
      await expect.poll(() => page.url()).toBe(`${base()}/members/${member.userId}`);
      await page.getByLabel('Analist').uncheck();
      await page.getByLabel('Contractmanager').check();
      await page.getByRole('button', { name: 'Rollen opslaan' }).click();
      await expect.poll(() => page.url()).toBe(`${base()}/members/${member.userId}?done=roles`);
      expect(await page.locator('#member-roles').textContent()).toBe('contractmanager');
      expect(await page.getByRole('status').textContent()).toContain('De rollen zijn opgeslagen.');
    } finally {
      await context.close();
    }
  });

  it('axe finds nothing on the list, the invite form with errors, a member and both confirmations (nl, en; 360, 1280 px)', async () => {
    const problems: string[] = [];
    for (const width of [360, 1280] as const) {
      for (const lang of ['nl', 'en'] as const) {
        const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: true, width, lang });
        try {
          const page = await context.newPage();
          const q = `?lang=${lang}`;
          const scenes: [string, () => Promise<unknown>][] = [
            ['list', () => page.goto(`${base()}/members${q}`)],
            [
              'invite-errors',
              async () => {
                await page.goto(`${base()}/members/invite${q}`);
                await page.locator('#field-email').fill('not-an-address');
                await page.locator('form[action*="/members/invite"] button[type=submit]').click();
                await page.locator('#field-email-error').waitFor();
              },
            ],
            ['member', () => page.goto(`${base()}/members/${member.userId}${q}`)],
            ['remove-confirm', () => page.goto(`${base()}/members/${member.userId}/remove${q}`)],
            ['reset-confirm', () => page.goto(`${base()}/members/${member.userId}/two-factor/reset${q}`)],
          ];
          for (const [scene, visit] of scenes) {
            await visit();
            await shot(page, `${scene}-${lang}-${width}`);
            for (const v of axeSummary(await runAxe(page))) problems.push(`${scene} ${lang} ${width}: ${v}`);
            for (const e of await widerThanScreen(page)) problems.push(`${scene} ${lang} ${width}: wider than the screen: ${e}`);
            // Keyboard alone reaches every link, button and field (once, on the desktop in Dutch).
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
