// An agreement's life in Chromium: send for signing by clicking (JavaScript off, then on), a new
// link, the signers block picking up a signature made meanwhile (JavaScript on, live), end with a
// JZ588 reason; axe-core with no WCAG A/AA violation on the agreement page in several states, the
// send form with errors, the end form and the timeline, nl and en, at 360 and 1280 px.
// Screenshots go to SHOTS_DIR when set.
import { mkdirSync } from 'node:fs';
import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext } from '../support/browser.js';
import { oneTimeCode, outboxTo, signingLinkToken } from '../support/signing.js';
import { type World, connectionFrom } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let templateVersionId: string;
const cm = () => w.A.people['case-manager'];
const base = (id: string) => `${origin}/app/municipalities/${w.A.id}/agreements/${id}`;

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  ({ templateVersionId } = await publishedTemplate(w, adminOf(w.A)));
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

let counter = 0;
async function draft() {
  const n = ++counter;
  const mobile = `+3161288${String(n).padStart(4, '0')}`;
  const a = (
    await w.call(agreements.createAgreement, {
      token: cm().token,
      params: { municipalityId: w.A.id },
      json: { templateVersionId, youngPerson: { name: `Yara Bakker ${n}`, dateOfBirth: '2008-03-02', mobile }, departureDate: '2027-02-01', aftercareStartDate: '2026-12-01' },
    })
  ).json(201);
  return { id: a.id, mobile, officerEmail: `officer.browser${n}@alpha.example` };
}

let ip = 0;
const signPost = (path: string, fields: Record<string, string>) =>
  w.app.request(path, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin } }, connectionFrom(`10.88.0.${++ip}`));

/** The signer behind `recipient` signs on their phone (the signing page, by HTTP). */
async function signAs(recipient: string, name: string) {
  const token = signingLinkToken((await outboxTo(w.db, recipient)).at(-1));
  await w.app.request(`/sign?t=${token}`, {}, connectionFrom(`10.88.1.${++ip}`));
  await signPost('/sign/code', { t: token });
  await signPost('/sign/verify', { t: token, code: oneTimeCode((await outboxTo(w.db, recipient)).at(-1)) });
  expect((await signPost('/sign/sign', { t: token, consent: 'yes', typedName: name })).status).toBe(200);
}

/**
 * axe and the width check need script in the page: only where JavaScript is on (axe's timers do not
 * run in a page without it). With JavaScript off, only the screenshot.
 */
async function check(page: Page, shot: string, javaScript = true) {
  if (javaScript) {
    expect(axeSummary(await runAxe(page)), shot).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${shot}: wider than the screen`).toBeLessThanOrEqual(0);
  }
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/lifecycle-${shot}.png`, fullPage: true });
}

/** Through the send form: the officer's e-mail left empty first (errors), then filled in. */
async function sendByClicking(page: Page, d: Awaited<ReturnType<typeof draft>>, shot: string | null, lang: 'nl' | 'en' = 'nl', javaScript = true) {
  const t = lang === 'nl' ? { send: 'Versturen ter ondertekening', button: 'Versturen' } : { send: 'Send for signature', button: 'Send' };
  await page.getByRole('link', { name: t.send }).click();
  await page.waitForSelector('#field-signers-1-name');
  await page.fill('#field-signers-1-name', 'Officier Browser');
  await page.fill('#field-signers-1-email', '');
  await page.getByRole('button', { name: t.button, exact: true }).click();
  await page.waitForSelector('#field-signers-1-email-error');
  expect(await page.inputValue('#field-signers-1-name')).toBe('Officier Browser');
  if (shot) await check(page, shot, javaScript);
  await page.fill('#field-signers-1-email', d.officerEmail);
  await page.getByRole('button', { name: t.button, exact: true }).click();
  await page.waitForSelector('[data-live="signers"] .vv-signer');
}

