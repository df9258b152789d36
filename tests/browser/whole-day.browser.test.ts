// A case manager's whole day in the browser, by clicking and typing only — once with JavaScript off
// (Dutch), once with it on (English). The only thing the test reads outside the browser is the
// outbox, as a person reads their mail and text messages:
//   an admin accepts an invitation, sets up the authenticator app from the key on the page, publishes
//   a template and invites a case manager; the case manager accepts, sets up their app, creates an
//   agreement from the template with two goals, a condition, a risk and a network contact, previews
//   it and sends it; the young person signs on a phone, the officer (the case manager) signs too; the
//   case manager sees it signed, downloads the PDF and reads the timeline with its chain checked.
// With JavaScript on, every page on the way passes axe-core and every control on it is reached by Tab.
// SHOTS_DIR=/some/dir saves a screenshot of every step.
import { readFileSync } from 'node:fs';
import type { ServerType } from '@hono/node-server';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_TEXT } from '../../src/modules/signing/service.js';
import { deliverDue } from '../../src/platform/outbox.js';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, unreachableByTab } from '../support/browser.js';
import type { World } from '../support/world.js';

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

type Lang = 'nl' | 'en';
interface Run {
  js: boolean;
  lang: Lang;
  tag: string;
}

/** The words on the buttons and links this test presses, as the pages say them. */
const T = {
  nl: {
    accept: 'Account maken en accepteren',
    finish: 'Instellen afronden',
    saved: 'Ik heb de codes bewaard',
    createTemplate: 'Sjabloon maken',
    save: 'Opslaan',
    publish: 'Publiceren',
    publishConfirm: 'Ja, versie 1 publiceren',
    invite: 'Uitnodiging versturen',
    createAgreement: 'Afspraak maken',
    send: 'Versturen ter ondertekening',
    sendButton: 'Versturen',
    sendCode: 'Stuur mij een code',
    codeLabel: 'Code (6 cijfers)',
    next: 'Verder',
    yourName: 'Typ je volledige naam',
    sign: 'Onderteken',
    intact: 'De keten is intact',
  },
  en: {
    accept: 'Create account and accept',
    finish: 'Finish set-up',
    saved: 'I have saved the codes',
    createTemplate: 'Create template',
    save: 'Save',
    publish: 'Publish',
    publishConfirm: 'Yes, publish version 1',
    invite: 'Send invitation',
    createAgreement: 'Create agreement',
    send: 'Send for signature',
    sendButton: 'Send',
    sendCode: 'Send me a code',
    codeLabel: 'Code (6 digits)',
    next: 'Continue',
    yourName: 'Type your full name',
    sign: 'Sign',
    intact: 'The chain is intact',
  },
} as const;

async function newContext(run: Run, width: number): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: run.js, locale: run.lang === 'nl' ? 'nl-NL' : 'en-GB', acceptDownloads: true });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  contexts.push(context);
  return context;
}

let shot = 0;
/** A step of the day: a screenshot; with JavaScript on, axe-core and the keyboard on this page as it is now. */
async function step(page: Page, run: Run, name: string, options: { keyboard?: boolean } = {}) {
  shot++;
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/whole-day-${run.tag}-${String(shot).padStart(2, '0')}-${name}.png`, fullPage: true });
  if (!run.js) return;
  expect(axeSummary(await runAxe(page)), `axe on ${name}`).toEqual([]);
  if (options.keyboard !== false) expect(await unreachableByTab(page), `keyboard on ${name}`).toEqual([]);
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `width on ${name}`).toBe(true);
}

const path = (page: Page) => new URL(page.url()).pathname;

/** Press a button or link by its words and wait for the page it leads to. */
async function press(page: Page, name: string, role: 'button' | 'link' = 'button') {
  await Promise.all([page.waitForNavigation(), page.getByRole(role, { name, exact: true }).first().click()]);
}

async function follow(page: Page, selector: string) {
  await Promise.all([page.waitForNavigation(), page.locator(selector).first().click()]);
}

async function outbox(recipient: string): Promise<string[]> {
  await deliverDue(w.db, w.transport);
  const { rows } = await sql<{ body: string }>`select body from outbox where recipient = ${recipient} order by created_at, id`.execute(w.db);
  return rows.map((r) => r.body);
}

/** Wait for a message to `recipient` matching `pattern` that was not there before (`seen` messages). */
async function waitForMessage(recipient: string, pattern: RegExp, seen = 0): Promise<RegExpExecArray> {
  for (let i = 0; i < 100; i++) {
    const found = (await outbox(recipient)).slice(seen).map((body) => pattern.exec(body)).find(Boolean);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no message to ${recipient} matching ${pattern}`);
}

