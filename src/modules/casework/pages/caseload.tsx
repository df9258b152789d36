// The caseload: the home page of a case manager. The agreements of the municipality as a table —
// young person, status, case manager, next review, signing progress and what needs action — with
// filters (a GET form: status, case manager, sort), paging, and a search by name that is a POST
// form, so no name ever lands in a URL (a search keeps the filters in hidden fields and pages
// with POST buttons). Access and the processing log are the API's listAgreements (asOperation):
// admins and case managers; one read entry per list shown. The API lists everyone's agreements;
// here a case manager starts with their own (the filter widens it), everyone else with all.
import { type Context, Hono } from 'hono';
import { AGREEMENT_STATUSES, AGREEMENT_STATUS_LABELS, type AgreementStatus } from '../../../domain/agreement.js';
import { formatDate, formatDateTime } from '../../../platform/dates.js';
import { type InvalidParam, badRequest } from '../../../platform/errors.js';
import { nowOf, userPrincipal } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { appFailurePage, asOperation, href, staffPage } from '../../../platform/http/pages.js';
import { contractAttentionNotice } from '../../contracts/views.js';
import { Alert, Button, ErrorSummary, type FieldErrors, Select, DataTable, TextField } from '../../../platform/ui/form.js';
import { routes } from '../../agreements/routes.js';
import { CASELOAD_SORTS, type CaseManagerOption, type CaseloadPage, type CaseloadRow, type CaseloadSort, type NeedsAction, caseManagers, listCaseload } from '../service.js';

const T = {
  nl: {
    title: 'Jongeren',
    intro: 'De afspraken met jongeren en wat er nu te doen is. Bovenaan staat wat als eerste aandacht nodig heeft.',
    newAgreement: 'Nieuwe afspraak',
    filters: 'Filteren en sorteren',
    status: 'Status',
    allStatuses: 'Alle statussen',
    caseManager: 'Casemanager',
    everyone: 'Alle casemanagers',
    me: (name: string) => `${name} (ik)`,
    sort: 'Sorteren op',
    sorts: { action: 'Wat aandacht nodig heeft', name: 'Naam jongere', changed: 'Laatst gewijzigd', review: 'Eerstvolgende evaluatie' } satisfies Record<CaseloadSort, string>,
    filter: 'Filteren',
    autoHint: 'De lijst past zich aan zodra u een keuze maakt met de muis.',
    search: 'Zoeken op naam',
    searchLabel: 'Naam van de jongere',
    searchHint: 'Een deel van de naam is genoeg.',
    searchButton: 'Zoeken',
    clearSearch: 'Zoekopdracht wissen',
    searchingFor: (q: string) => `Zoekresultaten voor „${q}”.`,
    caption: (n: number, sort: string) => `${n === 1 ? '1 afspraak' : `${n} afspraken`}, gesorteerd op: ${sort.toLowerCase()}`,
    tableLabel: 'Tabel met afspraken',
    youngPerson: 'Jongere',
    nextReview: 'Volgende evaluatie',
    signing: 'Ondertekening',
    action: 'Wat moet er gebeuren',
    none: 'Geen',
    nothing: 'Niets',
    notSent: 'Nog niet verstuurd',
    progress: (signed: number, total: number) => `${signed} van ${total} ondertekend`,
    waitingOn: (names: string) => `Wacht op: ${names}`,
    declinedBy: (name: string) => `Niet ondertekend door ${name}`,
    pages: 'Paginering',
    range: (from: number, to: number, n: number) => `${from}–${to} van ${n}`,
    previous: 'Vorige pagina',
    next: 'Volgende pagina',
    emptyTitle: 'Nog geen afspraken',
    empty: 'Er zijn nog geen afspraken met jongeren in deze gemeente. Maak de eerste afspraak met een jongere die de jeugdhulp verlaat.',
    noResults: 'Er zijn geen afspraken die passen bij deze filters.',
    noResultsMine: 'U heeft zelf geen afspraken die hierbij passen. Kies bij Casemanager „Alle casemanagers” om die van uw collega’s te zien.',
    showAll: 'Toon alle afspraken',
    tooLong: 'Typ een naam van hoogstens 100 tekens.',
    badStatus: 'Kies een status uit de lijst.',
    badManager: 'Kies een casemanager uit de lijst.',
    badSort: 'Kies een sortering uit de lijst.',
    badPage: 'Het paginanummer klopt niet.',
  },
  en: {
    title: 'Young people',
    intro: 'The agreements with young people and what needs doing now. What needs attention first is at the top.',
    newAgreement: 'New agreement',
    filters: 'Filter and sort',
    status: 'Status',
    allStatuses: 'All statuses',
    caseManager: 'Case manager',
    everyone: 'All case managers',
    me: (name: string) => `${name} (me)`,
    sort: 'Sort by',
    sorts: { action: 'What needs attention', name: 'Name of the young person', changed: 'Last changed', review: 'Next review' } satisfies Record<CaseloadSort, string>,
    filter: 'Filter',
    autoHint: 'The list updates as soon as you choose with the mouse.',
    search: 'Search by name',
    searchLabel: 'Name of the young person',
    searchHint: 'Part of the name is enough.',
    searchButton: 'Search',
    clearSearch: 'Clear the search',
    searchingFor: (q: string) => `Search results for “${q}”.`,
    caption: (n: number, sort: string) => `${n === 1 ? '1 agreement' : `${n} agreements`}, sorted by: ${sort.toLowerCase()}`,
    tableLabel: 'Table of agreements',
    youngPerson: 'Young person',
    nextReview: 'Next review',
    signing: 'Signing',
    action: 'What needs to happen',
    none: 'None',
    nothing: 'Nothing',
    notSent: 'Not sent yet',
    progress: (signed: number, total: number) => `${signed} of ${total} signed`,
    waitingOn: (names: string) => `Waiting for: ${names}`,
    declinedBy: (name: string) => `Declined by ${name}`,
    pages: 'Pages',
    range: (from: number, to: number, n: number) => `${from}–${to} of ${n}`,
    previous: 'Previous page',
    next: 'Next page',
    emptyTitle: 'No agreements yet',
    empty: 'There are no agreements with young people in this municipality yet. Draw up the first one with a young person who is leaving youth care.',
    noResults: 'No agreements match these filters.',
    noResultsMine: 'You have no agreements of your own that match. Choose “All case managers” to see your colleagues’ agreements.',
    showAll: 'Show all agreements',
    tooLong: 'Type a name of at most 100 characters.',
    badStatus: 'Choose a status from the list.',
    badManager: 'Choose a case manager from the list.',
    badSort: 'Choose a sort order from the list.',
    badPage: 'The page number is not right.',
  },
} as const;

