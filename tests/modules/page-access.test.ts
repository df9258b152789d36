// The per-operation access tests, extended to every page of the staff app: read from the app's own
// route table (so a page added later is checked without anyone remembering to), each page under
// /app/municipalities/{id} is tried, GET and POST, by nobody, by another municipality's admin and by
// a role without the right. No session → sign-in (coming back afterwards for a GET); another
// municipality → the 404 page (its ids are not even confirmed to exist); a role without the right →
// the 403 page; never the API's JSON, never a 500.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { routes as contracts } from '../../src/modules/contracts/routes.js';
import { contractTerms } from '../support/contracts.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let values: Record<string, string>;

beforeAll(async () => {
  w = await createWorld();
  const { templateId, templateVersionId } = await publishedTemplate(w, adminOf(w.A));
  const cm = w.A.people['case-manager'];
  const a = (
    await w.call(agreements.createAgreement, {
      token: cm.token,
      params: { municipalityId: w.A.id },
      json: { templateVersionId, youngPerson: { name: 'Rosa Toegang', dateOfBirth: '2009-03-02', mobile: '+31612340001' }, departureDate: '2027-02-01', aftercareStartDate: '2026-12-01' },
    })
  ).json(201);
  const sent = await w.call(agreements.send, { token: cm.token, params: { municipalityId: w.A.id, agreementId: a.id }, headers: { 'If-Match': '"r1"' }, json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: 'officier.toegang@alpha.example' }] } });
  sent.json(200);
  const signer = (await sql<{ id: string }>`select id from signers where agreement_id = ${a.id} limit 1`.execute(w.db)).rows[0]?.id as string;
  const invited = await w.request('POST', `/v1/municipalities/${w.A.id}/invitations`, { token: w.A.people.admin.token, body: { email: 'toegang.nieuw@alpha.example', roles: ['analyst'] } });
  expect(invited.status).toBe(201);
  const invitationId = ((await invited.json()) as { id: string }).id;
  const contractId = (await w.call(contracts.createContract, { token: w.A.people['contract-manager'].token, params: { municipalityId: w.A.id }, json: { providerId: w.P1.id, reference: 'JZ-TOEGANG', terms: contractTerms() } })).json(201).id;
  const hook = await w.request('POST', `/v1/municipalities/${w.A.id}/webhook-endpoints`, { token: w.A.people.admin.token, body: { url: 'https://koppeling.voorbeeldstad.nl/hooks', events: ['agreement.signed'] } });
  const webhookEndpointId = ((await hook.json()) as { id: string }).id;
  const ping = await w.request('POST', `/v1/municipalities/${w.A.id}/webhook-endpoints/${webhookEndpointId}/test`, { token: w.A.people.admin.token });
  const deliveryId = ((await ping.json()) as { id: string }).id;
  values = { municipalityId: w.A.id, contractId, agreementId: a.id, templateId, version: '1', userId: w.A.people.analyst.userId, signerId: signer, invitationId, section: 'goals', topic: 'money', webhookEndpointId, deliveryId, providerId: w.P1.id, apiKeyId: w.A.apiKeyId };
});
afterAll(async () => w?.close());

const PARAM = /:([A-Za-z]+)(?:\{(?:[^{}]|\{[^{}]*\})*\})?/g;

