// The staff app's frame: /app sends each person to where their work is, the switcher lists only
// the municipalities a person works for, a municipality not theirs is a 404 page, an unknown /app
// path is a 404 page (not the API's JSON), and without a session every page leads to sign-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

describe('the staff app frame', () => {
  it('/app sends a case manager to their caseload, an analyst to the indicators', async () => {
    const cm = await pageClient(w, w.A.people['case-manager']).get('/app');
    expect(cm.status).toBe(303);
    expect(cm.headers.get('location')).toBe(`/app/municipalities/${w.A.id}/agreements`);
    const analyst = await pageClient(w, w.A.people.analyst).get('/app');
    expect(analyst.headers.get('location')).toBe(`/app/municipalities/${w.A.id}/indicators`);
  });

  it('/app sends the platform operator who works for no organisation to the operator’s pages', async () => {
    const res = await pageClient(w, w.operator).get('/app');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/operator');
  });

  it('a person in two municipalities chooses; the list names only theirs', async () => {
    const both = await w.person('in-both', { municipalities: [{ id: w.A.id, roles: ['case-manager'] }, { id: w.B.id, roles: ['analyst'] }] });
    const client = pageClient(w, both);
    expect((await client.get('/app')).headers.get('location')).toBe('/app/municipalities');
    const page = await client.get('/app/municipalities');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(w.A.name);
    expect(html).toContain(w.B.name);
    expect(html).toContain(`href="/app/municipalities/${w.A.id}/agreements"`);
    const en = await (await client.get('/app/municipalities?lang=en')).text();
    expect(en).toContain('Choose a municipality');
  });

  it('a municipality that is not yours is a 404 page; an unknown path too', async () => {
    const client = pageClient(w, w.A.people['case-manager']);
    const other = await client.get(`/app/municipalities/${w.B.id}`);
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toContain('text/html');
    expect(await other.text()).toContain('Niet gevonden');
    const unknown = await client.get('/app/no-such-page');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('<main');
  });

  it('without a session: to sign in, coming back afterwards', async () => {
    const res = await pageClient(w).get('/app/municipalities');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/sign-in?next=%2Fapp%2Fmunicipalities');
  });
});
