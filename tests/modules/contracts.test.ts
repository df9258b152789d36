import { sql } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import { hasPdftotext, pdfText } from '../support/pdftotext.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as contracts } from '../../src/modules/contracts/routes.js';
import { euros, noticeDeadlineOf } from '../../src/modules/contracts/service.js';
import { addMonths } from '../../src/platform/dates.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { contractTerms } from '../support/contracts.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
const base = (m = w.A.id) => `/v1/municipalities/${m}/contracts`;
const admin = () => w.A.people.admin;
const manager = () => w.A.people['contract-manager'];
const analyst = () => w.A.people.analyst;
/** The path parameters of a contract of municipality A. */
const ofA = (contractId: string) => ({ municipalityId: w.A.id, contractId });

beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

/** Two products (45A11 with a tariff per year, and room training), two budget years and two targets. */
function validTerms(overrides: Record<string, unknown> = {}) {
  const terms = contractTerms({
    tariffs: [
      { amountCents: 9500, validFrom: '2027-01-01', validTo: '2027-12-31' },
      { amountCents: 9800, validFrom: '2028-01-01', validTo: '2028-12-31' },
    ],
  });
  return {
    ...terms,
    products: [
      ...terms.products,
      {
        productCategory: '44',
        productCode: null,
        name: 'Kamertraining',
        executionVariant: 'output',
        unit: '82',
        frequency: '4',
        tariffs: [{ amountCents: 185000, validFrom: '2027-01-01', validTo: '2028-12-31' }],
      },
    ],
    budgets: [
      { year: 2027, ceilingCents: 1_000_000, warningPercent: 80 },
      { year: 2028, ceilingCents: 2_000_000 },
    ],
    targets: [
      { indicator: 'dropout', comparator: 'at-most', value: 10, periodStart: '2027-01-01', periodEnd: '2027-12-31' },
      { indicator: 'satisfaction', comparator: 'at-least', value: 7.5, periodStart: '2027-01-01', periodEnd: '2027-12-31' },
    ],
    ...overrides,
  };
}

let refs = 0;
async function create(options: { municipalityId?: string; providerId?: string; token?: string; terms?: Record<string, unknown>; reference?: string } = {}) {
  return w.call(contracts.createContract, {
    token: options.token ?? manager().token,
    params: { municipalityId: options.municipalityId ?? w.A.id },
    json: { providerId: options.providerId ?? w.P1.id, reference: options.reference ?? `JZ-2027-${String(++refs).padStart(3, '0')}`, terms: options.terms ?? validTerms() },
  });
}

async function createActive(options: Parameters<typeof create>[0] = {}) {
  const c = (await create(options)).json(201);
  const act = await w.call(contracts.activate, { token: options.token ?? manager().token, params: { municipalityId: options.municipalityId ?? w.A.id, contractId: c.id }, headers: { 'If-Match': `"r${c.revision}"` } });
  return act.json(200);
}

