// The scheduled contract work: the notice-deadline alert (exactly once per deadline) and the
// automatic renewal, run per municipality under row-level security. The jobs go over every contract
// in the database and the tests count what they did, so each test has a world of its own.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renewedTerms, runContractJobs } from '../../src/modules/contracts/jobs.js';
import type { TermsT } from '../../src/modules/contracts/schemas.js';
import { contractTerms } from '../support/contracts.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
const run = (date: string) => runContractJobs(w.db, { publicUrl: 'https://vervolg.test', now: new Date(`${date}T06:00:00Z`) });

beforeEach(async () => {
  w = await createWorld();
  for (const m of [w.A, w.B]) {
    const ep = await w.request('POST', `/v1/municipalities/${m.id}/webhook-endpoints`, {
      token: m.people.admin.token,
      body: { url: 'https://hooks.example.org/contracts', events: ['contract.notice-deadline', 'contract.renewed'] },
    });
    expect(ep.status).toBe(201);
  }
  // A fresh world (migrated database) each time: allow for a machine busy with other test files.
}, 180_000);
afterEach(async () => w?.close());

/** A Wmo contract for 2025–2026 with a tariff per year; `overrides` replace fields of the terms. */
function terms(overrides: Record<string, unknown> = {}) {
  const startDate = (overrides.startDate as string | undefined) ?? '2025-01-01';
  const endDate = (overrides.endDate as string | undefined) ?? '2026-12-31';
  return contractTerms({
    legalFramework: 'wmo',
    startDate,
    endDate,
    noticePeriodMonths: 3,
    noticeAlertDays: 30,
    product: { productCode: null, name: 'Ambulante begeleiding' },
    tariffs: [
      { amountCents: 8000, validFrom: startDate, validTo: '2025-12-31' },
      { amountCents: 8400, validFrom: '2026-01-01', validTo: endDate },
    ],
    budgets: [{ year: 2026, ceilingCents: 5_000_000 }],
    ...overrides,
  });
}

let n = 0;
async function activeContract(m: World['A'], providerId: string, t: Record<string, unknown>) {
  const token = m.people['contract-manager'].token;
  const res = await w.request('POST', `/v1/municipalities/${m.id}/contracts`, { token, body: { providerId, reference: `JOB-${++n}`, terms: t } });
  expect(res.status).toBe(201);
  const c = (await res.json()) as { id: string };
  const act = await w.request('POST', `/v1/municipalities/${m.id}/contracts/${c.id}/activate`, { token, headers: { 'If-Match': '"r1"' } });
  expect(act.status).toBe(200);
  return c.id;
}

const noticeMails = async (contractRef: string) =>
  (await sql<{ recipient: string; body: string }>`select recipient, body from outbox where subject like ${`Opzegtermijn contract ${contractRef}:%`} order by recipient`.execute(w.db)).rows;
const hooksFor = async (contractId: string) =>
  (await sql<{ tenant_id: string; event_type: string; payload: { data: Record<string, unknown> } }>`
    select tenant_id, event_type, payload from webhook_deliveries where payload->'data'->>'contractId' = ${contractId} order by created_at, id`.execute(w.db)).rows;

describe('the notice-deadline alert', () => {
  it('goes out once, noticeAlertDays before the deadline, to admins and contract managers of that municipality only', async () => {
    // End 2026-12-31, notice 3 months: deadline 2026-09-30; alert from 2026-08-31.
    const id = await activeContract(w.A, w.P1.id, terms());
    const ref = `JOB-${n}`;
    expect(await run('2026-08-30')).toEqual({ renewed: 0, noticeAlerts: 0, failedTenants: 0 });
    expect(await noticeMails(ref)).toEqual([]);

    expect(await run('2026-08-31')).toEqual({ renewed: 0, noticeAlerts: 1, failedTenants: 0 });
    const mails = await noticeMails(ref);
    expect(mails.map((m) => m.recipient).sort()).toEqual([w.A.people.admin.email, w.A.people['contract-manager'].email].sort());
    expect(mails[0]?.body).toContain('uiterlijk op 30 september 2026');
    const hooks = await hooksFor(id);
    expect(hooks.map((h) => [h.tenant_id, h.event_type])).toEqual([[w.A.id, 'contract.notice-deadline']]);
    expect(hooks[0]?.payload.data).toEqual({ contractId: id, providerId: w.P1.id, noticeDeadline: '2026-09-30', endDate: '2026-12-31', renewal: 'none' });
    const row = await sql<{ notice_alerted_for: string }>`select notice_alerted_for::text from contracts where id = ${id}`.execute(w.db);
    expect(row.rows[0]?.notice_alerted_for).toBe('2026-09-30');

    // Exactly once: later runs send nothing more, also after the deadline and the end date.
    for (const date of ['2026-08-31', '2026-09-15', '2026-10-01', '2027-02-01']) expect(await run(date)).toEqual({ renewed: 0, noticeAlerts: 0, failedTenants: 0 });
    expect(await noticeMails(ref)).toHaveLength(2);
    expect(await hooksFor(id)).toHaveLength(1);
  });

  it('a suspended, ended or draft contract gets no alert', async () => {
    const token = w.B.people['contract-manager'].token;
    const draft = (await (await w.request('POST', `/v1/municipalities/${w.B.id}/contracts`, { token, body: { providerId: w.P2.id, reference: 'JOB-DRAFT', terms: terms() } })).json()) as { id: string };
    const suspended = await activeContract(w.B, w.P2.id, terms());
    expect((await w.request('POST', `/v1/municipalities/${w.B.id}/contracts/${suspended}/suspend`, { token, headers: { 'If-Match': '"r2"' } })).status).toBe(200);
    const ended = await activeContract(w.B, w.P2.id, terms());
    expect((await w.request('POST', `/v1/municipalities/${w.B.id}/contracts/${ended}/end`, { token, headers: { 'If-Match': '"r2"' } })).status).toBe(200);
    await run('2026-09-01');
    for (const id of [draft.id, suspended, ended]) expect(await hooksFor(id)).toEqual([]);
  });
});

