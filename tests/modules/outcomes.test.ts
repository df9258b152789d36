// Outcome reporting by providers: the batch endpoint (every rule, all problems in one answer,
// nothing written on refusal, corrections with history, idempotency, 10,000 records) and
// isolation between providers and municipalities.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as agreementRoutes } from '../../src/modules/agreements/routes.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { type Municipality, type World, createWorld } from '../support/world.js';
import { insertContract } from '../support/contracts.js';

let w: World;
const contracts = { a: '', aSuspended: '', aEnded: '', b: '' };
const agreements = { a: '', b: '' };
// The plan's goals carry stable ids (the server gives one to a goal sent without); reports name them.
const GOAL_1 = '01a00000-0000-7000-8000-000000000001';
const GOAL_2 = '01a00000-0000-7000-8000-000000000002';

async function agreementIn(m: Municipality, providerId: string): Promise<string> {
  const { templateVersionId } = await publishedTemplate(w, adminOf(m));
  const res = await w.call(agreementRoutes.createAgreement, {
    token: m.people['case-manager'].token,
    params: { municipalityId: m.id },
    json: {
      templateVersionId,
      youngPerson: { name: 'Sanne de Vries', dateOfBirth: '2009-05-14', mobile: '06 12345678' },
      providerIds: [providerId],
      departureDate: '2027-02-01',
      aftercareStartDate: '2026-12-01',
      plan: {
        goals: [
          { id: GOAL_1, domain: 'housing', term: 'long', description: 'Zelfstandig wonen', targetDate: '2027-09-01' },
          { id: GOAL_2, domain: 'education', term: 'short', description: 'Mbo-diploma', targetDate: '2027-07-01' },
        ],
      },
    },
  });
  return res.json(201).id;
}

beforeAll(async () => {
  w = await createWorld();
  const products = [{ productCategory: '45' }, { productCategory: '43', productCode: '43A01' }];
  contracts.a = (await insertContract(w.db, { tenantId: w.A.id, providerId: w.P1.id, products, startDate: '2024-01-01', endDate: '2028-12-31' })).id;
  contracts.aSuspended = (await insertContract(w.db, { tenantId: w.A.id, providerId: w.P1.id, status: 'suspended' })).id;
  contracts.aEnded = (await insertContract(w.db, { tenantId: w.A.id, providerId: w.P1.id, status: 'ended' })).id;
  contracts.b = (await insertContract(w.db, { tenantId: w.B.id, providerId: w.P2.id })).id;
  agreements.a = await agreementIn(w.A, w.P1.id);
  agreements.b = await agreementIn(w.B, w.P2.id);
}, 60_000);
afterAll(async () => w?.close());

let keyCounter = 0;
const newKey = () => `key-${Date.now()}-${++keyCounter}`;
const batchPath = (providerId = w.P1.id) => `/v1/providers/${providerId}/outcome-batches`;

function post(records: unknown[], options: { key?: string | null; token?: string; providerId?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.key !== null) headers['Idempotency-Key'] = options.key ?? newKey();
  return w.request('POST', batchPath(options.providerId), { token: options.token ?? w.P1.apiKey, body: { records }, headers });
}

type Summary = { id: string; recordCount: number; trajectories: Record<string, number>; measurements: Record<string, number> };
type Problem = { status: number; detail: string; invalidParams: { name: string; reason: string }[] };

async function accepted(res: Response, status = 201): Promise<Summary> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as Summary;
}
async function refused(res: Response, status = 400): Promise<Problem> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return JSON.parse(text) as Problem;
}

const trajectory = (reference: string, extra: Record<string, unknown> = {}) => ({
  type: 'trajectory',
  reference,
  clientReference: `CL-${reference}`,
  contractId: contracts.a,
  productCategory: '45',
  startDate: '2025-01-10',
  ...extra,
});
const ended = (reference: string, extra: Record<string, unknown> = {}) => trajectory(reference, { endDate: '2025-06-30', endReason: '31', ...extra });
const satisfaction = (ref: string, score = 8, informant = 'young-person', measuredOn = '2025-06-30') => ({ type: 'satisfaction', trajectoryReference: ref, measuredOn, score, informant });
const followUp = (ref: string, months = 3, extra: Record<string, unknown> = {}) => ({
  type: 'follow-up',
  trajectoryReference: ref,
  months,
  measuredOn: '2025-09-30',
  housing: 'independent',
  educationWork: 'education',
  incomeDebts: 'income-no-debts',
  network: 'supportive',
  newYouthCare: false,
  ...extra,
});