const codeFor = (key: Uint8Array, ahead = 0) => generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000) + ahead), 6);

/** Accept an invitation, choose a password, set up the authenticator app from the key on the page, pass the recovery codes. */
async function acceptAndEnrol(page: Page, run: Run, link: string, name: string, who: string) {
  const s = T[run.lang];
  await page.goto(link);
  await step(page, run, `${who}-invitation`);
  await page.fill('#field-name', name);
  await page.fill('#field-password', 'a sentence that is long enough');
  await press(page, s.accept);
  expect(path(page)).toBe('/app/enrol');
  await step(page, run, `${who}-enrol`);
  expect(await page.locator('svg.qr').count()).toBe(1);
  const key = decodeBase32IgnorePadding((await page.locator('#totp-key').textContent())?.replace(/\s/g, '') ?? '');
  await page.fill('#field-code', codeFor(key));
  await press(page, s.finish);
  expect(path(page)).toBe('/app/recovery-codes');
  expect(await page.locator('#recovery-codes li').count()).toBe(10);
  await step(page, run, `${who}-recovery-codes`);
  await Promise.all([page.waitForNavigation(), page.locator('main').getByText(s.saved, { exact: true }).click()]);
}

/** The young person (or the officer) signs from the link in their message: a code, consent, their name. */
async function signFromLink(page: Page, run: Run, recipient: string, name: string, who: string) {
  const s = T[run.lang];
  const link = (await waitForMessage(recipient, /https?:\/\/\S+\/sign\?t=[a-z2-7]{32}/))[0];
  expect(link.startsWith(`${origin}/sign?t=`)).toBe(true);
  await page.goto(link);
  await step(page, run, `${who}-signing-page`, { keyboard: false });
  const seen = (await outbox(recipient)).length;
  await page.getByRole('button', { name: s.sendCode }).click();
  await page.getByLabel(s.codeLabel).waitFor();
  const code = (await waitForMessage(recipient, /\b(\d{6})\b/, seen))[1] as string;
  await page.getByLabel(s.codeLabel).fill(code);
  await page.getByRole('button', { name: s.next, exact: true }).click();
  await page.getByLabel(CONSENT_TEXT[run.lang]).check();
  await page.getByLabel(s.yourName).fill(name);
  await step(page, run, `${who}-ready-to-sign`, { keyboard: false });
  await page.getByRole('button', { name: s.sign, exact: true }).click();
  await page.getByRole('status').first().waitFor();
  await step(page, run, `${who}-signed`, { keyboard: false });
}

