// /v1/docs in a real browser with no internet: headless Chromium where every request to another
// origin is refused. The page must still render the operations (Swagger UI served by Vervolg
// itself), run under its CSP without violations, and "Try it out" must call the server the page
// was opened on.
import type { ServerType } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../support/world.js';
import { closeServer, launchChromium, serveWorld } from '../support/browser.js';

let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  // PUBLIC_URL elsewhere on purpose: the page must follow the origin it was opened on.
  ({ server, origin, world: w } = await serveWorld({ env: { PUBLIC_URL: 'https://vervolg.test' } }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

describe('/v1/docs offline', () => {
  it('renders the reference from same-origin assets only, and Try it out calls this server', async () => {
    const context = await browser.newContext();
    const requested: string[] = [];
    const refused: string[] = [];
    // No internet: anything not to our own origin fails as it would offline.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requested.push(url);
      if (url.startsWith(`${origin}/`) || url.startsWith('data:')) return route.continue();
      refused.push(url);
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${origin}/v1/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(50);
    expect(await page.locator('.info .title').textContent()).toContain('Vervolg API');
    // The server Try it out uses is this one, not PUBLIC_URL or production.
    expect(await page.locator('.servers select').inputValue()).toBe(`${origin}/v1`);

    const health = page.locator('#operations-platform-getHealth');
    await health.locator('.opblock-summary').click();
    await health.getByRole('button', { name: 'Try it out' }).click();
    const answer = page.waitForResponse((r) => r.url() === `${origin}/v1/health`);
    await health.getByRole('button', { name: 'Execute' }).click();
    expect((await answer).status()).toBe(200);
    await expect.poll(() => health.locator('.live-responses-table tbody .response-col_status').first().textContent()).toContain('200');

    expect(refused).toEqual([]);
    expect(requested.every((u) => u.startsWith(`${origin}/`) || u.startsWith('data:'))).toBe(true);
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    await context.close();
  });
});
