// The plan's sections as flat form fields and back, without a database or a page: a section
// editor posts `goals.0.description`, `goals.1.domain`, … and this module turns those into rows,
// adds or removes a row when a button asked for it (`add-goal`, `remove-goal-3`), and builds the
// plan's list from the rows for the API's UpdateAgreement schema to check. Pure, so it is tested
// on its own (tests/modules/plan-form.test.ts) and the page only draws what it returns.
import {
  CHECKLIST_STATUSES,
  COMMITMENT_PARTIES,
  GOAL_STATUSES,
  GOAL_TERMS,
  LIFE_DOMAINS,
  NETWORK_KINDS,
  type Plan,
  TURNING_18_CODES,
} from '../../domain/agreement.js';
import type { CodeList } from '../../domain/code-list.js';

/** The plan's lists, by their key in Plan. */
export type PlanListKey = 'goals' | 'commitments' | 'conditions' | 'risks' | 'network' | 'checklist' | 'reviews';

/** The sections of the plan page, in its order, with the path segment of each section's editor. */
export const PLAN_SECTIONS = ['young-person', 'goals', 'commitments', 'conditions', 'risks', 'network', 'turning-18', 'reviews'] as const;
export type PlanSection = (typeof PLAN_SECTIONS)[number];
export const isPlanSection = (value: string): value is PlanSection => (PLAN_SECTIONS as readonly string[]).includes(value);

/** 'hidden': carried through the form unseen (an item's stable id, so an edit keeps the item and its progress). */
export type FieldKind = 'text' | 'textarea' | 'date' | 'select' | 'checkbox' | 'email' | 'tel' | 'hidden';

/** An item's stable id (goals, commitments, conditions, risks): given by the server, sent back unchanged. */
const ID_FIELD: RowField = { name: 'id', kind: 'hidden', optional: true };

export interface RowField {
  name: string;
  kind: FieldKind;
  /** For a select: the code list it offers. */
  codes?: CodeList;
  /** Optional in the schema: an empty value is left out (not sent as ''). */
  optional?: boolean;
}

export interface ListSection {
  /** The list in the plan this section edits. */
  list: PlanListKey;
  /** The word in the add/remove buttons' values (`add-goal`, `remove-goal-2`). */
  row: string;
  fields: readonly RowField[];
  /** A fixed list (the turning-18 checklist): one row per code, no add/remove. */
  fixed?: boolean;
}

/** Each section with rows: its list, and the fields of one row in the order the form shows them. */
export const LIST_SECTIONS: Record<Exclude<PlanSection, 'young-person'>, ListSection> = {
  goals: {
    list: 'goals',
    row: 'goal',
    fields: [
      ID_FIELD,
      { name: 'domain', kind: 'select', codes: LIFE_DOMAINS },
      { name: 'description', kind: 'textarea' },
      { name: 'term', kind: 'select', codes: GOAL_TERMS },
      { name: 'targetDate', kind: 'date' },
      { name: 'status', kind: 'select', codes: GOAL_STATUSES },
    ],
  },
  commitments: {
    list: 'commitments',
    row: 'commitment',
    fields: [
      ID_FIELD,
      { name: 'party', kind: 'select', codes: COMMITMENT_PARTIES },
      { name: 'partyName', kind: 'text', optional: true },
      { name: 'what', kind: 'textarea' },
      { name: 'frequency', kind: 'text' },
    ],
  },
  conditions: {
    list: 'conditions',
    row: 'condition',
    fields: [
      ID_FIELD,
      { name: 'help', kind: 'textarea' },
      { name: 'dependsOn', kind: 'textarea' },
      { name: 'ifNotKept', kind: 'textarea' },
      { name: 'reviewOn', kind: 'date' },
    ],
  },
  risks: {
    list: 'risks',
    row: 'risk',
    fields: [
      ID_FIELD,
      { name: 'risk', kind: 'textarea' },
      { name: 'signals', kind: 'textarea' },
      { name: 'actions', kind: 'textarea' },
      { name: 'who', kind: 'text' },
    ],
  },
  network: {
    list: 'network',
    row: 'contact',
    fields: [
      { name: 'name', kind: 'text' },
      { name: 'relation', kind: 'text' },
      { name: 'kind', kind: 'select', codes: NETWORK_KINDS },
      { name: 'phone', kind: 'tel', optional: true },
      { name: 'email', kind: 'email', optional: true },
      { name: 'practicalContact', kind: 'checkbox' },
    ],
  },
  'turning-18': {
    list: 'checklist',
    row: 'item',
    fixed: true,
    fields: [
      { name: 'item', kind: 'text' },
      { name: 'status', kind: 'select', codes: CHECKLIST_STATUSES },
      { name: 'note', kind: 'text', optional: true },
    ],
  },
  reviews: {
    list: 'reviews',
    row: 'review',
    fields: [
      { name: 'plannedOn', kind: 'date' },
      { name: 'heldOn', kind: 'date', optional: true },
      { name: 'outcome', kind: 'textarea', optional: true },
    ],
  },
};

