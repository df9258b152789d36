// Contract changes racing each other (issue 10, item 5): each change is decided by its UPDATE of
// the contract's row (the revision the If-Match names and the status it starts from), before
// any version or mirror row is written — so of two changes based on the same ETag exactly one
// wins and the other answers 412 problem+json. On PostgreSQL the requests really overlap
// (raceOnRow holds the row until both have read it); on PGlite they run in turn.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as contracts } from '../../../src/modules/contracts/routes.js';
import { contractTerms } from '../../support/contracts.js';
import { raceOnRow } from '../../support/races.js';
import { type World, createWorld } from '../../support/world.js';

let w: World;
const base = () => `/v1/municipalities/${w.A.id}/contracts`;
const manager = () => w.A.people['contract-manager'];

beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

const terms = (endDate = '2028-12-31', amountCents = 9500) => contractTerms({ endDate, amountCents });
type Problem = { type: string; detail: string };

let refs = 0;
async function createContract() {
  const res = await w.call(contracts.createContract, { token: manager().token, params: { municipalityId: w.A.id }, json: { providerId: w.P1.id, reference: `RACE-${++refs}`, terms: terms() } });
  return res.json(201);
}
const post = (id: string, path: string, etag: string | null, body?: unknown) =>
  w.request('POST', `${base()}/${id}/${path}`, { token: manager().token, headers: etag === null ? {} : { 'If-Match': etag }, ...(body === undefined ? {} : { body }) });
const putTerms = (id: string, etag: string, body: unknown) => w.request('PUT', `${base()}/${id}/terms`, { token: manager().token, headers: { 'If-Match': etag }, body });
const read = async (id: string) => (await w.call(contracts.getContract, { token: manager().token, params: { municipalityId: w.A.id, contractId: id } })).json(200);
const amendment = (endDate: string) => ({ rationale: `Verlenging tot ${endDate}`, effectiveFrom: '2027-06-01', terms: terms(endDate) });

async function loserProblem(responses: Response[]) {
  const loser = responses.find((r) => r.status >= 400) as Response;
  expect(loser.headers.get('Content-Type')).toBe('application/problem+json');
  return (await loser.json()) as Problem;
}

describe('two contract changes based on the same ETag', () => {
  it('suspend and end at once: one 200, one 412; the state is the winner’s', async () => {
    const c = await createContract();
    expect((await post(c.id, 'activate', '"r1"')).status).toBe(200);
    const [suspend, end] = (await raceOnRow(w, { table: 'contracts', id: c.id }, [() => post(c.id, 'suspend', '"r2"'), () => post(c.id, 'end', '"r2"')])) as [Response, Response];
    expect([suspend.status, end.status].sort()).toEqual([200, 412]);
    expect((await loserProblem([suspend, end])).type).toMatch(/precondition-failed$/);
    expect(await read(c.id)).toMatchObject({ status: suspend.status === 200 ? 'suspended' : 'ended', revision: 3 });
  });

  it('two amendments at once: one 201 with version 2, the other 412 — not a collision on the version number', async () => {
    const c = await createContract();
    expect((await post(c.id, 'activate', '"r1"')).status).toBe(200);
    const [first, second] = (await raceOnRow(w, { table: 'contracts', id: c.id }, [
      () => post(c.id, 'amendments', '"r2"', amendment('2029-12-31')),
      () => post(c.id, 'amendments', '"r2"', amendment('2030-12-31')),
    ])) as [Response, Response];
    expect([first.status, second.status].sort()).toEqual([201, 412]);
    expect((await loserProblem([first, second])).type).toMatch(/precondition-failed$/);
    const now = await read(c.id);
    expect(now).toMatchObject({ currentVersion: 2, revision: 3 });
    // The contract row mirrors the winner's version, and only the winner's version exists.
    expect(now.terms.endDate).toBe(first.status === 201 ? '2029-12-31' : '2030-12-31');
    const { rows } = await sql<{ version: number; end_date: string }>`select version, terms->>'endDate' as end_date from contract_versions where contract_id = ${c.id} order by version`.execute(w.db);
    expect(rows).toEqual([
      { version: 1, end_date: '2028-12-31' },
      { version: 2, end_date: now.terms.endDate },
    ]);
  });

  it('new draft terms and activation at once: one wins, the other 412; an activated contract keeps the terms it was activated with', async () => {
    const c = await createContract();
    const [put, activate] = (await raceOnRow(w, { table: 'contracts', id: c.id }, [() => putTerms(c.id, '"r1"', terms('2028-12-31', 12_000)), () => post(c.id, 'activate', '"r1"')])) as [Response, Response];
    expect([put.status, activate.status].sort()).toEqual([200, 412]);
    const now = await read(c.id);
    expect(now.revision).toBe(2);
    expect(now.status).toBe(activate.status === 200 ? 'active' : 'draft');
    expect(now.terms.products[0]?.tariffs[0]?.amountCents).toBe(put.status === 200 ? 12_000 : 9500);
  });
});

describe('If-Match stays required and exact', () => {
  it('a stale ETag after a successful change is 412; no If-Match is 428', async () => {
    const c = await createContract();
    expect((await post(c.id, 'activate', null)).status).toBe(428);
    expect((await post(c.id, 'activate', '"r1"')).status).toBe(200);
    const stale = await post(c.id, 'suspend', '"r1"');
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as Problem).detail).toContain('"r2"');
    expect((await read(c.id)).status).toBe('active');
  });
});
