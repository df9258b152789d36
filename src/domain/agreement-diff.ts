// What changed in a plan between the signed version and the amendment being drawn up: per list
// of the plan, the rows added, removed and changed (each changed field with its old and new text).
// Pure: the plan page and the agreement's page show it, the tests check it on plain plans.
//
// Goals, commitments, conditions and risks carry a stable id (kept through an amendment), which is
// no content of its own and never reported as a change: rows with the same id are the same item
// (unchanged, or changed field by field). The other rows (no id, as in versions frozen before
// ids, or an id only one side has) are matched by content: a row that is the same in both is
// unchanged wherever it moved; the remaining rows pair up in order (a change), and what is left
// over was added or removed.
import {
  CHECKLIST_STATUSES,
  COMMITMENT_PARTIES,
  GOAL_STATUSES,
  GOAL_TERMS,
  LIFE_DOMAINS,
  NETWORK_KINDS,
  type Plan,
  TURNING_18_ITEMS,
} from './agreement.js';
import { type CodeList, type Locale, codeLabel } from './code-list.js';

export type PlanList = 'goals' | 'commitments' | 'conditions' | 'risks' | 'network' | 'checklist' | 'reviews';
export const PLAN_LISTS: readonly PlanList[] = ['goals', 'commitments', 'conditions', 'risks', 'network', 'checklist', 'reviews'];

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export type RowChange =
  | { kind: 'added'; after: string }
  | { kind: 'removed'; before: string }
  | { kind: 'changed'; before: string; after: string; fields: FieldChange[] };

export interface SectionChanges {
  list: PlanList;
  changes: RowChange[];
}

type AnyRow = Record<string, unknown>;

/** Code fields print as their label; the rest as written. */
const CODES: Partial<Record<PlanList, Record<string, CodeList>>> = {
  goals: { domain: LIFE_DOMAINS, term: GOAL_TERMS, status: GOAL_STATUSES },
  commitments: { party: COMMITMENT_PARTIES },
  network: { kind: NETWORK_KINDS },
  checklist: { item: TURNING_18_ITEMS, status: CHECKLIST_STATUSES },
};

const YES_NO = { nl: { yes: 'ja', no: 'nee' }, en: { yes: 'yes', no: 'no' } } as const;

/** How a date (YYYY-MM-DD) reads: the page passes its formatter; as written without one. */
export type DateText = (iso: string, locale: Locale) => string;
const asWritten: DateText = (iso) => iso;

function valueText(list: PlanList, field: string, value: unknown, locale: Locale, dateText: DateText = asWritten): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return dateText(value, locale);
  if (typeof value === 'boolean') return value ? YES_NO[locale].yes : YES_NO[locale].no;
  const codes = CODES[list]?.[field];
  return codes ? codeLabel(codes, String(value), locale) : String(value);
}

/** One row of a list in a line of text, as a person reads it. */
export function rowText(list: PlanList, row: AnyRow, locale: Locale, date: DateText = asWritten): string {
  const v = (field: string) => valueText(list, field, row[field], locale, date);
  switch (list) {
    case 'goals':
      return `${v('domain')} (${v('term')}): ${v('description')} — ${v('targetDate')}, ${v('status').toLowerCase()}`;
    case 'commitments':
      return `${v('partyName') || v('party')}: ${v('what')} (${v('frequency')})`;
    case 'conditions':
      return `${v('help')} — ${v('dependsOn')}; ${v('ifNotKept')} (${v('reviewOn')})`;
    case 'risks':
      return `${v('risk')} — ${v('signals')}; ${v('actions')} (${v('who')})`;
    case 'network':
      return `${v('name')} (${v('relation')}, ${v('kind')})${row.practicalContact ? (locale === 'nl' ? ' — contactpersoon praktische zaken' : ' — contact person for practical matters') : ''}`;
    case 'checklist':
      return `${v('item')}: ${v('status').toLowerCase()}${v('note') ? ` (${v('note')})` : ''}`;
    case 'reviews':
      return `${v('plannedOn')}${v('heldOn') ? ` → ${v('heldOn')}` : ''}${v('outcome') ? `: ${v('outcome')}` : ''}`;
  }
}

/** Canonical JSON of a row's content (keys sorted, its id left out), to tell equal rows apart from changed ones. */
const keyOf = (row: AnyRow) =>
  JSON.stringify(
    Object.keys(row)
      .filter((k) => k !== 'id' && row[k] !== undefined && row[k] !== '' && row[k] !== false)
      .sort()
      .map((k) => [k, row[k]]),
  );

