// The staff app's way in, by clicking and typing in Chromium, with JavaScript off and on, Dutch
// and English, on a phone and a desktop: an invited admin accepts and chooses a password, sets up
// the authenticator app reading the key from the page, sees the recovery codes once, lands in the
// app, signs out and signs in again with password and code. Errors by the field, axe-core on every
// page and state, a keyboard-only sign-in, and what a missing or revoked session gets.
// SHOTS_DIR=/some/dir saves a screenshot of every state.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ServerType } from '@hono/node-server';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/platform/outbox.js';
import { closeServer, launchChromium, serveWorld } from '../support/browser.js';
import type { World } from '../support/world.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = process.env.SHOTS_DIR;

let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

type Run = { lang: 'nl' | 'en'; js: boolean; width: 360 | 1280; keyboard?: boolean };

async function newContext(run: Run) {
  // axe needs script: with JavaScript on, the CSP is bypassed so it can be injected.
  const context = await browser.newContext({ viewport: { width: run.width, height: 900 }, javaScriptEnabled: run.js, bypassCSP: run.js, locale: run.lang === 'nl' ? 'nl-NL' : 'en-GB' });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  contexts.push(context);
  return context;
}

async function check(page: Page, run: Run, state: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${run.lang}-${run.width}-${state}.png`, fullPage: true });
  if (!run.js) return;
  await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    }),
  );
  const detail = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.html).join(' | ')}`);
  expect(detail, `axe on ${run.lang} ${state}`).toEqual([]);
}

async function invite(email: string): Promise<string> {
  const res = await w.request('POST', `/v1/municipalities/${w.A.id}/invitations`, { token: w.A.people.admin.token, body: { email, roles: ['admin'] } });
  expect(res.status).toBe(201);
  const before = w.transport.sent.length;
  await deliverDue(w.db, w.transport);
  const body = w.transport.sent.slice(before).find((m) => m.recipient === email)?.body ?? '';
  return /(http\S+accept-invitation\?token=[a-z2-7]+)/.exec(body)?.[1] as string;
}

/** A code for the time step `ahead` steps from now (the server accepts one step either side, each step once). */
const codeFor = (key: Uint8Array, ahead = 0) => generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000) + ahead), 6);

async function submit(page: Page, button: string) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button, exact: true }).click()]);
}

const T = {
  nl: { accept: 'Account maken en accepteren', name: 'Uw naam', password: 'Kies een wachtwoord', finish: 'Instellen afronden', code: 'Code van 6 cijfers', saved: 'Ik heb de codes bewaard', signOut: 'Uitloggen', signIn: 'Inloggen', email: 'E-mailadres', pw: 'Wachtwoord', verify: 'Bevestigen', wrong: 'Het e-mailadres of wachtwoord klopt niet.', account: 'Mijn account' },
  en: { accept: 'Create account and accept', name: 'Your name', password: 'Choose a password', finish: 'Finish set-up', code: '6-digit code', saved: 'I have saved the codes', signOut: 'Sign out', signIn: 'Sign in', email: 'E-mail address', pw: 'Password', verify: 'Verify', wrong: 'The e-mail address or password is incorrect.', account: 'My account' },
} as const;

const RUNS: Run[] = [
  { lang: 'nl', js: false, width: 360 },
  { lang: 'en', js: false, width: 360 },
  { lang: 'nl', js: true, width: 1280, keyboard: true },
  { lang: 'en', js: true, width: 1280 },
];

