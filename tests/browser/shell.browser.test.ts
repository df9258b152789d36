// The NL Design System shell in Chromium: the signing page, a form that came back with errors (the
// invitation page) and the indicators dashboard, with the neutral default theme and with a
// municipality's own theme and logo, in Dutch and English, at 360 px and 1280 px wide, JavaScript
// off: axe-core finds no WCAG 2.0/2.1 A or AA violation. Screenshots go to SHOTS_DIR when set.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import type { ServerType } from '@hono/node-server';
import type { AxeResults } from 'axe-core';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { deliverDue } from '../../src/platform/outbox.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { closeServer, launchChromium, serveWorld } from '../support/browser.js';
import type { World } from '../support/world.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = process.env.SHOTS_DIR;
const WIDTHS = [360, 1280] as const;

let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let signToken: string;
let inviteToken: string;

/** A small PNG logo: a coloured band with a lighter square, made here (no file to ship). */
function pngLogo(width = 160, height = 48): string {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) {
      const inSquare = x >= 8 && x < 40 && y >= 8 && y < 40;
      rows.push(...(inSquare ? [255, 204, 0] : x < 48 ? [0, 104, 158] : [0, 84, 128]));
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]).toString('base64');
}

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  const { templateVersionId } = await publishedTemplate(w, adminOf(w.A));
  const mobile = '+31612347701';
  const a = (
    await w.call(agreements.createAgreement, {
      token: w.A.people['case-manager'].token,
      params: { municipalityId: w.A.id },
      json: { templateVersionId, youngPerson: { name: 'Sam de Vries', dateOfBirth: '2009-05-14', mobile }, departureDate: '2027-02-01', aftercareStartDate: '2026-12-01', plan: { goals: [{ domain: 'housing', term: 'long', description: 'Zelfstandig wonen', targetDate: '2027-09-01' }] } },
    })
  ).json(201);
  const sent = await w.call(agreements.send, { token: w.A.people['case-manager'].token, params: { municipalityId: w.A.id, agreementId: a.id }, headers: { 'If-Match': '"r1"' }, json: { order: 'sequential', signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: 'officier.shell@alpha.example' }] } });
  expect(sent.status).toBe(200);
  const sms = (await sql<{ body: string }>`select body from outbox where recipient = ${mobile} order by created_at, id`.execute(w.db)).rows[0]?.body as string;
  signToken = /\/sign\?t=([a-z2-7]{32})/.exec(sms)?.[1] as string;
  const email = 'new.colleague@alpha.example';
  await w.request('POST', `/v1/municipalities/${w.A.id}/invitations`, { token: w.A.people.admin.token, body: { email, roles: ['analyst'] } });
  const before = w.transport.sent.length;
  await deliverDue(w.db, w.transport);
  inviteToken = /token=([a-z2-7]+)/.exec(w.transport.sent.slice(before).find((m) => m.recipient === email)?.body ?? '')?.[1] as string;
  expect(inviteToken).toBeTruthy();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

async function runAxe(page: Page): Promise<AxeResults> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    }),
  );
}

type Scene = 'signing' | 'invitation-errors' | 'dashboard';

async function visit(page: Page, scene: Scene, lang: 'nl' | 'en') {
  if (scene === 'signing') {
    await page.goto(`${origin}/sign?t=${signToken}&lang=${lang}`);
  } else if (scene === 'invitation-errors') {
    await page.goto(`${origin}/accept-invitation?token=${inviteToken}&lang=${lang}`);
    await page.fill('#field-name', 'Noor Jansen');
    await page.fill('#field-password', 'kort');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await expect(page.locator('#field-password-error').textContent()).resolves.toMatch(lang === 'nl' ? /minstens 12 tekens/ : /at least 12 characters/);
    expect(await page.inputValue('#field-name')).toBe('Noor Jansen');
    expect(await page.inputValue('#field-password')).toBe('');
  } else {
    await page.goto(`${origin}/app/municipalities/${w.A.id}/indicators?lang=${lang}`);
  }
}

async function check(themeName: 'default' | 'custom') {
  for (const width of WIDTHS) {
    for (const lang of ['nl', 'en'] as const) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true, locale: lang === 'nl' ? 'nl-NL' : 'en-GB' });
      await context.addCookies([{ name: 'vervolg_session', value: w.A.people.analyst.token, url: origin, httpOnly: true, sameSite: 'Lax' }]);
      try {
        for (const scene of ['signing', 'invitation-errors', 'dashboard'] as const) {
          const page = await context.newPage();
          const failed: string[] = [];
          page.on('response', (r) => {
            if (r.status() >= 400 && !r.url().includes('/accept-invitation')) failed.push(`${r.status()} ${r.url()}`);
          });
          await visit(page, scene, lang);
          // The stylesheet applied: the primary button has the theme's colour, not the browser's grey.
          const styled = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
          expect(styled).toContain('Noto Sans');
          if (SHOTS) await page.screenshot({ path: `${SHOTS}/${scene}-${themeName}-${lang}-${width}.png`, fullPage: true });
          // Nothing overflows sideways at 360 px (a wide table scrolls inside its own box).
          const wider = await page.evaluate(() =>
            [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll, .vv-table-wrap'))
              .map((e) => `${e.tagName.toLowerCase()}.${e.className}#${e.id} ${Math.round(e.getBoundingClientRect().right)}`),
          );
          expect(wider, `${scene} ${lang} ${width}`).toEqual([]);
          const results = await runAxe(page);
          expect(results.violations.map((v) => `${scene} ${themeName} ${lang} ${width}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
          expect(failed).toEqual([]);
          await page.close();
        }
      } finally {
        await context.close();
      }
    }
  }
}

describe('the shell in Chromium', () => {
  it('default theme: signing page, a form with errors and the dashboard pass axe in nl and en at 360 and 1280 px', async () => {
    await check('default');
  }, 240_000);

  it("a municipality's theme and logo: the same pages pass axe, and show the theme", async () => {
    const admin = w.A.people.admin.token;
    const put = await w.request('PUT', `/v1/municipalities/${w.A.id}/theme`, { token: admin, body: { primaryColor: '#00689e', primaryTextColor: '#ffffff', linkColor: '#00689e', focusColor: '#1a1a1a', headerBackgroundColor: '#00547f', headerTextColor: '#ffffff' } });
    expect(put.status, await put.clone().text()).toBe(200);
    const logo = await w.request('PUT', `/v1/municipalities/${w.A.id}/theme/logo`, { token: admin, body: { contentType: 'image/png', data: pngLogo() } });
    expect(logo.status, await logo.clone().text()).toBe(200);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${origin}/sign?t=${signToken}`);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.vv-header') as Element).backgroundColor)).toBe('rgb(0, 84, 127)');
    expect(await page.evaluate(() => (document.querySelector('.vv-brand img') as HTMLImageElement).naturalWidth)).toBe(160);
    await context.close();
    await check('custom');
  }, 240_000);
});
