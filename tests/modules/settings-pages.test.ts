// The municipality's settings pages for admins (issue 14): general (name, language, small numbers,
// the signing-link lifetime, the second factor always on), the house style (colours with a preview
// and the WCAG AA contrast check, the logo) and the subscription (status, invoices, Stripe Checkout
// and the Customer Portal, against the fake Stripe of tests/support/fake-stripe.ts). Each form: the
// happy path, refused input beside its field with what was typed kept; a non-admin gets 403, another
// municipality's admin 404. The signing-link lifetime a municipality sets is the one its new signing
// links get.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { routes as signing } from '../../src/modules/signing/routes.js';
import { routes as tenants } from '../../src/modules/tenants/routes.js';
import { uuidv7 } from '../../src/platform/crypto.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { FakeStripe, invoice } from '../support/fake-stripe.js';
import { PAGE_ORIGIN, pageClient } from '../support/pages.js';
import { type World, connectionFrom, createWorld } from '../support/world.js';

let w: World;
let fake: FakeStripe;
const DAY = 86_400_000;
const settings = (m: string, page = '') => `/app/municipalities/${m}/settings${page ? `/${page}` : ''}`;
// The smallest PNG (1×1), as the API's example.
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (ch) => ch.charCodeAt(0));

beforeAll(async () => {
  fake = await new FakeStripe().start();
  w = await createWorld({ env: fake.env() });
});
afterAll(async () => {
  await w?.close();
  await fake?.stop();
  expect(fake?.problems ?? []).toEqual([]);
});

/** A multipart form post as a browser sends a file input (pageClient posts url-encoded forms only). */
function upload(path: string, token: string, file: { bytes: Uint8Array; name: string; type: string } | null) {
  const form = new FormData();
  form.append('logo', file ? new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type }) : new File([], '', { type: 'application/octet-stream' }));
  return w.app.request(path, { method: 'POST', body: form, headers: { Origin: PAGE_ORIGIN, Cookie: `vervolg_session=${token}` } }, connectionFrom('198.51.100.77'));
}

const theme = async (m = w.A.id) => (await w.call(tenants.getTheme, { token: w.A.people.admin.token, params: { municipalityId: m } })).json(200);

describe('the settings index', () => {
  it('lists general, house style and subscription beside the signals', async () => {
    const html = await (await pageClient(w, w.A.people.admin).get(settings(w.A.id))).text();
    for (const page of ['general', 'theme', 'billing', 'signals']) expect(html).toContain(`href="${settings(w.A.id, page)}"`);
  });
});

