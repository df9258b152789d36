// The signing page in a real browser: headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core) on a phone-sized screen clicks through a signing as a person would — with
// JavaScript switched off, to prove the page needs none — and axe-core checks every state of the
// page in Dutch and English for serious or critical WCAG problems.
// The app runs on a real HTTP server on 127.0.0.1 with PUBLIC_URL set to its origin, so the links
// in the messages and the forms' origin are the ones a phone would see.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ServerType } from '@hono/node-server';
import type { AxeResults, Result } from 'axe-core';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_TEXT } from '../../src/modules/signing/service.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import type { World } from '../support/world.js';
import { launchChromium, serveWorld } from '../support/browser.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
const GOAL = 'Zelfstandig wonen';

// What a person reads on the buttons and labels (the page's own words).
const UI = {
  nl: { sendCode: 'Stuur mij een code', codeLabel: 'Code (6 cijfers)', check: 'Verder', name: 'Typ je volledige naam', sign: 'Onderteken', signed: 'Gelukt', completed: 'Iedereen heeft getekend', expired: 'verlopen', unknown: 'Deze link kennen we niet', used: 'al ondertekend', noConsent: 'vinkje', downloadData: 'Download al je gegevens' },
  en: { sendCode: 'Send me a code', codeLabel: 'Code (6 digits)', check: 'Continue', name: 'Type your full name', sign: 'Sign', signed: 'Done', completed: 'Everyone has signed', expired: 'expired', unknown: 'We do not know this link', used: 'already signed', noConsent: 'consent', downloadData: 'Download all your data' },
} as const;
type Lang = keyof typeof UI;

let w: World;
let server: ServerType;
let origin: string;
let clock = new Date();
let browser: Browser;
/** The person's phone: JavaScript off. */
let phone: BrowserContext;
/** For axe: the same phone with JavaScript on and the page's CSP bypassed so axe can be injected. */
let checker: BrowserContext;
let templateVersionId: string;
const base = () => `/v1/municipalities/${w.A.id}`;
const cm = () => w.A.people['case-manager'];

beforeAll(async () => {
  // Listen first (port 0: the system picks a free port), then build the world with PUBLIC_URL
  // set to the origin the browser will use.
  ({ server, origin, world: w } = await serveWorld({ now: () => clock }));

  ({ templateVersionId } = await publishedTemplate(w, adminOf(w.A)));

  browser = await launchChromium();
  phone = await browser.newContext({ ...PHONE, javaScriptEnabled: false, locale: 'nl-NL' });
  checker = await browser.newContext({ ...PHONE, javaScriptEnabled: true, bypassCSP: true, locale: 'nl-NL' });
  for (const context of [phone, checker]) {
    context.setDefaultTimeout(30_000);
    context.setDefaultNavigationTimeout(60_000);
  }
});

afterAll(async () => {
  await browser?.close();
  if (server) {
    // Chromium keeps connections alive; drop them so close() returns at once.
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  }
  await w?.close();
});

let counter = 0;
/** Draw up an agreement and send it: sequential, the young person first on SMS, then an officer by email. */
async function sendAgreement() {
  counter++;
  const mobile = `+3162345${String(counter).padStart(4, '0')}`;
  const name = `Sanne ${counter}`;
  const created = await w.request('POST', `${base()}/agreements`, {
    token: cm().token,
    body: {
      templateVersionId,
      youngPerson: { name, dateOfBirth: '2009-05-14', mobile },
      departureDate: '2027-02-01',
      aftercareStartDate: '2026-12-01',
      plan: { goals: [{ domain: 'housing', term: 'long', description: GOAL, targetDate: '2027-09-01' }] },
    },
  });
  expect(created.status).toBe(201);
  const a = (await created.json()) as { id: string };
  const officerEmail = `officer${counter}@alpha.example`;
  const sent = await w.request('POST', `${base()}/agreements/${a.id}/send`, {
    token: cm().token,
    headers: { 'If-Match': '"r1"' },
    body: { order: 'sequential', signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: officerEmail }] },
  });
  expect(sent.status).toBe(200);
  return { id: a.id, mobile, name, officerEmail };
}

async function outboxFor(recipient: string) {
  const { rows } = await sql<{ body: string }>`select body from outbox where recipient = ${recipient} order by created_at, id`.execute(w.db);
  return rows.map((r) => r.body);
}

/** The link in the first message to this person, exactly as sent. */
async function linkFor(recipient: string) {
  const body = (await outboxFor(recipient))[0] ?? '';
  const link = /https?:\/\/\S+\/sign\?t=[a-z2-7]{32}/.exec(body)?.[0];
  expect(link, `no signing link in: ${body}`).toBeDefined();
  expect(link?.startsWith(`${origin}/sign?t=`)).toBe(true);
  return link as string;
}