describe('creating a contract', () => {
  it('a contract manager creates a draft; the row and the product/target rows mirror the terms', async () => {
    const res = await create({ reference: 'JZ-MIRROR' });
    expect(res.status).toBe(201);
    expect(res.headers.get('ETag')).toBe('"r1"');
    expect(res.headers.get('Location')).toMatch(/\/v1\/municipalities\/.+\/contracts\/.+/);
    const c = res.json(201);
    expect(c).toMatchObject({
      status: 'draft',
      revision: 1,
      version: 1,
      currentVersion: 1,
      effectiveFrom: '2027-01-01',
      noticeDeadline: '2028-06-30',
      reference: 'JZ-MIRROR',
      municipality: { id: w.A.id, name: 'Gemeente Alpha' },
      provider: { id: w.P1.id, name: 'Zorgaanbieder P1', agbCode: '11111111' },
    });
    // Defaults filled in: warningPercent 80.
    expect(c.terms.budgets[1]).toEqual({ year: 2028, ceilingCents: 2_000_000, warningPercent: 80 });
    const row = await sql<{ status: string; start_date: string; end_date: string; notice_period_months: number; renewal: string }>`
      select status, start_date::text, end_date::text, notice_period_months, renewal from contracts where id = ${c.id}`.execute(w.db);
    expect(row.rows[0]).toEqual({ status: 'draft', start_date: '2027-01-01', end_date: '2028-12-31', notice_period_months: 6, renewal: 'none' });
    const products = await sql<{ product_category: string; product_code: string; execution_variant: string }>`
      select product_category, product_code, execution_variant from contract_products where contract_id = ${c.id} order by product_category`.execute(w.db);
    expect(products.rows).toEqual([
      { product_category: '44', product_code: '', execution_variant: 'output' },
      { product_category: '45', product_code: '45A11', execution_variant: 'effort' },
    ]);
    const targets = await sql<{ indicator: string; value: string }>`select indicator, value::text from contract_targets where contract_id = ${c.id} order by indicator`.execute(w.db);
    expect(targets.rows).toEqual([
      { indicator: 'dropout', value: '10' },
      { indicator: 'satisfaction', value: '7.5' },
    ]);
  });

  it('an analyst and a case manager read, but may not write (403)', async () => {
    const created = (await create()).json(201);
    for (const role of ['analyst', 'case-manager'] as const) {
      expect((await create({ token: w.A.people[role].token })).status).toBe(403);
      const read = await w.request('GET', `${base()}/${created.id}`, { token: w.A.people[role].token });
      expect(read.status).toBe(200);
    }
    expect((await create({ token: admin().token })).status).toBe(201);
  });

  it('the shape is checked: every invalid field in one 400', async () => {
    const res = await w.call(contracts.createContract, {
      token: manager().token,
      params: { municipalityId: w.A.id },
      json: {
        providerId: 'not-a-uuid',
        reference: '',
        terms: validTerms({ legalFramework: 'zvw', noticePeriodMonths: 99, products: [{ ...validTerms().products[0], productCategory: '99', productCode: 'TOOLONG' }], budgets: [{ year: 2027, ceilingCents: 1, warningPercent: 0 }] }),
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const names = res.json(400).invalidParams?.map((p) => p.name) ?? [];
    expect(names).toEqual(
      expect.arrayContaining([
        'body.providerId',
        'body.reference',
        'body.terms.legalFramework',
        'body.terms.noticePeriodMonths',
        'body.terms.products.0.productCategory',
        'body.terms.products.0.productCode',
        'body.terms.budgets.0.warningPercent',
      ]),
    );
  });

  it('the rules across fields: every problem at once, each named by its path', async () => {
    const t = validTerms();
    const terms = {
      ...t,
      renewal: 'automatic',
      renewalMonths: null,
      products: [
        {
          ...t.products[0],
          tariffs: [
            { amountCents: 9500, validFrom: '2027-01-02', validTo: '2027-06-30' }, // starts a day late
            { amountCents: 9600, validFrom: '2027-06-01', validTo: '2027-09-30' }, // overlaps
            { amountCents: 9700, validFrom: '2027-10-15', validTo: '2028-12-30' }, // gap, and ends a day early
          ],
        },
        { ...t.products[1], productCategory: '45', productCode: '45A11' }, // the same product twice
      ],
      budgets: [
        { year: 2027, ceilingCents: 100 },
        { year: 2027, ceilingCents: 200 },
        { year: 2031, ceilingCents: 300 },
      ],
      targets: [
        { indicator: 'dropout', comparator: 'at-most', value: 110, periodStart: '2027-01-01', periodEnd: '2027-12-31' },
        { indicator: 'satisfaction', comparator: 'at-least', value: 11, periodStart: '2026-01-01', periodEnd: '2027-12-31' },
      ],
    };
    const res = await create({ terms, providerId: w.P2.id });
    expect(res.status).toBe(400);
    const problem = res.json(400);
    const names = problem.invalidParams?.map((p) => p.name);
    expect(names).toEqual([
      'body.providerId',
      'body.terms.renewalMonths',
      'body.terms.products[0].tariffs[0].validFrom',
      'body.terms.products[0].tariffs[1].validFrom',
      'body.terms.products[0].tariffs[2].validFrom',
      'body.terms.products[0].tariffs[2].validTo',
      'body.terms.products[1].productCode',
      'body.terms.budgets[1].year',
      'body.terms.budgets[2].year',
      'body.terms.targets[0].value',
      'body.terms.targets[1].value',
      'body.terms.targets[1].periodStart',
    ]);
    const reason = (name: string) => problem.invalidParams?.find((p) => p.name === name)?.reason;
    expect(reason('body.terms.products[0].tariffs[1].validFrom')).toMatch(/Overlaps/);
    expect(reason('body.terms.products[0].tariffs[2].validFrom')).toMatch(/gap/);
    expect(reason('body.providerId')).toMatch(/does not work with/);
    const count = await sql<{ n: number }>`select count(*)::int as n from contracts where tenant_id = ${w.A.id} and provider_id = ${w.P2.id}`.execute(w.db);
    expect(count.rows[0]?.n).toBe(0);
  });

  it('tariffs: unsorted, overlapping or leaving a gap are refused; following day by day is fine', async () => {
    const product = (tariffs: { validFrom: string; validTo: string }[]) => ({ ...validTerms().products[1], tariffs: tariffs.map((x) => ({ amountCents: 100, ...x })) });
    const gap = await create({ terms: validTerms({ products: [product([{ validFrom: '2027-01-01', validTo: '2027-12-30' }, { validFrom: '2028-01-01', validTo: '2028-12-31' }])] }) });
    expect(gap.status).toBe(400);
    expect(gap.json(400).invalidParams).toEqual([{ name: 'body.terms.products[0].tariffs[1].validFrom', reason: expect.stringMatching(/gap.*2027-12-31/) }]);
    const overlap = await create({ terms: validTerms({ products: [product([{ validFrom: '2027-01-01', validTo: '2028-01-01' }, { validFrom: '2028-01-01', validTo: '2028-12-31' }])] }) });
    expect(overlap.json(400).invalidParams).toEqual([{ name: 'body.terms.products[0].tariffs[1].validFrom', reason: expect.stringMatching(/Overlaps/) }]);
    const unsorted = await create({ terms: validTerms({ products: [product([{ validFrom: '2028-01-01', validTo: '2028-12-31' }, { validFrom: '2027-01-01', validTo: '2027-12-31' }])] }) });
    expect(unsorted.json(400).invalidParams?.map((p) => p.reason)).toContain('Tariffs must be sorted by validFrom.');
    const fine = await create({ terms: validTerms({ products: [product([{ validFrom: '2027-01-01', validTo: '2027-03-31' }, { validFrom: '2027-04-01', validTo: '2028-12-31' }])] }) });
    expect(fine.status).toBe(201);
  });

  it('an end before the start, renewal months without automatic renewal, and a target period reversed', async () => {
    const res = await create({ terms: validTerms({ startDate: '2029-01-01', renewalMonths: 12, targets: [{ indicator: 'goals-achieved', comparator: 'at-least', value: 60, periodStart: '2027-12-31', periodEnd: '2027-01-01' }] }) });
    expect(res.status).toBe(400);
    expect(res.json(400).invalidParams?.map((p) => p.name)).toEqual(['body.terms.endDate', 'body.terms.renewalMonths', 'body.terms.targets[0].periodEnd']);
  });

  it('a reference is unique within the municipality', async () => {
    expect((await create({ reference: 'JZ-UNIQUE' })).status).toBe(201);
    const again = await create({ reference: 'JZ-UNIQUE' });
    expect(again.status).toBe(400);
    expect(again.json(400).invalidParams?.[0]?.name).toBe('body.reference');
  });
});

describe('editing a draft (If-Match)', () => {
  it('428 without If-Match, 412 with a stale one, 200 with the current one; mirrors are rewritten', async () => {
    const c = (await create()).json(201);
    const put = (json: unknown, headers: Record<string, string> = {}) => w.call(contracts.putTerms, { token: manager().token, params: ofA(c.id), json, headers });
    const terms = validTerms({ products: [validTerms().products[1]], targets: [] });
    const none = await put(terms);
    expect(none.status).toBe(428);
    const stale = await put(terms, { 'If-Match': '"r7"' });
    expect(stale.status).toBe(412);
    const ok = await put(terms, { 'If-Match': '"r1"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('ETag')).toBe('"r2"');
    expect(ok.json(200).terms.products.map((p) => p.productCategory)).toEqual(['44']);
    const products = await sql<{ product_category: string }>`select product_category from contract_products where contract_id = ${c.id}`.execute(w.db);
    expect(products.rows).toEqual([{ product_category: '44' }]);
    const targets = await sql<{ n: number }>`select count(*)::int as n from contract_targets where contract_id = ${c.id}`.execute(w.db);
    expect(targets.rows[0]?.n).toBe(0);
    const again = await put(terms, { 'If-Match': '"r1"' });
    expect(again.status).toBe(412);
    const bad = await put(validTerms({ endDate: '2026-01-01' }), { 'If-Match': '"r2"' });
    expect(bad.status).toBe(400);
    expect(bad.json(400).invalidParams?.[0]?.name).toBe('body.endDate');
  });
});

describe('the lifecycle', () => {
  it('draft → active → suspended → active → ended; impossible moves are 409 problems', async () => {
    const c = (await create()).json(201);
    const act = (action: 'activate' | 'suspend' | 'resume' | 'end', etag: string) => w.call(contracts[action], { token: manager().token, params: ofA(c.id), headers: { 'If-Match': etag } });
    expect((await act('activate', '')).status).toBe(428);
    const wrong = await act('suspend', '"r1"');
    expect(wrong.status).toBe(409);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.json(409).type).toMatch(/invalid-transition$/);
    expect((await act('resume', '"r1"')).status).toBe(409);
    expect((await act('end', '"r1"')).status).toBe(409);
    const active = await act('activate', '"r1"');
    expect(active.status).toBe(200);
    expect(active.json(200)).toMatchObject({ status: 'active', revision: 2 });
    expect((await act('activate', '"r2"')).status).toBe(409);
    expect((await act('resume', '"r2"')).status).toBe(409);
    // The terms of a contract in force change only by amendment.
    const put = await w.call(contracts.putTerms, { token: manager().token, params: ofA(c.id), json: validTerms(), headers: { 'If-Match': '"r2"' } });
    expect(put.status).toBe(409);
    expect((await act('suspend', '"r2"')).json(200)).toMatchObject({ status: 'suspended' });
    expect((await act('suspend', '"r3"')).status).toBe(409);
    expect((await act('resume', '"r3"')).json(200)).toMatchObject({ status: 'active' });
    expect((await act('end', '"r4"')).json(200)).toMatchObject({ status: 'ended', revision: 5 });
    for (const action of ['activate', 'suspend', 'resume', 'end'] as const) expect((await act(action, '"r5"')).status).toBe(409);
    const amend = await w.call(contracts.amend, {
      token: manager().token,
      params: ofA(c.id),
      headers: { 'If-Match': '"r5"' },
      json: { rationale: 'Te laat', effectiveFrom: '2028-01-01', terms: validTerms() },
    });
    expect(amend.status).toBe(409);
  });

  it('filters by status and provider, with cursor pagination', async () => {
    const active = await createActive();
    // A second contract with P1, so there is a second page whatever ran before.
    await createActive();
    const list = (query: { status?: 'active'; limit?: number; providerId?: string; cursor?: string }) => w.call(contracts.listContracts, { token: analyst().token, params: { municipalityId: w.A.id }, query });
    const all = (await list({ status: 'active', limit: 200 })).json(200);
    expect(all.items.map((i) => i.id)).toContain(active.id);
    expect(new Set(all.items.map((i) => i.status))).toEqual(new Set(['active']));
    const first = (await list({ limit: 1, providerId: w.P1.id })).json(200);
    expect(first.items).toHaveLength(1);
    const second = (await list({ limit: 1, providerId: w.P1.id, cursor: first.nextCursor ?? undefined })).json(200);
    expect((second.items[0]?.id as string) < (first.items[0]?.id as string)).toBe(true);
    const none = (await list({ providerId: w.P2.id })).json(200);
    expect(none.items).toEqual([]);
  });
});

describe('amendments and the contract on a date', () => {
  it('an amendment adds a version; asOf gives the version in force; the history stays readable', async () => {
    const c = await createActive();
    const t2 = validTerms();
    t2.products[0] = { ...t2.products[0], tariffs: [{ amountCents: 9500, validFrom: '2027-01-01', validTo: '2027-12-31' }, { amountCents: 10_100, validFrom: '2028-01-01', validTo: '2028-12-31' }] } as (typeof t2.products)[0];
    t2.budgets = [{ year: 2027, ceilingCents: 1_000_000, warningPercent: 80 }, { year: 2028, ceilingCents: 2_500_000, warningPercent: 90 }];
    const body = { rationale: 'Indexatie tarieven 2028 (OVA)', effectiveFrom: '2028-01-01', terms: t2 };
    const amend = (json: unknown, headers: Record<string, string> = {}) => w.call(contracts.amend, { token: manager().token, params: ofA(c.id), json, headers });
    expect((await amend(body)).status).toBe(428);
    expect((await amend(body, { 'If-Match': '"r1"' })).status).toBe(412);
    const tooEarly = await amend({ ...body, effectiveFrom: '2026-06-01' }, { 'If-Match': '"r2"' });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.json(400).invalidParams?.[0]?.name).toBe('body.effectiveFrom');
    const res = await amend(body, { 'If-Match': '"r2"' });
    expect(res.status).toBe(201);
    expect(res.headers.get('ETag')).toBe('"r3"');
    expect(res.json(201)).toMatchObject({ version: 2, currentVersion: 2, effectiveFrom: '2028-01-01' });

    const asOf = async (date: string) => w.call(contracts.getContract, { token: analyst().token, params: ofA(c.id), query: { asOf: date } });
    const before = (await asOf('2027-12-31')).json(200);
    expect(before.version).toBe(1);
    expect(before.terms.products[0]?.tariffs[1]?.amountCents).toBe(9800);
    const after = (await asOf('2028-01-01')).json(200);
    expect(after.version).toBe(2);
    expect(after.terms.products[0]?.tariffs[1]?.amountCents).toBe(10_100);
    const current = (await w.call(contracts.getContract, { token: analyst().token, params: ofA(c.id) })).json(200);
    expect(current.version).toBe(2);
    const early = await asOf('2026-12-31');
    expect(early.status).toBe(404);
    expect(early.json(404).type).toMatch(/not-in-force$/);
    expect((await asOf('2027-13-01')).status).toBe(400);

    const versions = (await w.call(contracts.listVersions, { token: analyst().token, params: ofA(c.id) })).json(200);
    expect(versions.items.map((v) => [v.version, v.effectiveFrom, v.rationale])).toEqual([
      [1, '2027-01-01', 'Contract as concluded'],
      [2, '2028-01-01', 'Indexatie tarieven 2028 (OVA)'],
    ]);
    expect(versions.items[1]?.createdBy).toBe(manager().userId);
    const v1 = (await w.call(contracts.getVersion, { token: analyst().token, params: { ...ofA(c.id), version: 1 } })).json(200);
    expect(v1.terms.budgets[1]?.ceilingCents).toBe(2_000_000);
    expect((await w.call(contracts.getVersion, { token: analyst().token, params: { ...ofA(c.id), version: 3 } })).status).toBe(404);

    // A later amendment may not take effect before the previous one.
    const back = await amend({ ...body, effectiveFrom: '2027-06-01' }, { 'If-Match': '"r3"' });
    expect(back.status).toBe(400);
    expect(back.json(400).invalidParams?.[0]?.reason).toMatch(/before version 2/);
  });

  it('a version in force cannot be changed or deleted, whatever the role (the database refuses)', async () => {
    const c = await createActive();
    for (const statement of [
      sql`update contract_versions set rationale = 'rewritten' where contract_id = ${c.id}`,
      sql`update contract_versions set terms = '{}'::jsonb where contract_id = ${c.id}`,
      sql`delete from contract_versions where contract_id = ${c.id}`,
    ]) {
      await expect(
        inAppTransaction(w.db, async (trx) => {
          await setContext(trx, { tenantId: w.A.id });
          await statement.execute(trx);
        }),
        // The request role has no DELETE grant at all; the trigger refuses the rest.
      ).rejects.toThrow(/cannot change|permission denied/);
      // Even the owner (migrations' role).
      await expect(statement.execute(w.db)).rejects.toThrow(/cannot change/);
    }
    const row = await sql<{ rationale: string }>`select rationale from contract_versions where contract_id = ${c.id}`.execute(w.db);
    expect(row.rows).toEqual([{ rationale: 'Contract as concluded' }]);
  });
});

describe('budgets', () => {
  it('committed and spent per year; the warning goes out once, by e-mail and webhook', async () => {
    const ep = await w.request('POST', `/v1/municipalities/${w.A.id}/webhook-endpoints`, {
      token: admin().token,
      body: { url: 'https://hooks.example.org/contracts', events: ['contract.budget-warning', 'contract.notice-deadline', 'contract.renewed'] },
    });
    expect(ep.status).toBe(201);
    const c = await createActive({ reference: 'JZ-BUDGET' });
    const book = (body: Record<string, unknown>) =>
      w.call(contracts.bookEntry, { token: manager().token, params: ofA(c.id), json: { kind: 'commitment', year: 2027, description: 'Toekenning', bookedOn: '2027-02-01', ...body } });

    const first = await book({ amountCents: 500_000 });
    expect(first.status).toBe(201);
    expect(first.json(201)).toMatchObject({ amountCents: 500_000, alertSent: false, budget: { committedCents: 500_000, spentCents: 0, remainingCents: 500_000, usedPercent: 50, warning: false } });
    const spend = await book({ kind: 'spending', amountCents: 300_000 });
    expect(spend.json(201)).toMatchObject({ alertSent: false, budget: { committedCents: 500_000, spentCents: 300_000, remainingCents: 500_000 } });

    // 500k + 300k = 80% of 1,000,000: the warning.
    const crossing = await book({ amountCents: 300_000 });
    expect(crossing.json(201)).toMatchObject({ alertSent: true, budget: { committedCents: 800_000, usedPercent: 80, warning: true } });
    // A correction below and back above: no second warning for the same year and kind.
    expect((await book({ amountCents: -200_000, description: 'Correctie' })).json(201)).toMatchObject({ alertSent: false, budget: { committedCents: 600_000, warning: false } });
    expect((await book({ amountCents: 300_000 })).json(201)).toMatchObject({ alertSent: false, budget: { committedCents: 900_000, warning: true } });

    const budgets = (await w.call(contracts.getBudgets, { token: analyst().token, params: ofA(c.id) })).json(200);
    expect(budgets.items).toEqual([
      { year: 2027, ceilingCents: 1_000_000, committedCents: 900_000, spentCents: 300_000, remainingCents: 100_000, usedPercent: 90, warningPercent: 80, warning: true },
      { year: 2028, ceilingCents: 2_000_000, committedCents: 0, spentCents: 0, remainingCents: 2_000_000, usedPercent: 0, warningPercent: 80, warning: false },
    ]);

    const mails = await sql<{ recipient: string; subject: string; body: string }>`
      select recipient, subject, body from outbox where tenant_id = ${w.A.id} and subject like ${'Budgetwaarschuwing contract JZ-BUDGET%'} order by recipient`.execute(w.db);
    expect(mails.rows.map((m) => m.recipient).sort()).toEqual([admin().email, manager().email].sort());
    expect(mails.rows[0]?.body).toContain('80%');
    const alerts = await sql<{ year: number; kind: string }>`select year, kind from contract_budget_alerts where contract_id = ${c.id}`.execute(w.db);
    expect(alerts.rows).toEqual([{ year: 2027, kind: 'commitment' }]);
    const hooks = await sql<{ event_type: string; payload: { data: Record<string, unknown> } }>`
      select event_type, payload from webhook_deliveries where payload->'data'->>'contractId' = ${c.id}`.execute(w.db);
    expect(hooks.rows).toHaveLength(1);
    expect(hooks.rows[0]?.event_type).toBe('contract.budget-warning');
    expect(hooks.rows[0]?.payload.data).toEqual({ contractId: c.id, providerId: w.P1.id, year: 2027, kind: 'commitment', totalCents: 800_000, ceilingCents: 1_000_000, usedPercent: 80, warningPercent: 80 });

    const entries = (await w.call(contracts.listEntries, { token: analyst().token, params: ofA(c.id), query: { kind: 'spending' } })).json(200);
    expect(entries.items).toEqual([expect.objectContaining({ amountCents: 300_000, bookedOn: '2027-02-01', kind: 'spending' })]);
    const all = (await w.call(contracts.listEntries, { token: analyst().token, params: ofA(c.id), query: { limit: 2 } })).json(200);
    expect(all.items).toHaveLength(2);
    expect(all.nextCursor).not.toBeNull();
  });

  it('a year without a ceiling is a 400; a zero amount is a 400; a draft books nothing (409); an analyst may not book', async () => {
    const c = await createActive();
    const book = (contractId: string, json: unknown, token = manager().token) => w.call(contracts.bookEntry, { token, params: ofA(contractId), json });
    const body = { kind: 'spending', year: 2030, amountCents: 100, description: 'x', bookedOn: '2030-01-01' };
    const noYear = await book(c.id, body);
    expect(noYear.status).toBe(400);
    expect(noYear.json(400).invalidParams?.[0]).toMatchObject({ name: 'body.year', reason: expect.stringContaining('2027, 2028') });
    expect((await book(c.id, { ...body, year: 2027, amountCents: 0 })).status).toBe(400);
    expect((await book(c.id, { ...body, year: 2027 }, analyst().token)).status).toBe(403);
    const draft = (await create()).json(201);
    expect((await book(draft.id, { ...body, year: 2027 })).status).toBe(409);
  });
});

describe('the summary PDF', () => {
  it('is a PDF with the contract’s reference, readable by pdf-lib', async () => {
    const c = await createActive({ reference: 'JZ-PDF-2027' });
    const res = await w.request('GET', `${base()}/${c.id}/summary`, { token: w.A.people.analyst.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('contract-JZ-PDF-2027.pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(pdf.getTitle()).toBe('Contractsamenvatting JZ-PDF-2027');
    expect(pdf.getSubject()).toContain('Zorgaanbieder P1');
    const other = await w.request('GET', `/v1/municipalities/${w.B.id}/contracts/${c.id}/summary`, { token: w.B.people.admin.token });
    expect(other.status).toBe(404);
  });
});

describe.skipIf(!hasPdftotext)('the summary PDF as a reader sees it (pdftotext)', () => {
  it('prints names in any script as written, and labels rather than codes', async () => {
    const terms = validTerms();
    const names = ['Şükrü Yılmaz', 'Łucja Wójcik', 'Nguyễn Thị Ánh', 'Анна Петрова'];
    terms.products = terms.products.map((p, i) => ({ ...p, name: `Begeleiding door ${names[i % names.length]} en ${names[(i + 2) % names.length]}` }));
    const res = await create({ reference: 'JZ-ŞÜKRÜ-2027', terms });
    expect(res.status).toBe(201);
    const c = res.json(201);
    const pdf = await w.request('GET', `${base()}/${c.id}/summary`, { token: w.A.people.analyst.token });
    const text = pdfText(new Uint8Array(await pdf.arrayBuffer()));
    for (const name of [...names, 'JZ-ŞÜKRÜ-2027']) expect(text, name).toContain(name);
    expect(text).not.toMatch(/\?\p{L}/u);
    expect(text).toContain('Inspanningsgericht');
    expect(text).toContain('Concept');
  });
});

describe('isolation between municipalities', () => {
  it('municipality B cannot see A’s contracts, by path or by list', async () => {
    const c = await createActive();
    const asB = w.B.people.admin.token;
    expect((await w.request('GET', `${base(w.B.id)}/${c.id}`, { token: asB })).status).toBe(404);
    expect((await w.request('GET', `${base(w.B.id)}/${c.id}/versions`, { token: asB })).status).toBe(404);
    expect((await w.request('GET', `${base(w.B.id)}/${c.id}/budgets`, { token: asB })).status).toBe(404);
    expect((await w.request('POST', `${base(w.B.id)}/${c.id}/suspend`, { token: asB, headers: { 'If-Match': '"r2"' } })).status).toBe(404);
    expect((await w.request('GET', `${base(w.A.id)}/${c.id}`, { token: asB })).status).toBe(404);
    const list = (await w.call(contracts.listContracts, { token: asB, params: { municipalityId: w.B.id } })).json(200);
    expect(list.items).toEqual([]);
  });
});

describe('the provider’s view', () => {
  // A world of its own: this test makes P1 work with B and puts contracts in B, and the other tests
  // (B sees no contracts) must hold whether it ran before them or not.
  let shared: World;
  beforeAll(async () => {
    shared = w;
    w = await createWorld();
  });
  afterAll(async () => {
    await w.close();
    w = shared;
  });

  it('sees its own contracts with every municipality, by session or API key; never another provider’s', async () => {
    // P1 also works with B, and has a contract there too.
    await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.B.id });
      await trx.insertInto('provider_relations').values({ tenant_id: w.B.id, provider_id: w.P1.id }).execute();
    });
    const inA = await createActive({ reference: 'JZ-P1-A' });
    const inB = await createActive({ municipalityId: w.B.id, token: w.B.people['contract-manager'].token, reference: 'B-P1' });
    const draftInA = (await create({ reference: 'JZ-P1-DRAFT' })).json(201);
    const ofP2 = await createActive({ municipalityId: w.B.id, providerId: w.P2.id, token: w.B.people.admin.token, reference: 'B-P2' });

    const p1 = `/v1/providers/${w.P1.id}/contracts`;
    const ofP1 = (contractId: string) => ({ providerId: w.P1.id, contractId });
    for (const token of [w.P1.admin.token, w.P1.staff.token, w.P1.apiKey]) {
      const list = await w.call(contracts.providerList, { token, params: { providerId: w.P1.id }, query: { limit: 200 } });
      expect(list.status).toBe(200);
      const items = list.json(200).items;
      const ids = items.map((i) => i.id);
      expect(ids).toEqual(expect.arrayContaining([inA.id, inB.id]));
      expect(ids).not.toContain(ofP2.id);
      expect(ids).not.toContain(draftInA.id);
      expect(items.find((i) => i.id === inB.id)?.municipality).toEqual({ id: w.B.id, name: 'Gemeente Beta' });
      const one = await w.call(contracts.providerGet, { token, params: ofP1(inA.id) });
      expect(one.status).toBe(200);
      expect(one.json(200)).toMatchObject({ id: inA.id, reference: 'JZ-P1-A', municipality: { id: w.A.id, name: 'Gemeente Alpha' }, terms: { products: expect.any(Array) } });
    }
    const filtered = (await w.call(contracts.providerList, { token: w.P1.apiKey, params: { providerId: w.P1.id }, query: { municipalityId: w.B.id } })).json(200);
    expect(filtered.items.map((i) => i.id)).toEqual([inB.id]);
    expect((await w.request('GET', `${p1}/${inA.id}?asOf=2026-01-01`, { token: w.P1.apiKey })).status).toBe(404);
    expect((await w.request('GET', `${p1}/${inA.id}?asOf=2027-06-01`, { token: w.P1.apiKey })).status).toBe(200);

    // A key without contracts:read: 403.
    expect((await w.request('GET', p1, { token: w.P1.narrowKey })).status).toBe(403);
    expect((await w.request('GET', `${p1}/${inA.id}`, { token: w.P1.narrowKey })).status).toBe(403);
    // The municipality's draft is not shown to the provider.
    expect((await w.request('GET', `${p1}/${draftInA.id}`, { token: w.P1.apiKey })).status).toBe(404);
    // P2 cannot see P1's contract: through its own path, 404; through P1's path, 404.
    const p2 = `/v1/providers/${w.P2.id}/contracts`;
    expect((await w.request('GET', `${p2}/${inA.id}`, { token: w.P2.apiKey })).status).toBe(404);
    expect((await w.request('GET', `${p2}/${inA.id}`, { token: w.P2.admin.token })).status).toBe(404);
    expect((await w.request('GET', `${p1}/${inA.id}`, { token: w.P2.apiKey })).status).toBe(404);
    expect((await w.request('GET', p1, { token: w.P2.admin.token })).status).toBe(404);
    const p2list = (await w.call(contracts.providerList, { token: w.P2.apiKey, params: { providerId: w.P2.id } })).json(200);
    expect(p2list.items.map((i) => i.id)).toEqual([ofP2.id]);
    // Municipal staff are not the provider.
    expect((await w.request('GET', p1, { token: admin().token })).status).toBe(404);
  });
});

describe('date helpers', () => {
  it('the notice deadline and renewals keep to the calendar', () => {
    expect(noticeDeadlineOf({ endDate: '2028-12-31', noticePeriodMonths: 6 })).toBe('2028-06-30');
    expect(noticeDeadlineOf({ endDate: '2028-08-31', noticePeriodMonths: 6 })).toBe('2028-02-29');
    expect(noticeDeadlineOf({ endDate: '2028-12-31', noticePeriodMonths: 0 })).toBe('2028-12-31');
    expect(addMonths('2027-06-30', 6, true)).toBe('2027-12-31');
    expect(addMonths('2027-06-15', 18, true)).toBe('2028-12-15');
    expect(addMonths('2027-01-31', -1)).toBe('2026-12-31');
    expect([euros(9500), euros(123_456_789), euros(-5), euros(0)]).toEqual(['€ 95,00', '€ 1.234.567,89', '€ -0,05', '€ 0,00']);
  });
});