describe('general settings', () => {
  it('shows the saved settings, the second factor as always on (no control) and the way to the signals', async () => {
    const html = await (await pageClient(w, w.A.people.admin).get(settings(w.A.id, 'general'))).text();
    expect(html).toContain(`value="${w.A.name}"`);
    expect(html).toMatch(/id="field-signingLinkDays"[^>]*value="14"/);
    expect(html).toMatch(/id="field-smallNumberThreshold"[^>]*value="\d+"/);
    expect(html).toContain('Tweestapsverificatie: altijd aan');
    expect(html).toContain('Dit kan niet uitgezet worden');
    expect(html).not.toContain('requireTwoFactor');
    expect(html).toContain(`href="${settings(w.A.id, 'signals')}"`);
  });

  it('refuses a bad name, threshold and link lifetime beside each field, keeping what was typed; saves good ones', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const path = settings(w.A.id, 'general');
    const bad = await admin.post(path, { name: 'X', defaultLocale: 'nl', smallNumberThreshold: 'vijf', signingLinkDays: '61' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('value="X"');
    expect(html).toContain('value="vijf"');
    expect(html).toContain('value="61"');
    expect(html).toMatch(/id="field-name-error"[^>]*>Vul een naam in van 2 tot en met 200 tekens\./);
    expect(html).toMatch(/id="field-smallNumberThreshold-error"[^>]*>Vul een heel getal in van 1 tot en met 100\./);
    expect(html).toMatch(/id="field-signingLinkDays-error"[^>]*>Vul een heel aantal dagen in van 1 tot en met 60\./);
    expect(html).toContain('Er zijn 3 fouten in het formulier');
    expect((await w.call(tenants.get, { token: w.A.people.admin.token, params: { municipalityId: w.A.id } })).json(200).name).toBe(w.A.name);

    const en = await admin.post(`${path}?lang=en`, { name: 'Gemeente Alfa', defaultLocale: 'en', smallNumberThreshold: '5', signingLinkDays: '0' });
    expect(en.status).toBe(400);
    expect(await en.text()).toMatch(/id="field-signingLinkDays-error"[^>]*>Enter a whole number of days from 1 to 60\./);

    const good = await admin.post(path, { name: 'Gemeente Alfa', defaultLocale: 'nl', smallNumberThreshold: '7', signingLinkDays: '30' });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe(`${path}?done=saved`);
    const saved = (await w.call(tenants.get, { token: w.A.people.admin.token, params: { municipalityId: w.A.id } })).json(200);
    expect(saved).toMatchObject({ name: 'Gemeente Alfa', settings: { defaultLocale: 'nl', smallNumberThreshold: 7, requireTwoFactor: true, signingLinkDays: 30 } });
    const shown = await (await admin.get(`${path}?done=saved`)).text();
    expect(shown).toContain('De instellingen zijn opgeslagen.');
    expect(shown).toMatch(/id="field-signingLinkDays"[^>]*value="30"/);
    // The shell shows the new name at once.
    expect(shown).toContain('<span>Gemeente Alfa</span>');
  });

  it('the API takes the link lifetime from 1 to 60 days and refuses others, naming the field', async () => {
    const call = (signingLinkDays: number) => w.call(tenants.update, { token: w.B.people.admin.token, params: { municipalityId: w.B.id }, json: { settings: { signingLinkDays } } });
    for (const days of [0, 61]) {
      const refused = await call(days);
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('signingLinkDays');
    }
    expect((await call(60)).json(200).settings.signingLinkDays).toBe(60);
    expect((await call(14)).json(200).settings.signingLinkDays).toBe(14);
  });
});

describe('the signing-link lifetime', () => {
  it('a new agreement sent for signing gets links that live as long as the municipality set; another keeps the default', async () => {
    const { templateVersionId } = await publishedTemplate(w, adminOf(w.A));
    const { templateVersionId: bTemplate } = await publishedTemplate(w, adminOf(w.B));
    const admin = pageClient(w, w.A.people.admin);
    expect((await admin.post(settings(w.A.id, 'general'), { name: 'Gemeente Alfa', defaultLocale: 'nl', smallNumberThreshold: '7', signingLinkDays: '3' })).status).toBe(303);
    // B never chose: the installation's default (SIGNING_LINK_DAYS, 14 in tests).
    await sql`update tenants set signing_link_days = null where id = ${w.B.id}`.execute(w.db);

    const sendOne = async (m: typeof w.A, version: string, n: number) => {
      const cm = m.people['case-manager'];
      const a = (
        await w.call(agreements.createAgreement, {
          token: cm.token,
          params: { municipalityId: m.id },
          json: { templateVersionId: version, youngPerson: { name: `Link ${n}`, dateOfBirth: '2006-05-01', mobile: `+3161111${String(n).padStart(4, '0')}` }, departureDate: '2027-02-01', aftercareStartDate: '2026-12-01' },
        })
      ).json(201);
      const before = Date.now();
      (await w.call(agreements.send, { token: cm.token, params: { municipalityId: m.id, agreementId: a.id }, headers: { 'If-Match': '"r1"' }, json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: `officier.link${n}@example.test` }] } })).json(200);
      const signers = (await w.call(signing.signers, { token: cm.token, params: { municipalityId: m.id, agreementId: a.id, version: 1 } })).json(200).items;
      return signers.map((s) => (new Date(s.expiresAt).getTime() - before) / DAY);
    };
    for (const days of await sendOne(w.A, templateVersionId, 1)) expect(days).toBeCloseTo(3, 1);
    for (const days of await sendOne(w.B, bTemplate, 2)) expect(days).toBeCloseTo(14, 1);
  });
});

