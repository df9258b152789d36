// The outcome data the ingest and upload benchmarks share: one municipality, one provider with an
// API key and an active contract (products 45 and 43/43A01), and a realistic mix of records.
import { newApiKey } from '../../src/platform/auth/tokens.js';
import { uuidv7 } from '../../src/platform/crypto.js';
import { type Database, inAppTransaction, jsonb, setContext } from '../../src/platform/db/database.js';

// ---- the throwaway databases ----

export interface Seeded {
  tenantId: string;
  providerId: string;
  contractId: string;
  apiKey: string;
}

export async function seed(db: Database, ids: Omit<Seeded, 'apiKey'>): Promise<Seeded> {
  const key = newApiKey();
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { operator: true });
    await trx.insertInto('tenants').values({ id: ids.tenantId, name: 'Gemeente Benchmark', cbs_code: 'GM9998', slug: 'benchmark-ingest' }).execute();
    await setContext(trx, { operator: false });
    await trx.insertInto('providers').values({ id: ids.providerId, name: 'Zorgaanbieder Benchmark', agb_code: '99999999', kvk_number: '99999999' }).execute();
    await setContext(trx, { tenantId: ids.tenantId });
    await trx.insertInto('provider_relations').values({ tenant_id: ids.tenantId, provider_id: ids.providerId }).execute();
    const terms = {
      legalFramework: 'jeugdwet',
      startDate: '2024-01-01',
      endDate: '2028-12-31',
      noticePeriodMonths: 6,
      renewal: 'none',
      renewalMonths: null,
      noticeAlertDays: 60,
      products: [
        { productCategory: '45', productCode: null, name: 'Ambulant', executionVariant: 'effort', unit: '04', frequency: '2', tariffs: [{ amountCents: 9500, validFrom: '2024-01-01', validTo: '2028-12-31' }] },
        { productCategory: '43', productCode: '43A01', name: 'Verblijf', executionVariant: 'output', unit: '14', frequency: '1', tariffs: [{ amountCents: 21000, validFrom: '2024-01-01', validTo: '2028-12-31' }] },
      ],
      budgets: [],
      targets: [],
    };
    await trx
      .insertInto('contracts')
      .values({
        tenant_id: ids.tenantId,
        id: ids.contractId,
        provider_id: ids.providerId,
        reference: 'BENCH-1',
        status: 'active',
        legal_framework: 'jeugdwet',
        start_date: '2024-01-01',
        end_date: '2028-12-31',
        notice_period_months: 6,
        renewal: 'none',
        renewal_months: null,
        created_by: null,
      })
      .execute();
    const ref = { tenant_id: ids.tenantId, contract_id: ids.contractId, provider_id: ids.providerId };
    await trx.insertInto('contract_versions').values({ ...ref, version: 1, effective_from: '2024-01-01', rationale: 'Benchmark', terms: jsonb(terms), created_by: null }).execute();
    await trx
      .insertInto('contract_products')
      .values([
        { ...ref, product_category: '45', product_code: '', execution_variant: 'effort' },
        { ...ref, product_category: '43', product_code: '43A01', execution_variant: 'output' },
      ])
      .execute();
    await setContext(trx, { tenantId: null, providerId: ids.providerId });
    await trx
      .insertInto('api_keys')
      .values({ id: uuidv7(), provider_id: ids.providerId, name: 'bench', prefix: key.prefix, key_hash: key.hash, scopes: ['outcomes:write'], created_by: null, expires_at: null, revoked_at: null, last_used_at: null })
      .execute();
  });
  return { ...ids, apiKey: key.key };
}

// ---- the records ----

const HOUSING = ['independent', 'with-family', 'supported-living', 'institution', 'homeless', 'unknown'];
const EDUCATION = ['education', 'work', 'both', 'neither', 'unknown'];
const INCOME = ['income-no-debts', 'income-managed-debts', 'problematic-debts', 'no-income', 'unknown'];
const NETWORK = ['supportive', 'limited', 'none', 'unknown'];
const INFORMANTS = ['young-person', 'parent', 'other'];
const END_REASONS = ['31', '31', '31', '32', '34', '38'];

const day = (base: string, plus: number) => new Date(Date.parse(`${base}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);

/**
 * A realistic mix: a quarter trajectories (two thirds of them ended), then per trajectory a
 * satisfaction grade and a continuation answer, and for a half of them goal counts or a follow-up.
 */
export function makeRecords(prefix: string, contractId: string, total: number): Record<string, unknown>[] {
  const trajectories = Math.floor(total / 4);
  const out: Record<string, unknown>[] = [];
  const ended = (i: number) => i % 3 !== 0;
  for (let i = 0; i < trajectories; i++) {
    const startDate = day('2024-02-01', i % 600);
    const t: Record<string, unknown> = { type: 'trajectory', reference: `${prefix}-${i}`, clientReference: `${prefix}-CL-${Math.floor(i / 2)}`, contractId, startDate };
    if (i % 5 === 0) Object.assign(t, { productCategory: '43', productCode: '43A01' });
    else t.productCategory = '45';
    if (ended(i)) Object.assign(t, { endDate: day(startDate, 120 + (i % 90)), endReason: END_REASONS[i % END_REASONS.length] });
    out.push(t);
  }
  const measuredOn = (i: number) => day('2024-02-01', (i % 600) + 100);
  let i = 0;
  while (out.length < total) {
    const n = i % trajectories;
    const round = Math.floor(i / trajectories);
    const ref = `${prefix}-${n}`;
    if (round === 0) out.push({ type: 'satisfaction', trajectoryReference: ref, measuredOn: measuredOn(n), score: 1 + (n % 10), informant: INFORMANTS[n % 3] });
    else if (round === 1) out.push({ type: 'continuation', trajectoryReference: ref, measuredOn: measuredOn(n), canContinueWithoutHelp: n % 4 !== 0 });
    else if (ended(n)) {
      const start = day('2024-02-01', n % 600);
      const end = day(start, 120 + (n % 90));
      out.push({
        type: 'follow-up',
        trajectoryReference: ref,
        months: round === 2 ? 3 : 12,
        measuredOn: day(end, round === 2 ? 91 : 365),
        housing: HOUSING[n % HOUSING.length],
        educationWork: EDUCATION[n % EDUCATION.length],
        incomeDebts: INCOME[n % INCOME.length],
        network: NETWORK[n % NETWORK.length],
        newYouthCare: n % 7 === 0,
      });
    } else out.push({ type: 'goals', trajectoryReference: ref, measuredOn: measuredOn(n), goalsAchieved: n % 4, goalsTotal: 3 + (n % 2) });
    i++;
  }
  return out;
}

