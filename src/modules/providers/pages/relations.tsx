// The municipality's care providers in the staff app: the providers it works with (with their
// register details and how many contracts it has with each), a search of the platform's register
// to add one as a relation, one provider's page (details, its contracts with this municipality, its
// outcome figures against the contract targets) and ending the relation with a confirmation step.
// Each page stands for the API operation it mirrors (asOperation: the same access and processing
// log) and calls the same services: adding and removing are for admins and contract managers, every
// municipal role may read. The service's refusals (contracts still running) are shown as words.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { type Jz020Code, JZ020 } from '../../../domain/ijw.js';
import { ApiError, badRequest } from '../../../platform/errors.js';
import { formatDate } from '../../../platform/dates.js';
import { nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, DataTable, ErrorSummary, type FieldErrors, TextField, validateForm } from '../../../platform/ui/form.js';
import { type ContractHref, ProviderFigureTable, defaultPeriod, indicatorsPath, periodOptions } from '../../indicators/views.js';
import { computeIndicators, parseIndicatorQuery } from '../../indicators/service.js';
import { listContracts } from '../../contracts/service.js';
import { routes } from '../routes.js';
import { CreateRelation, ProviderSearchTerm } from '../schemas.js';
import { addRelation, getProvider, getRelation, listProviders, listRelationOverview, relatedProviderIds, removeRelation } from '../service.js';