/** What each needs-action entry says, in the page's language (the agreement's page says it the same way). */
export function actionText(a: NeedsAction, locale: Locale): string {
  const nl = locale === 'nl';
  switch (a.kind) {
    case 'declined':
      return nl ? `${a.signer || 'Iemand'} heeft niet ondertekend: bespreek wat er anders moet` : `${a.signer || 'Someone'} declined: talk about what needs to change`;
    case 'expired':
      return nl ? 'Niet op tijd ondertekend: opnieuw versturen' : 'Not signed in time: send again';
    case 'link-expired':
      return nl ? `Link van ${a.signer} is verlopen: stuur een nieuwe link` : `${a.signer}’s link has expired: send a new link`;
    case 'link-expiring':
      return nl ? `Link van ${a.signer} verloopt op ${formatDateTime(a.expiresAt, locale)}` : `${a.signer}’s link expires on ${formatDateTime(a.expiresAt, locale)}`;
    case 'review-overdue':
      return nl ? `Evaluatie van ${formatDate(a.plannedOn, locale)} is nog niet gehouden` : `Review of ${formatDate(a.plannedOn, locale)} has not been held`;
    case 'help-asked':
      return nl ? `Vroeg op ${formatDate(a.since, locale)} om hulp: neem contact op` : `Asked for help on ${formatDate(a.since, locale)}: get in touch`;
    case 'risk-without-action':
      return nl ? `Risicosignaal sinds ${formatDate(a.since, locale)} zonder actie: leg de actie vast` : `Risk signal since ${formatDate(a.since, locale)} without action: record the action`;
    case 'no-contact':
      return a.lastContact
        ? nl
          ? `Geen contact sinds ${formatDate(a.lastContact, locale)}`
          : `No contact since ${formatDate(a.lastContact, locale)}`
        : nl
          ? 'Nog geen contact vastgelegd sinds de start van de nazorg'
          : 'No contact recorded since aftercare started';
    case 'condition-not-kept':
      return nl ? `Voorwaarde niet nagekomen (${formatDate(a.since, locale)}): bespreek het gevolg` : `Condition not kept (${formatDate(a.since, locale)}): discuss the consequence`;
    case 'turning-18': {
      const what = nl
        ? [a.checklist ? 'de 18-checklist' : '', a.framework ? 'de hulp na 18 (Wmo of ander kader)' : ''].filter(Boolean).join(' en ')
        : [a.checklist ? 'the turning-18 checklist' : '', a.framework ? 'the help after 18 (Wmo or other framework)' : ''].filter(Boolean).join(' and ');
      if (a.already) return nl ? `Is 18 sinds ${formatDate(a.turns18On, locale)}: regel ${what}` : `Turned 18 on ${formatDate(a.turns18On, locale)}: arrange ${what}`;
      return nl ? `Wordt 18 op ${formatDate(a.turns18On, locale)}: regel ${what}` : `Turns 18 on ${formatDate(a.turns18On, locale)}: arrange ${what}`;
    }
    case 'follow-up-due':
      return nl ? `Nameting na ${a.months} maanden (sinds ${formatDate(a.dueOn, locale)}) is nog niet gedaan` : `${a.months}-month follow-up (due ${formatDate(a.dueOn, locale)}) not reported`;
    case 'aftercare-ending':
      return nl ? `Nazorg stopt op ${formatDate(a.endsOn, locale)} (23 jaar): bereid het afscheid voor` : `Aftercare ends on ${formatDate(a.endsOn, locale)} (turns 23): prepare the goodbye`;
    case 'waiting':
      return nl ? `Wacht al ${a.days} dagen op de handtekening van ${a.signer}` : `Waiting ${a.days} days for ${a.signer}’s signature`;
    case 'draft-not-sent':
      return nl ? 'Concept: nog niet verstuurd' : 'Draft: not sent yet';
    case 'amendment-not-sent':
      return nl ? 'Aanpassing: nog niet verstuurd' : 'Amendment: not sent yet';
  }
}