/** Every page route of a municipality, with its parameters filled with municipality A's ids. */
function pages(): { method: 'GET' | 'POST'; pattern: string; path: string }[] {
  const seen = new Set<string>();
  const out: { method: 'GET' | 'POST'; pattern: string; path: string }[] = [];
  for (const r of w.app.routes) {
    if ((r.method !== 'GET' && r.method !== 'POST') || !r.path.startsWith('/app/municipalities/:municipalityId')) continue;
    // Parameters may carry a pattern (':agreementId{[0-9a-f-]{36}}'): the name is what the checks speak of.
    const pattern = r.path.replace(PARAM, ':$1');
    const key = `${r.method} ${pattern}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const path = r.path.replace(PARAM, (_, name: string) => {
      const value = values[name];
      if (!value) throw new Error(`page-access: no value for :${name} in ${r.path}; add one`);
      return value;
    });
    out.push({ method: r.method, pattern, path });
  }
  return out;
}

/** What an analyst (the narrowest municipal role) may open: reading templates, the providers, the indicators and the barrier report (aggregates). */
const analystMayOpen = (method: string, pattern: string) =>
  method === 'GET' && (/^\/app\/municipalities\/:municipalityId(\/indicators|\/barriers|\/providers|\/providers\/:providerId)?$/.test(pattern) || (/\/templates(\/|$)/.test(pattern) && !/\/(new|edit|publish|versions\/new)$/.test(pattern) && !/\/templates\/:templateId\/new-version$/.test(pattern)));

const send = (client: ReturnType<typeof pageClient>, page: { method: string; path: string }) => (page.method === 'GET' ? client.get(page.path) : client.post(page.path, {}));

describe('every page of a municipality answers as its API operation does', () => {
  it('finds the pages (a route table that matched nothing would prove nothing)', () => {
    const patterns = pages().map((p) => `${p.method} ${p.pattern}`);
    expect(patterns.length).toBeGreaterThan(20);
    for (const expected of ['GET /app/municipalities/:municipalityId/agreements', 'GET /app/municipalities/:municipalityId/agreements/:agreementId', 'GET /app/municipalities/:municipalityId/members']) expect(patterns).toContain(expected);
  });

  it('no session: every page, GET and POST, leads to sign-in (a GET comes back to where it was)', async () => {
    const nobody = pageClient(w);
    for (const page of pages()) {
      const res = await send(nobody, page);
      expect(res.status, `${page.method} ${page.pattern}`).toBe(303);
      const location = res.headers.get('location') ?? '';
      expect(location, `${page.method} ${page.pattern}`).toMatch(/^\/app\/sign-in/);
      if (page.method === 'GET') expect(decodeURIComponent(location), page.pattern).toContain(`next=${page.path}`);
    }
  });

  it("another municipality's admin: the 404 page for every page, GET and POST — nothing of A is confirmed to exist", async () => {
    const other = pageClient(w, w.B.people.admin);
    for (const page of pages()) {
      const res = await send(other, page);
      expect(res.status, `${page.method} ${page.pattern}`).toBe(404);
      expect(res.headers.get('content-type'), page.pattern).toMatch(/text\/html/);
      expect(await res.text(), page.pattern).not.toContain('Rosa Toegang');
    }
  });

  it('an analyst (no case work, no administration): the 403 page, except reading templates, the indicators and the barrier report', async () => {
    const analyst = pageClient(w, w.A.people.analyst);
    for (const page of pages()) {
      const res = await send(analyst, page);
      const allowed = analystMayOpen(page.method, page.pattern);
      if (allowed) expect([200, 303], `${page.method} ${page.pattern}`).toContain(res.status);
      else {
        expect(res.status, `${page.method} ${page.pattern}`).toBe(403);
        expect(res.headers.get('content-type'), page.pattern).toMatch(/text\/html/);
        expect(await res.text(), page.pattern).not.toContain('Rosa Toegang');
      }
    }
  });

  it('a case manager: never a 500 on any page; members are admin-only (403)', async () => {
    const cm = pageClient(w, w.A.people['case-manager']);
    for (const page of pages()) {
      const res = await send(cm, page);
      expect(res.status, `${page.method} ${page.pattern}`).toBeLessThan(500);
      if (/\/(members|invitations)(\/|$)/.test(page.pattern)) expect(res.status, page.pattern).toBe(403);
    }
  });
});

describe('a municipality that can only read (billing: canceled past its grace)', () => {
  it('still searches its caseload (a POST that stands for a read) but cannot create: a 402 page that says why', async () => {
    const grace = new Date(Date.now() - 86_400_000).toISOString();
    await sql`insert into billing_accounts (tenant_id, plan, status, grace_until) values (${w.A.id}, 'stripe', 'canceled', ${grace})
              on conflict (tenant_id) do update set plan = 'stripe', status = 'canceled', grace_until = ${grace}`.execute(w.db);
    try {
      const cm = pageClient(w, w.A.people['case-manager']);
      const search = await cm.post(`/app/municipalities/${w.A.id}/agreements`, { q: 'Rosa' });
      expect(search.status).toBe(200);
      expect(await search.text()).toContain('Rosa Toegang');
      const create = await cm.post(`/app/municipalities/${w.A.id}/agreements/new`, {});
      expect(create.status).toBe(402);
      expect(await create.text()).toContain('alleen bekijken');
    } finally {
      await sql`update billing_accounts set plan = 'free', status = 'none', grace_until = null where tenant_id = ${w.A.id}`.execute(w.db);
    }
  });
});
