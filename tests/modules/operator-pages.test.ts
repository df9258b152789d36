// The platform operator's pages (issue 14), over plain HTTP without JavaScript: every page and form
// (happy path, refused input with every error beside its field and what was typed kept), the
// processing log of each write and of each read of personal data, the menu item, and access: the
// pages under /app/operator are walked from the app's own route table (nobody → sign-in, a
// municipal admin or a provider admin → the 403 page, an unverified operator → the second factor).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/platform/outbox.js';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let operatorInvitationId: string;
beforeAll(async () => {
  w = await createWorld();
  const res = await w.request('POST', '/v1/operator-invitations', { token: w.operator.token, body: { email: 'walk.beheerder@test.example' } });
  operatorInvitationId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => w?.close());

const logOf = (operation: string, actorId: string) =>
  w.db.selectFrom('processing_log').select(['operation', 'action', 'subject_type', 'subject_id', 'tenant_id']).where('actor_id', '=', actorId).where('operation', '=', operation).execute();

async function mailTo(email: string): Promise<string> {
  const before = w.transport.sent.length;
  await deliverDue(w.db, w.transport);
  return w.transport.sent.slice(before).find((m) => m.recipient === email)?.body ?? '';
}

/** The text of the error beside a field (its error message element). */
const fieldError = (html: string, name: string) => new RegExp(`id="field-${name}-error">([^<]*)<`).exec(html)?.[1];

describe('the index and the menu', () => {
  it('shows the three sections; the menu has “Platformbeheer” for operators only', async () => {
    const op = pageClient(w, w.operator);
    const res = await op.get('/app/operator');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const section of ['municipalities', 'providers', 'operators']) expect(html).toContain(`href="/app/operator/${section}"`);
    expect(html).toMatch(/<a[^>]*href="\/app\/operator"[^>]*aria-current="page"[^>]*>Platformbeheer<|<a[^>]*aria-current="page"[^>]*href="\/app\/operator"[^>]*>Platformbeheer</);
    const en = await (await op.get('/app/operator?lang=en')).text();
    expect(en).toContain('Platform administration');
    const adminHome = await (await pageClient(w, w.A.people.admin).get(`/app/municipalities/${w.A.id}/members`)).text();
    expect(adminHome).not.toContain('/app/operator');
  });
});