async function counts() {
  const { rows } = await sql<{ t: number; m: number; r: number; b: number }>`
    select (select count(*)::int from trajectories) as t, (select count(*)::int from outcome_measurements) as m,
           (select count(*)::int from trajectory_revisions) as r, (select count(*)::int from outcome_batches) as b`.execute(w.db);
  return rows[0] as { t: number; m: number; r: number; b: number };
}
const names = (p: Problem) => p.invalidParams.map((i) => i.name);

describe('delivering a batch', () => {
  it('writes trajectories and every kind of measurement, under the contract’s municipality', async () => {
    const summary = await accepted(
      await post([
        ended('T-1'),
        satisfaction('T-1', 8, 'young-person'),
        satisfaction('T-1', 7, 'parent'),
        { type: 'continuation', trajectoryReference: 'T-1', measuredOn: '2025-06-30', canContinueWithoutHelp: true },
        { type: 'goals', trajectoryReference: 'T-1', measuredOn: '2025-06-30', goalsAchieved: 2, goalsTotal: 3 },
        followUp('T-1', 3),
        followUp('T-1', 12, { measuredOn: '2026-06-30', housing: 'homeless', newYouthCare: true }),
        trajectory('T-2', { productCategory: '43', productCode: '43A01', agreementId: agreements.a }),
        { type: 'goals', trajectoryReference: 'T-2', measuredOn: '2025-03-01', goals: [{ goalId: GOAL_1, achieved: true }, { goalId: GOAL_2, achieved: false }] },
      ]),
    );
    expect(summary).toMatchObject({ recordCount: 9, trajectories: { created: 2, updated: 0, unchanged: 0 }, measurements: { created: 7, superseded: 0, unchanged: 0 } });
    const { rows } = await sql<{ tenant_id: string; provider_id: string; reference: string; end_date: string | null; product_code: string; batch_id: string }>`
      select tenant_id, provider_id, reference, end_date::text as end_date, product_code, batch_id from trajectories where reference in ('T-1', 'T-2') order by reference`.execute(w.db);
    expect(rows).toEqual([
      { tenant_id: w.A.id, provider_id: w.P1.id, reference: 'T-1', end_date: '2025-06-30', product_code: '', batch_id: summary.id },
      { tenant_id: w.A.id, provider_id: w.P1.id, reference: 'T-2', end_date: null, product_code: '43A01', batch_id: summary.id },
    ]);
    const goals = await sql<{ goals_achieved: number; goals_total: number; goal_results: unknown }>`
      select goals_achieved, goals_total, goal_results from outcome_measurements m join trajectories t on t.tenant_id = m.tenant_id and t.id = m.trajectory_id
       where t.reference = 'T-2'`.execute(w.db);
    expect(goals.rows).toEqual([{ goals_achieved: 1, goals_total: 2, goal_results: [{ goalId: GOAL_1, achieved: true }, { goalId: GOAL_2, achieved: false }] }]);
    const batch = await sql<{ record_count: number; summary: unknown }>`select record_count, summary from outcome_batches where id = ${summary.id}`.execute(w.db);
    expect(batch.rows[0]).toEqual({ record_count: 9, summary });
  });

  it('lets provider staff (a session) deliver too', async () => {
    const summary = await accepted(await post([trajectory('T-staff')], { token: w.P1.staff.token }));
    expect(summary.trajectories.created).toBe(1);
  });

  it('refuses the whole batch, listing every problem by record index and field, and writes nothing', async () => {
    const before = await counts();
    const problem = await refused(
      await post([
        trajectory('V-ok'), // 0: fine on its own
        trajectory('V-1', { endDate: '2025-01-01', endReason: '31' }), // 1: end before start
        trajectory('V-2', { endDate: '2025-02-01' }), // 2: end date without reason
        trajectory('V-3', { endReason: '31' }), // 3: reason without end date
        trajectory('V-4', { startDate: '2023-12-31' }), // 4: before the contract period
        trajectory('V-5', { endDate: '2029-01-01', endReason: '31' }), // 5: end after the contract period
        trajectory('V-6', { productCategory: '47' }), // 6: category not in the contract
        trajectory('V-7', { productCategory: '43', productCode: '43B99' }), // 7: code not in the contract
        trajectory('V-8', { agreementId: agreements.b }), // 8: agreement of another municipality
        trajectory('V-ok'), // 9: reference twice in the batch
        satisfaction('NOPE'), // 10: unknown trajectory
        satisfaction('V-ok', 8, 'young-person', '2025-01-01'), // 11: measured before the start
        followUp('V-ok'), // 12: follow-up on a trajectory that has not ended
        { type: 'goals', trajectoryReference: 'V-ok', measuredOn: '2025-03-01', goalsAchieved: 4, goalsTotal: 3 }, // 13: more achieved than agreed
        { type: 'goals', trajectoryReference: 'V-ok', measuredOn: '2025-03-01', goals: [{ goalId: '1', achieved: true }] }, // 14: per-goal without agreement (and slot twice)
        satisfaction('V-ok', 11), // 15: shape: score out of range
        { type: 'mood', trajectoryReference: 'V-ok' }, // 16: shape: unknown type
        trajectory('V-9', { startDate: '2025-02-30' }), // 17: shape: not a date
        satisfaction('V-9'), // 18: refers to the malformed trajectory: not reported again
        trajectory('V-10', { contractId: '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11' }), // 19: no such contract
      ]),
    );
    const n = names(problem);
    expect(n).toEqual(
      expect.arrayContaining([
        'records[1].endDate',
        'records[2].endReason',
        'records[3].endDate',
        'records[4].startDate',
        'records[5].endDate',
        'records[6].productCategory',
        'records[7].productCode',
        'records[8].agreementId',
        'records[9].reference',
        'records[10].trajectoryReference',
        'records[11].measuredOn',
        'records[12].trajectoryReference',
        'records[13].goalsAchieved',
        'records[14].goals',
        'records[14].type',
        'records[15].score',
        'records[16].type',
        'records[17].startDate',
        'records[19].contractId',
      ]),
    );
    expect(n.some((name) => name.startsWith('records[0]') || name.startsWith('records[18]'))).toBe(false);
    // Sorted by record, and the detail counts them.
    const indexes = n.map((name) => Number(/\[(\d+)\]/.exec(name)?.[1]));
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(problem.detail).toContain(`${n.length} problems`);
    expect(problem.detail).toContain('Nothing was written');
    expect(await counts()).toEqual(before);
  });

  it('reports per agreed goal when the trajectory is linked to an agreement, counts otherwise', async () => {
    const problem = await refused(
      await post([
        trajectory('G-1', { agreementId: agreements.a }),
        { type: 'goals', trajectoryReference: 'G-1', measuredOn: '2025-03-01', goals: [{ goalId: GOAL_1, achieved: true }, { goalId: '1', achieved: true }, { goalId: GOAL_1, achieved: false }] },
        trajectory('G-2', { agreementId: agreements.a }),
        { type: 'goals', trajectoryReference: 'G-2', measuredOn: '2025-03-01', goalsAchieved: 1, goalsTotal: 2 },
        trajectory('G-3'),
        { type: 'goals', trajectoryReference: 'G-3', measuredOn: '2025-03-01', goalsAchieved: 1 },
      ]),
    );
    expect(names(problem)).toEqual(['records[1].goals[1].goalId', 'records[1].goals[2].goalId', 'records[3].goals', 'records[5].goalsTotal']);
  });

  it('lists at most 1,000 problems and says how many there were', async () => {
    const records = Array.from({ length: 1500 }, (_, i) => satisfaction(`MISSING-${i}`));
    const problem = await refused(await post(records));
    expect(problem.invalidParams).toHaveLength(1000);
    expect(problem.invalidParams[999]?.name).toBe('records[999].trajectoryReference');
    expect(problem.detail).toContain('1500 problems');
    expect(problem.detail).toContain('first 1000');
  });

  it('requires the Idempotency-Key header and 1 to 10,000 records', async () => {
    const missing = await refused(await post([trajectory('K-1')], { key: null }));
    expect(names(missing)).toEqual(['header.Idempotency-Key']);
    const empty = await refused(await post([]));
    expect(names(empty)).toEqual(['records']);
    const malformed = await w.request('POST', batchPath(), { token: w.P1.apiKey, body: '{"records": [', headers: { 'Idempotency-Key': newKey() } });
    expect(malformed.status).toBe(400);
  });
});