describe('house style', () => {
  const path = () => settings(w.A.id, 'theme');
  const good = { primaryColor: '#004494', primaryTextColor: '#ffffff', linkColor: '#004494', focusColor: '#c2410c', headerBackgroundColor: '#ffffff', headerTextColor: '#1a1a1a' };

  it('"Preview" draws the box in the typed colours without storing them; a colour that fails the check is not previewed', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const first = await (await admin.get(path())).text();
    // The neutral default: every colour field empty, the preview in the default's colours.
    expect(first).toContain('href="/assets/theme-preview/5115efffffff00568b0b0c0cf3eeff0b0c0c.css"');
    expect(first).toMatch(/formmethod="get"/);

    const query = new URLSearchParams({ ...good, preview: '1' });
    const preview = await admin.get(`${path()}?${query}`);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('href="/assets/theme-preview/004494ffffff004494c2410cffffff1a1a1a.css"');
    expect(html).toContain('value="#004494"');
    expect(html).toContain('Het voorbeeld toont de kleuren die u net intypte.');
    expect(await theme()).toMatchObject({ stylesheet: null });
    // The preview's stylesheet: only the box's tokens, public and immutable.
    const css = await w.app.request('/assets/theme-preview/004494ffffff004494c2410cffffff1a1a1a.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    const text = await css.text();
    expect(text).toMatch(/^\.vv-theme-preview\{/);
    expect(text).toContain('--utrecht-button-primary-action-background-color:#004494');
    expect(text).toContain('--utrecht-focus-outline-color:#c2410c');
    expect((await w.app.request('/assets/theme-preview/nothex.css')).status).toBe(404);

    const failing = await admin.get(`${path()}?${new URLSearchParams({ ...good, primaryTextColor: '#8899aa', preview: '1' })}`);
    expect(failing.status).toBe(400);
    const refused = await failing.text();
    expect(refused).toContain('value="#8899aa"');
    expect(refused).toContain('href="/assets/theme-preview/5115efffffff00568b0b0c0cf3eeff0b0c0c.css"');
  });

  it('refuses colours that fail WCAG AA beside each field, naming the ratio, keeping what was typed; refuses what is no colour', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const bad = await admin.post(path(), { ...good, primaryTextColor: '#8899aa', linkColor: '#aaaaaa', focusColor: 'oranje' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    // What is no colour first (the contrast is checked on colours only).
    expect(html).toMatch(/id="field-focusColor-error"[^>]*>Schrijf de kleur als #/);
    expect(html).toContain('value="oranje"');
    expect(html).toContain('value="#8899aa"');

    const contrast = await admin.post(path(), { ...good, primaryTextColor: '#8899aa', linkColor: '#aaaaaa' });
    expect(contrast.status).toBe(400);
    const page = await contrast.text();
    expect(page).toMatch(/id="field-primaryTextColor-error"[^>]*>Te weinig contrast: #8899aa met de kleur van knoppen \(#004494\) is 3,\d\d:1\. WCAG AA vraagt minstens 4,5:1\./);
    expect(page).toMatch(/id="field-linkColor-error"[^>]*>Te weinig contrast: #aaaaaa met wit \(#ffffff\) is 2,\d\d:1\. WCAG AA vraagt minstens 4,5:1\./);
    expect(page).toContain('Er zijn 2 fouten in het formulier');
    expect(page).toContain('value="#aaaaaa"');
    expect(page).toMatch(/data-contrast-live="primaryTextColor"[^>]*>Contrast met de kleur van knoppen: 3,\d\d:1\. Te weinig/);
    expect(await theme()).toMatchObject({ stylesheet: null });

    const en = await admin.post(`${path()}?lang=en`, { ...good, headerTextColor: '#eeeeee' });
    expect(en.status).toBe(400);
    expect(await en.text()).toMatch(/id="field-headerTextColor-error"[^>]*>Too little contrast: #eeeeee on the header background \(#ffffff\) is 1\.\d\d:1\. WCAG AA needs at least 4\.5:1\./);
  });

  it('saves good colours: every staff page and the young person’s signing page link the new theme', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const saved = await admin.post(path(), { ...good, primaryColor: '#004494 ', headerBackgroundColor: '' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${path()}?done=saved`);
    const stored = await theme();
    expect(stored).toMatchObject({ primaryColor: '#004494', focusColor: '#c2410c', headerTextColor: '#1a1a1a' });
    expect(stored.headerBackgroundColor).toBeUndefined();
    const stylesheet = stored.stylesheet as string;
    expect(stylesheet).toMatch(/^\/assets\/themes\//);
    const html = await (await admin.get(`${path()}?done=saved`)).text();
    expect(html).toContain('De kleuren zijn opgeslagen.');
    expect(html).toContain(`<link rel="stylesheet" href="${stylesheet}"/>`);
    const cm = pageClient(w, w.A.people['case-manager']);
    for (const page of ['agreements', 'templates', 'indicators', 'barriers']) {
      const res = await cm.get(`/app/municipalities/${w.A.id}/${page}`);
      expect(res.status, page).toBe(200);
      expect(await res.text(), page).toContain(`href="${stylesheet}"`);
    }
    // Another municipality keeps its own look.
    expect(await (await pageClient(w, w.B.people['case-manager']).get(`/app/municipalities/${w.B.id}/agreements`)).text()).not.toContain(stylesheet);
    const css = await (await w.app.request(stylesheet)).text();
    expect(css).toContain('--utrecht-button-primary-action-background-color:#004494');
  });

  it('takes a PNG logo (shown in the header), refuses a file that is no image beside its field, and removes it', async () => {
    const admin = w.A.people.admin;
    const missing = await upload(`${path()}/logo`, admin.token, null);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(/id="field-logo-error"[^>]*>Kies een afbeelding om op te slaan\./);
    const text = await upload(`${path()}/logo`, admin.token, { bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), name: 'logo.svg', type: 'image/svg+xml' });
    expect(text.status).toBe(400);
    expect(await text.text()).toMatch(/id="field-logo-error"[^>]*>Dit is geen PNG-, JPEG- of WebP-afbeelding\./);
    const big = new Uint8Array(120 * 1024);
    big.set(PNG);
    const tooBig = await upload(`${path()}/logo`, admin.token, { bytes: big, name: 'groot.png', type: 'image/png' });
    expect(tooBig.status).toBe(400);
    expect(await tooBig.text()).toContain('De afbeelding is groter dan 100 kB.');
    expect((await theme()).logo).toBeNull();

    const ok = await upload(`${path()}/logo`, admin.token, { bytes: PNG, name: 'logo.png', type: 'image/png' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`${path()}?done=logo-saved`);
    const logo = (await theme()).logo;
    expect(logo).toMatchObject({ contentType: 'image/png' });
    const caseload = await (await pageClient(w, w.A.people['case-manager']).get(`/app/municipalities/${w.A.id}/agreements`)).text();
    expect(caseload).toContain(`src="${logo?.href}"`);
    const served = await w.app.request(logo?.href as string);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);

    const removed = await pageClient(w, admin).post(`${path()}/logo/delete`, {});
    expect(removed.status).toBe(303);
    expect(removed.headers.get('location')).toBe(`${path()}?done=logo-removed`);
    expect((await theme()).logo).toBeNull();
  });
});

describe('subscription', () => {
  /** A municipality of the test's own, with an admin: its billing state is the test's alone. */
  let towns = 0;
  async function town() {
    const n = ++towns;
    const id = uuidv7();
    await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { operator: true });
      await trx.insertInto('tenants').values({ id, name: `Gemeente Abonnement ${n}`, cbs_code: `GM${7100 + n}`, slug: `abonnement-${n}` }).execute();
    });
    const admin = await w.person(`abonnement${n}-admin`, { municipalities: [{ id, roles: ['admin'] }] });
    return { id, n, admin };
  }
  async function billingRow(id: string, values: Record<string, unknown>) {
    await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: id });
      await trx.insertInto('billing_accounts').values({ tenant_id: id, updated_at: new Date(), ...values }).execute();
    });
  }

  it('without a subscription: the status and a button that starts Stripe Checkout (303 to Stripe, back to this page)', async () => {
    const t = await town();
    const admin = pageClient(w, t.admin);
    const page = await admin.get(settings(t.id, 'billing'));
    expect(page.status).toBe(200);
    // The form's redirect may go to Stripe, and only there.
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self' https://checkout.stripe.com https://billing.stripe.com");
    const html = await page.text();
    expect(html).toContain('Nog geen abonnement');
    expect(html).toContain('Abonnement afsluiten');
    expect(html).toContain('Er zijn nog geen facturen.');
    expect(html).toContain(`action="${settings(t.id, 'billing')}/checkout"`);

    const checkout = await admin.post(`${settings(t.id, 'billing')}/checkout`, {});
    expect(checkout.status).toBe(303);
    expect(checkout.headers.get('location')).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_fake\d+$/);
    const call = fake.calls('POST', '/v1/checkout/sessions').find((r) => r.form.client_reference_id === t.id);
    expect(call?.form.success_url).toBe(`https://vervolg.test${settings(t.id, 'billing')}?done=subscribed`);
    expect(call?.form.cancel_url).toBe(`https://vervolg.test${settings(t.id, 'billing')}?done=checkout-canceled`);
  });

  it('subscribed: period, invoices and the Customer Portal (303); a second Checkout is refused on the page', async () => {
    const t = await town();
    const customer = `cus_settings_${t.n}`;
    const periodEnd = new Date('2027-01-31T12:00:00Z');
    await billingRow(t.id, { stripe_customer_id: customer, stripe_subscription_id: `sub_settings_${t.n}`, status: 'active', current_period_end: periodEnd });
    const start = Math.floor(new Date('2026-11-01T12:00:00Z').getTime() / 1000);
    fake.invoices.push(invoice({ id: `in_settings${t.n}a`, customer, subscription: `sub_settings_${t.n}`, status: 'paid', amount: 49_900, periodStart: start, periodEnd: start + 30 * 86_400 }));
    const admin = pageClient(w, t.admin);
    const html = await (await admin.get(settings(t.id, 'billing'))).text();
    expect(html).toContain('Actief');
    expect(html).toContain('31 januari 2027');
    expect(html).toContain(`VV-${`in_settings${t.n}a`.slice(-4).toUpperCase()}`);
    expect(html).toMatch(/€\s?499,00/);
    expect(html).toContain('Betaald');
    expect(html).toContain(`href="https://invoice.stripe.test/i/in_settings${t.n}a"`);
    expect(html).not.toContain('Abonnement afsluiten');
    expect(html).toContain('Betaalgegevens beheren');

    const portal = await admin.post(`${settings(t.id, 'billing')}/portal`, {});
    expect(portal.status).toBe(303);
    expect(portal.headers.get('location')).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\/bps_fake\d+$/);
    expect(fake.calls('POST', '/v1/billing_portal/sessions').find((r) => r.form.customer === customer)?.form.return_url).toBe(`https://vervolg.test${settings(t.id, 'billing')}`);

    const again = await admin.post(`${settings(t.id, 'billing')}/checkout`, {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Uw gemeente heeft al een abonnement.');
  });

  it('read-only after the grace period: other forms answer 402, paying again still works', async () => {
    const t = await town();
    await billingRow(t.id, { stripe_customer_id: `cus_settings_${t.n}`, status: 'canceled', canceled_at: new Date(Date.now() - 40 * DAY), grace_until: new Date(Date.now() - 10 * DAY) });
    const admin = pageClient(w, t.admin);
    const html = await (await admin.get(settings(t.id, 'billing'))).text();
    expect(html).toContain('Opgezegd');
    expect(html).toContain('Het abonnement is beëindigd.');
    expect((await admin.post(settings(t.id, 'general'), { name: 'Nieuwe naam', defaultLocale: 'nl', smallNumberThreshold: '5', signingLinkDays: '14' })).status).toBe(402);
    const checkout = await admin.post(`${settings(t.id, 'billing')}/checkout`, {});
    expect(checkout.status).toBe(303);
    expect(checkout.headers.get('location')).toMatch(/^https:\/\/checkout\.stripe\.test\//);
    const portal = await admin.post(`${settings(t.id, 'billing')}/portal`, {});
    expect(portal.status).toBe(303);
  });

  it('Stripe down: the page says so (502) and nothing breaks', async () => {
    const t = await town();
    fake.failures.set('POST /v1/customers', 3);
    const res = await pageClient(w, t.admin).post(`${settings(t.id, 'billing')}/checkout`, {});
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('Stripe gaf nu geen antwoord.');
    fake.failures.delete('POST /v1/customers');
  });
});

describe('access', () => {
  const pages = ['general', 'theme', 'billing'];
  it('a case manager, a contract manager and an analyst get 403; another municipality’s admin 404', async () => {
    for (const role of ['case-manager', 'contract-manager', 'analyst'] as const) {
      const client = pageClient(w, w.A.people[role]);
      for (const page of pages) expect((await client.get(settings(w.A.id, page))).status, `${role} ${page}`).toBe(403);
      expect((await client.post(settings(w.A.id, 'theme'), { primaryColor: '#000000' })).status).toBe(403);
    }
    const other = pageClient(w, w.B.people.admin);
    for (const page of pages) expect((await other.get(settings(w.A.id, page))).status, page).toBe(404);
    expect((await other.post(`${settings(w.A.id, 'billing')}/checkout`, {})).status).toBe(404);
    expect((await upload(`${settings(w.A.id, 'theme')}/logo`, w.B.people.admin.token, { bytes: PNG, name: 'logo.png', type: 'image/png' })).status).toBe(404);
  });
});