describe('automatic renewal', () => {
  it('renews once the end date has passed: a new version from the day after, tariffs extended; then alerts for the new deadline', async () => {
    const t = terms({ renewal: 'automatic', renewalMonths: 12 });
    const id = await activeContract(w.B, w.P2.id, t);
    const base = `/v1/municipalities/${w.B.id}/contracts/${id}`;
    const token = w.B.people.analyst.token;

    // The old deadline (2026-09-30) is alerted first.
    expect(await run('2026-09-01')).toMatchObject({ renewed: 0 });
    expect((await hooksFor(id)).map((h) => h.event_type)).toEqual(['contract.notice-deadline']);
    // On the end date itself nothing happens yet.
    expect(await run('2026-12-31')).toMatchObject({ renewed: 0 });

    expect(await run('2027-01-02')).toMatchObject({ renewed: 1 });
    const current = (await (await w.request('GET', base, { token })).json()) as { version: number; currentVersion: number; effectiveFrom: string; noticeDeadline: string; terms: TermsT; revision: number };
    expect(current).toMatchObject({ version: 2, currentVersion: 2, effectiveFrom: '2027-01-01', noticeDeadline: '2027-09-30' });
    expect(current.terms.endDate).toBe('2027-12-31');
    expect(current.terms.products[0]?.tariffs).toEqual([
      { amountCents: 8000, validFrom: '2025-01-01', validTo: '2025-12-31' },
      { amountCents: 8400, validFrom: '2026-01-01', validTo: '2027-12-31' },
    ]);
    expect(current.terms.budgets).toEqual([{ year: 2026, ceilingCents: 5_000_000, warningPercent: 80 }]);
    const versions = (await (await w.request('GET', `${base}/versions`, { token })).json()) as { items: { version: number; rationale: string; createdBy: string | null }[] };
    expect(versions.items.map((v) => [v.version, v.rationale, v.createdBy])).toEqual([
      [1, 'Contract as concluded', w.B.people['contract-manager'].userId],
      [2, 'Automatic renewal', null],
    ]);
    // The history: on 2026-12-31 the contract was version 1, ending that day.
    const before = (await (await w.request('GET', `${base}?asOf=2026-12-31`, { token })).json()) as { version: number; terms: TermsT };
    expect(before.version).toBe(1);
    expect(before.terms.endDate).toBe('2026-12-31');
    const row = await sql<{ end_date: string; current_version: number }>`select end_date::text, current_version from contracts where id = ${id}`.execute(w.db);
    expect(row.rows[0]).toEqual({ end_date: '2027-12-31', current_version: 2 });

    const renewed = (await hooksFor(id)).filter((h) => h.event_type === 'contract.renewed');
    expect(renewed.map((h) => h.payload.data)).toEqual([{ contractId: id, providerId: w.P2.id, version: 2, previousEndDate: '2026-12-31', endDate: '2027-12-31' }]);

    // Once: a second run renews nothing.
    expect(await run('2027-01-03')).toEqual({ renewed: 0, noticeAlerts: 0, failedTenants: 0 });
    // The new deadline 2027-09-30 is alerted 30 days before.
    expect(await run('2027-08-31')).toEqual({ renewed: 0, noticeAlerts: 1, failedTenants: 0 });
    expect((await hooksFor(id)).map((h) => h.event_type)).toEqual(['contract.notice-deadline', 'contract.renewed', 'contract.notice-deadline']);
    // The If-Match revision moved with the renewal.
    expect(current.revision).toBe(3);
  });

  it('a contract without automatic renewal is not renewed; a long-forgotten one catches up period by period', async () => {
    const none = await activeContract(w.A, w.P1.id, terms({ endDate: '2025-12-31', budgets: [], products: [{ ...terms().products[0], tariffs: [{ amountCents: 1, validFrom: '2025-01-01', validTo: '2025-12-31' }] }] }));
    const forgotten = await activeContract(
      w.A,
      w.P1.id,
      terms({ endDate: '2025-06-30', renewal: 'automatic', renewalMonths: 6, budgets: [], products: [{ ...terms().products[0], tariffs: [{ amountCents: 1, validFrom: '2025-01-01', validTo: '2025-06-30' }] }] }),
    );
    const result = await run('2026-08-01');
    expect(result.renewed).toBe(3);
    expect((await hooksFor(none)).filter((h) => h.event_type === 'contract.renewed')).toEqual([]);
    const ends = await sql<{ version: number; effective_from: string; end_date: string }>`
      select version, effective_from::text, terms->>'endDate' as end_date from contract_versions where contract_id = ${forgotten} order by version`.execute(w.db);
    expect(ends.rows).toEqual([
      { version: 1, effective_from: '2025-01-01', end_date: '2025-06-30' },
      { version: 2, effective_from: '2025-07-01', end_date: '2025-12-31' },
      { version: 3, effective_from: '2026-01-01', end_date: '2026-06-30' },
      { version: 4, effective_from: '2026-07-01', end_date: '2026-12-31' },
    ]);
  });

  it('renewedTerms keeps the month end and extends only the last tariff', () => {
    const t = terms({ renewal: 'automatic', renewalMonths: 6, endDate: '2026-06-30' }) as unknown as TermsT;
    const r = renewedTerms(t);
    expect(r.endDate).toBe('2026-12-31');
    expect(r.products[0]?.tariffs.map((x) => x.validTo)).toEqual(['2025-12-31', '2026-12-31']);
    expect(t.endDate).toBe('2026-06-30');
  });
});