const T = {
  nl: {
    title: 'Zorgaanbieders',
    intro: 'De zorgaanbieders waarmee uw gemeente werkt. Alleen zij kunnen gegevens van uw gemeente zien en uitkomsten aanleveren.',
    caption: 'Zorgaanbieders van de gemeente',
    none: 'Uw gemeente werkt nog met geen enkele zorgaanbieder.',
    name: 'Naam',
    agb: 'AGB-code',
    kvk: 'KvK-nummer',
    contracts: 'Contracten',
    activeContracts: 'Actieve contracten',
    next: 'Volgende pagina',
    previous: 'Vorige pagina',
    pages: 'Pagina’s',
    searchTitle: 'Zorgaanbieder zoeken in het register',
    searchIntro: 'Het register van het platform kent alle zorgaanbieders. Zoek er een op naam, AGB-code of KvK-nummer.',
    searchLabel: 'Naam, AGB-code of KvK-nummer',
    searchHint: 'Minstens 2 tekens. Cijfers zoeken ook op het begin van de AGB-code of het KvK-nummer.',
    search: 'Zoeken',
    results: (n: number, q: string) => (n === 1 ? `1 zorgaanbieder gevonden voor “${q}”` : `${n} zorgaanbieders gevonden voor “${q}”`),
    more: (n: number) => `Meer dan ${n} gevonden: maak de zoekterm preciezer.`,
    noResults: (q: string) => `Geen zorgaanbieder gevonden voor “${q}”. Controleer de naam of het nummer.`,
    resultsCaption: 'Gevonden in het register',
    action: 'Actie',
    add: 'Toevoegen als relatie',
    addLabel: (name: string) => `${name} toevoegen als relatie`,
    already: 'Werkt al met uw gemeente',
    onlyManagers: 'Alleen een beheerder of contractmanager kan een zorgaanbieder toevoegen.',
    done: {
      added: (name: string) => `${name} is toegevoegd: uw gemeente werkt nu met deze zorgaanbieder.`,
      already: (name: string) => `Uw gemeente werkte al met ${name}.`,
      removed: (name: string) => `Uw gemeente werkt niet meer met ${name}.`,
    },
    searchError: 'Vul minstens 2 en hoogstens 100 tekens in.',
    badPage: 'Het paginanummer klopt niet.',
    details: 'Gegevens',
    relatedSince: 'Relatie sinds',
    contractsTitle: 'Contracten met uw gemeente',
    contractsCaption: (name: string) => `Contracten met ${name}`,
    noContracts: 'Uw gemeente heeft nog geen contract met deze zorgaanbieder.',
    reference: 'Kenmerk',
    status: 'Status',
    period: 'Looptijd',
    statuses: { draft: 'concept', active: 'actief', suspended: 'opgeschort', ended: 'beëindigd' } as Record<string, string>,
    figuresTitle: 'Uitkomsten',
    figuresIntro: 'De uitkomstindicatoren van deze zorgaanbieder in uw gemeente, naast de doelen uit de contracten. Een cijfer dat op te weinig jongeren rust, tonen we niet.',
    figuresCaption: (period: string) => `Uitkomsten: ${period}`,
    periodLabel: 'Periode',
    show: 'Toon cijfers',
    noFigures: 'Er zijn in deze periode geen cijfers van deze zorgaanbieder.',
    allIndicators: 'Alle indicatoren van de gemeente',
    categories: (list: string) => `Productcategorieën met cijfers: ${list}.`,
    removeTitle: 'Samenwerking beëindigen',
    removeIntro: 'Werkt uw gemeente niet meer met deze zorgaanbieder? Beëindig dan de relatie. Dat kan pas als alle contracten met deze zorgaanbieder zijn beëindigd.',
    removeLink: (name: string) => `Relatie met ${name} beëindigen`,
    removeConfirmTitle: (name: string) => `Relatie met ${name} beëindigen?`,
    removeExplain: 'De zorgaanbieder kan dan geen gegevens van uw gemeente meer zien en geen uitkomsten meer aanleveren. Contracten en uitkomsten van vroeger blijven bewaard. U kunt de zorgaanbieder later opnieuw toevoegen.',
    removeYes: 'Ja, relatie beëindigen',
    no: 'Nee, terug',
    failed: 'Dat lukte niet',
    hasContracts: 'Dat kan nog niet: uw gemeente heeft met deze zorgaanbieder een contract dat nog niet is beëindigd (concept, actief of opgeschort). Beëindig eerst de contracten.',
    back: 'Terug naar de zorgaanbieders',
  },
  en: {
    title: 'Care providers',
    intro: 'The care providers your municipality works with. Only they can see your municipality’s data and report outcomes.',
    caption: 'Care providers of the municipality',
    none: 'Your municipality does not work with any care provider yet.',
    name: 'Name',
    agb: 'AGB code',
    kvk: 'KvK number',
    contracts: 'Contracts',
    activeContracts: 'Active contracts',
    next: 'Next page',
    previous: 'Previous page',
    pages: 'Pages',
    searchTitle: 'Find a care provider in the register',
    searchIntro: 'The platform’s register knows every care provider. Find one by name, AGB code or KvK number.',
    searchLabel: 'Name, AGB code or KvK number',
    searchHint: 'At least 2 characters. Digits also find the start of an AGB code or KvK number.',
    search: 'Search',
    results: (n: number, q: string) => (n === 1 ? `1 care provider found for “${q}”` : `${n} care providers found for “${q}”`),
    more: (n: number) => `More than ${n} found: make the search more precise.`,
    noResults: (q: string) => `No care provider found for “${q}”. Check the name or number.`,
    resultsCaption: 'Found in the register',
    action: 'Action',
    add: 'Add as relation',
    // The visible words first (WCAG 2.5.3: the name contains the label).
    addLabel: (name: string) => `Add as relation: ${name}`,
    already: 'Already works with your municipality',
    onlyManagers: 'Only an administrator or contract manager can add a care provider.',
    done: {
      added: (name: string) => `${name} has been added: your municipality now works with this care provider.`,
      already: (name: string) => `Your municipality already worked with ${name}.`,
      removed: (name: string) => `Your municipality no longer works with ${name}.`,
    },
    searchError: 'Type at least 2 and at most 100 characters.',
    badPage: 'The page number is not right.',
    details: 'Details',
    relatedSince: 'Relation since',
    contractsTitle: 'Contracts with your municipality',
    contractsCaption: (name: string) => `Contracts with ${name}`,
    noContracts: 'Your municipality has no contract with this care provider yet.',
    reference: 'Reference',
    status: 'Status',
    period: 'Period',
    statuses: { draft: 'draft', active: 'active', suspended: 'suspended', ended: 'ended' } as Record<string, string>,
    figuresTitle: 'Outcomes',
    figuresIntro: 'This care provider’s outcome indicators in your municipality, next to the targets from the contracts. A figure resting on too few young people is not shown.',
    figuresCaption: (period: string) => `Outcomes: ${period}`,
    periodLabel: 'Period',
    show: 'Show figures',
    noFigures: 'There are no figures of this care provider in this period.',
    allIndicators: 'All indicators of the municipality',
    categories: (list: string) => `Product categories with figures: ${list}.`,
    removeTitle: 'End the relation',
    removeIntro: 'Does your municipality no longer work with this care provider? Then end the relation. That is possible only once every contract with this care provider has ended.',
    removeLink: (name: string) => `End the relation with ${name}`,
    removeConfirmTitle: (name: string) => `End the relation with ${name}?`,
    removeExplain: 'The care provider can then no longer see your municipality’s data or report outcomes. Earlier contracts and outcomes are kept. You can add the care provider again later.',
    removeYes: 'Yes, end the relation',
    no: 'No, go back',
    failed: 'That did not work',
    hasContracts: 'Not yet possible: your municipality has a contract with this care provider that has not ended (draft, active or suspended). End the contracts first.',
    back: 'Back to the care providers',
  },
} as const;

