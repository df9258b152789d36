// Contract fixtures. `contractTerms` builds the terms the contracts API takes (for tests of the API
// itself). `insertContract` writes a contract in force straight into the database, for tests of
// what builds on contracts (outcome reporting, indicators); its terms have the shape the contracts
// module stores (contract_versions.terms).
import { uuidv7 } from '../../src/platform/crypto.js';
import { type Database, inAppTransaction, jsonb, setContext } from '../../src/platform/db/database.js';

export interface TariffInput {
  amountCents: number;
  validFrom: string;
  validTo: string;
}

/** Product 45A11, ambulant aftercare for 18+, paid per effort: the product most contract tests use. */
export const AFTERCARE_PRODUCT = {
  productCategory: '45',
  productCode: '45A11' as string | null,
  name: 'Ambulante nazorg 18+',
  executionVariant: 'effort',
  unit: '04',
  frequency: '2',
};

/**
 * Valid contract terms, as POST /municipalities/{id}/contracts takes them: a Jeugdwet contract
 * from startDate (default 2027-01-01) to endDate (default 2028-12-31) with one product
 * (AFTERCARE_PRODUCT, changed by `product`) whose tariff is `amountCents` (default 9500) for the
 * whole period unless `tariffs` lists them, a budget ceiling for the first year and no targets.
 * Any other key replaces that field of the terms as given (also with invalid values, to test 400s):
 *
 *   contractTerms({ endDate: '2029-12-31' })
 *   contractTerms({ tariffs: [{ amountCents: 9500, validFrom: '2027-01-01', validTo: '2027-12-31' }, …] })
 *   contractTerms({ renewal: 'automatic', renewalMonths: 12 })
 */
export function contractTerms(
  options: { startDate?: string; endDate?: string; amountCents?: number; tariffs?: TariffInput[]; product?: Partial<typeof AFTERCARE_PRODUCT> } & Record<string, unknown> = {},
) {
  const { startDate = '2027-01-01', endDate = '2028-12-31', amountCents = 9500, tariffs, product, ...overrides } = options;
  return {
    legalFramework: 'jeugdwet',
    startDate,
    endDate,
    noticePeriodMonths: 6,
    renewal: 'none',
    renewalMonths: null as number | null,
    noticeAlertDays: 60,
    products: [{ ...AFTERCARE_PRODUCT, ...product, tariffs: tariffs ?? [{ amountCents, validFrom: startDate, validTo: endDate }] }],
    budgets: [{ year: Number(startDate.slice(0, 4)), ceilingCents: 1_000_000 }] as { year: number; ceilingCents: number; warningPercent?: number }[],
    targets: [] as { indicator: string; comparator: string; value: number; periodStart: string; periodEnd: string }[],
    ...overrides,
  };
}

export interface ContractFixtureProduct {
  productCategory: string;
  productCode?: string | null;
  executionVariant?: 'effort' | 'output' | 'task';
}

export interface ContractFixtureTarget {
  indicator: string;
  comparator: 'at-most' | 'at-least';
  value: number;
  periodStart: string;
  periodEnd: string;
}

export async function insertContract(
  db: Database,
  options: {
    tenantId: string;
    providerId: string;
    reference?: string;
    status?: 'draft' | 'active' | 'suspended' | 'ended';
    startDate?: string;
    endDate?: string;
    products?: ContractFixtureProduct[];
    targets?: ContractFixtureTarget[];
  },
): Promise<{ id: string }> {
  const id = uuidv7();
  const startDate = options.startDate ?? '2024-01-01';
  const endDate = options.endDate ?? '2028-12-31';
  const products = (options.products ?? [{ productCategory: '45' }]).map((p) => ({
    productCategory: p.productCategory,
    productCode: p.productCode ?? null,
    name: `Product ${p.productCategory}${p.productCode ? `/${p.productCode}` : ''}`,
    executionVariant: p.executionVariant ?? 'effort',
    unit: '04',
    frequency: '2',
    tariffs: [{ amountCents: 9500, validFrom: startDate, validTo: endDate }],
  }));
  const targets = options.targets ?? [];
  const terms = {
    legalFramework: 'jeugdwet',
    startDate,
    endDate,
    noticePeriodMonths: 6,
    renewal: 'none',
    renewalMonths: null,
    noticeAlertDays: 60,
    products,
    budgets: [],
    targets,
  };
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { tenantId: options.tenantId });
    await trx
      .insertInto('contracts')
      .values({
        tenant_id: options.tenantId,
        id,
        provider_id: options.providerId,
        reference: options.reference ?? `C-${id.slice(-8)}`,
        status: options.status ?? 'active',
        legal_framework: 'jeugdwet',
        start_date: startDate,
        end_date: endDate,
        notice_period_months: 6,
        renewal: 'none',
        renewal_months: null,
        created_by: null,
      })
      .execute();
    const ref = { tenant_id: options.tenantId, contract_id: id, provider_id: options.providerId };
    await trx
      .insertInto('contract_versions')
      .values({ ...ref, version: 1, effective_from: startDate, rationale: 'Contract as concluded', terms: jsonb(terms), created_by: null })
      .execute();
    await trx
      .insertInto('contract_products')
      .values(products.map((p) => ({ ...ref, product_category: p.productCategory, product_code: p.productCode ?? '', execution_variant: p.executionVariant as 'effort' })))
      .execute();
    if (targets.length > 0) {
      await trx
        .insertInto('contract_targets')
        .values(targets.map((t) => ({ ...ref, indicator: t.indicator, comparator: t.comparator, value: t.value, period_start: t.periodStart, period_end: t.periodEnd })))
        .execute();
    }
  });
  return { id };
}
