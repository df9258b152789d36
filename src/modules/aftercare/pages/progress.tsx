// The living plan on the staff app: the plan in force, item by item, with its current state and a
// compact form to record what happened next — a goal's status, a commitment or condition kept or
// not (with the agreed action), a risk signal observed (with the action, or later), a turning-18
// item, the legal framework after 18 — and the latest entries. What was signed is not changed:
// every entry is recorded beside it (append-only, as the API). Each handler does what its API
// operation does (asOperation: the same access and processing-log entry). Without JavaScript every
// form works: a POST, then back with a message, or the page again (400) with each error beside its
// field and what was typed kept. Each form's fields are named `<form>.<field>` (`goal-0.status`),
// so ids stay unique on the page; the hidden `form` says which one was sent.
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { KEPT_LABELS, LEGAL_FRAMEWORKS, LEGAL_FRAMEWORK_CODES, PLAN_PROGRESS_KINDS, keptLabel } from '../../../domain/aftercare.js';
import { CHECKLIST_STATUSES, COMMITMENT_PARTIES, GOAL_STATUSES, LIFE_DOMAINS, TURNING_18_CODES, TURNING_18_ITEMS } from '../../../domain/agreement.js';
import { type CodeList, codeLabel } from '../../../domain/code-list.js';
import { dayInAmsterdam, formatDate, formatDateTime } from '../../../platform/dates.js';
import { ApiError, type InvalidParam, badRequest } from '../../../platform/errors.js';
import { nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { type PageStatus, type UserPrincipal, appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, DateField, ErrorSummary, type FieldErrors, RadioGroup, Select, TextArea, fieldErrorsFrom, readForm } from '../../../platform/ui/form.js';
import { getAgreement } from '../../agreements/service.js';
import { type LivingPlanT, type PlanProgressEntryT, listPlanProgress, livingPlan, progressProblemsOfRaw, recordPlanProgress } from '../progress.js';
import { routes } from '../routes.js';
import { RecordPlanProgress } from '../schemas.js';
import { validateAll } from './validate.js';

const T = {
  nl: {
    title: (name: string) => `Voortgang van het plan van ${name}`,
    intro: 'Wat is afgesproken, blijft zoals het is ondertekend. Hier legt u vast hoe het gaat: elke stap komt erbij, niets wordt overschreven.',
    version: (n: number) => `Plan dat geldt: versie ${n}.`,
    notYet: 'Deze afspraken zijn nog niet ondertekend. Voortgang legt u vast zodra er een ondertekend plan geldt.',
    back: 'Terug naar de afspraken',
    recorded: 'Vastgelegd.',
    save: 'Vastleggen',
    occurredOn: 'Datum',
    note: 'Toelichting (niet verplicht)',
    nothingYet: 'Nog niets vastgelegd.',
    since: (date: string) => `sinds ${date}`,
    on: (date: string) => `op ${date}`,
    goals: 'Doelen',
    goalsNone: 'Het plan heeft geen doelen.',
    goalSummary: (done: number, all: number) => `${done} van ${all} doelen behaald.`,
    target: (date: string) => `streefdatum ${date}`,
    goalForm: 'Nieuwe stand van dit doel vastleggen',
    status: 'Status',
    commitments: 'Afspraken',
    commitmentsNone: 'Het plan heeft geen afspraken.',
    commitmentForm: 'Vastleggen of de afspraak is nagekomen',
    conditions: 'Voorwaarden',
    conditionsNone: 'Het plan heeft geen voorwaarden.',
    conditionForm: 'Vastleggen of de voorwaarde is nagekomen',
    dependsOn: 'Hangt af van',
    ifNotKept: 'Als het niet lukt',
    kept: 'Nagekomen?',
    keptAction: 'Niet nagekomen: wat zou er volgens de afspraak gebeuren, en wat is er gedaan?',
    keptActionHint: 'Verplicht als de afspraak niet is nagekomen.',
    lastTime: 'Laatst',
    actionDone: 'Wat er is gedaan',
    risks: 'Risico’s op uitval',
    risksNone: 'Het plan noemt geen risico’s op uitval.',
    watchFor: 'Signalen om op te letten',
    agreedAction: 'Wat we dan doen',
    signalsNone: 'Nog geen signalen gezien.',
    withoutAction: (n: number) => (n === 1 ? '1 signaal zonder actie.' : `${n} signalen zonder actie.`),
    noAction: 'Nog geen actie.',
    signalForm: 'Een signaal vastleggen',
    observed: 'Wat hebt u gezien?',
    signalAction: 'Welke actie is ondernomen? (niet verplicht: kan later)',
    actionForm: 'Actie op dit signaal vastleggen',
    riskAction: 'Welke actie is ondernomen?',
    turning18: 'Als je 18 wordt',
    checklist: 'Wat geregeld moet zijn',
    complete: 'Alles is geregeld of niet nodig.',
    incomplete: (open: number) => (open === 1 ? 'Nog 1 onderwerp te regelen.' : `Nog ${open} onderwerpen te regelen.`),
    subject: 'Onderwerp',
    checklistForm: 'Een onderwerp bijwerken',
    framework: 'Wettelijk kader na 18',
    frameworkNone: 'Nog niet vastgelegd onder welke wet de hulp na 18 doorgaat.',
    frameworkForm: 'Het wettelijk kader na 18 vastleggen',
    frameworkField: 'Onder welke wet gaat de hulp na 18 door?',
    history: 'Laatst vastgelegd',
    historyNone: 'Er is nog niets vastgelegd.',
    by: (name: string, at: string) => `vastgelegd door ${name} op ${at}`,
    unknownItem: 'Dit onderdeel staat niet (meer) in het plan dat geldt. Open de pagina opnieuw.',
    hasAction: 'Dit signaal heeft al een actie.',
    messages: {
      occurredOn: 'Vul een datum in, niet later dan vandaag en niet langer dan een jaar voor de start van de nazorg.',
      status: 'Kies een status.',
      note: 'Schrijf hoogstens 2000 tekens.',
      kept: 'Kies of het is nagekomen.',
      action: 'Schrijf op wat er volgens de afspraak zou gebeuren en wat er is gedaan (hoogstens 2000 tekens).',
      observed: 'Schrijf op wat u hebt gezien (hoogstens 2000 tekens).',
      riskAction: 'Schrijf op welke actie is ondernomen (hoogstens 2000 tekens).',
      item: 'Kies een onderwerp.',
      framework: 'Kies de wet.',
    },
  },
  en: {
    title: (name: string) => `Progress of the plan of ${name}`,
    intro: 'What was agreed stays as it was signed. Here you record how it goes: every step is added, nothing is overwritten.',
    version: (n: number) => `Plan in force: version ${n}.`,
    notYet: 'These agreements have not been signed yet. You record progress once a signed plan is in force.',
    back: 'Back to the agreement',
    recorded: 'Recorded.',
    save: 'Record',
    occurredOn: 'Date',
    note: 'Note (optional)',
    nothingYet: 'Nothing recorded yet.',
    since: (date: string) => `since ${date}`,
    on: (date: string) => `on ${date}`,
    goals: 'Goals',
    goalsNone: 'The plan has no goals.',
    goalSummary: (done: number, all: number) => `${done} of ${all} goals achieved.`,
    target: (date: string) => `target date ${date}`,
    goalForm: 'Record where this goal stands now',
    status: 'Status',
    commitments: 'Commitments',
    commitmentsNone: 'The plan has no commitments.',
    commitmentForm: 'Record whether the commitment was kept',
    conditions: 'Conditions',
    conditionsNone: 'The plan has no conditions.',
    conditionForm: 'Record whether the condition was kept',
    dependsOn: 'Depends on',
    ifNotKept: 'If it is not kept',
    kept: 'Kept?',
    keptAction: 'Not kept: what was agreed would happen, and what was done?',
    keptActionHint: 'Required when it was not kept.',
    lastTime: 'Last',
    actionDone: 'What was done',
    risks: 'Risks of dropping out',
    risksNone: 'The plan names no risks of dropping out.',
    watchFor: 'Signals to watch for',
    agreedAction: 'What we then do',
    signalsNone: 'No signals seen yet.',
    withoutAction: (n: number) => (n === 1 ? '1 signal without an action.' : `${n} signals without an action.`),
    noAction: 'No action yet.',
    signalForm: 'Record a signal',
    observed: 'What did you see?',
    signalAction: 'What action was taken? (optional: may come later)',
    actionForm: 'Record the action on this signal',
    riskAction: 'What action was taken?',
    turning18: 'When you turn 18',
    checklist: 'What needs to be arranged',
    complete: 'Everything is arranged or not needed.',
    incomplete: (open: number) => (open === 1 ? '1 subject still to arrange.' : `${open} subjects still to arrange.`),
    subject: 'Subject',
    checklistForm: 'Update a subject',
    framework: 'Legal framework after 18',
    frameworkNone: 'Not yet recorded under which law the help continues after 18.',
    frameworkForm: 'Record the legal framework after 18',
    frameworkField: 'Under which law does the help continue after 18?',
    history: 'Recorded last',
    historyNone: 'Nothing has been recorded yet.',
    by: (name: string, at: string) => `recorded by ${name} on ${at}`,
    unknownItem: 'This part is not (or no longer) in the plan in force. Open the page again.',
    hasAction: 'This signal already has an action.',
    messages: {
      occurredOn: 'Enter a date, no later than today and no more than a year before aftercare started.',
      status: 'Choose a status.',
      note: 'Write 2000 characters at most.',
      kept: 'Choose whether it was kept.',
      action: 'Write down what was agreed would happen and what was done (2000 characters at most).',
      observed: 'Write down what you saw (2000 characters at most).',
      riskAction: 'Write down what action was taken (2000 characters at most).',
      item: 'Choose a subject.',
      framework: 'Choose the law.',
    },
  },
} as const;

type Strings = (typeof T)[Locale];

const PATH = '/app/municipalities/:municipalityId/agreements/:agreementId/progress';
const pathOf = (m: string, a: string) => `/app/municipalities/${m}/agreements/${a}/progress`;
/** A form's key: which item of the page it records for. */
const FORM_KEY = /^(goal|commitment|condition|risk)-\d{1,2}$|^signal-\d{1,2}-\d{1,4}$|^(checklist|framework)$/;

/** The form that was sent, with what was typed in it and its errors (field → message, without the form's prefix). */
interface Posted {
  key: string;
  values: Record<string, string>;
  errors: FieldErrors;
}

const options = (list: CodeList, locale: Locale, codes: readonly string[] = Object.keys(list)) => codes.map((value) => ({ value, label: codeLabel(list, value, locale) }));

/** One item's record form, folded away until opened (open when it holds errors or what was typed). */
function ItemForm(props: { c: Context<AppEnv>; action: string; formKey: string; summary: string; posted: Posted | null; today: string; s: Strings; children: (v: (field: string) => string | undefined, e: (field: string) => string | undefined, name: (field: string) => string) => Child }) {
  const mine = props.posted?.key === props.formKey ? props.posted : null;
  const v = (field: string) => mine?.values[field];
  const e = (field: string) => mine?.errors[field];
  const name = (field: string) => `${props.formKey}.${field}`;
  return (
    <details class="vv-progress__form" open={mine ? true : undefined}>
      <summary class="vv-progress__summary">{props.summary}</summary>
      <form method="post" action={`${props.action}#${props.formKey}`} novalidate>
        <input type="hidden" name="form" value={props.formKey} />
        <DateField name={name('occurredOn')} label={props.s.occurredOn} value={v('occurredOn') ?? props.today} max={props.today} error={e('occurredOn')} required />
        {props.children(v, e, name)}
        <Button>{props.s.save}</Button>
      </form>
    </details>
  );
}

function Done(props: { c: Context<AppEnv>; formKey: string; s: Strings; status: PageStatus }) {
  return props.status === 200 && props.c.req.query('done') === props.formKey ? <Alert type="ok">{props.s.recorded}</Alert> : null;
}

/** A short line for an entry of the history. */
function entryText(entry: PlanProgressEntryT, plan: LivingPlanT, locale: Locale): string {
  const item = (list: { ref: string }[], ref: string | null) => {
    const i = list.findIndex((x) => x.ref === ref);
    return i < 0 ? '' : ` ${i + 1}`;
  };
  const extra = (text: string | null) => (text ? `: ${text}` : '');
  switch (entry.kind) {
    case 'goal':
      return `${PLAN_PROGRESS_KINDS.goal[locale]}${item(plan.goals, entry.itemRef)} — ${codeLabel(GOAL_STATUSES, entry.status ?? '', locale)}${extra(entry.note)}`;
    case 'commitment':
    case 'condition':
      return `${PLAN_PROGRESS_KINDS[entry.kind][locale]}${item(entry.kind === 'commitment' ? plan.commitments : plan.conditions, entry.itemRef)} — ${keptLabel(entry.kept === true)[locale]}${extra(entry.action ?? entry.note)}`;
    case 'risk':
      return `${PLAN_PROGRESS_KINDS.risk[locale]}${item(plan.risks, entry.itemRef)}${extra(entry.observed)}${entry.action ? ` → ${entry.action}` : ''}`;
    case 'risk-action':
      return `${PLAN_PROGRESS_KINDS['risk-action'][locale]}${extra(entry.action)}`;
    case 'checklist':
      return `${codeLabel(TURNING_18_ITEMS, entry.itemRef ?? '', locale)} — ${codeLabel(CHECKLIST_STATUSES, entry.status ?? '', locale)}${extra(entry.note)}`;
    case 'framework':
      return `${PLAN_PROGRESS_KINDS.framework[locale]} — ${codeLabel(LEGAL_FRAMEWORKS, entry.framework ?? '', locale)}${extra(entry.note)}`;
  }
}

async function progressPage(c: Context<AppEnv>, posted: Posted | null, status: PageStatus = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const id = c.req.param('agreementId') as string;
  const trx = c.get('trx');
  const a = await getAgreement(trx, m, id);
  const plan = await livingPlan(trx, m, id);
  const action = href(c, pathOf(m, id));
  const today = dayInAmsterdam(nowOf(c));
  const date = (d: string) => formatDate(d, locale);
  const back = (
    <p class="utrecht-paragraph">
      <a class="utrecht-link" href={href(c, `/app/municipalities/${m}/agreements/${id}`)}>
        {s.back}
      </a>
    </p>
  );
  if (!plan) {
    return staffPage(c, { title: s.title(a.youngPerson.name), body: <><p class="utrecht-paragraph">{s.notYet}</p>{back}</>, status });
  }
  const history = (await listPlanProgress(trx, m, id, 20)).slice(0, 20);
  const errors: FieldErrors = posted ? Object.fromEntries(Object.entries(posted.errors).map(([field, message]) => [field ? `${posted.key}.${field}` : '', message])) : {};
  const labels: Record<string, string> = {};
  if (posted) for (const field of Object.keys(posted.errors)) labels[`${posted.key}.${field}`] = fieldLabel(s, posted.key, field);
  const form = { c, action, posted, today, s };
  const keptRadios = (v: (f: string) => string | undefined, e: (f: string) => string | undefined, name: (f: string) => string) => (
    <>
      <RadioGroup name={name('kept')} label={s.kept} value={v('kept')} options={[{ value: 'yes', label: KEPT_LABELS.kept[locale] }, { value: 'no', label: KEPT_LABELS['not-kept'][locale] }]} error={e('kept')} required />
      <TextArea name={name('action')} label={s.keptAction} hint={s.keptActionHint} value={v('action')} rows={3} maxlength={2000} error={e('action')} />
      <TextArea name={name('note')} label={s.note} value={v('note')} rows={2} maxlength={2000} error={e('note')} />
    </>
  );
  const keptState = (item: { kept: boolean | null; action: string | null; note: string | null; since: string | null }) =>
    item.kept === null ? (
      <p class="utrecht-paragraph vv-muted">{s.nothingYet}</p>
    ) : (
      <>
        <p class="utrecht-paragraph">
          {s.lastTime}: <strong class={item.kept ? undefined : 'vv-progress__warn'}>{keptLabel(item.kept)[locale]}</strong> ({s.on(date(item.since as string))})
        </p>
        {item.action ? <p class="utrecht-paragraph vv-progress__text">{`${s.actionDone}: ${item.action}`}</p> : null}
        {item.note ? <p class="utrecht-paragraph vv-progress__text">{item.note}</p> : null}
      </>
    );
  // A commitment or a condition: what was agreed, where it stands (kept or not), and the form for the next entry.
  const keptItem = (key: string, title: string, details: string[], item: { ref: string; kept: boolean | null; action: string | null; note: string | null; since: string | null }, summary: string) => (
    <article class="vv-progress__item" id={key} aria-labelledby={`${key}-title`}>
      <h3 class="utrecht-heading-3" id={`${key}-title`}>
        {title}
      </h3>
      {details.map((line) => (
        <p class="utrecht-paragraph vv-muted">{line}</p>
      ))}
      <Done c={c} formKey={key} s={s} status={status} />
      {keptState(item)}
      <ItemForm {...form} formKey={key} summary={summary}>
        {(v, e, name) => (
          <>
            <input type="hidden" name={name('ref')} value={item.ref} />
            {keptRadios(v, e, name)}
          </>
        )}
      </ItemForm>
    </article>
  );
  const achieved = plan.goals.filter((g) => g.status === 'achieved').length;
  const openItems = plan.checklist.items.filter((i) => i.status !== 'done' && i.status !== 'not-applicable').length;
  let signalIndex = 0;

  const body = (
    <>
      <ErrorSummary locale={locale} errors={errors} labels={labels} />
      <p class="utrecht-paragraph">{s.intro}</p>
      <p class="utrecht-paragraph vv-muted">{s.version(plan.version)}</p>

      <section aria-labelledby="goals-title">
        <h2 class="utrecht-heading-2" id="goals-title">
          {s.goals}
        </h2>
        {plan.goals.length === 0 ? <p class="utrecht-paragraph">{s.goalsNone}</p> : <p class="utrecht-paragraph">{s.goalSummary(achieved, plan.goals.length)}</p>}
        {plan.goals.map((g, i) => {
          const key = `goal-${i}`;
          return (
            <article class="vv-progress__item" id={key} aria-labelledby={`${key}-title`}>
              <h3 class="utrecht-heading-3" id={`${key}-title`}>
                {g.goal.description}
              </h3>
              <p class="utrecht-paragraph vv-muted">{`${codeLabel(LIFE_DOMAINS, g.goal.domain, locale)} · ${s.target(date(g.goal.targetDate))}`}</p>
              <Done c={c} formKey={key} s={s} status={status} />
              <p class="utrecht-paragraph">
                {s.status}: <strong>{codeLabel(GOAL_STATUSES, g.status, locale)}</strong>
                {g.since ? ` (${s.since(date(g.since))})` : null}
              </p>
              {g.note ? <p class="utrecht-paragraph vv-progress__text">{g.note}</p> : null}
              <ItemForm {...form} formKey={key} summary={s.goalForm}>
                {(v, e, name) => (
                  <>
                    <input type="hidden" name={name('ref')} value={g.ref} />
                    <RadioGroup name={name('status')} label={s.status} value={v('status')} options={options(GOAL_STATUSES, locale)} error={e('status')} required />
                    <TextArea name={name('note')} label={s.note} value={v('note')} rows={2} maxlength={2000} error={e('note')} />
                  </>
                )}
              </ItemForm>
            </article>
          );
        })}
      </section>

      <section aria-labelledby="commitments-title">
        <h2 class="utrecht-heading-2" id="commitments-title">
          {s.commitments}
        </h2>
        {plan.commitments.length === 0 ? <p class="utrecht-paragraph">{s.commitmentsNone}</p> : null}
        {plan.commitments.map((item, i) =>
          keptItem(`commitment-${i}`, `${item.commitment.partyName ?? codeLabel(COMMITMENT_PARTIES, item.commitment.party, locale)}: ${item.commitment.what}`, [item.commitment.frequency], item, s.commitmentForm),
        )}
      </section>

      <section aria-labelledby="conditions-title">
        <h2 class="utrecht-heading-2" id="conditions-title">
          {s.conditions}
        </h2>
        {plan.conditions.length === 0 ? <p class="utrecht-paragraph">{s.conditionsNone}</p> : null}
        {plan.conditions.map((item, i) =>
          keptItem(`condition-${i}`, item.condition.help, [`${s.dependsOn}: ${item.condition.dependsOn}`, `${s.ifNotKept}: ${item.condition.ifNotKept}`], item, s.conditionForm),
        )}
      </section>

      <section aria-labelledby="risks-title">
        <h2 class="utrecht-heading-2" id="risks-title">
          {s.risks}
        </h2>
        {plan.risks.length === 0 ? <p class="utrecht-paragraph">{s.risksNone}</p> : null}
        {plan.risks.map((item, i) => {
          const key = `risk-${i}`;
          return (
            <article class="vv-progress__item" id={key} aria-labelledby={`${key}-title`}>
              <h3 class="utrecht-heading-3" id={`${key}-title`}>
                {item.risk.risk}
              </h3>
              <p class="utrecht-paragraph vv-muted">{`${s.watchFor}: ${item.risk.signals}`}</p>
              <p class="utrecht-paragraph vv-muted">{`${s.agreedAction}: ${item.risk.actions} (${item.risk.who})`}</p>
              <Done c={c} formKey={key} s={s} status={status} />
              {item.signals.length === 0 ? <p class="utrecht-paragraph">{s.signalsNone}</p> : null}
              {item.withoutAction > 0 ? (
                <p class="utrecht-paragraph">
                  <strong class="vv-progress__warn">{s.withoutAction(item.withoutAction)}</strong>
                </p>
              ) : null}
              {item.signals.length > 0 ? (
                <ul class="vv-contacts">
                  {item.signals.map((signal) => {
                    const signalKey = `signal-${i}-${signalIndex++}`;
                    return (
                      <li class="vv-contacts__item" id={signalKey}>
                        <p class="vv-contacts__head">
                          <strong>{date(signal.occurredOn)}</strong>
                          {`: ${signal.observed}`}
                        </p>
                        <Done c={c} formKey={signalKey} s={s} status={status} />
                        {signal.action ? (
                          <p class="utrecht-paragraph vv-progress__text">{`${s.actionDone}${signal.actionOn ? ` (${date(signal.actionOn)})` : ''}: ${signal.action}`}</p>
                        ) : (
                          <>
                            <p class="utrecht-paragraph">
                              <strong class="vv-progress__warn">{s.noAction}</strong>
                            </p>
                            <ItemForm {...form} formKey={signalKey} summary={s.actionForm}>
                              {(v, e, name) => (
                                <>
                                  <input type="hidden" name={name('refersTo')} value={signal.id} />
                                  <TextArea name={name('action')} label={s.riskAction} value={v('action')} rows={3} maxlength={2000} error={e('action')} required />
                                </>
                              )}
                            </ItemForm>
                          </>
                        )}
                      </li>
                    );
                  })}
                </ul>
              ) : null}
              <ItemForm {...form} formKey={key} summary={s.signalForm}>
                {(v, e, name) => (
                  <>
                    <input type="hidden" name={name('ref')} value={item.ref} />
                    <TextArea name={name('observed')} label={s.observed} value={v('observed')} rows={3} maxlength={2000} error={e('observed')} required />
                    <TextArea name={name('action')} label={s.signalAction} value={v('action')} rows={3} maxlength={2000} error={e('action')} />
                  </>
                )}
              </ItemForm>
            </article>
          );
        })}
      </section>

      <section aria-labelledby="turning18-title">
        <h2 class="utrecht-heading-2" id="turning18-title">
          {s.turning18}
        </h2>
        <article class="vv-progress__item" id="checklist" aria-labelledby="checklist-title">
          <h3 class="utrecht-heading-3" id="checklist-title">
            {s.checklist}
          </h3>
          <Done c={c} formKey="checklist" s={s} status={status} />
          <p class="utrecht-paragraph">
            <strong class={plan.checklist.complete ? undefined : 'vv-progress__warn'}>{plan.checklist.complete ? s.complete : s.incomplete(openItems)}</strong>
          </p>
          <ul class="vv-contacts vv-progress__checklist">
            {plan.checklist.items.map((item) => (
              <li class="vv-contacts__item">
                <p class="vv-contacts__head">
                  <strong>{codeLabel(TURNING_18_ITEMS, item.item, locale)}</strong>
                  {`: ${codeLabel(CHECKLIST_STATUSES, item.status, locale).toLowerCase()}`}
                  {item.since ? ` (${s.since(date(item.since))})` : null}
                </p>
                {item.note ? <p class="utrecht-paragraph vv-progress__text">{item.note}</p> : null}
              </li>
            ))}
          </ul>
          <ItemForm {...form} formKey="checklist" summary={s.checklistForm}>
            {(v, e, name) => (
              <>
                <Select name={name('item')} label={s.subject} value={v('item')} options={options(TURNING_18_ITEMS, locale, TURNING_18_CODES)} error={e('item')} required />
                <RadioGroup name={name('status')} label={s.status} value={v('status')} options={options(CHECKLIST_STATUSES, locale)} error={e('status')} required />
                <TextArea name={name('note')} label={s.note} value={v('note')} rows={2} maxlength={2000} error={e('note')} />
              </>
            )}
          </ItemForm>
        </article>
        <article class="vv-progress__item" id="framework" aria-labelledby="framework-title">
          <h3 class="utrecht-heading-3" id="framework-title">
            {s.framework}
          </h3>
          <Done c={c} formKey="framework" s={s} status={status} />
          {plan.framework ? (
            <>
              <p class="utrecht-paragraph">
                <strong>{codeLabel(LEGAL_FRAMEWORKS, plan.framework.framework, locale)}</strong> ({s.since(date(plan.framework.since))})
              </p>
              {plan.framework.note ? <p class="utrecht-paragraph vv-progress__text">{plan.framework.note}</p> : null}
            </>
          ) : (
            <p class="utrecht-paragraph">
              <strong class="vv-progress__warn">{s.frameworkNone}</strong>
            </p>
          )}
          <ItemForm {...form} formKey="framework" summary={s.frameworkForm}>
            {(v, e, name) => (
              <>
                <RadioGroup name={name('framework')} label={s.frameworkField} value={v('framework')} options={options(LEGAL_FRAMEWORKS, locale, LEGAL_FRAMEWORK_CODES)} error={e('framework')} required />
                <TextArea name={name('note')} label={s.note} value={v('note')} rows={2} maxlength={2000} error={e('note')} />
              </>
            )}
          </ItemForm>
        </article>
      </section>

      <section aria-labelledby="history-title">
        <h2 class="utrecht-heading-2" id="history-title">
          {s.history}
        </h2>
        {history.length === 0 ? (
          <p class="utrecht-paragraph">{s.historyNone}</p>
        ) : (
          <ul class="vv-contacts">
            {history.map((entry) => (
              <li class="vv-contacts__item">
                <p class="vv-contacts__head">
                  <strong>{date(entry.occurredOn)}</strong>
                  {` · ${entryText(entry, plan, locale)}`}
                </p>
                <p class="utrecht-paragraph vv-muted">{s.by(entry.recordedBy.name, formatDateTime(entry.recordedAt, locale))}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {back}
    </>
  );
  return staffPage(c, { title: s.title(a.youngPerson.name), body, status });
}

/** The label of a form's field, for the error summary ("Doel 1 – Status"). */
function fieldLabel(s: Strings, key: string, field: string): string {
  const [kind, n] = key.split('-');
  const where = kind === 'goal' ? `${s.goals} ${Number(n) + 1}` : kind === 'commitment' ? `${s.commitments} ${Number(n) + 1}` : kind === 'condition' ? `${s.conditions} ${Number(n) + 1}` : kind === 'risk' || kind === 'signal' ? s.risks : kind === 'checklist' ? s.checklist : s.framework;
  const what: Record<string, string> = {
    occurredOn: s.occurredOn,
    status: s.status,
    note: s.note,
    kept: s.kept,
    action: kind === 'signal' ? s.riskAction : kind === 'risk' ? s.signalAction : s.keptAction,
    observed: s.observed,
    item: s.subject,
    framework: s.frameworkField,
  };
  return `${where} – ${what[field] ?? field}`;
}

/** The API body a form stands for, from its fields (`<key>.<field>`); empty fields left out. */
function bodyOf(key: string, form: Record<string, string>): { raw: Record<string, unknown>; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(form)) if (name.startsWith(`${key}.`)) values[name.slice(key.length + 1)] = value;
  const opt = (field: string) => values[field]?.trim() || undefined;
  const kind = key.startsWith('signal-') ? 'risk-action' : (key.split('-')[0] as string);
  const raw: Record<string, unknown> = { kind, occurredOn: opt('occurredOn') };
  switch (kind) {
    case 'goal':
      Object.assign(raw, { goalId: values.ref, status: opt('status'), note: opt('note') });
      break;
    case 'commitment':
    case 'condition':
      Object.assign(raw, { itemId: values.ref, kept: values.kept === 'yes' ? true : values.kept === 'no' ? false : undefined, action: opt('action'), note: opt('note') });
      break;
    case 'risk':
      Object.assign(raw, { riskId: values.ref, observed: opt('observed'), action: opt('action') });
      break;
    case 'risk-action':
      Object.assign(raw, { refersTo: values.refersTo, action: opt('action') });
      break;
    case 'checklist':
      Object.assign(raw, { item: opt('item'), status: opt('status'), note: opt('note') });
      break;
    case 'framework':
      Object.assign(raw, { framework: opt('framework'), note: opt('note') });
      break;
  }
  return { raw, values };
}

/** A 400 as messages beside the form's fields; a problem with the item itself (gone from the plan) at the top. */
function formErrors(error: ApiError, kind: string, locale: Locale): FieldErrors {
  const t = T[locale];
  const fields = ['occurredOn', 'status', 'note', 'kept', 'action', 'observed', 'item', 'framework'];
  const params = ((error.extra.invalidParams as InvalidParam[] | undefined) ?? []).map((p) =>
    /^body\.(goalId|itemId|riskId|refersTo)$/.test(p.name) ? { name: '', reason: t.unknownItem } : p,
  );
  return fieldErrorsFrom(badRequest(error.detail, params), {
    fields,
    messages: (p) => {
      const field = p.name.replace(/^body\./, '');
      if (field === 'action' && kind === 'risk-action') return t.messages.riskAction;
      return fields.includes(field) ? t.messages[field as keyof typeof t.messages] : undefined;
    },
  });
}

export function progressPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  pages.get(PATH, asOperation(routes.getLivingPlan), (c) => progressPage(c, null));
  pages.post(PATH, asOperation(routes.recordPlanProgress), async (c) => {
    const m = c.req.param('municipalityId');
    const id = c.req.param('agreementId');
    const form = readForm(await c.req.parseBody());
    const key = form.form ?? '';
    if (!FORM_KEY.test(key)) throw badRequest('The form is not one of this page.', [{ name: 'form', reason: 'Unknown form' }]);
    const { raw, values } = bodyOf(key, form);
    try {
      // As the API: a form that fails its schema still has its day and its item checked, so one answer lists every problem.
      const input = await validateAll(RecordPlanProgress, raw, () => progressProblemsOfRaw(c.get('trx'), m, id, raw, nowOf(c)));
      await recordPlanProgress(c.get('trx'), m, id, input, (c.get('principal') as UserPrincipal).userId, nowOf(c));
    } catch (error) {
      const locale = localeOf(c);
      if (error instanceof ApiError && error.status === 400) return progressPage(c, { key, values, errors: formErrors(error, String(raw.kind), locale) }, 400);
      if (error instanceof ApiError && error.status === 409 && error.slug === 'signal-has-action') return progressPage(c, { key, values, errors: { '': T[locale].hasAction } }, 409);
      throw error;
    }
    // Back to the item the entry was for.
    const anchor = key.startsWith('signal-') ? `risk-${key.split('-')[1]}` : key;
    return seeOther(c, `${href(c, pathOf(m, id), { done: key.startsWith('signal-') ? anchor : key })}#${anchor}`);
  });
  return pages;
}
