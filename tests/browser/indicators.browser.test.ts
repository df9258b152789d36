// The indicators dashboard in a real browser: headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core) signed in with the session cookie, on a phone and a desktop screen,
// in Dutch and English, with JavaScript off for the person (the page needs none) and axe-core run
// on each page for WCAG 2.0/2.1 A and AA with no violations at all.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ServerType } from '@hono/node-server';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContract } from '../support/contracts.js';
import { type TrajectoryInput, loadOutcomes } from '../support/outcomes.js';
import type { World } from '../support/world.js';
import { closeServer, launchChromium, serveWorld } from '../support/browser.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCREENS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
} as const;
const WORDS = {
  nl: { heading: 'Uitkomstindicatoren', dropout: '37,5%', tooFew: 'te weinig jongeren', met: 'gehaald', period: 'Periode', show: 'Toon cijfers' },
  en: { heading: 'Outcome indicators', dropout: '37.5%', tooFew: 'too few young people', met: 'met', period: 'Period', show: 'Show figures' },
} as const;

let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let contractId: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());

  // P1: six young people in category 45 (3 of 8 dropped out overall), two in 43 (too few).
  const contract = await insertContract(w.db, {
    tenantId: w.A.id,
    providerId: w.P1.id,
    products: [{ productCategory: '45' }, { productCategory: '43' }],
    targets: [{ indicator: 'dropout', comparator: 'at-most', value: 40, periodStart: '2025-01-01', periodEnd: '2025-12-31' }],
  });
  contractId = contract.id;
  const t = (client: string, cat: string, end: string, reason: string, score?: number): TrajectoryInput => ({
    providerId: w.P1.id,
    contractId: contract.id,
    clientReference: client,
    productCategory: cat,
    startDate: '2024-01-01',
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
    t('d2', '43', '2025-04-10', '32'),
  ]);

  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

async function signedIn(screen: keyof typeof SCREENS, options: { javaScript: boolean; token?: string }) {
  const context = await browser.newContext({ ...SCREENS[screen], javaScriptEnabled: options.javaScript, bypassCSP: options.javaScript, locale: 'nl-NL' });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  contexts.push(context);
  if (options.token) await context.addCookies([{ name: 'vervolg_session', value: options.token, url: origin, httpOnly: true, sameSite: 'Lax' }]);
  return context;
}

async function runAxe(page: Page): Promise<AxeResults> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    }),
  );
}

const dashboard = (lang: 'nl' | 'en', period = '2025-H1') => `${origin}/app/municipalities/${w.A.id}/indicators?period=${period}&asOf=2026-06-01&lang=${lang}`;

describe('indicators dashboard in Chromium', () => {
  for (const screen of ['phone', 'desktop'] as const) {
    for (const lang of ['nl', 'en'] as const) {
      it(`shows the figures on a ${screen} in ${lang}, with no WCAG A/AA violations`, async () => {
        const person = await signedIn(screen, { javaScript: false, token: w.A.people.analyst.token });
        const page = await person.newPage();
        const response = await page.goto(dashboard(lang));
        expect(response?.status()).toBe(200);
        const s = WORDS[lang];
        expect(await page.locator('h1').textContent()).toContain(s.heading);
        // Fifteen charts, each an image with a title and a description, and fifteen tables.
        expect(await page.locator('svg[role="img"]').count()).toBe(15);
        expect(await page.locator('section.fig > section.scroll > table').count()).toBe(15);
        const dropout = page.locator('section.fig', { has: page.locator('h2#ind-dropout-h') });
        const row = dropout.locator(`tr[data-provider="${w.P1.id}"]`);
        await expect.poll(() => row.locator('td').first().textContent()).toBe(s.dropout);
        expect(await row.locator('td').nth(3).textContent()).toContain(s.met);
        // The target beside the figure links to the contract it is agreed in.
        expect(await row.locator('td').nth(2).locator('a').getAttribute('href')).toBe(`/app/municipalities/${w.A.id}/contracts/${contractId}?lang=${lang}`);
        // Satisfaction of category 43 (two young people) is suppressed.
        const satisfaction = page.locator('section.fig', { has: page.locator('h2#ind-satisfaction-h') });
        await satisfaction.locator('summary').click();
        expect(await satisfaction.locator('tr', { hasText: '43' }).textContent()).toContain(s.tooFew);
        // The chart's accessible name is the indicator, its description repeats the figures.
        const chart = dropout.locator('svg[role="img"]');
        expect(await chart.getAttribute('aria-labelledby')).toBe('ind-dropout-title ind-dropout-desc');
        expect(await dropout.locator('desc').textContent()).toContain(s.dropout);

        // The period picker is a plain GET form.
        await page.getByLabel(s.period).selectOption('2025');
        await page.getByRole('button', { name: s.show }).click();
        await page.waitForURL(/period=2025(&|$)/);
        expect(await page.locator('select#period').inputValue()).toBe('2025');

        // axe needs script: the same page in a context with JavaScript on.
        const checker = await signedIn(screen, { javaScript: true, token: w.A.people.analyst.token });
        const checkPage = await checker.newPage();
        await checkPage.goto(dashboard(lang));
        await checkPage.locator('details').first().evaluate((d) => d.setAttribute('open', ''));
        const results = await runAxe(checkPage);
        expect(results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      });
    }
  }

  it('asks a person without a session to sign in, also readable and accessible', async () => {
    const context = await signedIn('phone', { javaScript: true });
    const page = await context.newPage();
    const response = await page.goto(dashboard('nl'));
    // The staff app's sign-in, coming back to the dashboard afterwards.
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/app/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe(new URL(dashboard('nl')).pathname);
    expect((await runAxe(page)).violations).toEqual([]);
  });
});