describe('corrections and history', () => {
  it('corrects a trajectory on re-delivery, keeping the earlier state; an identical re-delivery changes nothing', async () => {
    await accepted(await post([trajectory('C-1'), satisfaction('C-1', 6, 'young-person', '2025-03-01')]));
    const corrected = await accepted(await post([ended('C-1', { clientReference: 'CL-other' })]));
    expect(corrected.trajectories).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const again = await accepted(await post([ended('C-1', { clientReference: 'CL-other' })]));
    expect(again.trajectories).toEqual({ created: 0, updated: 0, unchanged: 1 });

    const { rows } = await sql<{ id: string; revision: number; end_date: string; client_reference: string; batch_id: string }>`
      select id, revision, end_date::text as end_date, client_reference, batch_id from trajectories where reference = 'C-1'`.execute(w.db);
    expect(rows[0]).toMatchObject({ revision: 2, end_date: '2025-06-30', client_reference: 'CL-other', batch_id: corrected.id });
    const revisions = await sql<{ revision: number; state: Record<string, unknown>; batch_id: string }>`
      select revision, state, batch_id from trajectory_revisions where trajectory_id = ${rows[0]?.id}`.execute(w.db);
    expect(revisions.rows).toEqual([
      {
        revision: 1,
        batch_id: corrected.id,
        state: expect.objectContaining({ reference: 'C-1', clientReference: 'CL-C-1', endDate: null, endReason: null, startDate: '2025-01-10', contractId: contracts.a }),
      },
    ]);
  });

  it('supersedes a measurement with a newer value and keeps the old one; identical values are not stored twice', async () => {
    await accepted(await post([ended('S-1'), satisfaction('S-1', 5), followUp('S-1', 3)]));
    const second = await accepted(await post([satisfaction('S-1', 9), followUp('S-1', 3)]));
    expect(second.measurements).toEqual({ created: 1, superseded: 1, unchanged: 1 });
    const third = await accepted(await post([satisfaction('S-1', 9)]));
    expect(third.measurements).toEqual({ created: 0, superseded: 0, unchanged: 1 });

    const { rows } = await sql<{ score: number; superseded: boolean }>`
      select m.score, m.superseded_at is not null as superseded from outcome_measurements m join trajectories t on t.tenant_id = m.tenant_id and t.id = m.trajectory_id
       where t.reference = 'S-1' and m.kind = 'satisfaction' order by m.id`.execute(w.db);
    expect(rows).toEqual([
      { score: 5, superseded: true },
      { score: 9, superseded: false },
    ]);
    // The database keeps measurements as delivered, whatever the code does.
    await expect(sql`update outcome_measurements set score = 1 where score = 5`.execute(w.db)).rejects.toThrow(/kept as delivered/);

    const list = (await (await w.request('GET', `/v1/providers/${w.P1.id}/trajectories?reference=S-1`, { token: w.P1.narrowKey })).json()) as { items: { id: string }[] };
    const detail = (await (await w.request('GET', `/v1/providers/${w.P1.id}/trajectories/${list.items[0]?.id}`, { token: w.P1.narrowKey })).json()) as {
      endDate: string;
      municipalityId: string;
      measurements: { type: string; score?: number; months?: number; supersededAt: string | null }[];
      history: { type: string; score?: number; supersededAt: string | null }[];
    };
    expect(detail).toMatchObject({ endDate: '2025-06-30', municipalityId: w.A.id });
    expect(detail.measurements.map((m) => `${m.type}:${m.score ?? m.months}`).sort()).toEqual(['follow-up:3', 'satisfaction:9']);
    expect(detail.history).toEqual([expect.objectContaining({ type: 'satisfaction', score: 5, supersededAt: expect.any(String) })]);
  });

  it('a batch mixing empty slots, changed and identical values, and a new trajectory writes each as it should', async () => {
    await accepted(await post([ended('S-3'), satisfaction('S-3', 5), followUp('S-3', 3)]));
    const before = await counts();
    const mixed = await accepted(
      await post([
        satisfaction('S-3', 7), // changed: supersedes 5
        followUp('S-3', 3), // identical: nothing written
        satisfaction('S-3', 8, 'parent'), // an empty slot of an earlier trajectory
        followUp('S-3', 12, { measuredOn: '2026-06-30' }), // another empty slot
        ended('S-4'),
        satisfaction('S-4', 6), // a slot of a trajectory of this batch
      ]),
    );
    expect(mixed.trajectories).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(mixed.measurements).toEqual({ created: 4, superseded: 1, unchanged: 1 });
    const after = await counts();
    expect(after.m - before.m).toBe(4);

    const { rows } = await sql<{ reference: string; kind: string; slot: string; score: number | null; current: boolean; batch: boolean }>`
      select t.reference, m.kind, m.slot, m.score, m.superseded_at is null as current, m.batch_id = ${mixed.id} as batch
        from outcome_measurements m join trajectories t on t.tenant_id = m.tenant_id and t.id = m.trajectory_id
       where t.reference in ('S-3', 'S-4') order by t.reference, m.kind, m.slot, m.id`.execute(w.db);
    expect(rows).toEqual([
      { reference: 'S-3', kind: 'follow-up', slot: '12', score: null, current: true, batch: true },
      { reference: 'S-3', kind: 'follow-up', slot: '3', score: null, current: true, batch: false },
      { reference: 'S-3', kind: 'satisfaction', slot: 'parent', score: 8, current: true, batch: true },
      { reference: 'S-3', kind: 'satisfaction', slot: 'young-person', score: 5, current: false, batch: false },
      { reference: 'S-3', kind: 'satisfaction', slot: 'young-person', score: 7, current: true, batch: true },
      { reference: 'S-4', kind: 'satisfaction', slot: 'young-person', score: 6, current: true, batch: true },
    ]);
  });

  it('stores references as sent, whatever characters they hold', async () => {
    // Rows travel to the database as array literals (columns.ts): quotes, backslashes, braces,
    // commas, the word NULL and non-ASCII text must arrive unchanged.
    const odd = ['Q-"quoted"', 'Q-back\\slash', 'Q-{brace},comma', 'NULL', 'Q-éé 👍', "Q-'single'"];
    const summary = await accepted(await post(odd.flatMap((reference, i) => [trajectory(reference, { clientReference: `${reference}-CL` }), satisfaction(reference, 1 + i)])));
    expect(summary.trajectories.created).toBe(odd.length);
    const { rows } = await sql<{ reference: string; client_reference: string; score: number }>`
      select t.reference, t.client_reference, m.score from trajectories t
        join outcome_measurements m on m.tenant_id = t.tenant_id and m.trajectory_id = t.id
       where t.batch_id = ${summary.id} order by m.score`.execute(w.db);
    expect(rows).toEqual(odd.map((reference, i) => ({ reference, client_reference: `${reference}-CL`, score: 1 + i })));
  });

  it('refuses two values for the same slot in one batch', async () => {
    const problem = await refused(await post([trajectory('S-2'), satisfaction('S-2', 5), satisfaction('S-2', 6), satisfaction('S-2', 6, 'parent')]));
    expect(names(problem)).toEqual(['records[2].informant']);
  });
});

