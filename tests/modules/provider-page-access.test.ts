// The provider portal's pages, each checked as page-access.test.ts checks a municipality's: read from
// the app's own route table, so a page added later under /app/providers/{providerId} (the outcome
// upload pages, say) is checked without anyone remembering to. Every page, GET and POST: nobody →
// sign-in; staff of another provider → the 404 page; a municipal admin → the 404 page (a
// municipality is no provider); provider staff who are not admins on the admin pages (API keys,
// staff) → the 403 page; never the API's JSON, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContract } from '../support/contracts.js';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let values: Record<string, string>;

beforeAll(async () => {
  w = await createWorld();
  const contract = await insertContract(w.db, { tenantId: w.A.id, providerId: w.P1.id, reference: 'TOEGANG-P1' });
  const invited = await w.request('POST', `/v1/providers/${w.P1.id}/invitations`, { token: w.P1.admin.token, body: { email: 'toegang.p1@zorg.example', roles: ['staff'] } });
  expect(invited.status).toBe(201);
  const invitationId = ((await invited.json()) as { id: string }).id;
  values = {
    providerId: w.P1.id,
    contractId: contract.id,
    apiKeyId: w.P1.apiKeyId,
    userId: w.P1.staff.userId,
    invitationId,
    municipalityId: w.A.id,
  };
});
afterAll(async () => w?.close());

const PARAM = /:([A-Za-z]+)(?:\{(?:[^{}]|\{[^{}]*\})*\})?/g;

/** Every page route of a provider, with its parameters filled with P1's ids. */
function pages(): { method: 'GET' | 'POST'; pattern: string; path: string }[] {
  const seen = new Set<string>();
  const out: { method: 'GET' | 'POST'; pattern: string; path: string }[] = [];
  for (const r of w.app.routes) {
    if ((r.method !== 'GET' && r.method !== 'POST') || !r.path.startsWith('/app/providers/:providerId')) continue;
    const pattern = r.path.replace(PARAM, ':$1');
    const key = `${r.method} ${pattern}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const path = r.path.replace(PARAM, (_, name: string) => {
      const value = values[name];
      if (!value) throw new Error(`provider-page-access: no value for :${name} in ${r.path}; add one`);
      return value;
    });
    out.push({ method: r.method, pattern, path });
  }
  return out;
}

/** The pages only a provider's admins may open: its API keys and its staff. */
const adminOnly = (pattern: string) => /^\/app\/providers\/:providerId\/(api-keys|members)(\/|$)/.test(pattern);

const send = (client: ReturnType<typeof pageClient>, page: { method: string; path: string }) => (page.method === 'GET' ? client.get(page.path) : client.post(page.path, {}));

async function expectPage(res: Response, status: number, label: string) {
  expect(res.status, label).toBe(status);
  expect(res.headers.get('content-type'), label).toMatch(/text\/html/);
  const html = await res.text();
  expect(html, label).not.toContain('TOEGANG-P1');
  expect(html, label).not.toContain('Zorgaanbieder P1');
}

describe('every page of a provider answers as its API operation does', () => {
  it('finds the pages (a route table that matched nothing would prove nothing)', () => {
    const patterns = pages().map((p) => `${p.method} ${p.pattern}`);
    expect(patterns.length).toBeGreaterThanOrEqual(10);
    for (const expected of [
      'GET /app/providers/:providerId',
      'GET /app/providers/:providerId/contracts',
      'GET /app/providers/:providerId/contracts/:contractId',
      'GET /app/providers/:providerId/api-keys',
      'POST /app/providers/:providerId/api-keys/new',
      'GET /app/providers/:providerId/members',
      'GET /app/providers/:providerId/indicators',
    ])
      expect(patterns).toContain(expected);
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

  it("another provider's admin: the 404 page for every page, GET and POST — nothing of P1 is confirmed to exist", async () => {
    const other = pageClient(w, w.P2.admin);
    for (const page of pages()) await expectPage(await send(other, page), 404, `${page.method} ${page.pattern}`);
  });

  it("a municipal admin (of the municipality P1 works with): the 404 page — a municipality's staff are not the provider's", async () => {
    const municipal = pageClient(w, w.A.people.admin);
    for (const page of pages()) await expectPage(await send(municipal, page), 404, `${page.method} ${page.pattern}`);
  });

  it('provider staff who are not admins: the 403 page on the admin pages (API keys, staff); the rest opens, never a 500', async () => {
    const staff = pageClient(w, w.P1.staff);
    for (const page of pages()) {
      const res = await send(staff, page);
      const label = `${page.method} ${page.pattern}`;
      if (adminOnly(page.pattern)) {
        expect(res.status, label).toBe(403);
        expect(res.headers.get('content-type'), label).toMatch(/text\/html/);
        const html = await res.text();
        expect(html, label).toContain('Geen toegang');
        expect(html, label).not.toContain('vvk_');
      } else {
        expect(res.status, label).toBeLessThan(500);
        expect(res.headers.get('content-type') ?? '', label).not.toMatch(/json/);
      }
    }
  });

  it("the provider's admin: every page answers without a 500 and never as JSON", async () => {
    const admin = pageClient(w, w.P1.admin);
    for (const page of pages()) {
      const res = await send(admin, page);
      const label = `${page.method} ${page.pattern}`;
      expect(res.status, label).toBeLessThan(500);
      expect(res.headers.get('content-type') ?? '', label).not.toMatch(/json/);
    }
  });
});