/** Press the button that asks for a code, and read the new code from the outbox. */
async function askForCode(page: Page, lang: Lang, recipient: string) {
  const before = (await outboxFor(recipient)).length;
  await page.getByRole('button', { name: UI[lang].sendCode }).click();
  await page.getByLabel(UI[lang].codeLabel).waitFor();
  for (let i = 0; i < 100; i++) {
    const messages = await outboxFor(recipient);
    if (messages.length > before) {
      const code = /\b(\d{6})\b/.exec(messages.at(-1) as string)?.[1]; // a signing or a download code
      expect(code).toMatch(/^\d{6}$/);
      return code as string;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code reached ${recipient}`);
}

async function enterCode(page: Page, lang: Lang, code: string) {
  await page.getByLabel(UI[lang].codeLabel).fill(code);
  await page.getByRole('button', { name: UI[lang].check, exact: true }).click();
}

/** Tick consent (by its label), type the name, press Sign. */
async function signAs(page: Page, lang: Lang, name: string) {
  await page.getByLabel(CONSENT_TEXT[lang]).check();
  await page.getByLabel(UI[lang].name).fill(name);
  await page.getByRole('button', { name: UI[lang].sign, exact: true }).click();
}

async function visibleText(page: Page, text: string) {
  await page.getByText(text).first().waitFor({ state: 'visible' });
}

const axeFindings: { state: string; violations: Result[] }[] = [];
/** Inject axe-core into the page and run the WCAG 2.0/2.1 A+AA and best-practice rules. */
async function runAxe(page: Page): Promise<AxeResults> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    }),
  );
}
/** Check the page as it is now; fail on any serious or critical violation (printed in full). */
async function axe(page: Page, state: string) {
  const results = await runAxe(page);
  axeFindings.push({ state, violations: results.violations });
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const detail = bad.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ html: n.html, target: n.target, failureSummary: n.failureSummary })) }));
    console.error(`axe: serious/critical violations on '${state}':\n${JSON.stringify(detail, null, 2)}`);
  }
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help}`), `axe on '${state}'`).toEqual([]);
}

describe('signing in a real browser, without JavaScript, on a phone', () => {
  it('the young person (Dutch) and then the officer (English) sign by clicking; the agreement becomes active', async () => {
    const { id, mobile, name, officerEmail } = await sendAgreement();
    const page = await phone.newPage();

    // The young person opens the link from the SMS.
    const opened = await page.goto(await linkFor(mobile));
    expect(opened?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await page.getByRole('heading', { level: 1, name: 'Je afspraken ondertekenen' }).waitFor();
    expect(await page.getByText(GOAL).count()).toBe(0); // nothing of the agreement before the code

    const code = await askForCode(page, 'nl', mobile);
    await enterCode(page, 'nl', code);
    await visibleText(page, GOAL);
    await visibleText(page, name);
    await page.screenshot({ path: '/tmp/vervolg-signing-agreement-nl.png', fullPage: true });

    await signAs(page, 'nl', name);
    await page.getByRole('status').filter({ hasText: UI.nl.signed }).waitFor();
    await page.screenshot({ path: '/tmp/vervolg-signing-done-nl.png' });

    // Sequential: only now does the officer get a link. They read in English.
    const officer = await phone.newPage();
    await officer.goto(`${await linkFor(officerEmail)}&lang=en`);
    expect(await officer.locator('html').getAttribute('lang')).toBe('en');
    const officerCode = await askForCode(officer, 'en', officerEmail);
    await enterCode(officer, 'en', officerCode);
    await visibleText(officer, GOAL);
    await signAs(officer, 'en', 'Officier');
    await officer.getByRole('status').filter({ hasText: UI.en.completed }).waitFor();
    await officer.screenshot({ path: '/tmp/vervolg-signing-done-en.png' });

    const a = (await (await w.request('GET', `${base()}/agreements/${id}`, { token: cm().token })).json()) as { status: string; inForceVersion: number };
    expect(a).toMatchObject({ status: 'active', inForceVersion: 1 });
    const signers = (await (await w.request('GET', `${base()}/agreements/${id}/versions/1/signers`, { token: cm().token })).json()) as { items: { status: string }[] };
    expect(signers.items.map((s) => s.status)).toEqual(['signed', 'signed']);
    await page.close();
    await officer.close();
  });
});

describe('with JavaScript on', () => {
  it('the young person may also draw a signature; it is kept with the signature', async () => {
    const { id, mobile, name } = await sendAgreement();
    // A normal context: JavaScript on and the page's own Content-Security-Policy in force. A
    // mouse on a desktop-sized window: Playwright's touch emulation does not turn synthetic
    // mouse input into pointer events, and drawing with a mouse is a real use too.
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 }, javaScriptEnabled: true, locale: 'nl-NL' });
    context.setDefaultTimeout(30_000);
    try {
      const page = await context.newPage();
      await page.goto(await linkFor(mobile));
      await enterCode(page, 'nl', await askForCode(page, 'nl', mobile));
      await visibleText(page, GOAL);
      const pad = page.locator('#pad');
      await pad.waitFor({ state: 'visible' });
      await pad.scrollIntoViewIfNeeded();
      const box = await pad.boundingBox();
      if (!box) throw new Error('the drawing pad has no box');
      await page.mouse.move(box.x + 20, box.y + 60);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 20, box.y + 60 + (i % 2 ? -25 : 25));
      await page.mouse.up();
      const ink = await page.evaluate(() => {
        const c = document.getElementById('pad') as HTMLCanvasElement;
        const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
        return n;
      });
      expect(ink).toBeGreaterThan(100);
      await signAs(page, 'nl', name);
      await visibleText(page, 'Gelukt');
    } finally {
      await context.close();
    }
    const { rows } = await sql<{ drawn_signature: string | null }>`select drawn_signature from signers where agreement_id = ${id} and role = 'young-person'`.execute(w.db);
    expect(rows[0]?.drawn_signature).toMatch(/^data:image\/png;base64,/);
  });
});

