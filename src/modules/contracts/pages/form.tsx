// The contract form: a new draft, a draft's terms changed, or an amendment of a contract in force
// (the same terms, with a rationale and the date it takes effect). Works without JavaScript: the
// form has a fixed number of rows for products, tariff periods, budgets and targets; an "add a row"
// button posts the form back and it returns with one more row, keeping everything typed. Empty rows
// are left out. The terms go through the API's schema and service (validateForm + createContract /
// updateDraftTerms / amend), so the page refuses exactly what the API refuses — an overlap or gap
// between tariff periods included — and shows each problem beside its field, in the page's language.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ApiError, InvalidParam } from '../../../platform/errors.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { type PageStatus, staffPage } from '../../../platform/http/pages.js';
import { Button, DateField, ErrorSummary, type FieldErrors, Select, TextArea, TextField } from '../../../platform/ui/form.js';
import type { TermsT } from '../schemas.js';
import { COMPARATOR, LEGAL, RENEWAL, centsToText, codeOptions, date, textToCents, textToInt, textToNumber } from './shared.js';
import { Timeline } from './timeline.js';

export type Mode = 'new' | 'edit' | 'amend';
export type Values = Record<string, string>;
export interface Rows {
  products: number;
  tariffs: number[];
  budgets: number;
  targets: number;
}

const LIMITS = { products: 40, tariffs: 30, budgets: 20, targets: 40 };

