// The young person's own page in Chromium, on a 360 px phone with JavaScript switched off (the page
// needs none): they open the link from their message, ask for a code, read it from the (test)
// outbox, enter it, land on their page without the token in the address, add a note to a goal
// (after an error beside its field) and ask for help. Every state passes axe-core (WCAG 2.1 A/AA)
// in Dutch and English, fits the screen, and the case manager gets the e-mail. The same checks at
// 1280 px for the page itself. SHOTS_DIR=/some/dir saves a screenshot of each state.
import type { ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { routes } from '../../src/modules/own-page/routes.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext } from '../support/browser.js';
import { oneTimeCode, outboxTo, signingLinkToken } from '../support/signing.js';
import type { World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
const PHONE = { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
const UI = {
  nl: { sendCode: 'Stuur mij een code', code: 'Code (6 cijfers)', open: 'Open mijn pagina', goal: 'Over welk doel?', note: 'Wat wil je erover zeggen?', save: 'Opslaan', helpBody: 'Ik heb hulp nodig bij …', ask: 'Vraag om hulp', saved: 'Je opmerking is opgeslagen', sent: 'Je vraag is verstuurd', plan: 'Lees mijn afspraken', info: 'Praktische informatie voor zelfstandig wonen', log: 'Wie heeft mijn gegevens bekeken of veranderd?' },
  en: { sendCode: 'Send me a code', code: 'Code (6 digits)', open: 'Open my page', goal: 'Which goal?', note: 'What do you want to say about it?', save: 'Save', helpBody: 'I need help with …', ask: 'Ask for help', saved: 'Your note has been saved', sent: 'Your question has been sent', plan: 'Read my agreements', info: 'Practical information for living on your own', log: 'Who viewed or changed my data?' },
} as const;

let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let agreementId: string;
const mobile = '+31620777001';
const GOAL = 'Een eigen kamer in Alpha';

/** A form post as the signing page's forms send it (the agreement is signed before the browser comes in). */
const post = (path: string, fields: Record<string, string>) =>
  w.app.request(path, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin } });

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld());
  const { templateVersionId } = await publishedTemplate(w, adminOf(w.A));
  const cm = w.A.people['case-manager'];
  agreementId = (
    await w.call(agreements.createAgreement, {
      token: cm.token,
      params: { municipalityId: w.A.id },
      json: {
        templateVersionId,
        youngPerson: { name: 'Lotte Eigen', dateOfBirth: '2008-06-01', mobile },
        departureDate: '2027-02-01',
        aftercareStartDate: '2026-12-01',
        plan: {
          goals: [
            { domain: 'housing', term: 'long', description: GOAL, targetDate: '2027-09-01' },
            { domain: 'education', term: 'short', description: 'Diploma mbo niveau 2', targetDate: '2027-07-01' },
          ],
          network: [{ name: 'Oom Kees', relation: 'oom', kind: 'informal', phone: '06 98765432', email: 'kees@example.org', practicalContact: true }],
          reviews: [{ plannedOn: '2027-03-01' }],
        },
      },
    })
  ).json(201).id;
  const officer = 'officier.lotte.eigen@alpha.example';
  (await w.call(agreements.send, { token: cm.token, params: { municipalityId: w.A.id, agreementId }, headers: { 'If-Match': '"r1"' }, json: { order: 'parallel', signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: officer }] } })).json(200);
  for (const [recipient, name] of [[mobile, 'Lotte Eigen'], [officer, 'Officier']] as const) {
    const t = signingLinkToken((await outboxTo(w.db, recipient))[0]);
    await post('/sign/code?lang=nl', { t });
    await post('/sign/verify?lang=nl', { t, code: oneTimeCode((await outboxTo(w.db, recipient)).at(-1)) });
    expect((await post('/sign/sign?lang=nl', { t, consent: 'yes', typedName: name })).status).toBe(200);
  }
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

/**
 * axe-core and the fit on the screen, for the page the phone is on: the phone runs no JavaScript,
 * so a second context with the same session cookie (and JavaScript, for axe) opens the same address.
 */
async function check(phone: BrowserContext, page: Page, state: string, lang: string, width: number) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/own-page-${state}-${lang}-${width}.png`, fullPage: true });
  const checker = await browser.newContext({ viewport: { width, height: 780 }, javaScriptEnabled: true, bypassCSP: true });
  await checker.addCookies(await phone.cookies());
  const view = await checker.newPage();
  // A page answered to a form post (errors beside the fields) is checked as the phone has it.
  await view.goto(state.includes('error') ? `${origin}/sign/my-page` : page.url());
  if (state.includes('error')) await view.setContent(await page.content(), { waitUntil: 'load' });
  expect(axeSummary(await runAxe(view)), `${state} ${lang} ${width}`).toEqual([]);
  expect(await view.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${state} fits ${width}`).toBe(true);
  await checker.close();
}