describe('axe-core finds no serious or critical problem', () => {
  for (const lang of ['nl', 'en'] as const) {
    it(`every state of the signing page (${lang})`, async () => {
      const ui = UI[lang];
      const { mobile, name } = await sendAgreement();
      const page = await checker.newPage();
      const link = `${await linkFor(mobile)}&lang=${lang}`;

      await page.goto(link);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      await axe(page, `${lang}: start (ask for a code)`);

      const code = await askForCode(page, lang, mobile);
      await axe(page, `${lang}: code entry`);

      await enterCode(page, lang, code === '000000' ? '111111' : '000000');
      await page.getByRole('alert').waitFor();
      await axe(page, `${lang}: code entry with a wrong code`);

      const fresh = await askForCode(page, lang, mobile);
      await enterCode(page, lang, fresh);
      await visibleText(page, GOAL);
      await axe(page, `${lang}: the agreement with the sign form`);
      if (lang === 'en') await page.screenshot({ path: '/tmp/vervolg-signing-agreement-en.png', fullPage: true });

      // Sign without consent: the error state of the form.
      await page.getByLabel(ui.name).fill(name);
      await page.getByRole('button', { name: ui.sign, exact: true }).click();
      await page.getByRole('alert').waitFor();
      await axe(page, `${lang}: the sign form with an error`);

      await signAs(page, lang, name);
      await page.getByRole('status').filter({ hasText: ui.signed }).waitFor();
      await axe(page, `${lang}: done`);

      // The used link, opened again.
      await page.goto(link);
      await visibleText(page, ui.used);
      await axe(page, `${lang}: used link`);

      // The used link opens nothing by itself; a fresh code opens the downloads.
      const downloadCode = await askForCode(page, lang, mobile);
      await axe(page, `${lang}: download code entry`);
      await enterCode(page, lang, downloadCode);
      await page.getByRole('link', { name: ui.downloadData }).waitFor();
      await axe(page, `${lang}: downloads`);

      const unknown = await page.goto(`${origin}/sign?t=${'a'.repeat(32)}&lang=${lang}`);
      expect(unknown?.status()).toBe(404);
      await visibleText(page, ui.unknown);
      await axe(page, `${lang}: unknown link`);

      const later = await sendAgreement();
      const start = clock;
      clock = new Date(clock.getTime() + 15 * 86_400_000);
      try {
        const expired = await page.goto(`${await linkFor(later.mobile)}&lang=${lang}`);
        expect(expired?.status()).toBe(410);
        await visibleText(page, ui.expired);
        await axe(page, `${lang}: expired link`);
      } finally {
        clock = start;
      }
      await page.close();
    });
  }

  it('the check itself works: it catches a field without a label and text that is too faint', async () => {
    const page = await checker.newPage();
    await page.goto(`${origin}/sign?t=${'b'.repeat(32)}`);
    await page.evaluate(() => {
      const main = document.querySelector('main') as HTMLElement;
      main.insertAdjacentHTML('beforeend', '<input name="x"><p style="color:#bbb;background:#fff">faint</p>');
    });
    const ids = (await runAxe(page)).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['label', 'color-contrast']));
    await page.close();
  });

  afterAll(() => {
    // A short account of what axe said (moderate/minor included) for whoever reads the log.
    for (const { state, violations } of axeFindings) {
      console.log(`axe ${state}: ${violations.length ? violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'})`).join(', ') : 'no violations'}`);
    }
  });
});
