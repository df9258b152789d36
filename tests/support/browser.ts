// What every browser test shares: Debian's Chromium (CHROMIUM_PATH to use another), started the
// same way, the test world served over HTTP, and a clean stop of that server.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { AxeResults } from 'axe-core';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { type World, createWorld } from './world.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium for a 2-core CI machine; playwright-core gives it a fresh, temporary profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 120_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Close the server without waiting for the browser's keep-alive connections to time out. */
export async function closeServer(server: ServerType | undefined): Promise<void> {
  if (!server) return;
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  await new Promise((resolve) => server.close(resolve));
}

/**
 * The test world served over real HTTP on a free port, its PUBLIC_URL the server's own origin
 * (unless the test names another), so links and form origins are the ones the browser uses. The
 * server answers 503 for the moment between listening and the world being ready.
 */
export async function serveWorld(options: { now?: () => Date; env?: Record<string, string> } = {}): Promise<{ server: ServerType; origin: string; world: World }> {
  let world: World | undefined;
  let server: ServerType | undefined;
  const address = await new Promise<AddressInfo>((resolve) => {
    server = serve({ hostname: '127.0.0.1', port: 0, fetch: (request, env) => (world ? world.app.fetch(request, env) : new Response('starting', { status: 503 })) }, resolve);
  });
  const origin = `http://127.0.0.1:${address.port}`;
  world = await createWorld({ ...options, env: { PUBLIC_URL: origin, ...options.env } });
  return { server: server as ServerType, origin, world };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on the page as it is now: WCAG 2.0/2.1 A and AA, violations only. */
export async function runAxe(page: Page): Promise<AxeResults['violations']> {
  // Evaluated through the DevTools protocol, not as a <script>: our CSP stays on, as a person has it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    }),
  );
  return results.violations;
}

/** Violations as short lines for an expectation: `expect(axeSummary(v)).toEqual([])` shows what failed. */
export const axeSummary = (violations: AxeResults['violations']) => violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

/**
 * The interactive elements a keyboard cannot reach: presses Tab through the page (up to `limit`
 * times) and returns the ones (matching `selector`) focus never landed on. Empty = all reachable.
 */
export async function unreachableByTab(page: Page, selector = 'main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary', limit = 400): Promise<string[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    (window as unknown as { __reached: Set<Element> }).__reached = new Set();
    document.addEventListener('focusin', (e) => (window as unknown as { __reached: Set<Element> }).__reached.add(e.target as Element));
  });
  const missing = () =>
    page.evaluate((sel) => {
      const reached = (window as unknown as { __reached: Set<Element> }).__reached;
      return [...document.querySelectorAll(sel)]
        // A radio group is one Tab stop (arrow keys move within it): reached when any of its radios was.
        .filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio' && [...reached].some((r) => r instanceof HTMLInputElement && r.type === 'radio' && r.name === el.name && r.form === el.form)))
        // tabindex=-1 takes a control out of the Tab order on purpose (e.g. the hidden button Enter presses, with a visible twin).
        .filter((el) => (el as HTMLElement).offsetParent !== null && el.getAttribute('tabindex') !== '-1' && !(el as HTMLInputElement).disabled && !el.closest('details:not([open])') && !reached.has(el))
        .map((el) => el.outerHTML.slice(0, 120));
    }, selector);
  // Tab on in steps of 20, stopping as soon as every control was reached (a long page needs more presses than a short one).
  for (let pressed = 0; pressed < limit; pressed += 20) {
    for (let i = 0; i < 20; i++) await page.keyboard.press('Tab');
    if ((await missing()).length === 0) return [];
  }
  return missing();
}

/** A browser context with a session cookie already set (a person who signed in), JavaScript on or off. */
export async function signedInContext(browser: Browser, origin: string, token: string, options: { javaScript?: boolean; width?: number; lang?: 'nl' | 'en' } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, javaScriptEnabled: options.javaScript ?? true, locale: options.lang === 'en' ? 'en-GB' : 'nl-NL' });
  await context.addCookies([{ name: 'vervolg_session', value: token, url: origin, httpOnly: true, sameSite: 'Lax' }]);
  return context;
}