describe('an agreement in the browser', () => {
  it('JavaScript off: send by clicking (errors first), a new link, end with a JZ588 reason', async () => {
    const d = await draft();
    const context = await signedInContext(browser, origin, cm().token, { javaScript: false, width: 1280 });
    const page = await context.newPage();
    await page.goto(base(d.id));
    await check(page, 'nojs-draft-nl-1280', false);
    await sendByClicking(page, d, 'nojs-send-errors-nl-1280', 'nl', false);
    expect(await page.textContent('main')).toContain('De afspraken zijn verstuurd');
    expect(await page.locator('[data-live="signers"]').getAttribute('aria-live')).toBe('polite');
    await check(page, 'nojs-sent-nl-1280', false);
    await page.getByRole('button', { name: /Stuur een nieuwe link naar Yara Bakker/ }).click();
    await page.waitForURL(/done=reminded/);
    expect(await outboxTo(w.db, d.mobile)).toHaveLength(2);
    // The young person signs meanwhile; without JavaScript the refresh link shows it.
    await signAs(d.mobile, 'Yara Bakker');
    await page.getByRole('link', { name: 'Vernieuwen' }).click();
    expect(await page.locator('[data-signer-progress="signed"]').count()).toBe(1);
    await signAs(d.officerEmail, 'Officier Browser');
    await page.goto(base(d.id));
    expect(await page.locator('a[href$="/versions/1/document"]').count()).toBe(1);
    await check(page, 'nojs-active-nl-1280', false);
    await page.getByRole('link', { name: 'Afspraken beëindigen' }).click();
    await page.getByRole('button', { name: 'Beëindigen' }).click();
    await page.waitForSelector('#field-reason-error');
    await check(page, 'nojs-end-errors-nl-1280', false);
    await page.selectOption('#field-reason', '34');
    await page.fill('#field-note', 'Verhuisd naar een andere gemeente');
    await page.getByRole('button', { name: 'Beëindigen' }).click();
    await page.waitForURL(/done=ended/);
    expect(await page.textContent('main')).toContain('34 – Voortijdig, in overeenstemming');
    await check(page, 'nojs-ended-nl-1280', false);
    await page.getByRole('link', { name: 'Bekijk het logboek van de ondertekening' }).click();
    expect(await page.textContent('main')).toMatch(/De keten is intact: \d+ gebeurtenissen gecontroleerd/);
    await check(page, 'nojs-timeline-nl-1280', false);
    await context.close();
  }, 60_000);

  it('JavaScript on: the signers block follows a signature made meanwhile, and stops when all have signed', async () => {
    const d = await draft();
    const context = await signedInContext(browser, origin, cm().token, { javaScript: true, width: 360 });
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') cspErrors.push(m.text());
    });
    await page.goto(base(d.id));
    await sendByClicking(page, d, null);
    await check(page, 'sent-nl-360');
    const before = page.url();
    await signAs(d.mobile, 'Yara Bakker');
    // The block refreshes every 15 s while the tab is visible; a tab that becomes visible refreshes at once.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.waitForSelector('[data-live="signers"] [data-signer-progress="signed"]', { timeout: 20_000 });
    expect(page.url()).toBe(before); // no reload: only the block changed
    expect(await page.getAttribute('[data-live="signers"]', 'data-live-open')).toBe('true');
    await signAs(d.officerEmail, 'Officier Browser');
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.waitForSelector('[data-live="signers"][data-live-open="false"]', { timeout: 20_000 });
    expect(await page.locator('[data-live="signers"] [data-signer-progress="signed"]').count()).toBe(2);
    expect(cspErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await context.close();
  }, 60_000);

  it('axe in English and at 360 px: the agreement page out for signature and in force, the send form with errors, the end form, the timeline', async () => {
    for (const [lang, width] of [
      ['nl', 1280],
      ['en', 360],
      ['en', 1280],
      ['nl', 360],
    ] as const) {
      const d = await draft();
      const context = await signedInContext(browser, origin, cm().token, { javaScript: true, width, lang });
      const page = await context.newPage();
      await page.goto(`${base(d.id)}?lang=${lang}`);
      await check(page, `draft-${lang}-${width}`);
      await sendByClicking(page, d, `send-errors-${lang}-${width}`, lang);
      await check(page, `sent-${lang}-${width}`);
      await signAs(d.mobile, 'Yara Bakker');
      await signAs(d.officerEmail, 'Officier Browser');
      await page.goto(`${base(d.id)}?lang=${lang}`);
      await check(page, `active-${lang}-${width}`);
      await page.goto(`${base(d.id)}/end?lang=${lang}`);
      await check(page, `end-${lang}-${width}`);
      const endButton = lang === 'nl' ? 'Beëindigen' : 'End';
      await page.getByRole('button', { name: endButton, exact: true }).click();
      await page.waitForSelector('#field-reason-error');
      await check(page, `end-errors-${lang}-${width}`);
      await page.selectOption('#field-reason', '31');
      await page.getByRole('button', { name: endButton, exact: true }).click();
      await page.waitForURL(/done=ended/);
      await check(page, `ended-${lang}-${width}`);
      await page.goto(`${base(d.id)}/timeline?lang=${lang}`);
      await check(page, `timeline-${lang}-${width}`);
      await context.close();
    }
  }, 150_000);
});
