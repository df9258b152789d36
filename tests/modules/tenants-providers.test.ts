import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type World, createWorld } from '../support/world.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

/** A new municipality, made by the operator (checking it worked): for tests that need more than A and B. */
let made = 0;
async function newMunicipality(): Promise<string> {
  const n = ++made;
  const res = await w.request('POST', '/v1/municipalities', { token: w.operator.token, body: { name: `Gemeente Extra ${n}`, cbsCode: `GM${String(700 + n).padStart(4, '0')}`, slug: `extra-${n}` } });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('municipalities', () => {
  it('the operator creates one with validated CBS code and default settings', async () => {
    const res = await w.request('POST', '/v1/municipalities', { token: w.operator.token, body: { name: 'Gemeente Gamma', cbsCode: 'GM0363', slug: 'gamma' } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; settings: Record<string, unknown> };
    expect(res.headers.get('Location')).toBe(`/v1/municipalities/${body.id}`);
    expect(body.settings).toEqual({ defaultLocale: 'nl', smallNumberThreshold: 5, requireTwoFactor: true, signingLinkDays: 14 });
    expect((await w.request('POST', '/v1/municipalities', { token: w.operator.token, body: { name: 'Weer Gamma', cbsCode: 'GM0363', slug: 'gamma-2' } })).status).toBe(409);
    for (const cbsCode of ['GM363', 'XX0363', 'GM03631', 'gm0363']) {
      expect((await w.request('POST', '/v1/municipalities', { token: w.operator.token, body: { name: 'Fout', cbsCode, slug: 'fout' } })).status, cbsCode).toBe(400);
    }
  });

  it('the operator can invite the first admin of a new municipality', async () => {
    const created = (await (await w.request('POST', '/v1/municipalities', { token: w.operator.token, body: { name: 'Gemeente Delta', cbsCode: 'GM0400', slug: 'delta' } })).json()) as { id: string };
    const res = await w.request('POST', `/v1/municipalities/${created.id}/invitations`, { token: w.operator.token, body: { email: 'first.admin@delta.example', roles: ['admin'] } });
    expect(res.status).toBe(201);
  });

  it('lists all for the operator and only their own for staff', async () => {
    await newMunicipality();
    await newMunicipality();
    const all = (await (await w.request('GET', '/v1/municipalities?limit=200', { token: w.operator.token })).json()) as { items: { id: string }[] };
    expect(all.items.length).toBeGreaterThanOrEqual(4);
    const own = (await (await w.request('GET', '/v1/municipalities', { token: w.A.people.analyst.token })).json()) as { items: { id: string }[] };
    expect(own.items.map((m) => m.id)).toEqual([w.A.id]);
  });

  it('paginates with a cursor', async () => {
    await newMunicipality(); // a third, so there is a second page
    const first = (await (await w.request('GET', '/v1/municipalities?limit=2', { token: w.operator.token })).json()) as { items: { id: string }[]; nextCursor: string };
    expect(first.items).toHaveLength(2);
    const second = (await (await w.request('GET', `/v1/municipalities?limit=2&cursor=${first.nextCursor}`, { token: w.operator.token })).json()) as { items: { id: string }[] };
    expect(second.items.map((m) => m.id)).not.toContain(first.items[0]?.id);
  });

  it('admins change settings within bounds', async () => {
    const ok = await w.request('PATCH', `/v1/municipalities/${w.A.id}`, { token: w.A.people.admin.token, body: { settings: { smallNumberThreshold: 10, defaultLocale: 'en' } } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { settings: { smallNumberThreshold: number } }).settings.smallNumberThreshold).toBe(10);
    const bad = await w.request('PATCH', `/v1/municipalities/${w.A.id}`, { token: w.A.people.admin.token, body: { settings: { smallNumberThreshold: 0, defaultLocale: 'de' } } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { invalidParams: unknown[] }).invalidParams).toHaveLength(2);
  });
});

describe('providers', () => {
  it('the operator registers providers with validated AGB and KvK numbers', async () => {
    const res = await w.request('POST', '/v1/providers', { token: w.operator.token, body: { name: 'Nieuwe Aanbieder', agbCode: '33333333', kvkNumber: '87654321' } });
    expect(res.status).toBe(201);
    const bad = await w.request('POST', '/v1/providers', { token: w.operator.token, body: { name: 'Fout', agbCode: '1234', kvkNumber: 'abcdefgh' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { invalidParams: { name: string }[] }).invalidParams.map((p) => p.name).sort()).toEqual(['body.agbCode', 'body.kvkNumber']);
    expect((await w.request('POST', '/v1/providers', { token: w.operator.token, body: { name: 'Dubbel', agbCode: '33333333', kvkNumber: '87654321' } })).status).toBe(409);
    const found = (await (await w.request('GET', '/v1/providers?agbCode=33333333', { token: w.A.people.admin.token })).json()) as { items: { name: string }[] };
    expect(found.items.map((p) => p.name)).toEqual(['Nieuwe Aanbieder']);
  });

  it('a municipality relates to a provider, and the provider then sees that municipality', async () => {
    const res = await w.request('POST', `/v1/municipalities/${w.B.id}/providers`, { token: w.B.people['contract-manager'].token, body: { providerId: w.P1.id } });
    expect(res.status).toBe(201);
    expect((await w.request('POST', `/v1/municipalities/${w.B.id}/providers`, { token: w.B.people.admin.token, body: { providerId: w.P1.id } })).status).toBe(409);
    const seen = (await (await w.request('GET', `/v1/providers/${w.P1.id}/municipalities`, { token: w.P1.apiKey })).json()) as { items: { municipalityId: string }[] };
    expect(seen.items.map((r) => r.municipalityId).sort()).toEqual([w.A.id, w.B.id].sort());
    expect((await w.request('DELETE', `/v1/municipalities/${w.B.id}/providers/${w.P1.id}`, { token: w.B.people.admin.token })).status).toBe(204);
    const after = (await (await w.request('GET', `/v1/providers/${w.P1.id}/municipalities`, { token: w.P1.staff.token })).json()) as { items: { municipalityId: string }[] };
    expect(after.items.map((r) => r.municipalityId)).toEqual([w.A.id]);
  });
});

describe('API keys', () => {
  it('are shown once, stored as a hash, scoped, and revocable', async () => {
    const res = await w.request('POST', `/v1/providers/${w.P2.id}/api-keys`, { token: w.P2.admin.token, body: { name: 'Koppeling', scopes: ['municipalities:read'] } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; key: string; prefix: string };
    expect(created.key).toMatch(/^vvk_[a-z2-7]{32}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const row = await w.db.selectFrom('api_keys').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.key.slice(12));
    const list = (await (await w.request('GET', `/v1/providers/${w.P2.id}/api-keys`, { token: w.P2.admin.token })).json()) as { items: Record<string, unknown>[] };
    expect(JSON.stringify(list)).not.toContain(created.key);

    const use = await w.request('GET', `/v1/providers/${w.P2.id}/municipalities`, { token: created.key });
    expect(use.status).toBe(200);
    const used = await w.db.selectFrom('api_keys').select('last_used_at').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(used.last_used_at).not.toBeNull();
    // Its scope does not cover creating keys, and another provider's resources are 404.
    expect((await w.request('GET', `/v1/providers/${w.P2.id}/api-keys`, { token: created.key })).status).toBe(403);
    expect((await w.request('GET', `/v1/providers/${w.P1.id}/municipalities`, { token: created.key })).status).toBe(404);

    expect((await w.request('DELETE', `/v1/providers/${w.P1.id}/api-keys/${created.id}`, { token: w.P1.admin.token })).status).toBe(404);
    expect((await w.request('DELETE', `/v1/providers/${w.P2.id}/api-keys/${created.id}`, { token: w.P2.admin.token })).status).toBe(204);
    expect((await w.request('GET', `/v1/providers/${w.P2.id}/municipalities`, { token: created.key })).status).toBe(401);
  });

  it('expire', async () => {
    const past = await w.request('POST', `/v1/providers/${w.P2.id}/api-keys`, { token: w.P2.admin.token, body: { name: 'Oud', scopes: ['municipalities:read'], expiresAt: '2020-01-01T00:00:00Z' } });
    expect(past.status).toBe(400);
    const soon = new Date(Date.now() + 1500).toISOString();
    const created = (await (await w.request('POST', `/v1/providers/${w.P2.id}/api-keys`, { token: w.P2.admin.token, body: { name: 'Kort', scopes: ['municipalities:read'], expiresAt: soon } })).json()) as { key: string };
    expect((await w.request('GET', `/v1/providers/${w.P2.id}/municipalities`, { token: created.key })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await w.request('GET', `/v1/providers/${w.P2.id}/municipalities`, { token: created.key })).status).toBe(401);
  });

  it('an API key can never use staff operations of a municipality', async () => {
    expect((await w.request('GET', `/v1/municipalities/${w.A.id}/providers`, { token: w.P1.apiKey })).status).toBe(403);
  });
});

describe('provider staff', () => {
  it('a provider admin invites staff, who then belong to that provider only', async () => {
    const res = await w.request('POST', `/v1/providers/${w.P1.id}/invitations`, { token: w.P1.admin.token, body: { email: 'staff.member@p1.example', roles: ['staff'] } });
    expect(res.status).toBe(201);
    const { deliverDue } = await import('../../src/platform/outbox.js');
    const before = w.transport.sent.length;
    await deliverDue(w.db, w.transport);
    const token = /token=([a-z2-7]+)/.exec(w.transport.sent.slice(before).find((m) => m.recipient === 'staff.member@p1.example')?.body ?? '')?.[1];
    const accepted = await w.request('POST', '/v1/invitations/accept', { body: { token, name: 'Staff Member', password: 'a long enough password' } });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ providerId: w.P1.id, municipalityId: null, roles: ['staff'] });
    const members = (await (await w.request('GET', `/v1/providers/${w.P1.id}/members`, { token: w.P1.admin.token })).json()) as { items: { email: string }[] };
    expect(members.items.map((m) => m.email)).toContain('staff.member@p1.example');
  });
});
