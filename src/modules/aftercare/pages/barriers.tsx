// What stands in the way, on the staff app (issue 13 part 4). Two pages:
// - on an agreement: record a barrier met for this young person (kind as radio buttons with a
//   hint each, product category, provider, intervention, chain partner, waiting weeks, day, note)
//   and see theirs newest first. Append-only, as the API. The partner field is always in the form
//   (no JavaScript needed); CSS shows it only while chain cooperation is chosen, and the page drops
//   a partner left behind in the hidden field when another kind is chosen.
// - for the municipality: the aggregates per kind, product category, provider or quarter (one or
//   two levels), with suppressed cells explained, and the same as a CSV file.
// Each handler does what its API operation does (asOperation: the same access and processing log).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { BARRIER_GROUPINGS, BARRIER_GROUPING_CODES, BARRIER_KINDS, BARRIER_KIND_CODES, type BarrierGrouping, CHAIN_PARTNERS, CHAIN_PARTNER_CODES, PARTNER_KIND } from '../../../domain/barriers.js';
import { codeLabel } from '../../../domain/code-list.js';
import { JZ020, JZ020_CODES } from '../../../domain/ijw.js';
import { dayInAmsterdam, formatDate, formatDateTime } from '../../../platform/dates.js';
import { ApiError, type InvalidParam, badRequest } from '../../../platform/errors.js';
import { nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { toPage } from '../../../platform/http/openapi.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { type PageStatus, type UserPrincipal, appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, DataTable, DateField, ErrorSummary, type FieldErrors, Select, TextArea, TextField, fieldErrorsFrom, fieldId, validateForm } from '../../../platform/ui/form.js';
import { getAgreement } from '../../agreements/service.js';
import { type BarrierReportRowT, type BarrierReportT, barrierProblemsOfRaw, barrierReport, barrierReportCsv, groupValueLabel, knownProviders, listBarriers, parseBarrierReportQuery, recordBarrier, rowLabel } from '../barriers.js';
import { barrierCsvName, routes } from '../routes.js';
import { BARRIER_NOTE_MAX, INTERVENTION_MAX, RecordBarrier, WAITING_WEEKS_MAX } from '../schemas.js';
import { NO_CONTACT_STATUSES } from '../service.js';

const T = {
  nl: {
    title: (name: string) => `Wat de hulp aan ${name} in de weg staat`,
    intro: 'Leg vast wat de hulp aan deze jongere in de weg staat: hulp die er niet is, een wachtlijst, geen aanbieder, of een samenwerking die vastliep. De gemeente ziet dit alleen opgeteld, nooit per jongere, en gebruikt het bij het inkopen van zorg.',
    recordTitle: 'Belemmering vastleggen',
    kind: 'Wat staat de hulp in de weg?',
    productCategory: 'Productcategorie (niet verplicht)',
    productCategoryHint: 'De soort hulp waar het om gaat (JZ020).',
    provider: 'Zorgaanbieder (niet verplicht)',
    providerHint: 'Alleen aanbieders waar de gemeente een contract mee heeft of had, of mee samenwerkt.',
    none: 'Geen',
    intervention: 'Interventie (niet verplicht)',
    interventionHint: 'Bijvoorbeeld MDFT, MST of IAG.',
    partner: 'Met welke partner liep de samenwerking vast?',
    partnerHint: 'Alleen bij ‘Samenwerking in de keten liep vast’.',
    choose: 'Kies een partner',
    waitingWeeks: 'Wachttijd in weken (niet verplicht)',
    waitingHint: 'Hoeveel weken de jongere moet wachten, als u dat weet.',
    notedOn: 'Datum',
    note: 'Toelichting (niet verplicht)',
    noteHint: 'Kort en feitelijk. De jongere kan zijn of haar gegevens opvragen.',
    save: 'Vastleggen',
    notYet: 'Deze afspraken zijn nog niet verstuurd of zijn gestopt. Belemmeringen legt u vast zodra de afspraken verstuurd zijn.',
    recorded: 'De belemmering is vastgelegd.',
    listTitle: 'Eerder vastgelegd',
    empty: 'Er zijn nog geen belemmeringen vastgelegd.',
    weeks: (n: number) => `wachttijd ${n} ${n === 1 ? 'week' : 'weken'}`,
    with: (partner: string) => `met: ${partner}`,
    by: (name: string, at: string) => `Vastgelegd door ${name} op ${at}`,
    more: 'Oudere belemmeringen',
    back: 'Terug naar de afspraken',
    messages: {
      kind: 'Kies wat de hulp in de weg staat.',
      productCategory: 'Kies een productcategorie uit de lijst.',
      providerId: 'Kies een zorgaanbieder uit de lijst.',
      intervention: `Schrijf de interventie in hoogstens ${INTERVENTION_MAX} tekens.`,
      partner: 'Kies met welke partner de samenwerking vastliep.',
      partnerNotAllowed: 'Een partner hoort alleen bij ‘Samenwerking in de keten liep vast’.',
      waitingWeeks: `Vul een heel aantal weken in, van 0 tot en met ${WAITING_WEEKS_MAX}.`,
      notedOn: 'Vul een datum in, niet later dan vandaag en niet meer dan een jaar voor de start van de nazorg.',
      note: `Schrijf hoogstens ${BARRIER_NOTE_MAX} tekens.`,
    },
  },
  en: {
    title: (name: string) => `What stands in the way of the help for ${name}`,
    intro: 'Record what stands in the way of the help for this young person: help that is not there, a waiting list, no provider, or cooperation that failed. The municipality sees this only added up, never per young person, and uses it when buying care.',
    recordTitle: 'Record a barrier',
    kind: 'What stands in the way of the help?',
    productCategory: 'Product category (optional)',
    productCategoryHint: 'The kind of help concerned (JZ020).',
    provider: 'Care provider (optional)',
    providerHint: 'Only providers the municipality has or had a contract with, or works with.',
    none: 'None',
    intervention: 'Intervention (optional)',
    interventionHint: 'For example MDFT, MST or IAG.',
    partner: 'With which partner did cooperation fail?',
    partnerHint: 'Only with ‘Chain cooperation failed’.',
    choose: 'Choose a partner',
    waitingWeeks: 'Waiting time in weeks (optional)',
    waitingHint: 'How many weeks the young person has to wait, if you know.',
    notedOn: 'Date',
    note: 'Note (optional)',
    noteHint: 'Short and factual. The young person can ask for their data.',
    save: 'Record',
    notYet: 'These agreements have not been sent yet, or were stopped. You record barriers once the agreements have been sent.',
    recorded: 'The barrier has been recorded.',
    listTitle: 'Recorded earlier',
    empty: 'No barriers have been recorded yet.',
    weeks: (n: number) => `waiting time ${n} ${n === 1 ? 'week' : 'weeks'}`,
    with: (partner: string) => `with: ${partner}`,
    by: (name: string, at: string) => `Recorded by ${name} on ${at}`,
    more: 'Older barriers',
    back: 'Back to the agreement',
    messages: {
      kind: 'Choose what stands in the way of the help.',
      productCategory: 'Choose a product category from the list.',
      providerId: 'Choose a care provider from the list.',
      intervention: `Write the intervention in ${INTERVENTION_MAX} characters at most.`,
      partner: 'Choose with which partner cooperation failed.',
      partnerNotAllowed: 'A partner belongs only with ‘Chain cooperation failed’.',
      waitingWeeks: `Enter a whole number of weeks, from 0 to ${WAITING_WEEKS_MAX}.`,
      notedOn: 'Enter a date, no later than today and not more than a year before aftercare started.',
      note: `Write ${BARRIER_NOTE_MAX} characters at most.`,
    },
  },
} as const;

type Strings = (typeof T)[Locale];
const FIELDS = ['kind', 'productCategory', 'providerId', 'intervention', 'partner', 'waitingWeeks', 'notedOn', 'note'] as const;
type Field = (typeof FIELDS)[number];
type FormValues = Partial<Record<Field, string>>;

const PATH = '/app/municipalities/:municipalityId/agreements/:agreementId/barriers';
const pathOf = (m: string, a: string) => `/app/municipalities/${m}/agreements/${a}/barriers`;

/** The kinds as radio buttons, each with its hint (the fieldset carries the field's id for the error summary). */
function KindFieldset(props: { s: Strings; locale: Locale; value: string | undefined; error?: string | undefined }) {
  const id = fieldId('kind');
  return (
    <fieldset class={`utrecht-form-fieldset vv-barrier-kinds${props.error ? ' utrecht-form-fieldset--invalid' : ''}`} id={id} aria-describedby={props.error ? `${id}-error` : undefined} aria-invalid={props.error ? 'true' : undefined}>
      <legend class="utrecht-form-fieldset__legend utrecht-form-label">{props.s.kind}</legend>
      {props.error ? (
        <div class="utrecht-form-field-error-message" id={`${id}-error`}>
          {props.error}
        </div>
      ) : null}
      {BARRIER_KIND_CODES.map((code) => {
        const boxId = `${id}-${code}`;
        return (
          <div class="utrecht-form-field utrecht-form-field--radio">
            <div class="utrecht-form-field__input">
              <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id={boxId} name="kind" value={code} checked={props.value === code || undefined} aria-describedby={`${boxId}-hint`} />
            </div>
            <div class="utrecht-form-field__label utrecht-form-field__label--radio">
              <label class="utrecht-form-label utrecht-form-label--radio" for={boxId}>
                {BARRIER_KINDS[code][props.locale]}
              </label>
            </div>
            <div class="utrecht-form-field-description vv-barrier-kinds__hint" id={`${boxId}-hint`}>
              {BARRIER_KINDS[code].hint[props.locale]}
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

async function barriersPage(c: Context<AppEnv>, values: FormValues, errors: FieldErrors, status: PageStatus = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const id = c.req.param('agreementId') as string;
  const trx = c.get('trx');
  const a = await getAgreement(trx, m, id);
  const cursor = c.req.query('cursor');
  const list = toPage(await listBarriers(trx, m, id, 25, cursor && cursor.length <= 200 ? cursor : undefined), 25);
  const takes = !(NO_CONTACT_STATUSES as readonly string[]).includes(a.status);
  const providers = takes ? await knownProviders(trx, m) : [];
  const today = dayInAmsterdam(nowOf(c));
  const labels: Record<string, string> = { kind: s.kind, productCategory: s.productCategory, providerId: s.provider, intervention: s.intervention, partner: s.partner, waitingWeeks: s.waitingWeeks, notedOn: s.notedOn, note: s.note };
  const body = (
    <>
      {c.req.query('done') === 'recorded' && status === 200 ? <Alert type="ok">{s.recorded}</Alert> : null}
      <ErrorSummary locale={locale} errors={errors} labels={labels} />
      <p class="utrecht-paragraph">{s.intro}</p>
      <h2 class="utrecht-heading-2">{s.recordTitle}</h2>
      {takes ? (
        <form class="vv-barrier-form" method="post" action={href(c, pathOf(m, id))} novalidate>
          <KindFieldset s={s} locale={locale} value={values.kind} error={errors.kind} />
          <div class="vv-barrier-partner">
            <Select name="partner" label={s.partner} hint={s.partnerHint} value={values.partner} placeholder={s.choose} options={CHAIN_PARTNER_CODES.map((p) => ({ value: p, label: CHAIN_PARTNERS[p][locale] }))} error={errors.partner} />
          </div>
          <Select name="productCategory" label={s.productCategory} hint={s.productCategoryHint} value={values.productCategory} placeholder={s.none} options={JZ020_CODES.map((code) => ({ value: code, label: `${code} ${JZ020[code][locale]}` }))} error={errors.productCategory} />
          <Select name="providerId" label={s.provider} hint={s.providerHint} value={values.providerId} placeholder={s.none} options={providers.map((p) => ({ value: p.id, label: p.name }))} error={errors.providerId} />
          <TextField name="intervention" label={s.intervention} hint={s.interventionHint} value={values.intervention} maxlength={INTERVENTION_MAX} error={errors.intervention} />
          <TextField name="waitingWeeks" label={s.waitingWeeks} hint={s.waitingHint} value={values.waitingWeeks} inputmode="numeric" error={errors.waitingWeeks} />
          <DateField name="notedOn" label={s.notedOn} value={values.notedOn ?? today} max={today} error={errors.notedOn} required />
          <TextArea name="note" label={s.note} hint={s.noteHint} value={values.note} rows={4} maxlength={BARRIER_NOTE_MAX} error={errors.note} />
          <div class="vv-actions">
            <Button>{s.save}</Button>
            <a class="utrecht-link" href={href(c, `/app/municipalities/${m}/agreements/${id}`)}>
              {s.back}
            </a>
          </div>
        </form>
      ) : (
        <p class="utrecht-paragraph">{s.notYet}</p>
      )}
      <h2 class="utrecht-heading-2">{s.listTitle}</h2>
      {list.items.length === 0 ? (
        <p class="utrecht-paragraph">{s.empty}</p>
      ) : (
        <ul class="vv-contacts">
          {list.items.map((b) => {
            const details = [
              b.productCategory ? `${b.productCategory} ${codeLabel(JZ020, b.productCategory, locale)}` : null,
              b.provider?.name ?? null,
              b.intervention,
              b.partner ? s.with(codeLabel(CHAIN_PARTNERS, b.partner, locale)) : null,
              b.waitingWeeks === null ? null : s.weeks(b.waitingWeeks),
            ].filter((x): x is string => Boolean(x));
            return (
              <li class="vv-contacts__item">
                <p class="vv-contacts__head">
                  <strong>{formatDate(b.notedOn, locale)}</strong>
                  {' · '}
                  {codeLabel(BARRIER_KINDS, b.kind, locale)}
                </p>
                {details.length ? <p class="utrecht-paragraph">{details.join(' · ')}</p> : null}
                {b.note ? <p class="utrecht-paragraph vv-review__agreed">{b.note}</p> : null}
                <p class="utrecht-paragraph vv-muted">{s.by(b.recordedBy.name, formatDateTime(b.recordedAt, locale))}</p>
              </li>
            );
          })}
        </ul>
      )}
      {list.nextCursor ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, pathOf(m, id), { cursor: list.nextCursor })}>
            {s.more}
          </a>
        </p>
      ) : null}
    </>
  );
  return staffPage(c, { title: s.title(a.youngPerson.name), body, status });
}

/** A 400 as messages beside the fields, in the page's language. */
function formErrors(error: ApiError, locale: Locale): FieldErrors {
  const t = T[locale].messages;
  return fieldErrorsFrom(error, {
    fields: FIELDS,
    messages: (p: InvalidParam) => {
      const name = p.name.replace(/^body\./, '') as Field;
      if (name === 'partner' && p.reason.startsWith('Only with')) return t.partnerNotAllowed;
      return (FIELDS as readonly string[]).includes(name) ? t[name] : undefined;
    },
  });
}

// ---- the municipality's report ----

const R = {
  nl: {
    title: 'Wat de hulp in de weg staat',
    intro: 'Belemmeringen die casemanagers vastlegden, opgeteld: hulp die er niet was, wachtlijsten, producten zonder aanbieder, onduidelijk perspectief, geen voorbereiding op vertrek en samenwerking in de keten die vastliep. Gebruik dit bij het inkopen van zorg.',
    filter: 'Kies wat u wilt zien',
    from: 'Vanaf',
    to: 'Tot en met',
    groupBy: 'Groepeer per',
    thenBy: 'En daarbinnen per',
    nothing: 'Niets',
    show: 'Toon',
    period: (from: string, to: string) => `Belemmeringen vastgelegd van ${from} tot en met ${to}.`,
    threshold: (n: number) => `Een aantal dat op minder dan ${n} jongeren rust, tonen we niet: zo blijft niemand herkenbaar. Soms verbergen we ook een ander aantal, omdat het verborgen aantal anders uit te rekenen is.`,
    none: 'Er zijn in deze periode geen belemmeringen vastgelegd.',
    caption: 'Belemmeringen per groep',
    group: 'Groep',
    barriers: 'Belemmeringen',
    young: 'Jongeren',
    withWaiting: 'Met wachttijd',
    average: 'Gemiddelde wachttijd (weken)',
    median: 'Mediaan wachttijd (weken)',
    tooFew: 'te weinig jongeren',
    tooFewWaiting: 'te weinig jongeren met een wachttijd',
    derivable: 'niet getoond (anders af te leiden)',
    dash: '–',
    csv: 'Download als CSV (voor Excel)',
    messages: {
      from: 'Vul een datum in, bijvoorbeeld 1 januari 2026.',
      to: 'Vul een datum in op of na ‘Vanaf’, hoogstens vijf jaar later.',
      thenBy: 'Kies iets anders dan bij ‘Groepeer per’, of ‘Niets’.',
    },
  },
  en: {
    title: 'What stands in the way',
    intro: 'Barriers case managers recorded, added up: help that was not there, waiting lists, products without a provider, unclear perspective, no preparation for leaving, and chain cooperation that failed. Use this when buying care.',
    filter: 'Choose what you want to see',
    from: 'From',
    to: 'Up to and including',
    groupBy: 'Group by',
    thenBy: 'And within that by',
    nothing: 'Nothing',
    show: 'Show',
    period: (from: string, to: string) => `Barriers recorded from ${from} up to and including ${to}.`,
    threshold: (n: number) => `A number resting on fewer than ${n} young people is not shown, so that nobody can be recognised. Sometimes another number is hidden too, because the hidden one could otherwise be worked out.`,
    none: 'No barriers were recorded in this period.',
    caption: 'Barriers per group',
    group: 'Group',
    barriers: 'Barriers',
    young: 'Young people',
    withWaiting: 'With a waiting time',
    average: 'Average waiting time (weeks)',
    median: 'Median waiting time (weeks)',
    tooFew: 'too few young people',
    tooFewWaiting: 'too few young people with a waiting time',
    derivable: 'not shown (could be derived)',
    dash: '–',
    csv: 'Download as CSV (for Excel)',
    messages: {
      from: 'Enter a date, for example 1 January 2026.',
      to: 'Enter a date on or after ‘From’, at most five years later.',
      thenBy: 'Choose something other than in ‘Group by’, or ‘Nothing’.',
    },
  },
} as const;

const reportPath = (m: string) => `/app/municipalities/${m}/barriers`;
const number = (value: number, locale: Locale, decimals = 0) => value.toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

function ReportTable(props: { report: BarrierReportT; locale: Locale }) {
  const { report, locale } = props;
  const r = R[locale];
  // A suppressed figure is one cell across its columns that says why, instead of a number.
  const hidden = (reason: string | null, waiting: boolean, span: number) => (
    <td class="utrecht-table__cell vv-barrier-report__hidden" colspan={span}>
      <span class="sup">{reason === 'complementary' ? r.derivable : waiting ? r.tooFewWaiting : r.tooFew}</span>
    </td>
  );
  const cell = (text: string) => <td class="utrecht-table__cell num">{text}</td>;
  const cells = (row: BarrierReportRowT) => {
    const w = row.waiting;
    if (row.suppressed) return [hidden(row.suppressionReason, false, 5)];
    return [
      cell(number(row.barriers ?? 0, locale)),
      cell(number(row.youngPeople ?? 0, locale)),
      ...(w.suppressed
        ? [hidden(w.suppressionReason, true, 3)]
        : [cell(number(w.barriers ?? 0, locale)), cell(w.averageWeeks === null ? r.dash : number(w.averageWeeks, locale, 1)), cell(w.medianWeeks === null ? r.dash : number(w.medianWeeks, locale, 1))]),
    ];
  };
  const [first, second] = report.groupBy as [BarrierGrouping, BarrierGrouping | undefined];
  return (
    <DataTable label={r.caption} caption={r.caption} class="vv-barrier-report" id="barrier-report" columns={[r.group, r.barriers, r.young, r.withWaiting, r.average, r.median]}>
      {report.rows.map((row) => (
        <tr class={`utrecht-table__row vv-barrier-report__${row.level}`} data-level={row.level}>
          <th class="utrecht-table__header-cell" scope="row">
            {row.level === 'subgroup' && second ? (
              <>
                {/* Drawn under its group; a screen reader hears the group too. */}
                <span class="vv-visually-hidden">{`${groupValueLabel(row, first, locale)} / `}</span>
                {groupValueLabel(row, second, locale)}
              </>
            ) : (
              rowLabel(report, row, locale)
            )}
          </th>
          {cells(row)}
        </tr>
      ))}
    </DataTable>
  );
}

/** The groupings as options of a select. */
const groupingOptions = (locale: Locale) => BARRIER_GROUPING_CODES.map((g) => ({ value: g, label: BARRIER_GROUPINGS[g][locale] }));

async function reportPage(c: Context<AppEnv>) {
  const locale = localeOf(c);
  const r = R[locale];
  const m = c.get('tenantId') as string;
  const values = { from: c.req.query('from') ?? '', to: c.req.query('to') ?? '', groupBy: c.req.query('groupBy') ?? 'kind', thenBy: c.req.query('thenBy') ?? '' };
  const groupBy = [values.groupBy, values.thenBy].filter(Boolean).join(',');
  let report: BarrierReportT | null = null;
  let errors: FieldErrors = {};
  try {
    const q = parseBarrierReportQuery({ from: values.from, to: values.to, groupBy, format: c.req.query('format') }, nowOf(c));
    report = await barrierReport(c.get('trx'), m, q);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400) throw error;
    // The two selects together make groupBy: its problem belongs beside the second (the first alone is always a grouping).
    const params = ((error.extra.invalidParams as InvalidParam[] | undefined) ?? []).map((p) => ({ ...p, name: p.name === 'query.groupBy' ? 'thenBy' : p.name.replace(/^query\./, '') }));
    const messages: Record<string, string> = r.messages;
    errors = fieldErrorsFrom(badRequest(error.detail, params), { fields: ['from', 'to', 'groupBy', 'thenBy', 'format'], messages: (p) => messages[p.name] });
  }
  if (report && c.req.query('format') === 'csv') {
    return c.body(barrierReportCsv(report, locale), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${barrierCsvName(report)}"` });
  }
  const shown = report ? { from: report.period.from, to: report.period.to } : { from: values.from, to: values.to };
  const csvQuery = { from: shown.from, to: shown.to, groupBy: values.groupBy, thenBy: values.thenBy || undefined, format: 'csv' };
  const body = (
    <>
      <ErrorSummary locale={locale} errors={errors} labels={{ from: r.from, to: r.to, groupBy: r.groupBy, thenBy: r.thenBy }} />
      <p class="utrecht-paragraph">{r.intro}</p>
      <form class="vv-barrier-filter" method="get" action={reportPath(m)} aria-label={r.filter}>
        {c.req.query('lang') === 'en' || c.req.query('lang') === 'nl' ? <input type="hidden" name="lang" value={locale} /> : null}
        <DateField name="from" label={r.from} value={shown.from} error={errors.from} />
        <DateField name="to" label={r.to} value={shown.to} error={errors.to} />
        <Select name="groupBy" label={r.groupBy} value={values.groupBy} options={groupingOptions(locale)} error={errors.groupBy} />
        <Select name="thenBy" label={r.thenBy} value={values.thenBy} placeholder={r.nothing} options={groupingOptions(locale)} error={errors.thenBy} />
        <div class="vv-actions">
          <Button>{r.show}</Button>
        </div>
      </form>
      {report ? (
        <>
          <p class="utrecht-paragraph">
            {r.period(formatDate(report.period.from, locale), formatDate(report.period.to, locale))} {r.threshold(report.threshold)}
          </p>
          {/* Only the total: no barrier at all in the period (a group exists for every barrier). */}
          {report.rows.length <= 1 ? <p class="utrecht-paragraph">{r.none}</p> : <ReportTable report={report} locale={locale} />}
          <p class="utrecht-paragraph vv-barrier-csv">
            <a class="utrecht-link" href={href(c, reportPath(m), csvQuery)} download={barrierCsvName(report)}>
              {r.csv}
            </a>
          </p>
        </>
      ) : null}
    </>
  );
  return staffPage(c, { title: r.title, body, width: 'wide', status: report ? 200 : 400 });
}

export function barrierPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  pages.get(PATH, asOperation(routes.listBarriers), (c) => barriersPage(c, {}, {}));
  pages.post(PATH, asOperation(routes.recordBarrier), async (c) => {
    const m = c.req.param('municipalityId');
    const id = c.req.param('agreementId');
    const form = await c.req.parseBody();
    const one = (name: Field) => {
      const v = form[name];
      return typeof v === 'string' ? v : '';
    };
    const values: FormValues = Object.fromEntries(FIELDS.map((f) => [f, one(f)]));
    const weeks = values.waitingWeeks?.trim() ?? '';
    const raw = {
      kind: values.kind || undefined,
      productCategory: values.productCategory || undefined,
      providerId: values.providerId || undefined,
      intervention: values.intervention?.trim() || undefined,
      // The partner field is shown only for chain cooperation: one left behind with another kind is dropped.
      partner: values.kind === PARTNER_KIND || !values.kind ? values.partner || undefined : undefined,
      waitingWeeks: weeks === '' ? undefined : /^\d+$/.test(weeks) ? Number(weeks) : weeks,
      notedOn: values.notedOn || undefined,
      note: values.note?.trim() || undefined,
    };
    try {
      let input: ReturnType<typeof validateForm<typeof RecordBarrier>>;
      try {
        input = validateForm(RecordBarrier, raw);
      } catch (error) {
        // As the API: a form that fails its schema still has its day, partner and provider checked, so one answer lists every problem.
        if (error instanceof ApiError && error.status === 400) {
          const params = [...((error.extra.invalidParams as InvalidParam[] | undefined) ?? [])];
          const named = new Set(params.map((p) => p.name));
          for (const p of await barrierProblemsOfRaw(c.get('trx'), m, id, raw, nowOf(c))) if (!named.has(p.name)) params.push(p);
          throw badRequest(error.detail, params);
        }
        throw error;
      }
      await recordBarrier(c.get('trx'), m, id, input, (c.get('principal') as UserPrincipal).userId, nowOf(c));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return barriersPage(c, values, formErrors(error, localeOf(c)), 400);
      throw error;
    }
    return seeOther(c, href(c, pathOf(m, id), { done: 'recorded' }));
  });
  // As the API's report (every municipal role; aggregates only), with format=csv for the download.
  pages.get('/app/municipalities/:municipalityId/barriers', asOperation(routes.getBarrierReport), reportPage);
  return pages;
}
