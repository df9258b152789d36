// The municipality's house style in Chromium. An admin changes the colours without JavaScript
// (Preview, then Save) and with it (the preview box and the contrast check follow what is typed or
// picked, live); the new colours then show on several staff pages (caseload, templates, indicators)
// and on the young person's signing page — measured as the browser draws them (computed styles), not
// as the HTML says. The settings pages (general, house style, subscription) are checked with axe-core
// in every state, Dutch and English, at 360 and 1280 px, and are never wider than the screen.
// SHOTS_DIR=/some/dir saves a screenshot of each state.
import type { ServerType } from '@hono/node-server';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { axeSummary, closeServer, launchChromium, runAxe, serveWorld, signedInContext } from '../support/browser.js';
import { FakeStripe } from '../support/fake-stripe.js';
import type { World } from '../support/world.js';

const SHOTS = process.env.SHOTS_DIR;
let w: World;
let server: ServerType;
let origin: string;
let browser: Browser;
let fake: FakeStripe;
let templateVersionId: string;

beforeAll(async () => {
  fake = await new FakeStripe().start();
  ({ server, origin, world: w } = await serveWorld({ env: fake.env() }));
  ({ templateVersionId } = await publishedTemplate(w, adminOf(w.A)));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
  await fake?.stop();
});

/** '#0b3d2e' → 'rgb(11, 61, 46)', as getComputedStyle gives it. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

/** What the browser draws: the page header's background and text, a primary button's, a link's, and the focus ring's. */
async function drawn(page: Page, scope = 'body') {
  return page.evaluate((scope) => {
    const root = document.querySelector(scope) as HTMLElement;
    const style = (selector: string) => {
      const el = root.querySelector(selector);
      return el ? getComputedStyle(el) : null;
    };
    const header = style(scope === 'body' ? '.vv-header' : '.vv-theme-preview__header');
    // A primary button: the @utrecht one, or the signing page's plain submit button (drawn with the same tokens).
    const button = style('.utrecht-button--primary-action') ?? style('main button[type=submit]:not(.secondary)');
    const link = style(scope === 'body' ? 'main a.utrecht-link' : '.vv-theme-preview__link');
    return {
      headerBackground: header?.backgroundColor,
      headerText: header?.color,
      button: button?.backgroundColor,
      buttonText: button?.color,
      link: link?.color,
      focus: getComputedStyle(root).getPropertyValue('--utrecht-focus-outline-color').trim(),
    };
  }, scope);
}

const THEME = { primaryColor: '#0b6e4f', primaryTextColor: '#ffffff', linkColor: '#0b6e4f', focusColor: '#b45309', headerBackgroundColor: '#0b3d2e', headerTextColor: '#ffffff' };
const LIVE = { headerBackgroundColor: '#5b21b6', primaryColor: '#8a1538' };

const themePath = () => `${origin}/app/municipalities/${w.A.id}/settings/theme`;

/** Without JavaScript axe cannot run in the page: a screenshot and the width only (axe runs on the same states with JavaScript below). */
async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${name}: wider than the screen`).toBe(true);
}

async function check(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  expect(axeSummary(await runAxe(page)), name).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${name}: wider than the screen`).toBe(true);
}