describe('the own page in Chromium, on a phone without JavaScript', () => {
  for (const lang of ['nl', 'en'] as const) {
    it(`${lang}: link, code from the outbox, a note on a goal, a request for help — axe clean, on screen`, async () => {
      const s = UI[lang];
      (await w.call(routes.sendOwnPageLink, { token: w.A.people['case-manager'].token, params: { municipalityId: w.A.id, agreementId } })).json(202);
      const link = /(http:\/\/[^\s]+\/sign\/my-page\?t=[a-z2-7]{32})/.exec((await outboxTo(w.db, mobile)).at(-1) as string)?.[1] as string;
      expect(link.startsWith(origin)).toBe(true);
      const phone = await browser.newContext({ ...PHONE, javaScriptEnabled: false, locale: lang === 'en' ? 'en-GB' : 'nl-NL' });
      const page = await phone.newPage();
      await page.goto(`${link}&lang=${lang}`);
      await check(phone, page, 'link', lang, 360);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: s.sendCode }).click()]);
      const code = oneTimeCode((await outboxTo(w.db, mobile)).at(-1));
      await page.getByLabel(s.code).fill(code);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: s.open }).click()]);
      // The token has left the address.
      expect(new URL(page.url()).pathname).toBe('/sign/my-page');
      expect(page.url()).not.toContain('t=');
      expect(await page.textContent('main')).toContain(GOAL);
      await check(phone, page, 'page', lang, 360);

      // A note without text: the error beside its field, the chosen goal kept.
      const goalSelect = page.getByLabel(s.goal);
      const goalValue = await goalSelect.locator('option', { hasText: GOAL }).getAttribute('value');
      await goalSelect.selectOption(goalValue as string);
      await Promise.all([page.waitForNavigation(), page.locator('form', { has: page.getByLabel(s.note) }).getByRole('button', { name: s.save }).click()]);
      expect(await page.locator('#field-goalNote-error').count()).toBe(1);
      expect(await page.getByLabel(s.goal).inputValue()).toBe(goalValue);
      await check(phone, page, 'note-error', lang, 360);
      await page.getByLabel(s.note).fill(`Ik heb een kamer bekeken (${lang})`);
      await Promise.all([page.waitForNavigation(), page.locator('form', { has: page.getByLabel(s.note) }).getByRole('button', { name: s.save }).click()]);
      expect(await page.textContent('main')).toContain(s.saved);
      expect(await page.textContent('main')).toContain(`Ik heb een kamer bekeken (${lang})`);

      const mails = (await outboxTo(w.db, w.A.people['case-manager'].email)).length;
      await page.getByLabel(s.helpBody).fill(`Ik snap mijn zorgverzekering niet (${lang})`);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: s.ask }).click()]);
      expect(await page.textContent('main')).toContain(s.sent);
      await check(phone, page, 'help-sent', lang, 360);
      if (lang === 'nl') expect((await outboxTo(w.db, w.A.people['case-manager'].email)).length).toBe(mails + 1);

      for (const [name, state] of [[s.plan, 'plan'], [s.info, 'info'], [s.log, 'log']] as const) {
        await page.goto(`${origin}/sign/my-page?lang=${lang}`);
        await Promise.all([page.waitForNavigation(), page.getByRole('link', { name }).click()]);
        await check(phone, page, state, lang, 360);
      }
      await phone.close();
    }, 180_000);
  }

  it('the page at 1280 px, nl and en: axe clean, on screen', async () => {
    (await w.call(routes.sendOwnPageLink, { token: w.A.people['case-manager'].token, params: { municipalityId: w.A.id, agreementId } })).json(202);
    const link = /(http:\/\/[^\s]+\/sign\/my-page\?t=[a-z2-7]{32})/.exec((await outboxTo(w.db, mobile)).at(-1) as string)?.[1] as string;
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const page = await desk.newPage();
    await page.goto(`${link}&lang=nl`);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: UI.nl.sendCode }).click()]);
    await page.getByLabel(UI.nl.code).fill(oneTimeCode((await outboxTo(w.db, mobile)).at(-1)));
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: UI.nl.open }).click()]);
    for (const lang of ['nl', 'en'] as const) {
      await page.goto(`${origin}/sign/my-page?lang=${lang}`);
      await check(desk, page, 'page', lang, 1280);
      await page.goto(`${origin}/sign/my-page/info?lang=${lang}`);
      await check(desk, page, 'info', lang, 1280);
    }
    await desk.close();
  }, 180_000);
});

describe('the staff side in Chromium', () => {
  for (const lang of ['nl', 'en'] as const) {
    for (const width of [360, 1280]) {
      it(`${lang}, ${width} px: the young person's messages and the practical information pages — axe clean, on screen`, async () => {
        const m = `/app/municipalities/${w.A.id}`;
        for (const [person, paths] of [
          [w.A.people['case-manager'], [`${m}/agreements/${agreementId}`, `${m}/agreements/${agreementId}/notes`]],
          [w.A.people.admin, [`${m}/settings/practical-info`, `${m}/settings/practical-info/money`]],
        ] as const) {
          const context = await signedInContext(browser, origin, person.token, { width, lang });
          const page = await context.newPage();
          for (const path of paths) {
            await page.goto(`${origin}${path}?lang=${lang}`);
            const state = path.split('/').slice(-1)[0] === agreementId ? 'agreement' : (path.split('/').at(-1) as string);
            if (SHOTS) await page.screenshot({ path: `${SHOTS}/own-page-staff-${state}-${lang}-${width}.png`, fullPage: true });
            expect(axeSummary(await runAxe(page)), `${path} ${lang} ${width}`).toEqual([]);
            expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${path} fits ${width}`).toBe(true);
          }
          await context.close();
        }
      }, 120_000);
    }
  }
});
