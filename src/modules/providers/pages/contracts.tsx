// The provider portal's contracts: what the provider concluded with every municipality it works
// with, read-only (a municipality drafts and changes them). The list and one contract's terms,
// tariffs, period and targets, through listProviderContracts and getProviderContract (the same
// access — the provider's staff — and the same processing log as the API's operations).
import { Hono } from 'hono';
import { EXECUTION_VARIANTS, FREQUENCIES, JZ020, WJ756_UNITS } from '../../../domain/ijw.js';
import { OUTCOME_INDICATORS } from '../../../domain/outcomes.js';
import { formatDate } from '../../../platform/dates.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { toPage } from '../../../platform/http/openapi.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { appFailurePage, asOperation, href, staffPage } from '../../../platform/http/pages.js';
import { DataTable } from '../../../platform/ui/form.js';
import { routes as contractRoutes } from '../../contracts/routes.js';
import type { ContractStatus } from '../../contracts/schemas.js';
import { euros, getContract, listContracts } from '../../contracts/service.js';
import { PROVIDER_BASE, UUID_PARAM, portalPath, uuidOrUndefined } from './kit.js';

const T = {
  nl: {
    title: 'Contracten',
    intro: 'De contracten die gemeenten met uw organisatie hebben gesloten. U kunt ze hier inzien; een wijziging spreekt u af met de gemeente.',
    caption: 'Contracten met gemeenten',
    none: 'Er zijn nog geen contracten met uw organisatie gesloten.',
    reference: 'Kenmerk',
    municipality: 'Gemeente',
    status: 'Status',
    period: 'Looptijd',
    notice: 'Opzeggen vóór',
    statuses: { draft: 'concept', active: 'lopend', suspended: 'opgeschort', ended: 'beëindigd' } as Record<ContractStatus, string>,
    next: 'Volgende pagina',
    first: 'Naar de eerste pagina',
    contractTitle: (ref: string) => `Contract ${ref}`,
    terms: 'Voorwaarden',
    legalFramework: 'Wettelijk kader',
    frameworks: { jeugdwet: 'Jeugdwet', wmo: 'Wmo 2015' } as Record<string, string>,
    version: 'Versie',
    versionText: (v: number, from: string) => `${v}, geldig vanaf ${from}`,
    noticePeriod: 'Opzegtermijn',
    months: (n: number) => `${n} ${n === 1 ? 'maand' : 'maanden'}`,
    renewal: 'Verlenging',
    renewalAuto: (n: number | null) => `stilzwijgend, telkens ${n ?? '?'} ${n === 1 ? 'maand' : 'maanden'}`,
    renewalNone: 'geen',
    products: 'Producten en tarieven',
    productsCaption: 'Producten met hun tarieven',
    product: 'Product',
    category: 'Categorie',
    variant: 'Uitvoeringsvariant',
    unit: 'Eenheid',
    tariff: 'Tarief',
    validity: 'Geldig',
    targets: 'Prestatieafspraken',
    targetsCaption: 'Doelen op uitkomstindicatoren',
    noTargets: 'Dit contract bevat geen doelen op uitkomsten.',
    indicator: 'Indicator',
    target: 'Doel',
    atMost: 'hoogstens',
    atLeast: 'minstens',
    budgets: 'Budgetplafonds',
    budgetsCaption: 'Budgetplafond per jaar',
    year: 'Jaar',
    ceiling: 'Plafond',
    back: 'Terug naar de contracten',
    range: (from: string, to: string) => `${from} t/m ${to}`,
  },
  en: {
    title: 'Contracts',
    intro: 'The contracts municipalities have concluded with your organisation. You can read them here; a change is agreed with the municipality.',
    caption: 'Contracts with municipalities',
    none: 'No contracts have been concluded with your organisation yet.',
    reference: 'Reference',
    municipality: 'Municipality',
    status: 'Status',
    period: 'Period',
    notice: 'Give notice before',
    statuses: { draft: 'draft', active: 'active', suspended: 'suspended', ended: 'ended' } as Record<ContractStatus, string>,
    next: 'Next page',
    first: 'Go to the first page',
    contractTitle: (ref: string) => `Contract ${ref}`,
    terms: 'Terms',
    legalFramework: 'Legal framework',
    frameworks: { jeugdwet: 'Youth Act (Jeugdwet)', wmo: 'Social Support Act (Wmo 2015)' } as Record<string, string>,
    version: 'Version',
    versionText: (v: number, from: string) => `${v}, in force from ${from}`,
    noticePeriod: 'Notice period',
    months: (n: number) => `${n} ${n === 1 ? 'month' : 'months'}`,
    renewal: 'Renewal',
    renewalAuto: (n: number | null) => `automatic, each time ${n ?? '?'} ${n === 1 ? 'month' : 'months'}`,
    renewalNone: 'none',
    products: 'Products and tariffs',
    productsCaption: 'Products with their tariffs',
    product: 'Product',
    category: 'Category',
    variant: 'Execution variant',
    unit: 'Unit',
    tariff: 'Tariff',
    validity: 'Valid',
    targets: 'Performance targets',
    targetsCaption: 'Targets on outcome indicators',
    noTargets: 'This contract has no targets on outcomes.',
    indicator: 'Indicator',
    target: 'Target',
    atMost: 'at most',
    atLeast: 'at least',
    budgets: 'Budget ceilings',
    budgetsCaption: 'Budget ceiling per year',
    year: 'Year',
    ceiling: 'Ceiling',
    back: 'Back to the contracts',
    range: (from: string, to: string) => `${from} to ${to}`,
  },
} as const;