describe('the house style in Chromium', () => {
  it('without JavaScript: Preview shows the typed colours in the box (nothing saved), Save puts them on every page and on the signing page', async () => {
    const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: false });
    const page = await context.newPage();
    await page.goto(themePath());
    const before = await drawn(page);
    // No picker without JavaScript: the text fields are the whole form.
    expect(await page.locator('input[type=color]').first().isVisible()).toBe(false);
    for (const [key, value] of Object.entries(THEME)) await page.fill(`#field-${key}`, value);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Voorbeeld bekijken' }).click()]);
    expect(new URL(page.url()).searchParams.get('preview')).toBe('1');
    expect(await drawn(page, '.vv-theme-preview')).toEqual({
      headerBackground: rgb(THEME.headerBackgroundColor),
      headerText: rgb(THEME.headerTextColor),
      button: rgb(THEME.primaryColor),
      buttonText: rgb(THEME.primaryTextColor),
      link: rgb(THEME.linkColor),
      focus: THEME.focusColor,
    });
    // The page itself is still in the saved (default) colours: nothing was saved.
    expect(await drawn(page)).toEqual(before);
    await shot(page, 'theme-preview-nojs');

    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Kleuren opslaan' }).click()]);
    await page.getByText('De kleuren zijn opgeslagen.').waitFor();
    expect(await drawn(page)).toMatchObject({ headerBackground: rgb(THEME.headerBackgroundColor), headerText: rgb(THEME.headerTextColor), button: rgb(THEME.primaryColor), focus: THEME.focusColor });
    await shot(page, 'theme-saved-nojs');
    await context.close();

    // A case manager sees the colours on the caseload, the templates and the indicators.
    const cm = await signedInContext(browser, origin, w.A.people['case-manager'].token, { javaScript: false });
    const staff = await cm.newPage();
    for (const path of ['agreements', 'templates', 'indicators']) {
      await staff.goto(`${origin}/app/municipalities/${w.A.id}/${path}`);
      const look = await drawn(staff);
      expect(look.headerBackground, path).toBe(rgb(THEME.headerBackgroundColor));
      expect(look.headerText, path).toBe(rgb(THEME.headerTextColor));
      expect(look.focus, path).toBe(THEME.focusColor);
      if (look.link) expect(look.link, path).toBe(rgb(THEME.linkColor));
      if (look.button) expect(look.button, path).toBe(rgb(THEME.primaryColor));
      if (SHOTS) await staff.screenshot({ path: `${SHOTS}/theme-on-${path}.png` });
    }
    // Another municipality keeps its own look.
    const other = await signedInContext(browser, origin, w.B.people['case-manager'].token, { javaScript: false });
    const otherPage = await other.newPage();
    await otherPage.goto(`${origin}/app/municipalities/${w.B.id}/agreements`);
    expect((await drawn(otherPage)).headerBackground).not.toBe(rgb(THEME.headerBackgroundColor));
    await other.close();
    await cm.close();

    // The young person opens the signing link from the SMS: the municipality's colours there too.
    const cmToken = w.A.people['case-manager'].token;
    const mobile = '+31612398765';
    const id = (
      await w.call(agreements.createAgreement, {
        token: cmToken,
        params: { municipalityId: w.A.id },
        json: { templateVersionId, youngPerson: { name: 'Sanne Huisstijl', dateOfBirth: '2007-05-14', mobile }, departureDate: '2027-02-01', aftercareStartDate: '2026-12-01' },
      })
    ).json(201).id;
    (await w.call(agreements.send, { token: cmToken, params: { municipalityId: w.A.id, agreementId: id }, headers: { 'If-Match': '"r1"' }, json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: 'officier.huisstijl@alpha.example' }] } })).json(200);
    const { rows } = await sql<{ body: string }>`select body from outbox where recipient = ${mobile} order by created_at`.execute(w.db);
    const link = /https?:\/\/\S+\/sign\?t=[a-z2-7]{32}/.exec(rows[0]?.body ?? '')?.[0];
    expect(link?.startsWith(`${origin}/sign?t=`)).toBe(true);
    const phone = await browser.newContext({ viewport: { width: 360, height: 800 }, javaScriptEnabled: false, locale: 'nl-NL' });
    const young = await phone.newPage();
    await young.goto(link as string);
    const signing = await drawn(young);
    expect(signing.headerBackground).toBe(rgb(THEME.headerBackgroundColor));
    expect(signing.headerText).toBe(rgb(THEME.headerTextColor));
    expect(signing.button).toBe(rgb(THEME.primaryColor));
    expect(signing.buttonText).toBe(rgb(THEME.primaryTextColor));
    if (SHOTS) await young.screenshot({ path: `${SHOTS}/theme-on-signing.png`, fullPage: true });
    await phone.close();
  });

  it('with JavaScript: a colour picker beside each field; the preview and the contrast check follow as the admin types — a failing colour is warned about and kept out of the box', async () => {
    const context = await signedInContext(browser, origin, w.A.people.admin.token, { javaScript: true });
    const page = await context.newPage();
    await page.goto(themePath());
    // From the colours saved above (typed again, so this test stands alone).
    for (const [key, value] of Object.entries(THEME)) await page.fill(`#field-${key}`, value);
    const saved = await drawn(page, '.vv-theme-preview');
    const picker = page.locator('input[type=color][data-color-for=headerBackgroundColor]');
    expect(await picker.isVisible()).toBe(true);
    // The picker fills the field; the box follows at once (no page load).
    await picker.fill(LIVE.headerBackgroundColor);
    expect(await page.inputValue('#field-headerBackgroundColor')).toBe(LIVE.headerBackgroundColor);
    await expect.poll(async () => (await drawn(page, '.vv-theme-preview')).headerBackground).toBe(rgb(LIVE.headerBackgroundColor));
    await page.fill('#field-primaryColor', LIVE.primaryColor);
    await expect.poll(async () => (await drawn(page, '.vv-theme-preview')).button).toBe(rgb(LIVE.primaryColor));
    expect(await page.locator('[data-theme-preview-status]').innerText()).toBe('Het voorbeeld verandert mee terwijl u kleuren kiest.');
    await check(page, 'theme-live-js');

    // A text colour on the buttons that is too light: warned beside the field, with the ratio; the box keeps the last good colours.
    await page.fill('#field-primaryTextColor', '#c8a2b0');
    const line = page.locator('[data-contrast-live=primaryTextColor]');
    await expect.poll(() => line.innerText()).toMatch(/^Contrast met de kleur van knoppen: \d,\d+:1\. Te weinig: minstens 4,5:1 is nodig\./);
    expect(await line.getAttribute('class')).toContain('vv-contrast-live--bad');
    expect((await drawn(page, '.vv-theme-preview')).buttonText).toBe(saved.buttonText);
    expect(await page.locator('[data-theme-preview-status]').innerText()).toBe('Het voorbeeld toont de laatste kleuren die de contrastcontrole haalden.');
    await check(page, 'theme-live-warning-js');

    // Saving it anyway: the server refuses, naming the ratio beside the field, keeping what was typed.
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Kleuren opslaan' }).click()]);
    expect(await page.locator('#field-primaryTextColor-error').innerText()).toMatch(/^Te weinig contrast: #c8a2b0 met de kleur van knoppen \(#8a1538\) is \d,\d\d:1\. WCAG AA vraagt minstens 4,5:1\./);
    expect(await page.inputValue('#field-primaryTextColor')).toBe('#c8a2b0');
    expect(await page.inputValue('#field-headerBackgroundColor')).toBe(LIVE.headerBackgroundColor);
    // The error summary took focus (app.js).
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary'))).toBe(true);
    await check(page, 'theme-refused-js');
    await context.close();
  });
});