describe('municipalities', () => {
  it('lists every municipality with its CBS code, plan and billing status', async () => {
    const html = await (await pageClient(w, w.operator).get('/app/operator/municipalities')).text();
    expect(html).toContain(w.A.name);
    expect(html).toContain(w.B.name);
    expect(html).toContain(`href="/app/operator/municipalities/${w.A.id}"`);
    expect(html).toMatch(/Via Stripe<\/td>\s*<td[^>]*>geen abonnement/);
  });

  it('creates a municipality; refuses bad input beside each field, keeping it; a taken CBS code beside its field', async () => {
    const op = pageClient(w, w.operator);
    expect((await op.get('/app/operator/municipalities/new')).status).toBe(200);
    const bad = await op.post('/app/operator/municipalities/new', { name: 'X', cbsCode: 'GM12', slug: 'Den Haag', defaultLocale: 'nl' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(fieldError(html, 'name')).toBe('Vul een naam in van 2 tot 200 tekens.');
    expect(fieldError(html, 'cbsCode')).toBe('Een CBS-gemeentecode is GM gevolgd door 4 cijfers, bijvoorbeeld GM0363.');
    expect(fieldError(html, 'slug')).toContain('kleine letters');
    expect(html).toContain('Er zijn 3 fouten in het formulier');
    expect(html).toContain('value="GM12"');
    expect(html).toContain('value="Den Haag"');

    const good = await op.post('/app/operator/municipalities/new', { name: 'Gemeente Delta', cbsCode: 'gm0518', slug: 'delta', defaultLocale: 'en' });
    expect(good.status).toBe(303);
    const location = good.headers.get('location') ?? '';
    const id = /\/app\/operator\/municipalities\/([0-9a-f-]{36})\?done=created/.exec(location)?.[1] as string;
    expect(id).toBeTruthy();
    const page = await (await op.get(location)).text();
    expect(page).toContain('De gemeente is aangemaakt.');
    expect(page).toContain('GM0518');
    expect(page).toMatch(/id="field-defaultLocale-1"[^>]*value="en"[^>]*checked|value="en"[^>]*checked/);
    expect(await logOf('createMunicipality', w.operator.userId)).toEqual([expect.objectContaining({ action: 'create', subject_type: 'municipality', subject_id: id })]);

    const taken = await op.post('/app/operator/municipalities/new', { name: 'Gemeente Delta 2', cbsCode: 'GM0518', slug: 'delta-twee', defaultLocale: 'nl' });
    expect(taken.status).toBe(400);
    const takenHtml = await taken.text();
    expect(fieldError(takenHtml, 'cbsCode')).toBe('Er is al een gemeente met CBS-gemeentecode GM0518.');
    expect(takenHtml).toContain('value="delta-twee"');
    const slugTaken = await (await op.post('/app/operator/municipalities/new', { name: 'Gemeente Epsilon', cbsCode: 'GM0519', slug: 'delta', defaultLocale: 'nl' })).text();
    expect(fieldError(slugTaken, 'slug')).toBe('De korte naam delta is al in gebruik. Kies een andere.');
  });

  it('changes a municipality’s settings, refusing a bad threshold beside its field', async () => {
    const op = pageClient(w, w.operator);
    const path = `/app/operator/municipalities/${w.B.id}`;
    const page = await op.get(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="5"');
    const bad = await op.post(path, { name: 'Gemeente Beta', defaultLocale: 'nl', smallNumberThreshold: 'veel' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(fieldError(html, 'smallNumberThreshold')).toBe('Vul een heel getal in van 1 tot en met 100.');
    expect(html).toContain('value="veel"');
    const good = await op.post(path, { name: 'Gemeente Beta Nieuw', defaultLocale: 'nl', smallNumberThreshold: '10' });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe(`${path}?done=saved`);
    const municipality = (await (await w.request('GET', `/v1/municipalities/${w.B.id}`, { token: w.operator.token })).json()) as { name: string; settings: { smallNumberThreshold: number } };
    expect(municipality).toMatchObject({ name: 'Gemeente Beta Nieuw', settings: { smallNumberThreshold: 10 } });
    expect(await logOf('updateMunicipality', w.operator.userId)).toEqual([expect.objectContaining({ action: 'update', subject_type: 'municipality', subject_id: w.B.id, tenant_id: w.B.id })]);
  });

  it('grants a plan (free, manual, Stripe) with a note; refuses an unknown plan and a long note', async () => {
    const op = pageClient(w, w.operator);
    const path = `/app/operator/municipalities/${w.A.id}`;
    const bad = await op.post(`${path}/plan`, { plan: 'gratis', note: 'x'.repeat(501) });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(fieldError(html, 'plan')).toBe('Kies een abonnement.');
    expect(fieldError(html, 'note')).toBe('Gebruik hoogstens 500 tekens.');
    const good = await op.post(`${path}/plan`, { plan: 'manual', note: 'Inkooporder 2026-118' });
    expect(good.status).toBe(303);
    const billing = (await (await w.request('GET', `/v1/municipalities/${w.A.id}/billing`, { token: w.operator.token })).json()) as { plan: string; planNote: string };
    expect(billing).toMatchObject({ plan: 'manual', planNote: 'Inkooporder 2026-118' });
    const shown = await (await op.get(`${path}?done=plan`)).text();
    expect(shown).toContain('Het abonnement is opgeslagen.');
    expect(shown).toContain('Inkooporder 2026-118');
    expect(await logOf('setBillingPlan', w.operator.userId)).toEqual([expect.objectContaining({ action: 'update', subject_type: 'billing-account', subject_id: w.A.id, tenant_id: w.A.id })]);
    const list = await (await op.get('/app/operator/municipalities')).text();
    expect(list).toMatch(new RegExp(`${w.A.name}</a>\\s*</th>\\s*<td[^>]*>GM\\d{4}</td>\\s*<td[^>]*>Op factuur</td>`));
  });

  it('invites the municipality’s first admin; refuses a bad address', async () => {
    const op = pageClient(w, w.operator);
    const path = `/app/operator/municipalities/${w.B.id}/invite`;
    expect((await op.get(path)).status).toBe(200);
    const bad = await op.post(path, { email: 'geen adres' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(fieldError(html, 'email')).toBe('Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.');
    expect(html).toContain('value="geen adres"');
    const good = await op.post(path, { email: 'eerste.beheerder@beta.example' });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe(`/app/operator/municipalities/${w.B.id}?done=invited`);
    expect(await mailTo('eerste.beheerder@beta.example')).toContain('/accept-invitation?token=');
    const invitations = (await (await w.request('GET', `/v1/municipalities/${w.B.id}/invitations`, { token: w.B.people.admin.token })).json()) as { items: { email: string; roles: string[] }[] };
    expect(invitations.items).toEqual(expect.arrayContaining([expect.objectContaining({ email: 'eerste.beheerder@beta.example', roles: ['admin'] })]));
    expect(await logOf('inviteMember', w.operator.userId)).toEqual([expect.objectContaining({ action: 'create', subject_type: 'invitation', tenant_id: w.B.id })]);
  });

  it('answers an unknown municipality with the 404 page', async () => {
    const res = await pageClient(w, w.operator).get('/app/operator/municipalities/0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Niet gevonden');
  });
});

describe('providers', () => {
  it('lists and searches by name and by AGB code', async () => {
    const op = pageClient(w, w.operator);
    const all = await (await op.get('/app/operator/providers')).text();
    expect(all).toContain('Zorgaanbieder P1');
    expect(all).toContain('Zorgaanbieder P2');
    const byName = await (await op.get('/app/operator/providers?q=p2')).text();
    expect(byName).toContain('Zorgaanbieder P2');
    expect(byName).not.toContain('Zorgaanbieder P1<');
    expect(byName).toContain('Zoekresultaten voor „p2”.');
    const agb = (await w.db.selectFrom('providers').select('agb_code').where('id', '=', w.P1.id).executeTakeFirstOrThrow()).agb_code;
    const byAgb = await (await op.get(`/app/operator/providers?q=${agb}`)).text();
    expect(byAgb).toContain('Zorgaanbieder P1');
    expect(byAgb).not.toContain('Zorgaanbieder P2');
    expect(await (await op.get('/app/operator/providers?q=nergens')).text()).toContain('Geen zorgaanbieders gevonden.');
  });

  it('registers a provider; refuses bad codes and a taken AGB code beside their fields', async () => {
    const op = pageClient(w, w.operator);
    expect((await op.get('/app/operator/providers/new')).status).toBe(200);
    const bad = await op.post('/app/operator/providers/new', { name: 'Zorg Nieuw', agbCode: '1234', kvkNumber: '1234567a' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(fieldError(html, 'agbCode')).toBe('Een AGB-code bestaat uit 8 cijfers.');
    expect(fieldError(html, 'kvkNumber')).toBe('Een KvK-nummer bestaat uit 8 cijfers.');
    expect(html).toContain('value="1234567a"');
    const good = await op.post('/app/operator/providers/new', { name: 'Zorg Nieuw', agbCode: '41000001', kvkNumber: '51000001' });
    expect(good.status).toBe(303);
    const id = /\/app\/operator\/providers\/([0-9a-f-]{36})\?done=registered/.exec(good.headers.get('location') ?? '')?.[1] as string;
    expect(id).toBeTruthy();
    expect(await logOf('createProvider', w.operator.userId)).toEqual([expect.objectContaining({ action: 'create', subject_type: 'provider', subject_id: id })]);
    const taken = await op.post('/app/operator/providers/new', { name: 'Zorg Dubbel', agbCode: '41000001', kvkNumber: '51000002' });
    expect(taken.status).toBe(400);
    expect(fieldError(await taken.text(), 'agbCode')).toBe('Een andere zorgaanbieder heeft al AGB-code 41000001. Een AGB-code hoort bij één zorgaanbieder.');
  });

  it('corrects a provider’s KvK number; a taken AGB code is refused beside its field, typed values kept', async () => {
    const op = pageClient(w, w.operator);
    const path = `/app/operator/providers/${w.P2.id}`;
    const current = await w.db.selectFrom('providers').select(['name', 'agb_code', 'kvk_number']).where('id', '=', w.P2.id).executeTakeFirstOrThrow();
    const page = await (await op.get(path)).text();
    expect(page).toContain(`value="${current.kvk_number}"`);
    const p1Agb = (await w.db.selectFrom('providers').select('agb_code').where('id', '=', w.P1.id).executeTakeFirstOrThrow()).agb_code;
    const taken = await op.post(path, { name: current.name, agbCode: p1Agb, kvkNumber: '61000001' });
    expect(taken.status).toBe(400);
    const html = await taken.text();
    expect(fieldError(html, 'agbCode')).toContain(`AGB-code ${p1Agb}`);
    expect(html).toContain('value="61000001"');
    const good = await op.post(path, { name: current.name, agbCode: current.agb_code, kvkNumber: '61000001' });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe(`${path}?done=corrected`);
    expect((await w.db.selectFrom('providers').select('kvk_number').where('id', '=', w.P2.id).executeTakeFirstOrThrow()).kvk_number).toBe('61000001');
    expect(await (await op.get(`${path}?done=corrected`)).text()).toContain('De gegevens van de zorgaanbieder zijn verbeterd.');
    expect(await logOf('updateProvider', w.operator.userId)).toEqual([expect.objectContaining({ action: 'update', subject_type: 'provider', subject_id: w.P2.id })]);
  });

  it('invites the provider’s first admin', async () => {
    const op = pageClient(w, w.operator);
    const path = `/app/operator/providers/${w.P1.id}/invite`;
    expect((await op.get(path)).status).toBe(200);
    expect((await op.post(path, { email: '' })).status).toBe(400);
    const good = await op.post(path, { email: 'beheer@p1.example' });
    expect(good.status).toBe(303);
    expect(await mailTo('beheer@p1.example')).toContain('Zorgaanbieder P1');
    expect(await logOf('inviteProviderMember', w.operator.userId)).toEqual([expect.objectContaining({ action: 'create', subject_type: 'invitation' })]);
  });
});

describe('operators', () => {
  it('lists the operators (a logged read of personal data) and the open invitations', async () => {
    const op = await w.person('list-op', { operator: true });
    const res = await pageClient(w, op).get('/app/operator/operators');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(w.operator.email);
    expect(html).toContain('list-op (u)');
    expect(html).toContain('walk.beheerder@test.example');
    expect(await logOf('listOperators', op.userId)).toEqual([expect.objectContaining({ action: 'read', tenant_id: null })]);
  });

  it('invites an operator; refuses a bad address; revokes an invitation', async () => {
    const op = pageClient(w, w.operator);
    expect((await op.get('/app/operator/operators/invite')).status).toBe(200);
    const bad = await op.post('/app/operator/operators/invite', { email: 'nope@' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(fieldError(html, 'email')).toBe('Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.');
    expect(html).toContain('value="nope@"');
    const good = await op.post('/app/operator/operators/invite', { email: 'nieuw.platform@test.example' });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe('/app/operator/operators?done=invited');
    expect(await mailTo('nieuw.platform@test.example')).toContain('platformbeheerder');
    const list = await (await op.get('/app/operator/operators?done=invited')).text();
    expect(list).toContain('De uitnodiging is verstuurd.');
    const id = /data-invitation="([0-9a-f-]{36})">\s*<th[^>]*>\s*nieuw.platform@test.example/.exec(list)?.[1] as string;
    expect(id).toBeTruthy();
    const revoked = await op.post(`/app/operator/operator-invitations/${id}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect(await (await op.get('/app/operator/operators')).text()).not.toContain('nieuw.platform@test.example');
    expect(await logOf('createOperatorInvitation', w.operator.userId)).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'create', subject_type: 'invitation' })]));
    expect(await logOf('revokeOperatorInvitation', w.operator.userId)).toEqual([expect.objectContaining({ action: 'delete', subject_type: 'invitation', subject_id: id })]);
  });
});

describe('accepting an operator invitation on the page', () => {
  it('the invitee chooses a name and password, then must set up a second factor before any operator page', async () => {
    await w.request('POST', '/v1/operator-invitations', { token: w.operator.token, body: { email: 'via.pagina@test.example' } });
    const token = /accept-invitation\?token=([a-z2-7]+)/.exec(await mailTo('via.pagina@test.example'))?.[1] as string;
    const client = pageClient(w);
    expect((await client.get(`/accept-invitation?token=${token}`)).status).toBe(200);
    const accepted = await client.post('/accept-invitation', { token, name: 'Via Pagina', password: 'a long enough password' });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toMatch(/^\/app\/enrol/);
    const user = await w.db.selectFrom('users').select(['is_platform_operator', 'totp_enabled_at']).where('email', '=', 'via.pagina@test.example').executeTakeFirstOrThrow();
    expect(user).toEqual({ is_platform_operator: true, totp_enabled_at: null });
    for (const path of ['/app/operator', '/app/operator/municipalities', '/app/operator/operators']) {
      const res = await client.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toMatch(/^\/app\/enrol/);
    }
  });
});

// ---- the walk: every page under /app/operator, from the app's own route table ----

const PARAM = /:([A-Za-z]+)(?:\{(?:[^{}]|\{[^{}]*\})*\})?/g;

function operatorPages(): { method: 'GET' | 'POST'; pattern: string; path: string }[] {
  const values: Record<string, string> = { municipalityId: w.A.id, providerId: w.P1.id, invitationId: operatorInvitationId };
  const seen = new Set<string>();
  const out: { method: 'GET' | 'POST'; pattern: string; path: string }[] = [];
  for (const r of w.app.routes) {
    if ((r.method !== 'GET' && r.method !== 'POST') || !/^\/app\/operator(\/|$)/.test(r.path) || r.path.includes('*')) continue;
    const pattern = r.path.replace(PARAM, ':$1');
    if (seen.has(`${r.method} ${pattern}`)) continue;
    seen.add(`${r.method} ${pattern}`);
    const path = r.path.replace(PARAM, (_, name: string) => {
      const value = values[name];
      if (!value) throw new Error(`operator walk: no value for :${name} in ${r.path}; add one`);
      return value;
    });
    out.push({ method: r.method, pattern, path });
  }
  return out;
}

const send = (client: ReturnType<typeof pageClient>, page: { method: string; path: string }) => (page.method === 'GET' ? client.get(page.path) : client.post(page.path, {}));

describe('every page under /app/operator is the operator’s only', () => {
  it('finds the pages', () => {
    const patterns = operatorPages().map((p) => `${p.method} ${p.pattern}`);
    expect(patterns.length).toBeGreaterThanOrEqual(20);
    for (const expected of ['GET /app/operator', 'POST /app/operator/providers/:providerId', 'POST /app/operator/operators/invite', 'POST /app/operator/municipalities/:municipalityId/plan']) expect(patterns).toContain(expected);
  });

  it('no session: sign-in (a GET comes back to where it was)', async () => {
    const nobody = pageClient(w);
    for (const page of operatorPages()) {
      const res = await send(nobody, page);
      expect(res.status, `${page.method} ${page.pattern}`).toBe(303);
      const location = res.headers.get('location') ?? '';
      expect(location, `${page.method} ${page.pattern}`).toMatch(/^\/app\/sign-in/);
      if (page.method === 'GET' && page.path !== '/app/operator') expect(location).toContain(`next=${encodeURIComponent(page.path)}`);
    }
  });

  it('a municipal admin (of the municipality in the path too) and a provider admin get the 403 page', async () => {
    for (const person of [w.A.people.admin, w.P1.admin]) {
      const client = pageClient(w, person);
      for (const page of operatorPages()) {
        const res = await send(client, page);
        expect(res.status, `${page.method} ${page.pattern}`).toBe(403);
        const html = await res.text();
        expect(html, `${page.method} ${page.pattern}`).toContain('Geen toegang');
        expect(res.headers.get('content-type')).toContain('text/html');
      }
    }
  });

  it('an operator whose session has no verified second factor goes to the second factor first', async () => {
    const client = pageClient(w);
    client.cookie = `vervolg_session=${await w.unverifiedSession(w.operator)}`;
    for (const page of operatorPages()) {
      const res = await send(client, page);
      expect(res.status, `${page.method} ${page.pattern}`).toBe(303);
      expect(res.headers.get('location'), `${page.method} ${page.pattern}`).toMatch(/^\/app\/two-factor/);
    }
  });
});
