// Billing's read-only state, proven over the whole OpenAPI document (so a new route cannot skip
// it): for a municipality whose subscription was canceled and whose grace period has passed,
// every municipality-scoped write answers 402 problem+json — except what an admin needs to pay
// again — and every read still works. A municipality within its grace period, or past due, keeps
// writing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/app.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import type { Access } from '../../src/platform/http/access.js';
import type { Selectable } from 'kysely';
import type { BillingAccounts } from '../../src/platform/db/schema.generated.js';
import { FakeStripe } from '../support/fake-stripe.js';
import { type Municipality, type World, createWorld } from '../support/world.js';

type MunicipalAccess = Extract<Access, { kind: 'municipality' }>;
type Operation = { method: string; path: string; operationId: string; access: MunicipalAccess };

const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { operationId: string; 'x-access'?: Access; responses: Record<string, unknown> }>> };
const all = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: op.operationId, access: op['x-access'] as Access, responses: op.responses })),
);
const municipal = all.filter((op): op is Operation & { responses: Record<string, unknown> } => op.access?.kind === 'municipality');
const writes = municipal.filter((op) => op.method !== 'GET');
const reads = municipal.filter((op) => op.method === 'GET');
const DAY = 86_400_000;

let w: World;
let fake: FakeStripe;
beforeAll(async () => {
  fake = await new FakeStripe().start();
  w = await createWorld({ env: fake.env() });
  await setBilling(w.A.id, 'canceled', new Date(Date.now() - 30 * DAY));
  await setBilling(w.B.id, 'canceled', new Date(Date.now() - 3 * DAY));
});
afterAll(async () => {
  await w?.close();
  await fake?.stop();
});

async function setBilling(tenantId: string, status: Selectable<BillingAccounts>['status'], endedAt: Date | null) {
  const values = { status, canceled_at: endedAt, grace_until: endedAt ? new Date(endedAt.getTime() + 14 * DAY) : null, updated_at: new Date() };
  await inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { tenantId });
    await trx.insertInto('billing_accounts').values({ tenant_id: tenantId, ...values }).onConflict((oc) => oc.column('tenant_id').doUpdateSet(values)).execute();
  });
}

function pathFor(m: Municipality, path: string): string {
  const own = m === w.A ? { provider: w.P1 } : { provider: w.P2 };
  const values: Record<string, string> = {
    municipalityId: m.id,
    userId: m.people['case-manager'].userId,
    invitationId: m.invitationId,
    providerId: own.provider.id,
    apiKeyId: own.provider.apiKeyId,
    sessionId: m.people.analyst.sessionId,
    version: '1',
  };
  return `/v1${path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11')}`;
}

/** Someone allowed to call the operation: the first role it names, else the operator. */
function callerFor(m: Municipality, access: MunicipalAccess): string {
  const role = access.roles[0];
  return role ? m.people[role].token : w.operator.token;
}

const bodyFor = (method: string) => (method === 'DELETE' ? undefined : {});

describe('the document', () => {
  it('has municipal writes to walk, and documents 402 on each one that can give it', () => {
    expect(writes.length).toBeGreaterThan(10);
    for (const op of writes) {
      if (op.access.whileReadOnly) expect(op.responses['402'], op.operationId).toBeUndefined();
      else expect(op.responses['402'], `${op.method} ${op.path}`).toBeDefined();
    }
    for (const op of reads) expect(op.responses['402'], op.operationId).toBeUndefined();
  });
});

describe('a municipality canceled past its grace period', () => {
  it.each(writes.filter((op) => !op.access.whileReadOnly))('refuses $method $path ($operationId) with 402', async (op) => {
    const tokens = [callerFor(w.A, op.access), ...(op.access.operator ? [w.operator.token] : [])];
    for (const token of tokens) {
      const res = await w.request(op.method, pathFor(w.A, op.path), { token, body: bodyFor(op.method) });
      expect(res.status, await res.clone().text()).toBe(402);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { type: string }).type).toBe('https://vervolg.nl/problems/billing-read-only');
      expect(res.headers.get('Vervolg-Billing-Status')).toBe('canceled');
    }
  });

  it.each(reads)('still answers $method $path ($operationId)', async (op) => {
    const res = await w.request('GET', pathFor(w.A, op.path), { token: callerFor(w.A, op.access) });
    expect(res.status, await res.clone().text()).not.toBe(402);
    expect(res.status).toBeLessThan(500);
  });

  it('still lets an admin pay again', async () => {
    for (const op of writes.filter((o) => o.access.whileReadOnly)) {
      const res = await w.request(op.method, pathFor(w.A, op.path), { token: w.A.people.admin.token });
      expect(res.status, op.operationId).toBe(201);
      expect(((await res.json()) as { url: string }).url).toMatch(/^https:\/\//);
    }
  });

  it('the refusal still applies access first: other municipalities get 404, wrong roles 403', async () => {
    const op = writes.find((o) => !o.access.whileReadOnly && o.access.roles.length < 4) as Operation;
    expect((await w.request(op.method, pathFor(w.A, op.path), { token: w.B.people.admin.token, body: bodyFor(op.method) })).status).toBe(404);
    const without = (['admin', 'contract-manager', 'case-manager', 'analyst'] as const).find((r) => !op.access.roles.includes(r));
    if (without) expect((await w.request(op.method, pathFor(w.A, op.path), { token: w.A.people[without].token, body: bodyFor(op.method) })).status).toBe(403);
    expect(fake.problems).toEqual([]);
  });
});

describe('a municipality within its grace period, or past due', () => {
  // Deletes last: they remove the people and relations the other calls use.
  const ordered = [...writes.filter((op) => op.method !== 'DELETE'), ...writes.filter((op) => op.method === 'DELETE')];

  it.each(ordered)('lets $method $path ($operationId) through', async (op) => {
    for (const status of ['canceled', 'past-due'] as const) {
      await setBilling(w.B.id, status, status === 'canceled' ? new Date(Date.now() - 3 * DAY) : null);
      const res = await w.request(op.method, pathFor(w.B, op.path), { token: callerFor(w.B, op.access), body: bodyFor(op.method) });
      expect(res.status, `${status}: ${await res.clone().text()}`).not.toBe(402);
      expect(res.status).toBeLessThan(500);
      if (res.status !== 401) expect(res.headers.get('Vervolg-Billing-Status')).toBe(status);
    }
  });
});
