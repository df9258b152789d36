// The verification page in a real browser: a stranger who holds a sealed PDF opens the address
// printed in it, in headless Chromium with JavaScript switched off, uploads the file and reads the
// answer; then a changed copy. axe-core checks each state (Dutch and English) for serious or
// critical WCAG 2.1 AA problems. The app runs on a real HTTP server with PUBLIC_URL set to its
// origin, so the address in the PDF is the one the browser opens.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ServerType } from '@hono/node-server';
import type { AxeResults } from 'axe-core';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import type { World } from '../support/world.js';
import { formatDateTime } from '../../src/platform/dates.js';
import { closeServer, launchChromium, serveWorld } from '../support/browser.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let w: World;
let server: ServerType;
let origin: string;
// The signing time shown is the app's clock at signing; the world's sessions are made at the real time.
const clock = new Date();
const shown = (locale: 'nl' | 'en') => formatDateTime(clock, locale);
let browser: Browser;
/** A stranger's browser: JavaScript off. */
let visitor: BrowserContext;
/** For axe: JavaScript on and the page's CSP bypassed so axe can be injected. */
let checker: BrowserContext;
let sealed: Buffer;
let tampered: Buffer;

async function outboxFor(recipient: string) {
  const { rows } = await sql<{ body: string }>`select body from outbox where recipient = ${recipient} order by created_at, id`.execute(w.db);
  return rows.map((r) => r.body);
}

/** A page form posted the way a browser on our origin posts it. */
const post = (path: string, fields: Record<string, string>) =>
  w.app.request(`${path}?lang=nl`, {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin, 'User-Agent': 'Mozilla/5.0 test' },
  });

/** An agreement sent, signed by both signers, sealed: the PDF as the case manager downloads it. */
async function sealedAgreementPdf(): Promise<Buffer> {
  const base = `/v1/municipalities/${w.A.id}`;
  const cm = w.A.people['case-manager'];
  const { templateVersionId } = await publishedTemplate(w, adminOf(w.A));
  const mobile = '+31623450001';
  const officerEmail = 'officer@alpha.example';
  const created = await w.request('POST', `${base}/agreements`, {
    token: cm.token,
    body: {
      templateVersionId,
      youngPerson: { name: 'Sanne Verhoeven', dateOfBirth: '2009-05-14', mobile },
      departureDate: '2027-02-01',
      aftercareStartDate: '2026-12-01',
      plan: { goals: [{ domain: 'housing', term: 'long', description: 'Zelfstandig wonen', targetDate: '2027-09-01' }] },
    },
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const sent = await w.request('POST', `${base}/agreements/${id}/send`, {
    token: cm.token,
    headers: { 'If-Match': '"r1"' },
    body: { order: 'parallel', signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: officerEmail }] },
  });
  expect(sent.status).toBe(200);
  for (const [recipient, name] of [[mobile, 'Sanne Verhoeven'], [officerEmail, 'Officier']] as const) {
    const token = /\/sign\?t=([a-z2-7]{32})/.exec((await outboxFor(recipient))[0] ?? '')?.[1] as string;
    await post('/sign/code', { t: token });
    const code = /(\d{6})/.exec((await outboxFor(recipient)).at(-1) as string)?.[1] as string;
    await post('/sign/verify', { t: token, code });
    expect((await post('/sign/sign', { t: token, consent: 'yes', typedName: name })).status).toBe(200);
  }
  const res = await w.request('GET', `${base}/agreements/${id}/versions/1/document`, { token: cm.token });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

beforeAll(async () => {
  ({ server, origin, world: w } = await serveWorld({ now: () => clock }));
  sealed = await sealedAgreementPdf();
  tampered = Buffer.from(sealed);
  const middle = Math.floor(tampered.length / 2);
  tampered[middle] = (tampered[middle] as number) ^ 1;

  browser = await launchChromium();
  visitor = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, locale: 'nl-NL' });
  checker = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: true, bypassCSP: true, locale: 'nl-NL' });
  for (const context of [visitor, checker]) {
    context.setDefaultTimeout(30_000);
    context.setDefaultNavigationTimeout(60_000);
  }
});

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  await w?.close();
});