type Strings = (typeof T)[Locale];

const BASE = '/app/municipalities/:municipalityId';
const UUID_PARAM = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PROVIDER = `${BASE}/providers/:providerId{${UUID_PARAM}}`;
/** Relations per page of the list; search results shown at most. */
const PAGE_SIZE = 50;
const RESULTS = 25;

const basePath = (municipalityId: string) => `/app/municipalities/${municipalityId}`;
const providersPath = (municipalityId: string) => `${basePath(municipalityId)}/providers`;
/** May this person add and remove relations (as addMunicipalityProvider allows)? */
const manages = (c: Context<AppEnv>) => (c.get('entered').tenant?.roles ?? []).some((r) => r === 'admin' || r === 'contract-manager');
const contractHrefOf =
  (c: Context<AppEnv>, municipalityId: string): ContractHref =>
  (contractId) =>
    href(c, `${basePath(municipalityId)}/contracts/${contractId}`);

/** The ?page= of the list: 1 when absent, a 400 page when it is no page number. */
function pageNumber(c: Context<AppEnv>, s: Strings): number {
  const raw = c.req.query('page');
  if (raw === undefined || raw === '') return 1;
  if (!/^[1-9]\d{0,4}$/.test(raw)) throw badRequest(s.badPage, [{ name: 'query.page', reason: s.badPage }]);
  return Number(raw);
}

/** A success message named after the provider (?done=…&provider=…); only a provider's id is in the URL. */
async function doneMessage(c: Context<AppEnv>, s: Strings) {
  const done = c.req.query('done');
  const providerId = c.req.query('provider');
  if (!done || !providerId || !(done in s.done) || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(providerId)) return null;
  let name: string;
  try {
    name = (await getProvider(c.get('trx'), providerId)).name;
  } catch {
    return null;
  }
  return <Alert type="ok">{s.done[done as keyof Strings['done']](name)}</Alert>;
}

