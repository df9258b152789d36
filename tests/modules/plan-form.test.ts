// The plan's sections as flat form fields and back: rows read from a post in index order, add and
// remove keep every typed value, empty rows and empty optional fields are left out, the checklist
// always lists every subject once, and the API's field names map onto the form's.
import { describe, expect, it } from 'vitest';
import { EMPTY_PLAN_FOR_TESTS } from './plan-form.fixtures.js';
import { TURNING_18_CODES } from '../../src/domain/agreement.js';
import { LIST_SECTIONS, applyAction, blankRow, formFieldOf, isBlankRow, listFromRows, parseAction, planWith, rowsFromForm, rowsFromPlan } from '../../src/modules/agreements/plan-form.js';
import { UpdateAgreement } from '../../src/modules/agreements/schemas.js';

const goals = LIST_SECTIONS.goals;
const network = LIST_SECTIONS.network;

describe('plan form', () => {
  it('reads rows from a post in index order, every field present, unknown fields ignored', () => {
    const rows = rowsFromForm({ 'goals.10.description': 'tien', 'goals.2.description': 'twee', 'goals.2.domain': 'housing', 'goals.2.evil': 'x', revision: '3', 'goalsX.1.description': 'no' }, goals);
    expect(rows).toEqual([
      { id: '', domain: 'housing', description: 'twee', term: '', targetDate: '', status: '' },
      { id: '', domain: '', description: 'tien', term: '', targetDate: '', status: '' },
    ]);
  });

  it('add and remove: the other rows keep what was typed', () => {
    const rows = [{ ...blankRow(goals), description: 'a' }, { ...blankRow(goals), description: 'b' }, { ...blankRow(goals), description: 'c' }];
    expect(parseAction('add-goal', goals)).toEqual({ kind: 'add' });
    expect(parseAction('remove-goal-1', goals)).toEqual({ kind: 'remove', index: 1 });
    expect(parseAction('remove-contact-1', goals)).toEqual({ kind: 'save' });
    expect(parseAction('save', goals)).toEqual({ kind: 'save' });
    expect(parseAction(undefined, goals)).toEqual({ kind: 'save' });
    const added = applyAction(rows, { kind: 'add' }, goals);
    expect(added.map((r) => r.description)).toEqual(['a', 'b', 'c', '']);
    expect(added[3]).toEqual({ id: '', domain: 'housing', description: '', term: 'short', targetDate: '', status: 'open' });
    expect(applyAction(rows, { kind: 'remove', index: 1 }, goals).map((r) => r.description)).toEqual(['a', 'c']);
    expect(rows).toHaveLength(3);
  });

  it('builds the list for the API: empty rows and empty optional fields out, checkbox as boolean', () => {
    const rows = rowsFromForm(
      {
        'network.0.name': 'Ria', 'network.0.relation': 'tante', 'network.0.kind': 'informal', 'network.0.phone': '', 'network.0.email': '', 'network.0.practicalContact': 'yes',
        'network.1.name': '', 'network.1.relation': '', 'network.1.kind': 'informal', 'network.1.phone': ' ', 'network.1.email': '',
      },
      network,
    );
    expect(isBlankRow(rows[1] as never, network)).toBe(true);
    const { kept, list } = listFromRows(rows, network);
    expect(kept).toHaveLength(1);
    expect(list).toEqual([{ name: 'Ria', relation: 'tante', kind: 'informal', practicalContact: true }]);
    const parsed = UpdateAgreement.parse({ plan: planWith(EMPTY_PLAN_FOR_TESTS, network, list) });
    expect(parsed.plan?.network).toEqual([{ name: 'Ria', relation: 'tante', kind: 'informal', practicalContact: true }]);
  });

  it('round trip: the rows of a plan, posted back unchanged, give the same list', () => {
    const plan = { ...EMPTY_PLAN_FOR_TESTS, goals: [{ domain: 'housing' as const, term: 'long' as const, description: 'Kamer', targetDate: '2027-06-01', status: 'open' as const }] };
    const rows = rowsFromPlan(plan, goals);
    const form = Object.fromEntries(rows.flatMap((r, i) => Object.entries(r).map(([k, v]) => [`goals.${i}.${k}`, v])));
    expect(listFromRows(rowsFromForm(form, goals), goals).list).toEqual(plan.goals);
  });

  it('round trip with ids: each item’s id goes out and back unchanged; a row with only its id and nothing typed is blank', () => {
    const id = '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11';
    const plan = { ...EMPTY_PLAN_FOR_TESTS, goals: [{ id, domain: 'housing' as const, term: 'long' as const, description: 'Kamer', targetDate: '2027-06-01', status: 'open' as const }] };
    const rows = rowsFromPlan(plan, goals);
    expect(rows[0]?.id).toBe(id);
    const form = Object.fromEntries(rows.flatMap((r, i) => Object.entries(r).map(([k, v]) => [`goals.${i}.${k}`, v])));
    expect(listFromRows(rowsFromForm(form, goals), goals).list).toEqual(plan.goals);
    expect(isBlankRow({ ...blankRow(goals), id }, goals)).toBe(true);
  });

  it('the checklist: every subject once, in order, what the plan says kept', () => {
    const plan = { ...EMPTY_PLAN_FOR_TESTS, checklist: [{ item: 'bank-account' as const, status: 'done' as const, note: 'ING' }] };
    const rows = rowsFromPlan(plan, LIST_SECTIONS['turning-18']);
    expect(rows.map((r) => r.item)).toEqual([...TURNING_18_CODES]);
    expect(rows.find((r) => r.item === 'bank-account')).toEqual({ item: 'bank-account', status: 'done', note: 'ING' });
    expect(rows.find((r) => r.item === 'digid')).toEqual({ item: 'digid', status: 'todo', note: '' });
    expect(parseAction('add-item', LIST_SECTIONS['turning-18'])).toEqual({ kind: 'save' });
  });

  it('maps the field names of the API onto those of the form', () => {
    expect(formFieldOf('plan.goals.0.description')).toBe('goals.0.description');
    expect(formFieldOf('youngPerson.name')).toBe('youngPerson.name');
  });
});
