// The provider portal in Chromium (issue 14): a provider's admin signs in with password and a code
// from the authenticator app, lands in the portal (the provider's name, its menu, no municipality's
// theme), reads the contracts and one contract's terms, looks at the provider's own indicators,
// creates an API key (seen once: on the answer to the form, never again) and revokes it after a
// confirmation, and opens the staff pages. JavaScript off and on, Dutch and English, 360 and 1280
// px: axe-core on every page and state with script on, nothing wider than the screen.
// SHOTS_DIR=/some/dir saves a screenshot of every state.
import type { ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld } from '../support/browser.js';
import { insertContract } from '../support/contracts.js';
import { loadOutcomes } from '../support/outcomes.js';
import { PASSWORD, type World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;

let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  browser = await launchChromium();
  const contract = await insertContract(w.db, {
    tenantId: w.A.id,
    providerId: w.P1.id,
    reference: 'P1-ALPHA-2025',
    startDate: '2025-01-01',
    endDate: '2027-12-31',
    products: [{ productCategory: '45', productCode: '45A11' }, { productCategory: '43' }],
    targets: [{ indicator: 'dropout', comparator: 'at-most', value: 25, periodStart: '2025-01-01', periodEnd: '2025-12-31' }],
  });
  await insertContract(w.db, { tenantId: w.B.id, providerId: w.P2.id, reference: 'P2-BETA-2025' });
  const ended = (i: number, category: string, dropout: boolean) => ({
    providerId: w.P1.id,
    contractId: contract.id,
    clientReference: `client-${category}-${i}`,
    productCategory: category,
    startDate: '2024-06-01',
    endDate: '2025-03-15',
    endReason: dropout ? '32' : '31',
  });
  await loadOutcomes(w.db, w.A.id, [...Array.from({ length: 12 }, (_, i) => ended(i, '45', i < 4)), ended(0, '43', false), ended(1, '43', true)]);
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

type Run = { lang: 'nl' | 'en'; js: boolean; width: 360 | 1280 };

const T = {
  nl: {
    email: 'E-mailadres', pw: 'Wachtwoord', signIn: 'Inloggen', code: 'Code van 6 cijfers', verify: 'Bevestigen',
    contracts: 'Contracten', indicators: 'Indicatoren', keys: 'API-sleutels', members: 'Medewerkers', create: 'Nieuwe sleutel maken',
    name: 'Naam', make: 'Sleutel maken', scope: 'Uitkomsten aanleveren', once: 'Kopieer de sleutel nu', back: 'Terug naar de API-sleutels',
    revokeYes: 'Ja, intrekken', revoked: 'De sleutel is ingetrokken', invite: 'Medewerker uitnodigen', show: 'Toon cijfers', noScope: 'Kies minstens één recht.',
  },
  en: {
    email: 'E-mail address', pw: 'Password', signIn: 'Sign in', code: '6-digit code', verify: 'Verify',
    contracts: 'Contracts', indicators: 'Indicators', keys: 'API keys', members: 'Staff', create: 'Create a new key',
    name: 'Name', make: 'Create key', scope: 'Report outcomes', once: 'Copy the key now', back: 'Back to the API keys',
    revokeYes: 'Yes, revoke', revoked: 'The key has been revoked', invite: 'Invite a colleague', show: 'Show figures', noScope: 'Choose at least one right.',
  },
} as const;

const RUNS: Run[] = [
  { lang: 'nl', js: false, width: 360 },
  { lang: 'en', js: false, width: 1280 },
  { lang: 'nl', js: true, width: 360 },
  { lang: 'nl', js: true, width: 1280 },
  { lang: 'en', js: true, width: 360 },
  { lang: 'en', js: true, width: 1280 },
];

async function check(page: Page, run: Run, state: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${run.lang}-${run.width}-${run.js ? 'js' : 'nojs'}-${state}.png`, fullPage: true });
  // Nothing wider than the screen: a wide table scrolls inside its own box.
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.page, `${state}: page wider than the screen`).toBeLessThanOrEqual(widths.screen);
  if (!run.js) return;
  expect(axeSummary(await runAxe(page)), `axe on ${run.lang} ${run.width} ${state}`).toEqual([]);
}

async function submit(page: Page, button: string) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button, exact: true }).click()]);
}

async function follow(page: Page, name: string, scope = 'body') {
  await Promise.all([page.waitForNavigation(), page.locator(scope).getByRole('link', { name, exact: true }).first().click()]);
}

describe('the provider portal in Chromium', () => {
  for (const run of RUNS) {
    it(`${run.lang}, JavaScript ${run.js ? 'on' : 'off'}, ${run.width} px: sign in with a second factor → contracts → indicators → a new API key once → revoke → staff`, async () => {
      const s = T[run.lang];
      const admin = await w.person(`p1-portal-${run.lang}-${run.width}-${run.js ? 'js' : 'nojs'}`, { providers: [{ id: w.P1.id, roles: ['admin'] }] });
      const context = await browser.newContext({ viewport: { width: run.width, height: 900 }, javaScriptEnabled: run.js, locale: run.lang === 'nl' ? 'nl-NL' : 'en-GB' });
      context.setDefaultTimeout(30_000);
      contexts.push(context);
      const page = await context.newPage();
      const base = `/app/providers/${w.P1.id}`;

      // Sign in: password, then the code from the authenticator app.
      await page.goto(`${origin}/app/sign-in?lang=${run.lang}`);
      await page.getByLabel(s.email).fill(admin.email);
      await page.getByLabel(s.pw).fill(PASSWORD);
      await submit(page, s.signIn);
      expect(new URL(page.url()).pathname).toBe('/app/two-factor');
      await page.getByLabel(s.code, { exact: true }).fill(w.totp(admin));
      await submit(page, s.verify);

      // Landed in the portal: the contracts, under the provider's name, without a municipality's theme.
      expect(new URL(page.url()).pathname).toBe(`${base}/contracts`);
      expect(await page.locator('.vv-brand').textContent()).toBe('Zorgaanbieder P1');
      expect(await page.locator('link[href*="/assets/themes/"]').count()).toBe(0);
      const main = page.locator('main');
      expect(await main.textContent()).toContain('P1-ALPHA-2025');
      expect(await main.textContent()).not.toContain('P2-BETA-2025');
      await check(page, run, '01-contracts');
      await follow(page, 'P1-ALPHA-2025', 'main');
      expect(await main.textContent()).toContain('€ 95,00');
      await check(page, run, '02-contract');

      // The provider's own indicators in Alpha; small numbers suppressed as on the municipal dashboard.
      await follow(page, s.indicators, 'header nav');
      await page.locator('#period').selectOption('2025-H1');
      await submit(page, s.show);
      expect(new URL(page.url()).searchParams.get('period')).toBe('2025-H1');
      expect(await main.textContent()).toContain(run.lang === 'nl' ? 'te weinig jongeren' : 'too few young people');
      await check(page, run, '03-indicators');

      // API keys: the list, the form (refused first), the key once.
      await follow(page, s.keys, 'header nav');
      await check(page, run, '04-api-keys');
      await follow(page, s.create, 'main');
      await check(page, run, '05-api-key-form');
      const keyName = `Koppeling ${run.lang} ${run.width} ${run.js ? 'js' : 'nojs'}`;
      await page.getByLabel(s.name, { exact: true }).fill(keyName);
      await submit(page, s.make);
      expect(await main.textContent()).toContain(s.noScope);
      expect(await page.getByLabel(s.name, { exact: true }).inputValue()).toBe(keyName);
      await check(page, run, '06-api-key-form-errors');
      await page.getByLabel(s.scope, { exact: true }).check();
      await submit(page, s.make);
      expect(await main.textContent()).toContain(s.once);
      const key = await page.locator('#new-api-key').inputValue();
      expect(key).toMatch(/^vvk_/);
      // Never in a URL.
      expect(page.url()).not.toContain(key);
      await check(page, run, '07-api-key-once');
      await follow(page, s.back, 'main');
      expect(await page.content()).not.toContain(key);
      const row = main.locator('tr', { hasText: keyName });
      expect(await row.count()).toBe(1);
      await Promise.all([page.waitForNavigation(), row.getByRole('link').click()]);
      await check(page, run, '08-api-key-revoke');
      await submit(page, s.revokeYes);
      expect(await main.textContent()).toContain(s.revoked);
      expect((await w.request('GET', `/v1/providers/${w.P1.id}/contracts`, { token: key })).status).toBe(401);
      await check(page, run, '09-api-key-revoked');

      // The staff.
      await follow(page, s.members, 'header nav');
      expect(await main.textContent()).toContain('P1-staff');
      await check(page, run, '10-members');
      await follow(page, s.invite, 'main');
      await check(page, run, '11-invite');
      await page.close();
    }, 240_000);
  }
});