/** Fill row `i` of a section's form, adding the row first if the form does not have it yet. */
async function fillRow(page: Page, run: Run, list: string, row: string, i: number, values: Record<string, string | boolean>) {
  const first = Object.keys(values)[0] as string;
  if ((await page.locator(`#field-${list}-${i}-${first}`).count()) === 0) {
    const add = page.locator(`button[name=action][value=add-${row}]`);
    if (run.js) await add.click();
    else await Promise.all([page.waitForNavigation(), add.click()]);
    await page.locator(`#field-${list}-${i}-${first}`).waitFor();
  }
  for (const [field, value] of Object.entries(values)) {
    const control = page.locator(`#field-${list}-${i}-${field}`);
    if (typeof value === 'boolean') {
      if (value) await control.check();
    } else if ((await control.evaluate((el) => el.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
}

async function saveSection(page: Page) {
  await Promise.all([page.waitForNavigation(), page.locator('.vv-actions button[name=action][value=save]').click()]);
  expect(path(page)).toMatch(/\/plan$/);
}

describe('the whole day of a case manager, in Chromium', () => {
  const RUNS: Run[] = [
    { js: false, lang: 'nl', tag: 'js-off' },
    { js: true, lang: 'en', tag: 'js-on' },
  ];
  for (const run of RUNS) {
    it(`JavaScript ${run.js ? 'on' : 'off'} (${run.lang}): invitation → template → colleague → agreement → signed → PDF`, async () => {
      const s = T[run.lang];
      const adminEmail = `dag.beheer.${run.tag}@alpha.example`;
      const cmEmail = `dag.casemanager.${run.tag}@alpha.example`;
      const mobile = run.js ? '+31612349902' : '+31612349901';
      const youngName = run.js ? 'Jamie Hendriks' : 'Noor Bakker';
      const base = `/app/municipalities/${w.A.id}`;

      // Before the day: the municipality's first admin is invited (as the operator does when a municipality starts).
      const invited = await w.request('POST', `/v1/municipalities/${w.A.id}/invitations`, { token: w.A.people.admin.token, body: { email: adminEmail, roles: ['admin'] } });
      expect(invited.status).toBe(201);

      // 1. The admin accepts, sets up the app and lands on the (empty) caseload.
      const admin = await (await newContext(run, 1280)).newPage();
      const adminLink = (await waitForMessage(adminEmail, /https?:\/\/\S+accept-invitation\?token=[a-z2-7]+/))[0];
      await acceptAndEnrol(admin, run, adminLink, 'Dag Beheerder', 'admin');
      expect(path(admin)).toBe(`${base}/agreements`);
      await step(admin, run, 'admin-caseload');

      // 2. A template: a new one from the basic text, published.
      await follow(admin, `nav a[href*="${base}/templates"]`);
      await step(admin, run, 'templates');
      await follow(admin, `main a[href*="${base}/templates/new"]`);
      await admin.fill('#field-name', `Nazorg ${run.tag}`);
      await step(admin, run, 'template-new');
      await press(admin, s.createTemplate);
      expect(path(admin)).toMatch(/\/templates\/[0-9a-f-]{36}\/versions\/1\/edit$/);
      await step(admin, run, 'template-edit');
      await press(admin, s.save);
      expect(path(admin)).toMatch(/\/templates\/[0-9a-f-]{36}\/versions\/1$/);
      await step(admin, run, 'template-version');
      await press(admin, s.publish, 'link');
      await step(admin, run, 'template-publish');
      await press(admin, s.publishConfirm);
      expect(await admin.textContent('main')).toMatch(run.lang === 'nl' ? /gepubliceerd/i : /published/i);

      // 3. A colleague: the case manager is invited.
      await follow(admin, `nav a[href*="${base}/members"]`);
      await step(admin, run, 'members');
      await follow(admin, `main a[href*="${base}/members/invite"]`);
      await admin.fill('#field-email', cmEmail);
      await admin.check('#field-roles-case-manager');
      await step(admin, run, 'invite');
      await press(admin, s.invite);
      expect(path(admin)).toBe(`${base}/members`);
      expect(await admin.textContent('main')).toContain(cmEmail);

      // 4. The case manager accepts and lands on their empty caseload.
      const cmContext = await newContext(run, 1280);
      const cm = await cmContext.newPage();
      const cmLink = (await waitForMessage(cmEmail, /https?:\/\/\S+accept-invitation\?token=[a-z2-7]+/))[0];
      await acceptAndEnrol(cm, run, cmLink, 'Casey Manager', 'cm');
      expect(path(cm)).toBe(`${base}/agreements`);
      await step(cm, run, 'cm-caseload-empty');

      // 5. A new agreement from the template.
      await follow(cm, `main a[href*="${base}/agreements/new"]`);
      await step(cm, run, 'agreement-new');
      await cm.getByLabel(new RegExp(`^Nazorg ${run.tag}\\b`)).check();
      await cm.fill('#field-youngPerson-name', youngName);
      await cm.fill('#field-youngPerson-dateOfBirth', '2009-04-12');
      await cm.fill('#field-youngPerson-mobile', mobile);
      await cm.fill('#field-departureDate', '2027-02-01');
      await cm.fill('#field-aftercareStartDate', '2027-01-15');
      await press(cm, s.createAgreement);
      expect(path(cm)).toMatch(/\/agreements\/[0-9a-f-]{36}\/plan$/);
      const agreementPath = path(cm).replace(/\/plan$/, '');
      await step(cm, run, 'plan-new');

      // Two goals (the second row added with the add button: in place with JavaScript, by a reload without).
      await follow(cm, `main a[href$="/plan/goals"], main a[href*="/plan/goals?"]`);
      await fillRow(cm, run, 'goals', 'goal', 0, { domain: 'housing', description: 'Een eigen kamer vinden en houden', term: 'long', targetDate: '2027-09-01' });
      await fillRow(cm, run, 'goals', 'goal', 1, { domain: 'income-debts', description: 'Elke maand de vaste lasten betalen', term: 'short', targetDate: '2027-04-01' });
      await step(cm, run, 'goals-two-rows');
      await saveSection(cm);
      // A condition, a risk, a network contact.
      await follow(cm, `main a[href$="/plan/conditions"], main a[href*="/plan/conditions?"]`);
      await fillRow(cm, run, 'conditions', 'condition', 0, { help: 'Begeleiding bij wonen, twee keer per week', dependsOn: 'Je komt naar de afspraken met je begeleider', ifNotKept: 'We praten samen over wat er nodig is', reviewOn: '2027-05-01' });
      await saveSection(cm);
      await follow(cm, `main a[href$="/plan/risks"], main a[href*="/plan/risks?"]`);
      await fillRow(cm, run, 'risks', 'risk', 0, { risk: 'Schulden lopen op', signals: 'Post blijft ongeopend', actions: 'Samen de post openen', who: 'Begeleider' });
      await saveSection(cm);
      await follow(cm, `main a[href$="/plan/network"], main a[href*="/plan/network?"]`);
      await fillRow(cm, run, 'network', 'contact', 0, { name: 'Tante Ria', relation: 'tante', kind: 'informal', practicalContact: true });
      await step(cm, run, 'network');
      await saveSection(cm);
      const plan = (await cm.textContent('main')) ?? '';
      for (const text of ['Een eigen kamer vinden en houden', 'Elke maand de vaste lasten betalen', 'Begeleiding bij wonen', 'Schulden lopen op', 'Tante Ria']) expect(plan).toContain(text);
      await step(cm, run, 'plan-filled');

      // 6. The preview: as the young person will see it.
      await follow(cm, 'main a[href$="/preview"], main a[href*="/preview?"]');
      await step(cm, run, 'preview');
      expect(await cm.textContent('main')).toContain('Een eigen kamer vinden en houden');
      await cm.goBack();

      // 7. Send for signing: the young person by SMS, the case manager as the municipality's officer by e-mail.
      await follow(cm, `main a[href$="${agreementPath}"], main a[href*="${agreementPath}?"]`);
      expect(path(cm)).toBe(agreementPath);
      await step(cm, run, 'agreement-draft');
      await press(cm, s.send, 'link');
      await step(cm, run, 'send-form');
      expect(await cm.inputValue('#field-signers-0-mobile')).toBe(mobile);
      expect(await cm.inputValue('#field-signers-1-email')).toBe(cmEmail);
      await press(cm, s.sendButton);
      expect(path(cm)).toBe(agreementPath);
      await step(cm, run, 'agreement-sent');

      // 8. The young person signs on a phone; then the officer from their e-mail.
      const phone = await (await newContext(run, 360)).newPage();
      await signFromLink(phone, run, mobile, youngName, 'young-person');
      const officer = await cmContext.newPage();
      await signFromLink(officer, run, cmEmail, 'Casey Manager', 'officer');
      await officer.close();

      // 9. The case manager sees it signed (live with JavaScript; a refresh without), downloads the PDF, reads the timeline.
      const pdfLink = cm.locator('main a[href*="/versions/1/document"]');
      // The keyboard check above left the focus on a control in the page, and the live update does
      // not replace what a person is working in: the case manager now just looks at the page.
      if (run.js) await cm.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      if (run.js) await pdfLink.waitFor({ timeout: 40_000 });
      else await cm.reload();
      expect(await pdfLink.count()).toBe(1);
      await step(cm, run, 'agreement-signed');
      const [download] = await Promise.all([cm.waitForEvent('download'), pdfLink.click()]);
      const pdf = readFileSync(await download.path());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await follow(cm, 'main a[href$="/timeline"], main a[href*="/timeline?"]');
      await step(cm, run, 'timeline');
      expect(await cm.textContent('main')).toContain(s.intact);

      // And the caseload shows the agreement, in force.
      await follow(cm, `nav a[href*="${base}/agreements"]`);
      expect(await cm.textContent('main')).toContain(youngName);
      await step(cm, run, 'cm-caseload');
    }, 600_000);
  }
});