export function providerPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);

  // ---- the list and the register search: listMunicipalityProviders (+ listProviders for ?q=) ----
  pages.get(`${BASE}/providers`, asOperation(routes.listRelations), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const municipalityId = c.req.param('municipalityId');
    const trx = c.get('trx');
    const page = pageNumber(c, s);
    const rows = await listRelationOverview(trx, municipalityId, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    const relations = rows.slice(0, PAGE_SIZE);
    const more = rows.length > PAGE_SIZE;
    const self = providersPath(municipalityId);

    // The search, checked with the API's own schema for `q`.
    const typed = c.req.query('q');
    let term: string | null = null;
    const errors: FieldErrors = {};
    if (typed !== undefined) {
      try {
        term = validateForm(ProviderSearchTerm, typed);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 400)) throw error;
        Object.assign(errors, { q: s.searchError });
      }
    }
    const found = term ? await listProviders(trx, RESULTS, { q: term }) : [];
    const results = found.slice(0, RESULTS);
    const related = await relatedProviderIds(trx, municipalityId, results.map((p) => p.id));
    const canAdd = manages(c);
    const done = await doneMessage(c, s);

    const body = (
      <div class="vv-providers-page">
        {done}
        <ErrorSummary errors={errors} locale={locale} labels={{ q: s.searchLabel }} />
        <p class="utrecht-paragraph">{s.intro}</p>
        {relations.length === 0 ? (
          <p class="utrecht-paragraph" id="no-providers">
            {s.none}
          </p>
        ) : (
          <DataTable label={s.caption} caption={s.caption} captionVisible id="providers" columns={[s.name, s.agb, s.kvk, s.contracts, s.activeContracts]}>
            {relations.map((p) => (
              <tr class="utrecht-table__row" data-provider={p.id}>
                <th class="utrecht-table__header-cell" scope="row">
                  <a class="utrecht-link" href={href(c, `${self}/${p.id}`)}>
                    {p.name}
                  </a>
                </th>
                <td class="utrecht-table__cell">{p.agbCode}</td>
                <td class="utrecht-table__cell">{p.kvkNumber}</td>
                <td class="utrecht-table__cell utrecht-table__cell--numeric">{String(p.contracts)}</td>
                <td class="utrecht-table__cell utrecht-table__cell--numeric">{String(p.activeContracts)}</td>
              </tr>
            ))}
          </DataTable>
        )}
        {page > 1 || more ? (
          <nav class="vv-actions" aria-label={s.pages}>
            {page > 1 ? (
              <a class="utrecht-link" href={href(c, self, { page: page > 2 ? String(page - 1) : null })}>
                {s.previous}
              </a>
            ) : null}
            {more ? (
              <a class="utrecht-link" href={href(c, self, { page: String(page + 1) })}>
                {s.next}
              </a>
            ) : null}
          </nav>
        ) : null}

        <h2 class="utrecht-heading-2" id="search-title">
          {s.searchTitle}
        </h2>
        <p class="utrecht-paragraph">{s.searchIntro}</p>
        <form method="get" action={self} aria-labelledby="search-title" novalidate>
          {c.req.query('lang') === 'en' || c.req.query('lang') === 'nl' ? <input type="hidden" name="lang" value={locale} /> : null}
          <TextField name="q" type="search" label={s.searchLabel} hint={s.searchHint} value={typed ?? ''} error={errors.q} maxlength={100} spellcheck={false} autocomplete="off" />
          <div class="vv-actions">
            <Button>{s.search}</Button>
          </div>
        </form>
        {term !== null ? (
          results.length === 0 ? (
            <p class="utrecht-paragraph" id="search-results" role="status">
              {s.noResults(term)}
            </p>
          ) : (
            <>
              <p class="utrecht-paragraph" id="search-results" role="status">
                {s.results(results.length, term)}
                {found.length > RESULTS ? ` ${s.more(RESULTS)}` : ''}
              </p>
              {canAdd ? null : <p class="utrecht-paragraph">{s.onlyManagers}</p>}
              <DataTable label={s.resultsCaption} caption={s.resultsCaption} id="register" columns={[s.name, s.agb, s.kvk, s.action]}>
                {results.map((p) => (
                  <tr class="utrecht-table__row" data-provider={p.id}>
                    <th class="utrecht-table__header-cell" scope="row">
                      {p.name}
                    </th>
                    <td class="utrecht-table__cell">{p.agbCode}</td>
                    <td class="utrecht-table__cell">{p.kvkNumber}</td>
                    <td class="utrecht-table__cell">
                      {related.has(p.id) ? (
                        <a class="utrecht-link" href={href(c, `${self}/${p.id}`)}>
                          {s.already}
                        </a>
                      ) : canAdd ? (
                        <form method="post" action={href(c, self, { q: term })}>
                          <input type="hidden" name="providerId" value={p.id} />
                          <button type="submit" class="utrecht-button utrecht-button--secondary-action utrecht-button--small" aria-label={s.addLabel(p.name)}>
                            {s.add}
                          </button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </DataTable>
            </>
          )
        ) : null}
      </div>
    );
    return staffPage(c, { title: s.title, body, width: 'wide', status: Object.keys(errors).length > 0 ? 400 : 200 });
  });

  // ---- add a relation: addMunicipalityProvider; back to the list (the search kept) with a message ----
  pages.post(`${BASE}/providers`, asOperation(routes.addRelation), async (c) => {
    const municipalityId = c.req.param('municipalityId');
    const form = await c.req.parseBody();
    const input = validateForm(CreateRelation, { providerId: typeof form.providerId === 'string' ? form.providerId : '' });
    let done: 'added' | 'already' = 'added';
    try {
      const relation = await addRelation(c.get('trx'), municipalityId, input.providerId);
      c.set('auditSubject', { type: 'provider', id: relation.providerId });
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409)) throw error;
      done = 'already';
    }
    const q = c.req.query('q');
    return seeOther(c, href(c, providersPath(municipalityId), { q: q && q.length <= 100 ? q : null, done, provider: input.providerId }));
  });

  // ---- one provider: details, contracts with this municipality, figures against the targets ----
  pages.get(PROVIDER, asOperation(routes.listRelations), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const municipalityId = c.req.param('municipalityId');
    const providerId = c.req.param('providerId');
    const trx = c.get('trx');
    const provider = await getRelation(trx, municipalityId, providerId);
    const now = nowOf(c);
    const query = parseIndicatorQuery({ period: c.req.query('period'), asOf: c.req.query('asOf') }, now, { defaultPeriod: defaultPeriod(now) });
    const contracts = await listContracts(trx, { tenantId: municipalityId }, { limit: 200, providerId });
    const report = await computeIndicators(trx, municipalityId, { ...query, providerId });
    const group = report.groups.find((g) => g.level === 'provider');
    const categories = report.groups.filter((g) => g.level === 'category').map((g) => `${g.productCategory} ${JZ020[g.productCategory as Jz020Code]?.[locale] ?? ''}`.trim());
    const options = periodOptions(now, locale);
    if (!options.some((o) => o.value === query.period.label)) options.unshift({ value: query.period.label, label: query.period.label });
    const periodName = options.find((o) => o.value === query.period.label)?.label ?? query.period.label;
    const self = `${providersPath(municipalityId)}/${providerId}`;
    const contractHref = contractHrefOf(c, municipalityId);
    const done = await doneMessage(c, s);
    const hasFigures = group?.figures.some((f) => f.suppressed || f.value !== null || f.target) ?? false;

    const body = (
      <div class="vv-providers-page">
        {done}
        <h2 class="utrecht-heading-2">{s.details}</h2>
        <dl class="utrecht-data-list" id="provider-details">
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.agb}</dt>
            <dd class="utrecht-data-list__item-value">{provider.agbCode}</dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.kvk}</dt>
            <dd class="utrecht-data-list__item-value">{provider.kvkNumber}</dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.relatedSince}</dt>
            <dd class="utrecht-data-list__item-value">{formatDate(provider.relatedAt, locale)}</dd>
          </div>
        </dl>

        <h2 class="utrecht-heading-2">{s.contractsTitle}</h2>
        {contracts.length === 0 ? (
          <p class="utrecht-paragraph" id="no-contracts">
            {s.noContracts}
          </p>
        ) : (
          <DataTable label={s.contractsCaption(provider.name)} caption={s.contractsCaption(provider.name)} id="contracts" columns={[s.reference, s.status, s.period]}>
            {contracts.map((k) => (
              <tr class="utrecht-table__row" data-contract={k.id}>
                <th class="utrecht-table__header-cell" scope="row">
                  <a class="utrecht-link" href={contractHref(k.id)}>
                    {k.reference}
                  </a>
                </th>
                <td class="utrecht-table__cell">{s.statuses[k.status] ?? k.status}</td>
                <td class="utrecht-table__cell">{`${formatDate(k.startDate, locale)} – ${formatDate(k.endDate, locale)}`}</td>
              </tr>
            ))}
          </DataTable>
        )}

        <h2 class="utrecht-heading-2" id="figures-title">
          {s.figuresTitle}
        </h2>
        <p class="utrecht-paragraph">{s.figuresIntro}</p>
        <form class="period" method="get" action={self}>
          <input type="hidden" name="lang" value={locale} />
          <div>
            <label for="period">{s.periodLabel}</label>
            <select id="period" name="period">
              {options.map((o) => (
                <option value={o.value} selected={o.value === query.period.label}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{s.show}</button>
        </form>
        {group && hasFigures ? (
          <>
            <ProviderFigureTable group={group} locale={locale} contractHref={contractHref} caption={s.figuresCaption(periodName)} />
            {categories.length > 0 ? <p class="hint">{s.categories(categories.join(', '))}</p> : null}
          </>
        ) : (
          <p class="utrecht-paragraph" id="no-figures">
            {s.noFigures}
          </p>
        )}
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, indicatorsPath(municipalityId), { period: query.period.label.includes('/') ? null : query.period.label })}>
            {s.allIndicators}
          </a>
        </p>

        {manages(c) ? (
          <>
            <h2 class="utrecht-heading-2">{s.removeTitle}</h2>
            <p class="utrecht-paragraph">{s.removeIntro}</p>
            <p class="utrecht-paragraph">
              <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href={href(c, `${self}/remove`)}>
                {s.removeLink(provider.name)}
              </a>
            </p>
          </>
        ) : null}
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, providersPath(municipalityId))}>
            {s.back}
          </a>
        </p>
      </div>
    );
    return staffPage(c, { title: provider.name, body, width: 'wide' });
  });

  // ---- end the relation: a confirmation step (GET), then removeMunicipalityProvider (POST) ----
  const confirmPage = async (c: Context<AppEnv>, refusal?: string) => {
    const locale = localeOf(c);
    const s = T[locale];
    const municipalityId = c.req.param('municipalityId') as string;
    const providerId = c.req.param('providerId') as string;
    const provider = await getRelation(c.get('trx'), municipalityId, providerId);
    const self = `${providersPath(municipalityId)}/${providerId}`;
    const body = (
      <div class="vv-providers-page">
        {refusal ? (
          <Alert type="error" title={s.failed}>
            <p class="utrecht-paragraph">{refusal}</p>
          </Alert>
        ) : null}
        <p class="utrecht-paragraph">{s.removeExplain}</p>
        <form method="post" action={href(c, `${self}/remove`)}>
          <div class="vv-actions">
            <Button>{s.removeYes}</Button>
            <a class="utrecht-link" href={href(c, self)}>
              {s.no}
            </a>
          </div>
        </form>
      </div>
    );
    return staffPage(c, { title: s.removeConfirmTitle(provider.name), body, status: refusal ? 409 : 200 });
  };

  pages.get(`${PROVIDER}/remove`, asOperation(routes.removeRelation), (c) => confirmPage(c));
  pages.post(`${PROVIDER}/remove`, asOperation(routes.removeRelation), async (c) => {
    const s = T[localeOf(c)];
    const municipalityId = c.req.param('municipalityId');
    const providerId = c.req.param('providerId');
    try {
      await removeRelation(c.get('trx'), municipalityId, providerId);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.slug === 'has-contracts') return confirmPage(c, s.hasContracts);
      throw error;
    }
    return seeOther(c, href(c, providersPath(municipalityId), { done: 'removed', provider: providerId }));
  });

  return pages;
}