/** The badge's look per status; the word is always there, the colour only adds to it. */
const BADGE: Record<AgreementStatus, string> = {
  draft: 'neutral',
  sent: 'warning',
  active: 'success',
  amending: 'neutral',
  'amendment-sent': 'warning',
  completed: 'inactive',
  ended: 'inactive',
  declined: 'danger',
  cancelled: 'inactive',
  expired: 'danger',
};

interface Filters {
  status: AgreementStatus | '';
  /** 'all', or a user id. */
  caseManager: string;
  sort: CaseloadSort;
  page: number;
}

/**
 * The filters of a request (query or form), checked: a value that is not on the list is a 400
 * (the failure page lists the problems). No case manager chosen: a case manager (who is no admin)
 * starts with their own agreements, everyone else with all.
 */
function readFilters(c: Context<AppEnv>, input: Record<string, string | undefined>, managers: CaseManagerOption[]): Filters {
  const s = T[localeOf(c)];
  const problems: InvalidParam[] = [];
  const me = userPrincipal(c).userId;
  const roles = c.get('entered').tenant?.roles ?? [];
  const status = input.status ?? '';
  if (status && !(AGREEMENT_STATUSES as readonly string[]).includes(status)) problems.push({ name: 'status', reason: s.badStatus });
  let caseManager = input.caseManager ?? '';
  if (!caseManager) caseManager = roles.includes('admin') || !managers.some((m) => m.userId === me) ? 'all' : me;
  else if (caseManager !== 'all' && !managers.some((m) => m.userId === caseManager)) problems.push({ name: 'caseManager', reason: s.badManager });
  const sort = input.sort || 'action';
  if (!(CASELOAD_SORTS as readonly string[]).includes(sort)) problems.push({ name: 'sort', reason: s.badSort });
  const pageText = input.page || '1';
  const page = /^\d{1,6}$/.test(pageText) ? Number(pageText) : Number.NaN;
  if (!(page >= 1)) problems.push({ name: 'page', reason: s.badPage });
  if (problems.length) throw badRequest(problems.map((p) => p.reason).join(' '), problems);
  return { status: status as AgreementStatus | '', caseManager, sort: sort as CaseloadSort, page };
}

