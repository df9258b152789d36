// For every operation in the OpenAPI document — so a new route cannot skip it — prove:
// no credentials → 401; a password-only session (second factor not verified) of the operator, of
// provider staff or of municipal staff → 403 two-factor-required, except on the person's own
// account ('self'); another municipality's or provider's resource → 404; a role (or API key
// scope) without the right → 403. A municipality's own API key (migration 0022) is tried on every
// operation too: its own municipality's reads that declare its scope let it in, anything else
// refuses it (another municipality → 404, no scope or a write → 403, provider operations → 404,
// a person's operations → 401, the operator's → 403). The operation's declared access (x-access)
// picks the principals; the document itself is the list, so the test grows with the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/app.js';
import type { Access } from '../../src/platform/http/access.js';
import { ROLES, type World, createWorld } from '../support/world.js';

type Operation = { method: string; path: string; operationId: string; access: Access };

const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { operationId: string; 'x-access'?: Access }>> };
const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: op.operationId, access: op['x-access'] as Access })),
);

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

/** Fill the path with resources that belong to municipality A / provider P1. */
function pathOfA(path: string): string {
  const values: Record<string, string> = {
    municipalityId: w.A.id,
    userId: w.A.people['case-manager'].userId,
    invitationId: w.A.invitationId,
    providerId: w.P1.id,
    apiKeyId: w.P1.apiKeyId,
    sessionId: w.A.people.analyst.sessionId,
    version: '1',
    topic: 'money',
  };
  return `/v1${path.replace(/\{(\w+)\}/g, (_, name: string) => {
    // Ids without a fixture get a fresh UUID: the checks proven here (401, another
    // municipality's or provider's path → 404, role → 403) all happen before the resource is
    // looked up. Module tests prove that another tenant's sub-resource is 404 as well.
    if (!values[name]) {
      if (!name.endsWith('Id')) throw new Error(`no fixture for path parameter ${name} in ${path}`);
      values[name] = '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11';
    }
    return values[name] as string;
  })}`;
}

const bodyFor = (method: string) => (method === 'GET' || method === 'DELETE' ? undefined : {});

describe('the document', () => {
  it('declares who may call every operation', () => {
    expect(operations.length).toBeGreaterThan(20);
    for (const op of operations) expect(op.access, `${op.method} ${op.path} has no x-access`).toBeDefined();
  });

  it('opens only the person’s own account before the second factor: profile, sessions, authenticator set-up, verifying, logout', () => {
    const self = operations.filter((op) => op.access.kind === 'self').map((op) => op.operationId).sort();
    expect(self).toEqual(['confirmTotpSetup', 'getMe', 'listMySessions', 'logout', 'revokeMySession', 'startTotpSetup', 'verifyTwoFactor']);
  });

  it('lets a municipality’s own API key read exactly its agreements, signed documents, indicators and contracts, and write nothing', () => {
    const scoped = operations.filter((op) => op.access.kind === 'municipality' && op.access.scope);
    expect(scoped.every((op) => op.method === 'GET')).toBe(true);
    const byScope: Record<string, string[]> = {};
    for (const op of scoped) {
      const scope = (op.access as { scope: string }).scope;
      byScope[scope] = [...(byScope[scope] ?? []), op.operationId];
    }
    for (const list of Object.values(byScope)) list.sort();
    expect(byScope).toEqual({
      'agreements:read': ['getAgreement', 'getAgreementVersion', 'listAgreementVersions', 'listAgreements'],
      'documents:read': ['getSignedDocument'],
      'indicators:read': ['exportMunicipalityIndicators', 'getMunicipalityIndicators'],
      'contracts:read': ['getContract', 'getContractVersion', 'listContractBudgetEntries', 'listContractBudgets', 'listContractVersions', 'listContracts'],
    });
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>> };
    for (const op of scoped) {
      const security = doc.paths[op.path]?.[op.method.toLowerCase()]?.security;
      expect(security, op.operationId).toContainEqual({ apiKey: [(op.access as { scope: string }).scope] });
    }
  });
});

