import { z } from '@hono/zod-openapi';
import { FREQUENCY_CODES, JZ020_CODES, UNIT_CODES } from '../../domain/ijw.js';
import { OUTCOME_INDICATOR_CODES } from '../../domain/outcomes.js';
import { Timestamp } from '../../platform/http/openapi.js';
import { text as anyText } from '../../platform/text.js';

const text = (max: number) => anyText().trim().min(1).max(max);
const IsoDate = z.iso.date('Use a date as YYYY-MM-DD.').openapi({ format: 'date', example: '2027-01-01' });
const Cents = z.number().int().min(0).max(1_000_000_000_000);

export const CONTRACT_STATUSES = ['draft', 'active', 'suspended', 'ended'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const BUDGET_KINDS = ['commitment', 'spending'] as const;

export const Tariff = z
  .object({
    amountCents: Cents.openapi({ description: 'Tariff (tarief) per unit and frequency, in eurocent.', example: 9500 }),
    validFrom: IsoDate.openapi({ description: 'First day the tariff applies (ingangsdatum).' }),
    validTo: IsoDate.openapi({ description: 'Last day the tariff applies (einddatum), inclusive.', example: '2027-12-31' }),
  })
  .openapi('ContractTariff', { description: 'A tariff with its validity period. A product’s tariffs, sorted by validFrom, follow each other day by day and together cover exactly the contract period.' });

export const Product = z
  .object({
    productCategory: z.enum(JZ020_CODES).openapi({ description: 'Product category (productcategorie, iJw code list JZ020).', example: '45' }),
    productCode: anyText()
      .trim()
      .regex(/^[0-9A-Za-z]{1,5}$/, 'A product code is 1 to 5 letters or digits.')
      .nullable()
      .default(null)
      .openapi({ description: 'Product code (productcode, at most 5 characters) agreed with the provider; null when the product is the whole category.', example: '45A11' }),
    name: text(200).openapi({ example: 'Ambulante nazorg 18+' }),
    executionVariant: z.enum(['effort', 'output', 'task']).openapi({ description: 'Execution variant (uitvoeringsvariant): effort = inspanningsgericht, output = outputgericht, task = taakgericht.' }),
    unit: z.enum(UNIT_CODES).openapi({ description: 'Unit (eenheid, iJw code list WJ756), e.g. 04 = hour.', example: '04' }),
    frequency: z.enum(FREQUENCY_CODES).openapi({ description: 'Frequency (frequentie): 1 day, 2 week, 4 month, 6 total within the validity period.', example: '2' }),
    tariffs: z.array(Tariff).min(1).max(100),
  })
  .openapi('ContractProduct', { description: 'A product (product) in the contract.' });

export const Budget = z
  .object({
    year: z.number().int().min(2000).max(2100).openapi({ example: 2027 }),
    ceilingCents: Cents.openapi({ description: 'Budget ceiling (budgetplafond) for the year, in eurocent.', example: 25_000_000 }),
    warningPercent: z.number().int().min(1).max(100).default(80).openapi({ description: 'A warning goes out when committed or spent reaches this share of the ceiling.', example: 80 }),
  })
  .openapi('ContractBudget');

export const Target = z
  .object({
    indicator: z.enum(OUTCOME_INDICATOR_CODES).openapi({ description: 'Outcome indicator (outcome-indicator, VNG/NJi harmonised set).', example: 'dropout' }),
    comparator: z.enum(['at-most', 'at-least']).openapi({ description: 'at-most: the result should stay at or below the value (e.g. dropout); at-least: at or above it.' }),
    value: z.number().openapi({ description: 'A percentage 0–100, or a grade 1–10 for satisfaction.', example: 10 }),
    periodStart: IsoDate,
    periodEnd: IsoDate,
  })
  .openapi('ContractTarget', { description: 'A target (prestatie-afspraak) on an outcome indicator for a period.' });

export const Terms = z
  .object({
    legalFramework: z.enum(['jeugdwet', 'wmo']).openapi({ description: 'The law the help falls under (wettelijk kader): Jeugdwet or Wmo 2015.' }),
    startDate: IsoDate.openapi({ description: 'Start of the contract period (ingangsdatum).', example: '2027-01-01' }),
    endDate: IsoDate.openapi({ description: 'Last day of the contract period (einddatum), inclusive.', example: '2028-12-31' }),
    noticePeriodMonths: z.number().int().min(0).max(36).openapi({ description: 'Notice period (opzegtermijn) in months before the end date.', example: 6 }),
    renewal: z.enum(['automatic', 'none']).openapi({ description: 'Renewal (verlenging): automatic (stilzwijgende verlenging) or none.' }),
    renewalMonths: z.number().int().min(1).max(120).nullable().default(null).openapi({ description: 'How long each automatic renewal extends the contract; required when renewal is automatic, null otherwise.', example: 12 }),
    noticeAlertDays: z.number().int().min(1).max(365).default(60).openapi({ description: 'How many days before the notice deadline the alert goes out.', example: 60 }),
    products: z.array(Product).min(1).max(200),
    budgets: z.array(Budget).max(50).default([]),
    targets: z.array(Target).max(200).default([]),
  })
  .openapi('ContractTerms', { description: 'The terms (contractvoorwaarden) of one version of a contract.' });
export type TermsT = z.output<typeof Terms>;

export const CreateContract = z
  .object({
    providerId: z.uuid().openapi({ description: 'The provider (zorgaanbieder); the municipality must work with it.' }),
    reference: text(100).openapi({ description: 'The municipality’s contract reference (contractnummer), unique within the municipality.', example: 'JZ-2027-014' }),
    terms: Terms,
  })
  .openapi('CreateContract');

export const Amendment = z
  .object({
    rationale: text(4000).openapi({ description: 'Why the contract changes (motivering).', example: 'Tariffs indexed for 2028 (OVA).' }),
    effectiveFrom: IsoDate.openapi({ description: 'The date the amended terms take effect (ingangsdatum wijziging).', example: '2028-01-01' }),
    terms: Terms,
  })
  .openapi('ContractAmendment');

const Municipality = z.object({ id: z.uuid(), name: anyText().nullable() }).openapi('ContractMunicipality');
const ProviderRef = z.object({ id: z.uuid(), name: anyText(), agbCode: anyText() }).openapi('ContractProvider');

export const Contract = z
  .object({
    id: z.uuid(),
    municipality: Municipality,
    provider: ProviderRef,
    reference: anyText(),
    status: z.enum(CONTRACT_STATUSES).openapi({ description: 'The status today: draft (concept), active (actief), suspended (opgeschort), ended (beëindigd).' }),
    revision: z.number().int().openapi({ description: 'Changes with every change of the contract; sent as the ETag.' }),
    currentVersion: z.number().int().openapi({ description: 'The latest version agreed.' }),
    version: z.number().int().openapi({ description: 'The version whose terms are shown (with asOf: the version in force on that date).' }),
    effectiveFrom: IsoDate.openapi({ description: 'When the version shown took effect.' }),
    noticeDeadline: IsoDate.openapi({ description: 'The last day notice can be given (uiterste opzegdatum): the end date minus the notice period.' }),
    terms: Terms,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Contract', { description: 'A contract (inkoopcontract) between a municipality and a care provider.' });

export const ContractSummary = z
  .object({
    id: z.uuid(),
    municipality: Municipality,
    providerId: z.uuid(),
    providerName: anyText(),
    reference: anyText(),
    status: z.enum(CONTRACT_STATUSES),
    legalFramework: z.enum(['jeugdwet', 'wmo']),
    startDate: IsoDate,
    endDate: IsoDate,
    noticeDeadline: IsoDate,
    renewal: z.enum(['automatic', 'none']),
    currentVersion: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('ContractSummary');

export const ContractVersionSummary = z
  .object({
    version: z.number().int(),
    effectiveFrom: IsoDate,
    rationale: anyText(),
    createdBy: z.uuid().nullable().openapi({ description: 'Who made the version; null for the scheduled renewal.' }),
    createdAt: Timestamp,
  })
  .openapi('ContractVersionSummary');

export const ContractVersion = ContractVersionSummary.extend({ terms: Terms }).openapi('ContractVersion', { description: 'A version (versie) of the terms: version 1 as concluded, each amendment (wijziging) the next. Immutable once the contract is no longer a draft.' });

export const BudgetYear = z
  .object({
    year: z.number().int(),
    ceilingCents: z.number().int().openapi({ description: 'Budget ceiling (budgetplafond).' }),
    committedCents: z.number().int().openapi({ description: 'Sum of commitments (verplichtingen).' }),
    spentCents: z.number().int().openapi({ description: 'Sum of spending (realisatie).' }),
    remainingCents: z.number().int().openapi({ description: 'Ceiling minus the larger of committed and spent: what is still free.' }),
    usedPercent: z.number().openapi({ description: 'The larger of committed and spent as a percentage of the ceiling, one decimal.', example: 81.5 }),
    warningPercent: z.number().int(),
    warning: z.boolean().openapi({ description: 'usedPercent has reached warningPercent.' }),
  })
  .openapi('ContractBudgetYear');

export const CreateBudgetEntry = z
  .object({
    kind: z.enum(BUDGET_KINDS).openapi({ description: 'commitment (verplichting) or spending (uitgave).' }),
    year: z.number().int().min(2000).max(2100).openapi({ example: 2027 }),
    amountCents: z.number().int().min(-1_000_000_000_000).max(1_000_000_000_000).refine((n) => n !== 0, 'An amount of 0 books nothing.').openapi({ description: 'In eurocent; negative for a correction.', example: 1_250_000 }),
    description: text(500).openapi({ example: 'Toekenning 12 trajecten Q1' }),
    bookedOn: IsoDate.openapi({ description: 'Booking date (boekdatum).' }),
  })
  .openapi('CreateContractBudgetEntry');

export const BudgetEntry = z
  .object({
    id: z.uuid(),
    kind: z.enum(BUDGET_KINDS),
    year: z.number().int(),
    amountCents: z.number().int(),
    description: anyText(),
    bookedOn: IsoDate,
    createdBy: z.uuid().nullable(),
    createdAt: Timestamp,
  })
  .openapi('ContractBudgetEntry');

export const BudgetEntryResult = BudgetEntry.extend({
  budget: BudgetYear,
  alertSent: z.boolean().openapi({ description: 'This booking made committed or spent reach the warning percentage, and the warning went out.' }),
}).openapi('ContractBudgetEntryResult');
