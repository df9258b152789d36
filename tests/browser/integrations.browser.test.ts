// The integration pages in Chromium, as a municipality's admin uses them, JavaScript off: register a
// webhook by clicking and typing (the empty form comes back with its errors first), see the secret
// once, replace it, follow the message log with a test message and send it again; then search the
// processing log and download it as CSV. Then axe-core on every state in Dutch and English at 360
// and 1280 px, with nothing wider than the screen. Screenshots go to SHOTS_DIR when set.
import { mkdirSync, readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhooks } from '../../src/platform/webhooks.js';
import { guardedWebhookFetch } from '../../src/platform/webhooks/node-fetch.js';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext, unreachableByTab } from '../support/browser.js';
import type { World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
const LOCAL = { allowPrivateTargets: true, allowHttp: true };

let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let receiver: Server;
let receiverUrl: string;
let received = 0;

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } }));
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/vervolg/hooks`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  receiver?.closeAllConnections();
  receiver?.close();
  await closeServer(server);
  await w?.close();
});

const settings = () => `${origin}/app/municipalities/${w.A.id}/settings`;
const deliver = () => deliverWebhooks(w.db, guardedWebhookFetch(LOCAL), new Date(), { targets: LOCAL });

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

let endpointId = '';

describe('integration pages in Chromium', () => {
  it('registers a webhook with JavaScript off, shows the secret once, rotates it, follows the message log', async () => {
    const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: false, width: 1280 });
    try {
      const page = await context.newPage();
      await page.goto(settings());
      await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
      await expect.poll(() => page.url()).toBe(`${settings()}/webhooks`);
      await page.getByRole('link', { name: 'Webhook toevoegen' }).click();
      // Sent empty: both errors, beside their fields and in the summary.
      await page.getByRole('button', { name: 'Webhook toevoegen' }).click();
      expect(await page.locator('#field-url-error').textContent()).toBe('Vul het webadres in.');
      expect(await page.locator('#field-events-error').textContent()).toBe('Kies ten minste één gebeurtenis.');
      expect(await page.locator('.vv-error-summary').textContent()).toContain('Er zijn 2 fouten in het formulier');
      await page.getByLabel('Webadres (URL)').fill(receiverUrl);
      await page.getByLabel('Omschrijving (niet verplicht)').fill('Zaaksysteem');
      await page.getByLabel('Toekomstafspraken door iedereen ondertekend').check();
      await page.getByRole('button', { name: 'Webhook toevoegen' }).click();
      await expect.poll(() => page.url()).toMatch(/\/settings\/webhooks\/[0-9a-f-]{36}\/secret$/);
      endpointId = /webhooks\/([0-9a-f-]{36})\/secret$/.exec(page.url())?.[1] as string;
      const secret = await page.locator('#field-secret').inputValue();
      expect(secret).toMatch(/^whsec_[a-z2-7]{52}$/);
      expect(await page.getByRole('alert').first().textContent()).toContain('Kopieer het geheim nu. Het wordt hierna nooit meer getoond.');
      await shot(page, 'flow-secret');
      // Reloading (or coming back) shows it no more.
      await page.reload();
      expect(await page.locator('#field-secret').count()).toBe(0);
      expect(await page.content()).not.toContain(secret);

      // Replace the secret: a confirmation step, then the new one, once.
      await page.getByRole('link', { name: 'Naar de webhook' }).click();
      await page.getByRole('link', { name: 'Geheim vervangen' }).click();
      await page.getByRole('button', { name: 'Ja, vervang het geheim' }).click();
      const fresh = await page.locator('#field-secret').inputValue();
      expect(fresh).toMatch(/^whsec_/);
      expect(fresh).not.toBe(secret);

      // The message log: a test message, delivered, then sent again.
      await page.getByRole('link', { name: 'Naar de webhook' }).click();
      await page.getByRole('link', { name: 'Berichtenlog' }).click();
      await page.getByRole('button', { name: 'Testbericht versturen' }).click();
      expect(await page.getByRole('status').textContent()).toContain('Het testbericht staat klaar');
      await deliver();
      await page.reload();
      expect(await page.locator('#deliveries').textContent()).toContain('Afgeleverd');
      await page.getByRole('button', { name: /^Opnieuw versturen/ }).first().click();
      expect(await page.getByRole('status').textContent()).toContain('Het bericht staat opnieuw klaar');
      await deliver();
      expect(received).toBe(2);
      await page.reload();
      expect(await page.locator('#deliveries').textContent()).toContain('(opnieuw verstuurd)');
      await shot(page, 'flow-deliveries');
    } finally {
      await context.close();
    }
  });

  it('searches the processing log and downloads the same search as CSV, JavaScript off', async () => {
    const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: false, width: 1280 });
    try {
      const page = await context.newPage();
      await page.goto(settings());
      await page.getByRole('link', { name: 'Verwerkingslog' }).click();
      await page.getByLabel('Medewerker').selectOption(w.A.people.admin.userId);
      await page.getByLabel('Handeling', { exact: true }).fill('rotateWebhookSecret');
      await page.getByRole('button', { name: 'Zoeken' }).click();
      // The person goes into the URL as their user id, never as a name.
      expect(page.url()).toContain(`actorId=${w.A.people.admin.userId}`);
      const rows = page.locator('#processing-log tbody tr');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain('rotateWebhookSecret');
      await shot(page, 'flow-log');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download als CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^verwerkingslog-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
      const lines = csv.trimEnd().split('\r\n');
      expect(lines[0]).toContain('Tijdstip (Nederlandse tijd);Tijdstip (UTC);Wie');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(';rotateWebhookSecret;create;ok;webhookEndpoint;');
    } finally {
      await context.close();
    }
  });

  it('axe finds nothing on any state of the pages (nl, en; 360, 1280 px); nothing is wider than the screen', async () => {
    const problems: string[] = [];
    // On its own (-t), this test makes the endpoint the first one would have made.
    if (!endpointId) {
      const res = await w.request('POST', `/v1/municipalities/${w.A.id}/webhook-endpoints`, { token: w.A.people.admin.token, body: { url: receiverUrl, events: ['agreement.signed'] } });
      endpointId = ((await res.json()) as { id: string }).id;
    }
    for (const width of [360, 1280] as const) {
      for (const lang of ['nl', 'en'] as const) {
        const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: true, width, lang });
        try {
          const page = await context.newPage();
          const q = `?lang=${lang}`;
          const hooks = `${settings()}/webhooks`;
          const endpoint = `${hooks}/${endpointId}`;
          const scenes: [string, () => Promise<unknown>][] = [
            ['settings', () => page.goto(`${settings()}${q}`)],
            ['webhooks', () => page.goto(`${hooks}${q}`)],
            [
              'new-errors',
              async () => {
                await page.goto(`${hooks}/new${q}`);
                await page.locator('#field-url').fill('ftp://koppeling');
                await page.locator('form[action*="/webhooks/new"] button[type=submit]').click();
                await page.locator('#field-url-error').waitFor();
              },
            ],
            ['endpoint', () => page.goto(`${endpoint}${q}`)],
            ['rotate-confirm', () => page.goto(`${endpoint}/rotate${q}`)],
            [
              'secret-shown',
              async () => {
                await page.locator('form[action*="/rotate"] button[type=submit]').click();
                await page.locator('#field-secret').waitFor();
              },
            ],
            ['secret-gone', () => page.reload()],
            ['delete-confirm', () => page.goto(`${endpoint}/delete${q}`)],
            ['deliveries', () => page.goto(`${endpoint}/deliveries${q}`)],
            ['log', () => page.goto(`${settings()}/processing-log${q}`)],
            ['log-errors', () => page.goto(`${settings()}/processing-log${q}&from=gisteren&to=1-1-2020`)],
          ];
          for (const [scene, visit] of scenes) {
            await visit();
            await shot(page, `${scene}-${lang}-${width}`);
            for (const v of axeSummary(await runAxe(page))) problems.push(`${scene} ${lang} ${width}: ${v}`);
            for (const e of await widerThanScreen(page)) problems.push(`${scene} ${lang} ${width}: wider than the screen: ${e}`);
            if (width === 1280 && lang === 'nl') for (const e of await unreachableByTab(page, undefined, 120)) problems.push(`${scene}: not reachable by Tab: ${e}`);
          }
        } finally {
          await context.close();
        }
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
