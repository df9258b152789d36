// `npm start` seeds the demo: a municipality with a template, a provider under a contract in force
// and its outcome reports. This proves the seed runs on an empty database, gives the indicators
// something to show, and changes nothing when it runs again.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../db/seed/demo.js';
import { barrierReport, parseBarrierReportQuery } from '../../src/modules/aftercare/barriers.js';
import { livingPlan } from '../../src/modules/aftercare/progress.js';
import { computeIndicators, parseIndicatorQuery } from '../../src/modules/indicators/service.js';
import { type DatabaseHandle, inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { sha256Hex } from '../../src/platform/crypto.js';
import { loadConfig } from '../../src/config.js';
import { installSecretKeys } from '../../src/platform/secrets.js';
import { createTestDatabase } from '../support/db.js';

let handle: DatabaseHandle;
/** The seed's first run, on the empty database (made here, so no test depends on running first). */
let first: Awaited<ReturnType<typeof seedDemo>>;
beforeAll(async () => {
  // The seed stores the demo admin's authenticator key encrypted (as `npm start` does after installing its keys).
  installSecretKeys(loadConfig({ APP_ENV: 'test' }).secretKeys ?? []);
  handle = await createTestDatabase();
  first = await seedDemo(handle.db, 'http://localhost:3000');
});
afterAll(async () => handle?.close());

describe('demo seed', () => {
  it('creates a contract in force with outcome reports, and is idempotent', async () => {
    expect(first.created).toBe(true);
    const again = await seedDemo(handle.db, 'http://localhost:3000');
    expect(again.created).toBe(false);

    const counts = await inAppTransaction(handle.db, async (trx) => {
      await setContext(trx, { tenantId: first.municipalityId });
      const { rows } = await sql<{ contracts: number; active: number; trajectories: number; measurements: number }>`
        select (select count(*)::int from contracts where tenant_id = ${first.municipalityId}) as contracts,
               (select count(*)::int from contracts where tenant_id = ${first.municipalityId} and status = 'active') as active,
               (select count(*)::int from trajectories where tenant_id = ${first.municipalityId}) as trajectories,
               (select count(*)::int from outcome_measurements where tenant_id = ${first.municipalityId}) as measurements`.execute(trx);
      return rows[0];
    });
    expect(counts).toMatchObject({ contracts: 1, active: 1, trajectories: 120 });
    expect(counts?.measurements).toBeGreaterThan(300);
  });

  it('gives the caseload six agreements in varied states, through the real signing path, once', async () => {
    const again = await seedDemo(handle.db, 'http://localhost:3000');
    const rows = await inAppTransaction(handle.db, async (trx) => {
      await setContext(trx, { tenantId: again.municipalityId });
      const { rows } = await sql<{ status: string; signed: number; documents: number; managers: number }>`
        select a.status,
               (select count(*)::int from signers s where s.agreement_id = a.id and s.status = 'signed') as signed,
               (select count(*)::int from signed_documents d where d.agreement_id = a.id) as documents,
               (select count(distinct case_manager_id)::int from agreements where tenant_id = ${again.municipalityId}) as managers
        from agreements a where a.tenant_id = ${again.municipalityId} order by a.young_person_name`.execute(trx);
      return rows;
    });
    expect(rows.map((r) => r.status).sort()).toEqual(['active', 'declined', 'draft', 'ended', 'sent', 'sent']);
    expect(rows.find((r) => r.status === 'active')).toMatchObject({ signed: 2, documents: 1 });
    expect(rows.filter((r) => r.status === 'sent').map((r) => r.signed).sort()).toEqual([0, 1]);
    expect(rows[0]?.managers).toBe(2);
    // The agreement in force looks alive: progress on its plan, a condition not kept with its action, a risk signal without one.
    const living = await inAppTransaction(handle.db, async (trx) => {
      await setContext(trx, { tenantId: again.municipalityId });
      const active = await trx.selectFrom('agreements').select('id').where('tenant_id', '=', again.municipalityId).where('status', '=', 'active').executeTakeFirstOrThrow();
      return livingPlan(trx, again.municipalityId, active.id);
    });
    expect(living?.goals.map((g) => g.status)).toEqual(['in-progress', 'achieved']);
    expect(living?.checklist.items.find((i) => i.item === 'health-insurance')?.status).toBe('done');
    expect(living?.conditions[0]).toMatchObject({ kept: false, action: expect.stringContaining('zoals afgesproken') });
    expect(living?.risks[0]?.withoutAction).toBe(1);
    // The rounds the seed played out queued links, codes and notices: marked done, so the first start's console is not flooded.
    const pending = await handle.db.selectFrom('outbox').select('id').where('tenant_id', '=', again.municipalityId).where('status', '=', 'pending').execute();
    expect(pending).toEqual([]);
  });

  it('gives the dashboard published figures for 2025 and the contract targets to hold them against', async () => {
    const { municipalityId } = await seedDemo(handle.db, 'http://localhost:3000');
    const report = await inAppTransaction(handle.db, async (trx) => {
      await setContext(trx, { tenantId: municipalityId });
      return computeIndicators(trx, municipalityId, parseIndicatorQuery({ period: '2025' }, new Date('2026-11-22T12:00:00Z')));
    });
    const total = report.groups.find((g) => g.providerId === null);
    const dropout = total?.figures.find((f) => f.indicator === 'dropout');
    expect(dropout?.suppressed).toBe(false);
    expect(dropout?.n).toBeGreaterThanOrEqual(5);
    const provider = report.groups.find((g) => g.providerId !== null && g.productCategory === null);
    expect(provider?.figures.find((f) => f.indicator === 'satisfaction')?.target?.assessment).toMatch(/^(met|not-met|not-enough-data)$/);
  });

  it('gives the barrier report a published row and suppressed ones, once', async () => {
    const { municipalityId } = await seedDemo(handle.db, 'http://localhost:3000');
    const report = await inAppTransaction(handle.db, async (trx) => {
      await setContext(trx, { tenantId: municipalityId });
      return barrierReport(trx, municipalityId, parseBarrierReportQuery({}, new Date()));
    });
    expect(report.rows[0]).toMatchObject({ level: 'total', barriers: 10, youngPeople: 5, suppressed: false });
    expect(report.rows.find((r) => r.kind === 'waiting-list')).toMatchObject({ barriers: 5, youngPeople: 5, suppressed: false, waiting: { averageWeeks: 14.4, medianWeeks: 12, suppressed: false } });
    expect(report.rows.filter((r) => r.suppressed).map((r) => r.kind)).toEqual(['not-available', 'no-phasing', 'chain-cooperation']);
  });

  it('makes a link that counts as the second factor only when asked (development on the embedded database), backed by an authenticator app', async () => {
    const tokenRow = (link: string | undefined) => {
      const token = /token=([a-z2-7]+)/.exec(link ?? '')?.[1] as string;
      return handle.db.selectFrom('user_tokens').select('second_factor').where('token_hash', '=', sha256Hex(token)).executeTakeFirstOrThrow();
    };
    const plain = await seedDemo(handle.db, 'http://localhost:3000');
    expect(plain.linkVerifiesSecondFactor).toBe(false);
    expect((await tokenRow(plain.loginLink)).second_factor).toBe(false);
    const before = await handle.db.selectFrom('users').select('totp_enabled_at').where('id', '=', plain.adminUserId).executeTakeFirstOrThrow();
    expect(before.totp_enabled_at).toBeNull();

    const demo = await seedDemo(handle.db, 'http://localhost:3000', () => {}, { demoSecondFactor: true });
    expect(demo.linkVerifiesSecondFactor).toBe(true);
    expect((await tokenRow(demo.loginLink)).second_factor).toBe(true);
    const after = await handle.db.selectFrom('users').select(['totp_enabled_at', 'totp_key']).where('id', '=', demo.adminUserId).executeTakeFirstOrThrow();
    expect(after.totp_enabled_at).not.toBeNull();
    expect(after.totp_key).not.toBeNull();
  });
});