const PAGE_SIZE = 50;

function Item(props: { label: string; children: unknown; id?: string }) {
  return (
    <div class="utrecht-data-list__item">
      <dt class="utrecht-data-list__item-key">{props.label}</dt>
      <dd class="utrecht-data-list__item-value" id={props.id}>
        {props.children as string}
      </dd>
    </div>
  );
}

const targetValue = (indicator: keyof typeof OUTCOME_INDICATORS, value: number) => (OUTCOME_INDICATORS[indicator].unit === 'percent' ? `${value}%` : String(value));

export function providerContractPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);

  pages.get(`${PROVIDER_BASE}/contracts`, asOperation(contractRoutes.providerList), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const providerId = c.req.param('providerId') as string;
    const cursor = uuidOrUndefined(c.req.query('cursor'));
    const list = toPage(await listContracts(c.get('trx'), { providerId }, { limit: PAGE_SIZE, cursor }), PAGE_SIZE);
    const base = portalPath(providerId);
    const body = (
      <div class="vv-portal">
        <p class="utrecht-paragraph">{s.intro}</p>
        {list.items.length === 0 ? (
          <p class="utrecht-paragraph" id="no-contracts">
            {s.none}
          </p>
        ) : (
          <DataTable label={s.caption} caption={s.caption} id="contracts" columns={[s.reference, s.municipality, s.status, s.period, s.notice]}>
            {list.items.map((k) => (
              <tr class="utrecht-table__row" data-contract={k.id}>
                <th class="utrecht-table__header-cell" scope="row">
                  <a class="utrecht-link" href={href(c, `${base}/contracts/${k.id}`)}>
                    {k.reference}
                  </a>
                </th>
                <td class="utrecht-table__cell">{k.municipality.name ?? ''}</td>
                <td class="utrecht-table__cell">{s.statuses[k.status]}</td>
                <td class="utrecht-table__cell">{s.range(formatDate(k.startDate, locale), formatDate(k.endDate, locale))}</td>
                <td class="utrecht-table__cell">{formatDate(k.noticeDeadline, locale)}</td>
              </tr>
            ))}
          </DataTable>
        )}
        {cursor || list.nextCursor ? (
          <nav class="vv-actions" aria-label={s.caption}>
            {cursor ? (
              <a class="utrecht-link" href={href(c, `${base}/contracts`)}>
                {s.first}
              </a>
            ) : null}
            {list.nextCursor ? (
              <a class="utrecht-link" href={href(c, `${base}/contracts`, { cursor: list.nextCursor })}>
                {s.next}
              </a>
            ) : null}
          </nav>
        ) : null}
      </div>
    );
    return staffPage(c, { title: s.title, body, width: 'wide' });
  });

  pages.get(`${PROVIDER_BASE}/contracts/:contractId{${UUID_PARAM}}`, asOperation(contractRoutes.providerGet), async (c) => {
    const locale: Locale = localeOf(c);
    const s = T[locale];
    const providerId = c.req.param('providerId') as string;
    const k = await getContract(c.get('trx'), { providerId }, c.req.param('contractId') as string);
    const t = k.terms;
    const date = (d: string) => formatDate(d, locale);
    const body = (
      <div class="vv-portal">
        <dl class="utrecht-data-list" id="contract-facts">
          <Item label={s.municipality}>{k.municipality.name ?? ''}</Item>
          <Item label={s.status} id="contract-status">
            {s.statuses[k.status]}
          </Item>
          <Item label={s.period} id="contract-period">
            {s.range(date(t.startDate), date(t.endDate))}
          </Item>
          <Item label={s.legalFramework}>{s.frameworks[t.legalFramework] ?? t.legalFramework}</Item>
          <Item label={s.version}>{s.versionText(k.version, date(k.effectiveFrom))}</Item>
          <Item label={s.noticePeriod}>{s.months(t.noticePeriodMonths)}</Item>
          <Item label={s.notice}>{date(k.noticeDeadline)}</Item>
          <Item label={s.renewal}>{t.renewal === 'automatic' ? s.renewalAuto(t.renewalMonths) : s.renewalNone}</Item>
        </dl>

        <h2 class="utrecht-heading-2">{s.products}</h2>
        <DataTable label={s.productsCaption} caption={s.productsCaption} id="products" columns={[s.product, s.category, s.variant, s.unit, s.tariff, s.validity]}>
          {t.products.flatMap((p) =>
            p.tariffs.map((tariff, i) => (
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="row">
                  {i === 0 ? `${p.name}${p.productCode ? ` (${p.productCode})` : ''}` : <span class="vv-visually-hidden">{p.name}</span>}
                </th>
                <td class="utrecht-table__cell">{`${p.productCategory} ${JZ020[p.productCategory]?.[locale] ?? ''}`}</td>
                <td class="utrecht-table__cell">{EXECUTION_VARIANTS[p.executionVariant]?.[locale] ?? p.executionVariant}</td>
                <td class="utrecht-table__cell">{`${WJ756_UNITS[p.unit]?.[locale] ?? p.unit}, ${(FREQUENCIES[p.frequency]?.[locale] ?? p.frequency).toLowerCase()}`}</td>
                <td class="utrecht-table__cell vv-num">{euros(tariff.amountCents)}</td>
                <td class="utrecht-table__cell">{s.range(date(tariff.validFrom), date(tariff.validTo))}</td>
              </tr>
            )),
          )}
        </DataTable>

        <h2 class="utrecht-heading-2">{s.targets}</h2>
        {t.targets.length === 0 ? (
          <p class="utrecht-paragraph">{s.noTargets}</p>
        ) : (
          <DataTable label={s.targetsCaption} caption={s.targetsCaption} id="targets" columns={[s.indicator, s.target, s.period]}>
            {t.targets.map((g) => (
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="row">
                  {OUTCOME_INDICATORS[g.indicator]?.[locale] ?? g.indicator}
                </th>
                <td class="utrecht-table__cell">{`${g.comparator === 'at-most' ? s.atMost : s.atLeast} ${targetValue(g.indicator, g.value)}`}</td>
                <td class="utrecht-table__cell">{s.range(date(g.periodStart), date(g.periodEnd))}</td>
              </tr>
            ))}
          </DataTable>
        )}

        {t.budgets.length > 0 ? (
          <>
            <h2 class="utrecht-heading-2">{s.budgets}</h2>
            <DataTable label={s.budgetsCaption} caption={s.budgetsCaption} id="budgets" columns={[s.year, s.ceiling]}>
              {t.budgets.map((b) => (
                <tr class="utrecht-table__row">
                  <th class="utrecht-table__header-cell" scope="row">
                    {String(b.year)}
                  </th>
                  <td class="utrecht-table__cell vv-num">{euros(b.ceilingCents)}</td>
                </tr>
              ))}
            </DataTable>
          </>
        ) : null}

        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, `${portalPath(providerId)}/contracts`)}>
            {s.back}
          </a>
        </p>
      </div>
    );
    return staffPage(c, { title: s.contractTitle(k.reference), body, width: 'wide' });
  });

  return pages;
}