describe('idempotency', () => {
  it('replays the stored answer for the same key and body, and refuses the key with another body', async () => {
    const key = newKey();
    const records = [trajectory('I-1'), satisfaction('I-1')];
    const first = await accepted(await post(records, { key }));
    const before = await counts();
    const replay = await post(records, { key });
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await accepted(replay, 200)).toEqual(first);
    expect(await counts()).toEqual(before);

    const other = await refused(await post([trajectory('I-2')], { key }), 409);
    expect(other.detail).toMatch(/Idempotency-Key/);
    expect(await counts()).toEqual(before);
    // Keys are per provider: P2 may use the same key for its own batch.
    await accepted(await post([trajectory('I-P2', { contractId: contracts.b })], { key, token: w.P2.apiKey, providerId: w.P2.id }));
  });

  it('writes once when the same batch arrives twice at the same time', async () => {
    const key = newKey();
    const records = [trajectory('I-3'), satisfaction('I-3')];
    const before = await counts();
    const [a, b] = await Promise.all([post(records, { key }), post(records, { key })]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const after = await counts();
    expect(after.t - before.t).toBe(1);
    expect(after.m - before.m).toBe(1);
    expect(after.b - before.b).toBe(1);
  });

  it('two batches (other keys) filling the same slot at the same time: one writes it, the other finds it filled', async () => {
    await accepted(await post([trajectory('I-4')]));
    const before = await counts();
    const [a, b] = await Promise.all([post([satisfaction('I-4', 6)]), post([satisfaction('I-4', 6)])]);
    const answers = [await accepted(a), await accepted(b)].map((s) => s.measurements);
    expect(answers).toEqual(expect.arrayContaining([{ created: 1, superseded: 0, unchanged: 0 }, { created: 0, superseded: 0, unchanged: 1 }]));
    expect((await counts()).m - before.m).toBe(1);
  });
});