export const F = {
  nl: {
    title: { new: 'Nieuw contract', edit: 'Concept wijzigen', amend: 'Contract wijzigen (wijziging)' },
    intro: {
      new: 'Leg een contract met een zorgaanbieder vast als concept. U kunt het concept daarna nog wijzigen en activeren. Lege regels worden overgeslagen.',
      edit: 'Dit contract is nog een concept: u wijzigt de voorwaarden zelf. Lege regels worden overgeslagen.',
      amend: 'Het contract is in werking. Een wijziging wordt een nieuwe versie vanaf de ingangsdatum; eerdere versies blijven zoals ze waren.',
    },
    contract: 'Contract',
    provider: 'Zorgaanbieder',
    providerHint: 'Alleen aanbieders waarmee uw gemeente samenwerkt.',
    noProviders: 'Uw gemeente werkt nog met geen enkele zorgaanbieder. Een beheerder legt die samenwerking eerst vast.',
    choose: 'Kies…',
    reference: 'Contractnummer',
    referenceHint: 'Uw eigen nummer, bijvoorbeeld JZ-2027-014.',
    legalFramework: 'Wettelijk kader',
    startDate: 'Begindatum',
    endDate: 'Einddatum (laatste dag)',
    noticePeriodMonths: 'Opzegtermijn in maanden',
    renewal: 'Verlenging',
    renewalMonths: 'Verlengen met (maanden)',
    renewalMonthsHint: 'Alleen bij stilzwijgende verlenging.',
    noticeAlertDays: 'Waarschuwing hoeveel dagen voor de uiterste opzegdatum',
    rationale: 'Reden van de wijziging',
    effectiveFrom: 'Ingangsdatum van de wijziging',
    products: 'Producten en tarieven',
    productsIntro: 'Per product de tarieven met hun geldigheid. De perioden sluiten dag op dag op elkaar aan en dekken samen precies de contractperiode: geen overlap, geen gat.',
    product: (n: number) => `Product ${n}`,
    productCategory: 'Productcategorie (JZ020)',
    productCode: 'Productcode (niet verplicht)',
    productCodeHint: 'Hooguit 5 letters of cijfers; leeg als het product de hele categorie is.',
    name: 'Naam van het product',
    executionVariant: 'Uitvoeringsvariant',
    unit: 'Eenheid',
    frequency: 'Frequentie',
    tariffs: (n: number) => `Tarieven van product ${n}`,
    tariff: (n: number) => `Tariefperiode ${n}`,
    amount: 'Tarief in euro',
    amountHint: 'Per eenheid en frequentie, bijvoorbeeld 95,00.',
    validFrom: 'Geldig vanaf',
    validTo: 'Geldig tot en met',
    addTariff: (n: number) => `Tariefperiode toevoegen aan product ${n}`,
    addProduct: 'Product toevoegen',
    budgets: 'Budgetten per jaar',
    budget: (n: number) => `Budget ${n}`,
    year: 'Jaar',
    ceiling: 'Budgetplafond in euro',
    warningPercent: 'Waarschuwing bij (procent)',
    addBudget: 'Budgetjaar toevoegen',
    targets: 'Prestatieafspraken (uitkomsten)',
    target: (n: number) => `Afspraak ${n}`,
    indicator: 'Indicator',
    comparator: 'Norm',
    value: 'Waarde',
    valueHint: 'Een percentage (0–100) of een cijfer (1–10).',
    periodStart: 'Periode vanaf',
    periodEnd: 'Periode tot en met',
    addTarget: 'Afspraak toevoegen',
    preview: 'Tijdlijn bijwerken',
    save: { new: 'Concept opslaan', edit: 'Wijzigingen opslaan', amend: 'Wijziging vastleggen' },
    cancel: 'Annuleren',
    refused: 'Deze regel klopt niet',
    m: {
      date: 'Vul een datum in.',
      amount: 'Vul een bedrag in euro in, bijvoorbeeld 95,00.',
      choose: 'Kies een waarde uit de lijst.',
      required: 'Vul dit in.',
      whole: 'Vul een heel getal in.',
      number: 'Vul een getal in.',
      code: 'Een productcode is 1 tot 5 letters of cijfers.',
      overlap: (row: number, until: string, start: string) => `Overlapt met tariefperiode ${row}, die loopt tot en met ${until}. Laat deze periode op ${start} beginnen.`,
      overlapNext: (row: number) => `Overlapt met tariefperiode ${row}.`,
      gap: (row: number, end: string, start: string) => `Er zit een gat na tariefperiode ${row}, die eindigt op ${end}. Laat deze periode op ${start} beginnen.`,
      first: (d: string) => `De eerste tariefperiode begint op de begindatum van het contract (${d}).`,
      last: (d: string) => `De laatste tariefperiode loopt tot de einddatum van het contract (${d}).`,
      endsBefore: 'De einddatum ligt voor de begindatum.',
      renewalNeeded: 'Vul in met hoeveel maanden het contract stilzwijgend wordt verlengd.',
      renewalNone: 'Alleen bij stilzwijgende verlenging; laat dit leeg.',
      duplicateProduct: 'Dit product (categorie en code) staat er al in.',
      duplicateYear: 'Voor dit jaar is al een budget.',
      yearOutside: 'Dit jaar valt buiten de contractperiode.',
      grade: 'Een cijfer ligt tussen 1 en 10.',
      percent: 'Een percentage ligt tussen 0 en 100.',
      targetPeriod: 'De periode moet binnen de contractperiode liggen.',
      duplicateTarget: 'Deze indicator heeft vanaf die datum al een afspraak.',
      provider: 'Uw gemeente werkt niet met deze zorgaanbieder.',
      reference: 'Dit contractnummer is al in gebruik.',
      effectiveInside: 'De ingangsdatum ligt binnen de contractperiode.',
      effectiveBefore: (v: number, d: string) => `De wijziging kan niet ingaan voor versie ${v} (geldig vanaf ${d}).`,
      oneProduct: 'Vul minstens één product in.',
      oneTariff: 'Vul minstens één tariefperiode in.',
    },
  },
  en: {
    title: { new: 'New contract', edit: 'Change the draft', amend: 'Amend the contract' },
    intro: {
      new: 'Record a contract with a care provider as a draft. You can still change the draft and then activate it. Empty rows are skipped.',
      edit: 'This contract is still a draft: you change its terms directly. Empty rows are skipped.',
      amend: 'The contract is in force. An amendment becomes a new version from its effective date; earlier versions stay as they were.',
    },
    contract: 'Contract',
    provider: 'Care provider',
    providerHint: 'Only providers your municipality works with.',
    noProviders: 'Your municipality does not work with any care provider yet. An administrator records that first.',
    choose: 'Choose…',
    reference: 'Contract reference',
    referenceHint: 'Your own reference, for example JZ-2027-014.',
    legalFramework: 'Legal framework',
    startDate: 'Start date',
    endDate: 'End date (last day)',
    noticePeriodMonths: 'Notice period in months',
    renewal: 'Renewal',
    renewalMonths: 'Renew by (months)',
    renewalMonthsHint: 'Only with automatic renewal.',
    noticeAlertDays: 'Warn how many days before the notice deadline',
    rationale: 'Reason for the amendment',
    effectiveFrom: 'Date the amendment takes effect',
    products: 'Products and tariffs',
    productsIntro: 'For each product its tariffs with their validity. The periods follow each other day by day and together cover exactly the contract period: no overlap, no gap.',
    product: (n: number) => `Product ${n}`,
    productCategory: 'Product category (JZ020)',
    productCode: 'Product code (optional)',
    productCodeHint: 'At most 5 letters or digits; empty when the product is the whole category.',
    name: 'Name of the product',
    executionVariant: 'Execution variant',
    unit: 'Unit',
    frequency: 'Frequency',
    tariffs: (n: number) => `Tariffs of product ${n}`,
    tariff: (n: number) => `Tariff period ${n}`,
    amount: 'Tariff in euro',
    amountHint: 'Per unit and frequency, for example 95.00.',
    validFrom: 'Valid from',
    validTo: 'Valid until (inclusive)',
    addTariff: (n: number) => `Add a tariff period to product ${n}`,
    addProduct: 'Add a product',
    budgets: 'Budgets per year',
    budget: (n: number) => `Budget ${n}`,
    year: 'Year',
    ceiling: 'Budget ceiling in euro',
    warningPercent: 'Warn at (percent)',
    addBudget: 'Add a budget year',
    targets: 'Targets (outcomes)',
    target: (n: number) => `Target ${n}`,
    indicator: 'Indicator',
    comparator: 'Norm',
    value: 'Value',
    valueHint: 'A percentage (0–100) or a grade (1–10).',
    periodStart: 'Period from',
    periodEnd: 'Period until (inclusive)',
    addTarget: 'Add a target',
    preview: 'Update the timeline',
    save: { new: 'Save draft', edit: 'Save changes', amend: 'Record the amendment' },
    cancel: 'Cancel',
    refused: 'This row is not right',
    m: {
      date: 'Enter a date.',
      amount: 'Enter an amount in euro, for example 95.00.',
      choose: 'Choose a value from the list.',
      required: 'Fill this in.',
      whole: 'Enter a whole number.',
      number: 'Enter a number.',
      code: 'A product code is 1 to 5 letters or digits.',
      overlap: (row: number, until: string, start: string) => `Overlaps tariff period ${row}, which runs until ${until}. Start this period on ${start}.`,
      overlapNext: (row: number) => `Overlaps tariff period ${row}.`,
      gap: (row: number, end: string, start: string) => `Leaves a gap after tariff period ${row}, which ends on ${end}. Start this period on ${start}.`,
      first: (d: string) => `The first tariff period starts on the contract's start date (${d}).`,
      last: (d: string) => `The last tariff period runs until the contract's end date (${d}).`,
      endsBefore: 'The end date is before the start date.',
      renewalNeeded: 'Say by how many months an automatic renewal extends the contract.',
      renewalNone: 'Only with automatic renewal; leave this empty.',
      duplicateProduct: 'This product (category and code) is already in the contract.',
      duplicateYear: 'This year already has a budget.',
      yearOutside: 'This year is outside the contract period.',
      grade: 'A grade is between 1 and 10.',
      percent: 'A percentage is between 0 and 100.',
      targetPeriod: 'The period must lie inside the contract period.',
      duplicateTarget: 'This indicator already has a target from that date.',
      provider: 'Your municipality does not work with this care provider.',
      reference: 'This contract reference is already in use.',
      effectiveInside: 'The effective date lies inside the contract period.',
      effectiveBefore: (v: number, d: string) => `The amendment cannot take effect before version ${v} (effective ${d}).`,
      oneProduct: 'Fill in at least one product.',
      oneTariff: 'Fill in at least one tariff period.',
    },
  },
} as const;