const basePath = (municipalityId: string) => `/app/municipalities/${municipalityId}`;

function StatusBadge(props: { status: AgreementStatus; locale: Locale }) {
  return <span class={`utrecht-status-badge utrecht-status-badge--${BADGE[props.status]} vv-badge vv-badge--${BADGE[props.status]}`}>{AGREEMENT_STATUS_LABELS[props.status][props.locale]}</span>;
}

function Signing(props: { row: CaseloadRow; locale: Locale }) {
  const s = T[props.locale];
  const g = props.row.signing;
  if (!g) return <>{props.row.status === 'draft' || props.row.status === 'amending' ? s.notSent : '–'}</>;
  return (
    <>
      {s.progress(g.signed, g.total)}
      {g.declinedBy ? (
        <>
          <br />
          {s.declinedBy(g.declinedBy)}
        </>
      ) : g.waitingOn.length ? (
        <>
          <br />
          <span class="vv-caseload-subtle">{s.waitingOn(g.waitingOn.join(', '))}</span>
        </>
      ) : null}
    </>
  );
}

function Actions(props: { row: CaseloadRow; locale: Locale }) {
  if (!props.row.actions.length) return <span class="vv-caseload-subtle">{T[props.locale].nothing}</span>;
  return (
    <ul class="vv-caseload-actions">
      {props.row.actions.map((a) => (
        <li class={`vv-caseload-action vv-caseload-action--${a.kind === 'draft-not-sent' || a.kind === 'amendment-not-sent' || a.kind === 'waiting' ? 'todo' : 'urgent'}`}>{actionText(a, props.locale)}</li>
      ))}
    </ul>
  );
}

interface View {
  municipalityId: string;
  filters: Filters;
  search: string;
  /** What the search field shows (the search, or a refused text kept beside its error). */
  typed: string;
  managers: CaseManagerOption[];
  result: CaseloadPage;
  errors: FieldErrors;
}

