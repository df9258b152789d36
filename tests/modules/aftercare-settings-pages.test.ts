// The signal settings on the staff app (admins): the saved values (or the defaults), every problem
// beside its field with what was typed kept, saved and shown again; the menu leads there for
// admins only. Access by other municipalities and roles: page-access.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as signals } from '../../src/modules/aftercare/signal-routes.js';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let path: string;
beforeAll(async () => {
  w = await createWorld();
  path = `/app/municipalities/${w.A.id}/settings/signals`;
});
afterAll(async () => w?.close());

describe('the signal settings page', () => {
  it('shows the defaults; refuses bad numbers beside their fields, keeping them; saves good ones', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const first = await (await admin.get(path)).text();
    expect(first).toContain('value="6"');
    expect(first).toContain('value="8"');
    expect(first).toMatch(/id="field-weeklyDigest"[^>]*checked/);

    const bad = await admin.post(path, { noContactWeeks: '0', endingWeeks: 'acht' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('value="0"');
    expect(html).toContain('value="acht"');
    expect(html.match(/Vul een heel aantal weken in, van 1 tot en met 52\./g)?.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain('aria-invalid="true"');
    // An unticked box on a refused form stays unticked.
    expect(html).not.toMatch(/id="field-weeklyDigest"[^>]*checked/);

    const good = await admin.post(path, { noContactWeeks: '4', endingWeeks: '12' });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toContain('done=saved');
    const saved = (await w.call(signals.getAftercareSettings, { token: w.A.people.admin.token, params: { municipalityId: w.A.id } })).json(200);
    expect(saved).toEqual({ noContactWeeks: 4, endingWeeks: 12, weeklyDigest: false });
    const shown = await (await admin.get(`${path}?done=saved`)).text();
    expect(shown).toContain('De instellingen zijn opgeslagen.');
    expect(shown).toContain('value="4"');
  });

  it('is in the menu of an admin, not of a case manager; the index lists it', async () => {
    const adminHome = await (await pageClient(w, w.A.people.admin).get(`/app/municipalities/${w.A.id}/settings`)).text();
    expect(adminHome).toContain(`href="/app/municipalities/${w.A.id}/settings/signals"`);
    expect(adminHome).toContain('>Instellingen<');
    const cmHome = await (await pageClient(w, w.A.people['case-manager']).get(`/app/municipalities/${w.A.id}/agreements`)).text();
    expect(cmHome).not.toContain(`/app/municipalities/${w.A.id}/settings`);
  });
});