type FS = (typeof F)[Locale];

const PRODUCT_FIELDS = ['productCategory', 'productCode', 'name', 'executionVariant', 'unit', 'frequency'] as const;
const TARIFF_FIELDS = ['amountCents', 'validFrom', 'validTo'] as const;
const BUDGET_FIELDS = ['year', 'ceilingCents'] as const;
const TARGET_FIELDS = ['indicator', 'comparator', 'value', 'periodStart', 'periodEnd'] as const;

const blank = (v: Values, names: readonly string[]) => names.every((n) => !(v[n] ?? '').trim());
const clamp = (n: unknown, lo: number, hi: number, fallback: number) => {
  const x = Number(n);
  return Number.isInteger(x) ? Math.min(hi, Math.max(lo, x)) : fallback;
};

/** The rows a posted form had (its hidden counts), bounded. */
export function rowsOf(v: Values): Rows {
  const products = clamp(v['rows.products'], 1, LIMITS.products, 2);
  return {
    products,
    tariffs: Array.from({ length: products }, (_, i) => clamp(v[`rows.tariffs.${i}`], 1, LIMITS.tariffs, 2)),
    budgets: clamp(v['rows.budgets'], 1, LIMITS.budgets, 2),
    targets: clamp(v['rows.targets'], 1, LIMITS.targets, 1),
  };
}

/** One more row where the pressed button asked for it (`add`: product, budget, target, tariff.N). */
export function withAddedRow(rows: Rows, add: string): Rows {
  const r = { ...rows, tariffs: [...rows.tariffs] };
  if (add === 'product' && r.products < LIMITS.products) {
    r.products++;
    r.tariffs.push(2);
  } else if (add === 'budget') r.budgets = Math.min(LIMITS.budgets, r.budgets + 1);
  else if (add === 'target') r.targets = Math.min(LIMITS.targets, r.targets + 1);
  else {
    const i = /^tariff\.(\d+)$/.exec(add)?.[1];
    if (i !== undefined && r.tariffs[Number(i)] !== undefined) r.tariffs[Number(i)] = Math.min(LIMITS.tariffs, (r.tariffs[Number(i)] as number) + 1);
  }
  return r;
}

export const NEW_ROWS: Rows = { products: 2, tariffs: [2, 2], budgets: 2, targets: 1 };
export const NEW_VALUES: Values = { legalFramework: 'jeugdwet', renewal: 'none', noticeAlertDays: '60' };