function CaseloadBody(props: { c: Context<AppEnv>; view: View }) {
  const { c, view } = props;
  const locale = localeOf(c);
  const s = T[locale];
  const base = basePath(view.municipalityId);
  const listPath = `${base}/agreements`;
  const me = userPrincipal(c).userId;
  const f = view.filters;
  const searching = view.search !== '';
  const keep = { status: f.status, caseManager: f.caseManager, sort: f.sort };
  const newButton = (
    <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={href(c, `${base}/agreements/new`)}>
      {s.newAgreement}
    </a>
  );
  if (!view.result.anyAgreements) {
    return (
      <>
        <h2 class="utrecht-heading-2">{s.emptyTitle}</h2>
        <p class="utrecht-paragraph">{s.empty}</p>
        <p class="vv-actions">{newButton}</p>
      </>
    );
  }
  const managerOptions = [
    ...view.managers.filter((m) => m.userId === me).map((m) => ({ value: m.userId, label: s.me(m.name) })),
    { value: 'all', label: s.everyone },
    ...view.managers.filter((m) => m.userId !== me).map((m) => ({ value: m.userId, label: m.name })),
  ];
  const hidden = (values: Record<string, string>) => Object.entries(values).map(([name, value]) => <input type="hidden" name={name} value={value} />);
  const r = view.result;
  return (
    <>
      <p class="utrecht-paragraph">{s.intro}</p>
      <p class="vv-actions">{newButton}</p>
      <ErrorSummary errors={view.errors} locale={locale} labels={{ q: s.searchLabel }} />
      <div class="vv-caseload-tools">
        <form class="vv-caseload-filters" method={searching ? 'post' : 'get'} action={href(c, listPath)} data-caseload-filter="" aria-labelledby="caseload-filters">
          <h2 class="utrecht-heading-2" id="caseload-filters">
            {s.filters}
          </h2>
          {/* A GET form drops the action's query: the language travels as a field. */}
          {!searching && c.req.query('lang') ? <input type="hidden" name="lang" value={c.req.query('lang')} /> : null}
          {searching ? hidden({ q: view.search }) : null}
          <div class="vv-caseload-fields">
            <Select name="status" label={s.status} value={f.status} placeholder={s.allStatuses} options={AGREEMENT_STATUSES.map((v) => ({ value: v, label: AGREEMENT_STATUS_LABELS[v][locale] }))} />
            <Select name="caseManager" label={s.caseManager} value={f.caseManager} options={managerOptions} />
            <Select name="sort" label={s.sort} value={f.sort} options={CASELOAD_SORTS.map((v) => ({ value: v, label: s.sorts[v] }))} />
          </div>
          <p class="utrecht-paragraph vv-caseload-subtle" hidden data-caseload-autohint="">
            {s.autoHint}
          </p>
          <Button kind="secondary">{s.filter}</Button>
        </form>
        <form class="vv-caseload-search" method="post" action={href(c, listPath)} aria-labelledby="caseload-search">
          <h2 class="utrecht-heading-2" id="caseload-search">
            {s.search}
          </h2>
          {hidden(keep)}
          <TextField name="q" type="search" label={s.searchLabel} hint={s.searchHint} value={view.typed} error={view.errors.q} autocomplete="off" spellcheck={false} />
          <Button kind="secondary">{s.searchButton}</Button>
        </form>
      </div>
      {searching ? (
        <p class="utrecht-paragraph">
          {s.searchingFor(view.search)}{' '}
          <a class="utrecht-link" href={href(c, listPath, keep)}>
            {s.clearSearch}
          </a>
        </p>
      ) : null}
      {r.total === 0 ? (
        <Alert type="info">
          <p class="utrecht-paragraph">{f.caseManager === me ? s.noResultsMine : s.noResults}</p>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={href(c, listPath, { caseManager: 'all' })}>
              {s.showAll}
            </a>
          </p>
        </Alert>
      ) : (
        <>
          {/* The count stays in view on a phone (a caption scrolls sideways with its table); the caption names the table for a screen reader. */}
          <p class="utrecht-paragraph vv-caseload-count">{s.caption(r.total, s.sorts[f.sort])}</p>
          {/* A wide screen gets the table; a phone the same rows as cards (CSS shows one of the two), so nothing scrolls sideways where a case manager reads most. */}
          <div class="vv-caseload-wide">
          <DataTable label={s.tableLabel} caption={s.caption(r.total, s.sorts[f.sort])} class="vv-caseload-table" columns={[s.youngPerson, s.status, s.action, s.signing, s.nextReview, s.caseManager]}>
                {r.rows.map((row) => (
                  <tr class="utrecht-table__row">
                    <th scope="row" class="utrecht-table__header-cell">
                      <a class="utrecht-link" href={href(c, `${base}/agreements/${row.id}`)}>
                        {row.youngPersonName}
                      </a>
                    </th>
                    <td class="utrecht-table__cell">
                      <StatusBadge status={row.status} locale={locale} />
                    </td>
                    <td class="utrecht-table__cell">
                      <Actions row={row} locale={locale} />
                    </td>
                    <td class="utrecht-table__cell">
                      <Signing row={row} locale={locale} />
                    </td>
                    <td class="utrecht-table__cell">{row.nextReview ? formatDate(row.nextReview, locale) : s.none}</td>
                    <td class="utrecht-table__cell">{row.caseManagerName}</td>
                  </tr>
                ))}
              </DataTable>
          </div>
          <ul class="vv-caseload-cards" aria-label={s.tableLabel}>
            {r.rows.map((row) => (
              <li class="vv-caseload-card">
                <p class="vv-caseload-card__name">
                  <a class="utrecht-link" href={href(c, `${base}/agreements/${row.id}`)}>
                    {row.youngPersonName}
                  </a>{' '}
                  <StatusBadge status={row.status} locale={locale} />
                </p>
                <Actions row={row} locale={locale} />
                <dl class="vv-caseload-card__facts">
                  <div>
                    <dt>{s.signing}</dt>
                    <dd>
                      <Signing row={row} locale={locale} />
                    </dd>
                  </div>
                  <div>
                    <dt>{s.nextReview}</dt>
                    <dd>{row.nextReview ? formatDate(row.nextReview, locale) : s.none}</dd>
                  </div>
                  <div>
                    <dt>{s.caseManager}</dt>
                    <dd>{row.caseManagerName}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
          <Paging c={c} view={view} listPath={listPath} keep={keep} />
        </>
      )}
    </>
  );
}

function Paging(props: { c: Context<AppEnv>; view: View; listPath: string; keep: Record<string, string> }) {
  const { c, view } = props;
  const s = T[localeOf(c)];
  const r = view.result;
  const range = <p class="utrecht-paragraph vv-caseload-range">{s.range(r.from, r.to, r.total)}</p>;
  if (r.pageCount <= 1) return <nav aria-label={s.pages}>{range}</nav>;
  const prev = r.page > 1 ? r.page - 1 : null;
  const next = r.page < r.pageCount ? r.page + 1 : null;
  if (view.search) {
    // Paging within a search: POST buttons, so the name stays out of the URL.
    return (
      <nav aria-label={s.pages}>
        {range}
        <form method="post" action={href(c, props.listPath)} class="vv-caseload-pager">
          <input type="hidden" name="q" value={view.search} />
          {Object.entries(props.keep).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          {prev ? <Button kind="secondary" name="page" value={String(prev)}>{s.previous}</Button> : null}
          {next ? <Button kind="secondary" name="page" value={String(next)}>{s.next}</Button> : null}
        </form>
      </nav>
    );
  }
  return (
    <nav aria-label={s.pages}>
      {range}
      <ul class="vv-caseload-pager">
        {prev ? (
          <li>
            <a class="utrecht-link" rel="prev" href={href(c, props.listPath, { ...props.keep, page: String(prev) })}>
              {s.previous}
            </a>
          </li>
        ) : null}
        {next ? (
          <li>
            <a class="utrecht-link" rel="next" href={href(c, props.listPath, { ...props.keep, page: String(next) })}>
              {s.next}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

async function show(c: Context<AppEnv>, input: Record<string, string | undefined>, search: string, refused?: { typed: string; errors: FieldErrors }) {
  const municipalityId = c.req.param('municipalityId') as string;
  const trx = c.get('trx');
  const managers = await caseManagers(trx, municipalityId);
  const filters = readFilters(c, input, managers);
  const result = await listCaseload(
    trx,
    municipalityId,
    { status: filters.status || undefined, caseManagerId: filters.caseManager === 'all' ? undefined : filters.caseManager, search: search || undefined, sort: filters.sort, page: filters.page },
    nowOf(c),
  );
  const view: View = { municipalityId, filters: { ...filters, page: result.page }, search, typed: refused?.typed ?? search, managers, result, errors: refused?.errors ?? {} };
  const contracts = await contractAttentionNotice(c);
  return staffPage(c, { title: T[localeOf(c)].title, body: <>{contracts}<CaseloadBody c={c} view={view} /></>, width: 'wide', status: refused ? 400 : 200 });
}

export function caseloadPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  const path = '/app/municipalities/:municipalityId/agreements';

  pages.get(path, asOperation(routes.listAgreements), (c) =>
    show(c, { status: c.req.query('status'), caseManager: c.req.query('caseManager'), sort: c.req.query('sort'), page: c.req.query('page') }, ''),
  );

  // The search by name: a POST, so the name is never in a URL (nor in a log of URLs).
  pages.post(path, asOperation(routes.listAgreements), async (c) => {
    const body = await c.req.parseBody();
    const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
    const input = { status: field('status'), caseManager: field('caseManager'), sort: field('sort'), page: field('page') };
    const q = (field('q') ?? '').replace(/\s+/g, ' ').trim();
    // Too long: the list without the search, the typed text kept beside its error (400).
    if (q.length > 100) return show(c, input, '', { typed: q, errors: { q: T[localeOf(c)].tooLong } });
    return show(c, input, q);
  });

  return pages;
}
