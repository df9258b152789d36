// What the editor pages share, and what the agreement's page may reuse: the words of the plan's
// fields, a plan section's summary, and "what changed since the signed version" (PlanChanges).
import type { Child } from 'hono/jsx';
import { type FieldChange, type SectionChanges, diffPlans } from '../../../domain/agreement-diff.js';
import { CHECKLIST_STATUSES, COMMITMENT_PARTIES, GOAL_STATUSES, GOAL_TERMS, LIFE_DOMAINS, type Plan, TURNING_18_ITEMS } from '../../../domain/agreement.js';
import { codeLabel } from '../../../domain/code-list.js';
import { type Locale, readableDate } from '../../../platform/http/page.js';
import type { PlanSection } from '../plan-form.js';

export const FIELD_LABELS = {
  nl: {
    goals: { domain: 'Leefgebied', description: 'Doel', term: 'Termijn', targetDate: 'Streefdatum', status: 'Stand van zaken' },
    commitments: { party: 'Wie', partyName: 'Naam (als het om een bepaalde persoon of organisatie gaat)', what: 'Wat', frequency: 'Hoe vaak' },
    conditions: { help: 'Welke hulp gaat door', dependsOn: 'Op welke afspraken die hulp rust', ifNotKept: 'Wat er gebeurt als een afspraak niet wordt nagekomen', reviewOn: 'Bespreken op' },
    risks: { risk: 'Risico op uitval', signals: 'Signalen', actions: 'Wat we dan doen', who: 'Wie doet het' },
    network: { name: 'Naam', relation: 'Relatie (bijvoorbeeld tante, buurman)', kind: 'Soort contact', phone: 'Telefoon', email: 'E-mailadres', practicalContact: 'Contactpersoon voor praktische zaken (één persoon uit het eigen netwerk)' },
    checklist: { item: 'Onderwerp', status: 'Stand van zaken', note: 'Toelichting' },
    reviews: { plannedOn: 'Gepland op', heldOn: 'Gehouden op', outcome: 'Uitkomst' },
  },
  en: {
    goals: { domain: 'Life domain', description: 'Goal', term: 'Term', targetDate: 'Target date', status: 'Status' },
    commitments: { party: 'Who', partyName: 'Name (if it is a particular person or organisation)', what: 'What', frequency: 'How often' },
    conditions: { help: 'Which help continues', dependsOn: 'Which commitments the help rests on', ifNotKept: 'What happens if a commitment is not kept', reviewOn: 'Review on' },
    risks: { risk: 'Risk of dropping out', signals: 'Signals', actions: 'What we do then', who: 'Who does it' },
    network: { name: 'Name', relation: 'Relation (for example aunt, neighbour)', kind: 'Kind of contact', phone: 'Phone', email: 'E-mail address', practicalContact: 'Contact person for practical matters (one person from the own network)' },
    checklist: { item: 'Subject', status: 'Status', note: 'Note' },
    reviews: { plannedOn: 'Planned on', heldOn: 'Held on', outcome: 'Outcome' },
  },
} as const satisfies Record<Locale, Record<string, Record<string, string>>>;

/** The plan page's section headings, and the noun of one row (for "Doel 2", "Add a goal"). */
export const SECTION_WORDS = {
  nl: {
    'young-person': { title: 'Jongere en datums', row: '' },
    goals: { title: 'Doelen per leefgebied', row: 'Doel' },
    commitments: { title: 'Afspraken per partij', row: 'Afspraak' },
    conditions: { title: 'Voorwaarden van de hulp', row: 'Voorwaarde' },
    risks: { title: 'Risico’s op uitval', row: 'Risico' },
    network: { title: 'Netwerk', row: 'Contact' },
    'turning-18': { title: 'Als de jongere 18 wordt', row: '' },
    reviews: { title: 'Evaluatiemomenten', row: 'Evaluatiemoment' },
  },
  en: {
    'young-person': { title: 'Young person and dates', row: '' },
    goals: { title: 'Goals per life domain', row: 'Goal' },
    commitments: { title: 'Commitments per party', row: 'Commitment' },
    conditions: { title: 'Conditions of the help', row: 'Condition' },
    risks: { title: 'Risks of dropping out', row: 'Risk' },
    network: { title: 'Network', row: 'Contact' },
    'turning-18': { title: 'When the young person turns 18', row: '' },
    reviews: { title: 'Review moments', row: 'Review moment' },
  },
} as const satisfies Record<Locale, Record<PlanSection, { title: string; row: string }>>;