describe('one municipality failing', () => {
  it('does not hold up the others: its work rolls back, it is counted and logged', async () => {
    // B has a contract with automatic renewal that renewed once, in 2027.
    await activeContract(w.B, w.P2.id, terms({ renewal: 'automatic', renewalMonths: 12 }));
    expect(await run('2027-01-02')).toMatchObject({ renewed: 1 });
    // A broken contract in B, written past the API (terms without a period): B's run throws.
    const broken = '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b99';
    await sql`insert into contracts (tenant_id, id, provider_id, reference, status, legal_framework, start_date, end_date, notice_period_months, renewal, renewal_months)
      values (${w.B.id}, ${broken}, ${w.P2.id}, 'BROKEN', 'active', 'wmo', '2027-01-01', '2031-12-31', 3, 'none', null)`.execute(w.db);
    await sql`insert into contract_versions (tenant_id, contract_id, provider_id, version, effective_from, rationale, terms)
      values (${w.B.id}, ${broken}, ${w.P2.id}, 1, '2027-01-01', 'x', '{}'::jsonb)`.execute(w.db);
    const due = await activeContract(w.A, w.P1.id, terms({ startDate: '2031-01-01', endDate: '2031-12-31', budgets: [], products: [{ ...terms().products[0], tariffs: [{ amountCents: 1, validFrom: '2031-01-01', validTo: '2031-12-31' }] }] }));
    const logs: Record<string, unknown>[] = [];
    const result = await runContractJobs(w.db, { publicUrl: 'https://vervolg.test', now: new Date('2031-09-01T06:00:00Z'), log: (e) => logs.push(e) });
    // What matters is that A's work went through.
    expect(result.failedTenants).toBe(1);
    expect(result.noticeAlerts).toBeGreaterThanOrEqual(1);
    expect((await hooksFor(due)).map((h) => h.event_type)).toEqual(['contract.notice-deadline']);
    expect(logs).toEqual([expect.objectContaining({ level: 'error', tenantId: w.B.id })]);
    // B's renewal contract (renewed once, in 2027) was not renewed again: B's work rolled back.
    const bVersions = await sql<{ max: number }>`select max(version)::int as max from contract_versions where tenant_id = ${w.B.id}`.execute(w.db);
    expect(bVersions.rows[0]?.max).toBe(2);
  });
});

describe('today in Amsterdam', () => {
  it('alerts on the first day of the window in Dutch time, though it is still the day before in UTC', async () => {
    // End 2027-12-31, notice 3 months: deadline 2027-09-30; alert from 2027-08-31. At
    // 2027-08-30T22:30Z it is 31 August 00:30 in Amsterdam.
    const id = await activeContract(w.A, w.P1.id, terms({ startDate: '2026-01-01', endDate: '2027-12-31', budgets: [{ year: 2027, ceilingCents: 5_000_000 }], products: [{ ...terms().products[0], tariffs: [{ amountCents: 8000, validFrom: '2026-01-01', validTo: '2027-12-31' }] }] }));
    const ref = `JOB-${n}`;
    await runContractJobs(w.db, { publicUrl: 'https://vervolg.test', now: new Date('2027-08-30T21:30:00Z') });
    expect(await noticeMails(ref)).toEqual([]);
    await runContractJobs(w.db, { publicUrl: 'https://vervolg.test', now: new Date('2027-08-30T22:30:00Z') });
    const mails = await noticeMails(ref);
    expect(mails).toHaveLength(2);
    expect(mails[0]?.body).toContain('loopt tot en met 31 december 2027. Opzeggen kan uiterlijk op 30 september 2027');
    expect((await hooksFor(id)).map((h) => h.event_type)).toEqual(['contract.notice-deadline']);
  });
});