describe('axe-core on every settings page and state', () => {
  const WORDS = {
    nl: { save: 'Opslaan', saveColours: 'Kleuren opslaan', preview: 'Voorbeeld bekijken' },
    en: { save: 'Save', saveColours: 'Save colours', preview: 'Preview' },
  } as const;
  for (const lang of ['nl', 'en'] as const) {
    for (const width of [360, 1280]) {
      it(`${lang}, ${width} px: general, house style and subscription, their errors and the preview`, async () => {
        const context = await signedInContext(browser, origin, w.A.people.admin.token, { width, lang });
        const page = await context.newPage();
        const base = `${origin}/app/municipalities/${w.A.id}/settings`;
        const q = `?lang=${lang}`;
        await page.goto(`${base}${q}`);
        await check(page, `settings-index-${lang}-${width}`);

        await page.goto(`${base}/general${q}`);
        await check(page, `settings-general-${lang}-${width}`);
        await page.fill('#field-signingLinkDays', '90');
        await page.fill('#field-name', '');
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: WORDS[lang].save, exact: true }).click()]);
        expect(await page.locator('#field-signingLinkDays-error').count()).toBe(1);
        expect(await page.locator('#field-name-error').count()).toBe(1);
        expect(await page.inputValue('#field-signingLinkDays')).toBe('90');
        await check(page, `settings-general-errors-${lang}-${width}`);

        await page.goto(`${base}/theme${q}`);
        await check(page, `settings-theme-${lang}-${width}`);
        await page.fill('#field-linkColor', '#9ab');
        await page.fill('#field-headerTextColor', '#dddddd');
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: WORDS[lang].preview, exact: true }).click()]);
        expect(await page.locator('#field-linkColor-error').count()).toBe(1);
        await check(page, `settings-theme-errors-${lang}-${width}`);
        for (const [key, value] of Object.entries({ ...THEME, linkColor: '#1d4ed8', headerBackgroundColor: '#1e3a5f' })) await page.fill(`#field-${key}`, value);
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: WORDS[lang].preview, exact: true }).click()]);
        expect(await page.locator('.utrecht-form-field-error-message').count()).toBe(0);
        await check(page, `settings-theme-preview-${lang}-${width}`);

        await page.goto(`${base}/billing${q}`);
        await check(page, `settings-billing-${lang}-${width}`);
        await context.close();
      });
    }
  }
});