const LIST_TITLES = {
  nl: { goals: 'Doelen', commitments: 'Afspraken', conditions: 'Voorwaarden van de hulp', risks: 'Risico’s op uitval', network: 'Netwerk', checklist: 'Als de jongere 18 wordt', reviews: 'Evaluatiemomenten' },
  en: { goals: 'Goals', commitments: 'Commitments', conditions: 'Conditions of the help', risks: 'Risks of dropping out', network: 'Network', checklist: 'When the young person turns 18', reviews: 'Review moments' },
} as const;

const CHANGE_WORDS = {
  nl: { title: 'Wijzigingen sinds de ondertekende versie', none: 'Nog niets gewijzigd sinds de ondertekende versie.', added: 'Toegevoegd', removed: 'Verwijderd', changed: 'Gewijzigd', was: 'was', now: 'wordt', facts: 'Gegevens en datums' },
  en: { title: 'Changes since the signed version', none: 'Nothing changed yet since the signed version.', added: 'Added', removed: 'Removed', changed: 'Changed', was: 'was', now: 'becomes', facts: 'Details and dates' },
} as const;

/** "What changed since the signed version": the changes per list, each row added, removed or changed (old → new). */
export function PlanChanges(props: { changes: SectionChanges[]; facts?: FieldChange[]; locale: Locale; headingLevel?: 2 | 3 }) {
  const w = CHANGE_WORDS[props.locale];
  const H = props.headingLevel === 3 ? 'h3' : 'h2';
  const Sub = props.headingLevel === 3 ? 'h4' : 'h3';
  return (
    <section class="vv-plan-changes" aria-labelledby="plan-changes-title">
      <H class={props.headingLevel === 3 ? 'utrecht-heading-3' : 'utrecht-heading-2'} id="plan-changes-title">
        {w.title}
      </H>
      {props.changes.length === 0 && !props.facts?.length ? <p class="utrecht-paragraph">{w.none}</p> : null}
      {props.facts?.length ? (
        <>
          <Sub class={props.headingLevel === 3 ? 'utrecht-heading-4' : 'utrecht-heading-3'}>{w.facts}</Sub>
          <ul class="utrecht-unordered-list">
            {props.facts.map((f) => (
              <li class="utrecht-unordered-list__item" data-change="changed">
                <strong>{f.field}:</strong> {w.was} <del>{f.before || '—'}</del>, {w.now} <ins>{f.after || '—'}</ins>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.changes.map((section) => (
        <>
          <Sub class={props.headingLevel === 3 ? 'utrecht-heading-4' : 'utrecht-heading-3'}>{LIST_TITLES[props.locale][section.list]}</Sub>
          <ul class="utrecht-unordered-list">
            {section.changes.map((change) => (
              <li class="utrecht-unordered-list__item" data-change={change.kind}>
                {change.kind === 'added' ? (
                  <>
                    <strong>{w.added}:</strong> <ins>{change.after}</ins>
                  </>
                ) : change.kind === 'removed' ? (
                  <>
                    <strong>{w.removed}:</strong> <del>{change.before}</del>
                  </>
                ) : (
                  <>
                    <strong>{w.changed}:</strong> {change.after}
                    <ul class="utrecht-unordered-list">
                      {change.fields.map((f) => (
                        <li class="utrecht-unordered-list__item">
                          {(FIELD_LABELS[props.locale][section.list] as Record<string, string>)[f.field] ?? f.field}: {w.was} <del>{f.before || '—'}</del>, {w.now} <ins>{f.after || '—'}</ins>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      ))}
    </section>
  );
}

/** The changes between the signed plan and the draft, in the locale (for PlanChanges). */
export const planChanges = (signed: Plan, draft: Plan, locale: Locale) => diffPlans(signed, draft, locale, { date: readableDate });

/** A list's rows as short lines for the plan page (nothing yet: a sentence saying so). */
export function SummaryList(props: { items: Child[]; empty: string }) {
  if (props.items.length === 0) return <p class="utrecht-paragraph vv-empty">{props.empty}</p>;
  return (
    <ul class="utrecht-unordered-list">
      {props.items.map((item) => (
        <li class="utrecht-unordered-list__item">{item}</li>
      ))}
    </ul>
  );
}

/** Each list section's rows, one line each, as the plan page summarises them. */
export function sectionLines(plan: Plan, section: Exclude<PlanSection, 'young-person'>, l: Locale): Child[] {
  const d = (v: string | undefined) => (v ? readableDate(v, l) : '');
  switch (section) {
    case 'goals':
      return plan.goals.map((g) => `${codeLabel(LIFE_DOMAINS, g.domain, l)} (${codeLabel(GOAL_TERMS, g.term, l)}): ${g.description} — ${d(g.targetDate)}, ${codeLabel(GOAL_STATUSES, g.status, l).toLowerCase()}`);
    case 'commitments':
      return plan.commitments.map((c) => `${c.partyName ?? codeLabel(COMMITMENT_PARTIES, c.party, l)}: ${c.what} (${c.frequency})`);
    case 'conditions':
      return plan.conditions.map((c) => `${c.help} — ${l === 'nl' ? 'als het niet lukt' : 'if not kept'}: ${c.ifNotKept} (${l === 'nl' ? 'bespreken op' : 'review on'} ${d(c.reviewOn)})`);
    case 'risks':
      return plan.risks.map((r) => `${r.risk} — ${l === 'nl' ? 'signalen' : 'signals'}: ${r.signals}; ${l === 'nl' ? 'actie' : 'action'}: ${r.actions} (${r.who})`);
    case 'network':
      return plan.network.map((n) => `${n.name} (${n.relation})${n.practicalContact ? (l === 'nl' ? ' — contactpersoon praktische zaken' : ' — contact person for practical matters') : ''}`);
    case 'turning-18':
      return plan.checklist.map((c) => `${codeLabel(TURNING_18_ITEMS, c.item, l)}: ${codeLabel(CHECKLIST_STATUSES, c.status, l).toLowerCase()}`);
    case 'reviews':
      return plan.reviews.map((r) => `${d(r.plannedOn)}${r.heldOn ? ` → ${d(r.heldOn)}` : ''}${r.outcome ? `: ${r.outcome}` : ''}`);
  }
}

/** Dutch for the API's most common reasons (the API speaks English); others as the API says them. */
export function fieldMessage(locale: Locale) {
  return (param: { name: string; reason: string }): string | undefined => {
    if (locale === 'en') return undefined;
    const r = param.reason;
    if (/expected string to have >=1|received undefined|expected string, received/i.test(r)) return 'Vul dit in.';
    if (/YYYY-MM-DD|Invalid ISO date|invalid date/i.test(r)) return 'Vul een datum in.';
    if (/Invalid email|email/i.test(r) && /email/i.test(param.name)) return 'Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.';
    if (/mobile number/i.test(r)) return 'Vul een mobiel nummer in, zoals 06 12345678.';
    if (/Too big/i.test(r)) return 'Dit is te lang.';
    if (/Invalid option|Invalid enum/i.test(r)) return 'Kies een van de mogelijkheden.';
    if (/e-mail address or a mobile number/i.test(r)) return 'Vul een mobiel nummer of e-mailadres in: daar sturen we de link om te ondertekenen.';
    if (/Aftercare starts before/i.test(r)) return 'De nazorg begint vóór (of op) de dag van vertrek.';
    if (/youth aftercare is for ages/i.test(r)) return 'Nazorg voor jongeren is voor jongeren van 12 tot 23 jaar (op de startdatum van de nazorg).';
    if (/case-manager role/i.test(r)) return 'Kies een casemanager van deze gemeente.';
    if (/published template version|No such template version/i.test(r)) return 'Kies een gepubliceerd sjabloon.';
    if (/Only one contact person/i.test(r)) return 'Kies maar één contactpersoon voor praktische zaken.';
    if (/informal network/i.test(r)) return 'De contactpersoon voor praktische zaken komt uit het eigen netwerk.';
    if (/listed twice/i.test(r)) return 'Dit onderwerp staat er twee keer in.';
    return undefined;
  };
}