/** One row as the form holds it: field → typed text ('yes' for a ticked checkbox). */
export type Row = Record<string, string>;

const asText = (value: unknown): string => (value === true ? 'yes' : value === false || value === undefined || value === null ? '' : String(value));

/** The rows a section's form starts with, from the stored plan. */
export function rowsFromPlan(plan: Plan, section: ListSection): Row[] {
  const list = plan[section.list] as unknown as Record<string, unknown>[];
  if (section.fixed) {
    // The checklist: every item once, in the list's order, with what the plan says of it.
    return TURNING_18_CODES.map((code) => {
      const stored = list.find((r) => r.item === code);
      return { item: code, status: asText(stored?.status ?? 'todo'), note: asText(stored?.note) };
    });
  }
  return list.map((r) => Object.fromEntries(section.fields.map((f) => [f.name, asText(r[f.name])])));
}

/** The rows a posted form holds (`goals.3.description`), in index order, every field present. */
export function rowsFromForm(form: Record<string, string>, section: ListSection): Row[] {
  const prefix = `${section.list}.`;
  const byIndex = new Map<number, Row>();
  for (const [key, value] of Object.entries(form)) {
    if (!key.startsWith(prefix)) continue;
    const [index, field] = key.slice(prefix.length).split('.');
    const n = Number(index);
    if (!field || !Number.isInteger(n) || n < 0 || n > 99) continue;
    if (!section.fields.some((f) => f.name === field)) continue;
    const row = byIndex.get(n) ?? {};
    row[field] = value;
    byIndex.set(n, row);
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, row]) => Object.fromEntries(section.fields.map((f) => [f.name, row[f.name] ?? ''])));
}

/** A row with nothing typed in it (selects, checkboxes and hidden ids do not count: they always hold something, or nothing typed). */
export const isBlankRow = (row: Row, section: ListSection): boolean =>
  section.fields.every((f) => f.kind === 'select' || f.kind === 'checkbox' || f.kind === 'hidden' || (row[f.name] ?? '').trim() === '');

/** An empty row, selects on their first choice. */
export function blankRow(section: ListSection): Row {
  return Object.fromEntries(section.fields.map((f) => [f.name, f.kind === 'select' && f.codes ? (Object.keys(f.codes)[0] ?? '') : '']));
}

export type RowAction = { kind: 'add' } | { kind: 'remove'; index: number } | { kind: 'save' };

/** What a posted `action` asks: add a row, remove row N, or save (anything else). */
export function parseAction(action: string | undefined, section: ListSection): RowAction {
  if (!action || section.fixed) return { kind: 'save' };
  if (action === `add-${section.row}`) return { kind: 'add' };
  const m = new RegExp(`^remove-${section.row}-(\\d{1,2})$`).exec(action);
  if (m) return { kind: 'remove', index: Number(m[1]) };
  return { kind: 'save' };
}

/** The rows after an add or remove (a new array; the typed values of the other rows kept). */
export function applyAction(rows: readonly Row[], action: RowAction, section: ListSection): Row[] {
  if (action.kind === 'add') return [...rows, blankRow(section)];
  if (action.kind === 'remove') return rows.filter((_, i) => i !== action.index);
  return [...rows];
}

/**
 * The plan's list from the rows, for the API's schema to check: rows with nothing typed left
 * out, empty optional fields left out, a checkbox as true/false. Returns the rows it kept too, so
 * a form with errors is drawn again with the same numbering as the errors.
 */
export function listFromRows(rows: readonly Row[], section: ListSection): { kept: Row[]; list: Record<string, unknown>[] } {
  const kept = section.fixed ? [...rows] : rows.filter((r) => !isBlankRow(r, section));
  const list = kept.map((row) => {
    const out: Record<string, unknown> = {};
    for (const f of section.fields) {
      const value = (row[f.name] ?? '').trim();
      if (f.kind === 'checkbox') out[f.name] = value === 'yes';
      else if (value === '' && f.optional) continue;
      else out[f.name] = value;
    }
    return out;
  });
  return { kept, list };
}

/** The whole plan with one section's list replaced: what UpdateAgreement's `plan` gets. */
export function planWith(plan: Plan, section: ListSection, list: Record<string, unknown>[]): Record<string, unknown> {
  return { ...plan, [section.list]: list };
}

/** A field's name in the form: `goals.2.description`. */
export const rowFieldName = (section: ListSection, index: number, field: string) => `${section.list}.${index}.${field}`;

/** An API error's field name (`plan.goals.0.description`) as the form names it (`goals.0.description`). */
export const formFieldOf = (apiName: string): string => apiName.replace(/^plan\./, '');
