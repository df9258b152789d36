// Outcome reporting in workerd: the real Worker (src/worker.ts) takes a provider's batch with its
// API key, replays it for the same Idempotency-Key, and refuses an invalid batch with the full
// listing. Seeding (a municipality, a provider with a key, an active contract) happens from Node
// as the owner role; the rest is plain HTTP to the Worker. The accepted batch the later tests start
// from is a file fixture: made once, by whichever test asks for it first.
import { sql } from 'kysely';
import { test as baseTest, describe, expect } from 'vitest';
import { newApiKey } from '../../src/platform/auth/tokens.js';
import { uuidv7 } from '../../src/platform/crypto.js';
import { type Database, inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { insertContract } from '../support/contracts.js';
import { json, useWorker } from './harness.js';

const ids = { tenant: uuidv7(), provider: uuidv7(), contract: '' };
const key = newApiKey();

async function seed(db: Database) {
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { operator: true });
    await trx.insertInto('tenants').values({ id: ids.tenant, name: 'Gemeente Delta', cbs_code: 'GM0104', slug: 'delta' }).execute();
    await setContext(trx, { operator: false });
    await trx.insertInto('providers').values({ id: ids.provider, name: 'Zorgaanbieder Delta', agb_code: '44444444', kvk_number: '44444444' }).execute();
    await setContext(trx, { tenantId: ids.tenant });
    await trx.insertInto('provider_relations').values({ tenant_id: ids.tenant, provider_id: ids.provider }).execute();
    await setContext(trx, { tenantId: null, providerId: ids.provider });
    await trx
      .insertInto('api_keys')
      .values({ id: uuidv7(), provider_id: ids.provider, name: 'reporting', prefix: key.prefix, key_hash: key.hash, scopes: ['outcomes:write', 'outcomes:read'], created_by: null, expires_at: null, revoked_at: null, last_used_at: null })
      .execute();
  });
  ids.contract = (await insertContract(db, { tenantId: ids.tenant, providerId: ids.provider, products: [{ productCategory: '45' }] })).id;
}

const harness = useWorker({ seed });

/** A request with the provider's API key. */
const call = (method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) => harness.request(method, path, { ...options, token: key.key });

const path = () => `/v1/providers/${ids.provider}/outcome-batches`;
/** 500 trajectories, each with a satisfaction score and a follow-up: 1,500 records. */
const records = () => {
  const out: unknown[] = [];
  for (let i = 0; i < 500; i++) {
    out.push({ type: 'trajectory', reference: `W-${i}`, clientReference: `CL-${i}`, contractId: ids.contract, productCategory: '45', startDate: '2025-01-10', endDate: '2025-06-30', endReason: '31' });
  }
  for (let i = 0; i < 500; i++) out.push({ type: 'satisfaction', trajectoryReference: `W-${i}`, measuredOn: '2025-06-30', score: (i % 10) + 1, informant: 'young-person' });
  for (let i = 0; i < 500; i++) {
    out.push({ type: 'follow-up', trajectoryReference: `W-${i}`, months: 3, measuredOn: '2025-09-30', housing: 'independent', educationWork: 'work', incomeDebts: 'income-no-debts', network: 'supportive', newYouthCare: false });
  }
  return out;
};

type Summary = { id: string; recordCount: number; trajectories: { created: number }; measurements: { created: number } };
const test = baseTest.extend('firstBatch', { scope: 'file' }, async (): Promise<Summary> =>
  json<Summary>(await call('POST', path(), { body: { records: records() }, headers: { 'Idempotency-Key': 'workerd-1' } }), 201),
);

describe('outcome reporting in workerd', () => {
  test('accepts a batch posted with the provider’s API key', async ({ firstBatch: first }) => {
    expect(first).toMatchObject({ recordCount: 1500, trajectories: { created: 500 }, measurements: { created: 1000 } });
    const { rows } = await sql<{ n: number; tenants: string[] }>`select count(*)::int as n, array_agg(distinct tenant_id::text) as tenants from trajectories`.execute(harness.db);
    expect(rows[0]).toEqual({ n: 500, tenants: [ids.tenant] });
  });

  test('replays the same batch with the same key, writing nothing again', async ({ firstBatch: first }) => {
    const res = await call('POST', path(), { body: { records: records() }, headers: { 'Idempotency-Key': 'workerd-1' } });
    expect(res.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await json(res, 200)).toEqual(first);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from outcome_measurements`.execute(harness.db);
    expect(rows[0]?.n).toBe(1000);
  });

  test('refuses an invalid batch, listing every problem at once', async () => {
    const problem = await json<{ invalidParams: { name: string }[] }>(
      await call('POST', path(), {
        body: {
          records: [
            { type: 'trajectory', reference: 'W-bad', clientReference: 'CL', contractId: ids.contract, productCategory: '45', startDate: '2025-02-01', endDate: '2025-01-01', endReason: '31' },
            { type: 'satisfaction', trajectoryReference: 'W-none', measuredOn: '2025-06-30', score: 8, informant: 'parent' },
            { type: 'satisfaction', trajectoryReference: 'W-1', measuredOn: '2025-06-30', score: 12, informant: 'parent' },
          ],
        },
        headers: { 'Idempotency-Key': 'workerd-2' },
      }),
      400,
    );
    expect(problem.invalidParams.map((p) => p.name)).toEqual(['records[0].endDate', 'records[1].trajectoryReference', 'records[2].score']);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from trajectories where reference = 'W-bad'`.execute(harness.db);
    expect(rows[0]?.n).toBe(0);
  });

  // The batch itself is not read here, only what it wrote: it must have been posted.
  test('reads a trajectory back with its measurements', async ({ firstBatch: _posted }) => {
    const list = await json<{ items: { id: string }[] }>(await call('GET', `/v1/providers/${ids.provider}/trajectories?reference=W-7`), 200);
    const detail = await json<{ reference: string; measurements: { type: string }[] }>(await call('GET', `/v1/providers/${ids.provider}/trajectories/${list.items[0]?.id}`), 200);
    expect(detail.reference).toBe('W-7');
    expect(detail.measurements.map((m) => m.type).sort()).toEqual(['follow-up', 'satisfaction']);
  });
});
