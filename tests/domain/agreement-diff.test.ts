// What changed between the signed plan and the amendment: rows matched by content, the rest
// paired in order as changes (each field old → new), leftovers added or removed; the checklist
// by its subject; labels in the reader's language; nothing for an unchanged plan.
import { describe, expect, it } from 'vitest';
import { diffFacts, diffList, diffPlans, rowText } from '../../src/domain/agreement-diff.js';
import type { Plan } from '../../src/domain/agreement.js';

const empty: Plan = { goals: [], commitments: [], conditions: [], risks: [], network: [], checklist: [], reviews: [] };
const goal = (description: string, extra: Partial<Plan['goals'][number]> = {}) => ({ domain: 'housing' as const, term: 'long' as const, description, targetDate: '2027-06-01', status: 'open' as const, ...extra });

describe('agreement diff', () => {
  it('an unchanged plan has no changes, even with rows moved', () => {
    const plan = { ...empty, goals: [goal('a'), goal('b')] };
    expect(diffPlans(plan, plan, 'nl')).toEqual([]);
    expect(diffPlans(plan, { ...plan, goals: [goal('b'), goal('a')] }, 'nl')).toEqual([]);
  });

  it('added, removed and changed rows, with the old and new text', () => {
    const before = { ...empty, goals: [goal('Kamer zoeken'), goal('School afmaken')], risks: [{ risk: 'Schulden', signals: 's', actions: 'a', who: 'w' }] };
    const after = { ...empty, goals: [goal('Kamer zoeken', { status: 'achieved' }), goal('School afmaken'), goal('Werk vinden', { domain: 'work-day-activity' })] };
    const changes = diffPlans(before, after, 'nl');
    expect(changes.map((c) => c.list)).toEqual(['goals', 'risks']);
    const goals = changes[0]?.changes ?? [];
    expect(goals).toHaveLength(2);
    expect(goals[0]).toMatchObject({ kind: 'changed', fields: [{ field: 'status', before: 'Nog niet gestart', after: 'Behaald' }] });
    expect(goals[0]?.kind === 'changed' && goals[0].before).toContain('Wonen (lange termijn): Kamer zoeken');
    expect(goals[1]).toEqual({ kind: 'added', after: 'Werk en dagbesteding (lange termijn): Werk vinden — 2027-06-01, nog niet gestart' });
    expect(changes[1]?.changes).toEqual([{ kind: 'removed', before: 'Schulden — s; a (w)' }]);
  });

  it('an item’s id is no change: a signed version without ids against the same rows with ids, the same item moved and changed by its id', () => {
    const [i1, i2, i3] = ['0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11', '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b12', '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b13'];
    const legacy = { ...empty, goals: [goal('a'), goal('b')], risks: [{ risk: 'Schulden', signals: 's', actions: 'a', who: 'w' }] };
    const withIds = { ...empty, goals: [goal('a', { id: i1 }), goal('b', { id: i2 })], risks: [{ id: i3, risk: 'Schulden', signals: 's', actions: 'a', who: 'w' }] };
    expect(diffPlans(legacy, withIds, 'nl')).toEqual([]);
    expect(diffPlans(withIds, { ...withIds, goals: [goal('b', { id: i2 }), goal('a', { id: i1 })] }, 'nl')).toEqual([]);
    // Goal i2 moved to the front and changed; a new goal added after it: i2 is the change, whatever the order.
    const after = { ...withIds, goals: [goal('b, beter', { id: i2 }), goal('nieuw', { id: '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b14' }), goal('a', { id: i1 })] };
    const changes = diffPlans(withIds, after, 'nl')[0]?.changes ?? [];
    expect(changes).toHaveLength(2);
    expect(changes[0]).toMatchObject({ kind: 'changed', fields: [{ field: 'description', before: 'b', after: 'b, beter' }] });
    expect(changes[1]).toMatchObject({ kind: 'added' });
  });

  it('English labels for an English reader', () => {
    const changes = diffList('goals', [], [goal('Room')], 'en');
    expect(changes).toEqual([{ kind: 'added', after: 'Housing (long term): Room — 2027-06-01, not started' }]);
  });

  it('the checklist compares by subject', () => {
    const changes = diffList('checklist', [{ item: 'digid', status: 'todo' }, { item: 'bank-account', status: 'todo' }], [{ item: 'digid', status: 'done' }, { item: 'insurance', status: 'todo' }], 'nl');
    expect(changes).toEqual([
      { kind: 'changed', before: 'DigiD aanvragen: nog regelen', after: 'DigiD aanvragen: geregeld', fields: [{ field: 'status', before: 'Nog regelen', after: 'Geregeld' }] },
      { kind: 'added', after: 'Aansprakelijkheids- en inboedelverzekering: nog regelen' },
      { kind: 'removed', before: 'Eigen bankrekening: nog regelen' },
    ]);
  });

  it('the practical contact and booleans read as words', () => {
    const before = [{ name: 'Ria', relation: 'tante', kind: 'informal', practicalContact: false }];
    const after = [{ name: 'Ria', relation: 'tante', kind: 'informal', practicalContact: true }];
    const [change] = diffList('network', before, after, 'nl');
    expect(change).toMatchObject({ kind: 'changed', fields: [{ field: 'practicalContact', before: 'nee', after: 'ja' }] });
    expect(rowText('network', after[0] as never, 'nl')).toBe('Ria (tante, eigen netwerk) — contactpersoon praktische zaken');
  });

  it('the details and dates: only what changed, with its label', () => {
    const before = { mobile: '+31612345678', email: '', departureDate: '2027-01-15', aftercareStartDate: '2026-12-01', caseManager: 'Ans', providers: '' };
    expect(diffFacts(before, before, 'nl')).toEqual([]);
    expect(diffFacts(before, { ...before, email: 'sam@example.org', departureDate: '2027-01-31' }, 'en')).toEqual([
      { field: 'E-mail address', before: '', after: 'sam@example.org' },
      { field: 'Date of leaving', before: '2027-01-15', after: '2027-01-31' },
    ]);
  });

  it('dates read as the page formats them', () => {
    const changes = diffPlans(empty, { ...empty, reviews: [{ plannedOn: '2027-03-01' }] }, 'nl', { date: (iso) => `dag ${iso.slice(8)}` });
    expect(changes).toEqual([{ list: 'reviews', changes: [{ kind: 'added', after: 'dag 01' }] }]);
  });
});