describe.each(operations.filter((op) => op.access.kind !== 'public'))('$method $path ($operationId)', (op) => {
  it('answers 401 without credentials, and with a forged token', async () => {
    const bare = await w.request(op.method, pathOfA(op.path), { body: bodyFor(op.method) });
    expect(bare.status).toBe(401);
    expect(bare.headers.get('content-type')).toContain('application/problem+json');
    const forged = await w.request(op.method, pathOfA(op.path), { body: bodyFor(op.method), token: 'aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });
    expect(forged.status).toBe(401);
    const forgedKey = await w.request(op.method, pathOfA(op.path), { body: bodyFor(op.method), token: `vvk_${'a'.repeat(32)}` });
    expect(forgedKey.status).toBe(401);
  });

  if (op.access.kind !== 'self') {
    it('answers 403 two-factor-required to a password-only session of the operator, provider staff and municipal staff', async () => {
      const people = { operator: w.operator, 'provider admin': w.P1.admin, 'provider staff': w.P1.staff, 'municipal admin': w.A.people.admin, 'municipal analyst': w.A.people.analyst };
      for (const [who, person] of Object.entries(people)) {
        const token = await w.unverifiedSession(person);
        const res = await w.request(op.method, pathOfA(op.path), { token, body: bodyFor(op.method) });
        expect(res.status, who).toBe(403);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        const problem = (await res.json()) as { type: string; detail: string };
        expect(problem.type, who).toBe('https://vervolg.nl/problems/two-factor-required');
        expect(problem.detail).toContain('second factor');
        expect(problem.detail).toContain('POST /v1/auth/two-factor');
        expect(problem.detail).toContain('POST /v1/me/totp');
      }
    });
  } else {
    it('is open to a password-only session: it is about the person’s own account', async () => {
      // Not the fixture session id: revoking a real session here would sign its person out for later tests.
      const path = pathOfA(op.path).replace(w.A.people.analyst.sessionId, 'a'.repeat(24));
      for (const person of [w.operator, w.P1.staff, w.A.people.analyst]) {
        const token = await w.unverifiedSession(person);
        const res = await w.request(op.method, path, { token, body: bodyFor(op.method) });
        expect(res.status).not.toBe(401);
        if (res.status === 403) expect(((await res.json()) as { type: string }).type).not.toMatch(/two-factor-required$/);
      }
    });
  }

  if (op.access.kind === 'municipality') {
    const access = op.access;
    it("answers 404 to another municipality's staff, whatever their role there", async () => {
      for (const role of ROLES) {
        const res = await w.request(op.method, pathOfA(op.path), { token: w.B.people[role].token, body: bodyFor(op.method) });
        expect(res.status, `${role} of B`).toBe(404);
      }
    });
    it('answers 404 to provider staff that are not staff of the municipality', async () => {
      const res = await w.request(op.method, pathOfA(op.path), { token: w.P1.admin.token, body: bodyFor(op.method) });
      expect(res.status).toBe(404);
    });
    const without = ROLES.filter((r) => !access.roles.includes(r));
    if (without.length > 0) {
      it(`answers 403 to roles without the right (${without.join(', ')})`, async () => {
        for (const role of without) {
          const res = await w.request(op.method, pathOfA(op.path), { token: w.A.people[role].token, body: bodyFor(op.method) });
          expect(res.status, role).toBe(403);
        }
      });
    }
    it('answers 403 to a provider’s API key', async () => {
      const res = await w.request(op.method, pathOfA(op.path), { token: w.P1.apiKey, body: bodyFor(op.method) });
      expect(res.status).toBe(403);
    });
    it("answers 404 to another municipality's own API key, whatever its scopes", async () => {
      for (const token of [w.B.apiKey, w.B.emptyKey]) {
        const res = await w.request(op.method, pathOfA(op.path), { token, body: bodyFor(op.method) });
        expect(res.status).toBe(404);
      }
    });
    if (access.scope) {
      it(`lets the municipality's own key with ${access.scope} in, and answers 403 to its key without it`, async () => {
        const empty = await w.request(op.method, pathOfA(op.path), { token: w.A.emptyKey });
        expect(empty.status).toBe(403);
        expect(((await empty.json()) as { detail: string }).detail).toContain(access.scope as string);
        const full = await w.request(op.method, pathOfA(op.path), { token: w.A.apiKey });
        // Past the access check: the resource itself may still be missing (the fixture ids).
        expect([401, 403]).not.toContain(full.status);
      });
    } else {
      it("answers 403 to the municipality's own API key (the operation takes no key)", async () => {
        const res = await w.request(op.method, pathOfA(op.path), { token: w.A.apiKey, body: bodyFor(op.method) });
        expect(res.status).toBe(403);
      });
    }
  }

  if (op.access.kind === 'provider') {
    const access = op.access;
    it("answers 404 to another provider's staff and API key", async () => {
      for (const token of [w.P2.admin.token, w.P2.staff.token, w.P2.apiKey, w.A.people.admin.token, w.A.apiKey]) {
        const res = await w.request(op.method, pathOfA(op.path), { token, body: bodyFor(op.method) });
        expect(res.status).toBe(404);
      }
    });
    if (!access.roles.includes('staff')) {
      it('answers 403 to provider staff without the admin role', async () => {
        const res = await w.request(op.method, pathOfA(op.path), { token: w.P1.staff.token, body: bodyFor(op.method) });
        expect(res.status).toBe(403);
      });
    }
    it('answers 403 to an API key without the needed scope', async () => {
      const res = await w.request(op.method, pathOfA(op.path), { token: access.scope ? w.P1.emptyKey : w.P1.apiKey, body: bodyFor(op.method) });
      expect(res.status).toBe(403);
    });
  }

  if (op.access.kind === 'operator') {
    it('answers 403 to anyone but the platform operator', async () => {
      for (const token of [w.A.people.admin.token, w.P1.admin.token, w.A.apiKey]) {
        const res = await w.request(op.method, pathOfA(op.path), { token, body: bodyFor(op.method) });
        expect(res.status).toBe(403);
      }
    });
  }

  if (op.access.kind === 'user' || op.access.kind === 'self') {
    it('answers 401 to a municipality’s own API key: it is no person', async () => {
      const res = await w.request(op.method, pathOfA(op.path).replace(w.A.people.analyst.sessionId, 'a'.repeat(24)), { token: w.A.apiKey, body: bodyFor(op.method) });
      expect(res.status).toBe(401);
    });
  }
});
