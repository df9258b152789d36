// A municipality's theme through the API: colours checked for WCAG AA contrast (every problem
// listed), tenancy and roles as for every municipal operation, logos only PNG/JPEG/WebP ≤ 100 kB
// by their own bytes, and the pages (signing page, dashboard) linking the tenant's stylesheet.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { contrastRatio } from '../../src/platform/ui/theme.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let templateVersionId: string;
beforeAll(async () => {
  w = await createWorld();
  ({ templateVersionId } = await publishedTemplate(w, adminOf(w.A)));
});
afterAll(async () => w?.close());

const theme = (m: 'A' | 'B') => `/v1/municipalities/${w[m].id}/theme`;
// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const GOOD = { primaryColor: '#00689E', primaryTextColor: '#ffffff', linkColor: '#00689e', focusColor: '#1a1a1a', headerBackgroundColor: '#ffffff', headerTextColor: '#1a1a1a' };

describe('municipality theme API', () => {
  it('contrast is computed as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('starts neutral; an admin sets colours; the stylesheet maps them to the design tokens', async () => {
    const admin = w.A.people.admin.token;
    const before = await w.request('GET', theme('A'), { token: w.A.people['case-manager'].token });
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({ stylesheet: null, logo: null, updatedAt: null });
    const put = await w.request('PUT', theme('A'), { token: admin, body: GOOD });
    expect(put.status, await put.clone().text()).toBe(200);
    const body = await put.json();
    expect(body.primaryColor).toBe('#00689e');
    expect(body.stylesheet).toMatch(new RegExp(`^/assets/themes/${w.A.id}/[0-9a-f]{16}\\.css$`));
    const css = await w.app.request(body.stylesheet);
    expect(css.status).toBe(200);
    expect(css.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    const text = await css.text();
    expect(text).toContain('--utrecht-button-primary-action-background-color:#00689e');
    expect(text).toContain('--utrecht-link-color:#00689e');
    // Yesterday's hash is not today's file.
    expect((await w.app.request(`/assets/themes/${w.A.id}/0000000000000000.css`)).status).toBe(404);
  });

  it('refuses bad colours and poor contrast, listing every problem', async () => {
    const res = await w.request('PUT', theme('A'), { token: w.A.people.admin.token, body: { primaryColor: '#ffff00', primaryTextColor: '#ffffff', linkColor: '#aaaaaa', focusColor: '#eeeeee', headerBackgroundColor: '#000000', headerTextColor: '#111111' } });
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual(['/focusColor', '/headerTextColor', '/linkColor', '/primaryTextColor']);
    expect(problem.invalidParams.find((p: { name: string }) => p.name === '/linkColor').reason).toMatch(/contrast of 2\.\d+:1; WCAG AA needs at least 4\.5:1/);
    const syntax = await w.request('PUT', theme('A'), { token: w.A.people.admin.token, body: { primaryColor: 'red', linkColor: '#12345', extra: '#000000' } });
    expect(syntax.status).toBe(400);
    expect((await syntax.json()).invalidParams.length).toBeGreaterThanOrEqual(3);
  });

  it('tenancy and roles: B cannot read or write A (404); a case manager may read, not write (403)', async () => {
    const b = w.B.people.admin.token;
    expect((await w.request('GET', theme('A'), { token: b })).status).toBe(404);
    expect((await w.request('PUT', theme('A'), { token: b, body: GOOD })).status).toBe(404);
    expect((await w.request('PUT', `${theme('A')}/logo`, { token: b, body: { contentType: 'image/png', data: PNG } })).status).toBe(404);
    expect((await w.request('DELETE', `${theme('A')}/logo`, { token: b })).status).toBe(404);
    expect((await w.request('PUT', theme('A'), { token: w.A.people['case-manager'].token, body: GOOD })).status).toBe(403);
    expect((await w.request('PUT', `${theme('A')}/logo`, { token: w.A.people['case-manager'].token, body: { contentType: 'image/png', data: PNG } })).status).toBe(403);
  });

  it('a logo: PNG by its bytes, served at its hash with its type and nosniff; SVG, a lie or too big are refused', async () => {
    const admin = w.A.people.admin.token;
    const put = await w.request('PUT', `${theme('A')}/logo`, { token: admin, body: { contentType: 'image/png', data: PNG } });
    expect(put.status, await put.clone().text()).toBe(200);
    const { logo } = await put.json();
    expect(logo.href).toMatch(new RegExp(`^/assets/logos/${w.A.id}/[0-9a-f]{64}\\.png$`));
    const img = await w.app.request(logo.href);
    expect(img.status).toBe(200);
    expect(img.headers.get('Content-Type')).toBe('image/png');
    expect(img.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(Buffer.from(await img.arrayBuffer()).toString('base64')).toBe(PNG);
    expect((await w.app.request(logo.href.replace('.png', '.jpg'))).status).toBe(404);

    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');
    const refusedSvg = await w.request('PUT', `${theme('A')}/logo`, { token: admin, body: { contentType: 'image/png', data: svg } });
    expect(refusedSvg.status).toBe(400);
    expect(JSON.stringify(await refusedSvg.json())).toContain('not a PNG, JPEG or WebP');
    expect((await w.request('PUT', `${theme('A')}/logo`, { token: admin, body: { contentType: 'image/svg+xml', data: svg } })).status).toBe(400);
    const lie = await w.request('PUT', `${theme('A')}/logo`, { token: admin, body: { contentType: 'image/jpeg', data: PNG } });
    expect(lie.status).toBe(400);
    expect(JSON.stringify(await lie.json())).toContain('The file is image/png, not image/jpeg');
    const big = Buffer.concat([Buffer.from(PNG, 'base64'), Buffer.alloc(101 * 1024)]).toString('base64');
    const tooBig = await w.request('PUT', `${theme('A')}/logo`, { token: admin, body: { contentType: 'image/png', data: big } });
    expect(tooBig.status).toBe(400);
    expect(JSON.stringify(await tooBig.json())).toContain('at most 102400 bytes');

    expect((await w.request('DELETE', `${theme('A')}/logo`, { token: admin })).status).toBe(204);
    expect((await w.app.request(logo.href)).status).toBe(404);
    expect((await (await w.request('GET', theme('A'), { token: admin })).json()).logo).toBeNull();
  });

  it('the signing page and the dashboard carry the tenant’s theme and name; B’s pages do not', async () => {
    const admin = w.A.people.admin.token;
    const set = await (await w.request('PUT', theme('A'), { token: admin, body: GOOD })).json();
    await w.request('PUT', `${theme('A')}/logo`, { token: admin, body: { contentType: 'image/png', data: PNG } });
    const logo = (await (await w.request('GET', theme('A'), { token: admin })).json()).logo.href;

    const mobile = '+31612349901';
    const a = (
      await w.call(agreements.createAgreement, {
        token: w.A.people['case-manager'].token,
        params: { municipalityId: w.A.id },
        json: { templateVersionId, youngPerson: { name: 'Sem Thema', dateOfBirth: '2009-05-14', mobile }, departureDate: '2027-02-01', aftercareStartDate: '2026-12-01', plan: { goals: [{ domain: 'housing', term: 'long', description: 'Zelfstandig wonen', targetDate: '2027-09-01' }] } },
      })
    ).json(201);
    const sent = await w.call(agreements.send, { token: w.A.people['case-manager'].token, params: { municipalityId: w.A.id, agreementId: a.id }, headers: { 'If-Match': '"r1"' }, json: { order: 'sequential', signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: 'officier.thema@alpha.example' }] } });
    expect(sent.status).toBe(200);
    const body = (await sql<{ body: string }>`select body from outbox where recipient = ${mobile} order by created_at, id`.execute(w.db)).rows[0]?.body as string;
    const t = /\/sign\?t=([a-z2-7]{32})/.exec(body)?.[1] as string;
    const signing = await (await w.app.request(`/sign?t=${t}`)).text();
    expect(signing).toContain(`<link rel="stylesheet" href="${set.stylesheet}"/>`);
    expect(signing).toContain(`<img src="${logo}" alt="Logo van ${w.A.name}"/>`);

    const dashboard = await (await w.request('GET', `/app/municipalities/${w.A.id}/indicators`, { token: w.A.people.analyst.token })).text();
    expect(dashboard).toContain(`href="${set.stylesheet}"`);
    const dashboardB = await (await w.request('GET', `/app/municipalities/${w.B.id}/indicators`, { token: w.B.people.analyst.token })).text();
    expect(dashboardB).toContain('<body class="utrecht-root utrecht-document voorbeeld-theme">');
    expect(dashboardB).not.toContain('/assets/themes/');
  });
});