/** Stored terms as the form's values, with one empty row more in each list. */
export function termsToForm(t: TermsT): { values: Values; rows: Rows } {
  const v: Values = {
    legalFramework: t.legalFramework,
    startDate: t.startDate,
    endDate: t.endDate,
    noticePeriodMonths: String(t.noticePeriodMonths),
    renewal: t.renewal,
    renewalMonths: t.renewalMonths === null ? '' : String(t.renewalMonths),
    noticeAlertDays: String(t.noticeAlertDays),
  };
  t.products.forEach((p, i) => {
    for (const f of ['productCategory', 'name', 'executionVariant', 'unit', 'frequency'] as const) v[`products.${i}.${f}`] = String(p[f]);
    v[`products.${i}.productCode`] = p.productCode ?? '';
    p.tariffs.forEach((tariff, j) => {
      v[`products.${i}.tariffs.${j}.amountCents`] = centsToText(tariff.amountCents);
      v[`products.${i}.tariffs.${j}.validFrom`] = tariff.validFrom;
      v[`products.${i}.tariffs.${j}.validTo`] = tariff.validTo;
    });
  });
  t.budgets.forEach((b, k) => {
    v[`budgets.${k}.year`] = String(b.year);
    v[`budgets.${k}.ceilingCents`] = centsToText(b.ceilingCents);
    v[`budgets.${k}.warningPercent`] = String(b.warningPercent);
  });
  t.targets.forEach((g, k) => {
    v[`targets.${k}.indicator`] = g.indicator;
    v[`targets.${k}.comparator`] = g.comparator;
    v[`targets.${k}.value`] = String(g.value).replace('.', ',');
    v[`targets.${k}.periodStart`] = g.periodStart;
    v[`targets.${k}.periodEnd`] = g.periodEnd;
  });
  return {
    values: v,
    rows: {
      products: Math.min(LIMITS.products, t.products.length + 1),
      tariffs: [...t.products.map((p) => Math.min(LIMITS.tariffs, p.tariffs.length + 1)), 2].slice(0, LIMITS.products),
      budgets: Math.min(LIMITS.budgets, t.budgets.length + 1),
      targets: Math.min(LIMITS.targets, t.targets.length + 1),
    },
  };
}

/** Which form row each item the API sees came from (empty rows are left out; tariffs sorted by date). */
export interface RowMaps {
  products: number[];
  tariffs: number[][];
  budgets: number[];
  targets: number[];
}

/** The typed form as the API's terms (unchecked: the schema and the service check it). */
export function formToTerms(v: Values, rows: Rows): { terms: Record<string, unknown>; maps: RowMaps } {
  const maps: RowMaps = { products: [], tariffs: [], budgets: [], targets: [] };
  const products: Record<string, unknown>[] = [];
  for (let i = 0; i < rows.products; i++) {
    const p = (f: string) => v[`products.${i}.${f}`] ?? '';
    const tariffRows: number[] = [];
    for (let j = 0; j < (rows.tariffs[i] ?? 0); j++) if (!blank(v, TARIFF_FIELDS.map((f) => `products.${i}.tariffs.${j}.${f}`))) tariffRows.push(j);
    if (tariffRows.length === 0 && blank(v, PRODUCT_FIELDS.map((f) => `products.${i}.${f}`))) continue;
    // The service wants the periods in date order; the form may have them in any order.
    tariffRows.sort((a, b) => {
      const fa = v[`products.${i}.tariffs.${a}.validFrom`] ?? '';
      const fb = v[`products.${i}.tariffs.${b}.validFrom`] ?? '';
      return fa < fb ? -1 : fa > fb ? 1 : a - b;
    });
    maps.products.push(i);
    maps.tariffs.push(tariffRows);
    products.push({
      productCategory: p('productCategory') || undefined,
      productCode: p('productCode').trim() || null,
      name: p('name'),
      executionVariant: p('executionVariant') || undefined,
      unit: p('unit') || undefined,
      frequency: p('frequency') || undefined,
      tariffs: tariffRows.map((j) => ({
        amountCents: textToCents(v[`products.${i}.tariffs.${j}.amountCents`]),
        validFrom: v[`products.${i}.tariffs.${j}.validFrom`] || undefined,
        validTo: v[`products.${i}.tariffs.${j}.validTo`] || undefined,
      })),
    });
  }
  const budgets: Record<string, unknown>[] = [];
  for (let k = 0; k < rows.budgets; k++) {
    if (blank(v, BUDGET_FIELDS.map((f) => `budgets.${k}.${f}`))) continue;
    maps.budgets.push(k);
    const warning = v[`budgets.${k}.warningPercent`];
    budgets.push({ year: textToInt(v[`budgets.${k}.year`]), ceilingCents: textToCents(v[`budgets.${k}.ceilingCents`]), ...(warning?.trim() ? { warningPercent: textToInt(warning) } : {}) });
  }
  const targets: Record<string, unknown>[] = [];
  for (let k = 0; k < rows.targets; k++) {
    if (blank(v, TARGET_FIELDS.map((f) => `targets.${k}.${f}`))) continue;
    maps.targets.push(k);
    const t = (f: string) => v[`targets.${k}.${f}`] || undefined;
    targets.push({ indicator: t('indicator'), comparator: t('comparator'), value: textToNumber(v[`targets.${k}.value`]), periodStart: t('periodStart'), periodEnd: t('periodEnd') });
  }
  const renewalMonths = v.renewalMonths?.trim() ? textToInt(v.renewalMonths) : null;
  return {
    terms: {
      legalFramework: v.legalFramework || undefined,
      startDate: v.startDate || undefined,
      endDate: v.endDate || undefined,
      noticePeriodMonths: textToInt(v.noticePeriodMonths),
      renewal: v.renewal || undefined,
      renewalMonths,
      noticeAlertDays: v.noticeAlertDays?.trim() ? textToInt(v.noticeAlertDays) : undefined,
      products,
      budgets,
      targets,
    },
    maps,
  };
}