describe('size', () => {
  it('accepts 10,000 records and refuses 10,001', async () => {
    const records: unknown[] = [];
    for (let i = 0; i < 2500; i++) records.push(ended(`BIG-${i}`));
    for (let i = 0; i < 2500; i++) records.push(satisfaction(`BIG-${i}`, (i % 10) + 1));
    for (let i = 0; i < 2500; i++) records.push({ type: 'continuation', trajectoryReference: `BIG-${i}`, measuredOn: '2025-06-30', canContinueWithoutHelp: i % 2 === 0 });
    for (let i = 0; i < 2500; i++) records.push(followUp(`BIG-${i}`));
    const started = performance.now();
    const summary = await accepted(await post(records));
    const ms = performance.now() - started;
    expect(summary).toMatchObject({ recordCount: 10_000, trajectories: { created: 2500 }, measurements: { created: 7500 } });
    console.info(`10,000 records accepted in ${Math.round(ms)} ms`);

    const tooMany = await refused(await post([...records, satisfaction('BIG-0')]));
    expect(names(tooMany)).toEqual(['records']);
  }, 180_000);
});

describe('isolation', () => {
  it('a provider reports only under its own active contracts: another provider’s contract looks like none', async () => {
    const before = await counts();
    const problem = await refused(
      await post([
        trajectory('X-1', { contractId: contracts.b }),
        trajectory('X-2', { contractId: '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11' }),
        trajectory('X-3', { contractId: contracts.aSuspended }),
        trajectory('X-4', { contractId: contracts.aEnded }),
      ]),
    );
    expect(problem.invalidParams.map((p) => p.name)).toEqual(['records[0].contractId', 'records[1].contractId', 'records[2].contractId', 'records[3].contractId']);
    expect(problem.invalidParams[0]?.reason).toBe(problem.invalidParams[1]?.reason);
    expect(problem.invalidParams[2]?.reason).toMatch(/suspended/);
    expect(problem.invalidParams[3]?.reason).toMatch(/ended/);
    expect(await counts()).toEqual(before);
  });

  it('links only to agreements that name the provider: another provider’s or an unrelated agreement looks like none', async () => {
    // In the contract’s own municipality: one agreement naming no provider, one naming P2 only.
    const unrelated = await agreementIn(w.A, w.P1.id);
    await sql`update agreements set provider_ids = '{}' where id = ${unrelated}`.execute(w.db);
    const otherProvider = await agreementIn(w.A, w.P1.id);
    await sql`update agreements set provider_ids = ${sql.raw(`ARRAY['${w.P2.id}']::uuid[]`)} where id = ${otherProvider}`.execute(w.db);
    const before = await counts();
    const problem = await refused(
      await post([
        trajectory('AG-1', { agreementId: unrelated }),
        trajectory('AG-2', { agreementId: otherProvider }),
        trajectory('AG-3', { agreementId: '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b12' }),
        trajectory('AG-4', { agreementId: agreements.a }), // names P1: fine
      ]),
    );
    expect(names(problem)).toEqual(['records[0].agreementId', 'records[1].agreementId', 'records[2].agreementId']);
    const reasons = new Set(problem.invalidParams.map((p) => p.reason));
    expect(reasons.size).toBe(1); // the same words for each: nothing tells them apart
    expect(await counts()).toEqual(before);
    // The agreement that names P1 links as before.
    await accepted(await post([trajectory('AG-4', { agreementId: agreements.a })]));
  });

  it('measurements cannot reach another provider’s trajectory, nor a trajectory whose contract is suspended', async () => {
    await accepted(await post([trajectory('P2-ONLY', { contractId: contracts.b })], { token: w.P2.apiKey, providerId: w.P2.id }));
    const problem = await refused(await post([satisfaction('P2-ONLY')]));
    expect(names(problem)).toEqual(['records[0].trajectoryReference']);

    const { id } = await insertContract(w.db, { tenantId: w.A.id, providerId: w.P1.id });
    await accepted(await post([trajectory('SUSP-1', { contractId: id })]));
    await sql`update contracts set status = 'suspended' where id = ${id}`.execute(w.db);
    const late = await refused(await post([satisfaction('SUSP-1')]));
    expect(late.invalidParams).toEqual([{ name: 'records[0].trajectoryReference', reason: expect.stringMatching(/suspended/) }]);
  });

  it('a provider reads only its own trajectories', async () => {
    // What it reads, made here: two of P1's under contract A (for paging), one of P2's.
    await accepted(await post([trajectory('READ-1'), trajectory('READ-2')]));
    await accepted(await post([trajectory('READ-P2', { contractId: contracts.b })], { token: w.P2.apiKey, providerId: w.P2.id }));
    const own = (await (await w.request('GET', `/v1/providers/${w.P1.id}/trajectories?limit=200`, { token: w.P1.apiKey })).json()) as { items: { reference: string }[] };
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.map((t) => t.reference)).not.toContain('READ-P2');
    const p2 = (await (await w.request('GET', `/v1/providers/${w.P2.id}/trajectories?reference=READ-P2`, { token: w.P2.apiKey })).json()) as { items: { id: string }[] };
    const p2Id = p2.items[0]?.id as string;
    expect(p2Id).toEqual(expect.any(String));
    expect((await w.request('GET', `/v1/providers/${w.P1.id}/trajectories/${p2Id}`, { token: w.P1.apiKey })).status).toBe(404);
    expect((await w.request('GET', `/v1/providers/${w.P2.id}/trajectories/${p2Id}`, { token: w.P1.apiKey })).status).toBe(404);
    expect((await w.request('GET', `/v1/providers/${w.P2.id}/trajectories`, { token: w.P1.admin.token })).status).toBe(404);
    // Filtering by contract and paging.
    const page1 = (await (await w.request('GET', `/v1/providers/${w.P1.id}/trajectories?contractId=${contracts.a}&limit=1`, { token: w.P1.apiKey })).json()) as {
      items: { id: string; contractId: string }[];
      nextCursor: string | null;
    };
    expect(page1.items).toHaveLength(1);
    expect(page1.items[0]?.contractId).toBe(contracts.a);
    const page2 = (await (await w.request('GET', `/v1/providers/${w.P1.id}/trajectories?contractId=${contracts.a}&limit=1&cursor=${page1.nextCursor}`, { token: w.P1.apiKey })).json()) as {
      items: { id: string }[];
    };
    expect((page2.items[0]?.id as string) > (page1.items[0]?.id as string)).toBe(true);
  });

  it('needs outcomes:write, and the provider in the path must be one’s own', async () => {
    const narrow = await refused(await post([trajectory('N-1')], { token: w.P1.narrowKey }), 403);
    expect(narrow.detail).toContain('outcomes:write');
    await refused(await post([trajectory('N-2', { contractId: contracts.b })], { token: w.P1.apiKey, providerId: w.P2.id }), 404);
    await refused(await post([trajectory('N-3')], { token: w.A.people.admin.token }), 404);
  });

  it('municipal staff and other principals never see provider trajectories through row-level security', async () => {
    // One trajectory in each municipality, made here; other tests add more to both.
    await accepted(await post([trajectory('RLS-A')]));
    await accepted(await post([trajectory('RLS-B', { contractId: contracts.b })], { token: w.P2.apiKey, providerId: w.P2.id }));
    // As the owner (no row-level security): B's trajectories, by their tenant_id.
    const ofB = (await sql<{ reference: string }>`select reference from trajectories where tenant_id = ${w.B.id}`.execute(w.db)).rows.map((r) => r.reference).sort();
    expect(ofB).toContain('RLS-B');
    expect(ofB).not.toContain('RLS-A');
    // Municipality B's context (as its staff run) sees its own tenant's trajectories only.
    const { rows } = await w.db.transaction().execute(async (trx) => {
      await sql`select set_config('role', 'vervolg_app', true), set_config('app.tenant_id', ${w.B.id}, true)`.execute(trx);
      return sql<{ reference: string }>`select reference from trajectories`.execute(trx);
    });
    expect(rows.map((r) => r.reference).sort()).toEqual(ofB);
  });
});

describe('robustness', () => {
  it('answered nothing in this file with a 500', () => {
    expect(w.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});