/** Fail on any serious or critical axe violation (WCAG 2.0/2.1 A+AA and best practice). */
async function axe(page: Page, state: string) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    }),
  );
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) console.error(`axe on '${state}':\n${JSON.stringify(bad.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.html) })), null, 2)}`);
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help}`), `axe on '${state}'`).toEqual([]);
}

/** The verification address as printed in the PDF (read with pdftotext when it is installed). */
function printedAddress(pdf: Buffer): string {
  try {
    const text = execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
    const address = new RegExp(`${origin.replace(/[.:/]/g, '\\$&')}/\\S+`).exec(text)?.[0];
    expect(address, 'the PDF prints a verification address on this origin').toBeDefined();
    return address as string;
  } catch (error) {
    if (process.env.CI === 'true' || (error as { code?: string }).code !== 'ENOENT') throw error;
    console.warn('pdftotext (poppler-utils) is not installed: opening /verify without reading it from the PDF');
    return `${origin}/verify`;
  }
}

async function upload(page: Page, file: Buffer | null, lang: 'nl' | 'en') {
  const label = lang === 'nl' ? 'Pdf-bestand' : 'PDF file';
  if (file) await page.getByLabel(label).setInputFiles({ name: 'afspraken.pdf', mimeType: 'application/pdf', buffer: file });
  // Without a file the browser's own 'required' check stops the form; the server's answer is what
  // a browser without that check (or a script) would get.
  if (!file) await page.getByLabel(label).evaluate((input) => input.removeAttribute('required')).catch(() => undefined);
  await page.getByRole('button', { name: lang === 'nl' ? 'Controleer' : 'Check', exact: true }).click();
  await page.waitForLoadState('load');
}

describe('checking a PDF in a real browser, without JavaScript', () => {
  it('the address in the PDF opens the page; the sealed PDF is sealed by Vervolg, a changed copy is not', async () => {
    const address = printedAddress(sealed);
    expect(address).toBe(`${origin}/verify`);
    const page = await visitor.newPage();
    const opened = await page.goto(address);
    expect(opened?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await page.getByRole('heading', { level: 1, name: 'Document controleren' }).waitFor();

    await upload(page, sealed, 'nl');
    const status = page.getByRole('status');
    await status.getByRole('heading', { name: 'Verzegeld door Vervolg' }).waitFor();
    expect(await status.textContent()).toContain('Gemeente Alpha');
    expect(await status.textContent()).toContain('Afsprakenplan, versie 1');
    expect(await status.textContent()).toContain(shown('nl'));
    expect(shown('nl')).toMatch(/^\d{1,2} [a-z]+ \d{4}, \d{2}:\d{2}$/);
    // Nothing about who signed.
    expect(await page.content()).not.toMatch(/Sanne|Verhoeven|Officier/);
    await page.screenshot({ path: '/tmp/vervolg-verify-sealed-nl.png', fullPage: true });

    await upload(page, tampered, 'nl');
    await page.getByRole('alert').getByRole('heading', { name: 'Dit document is veranderd' }).waitFor();
    expect(await page.getByRole('status').count()).toBe(0);
    await page.close();
  });

  it('in English too, and a missing file says what to do', async () => {
    const page = await visitor.newPage();
    await page.goto(`${origin}/verify`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check a document' }).waitFor();
    await upload(page, sealed, 'en');
    await page.getByRole('status').getByRole('heading', { name: 'Sealed by Vervolg' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain(shown('en'));

    await upload(page, null, 'en');
    await page.getByText('Choose a PDF file to check.').waitFor();
    expect(await page.getByLabel('PDF file').getAttribute('aria-invalid')).toBe('true');
    await page.close();
  });

  it('axe-core finds no serious or critical problem in any state (Dutch and English)', async () => {
    const page = await checker.newPage();
    for (const lang of ['nl', 'en'] as const) {
      await page.goto(`${origin}/verify?lang=${lang}`);
      await axe(page, `verify form (${lang})`);
      await upload(page, sealed, lang);
      await axe(page, `sealed (${lang})`);
      await upload(page, tampered, lang);
      await axe(page, `changed (${lang})`);
      await upload(page, null, lang);
      await axe(page, `no file (${lang})`);
    }
    await page.close();
  });
});