/** The changes in one list. */
export function diffList(list: PlanList, before: readonly AnyRow[], after: readonly AnyRow[], locale: Locale, date: DateText = asWritten): RowChange[] {
  // The checklist: an item is the row's identity.
  if (list === 'checklist') {
    const changes: RowChange[] = [];
    const old = new Map(before.map((r) => [String(r.item), r]));
    const now = new Map(after.map((r) => [String(r.item), r]));
    for (const [item, r] of now) {
      const o = old.get(item);
      if (!o) changes.push({ kind: 'added', after: rowText(list, r, locale, date) });
      else if (keyOf(o) !== keyOf(r)) changes.push(changed(list, o, r, locale, date));
    }
    for (const [item, o] of old) if (!now.has(item)) changes.push({ kind: 'removed', before: rowText(list, o, locale, date) });
    return changes;
  }
  const unmatchedOld = before.map((r, i) => ({ r, i, key: keyOf(r), used: false }));
  const unmatchedNew: AnyRow[] = [];
  const changes: RowChange[] = [];
  // The same item on both sides (its id): unchanged, or changed.
  const rest: AnyRow[] = [];
  for (const r of after) {
    const same = typeof r.id === 'string' ? unmatchedOld.find((o) => !o.used && o.r.id === r.id) : undefined;
    if (!same) {
      rest.push(r);
      continue;
    }
    same.used = true;
    if (same.key !== keyOf(r)) changes.push(changed(list, same.r, r, locale, date));
  }
  for (const r of rest) {
    const key = keyOf(r);
    const same = unmatchedOld.find((o) => !o.used && o.key === key);
    if (same) same.used = true;
    else unmatchedNew.push(r);
  }
  const leftOld = unmatchedOld.filter((o) => !o.used).map((o) => o.r);
  const pairs = Math.min(leftOld.length, unmatchedNew.length);
  for (let i = 0; i < pairs; i++) changes.push(changed(list, leftOld[i] as AnyRow, unmatchedNew[i] as AnyRow, locale, date));
  for (const r of unmatchedNew.slice(pairs)) changes.push({ kind: 'added', after: rowText(list, r, locale, date) });
  for (const r of leftOld.slice(pairs)) changes.push({ kind: 'removed', before: rowText(list, r, locale, date) });
  return changes;
}

function changed(list: PlanList, before: AnyRow, after: AnyRow, locale: Locale, date: DateText): RowChange {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((field) => field !== 'id')
    .map((field) => ({ field, before: valueText(list, field, before[field], locale, date), after: valueText(list, field, after[field], locale, date) }))
    .filter((f) => f.before !== f.after);
  return { kind: 'changed', before: rowText(list, before, locale, date), after: rowText(list, after, locale, date), fields };
}

/** Every list of the plan that changed, in the plan's order (lists without changes left out). */
export function diffPlans(before: Plan, after: Plan, locale: Locale, options: { date?: DateText } = {}): SectionChanges[] {
  return PLAN_LISTS.map((list) => ({
    list,
    changes: diffList(list, (before[list] ?? []) as unknown as AnyRow[], (after[list] ?? []) as unknown as AnyRow[], locale, options.date),
  })).filter((s) => s.changes.length > 0);
}

/** The people and dates an agreement rests on, as text (dates as YYYY-MM-DD, providers joined). */
export interface FactsText {
  mobile: string;
  email: string;
  departureDate: string;
  aftercareStartDate: string;
  caseManager: string;
  providers: string;
}

export const FACT_LABELS = {
  nl: { mobile: 'Mobiel nummer', email: 'E-mailadres', departureDate: 'Datum van vertrek', aftercareStartDate: 'Start van de nazorg', caseManager: 'Casemanager', providers: 'Zorgaanbieders' },
  en: { mobile: 'Mobile number', email: 'E-mail address', departureDate: 'Date of leaving', aftercareStartDate: 'Start of aftercare', caseManager: 'Case manager', providers: 'Care providers' },
} as const satisfies Record<Locale, Record<keyof FactsText, string>>;

/** What changed in the people and dates (name and date of birth never change in an amendment). */
export function diffFacts(before: FactsText, after: FactsText, locale: Locale): FieldChange[] {
  return (Object.keys(FACT_LABELS[locale]) as (keyof FactsText)[])
    .filter((key) => before[key] !== after[key])
    .map((key) => ({ field: FACT_LABELS[locale][key], before: before[key], after: after[key] }));
}
