// The demo contract between Gemeente Voorbeeldstad and Jeugdzorg De Brug: two products (a stay
// with treatment paid per 24 hours, ambulant aftercare paid per hour), a budget per year and two
// outcome targets, so the contracts API, the PDF summary and the indicators have something real.
import { Terms } from '../../src/modules/contracts/schemas.js';
import { createContract, etagOf, transition } from '../../src/modules/contracts/service.js';
import type { Tx } from '../../src/platform/db/database.js';

export const DEMO_CONTRACT_REFERENCE = 'VBS-JZ-2025-001';

export const DEMO_CONTRACT_TERMS = Terms.parse({
  legalFramework: 'jeugdwet',
  startDate: '2025-01-01',
  endDate: '2027-12-31',
  noticePeriodMonths: 6,
  renewal: 'automatic',
  renewalMonths: 12,
  noticeAlertDays: 60,
  products: [
    {
      productCategory: '43',
      productCode: '43A01',
      name: 'Verblijf met behandeling, inclusief voorbereiding op vertrek',
      executionVariant: 'output',
      unit: '14',
      frequency: '1',
      tariffs: [
        { amountCents: 28950, validFrom: '2025-01-01', validTo: '2025-12-31' },
        { amountCents: 29840, validFrom: '2026-01-01', validTo: '2027-12-31' },
      ],
    },
    {
      productCategory: '45',
      productCode: '45N01',
      name: 'Ambulante nazorg (doorgaande hulp na vertrek)',
      executionVariant: 'effort',
      unit: '04',
      frequency: '2',
      tariffs: [
        { amountCents: 9450, validFrom: '2025-01-01', validTo: '2025-12-31' },
        { amountCents: 9780, validFrom: '2026-01-01', validTo: '2027-12-31' },
      ],
    },
  ],
  budgets: [
    { year: 2025, ceilingCents: 120_000_000, warningPercent: 80 },
    { year: 2026, ceilingCents: 125_000_000, warningPercent: 80 },
    { year: 2027, ceilingCents: 130_000_000, warningPercent: 85 },
  ],
  targets: [
    { indicator: 'dropout', comparator: 'at-most', value: 10, periodStart: '2025-01-01', periodEnd: '2027-12-31' },
    { indicator: 'satisfaction', comparator: 'at-least', value: 7.5, periodStart: '2025-01-01', periodEnd: '2027-12-31' },
    { indicator: 'no-new-start-6-months', comparator: 'at-least', value: 80, periodStart: '2025-01-01', periodEnd: '2027-12-31' },
  ],
});

/** Create and activate the demo contract; returns its id. */
export async function seedDemoContract(trx: Tx, tenantId: string, providerId: string, userId: string): Promise<string> {
  const contract = await createContract(trx, tenantId, { providerId, reference: DEMO_CONTRACT_REFERENCE, terms: DEMO_CONTRACT_TERMS }, userId);
  await transition(trx, tenantId, contract.id, 'activate', etagOf(contract.revision));
  return contract.id;
}
