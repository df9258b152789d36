// One contract: its terms (current, or with ?asOf=YYYY-MM-DD as they stood on that date), each
// product's tariff timeline, the budgets with their use, the targets and the version history; the
// actions its status allows (edit a draft, activate, suspend, resume, end, amend), the budget
// bookings with a form to book one, and the summary PDF.
import type { Context } from 'hono';
import { todayInAmsterdam } from '../../../platform/dates.js';
import { ApiError } from '../../../platform/errors.js';
import { nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { type PageStatus, href, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, DataTable, DateField, ErrorSummary, type FieldErrors, RadioGroup, Select, TextField } from '../../../platform/ui/form.js';
import { budgets as budgetsOf, type ContractT, euros, getContract, listBudgetEntries, listVersions, noticeNear, type Action, TRANSITIONS } from '../service.js';
import { pct } from './list.js';
import { COMPARATOR, LEGAL, RENEWAL, StatusBadge, codeLabel, contractPath, contractsPath, date, mid } from './shared.js';
import { Timeline } from './timeline.js';

export const D = {
  nl: {
    back: 'Terug naar de contracten',
    with: (p: string, agb: string) => `Met ${p} (AGB ${agb})`,
    status: 'Status',
    asOfTitle: 'Bekijken zoals het was op',
    asOfLabel: 'Peildatum',
    asOfShow: 'Toon',
    asOfNow: 'Terug naar de huidige voorwaarden',
    asOfShown: (d: string, v: number, from: string) => `U ziet het contract zoals het was op ${d}: versie ${v}, geldig vanaf ${from}.`,
    asOfBad: 'Vul een datum in.',
    notInForce: (d: string) => `Het contract had op ${d} nog geen voorwaarden die golden; de eerste versie ging later in.`,
    version: (v: number, of: number) => `Versie ${v} van ${of}`,
    terms: 'Voorwaarden',
    legalFramework: 'Wettelijk kader',
    period: 'Looptijd',
    notice: 'Opzegtermijn',
    months: (n: number) => (n === 1 ? '1 maand' : `${n} maanden`),
    deadline: 'Uiterste opzegdatum',
    soon: 'binnenkort: beslis over opzeggen',
    renewal: 'Verlenging',
    renewalBy: (n: number) => `met ${n} maanden`,
    alertDays: 'Waarschuwing',
    alertDaysText: (n: number) => `${n} dagen voor de uiterste opzegdatum`,
    products: 'Producten en tarieven',
    productsCaption: 'Producten',
    category: 'Categorie',
    code: 'Code',
    name: 'Naam',
    variant: 'Uitvoeringsvariant',
    unit: 'Eenheid',
    frequency: 'Frequentie',
    tariffsOf: (n: string) => `Tarieven van ${n}`,
    from: 'Vanaf',
    to: 'Tot en met',
    amount: 'Tarief',
    budgets: 'Budgetten',
    budgetsCaption: 'Budget per jaar met wat verplicht en uitgegeven is',
    year: 'Jaar',
    ceiling: 'Plafond',
    committed: 'Verplicht',
    spent: 'Uitgegeven',
    remaining: 'Nog vrij',
    used: 'Gebruikt',
    warningAt: (n: number) => `waarschuwing bij ${n}%`,
    warning: 'Waarschuwing',
    noBudgets: 'Dit contract heeft geen budgetten.',
    targets: 'Prestatieafspraken',
    targetsCaption: 'Afspraken over uitkomsten',
    indicator: 'Indicator',
    norm: 'Norm',
    targetPeriod: 'Periode',
    noTargets: 'Geen afspraken over uitkomsten.',
    versions: 'Versies en wijzigingen',
    versionsCaption: 'Versies van het contract, oudste eerst',
    versionCol: 'Versie',
    effective: 'Geldig vanaf',
    rationale: 'Reden',
    made: 'Vastgelegd op',
    view: 'Bekijken',
    rationales: { 'Contract as concluded': 'Contract zoals gesloten', 'Automatic renewal': 'Stilzwijgende verlenging' } as Record<string, string>,
    show: (v: number) => `Versie ${v} bekijken`,
    actions: 'Acties',
    edit: 'Concept wijzigen',
    amend: 'Contract wijzigen',
    pdf: 'Samenvatting downloaden (pdf)',
    action: { activate: 'Activeren', suspend: 'Opschorten', resume: 'Hervatten', end: 'Beëindigen' } as Record<Action, string>,
    entries: 'Boekingen',
    entriesIntro: 'Leg verplichtingen en uitgaven vast tegen het budget van een jaar. Een correctie is een negatief bedrag.',
    entriesCaption: 'De laatste boekingen, nieuwste eerst',
    noEntries: 'Nog geen boekingen.',
    book: 'Boeking vastleggen',
    kind: 'Soort',
    kinds: { commitment: 'Verplichting', spending: 'Uitgave' } as Record<string, string>,
    entryAmount: 'Bedrag in euro',
    entryAmountHint: 'Bijvoorbeeld 12.500,00; negatief voor een correctie.',
    description: 'Omschrijving',
    bookedOn: 'Boekdatum',
    draftNoEntries: 'Boekingen kunnen zodra het contract actief is.',
    done: {
      created: 'Het concept is opgeslagen.',
      saved: 'De wijzigingen zijn opgeslagen.',
      amended: 'De wijziging is vastgelegd als nieuwe versie.',
      activate: 'Het contract is actief.',
      suspend: 'Het contract is opgeschort.',
      resume: 'Het contract is hervat.',
      end: 'Het contract is beëindigd.',
      booked: 'De boeking is vastgelegd.',
      alert: 'De boeking is vastgelegd. Het budget heeft het waarschuwingspercentage bereikt; beheerders en contractmanagers krijgen een e-mail.',
    } as Record<string, string>,
    m: { kind: 'Kies een soort.', year: 'Kies een jaar met een budget.', amount: 'Vul een bedrag in euro in (niet 0).', description: 'Vul een omschrijving in.', bookedOn: 'Vul een datum in.' },
  },
  en: {
    back: 'Back to the contracts',
    with: (p: string, agb: string) => `With ${p} (AGB ${agb})`,
    status: 'Status',
    asOfTitle: 'View as it stood on',
    asOfLabel: 'Date',
    asOfShow: 'Show',
    asOfNow: 'Back to the current terms',
    asOfShown: (d: string, v: number, from: string) => `You see the contract as it stood on ${d}: version ${v}, effective from ${from}.`,
    asOfBad: 'Enter a date.',
    notInForce: (d: string) => `The contract had no terms in force on ${d}; its first version took effect later.`,
    version: (v: number, of: number) => `Version ${v} of ${of}`,
    terms: 'Terms',
    legalFramework: 'Legal framework',
    period: 'Term',
    notice: 'Notice period',
    months: (n: number) => (n === 1 ? '1 month' : `${n} months`),
    deadline: 'Notice deadline',
    soon: 'soon: decide about giving notice',
    renewal: 'Renewal',
    renewalBy: (n: number) => `by ${n} months`,
    alertDays: 'Warning',
    alertDaysText: (n: number) => `${n} days before the notice deadline`,
    products: 'Products and tariffs',
    productsCaption: 'Products',
    category: 'Category',
    code: 'Code',
    name: 'Name',
    variant: 'Execution variant',
    unit: 'Unit',
    frequency: 'Frequency',
    tariffsOf: (n: string) => `Tariffs of ${n}`,
    from: 'From',
    to: 'Until',
    amount: 'Tariff',
    budgets: 'Budgets',
    budgetsCaption: 'Budget per year with what is committed and spent',
    year: 'Year',
    ceiling: 'Ceiling',
    committed: 'Committed',
    spent: 'Spent',
    remaining: 'Still free',
    used: 'Used',
    warningAt: (n: number) => `warning at ${n}%`,
    warning: 'Warning',
    noBudgets: 'This contract has no budgets.',
    targets: 'Targets',
    targetsCaption: 'Targets on outcomes',
    indicator: 'Indicator',
    norm: 'Norm',
    targetPeriod: 'Period',
    noTargets: 'No targets on outcomes.',
    versions: 'Versions and amendments',
    versionsCaption: 'Versions of the contract, oldest first',
    versionCol: 'Version',
    effective: 'Effective from',
    rationale: 'Reason',
    made: 'Recorded on',
    view: 'View',
    rationales: {} as Record<string, string>,
    show: (v: number) => `View version ${v}`,
    actions: 'Actions',
    edit: 'Change the draft',
    amend: 'Amend the contract',
    pdf: 'Download the summary (PDF)',
    action: { activate: 'Activate', suspend: 'Suspend', resume: 'Resume', end: 'End' } as Record<Action, string>,
    entries: 'Bookings',
    entriesIntro: 'Record commitments and spending against a year’s budget. A correction is a negative amount.',
    entriesCaption: 'The latest bookings, newest first',
    noEntries: 'No bookings yet.',
    book: 'Record the booking',
    kind: 'Kind',
    kinds: { commitment: 'Commitment', spending: 'Spending' } as Record<string, string>,
    entryAmount: 'Amount in euro',
    entryAmountHint: 'For example 12,500.00; negative for a correction.',
    description: 'Description',
    bookedOn: 'Booking date',
    draftNoEntries: 'Bookings are possible once the contract is active.',
    done: {
      created: 'The draft has been saved.',
      saved: 'The changes have been saved.',
      amended: 'The amendment has been recorded as a new version.',
      activate: 'The contract is active.',
      suspend: 'The contract is suspended.',
      resume: 'The contract has been resumed.',
      end: 'The contract has ended.',
      booked: 'The booking has been recorded.',
      alert: 'The booking has been recorded. The budget has reached its warning percentage; administrators and contract managers get an e-mail.',
    } as Record<string, string>,
    m: { kind: 'Choose a kind.', year: 'Choose a year with a budget.', amount: 'Enter an amount in euro (not 0).', description: 'Enter a description.', bookedOn: 'Enter a date.' },
  },
} as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function Item(props: { k: string; children: unknown }) {
  return (
    <div class="utrecht-data-list__item">
      <dt class="utrecht-data-list__item-key">{props.k}</dt>
      <dd class="utrecht-data-list__item-value">{props.children as string}</dd>
    </div>
  );
}

/** The terms as read (shared by the contract page at any date). */
function TermsView(props: { contract: ContractT; locale: Locale; today: string }) {
  const { contract: k, locale } = props;
  const s = D[locale];
  const t = k.terms;
  const near = (k.status === 'active' || k.status === 'suspended') && noticeNear(t, props.today);
  return (
    <>
      <h2 class="utrecht-heading-2">{s.terms}</h2>
      <dl class="utrecht-data-list vv-contract-terms">
        <Item k={s.legalFramework}>{LEGAL[locale][t.legalFramework]}</Item>
        <Item k={s.period}>
          {date(t.startDate, locale)} – {date(t.endDate, locale)}
        </Item>
        <Item k={s.notice}>{s.months(t.noticePeriodMonths)}</Item>
        <Item k={s.deadline}>
          {date(k.noticeDeadline, locale)}
          {near ? <strong class="vv-flag"> ({s.soon})</strong> : null}
        </Item>
        <Item k={s.renewal}>
          {RENEWAL[locale][t.renewal]}
          {t.renewal === 'automatic' && t.renewalMonths ? ` ${s.renewalBy(t.renewalMonths)}` : ''}
        </Item>
        <Item k={s.alertDays}>{s.alertDaysText(t.noticeAlertDays)}</Item>
      </dl>
      <h2 class="utrecht-heading-2">{s.products}</h2>
      <DataTable label={s.productsCaption} caption={s.productsCaption} class="vv-contract-table" columns={[s.name, s.category, s.code, s.variant, s.unit, s.frequency]}>
        {t.products.map((p) => (
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="row">
              {p.name}
            </th>
            <td class="utrecht-table__cell">
              {p.productCategory} – {codeLabel('category', p.productCategory, locale)}
            </td>
            <td class="utrecht-table__cell">{p.productCode ?? '–'}</td>
            <td class="utrecht-table__cell">{codeLabel('variant', p.executionVariant, locale)}</td>
            <td class="utrecht-table__cell">{codeLabel('unit', p.unit, locale)}</td>
            <td class="utrecht-table__cell">{codeLabel('frequency', p.frequency, locale)}</td>
          </tr>
        ))}
      </DataTable>
      {t.products.map((p, i) => (
        <Timeline
          locale={locale}
          id={`timeline-${i}`}
          name={`${p.name} (${p.productCategory}${p.productCode ? ` ${p.productCode}` : ''})`}
          start={t.startDate}
          end={t.endDate}
          tariffs={p.tariffs.map((tariff, j) => ({ row: j + 1, validFrom: tariff.validFrom, validTo: tariff.validTo, amountCents: tariff.amountCents }))}
        />
      ))}
      <h2 class="utrecht-heading-2">{s.targets}</h2>
      {t.targets.length === 0 ? (
        <p class="utrecht-paragraph">{s.noTargets}</p>
      ) : (
        <DataTable label={s.targetsCaption} caption={s.targetsCaption} class="vv-contract-table" columns={[s.indicator, s.norm, s.targetPeriod]}>
          {t.targets.map((g) => (
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="row">
                {codeLabel('indicator', g.indicator, locale)}
              </th>
              <td class="utrecht-table__cell">
                {COMPARATOR[locale][g.comparator]} {pct(g.value, locale)}
              </td>
              <td class="utrecht-table__cell">
                {date(g.periodStart, locale)} – {date(g.periodEnd, locale)}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

export interface EntryForm {
  values: Record<string, string>;
  errors: FieldErrors;
}

export async function contractPage(c: Context<AppEnv>, options: { entry?: EntryForm; status?: PageStatus } = {}) {
  const locale = localeOf(c);
  const s = D[locale];
  const m = mid(c);
  const id = c.req.param('contractId') as string;
  const trx = c.get('trx');
  const today = todayInAmsterdam(nowOf(c));
  const asOfTyped = c.req.query('asOf');
  const current = await getContract(trx, { tenantId: m }, id);
  let shown: ContractT = current;
  let asOf: string | undefined;
  let asOfError: string | undefined;
  let notice: string | undefined;
  let status: PageStatus = options.status ?? 200;
  if (asOfTyped) {
    if (!ISO_DATE.test(asOfTyped) || Number.isNaN(Date.parse(`${asOfTyped}T00:00:00Z`))) {
      asOfError = s.asOfBad;
      status = 400;
    } else {
      asOf = asOfTyped;
      try {
        shown = await getContract(trx, { tenantId: m }, id, asOf);
      } catch (error) {
        if (!(error instanceof ApiError && error.slug === 'not-in-force')) throw error;
        notice = s.notInForce(date(asOf, locale));
        status = 404;
      }
    }
  }
  const versions = await listVersions(trx, m, id);
  const years = await budgetsOf(trx, m, id);
  const entries = current.status === 'draft' ? [] : (await listBudgetEntries(trx, m, id, { limit: 20 })).slice(0, 20);
  const base = contractPath(m, id);
  const done = c.req.query('done');
  const doneText = done && status === 200 && !options.entry ? s.done[done] : undefined;
  const actions = (Object.keys(TRANSITIONS) as Action[]).filter((a) => TRANSITIONS[a][current.status]);
  const entry = options.entry ?? { values: { bookedOn: today, year: String(Number(today.slice(0, 4))) }, errors: {} };
  const ev = (n: string) => entry.values[n] ?? '';
  const body = (
    <div class="vv-contract-page">
      {doneText ? <Alert type="ok">{doneText}</Alert> : null}
      <ErrorSummary locale={locale} errors={entry.errors} labels={{ kind: s.kind, year: s.year, amountCents: s.entryAmount, description: s.description, bookedOn: s.bookedOn }} />
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={href(c, contractsPath(m))}>
          {s.back}
        </a>
      </p>
      <p class="utrecht-paragraph vv-contract-meta">
        {s.with(current.provider.name, current.provider.agbCode)} · <StatusBadge status={current.status} locale={locale} /> · {s.version(shown.version, current.currentVersion)}
      </p>

      <section class="vv-contract-asof" aria-labelledby="asof-title">
        <h2 class="utrecht-heading-3" id="asof-title">
          {s.asOfTitle}
        </h2>
        <form method="get" action={base} class="vv-inline-form">
          {c.req.query('lang') ? <input type="hidden" name="lang" value={locale} /> : null}
          <DateField name="asOf" label={s.asOfLabel} value={asOfTyped ?? ''} error={asOfError} />
          <Button kind="secondary">{s.asOfShow}</Button>
        </form>
        {asOf && !notice ? (
          <Alert type="info">
            <p class="utrecht-paragraph">{s.asOfShown(date(asOf, locale), shown.version, date(shown.effectiveFrom, locale))}</p>
            <p class="utrecht-paragraph">
              <a class="utrecht-link" href={href(c, base)}>
                {s.asOfNow}
              </a>
            </p>
          </Alert>
        ) : null}
        {notice ? (
          <Alert type="warning">
            <p class="utrecht-paragraph">{notice}</p>
          </Alert>
        ) : null}
      </section>

      {notice ? null : <TermsView contract={shown} locale={locale} today={today} />}

      <h2 class="utrecht-heading-2">{s.actions}</h2>
      <ul class="vv-contract-actions">
        {current.status === 'draft' ? (
          <li>
            <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={href(c, `${base}/edit`)}>
              {s.edit}
            </a>
          </li>
        ) : null}
        {current.status === 'active' || current.status === 'suspended' ? (
          <li>
            <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={href(c, `${base}/amend`)}>
              {s.amend}
            </a>
          </li>
        ) : null}
        {actions.map((a) => (
          <li>
            <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href={href(c, `${base}/${a}`)}>
              {s.action[a]}
            </a>
          </li>
        ))}
        <li>
          <a class="utrecht-link" href={`${base}/summary.pdf`} download>
            {s.pdf}
          </a>
        </li>
      </ul>

      <h2 class="utrecht-heading-2" id="budgets">
        {s.budgets}
      </h2>
      {years.length === 0 ? (
        <p class="utrecht-paragraph">{s.noBudgets}</p>
      ) : (
        <DataTable label={s.budgetsCaption} caption={s.budgetsCaption} class="vv-contract-table" id="budget-years" columns={[s.year, s.ceiling, s.committed, s.spent, s.remaining, s.used]}>
          {years.map((y) => (
            <tr class={`utrecht-table__row${y.warning ? ' vv-row--warning' : ''}`}>
              <th class="utrecht-table__header-cell" scope="row">
                {y.year}
              </th>
              <td class="utrecht-table__cell vv-num">{euros(y.ceilingCents)}</td>
              <td class="utrecht-table__cell vv-num">{euros(y.committedCents)}</td>
              <td class="utrecht-table__cell vv-num">{euros(y.spentCents)}</td>
              <td class="utrecht-table__cell vv-num">{euros(y.remainingCents)}</td>
              <td class="utrecht-table__cell">
                {pct(y.usedPercent, locale)}% ({s.warningAt(y.warningPercent)}){y.warning ? <strong class="vv-flag"> — {s.warning}</strong> : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}

      <h2 class="utrecht-heading-2" id="entries">
        {s.entries}
      </h2>
      {current.status === 'draft' ? (
        <p class="utrecht-paragraph">{s.draftNoEntries}</p>
      ) : (
        <>
          {entries.length === 0 ? (
            <p class="utrecht-paragraph">{s.noEntries}</p>
          ) : (
            <DataTable label={s.entriesCaption} caption={s.entriesCaption} class="vv-contract-table" id="budget-entries" columns={[s.bookedOn, s.kind, s.year, s.entryAmount, s.description]}>
              {entries.map((en) => (
                <tr class="utrecht-table__row">
                  <th class="utrecht-table__header-cell" scope="row">
                    {date(en.bookedOn, locale)}
                  </th>
                  <td class="utrecht-table__cell">{s.kinds[en.kind]}</td>
                  <td class="utrecht-table__cell">{en.year}</td>
                  <td class="utrecht-table__cell vv-num">{euros(en.amountCents)}</td>
                  <td class="utrecht-table__cell">{en.description}</td>
                </tr>
              ))}
            </DataTable>
          )}
          {years.length > 0 && current.status !== 'ended' ? (
            <form method="post" action={href(c, `${base}/budget-entries`)} novalidate class="vv-entry-form">
              <p class="utrecht-paragraph">{s.entriesIntro}</p>
              <RadioGroup name="kind" label={s.kind} value={ev('kind')} error={entry.errors.kind} options={[{ value: 'commitment', label: s.kinds.commitment as string }, { value: 'spending', label: s.kinds.spending as string }]} required />
              <Select name="year" label={s.year} value={ev('year')} error={entry.errors.year} options={years.map((y) => ({ value: String(y.year), label: String(y.year) }))} />
              <TextField name="amountCents" label={s.entryAmount} hint={s.entryAmountHint} value={ev('amountCents')} error={entry.errors.amountCents} inputmode="decimal" required />
              <TextField name="description" label={s.description} value={ev('description')} error={entry.errors.description} maxlength={500} required />
              <DateField name="bookedOn" label={s.bookedOn} value={ev('bookedOn')} error={entry.errors.bookedOn} required />
              <div class="vv-actions">
                <Button>{s.book}</Button>
              </div>
            </form>
          ) : null}
        </>
      )}

      <h2 class="utrecht-heading-2">{s.versions}</h2>
      <DataTable label={s.versionsCaption} caption={s.versionsCaption} class="vv-contract-table" id="versions" columns={[s.versionCol, s.effective, s.rationale, s.made, <span class="vv-visually-hidden">{s.view}</span>]}>
        {versions.map((v) => (
          <tr class={`utrecht-table__row${v.version === shown.version && !notice ? ' vv-row--current' : ''}`}>
            <th class="utrecht-table__header-cell" scope="row">
              {v.version}
            </th>
            <td class="utrecht-table__cell">{date(v.effectiveFrom, locale)}</td>
            <td class="utrecht-table__cell">{s.rationales[v.rationale] ?? v.rationale}</td>
            <td class="utrecht-table__cell">{date(v.createdAt, locale)}</td>
            <td class="utrecht-table__cell">
              <a class="utrecht-link" href={href(c, base, { asOf: v.effectiveFrom })}>
                {s.show(v.version)}
              </a>
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
  return staffPage(c, { title: `${locale === 'nl' ? 'Contract' : 'Contract'} ${current.reference}`, body, width: 'wide', status });
}