const ENUMS = new Set(['productCategory', 'executionVariant', 'unit', 'frequency', 'indicator', 'comparator', 'legalFramework', 'renewal', 'providerId']);
const INTS = new Set(['noticePeriodMonths', 'renewalMonths', 'noticeAlertDays', 'year', 'warningPercent']);

/** The API's 400 as messages beside the form's fields, in the page's language. */
export function formErrors(error: ApiError, maps: RowMaps, locale: Locale): FieldErrors {
  const s = F[locale].m;
  const errors: FieldErrors = {};
  const params = (error.extra.invalidParams as InvalidParam[] | undefined) ?? [];
  const put = (name: string, message: string) => {
    if (!(name in errors)) errors[name] = message;
  };
  for (const param of params) {
    const path = param.name
      .replace(/^body\./, '')
      .replace(/^terms\./, '')
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.');
    let name: string;
    let product = -1;
    if (path[0] === 'products') {
      const pi = Number(path[1]);
      product = Number.isInteger(pi) ? pi : -1;
      const fi = maps.products[product];
      if (fi === undefined) name = 'products.0.productCategory';
      else if (path[2] === 'tariffs') {
        const tj = Number(path[3]);
        const fj = maps.tariffs[product]?.[tj] ?? 0;
        name = `products.${fi}.tariffs.${fj}.${path[4] && (TARIFF_FIELDS as readonly string[]).includes(path[4]) ? path[4] : 'validFrom'}`;
      } else name = `products.${fi}.${path[2] && (PRODUCT_FIELDS as readonly string[]).includes(path[2]) ? path[2] : 'productCategory'}`;
    } else if (path[0] === 'budgets' || path[0] === 'targets') {
      const list = path[0];
      const fk = maps[list][Number(path[1])];
      const fields: readonly string[] = list === 'budgets' ? [...BUDGET_FIELDS, 'warningPercent'] : TARGET_FIELDS;
      name = fk === undefined ? '' : `${list}.${fk}.${path[2] && fields.includes(path[2]) ? path[2] : fields[0]}`;
    } else name = path[0] ?? '';
    const field = name.split('.').at(-1) ?? '';
    const r = param.reason;
    const overlap = /^Overlaps tariffs\[(\d+)\], which runs until (\S+); start on (\S+)\.$/.exec(r);
    const gap = /^Leaves a gap after tariffs\[(\d+)\], which ends on (\S+); start on (\S+)\.$/.exec(r);
    const first = /^The first tariff must start on the contract's start date \((\S+)\)\.$/.exec(r);
    const last = /^The last tariff must run until the contract's end date \((\S+)\)\.$/.exec(r);
    const before = /^Cannot take effect before version (\d+) \(effective (\S+)\)\.$/.exec(r);
    let message: string;
    if (overlap) {
      const other = maps.tariffs[product]?.[Number(overlap[1])] ?? 0;
      message = s.overlap(other + 1, date(overlap[2] as string, locale), date(overlap[3] as string, locale));
      // Both rows of an overlap are marked: the earlier one beside its end date.
      const fi = maps.products[product];
      const own = Number(name.split('.')[3]);
      if (fi !== undefined) put(`products.${fi}.tariffs.${other}.validTo`, s.overlapNext(own + 1));
    } else if (gap) message = s.gap((maps.tariffs[product]?.[Number(gap[1])] ?? 0) + 1, date(gap[2] as string, locale), date(gap[3] as string, locale));
    else if (first) message = s.first(date(first[1] as string, locale));
    else if (last) message = s.last(date(last[1] as string, locale));
    else if (/before it starts|is before the start date|period ends before it starts/.test(r)) message = s.endsBefore;
    else if (/^Say by how many months/.test(r)) message = s.renewalNeeded;
    else if (/^Only an automatic renewal/.test(r)) message = s.renewalNone;
    else if (/is already products\[/.test(r)) message = s.duplicateProduct;
    else if (/already has a ceiling/.test(r)) message = s.duplicateYear;
    else if (/is outside the contract period/.test(r)) message = s.yearOutside;
    else if (/^A grade is between/.test(r)) message = s.grade;
    else if (/^A percentage is between/.test(r)) message = s.percent;
    else if (/must lie inside the contract period/.test(r) && field === 'periodStart') message = s.targetPeriod;
    else if (/already sets/.test(r)) message = s.duplicateTarget;
    else if (/does not work with that provider/.test(r)) message = s.provider;
    else if (/is already used by another contract/.test(r)) message = s.reference;
    else if (/^Must lie inside the amended contract period/.test(r)) message = s.effectiveInside;
    else if (before) message = s.effectiveBefore(Number(before[1]), date(before[2] as string, locale));
    else if (path.length === 1 && path[0] === 'products') message = s.oneProduct;
    else if (path[0] === 'products' && path[2] === 'tariffs' && path.length === 3) message = s.oneTariff;
    else if (/YYYY-MM-DD/.test(r) || ['startDate', 'endDate', 'validFrom', 'validTo', 'periodStart', 'periodEnd', 'effectiveFrom'].includes(field)) message = s.date;
    else if (field === 'amountCents' || field === 'ceilingCents') message = s.amount;
    else if (field === 'productCode') message = s.code;
    else if (ENUMS.has(field)) message = s.choose;
    else if (INTS.has(field)) message = s.whole;
    else if (field === 'value') message = s.number;
    else if (['name', 'reference', 'rationale'].includes(field)) message = s.required;
    else message = r;
    put(name, message);
  }
  if (params.length === 0) errors[''] = error.detail;
  return errors;
}

/** A form field's label as the summary names it. */
function labelsOf(s: FS, rows: Rows): Record<string, string> {
  const l: Record<string, string> = {
    providerId: s.provider,
    reference: s.reference,
    legalFramework: s.legalFramework,
    startDate: s.startDate,
    endDate: s.endDate,
    noticePeriodMonths: s.noticePeriodMonths,
    renewal: s.renewal,
    renewalMonths: s.renewalMonths,
    noticeAlertDays: s.noticeAlertDays,
    rationale: s.rationale,
    effectiveFrom: s.effectiveFrom,
  };
  for (let i = 0; i < rows.products; i++) {
    for (const f of PRODUCT_FIELDS) l[`products.${i}.${f}`] = `${s.product(i + 1)}, ${s[f].toLowerCase()}`;
    for (let j = 0; j < (rows.tariffs[i] ?? 0); j++) {
      const at = `${s.product(i + 1)}, ${s.tariff(j + 1).toLowerCase()}`;
      l[`products.${i}.tariffs.${j}.amountCents`] = `${at}, ${s.amount.toLowerCase()}`;
      l[`products.${i}.tariffs.${j}.validFrom`] = `${at}, ${s.validFrom.toLowerCase()}`;
      l[`products.${i}.tariffs.${j}.validTo`] = `${at}, ${s.validTo.toLowerCase()}`;
    }
  }
  for (let k = 0; k < rows.budgets; k++) {
    l[`budgets.${k}.year`] = `${s.budget(k + 1)}, ${s.year.toLowerCase()}`;
    l[`budgets.${k}.ceilingCents`] = `${s.budget(k + 1)}, ${s.ceiling.toLowerCase()}`;
    l[`budgets.${k}.warningPercent`] = `${s.budget(k + 1)}, ${s.warningPercent.toLowerCase()}`;
  }
  for (let k = 0; k < rows.targets; k++) for (const f of TARGET_FIELDS) l[`targets.${k}.${f}`] = `${s.target(k + 1)}, ${s[f].toLowerCase()}`;
  return l;
}

/** Hidden counts, so the form knows its rows when it comes back. */
function RowCounts(props: { rows: Rows }) {
  return (
    <>
      <input type="hidden" name="rows.products" value={String(props.rows.products)} />
      {props.rows.tariffs.map((n, i) => (
        <input type="hidden" name={`rows.tariffs.${i}`} value={String(n)} />
      ))}
      <input type="hidden" name="rows.budgets" value={String(props.rows.budgets)} />
      <input type="hidden" name="rows.targets" value={String(props.rows.targets)} />
    </>
  );
}

function Fieldset(props: { legend: string; class?: string; refused?: boolean; refusedText?: string; children: Child; id?: string }) {
  return (
    <fieldset class={`utrecht-form-fieldset vv-cf-fieldset${props.class ? ` ${props.class}` : ''}${props.refused ? ' vv-row--refused' : ''}`} id={props.id}>
      <legend class="utrecht-form-fieldset__legend">
        {props.legend}
        {props.refused ? <span class="vv-row__flag"> — {props.refusedText}</span> : null}
      </legend>
      {props.children}
    </fieldset>
  );
}

export interface FormProps {
  c: Context<AppEnv>;
  mode: Mode;
  action: string;
  cancel: string;
  values: Values;
  rows: Rows;
  errors: FieldErrors;
  providers?: { id: string; name: string }[];
  revision?: number;
  /** For edit and amend: who the contract is with, shown above the form. */
  heading?: Child;
  status?: PageStatus;
}

export async function contractForm(props: FormProps) {
  const { c, mode, values: v, rows, errors } = props;
  const locale = localeOf(c);
  const s = F[locale];
  const e = (name: string) => errors[name];
  const val = (name: string) => v[name] ?? '';
  const hasError = (prefix: string) => Object.keys(errors).some((k) => k.startsWith(prefix));
  const intField = (name: keyof FS & string, label: string, hint?: string) => <TextField name={name} label={label} hint={hint} value={val(name)} inputmode="numeric" error={e(name)} />;
  const body = (
    <div class="vv-contract-form">
      <ErrorSummary locale={locale} errors={errors} labels={labelsOf(s, rows)} />
      {props.heading}
      <p class="utrecht-paragraph">{s.intro[mode]}</p>
      <form method="post" action={props.action} novalidate>
        <RowCounts rows={rows} />
        {props.revision !== undefined ? <input type="hidden" name="revision" value={String(props.revision)} /> : null}
        {mode === 'amend' ? (
          <Fieldset legend={s.title.amend}>
            <TextArea name="rationale" label={s.rationale} value={val('rationale')} error={e('rationale')} rows={3} maxlength={4000} required />
            <DateField name="effectiveFrom" label={s.effectiveFrom} value={val('effectiveFrom')} error={e('effectiveFrom')} required />
          </Fieldset>
        ) : null}
        <Fieldset legend={s.contract}>
          {mode === 'new' ? (
            <>
              {props.providers && props.providers.length === 0 ? <p class="utrecht-paragraph">{s.noProviders}</p> : null}
              <Select name="providerId" label={s.provider} hint={s.providerHint} value={val('providerId')} error={e('providerId')} placeholder={s.choose} options={(props.providers ?? []).map((p) => ({ value: p.id, label: p.name }))} required />
              <TextField name="reference" label={s.reference} hint={s.referenceHint} value={val('reference')} error={e('reference')} maxlength={100} required />
            </>
          ) : null}
          <Select name="legalFramework" label={s.legalFramework} value={val('legalFramework')} error={e('legalFramework')} options={Object.entries(LEGAL[locale]).map(([value, label]) => ({ value, label }))} />
          <div class="vv-cf-grid">
            <DateField name="startDate" label={s.startDate} value={val('startDate')} error={e('startDate')} required />
            <DateField name="endDate" label={s.endDate} value={val('endDate')} error={e('endDate')} required />
          </div>
          <div class="vv-cf-grid">
            {intField('noticePeriodMonths', s.noticePeriodMonths)}
            {intField('noticeAlertDays', s.noticeAlertDays)}
          </div>
          <div class="vv-cf-grid">
            <Select name="renewal" label={s.renewal} value={val('renewal')} error={e('renewal')} options={Object.entries(RENEWAL[locale]).map(([value, label]) => ({ value, label }))} />
            {intField('renewalMonths', s.renewalMonths, s.renewalMonthsHint)}
          </div>
        </Fieldset>

        <h2 class="utrecht-heading-2">{s.products}</h2>
        <p class="utrecht-paragraph">{s.productsIntro}</p>
        {Array.from({ length: rows.products }, (_, i) => {
          const p = (f: string) => `products.${i}.${f}`;
          const tariffs = Array.from({ length: rows.tariffs[i] ?? 0 }, (_, j) => j);
          return (
            <Fieldset legend={s.product(i + 1)} class="vv-cf-product" id={`product-${i}`}>
              <div class="vv-cf-grid">
                <Select name={p('productCategory')} label={s.productCategory} value={val(p('productCategory'))} error={e(p('productCategory'))} placeholder={s.choose} options={codeOptions('category', locale)} />
                <TextField name={p('productCode')} label={s.productCode} hint={s.productCodeHint} value={val(p('productCode'))} error={e(p('productCode'))} maxlength={5} />
              </div>
              <TextField name={p('name')} label={s.name} value={val(p('name'))} error={e(p('name'))} maxlength={200} />
              <div class="vv-cf-grid vv-cf-grid--3">
                <Select name={p('executionVariant')} label={s.executionVariant} value={val(p('executionVariant'))} error={e(p('executionVariant'))} placeholder={s.choose} options={codeOptions('variant', locale, false)} />
                <Select name={p('unit')} label={s.unit} value={val(p('unit'))} error={e(p('unit'))} placeholder={s.choose} options={codeOptions('unit', locale)} />
                <Select name={p('frequency')} label={s.frequency} value={val(p('frequency'))} error={e(p('frequency'))} placeholder={s.choose} options={codeOptions('frequency', locale)} />
              </div>
              <h3 class="utrecht-heading-3">{s.tariffs(i + 1)}</h3>
              {tariffs.map((j) => {
                const t = (f: string) => `products.${i}.tariffs.${j}.${f}`;
                return (
                  <Fieldset legend={s.tariff(j + 1)} class="vv-cf-tariff" refused={hasError(`products.${i}.tariffs.${j}.`)} refusedText={s.refused} id={`product-${i}-tariff-${j}`}>
                    <div class="vv-cf-grid vv-cf-grid--3">
                      <TextField name={t('amountCents')} label={s.amount} hint={s.amountHint} value={val(t('amountCents'))} error={e(t('amountCents'))} inputmode="decimal" />
                      <DateField name={t('validFrom')} label={s.validFrom} value={val(t('validFrom'))} error={e(t('validFrom'))} />
                      <DateField name={t('validTo')} label={s.validTo} value={val(t('validTo'))} error={e(t('validTo'))} />
                    </div>
                  </Fieldset>
                );
              })}
              <div class="vv-actions vv-cf-add">
                <Button kind="secondary" name="add" value={`tariff.${i}`}>
                  {s.addTariff(i + 1)}
                </Button>
              </div>
              <Timeline
                locale={locale}
                id={`timeline-${i}`}
                name={val(p('name')) || s.product(i + 1)}
                start={val('startDate')}
                end={val('endDate')}
                tariffs={tariffs.map((j) => {
                  const amount = textToCents(val(`products.${i}.tariffs.${j}.amountCents`));
                  return { row: j + 1, validFrom: val(`products.${i}.tariffs.${j}.validFrom`), validTo: val(`products.${i}.tariffs.${j}.validTo`), amountCents: typeof amount === 'number' ? amount : undefined, refused: hasError(`products.${i}.tariffs.${j}.`) };
                })}
              />
            </Fieldset>
          );
        })}
        <div class="vv-actions">
          <Button kind="secondary" name="add" value="product">
            {s.addProduct}
          </Button>
          <Button kind="secondary" name="add" value="preview">
            {s.preview}
          </Button>
        </div>

        <h2 class="utrecht-heading-2">{s.budgets}</h2>
        {Array.from({ length: rows.budgets }, (_, k) => {
          const b = (f: string) => `budgets.${k}.${f}`;
          return (
            <Fieldset legend={s.budget(k + 1)} refused={hasError(`budgets.${k}.`)} refusedText={s.refused}>
              <div class="vv-cf-grid vv-cf-grid--3">
                <TextField name={b('year')} label={s.year} value={val(b('year'))} error={e(b('year'))} inputmode="numeric" maxlength={4} />
                <TextField name={b('ceilingCents')} label={s.ceiling} value={val(b('ceilingCents'))} error={e(b('ceilingCents'))} inputmode="decimal" />
                <TextField name={b('warningPercent')} label={s.warningPercent} value={val(b('warningPercent')) || '80'} error={e(b('warningPercent'))} inputmode="numeric" maxlength={3} />
              </div>
            </Fieldset>
          );
        })}
        <div class="vv-actions">
          <Button kind="secondary" name="add" value="budget">
            {s.addBudget}
          </Button>
        </div>

        <h2 class="utrecht-heading-2">{s.targets}</h2>
        {Array.from({ length: rows.targets }, (_, k) => {
          const g = (f: string) => `targets.${k}.${f}`;
          return (
            <Fieldset legend={s.target(k + 1)} refused={hasError(`targets.${k}.`)} refusedText={s.refused}>
              <Select name={g('indicator')} label={s.indicator} value={val(g('indicator'))} error={e(g('indicator'))} placeholder={s.choose} options={codeOptions('indicator', locale, false)} />
              <div class="vv-cf-grid">
                <Select name={g('comparator')} label={s.comparator} value={val(g('comparator'))} error={e(g('comparator'))} placeholder={s.choose} options={Object.entries(COMPARATOR[locale]).map(([value, label]) => ({ value, label }))} />
                <TextField name={g('value')} label={s.value} hint={s.valueHint} value={val(g('value'))} error={e(g('value'))} inputmode="decimal" />
              </div>
              <div class="vv-cf-grid">
                <DateField name={g('periodStart')} label={s.periodStart} value={val(g('periodStart'))} error={e(g('periodStart'))} />
                <DateField name={g('periodEnd')} label={s.periodEnd} value={val(g('periodEnd'))} error={e(g('periodEnd'))} />
              </div>
            </Fieldset>
          );
        })}
        <div class="vv-actions">
          <Button kind="secondary" name="add" value="target">
            {s.addTarget}
          </Button>
        </div>

        <div class="vv-actions vv-cf-submit">
          <Button>{s.save[mode]}</Button>
          <a class="utrecht-link" href={props.cancel}>
            {s.cancel}
          </a>
        </div>
      </form>
    </div>
  );
  return staffPage(c, { title: s.title[mode], body, width: 'wide', status: props.status ?? 200 });
}