describe('signing in to the staff app in Chromium', () => {
  for (const run of RUNS) {
    it(`${run.lang}, JavaScript ${run.js ? 'on' : 'off'}, ${run.width} px: invitation → password → authenticator → recovery codes → app → sign out → sign in`, async () => {
      const s = T[run.lang];
      const email = `new.admin.${run.lang}.${run.width}.${run.js ? 'js' : 'nojs'}@test.example`;
      const password = 'a sentence that is long enough';
      const link = await invite(email);
      const context = await newContext(run);
      const page = await context.newPage();

      await page.goto(`${link}&lang=${run.lang}`);
      await check(page, run, '01-invitation');
      await page.getByLabel(s.name).fill('Nieuwe Beheerder');
      await page.getByLabel(s.password).fill(password);
      await submit(page, s.accept);
      expect(new URL(page.url()).pathname).toBe('/app/enrol');
      await check(page, run, '02-enrol');
      expect(await page.locator('svg.qr').count()).toBe(1);
      const key = decodeBase32IgnorePadding((await page.locator('#totp-key').textContent())?.replace(/\s/g, '') ?? '');

      // A wrong code: the error by the field.
      await page.getByLabel(s.code).fill('000000');
      await submit(page, s.finish);
      expect(await page.getByLabel(s.code).getAttribute('aria-invalid')).toBe('true');
      await check(page, run, '03-enrol-wrong-code');
      await page.getByLabel(s.code).fill(codeFor(key));
      await submit(page, s.finish);
      expect(new URL(page.url()).pathname).toBe('/app/recovery-codes');
      await check(page, run, '04-recovery-codes');
      expect(await page.locator('#recovery-codes li').count()).toBe(10);
      const recovery = (await page.locator('#recovery-codes li').first().textContent())?.trim() ?? '';
      expect(recovery).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
      // Never again on reload.
      await page.reload();
      expect(await page.locator('#recovery-codes li').count()).toBe(0);
      await check(page, run, '05-recovery-codes-again');
      await page.goto(`${origin}/app/recovery-codes?lang=${run.lang}`);
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: run.lang === 'nl' ? 'Verder naar Vervolg' : 'Continue to Vervolg' }).click()]);
      // A new admin of municipality A lands on A's caseload (the workspace module), then opens the account page.
      expect(new URL(page.url()).pathname).toBe(`/app/municipalities/${w.A.id}/agreements`);
      await page.goto(`${origin}/app/account?lang=${run.lang}`);
      await check(page, run, '06-account');
      expect(await page.textContent('main')).toContain(email);

      await submit(page, s.signOut);
      expect(new URL(page.url()).pathname).toBe('/app/sign-in');
      expect((await context.cookies(origin)).filter((c) => c.name === 'vervolg_session')).toEqual([]);
      await check(page, run, '07-signed-out');

      // Empty fields, then a wrong password: errors by the field, the e-mail kept.
      await submit(page, s.signIn);
      expect(await page.getByLabel(s.email).getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel(s.pw).getAttribute('aria-invalid')).toBe('true');
      await check(page, run, '08-sign-in-empty');
      await page.getByLabel(s.email).fill(email);
      await page.getByLabel(s.pw).fill('not my password');
      await submit(page, s.signIn);
      expect(await page.getByLabel(s.email).inputValue()).toBe(email);
      expect(await page.getByLabel(s.pw).inputValue()).toBe('');
      expect(await page.textContent('main')).toContain(s.wrong);
      await check(page, run, '09-sign-in-wrong-password');

      if (run.keyboard) {
        // Keyboard only: Tab to each field, type, Enter.
        await page.goto(`${origin}/app/sign-in?lang=${run.lang}`);
        const tabTo = async (id: string) => {
          for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement?.id)) !== id; i++) await page.keyboard.press('Tab');
          expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
        };
        await tabTo('field-email');
        await page.keyboard.type(email);
        await tabTo('field-password');
        await page.keyboard.type(password);
        await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
        expect(new URL(page.url()).pathname).toBe('/app/two-factor');
        await tabTo('field-code');
        await page.keyboard.type('999999');
        await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
        expect(await page.locator('#field-code').getAttribute('aria-invalid')).toBe('true');
        await check(page, run, '11-two-factor-wrong-code');
        await tabTo('field-code');
        await page.keyboard.type(codeFor(key, 1));
        await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      } else {
        await page.getByLabel(s.pw).fill(password);
        await submit(page, s.signIn);
        expect(new URL(page.url()).pathname).toBe('/app/two-factor');
        await check(page, run, '10-two-factor');
        await page.getByLabel(s.code, { exact: true }).fill('999999');
        await submit(page, s.verify);
        expect(await page.locator('#field-code').getAttribute('aria-invalid')).toBe('true');
        await check(page, run, '11-two-factor-wrong-code');
        await page.getByLabel(s.code, { exact: true }).fill(codeFor(key, 1));
        await submit(page, s.verify);
      }
      expect(new URL(page.url()).pathname).toBe(`/app/municipalities/${w.A.id}/agreements`);

      // Revoked elsewhere (here through the API with the same session): the page signs out.
      const token = (await context.cookies(origin)).find((c) => c.name === 'vervolg_session')?.value as string;
      expect((await w.request('DELETE', `/v1/me/sessions/${token.split('.')[0]}`, { token })).status).toBe(204);
      await page.reload();
      expect(new URL(page.url()).pathname).toBe('/app/sign-in');
      expect((await context.cookies(origin)).filter((c) => c.name === 'vervolg_session')).toEqual([]);
    }, 180_000);
  }

  it('no session: every app page leads to sign-in, and back after it', async () => {
    const context = await newContext({ lang: 'nl', js: false, width: 360 });
    const page = await context.newPage();
    for (const path of ['/', '/app', '/app/account', '/app/recovery-codes', '/app/enrol', '/app/two-factor']) {
      await page.goto(`${origin}${path}`);
      expect(new URL(page.url()).pathname, path).toBe('/app/sign-in');
    }
    await page.goto(`${origin}/app/forgot-password`);
    expect(await page.textContent('h1')).toBe('Wachtwoord vergeten');
  });
});
