// Login CSRF in a real browser: a page on another origin posts a login link of the attacker's
// choosing to Vervolg in the visitor's Chromium. Vervolg refuses it with a readable page and sets
// no session; the visitor's own click on Vervolg's page still signs in (the browser sends our
// origin, because the pages ask for Referrer-Policy strict-origin).
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { sql } from 'kysely';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginLink } from '../../src/modules/identity/service.js';
import { inAppTransaction } from '../../src/platform/db/database.js';
import type { World } from '../support/world.js';
import { launchChromium, serveWorld } from '../support/browser.js';

let w: World;
let server: ServerType;
let origin: string;
/** The attacker's site: another origin, serving a form that posts to Vervolg. */
let foreign: Server;
let foreignOrigin: string;
let browser: Browser;
let visitor: BrowserContext;

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());

  foreign = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const token = url.searchParams.get('token') ?? '';
    // The attacker may also hide its origin (no-referrer makes the browser send Origin: null).
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Referrer-Policy': url.searchParams.get('policy') ?? 'strict-origin-when-cross-origin' });
    res.end(`<!doctype html><html lang="en"><title>Win a prize</title><form method="post" action="${origin}/login-link"><input type="hidden" name="token" value="${token}"><button>Claim your prize</button></form></html>`);
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;

  browser = await launchChromium();
  visitor = await browser.newContext({ javaScriptEnabled: false, locale: 'nl-NL' });
  visitor.setDefaultTimeout(30_000);
  visitor.setDefaultNavigationTimeout(60_000);
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (foreign ? foreign.close(() => resolve()) : resolve()));
  server?.close();
  await w?.close();
});

async function attackerLoginLink() {
  const link = await inAppTransaction(w.db, (trx) => createLoginLink(trx, w.operator.userId, origin, new Date()));
  return new URL(link).searchParams.get('token') as string;
}

describe('page forms in Chromium', () => {
  it("a foreign site's form cannot sign the visitor in; Vervolg's own page can", async () => {
    const token = await attackerLoginLink();
    const page = await visitor.newPage();
    for (const policy of ['strict-origin-when-cross-origin', 'no-referrer']) {
      await page.goto(`${foreignOrigin}/?policy=${policy}&token=${token}`);
      const [response] = await Promise.all([page.waitForNavigation(), page.click('button')]);
      expect(response?.status(), policy).toBe(403);
      expect(await page.textContent('h1')).toBe('Formulier niet verwerkt');
      expect((await visitor.cookies(origin)).filter((c) => c.name === 'vervolg_session')).toEqual([]);
    }
    const unused = await sql<{ used_at: Date | null }>`select used_at from user_tokens where purpose = 'login-link' and user_id = ${w.operator.userId}`.execute(w.db);
    expect(unused.rows).toEqual([{ used_at: null }]);

    // The same kind of link, opened on Vervolg itself and clicked: signed in.
    await page.goto(`${origin}/login-link?token=${await attackerLoginLink()}`);
    const [own] = await Promise.all([page.waitForNavigation(), page.click('button')]);
    expect(own?.status()).toBe(200);
    // Signed in, and on into the app: the operator has an authenticator app, so its code comes next.
    expect(new URL(page.url()).pathname).toBe('/app/two-factor');
    expect((await visitor.cookies(origin)).filter((c) => c.name === 'vervolg_session')).toHaveLength(1);
  });
});
