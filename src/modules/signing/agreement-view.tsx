// The agreement's content as the young person reads it: one component for the signing page and
// for the case manager's preview (preview-page.tsx), so what the preview shows cannot drift from
// what the young person signs. It draws a version's frozen content (or the content as it would be
// frozen if sent now), Dutch at level B1 or English.
import { CHECKLIST_STATUSES, COMMITMENT_PARTIES, type FrozenContent, GOAL_TERMS, LIFE_DOMAINS, type SectionKey, TURNING_18_ITEMS } from '../../domain/agreement.js';
import { codeLabel } from '../../domain/code-list.js';
import { type Locale, readableDate } from '../../platform/http/page.js';

const T = {
  nl: {
    goals: 'Doelen', commitments: 'Wie doet wat', conditions: 'Voorwaarden van de hulp', risks: 'Als het minder gaat', network: 'Je netwerk', checklist: 'Als je 18 wordt', reviews: 'Wanneer we het bespreken',
    practical: 'helpt met praktische zaken', target: 'streefdatum', how: 'hoe vaak', review: 'bespreken op',
    ifNot: 'als het niet lukt', signals: 'signalen', actions: 'wat we doen', who: 'wie',
  },
  en: {
    goals: 'Goals', commitments: 'Who does what', conditions: 'Conditions of the help', risks: 'When things go less well', network: 'Your network', checklist: 'When you turn 18', reviews: 'When we talk it over',
    practical: 'helps with practical matters', target: 'target date', how: 'how often', review: 'review on',
    ifNot: 'if it does not work out', signals: 'signals', actions: 'what we do', who: 'who',
  },
};

export function AgreementView(props: { content: FrozenContent; locale: Locale }) {
  const s = T[props.locale];
  const l = props.locale;
  const { texts, plan } = props.content;
  const section = (key: SectionKey) => <p>{texts[key][l]}</p>;
  return (
    <article aria-labelledby="agreement-heading">
      <h2 id="agreement-heading">{l === 'nl' ? 'De afspraken' : 'The agreements'}</h2>
      {section('introduction')}
      <h3>{s.goals}</h3>
      {section('goals')}
      <ul>
        {plan.goals.map((g) => (
          <li>
            <strong>{codeLabel(LIFE_DOMAINS, g.domain, l)}</strong> ({codeLabel(GOAL_TERMS, g.term, l)}): {g.description} — {s.target} {readableDate(g.targetDate, l)}
          </li>
        ))}
      </ul>
      <h3>{s.commitments}</h3>
      {section('commitments')}
      <ul>
        {plan.commitments.map((c) => (
          <li>
            <strong>{c.partyName ?? codeLabel(COMMITMENT_PARTIES, c.party, l)}</strong>: {c.what} ({s.how}: {c.frequency})
          </li>
        ))}
      </ul>
      <h3>{s.conditions}</h3>
      {section('conditions')}
      <ul>
        {plan.conditions.map((c) => (
          <li>
            <strong>{c.help}</strong> — {c.dependsOn}. {s.ifNot}: {c.ifNotKept}. {s.review} {readableDate(c.reviewOn, l)}
          </li>
        ))}
      </ul>
      <h3>{s.risks}</h3>
      {section('risks')}
      <ul>
        {plan.risks.map((r) => (
          <li>
            <strong>{r.risk}</strong> — {s.signals}: {r.signals}; {s.actions}: {r.actions}; {s.who}: {r.who}
          </li>
        ))}
      </ul>
      <h3>{s.network}</h3>
      {section('network')}
      <ul>
        {plan.network.map((n) => (
          <li>
            {n.name} ({n.relation}){n.practicalContact ? ` — ${s.practical}` : ''}
          </li>
        ))}
      </ul>
      <h3>{s.checklist}</h3>
      {section('turning18')}
      <ul>
        {plan.checklist.map((c) => (
          <li>
            {codeLabel(TURNING_18_ITEMS, c.item, l)}: {codeLabel(CHECKLIST_STATUSES, c.status, l).toLowerCase()}
          </li>
        ))}
      </ul>
      {plan.reviews.length ? (
        <>
          <h3>{s.reviews}</h3>
          <ul>
            {plan.reviews.map((r) => (
              <li>{readableDate(r.plannedOn, l)}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>Privacy</h3>
      {section('privacy')}
    </article>
  );
}

