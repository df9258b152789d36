// The indicators dashboard for municipal staff: server-rendered, no JavaScript, Dutch by default
// and English. Each indicator has an SVG bar chart per provider and the same figures in a real
// table, so the chart is never the only carrier. Figures come from the same service as the API,
// so suppression and targets are decided in one place.
import { Hono } from 'hono';
import { JZ020, type Jz020Code } from '../../domain/ijw.js';
import { OUTCOME_INDICATORS, type OutcomeIndicator } from '../../domain/outcomes.js';
import { nowOf } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { type Locale, localeOf, readableDate } from '../../platform/http/page.js';
import { appFailurePage, asOperation, href, staffPage } from '../../platform/http/pages.js';
import { routes } from './routes.js';
import { type Figure, type Group, type IndicatorReport, computeIndicators, parseIndicatorQuery } from './service.js';
import { yearMonthInAmsterdam } from '../../platform/dates.js';

/** The dashboard's words; the provider portal's indicators page uses them too. */
export const INDICATOR_TEXT = {
  nl: {
    title: 'Uitkomstindicatoren',
    intro: 'Cijfers over jongeren van wie de hulp eindigde in de gekozen periode, per zorgaanbieder. Een cijfer dat op te weinig jongeren rust, tonen we niet: zo blijft niemand herkenbaar.',
    period: 'Periode',
    show: 'Toon cijfers',
    total: 'Hele gemeente',
    provider: 'Zorgaanbieder',
    value: 'Waarde',
    n: 'Aantal jongeren',
    target: 'Doel uit contract',
    assessment: 'Beoordeling',
    tooFew: 'te weinig jongeren',
    hiddenToo: 'niet getoond (anders af te leiden)',
    noData: 'geen gegevens',
    met: 'gehaald',
    notMet: 'niet gehaald',
    notEnough: 'niet te beoordelen',
    atMost: 'hoogstens',
    atLeast: 'minstens',
    none: '–',
    chartDesc: (name: string) => `Staafdiagram van ${name} per zorgaanbieder. Dezelfde cijfers staan in de tabel hieronder.`,
    threshold: (n: number) => `Cijfers op minder dan ${n} jongeren tonen we niet.`,
    periodText: (from: string, to: string) => `Einddatum tussen ${from} en ${to}.`,
    halfYear: (y: string, h: string) => `${h === '1' ? 'Eerste' : 'Tweede'} helft ${y}`,
    year: (y: string) => `Heel ${y}`,
    categories: 'Per productcategorie',
    category: 'Productcategorie',
    skipTo: 'Ga naar indicator',
    contract: (reference: string) => `contract ${reference}`,
    targetOf: (reference: string) => `Doel uit contract ${reference}`,
    indicator: 'Indicator',
  },
  en: {
    title: 'Outcome indicators',
    intro: 'Figures about young people whose help ended in the chosen period, per care provider. A figure that rests on too few young people is not shown, so that nobody can be recognised.',
    period: 'Period',
    show: 'Show figures',
    total: 'Whole municipality',
    provider: 'Care provider',
    value: 'Value',
    n: 'Young people',
    target: 'Contract target',
    assessment: 'Assessment',
    tooFew: 'too few young people',
    hiddenToo: 'not shown (could be derived)',
    noData: 'no data',
    met: 'met',
    notMet: 'not met',
    notEnough: 'cannot be judged',
    atMost: 'at most',
    atLeast: 'at least',
    none: '–',
    chartDesc: (name: string) => `Bar chart of ${name} per care provider. The same figures are in the table below.`,
    threshold: (n: number) => `Figures resting on fewer than ${n} young people are not shown.`,
    periodText: (from: string, to: string) => `End date between ${from} and ${to}.`,
    halfYear: (y: string, h: string) => `${h === '1' ? 'First' : 'Second'} half of ${y}`,
    year: (y: string) => `All of ${y}`,
    categories: 'Per product category',
    category: 'Product category',
    skipTo: 'Go to indicator',
    contract: (reference: string) => `contract ${reference}`,
    targetOf: (reference: string) => `Target from contract ${reference}`,
    indicator: 'Indicator',
  },
} as const;
const T = INDICATOR_TEXT;

const formatNumber = (value: number, locale: Locale) => value.toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const formatValue = (f: Pick<Figure, 'unit'>, value: number, locale: Locale) => (f.unit === 'percent' ? `${formatNumber(value, locale)}%` : formatNumber(value, locale));

function suppressedText(f: Figure, locale: Locale): string {
  if (f.suppressionReason === 'complementary') return T[locale].hiddenToo;
  return T[locale].tooFew;
}

function cellValue(f: Figure, locale: Locale) {
  if (f.suppressed) return <span class="sup">{suppressedText(f, locale)}</span>;
  if (f.value === null) return <span class="sup">{T[locale].noData}</span>;
  return formatValue(f, f.value, locale);
}

function assessmentText(f: Figure, locale: Locale) {
  const s = T[locale];
  if (!f.target) return s.none;
  if (f.target.assessment === 'met') return <span class="met">✓ {s.met}</span>;
  if (f.target.assessment === 'not-met') return <span class="notmet">✗ {s.notMet}</span>;
  return <span class="sup">{s.notEnough}</span>;
}

function targetText(f: Figure, locale: Locale) {
  if (!f.target) return T[locale].none;
  return `${f.target.comparator === 'at-most' ? T[locale].atMost : T[locale].atLeast} ${formatValue(f, f.target.value, locale)}`;
}

/** Where a contract's page is: the target links there. */
export type ContractHref = (contractId: string) => string;

/** The target, and the contract it is agreed in as a link. */
function TargetCell(props: { f: Figure; locale: Locale; contractHref: ContractHref }) {
  const { f, locale } = props;
  if (!f.target) return <>{T[locale].none}</>;
  return (
    <>
      {targetText(f, locale)}{' '}
      <span class="vv-target-contract">
        (
        <a class="utrecht-link" href={props.contractHref(f.target.contractId)} data-contract={f.target.contractId}>
          {T[locale].contract(f.target.contractReference)}
        </a>
        )
      </span>
    </>
  );
}

const groupName = (g: Group, locale: Locale) => (g.level === 'total' ? T[locale].total : (g.providerName ?? g.providerId ?? ''));

/** One horizontal bar per row; suppressed rows get the words instead of a bar. */
function Chart(props: { id: string; name: string; rows: { label: string; figure: Figure }[]; locale: Locale }) {
  const { rows, locale } = props;
  const unit = rows[0]?.figure.unit ?? 'percent';
  const max = unit === 'percent' ? 100 : 10;
  const labelWidth = 190;
  const barWidth = 300;
  const rowHeight = 30;
  const height = rows.length * rowHeight + 10;
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  const clip = (s: string) => (s.length > 26 ? `${s.slice(0, 25)}…` : s);
  return (
    <svg role="img" aria-labelledby={`${titleId} ${descId}`} viewBox={`0 0 ${labelWidth + barWidth + 130} ${height}`} width={labelWidth + barWidth + 130} height={height} xmlns="http://www.w3.org/2000/svg">
      <title id={titleId}>{props.name}</title>
      <desc id={descId}>
        {`${T[locale].chartDesc(props.name)} ${rows.map((r) => `${r.label}: ${r.figure.suppressed ? suppressedText(r.figure, locale) : r.figure.value === null ? T[locale].noData : formatValue(r.figure, r.figure.value, locale)}`).join('; ')}.`}
      </desc>
      {rows.map((r, i) => {
        const y = i * rowHeight + 5;
        const f = r.figure;
        const width = f.value === null || f.suppressed ? 0 : Math.max(1, Math.round((f.value / max) * barWidth));
        const targetX = f.target ? labelWidth + Math.round((Math.min(f.target.value, max) / max) * barWidth) : null;
        return (
          <g>
            <text x={labelWidth - 8} y={y + 19} text-anchor="end" font-size="13" fill="#1a1a1a">
              {clip(r.label)}
            </text>
            <rect x={labelWidth} y={y + 4} width={barWidth} height={20} fill="#eeeeea" />
            {width > 0 ? <rect x={labelWidth} y={y + 4} width={width} height={20} fill={i === 0 && r.figure.target === undefined ? '#1a1a1a' : '#0b5394'} /> : null}
            {targetX !== null ? <line x1={targetX} x2={targetX} y1={y} y2={y + 28} stroke="#a3001b" stroke-width="3" /> : null}
            <text x={labelWidth + barWidth + 8} y={y + 19} font-size="13" fill={f.suppressed || f.value === null ? '#4a4a4a' : '#1a1a1a'}>
              {f.suppressed ? suppressedText(f, locale) : f.value === null ? T[locale].noData : formatValue(f, f.value, locale)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** One indicator: its chart and the same figures in a table (the provider portal shows its own groups with it). */
export function IndicatorSection(props: { indicator: OutcomeIndicator; report: IndicatorReport; locale: Locale; contractHref: ContractHref }) {
  const { indicator, report, locale } = props;
  const s = T[locale];
  const name = OUTCOME_INDICATORS[indicator][locale];
  const id = `ind-${indicator}`;
  const figureOf = (g: Group) => g.figures.find((f) => f.indicator === indicator) as Figure;
  const main = report.groups.filter((g) => g.level !== 'category');
  const categories = report.groups.filter((g) => g.level === 'category');
  const headingId = `${id}-h`;
  return (
    <section class="fig" aria-labelledby={headingId}>
      <h2 id={headingId}>{name}</h2>
      <Chart id={id} name={name} rows={main.map((g) => ({ label: groupName(g, locale), figure: figureOf(g) }))} locale={locale} />
      {/* A table wider than a phone scrolls; keyboard users reach it through tabindex. */}
      <section class="scroll" aria-label={name} tabindex={0}>
        <table>
          <caption class="hint">
            {name}
          </caption>
          <thead>
            <tr>
              <th scope="col">{s.provider}</th>
              <th scope="col" class="num">
                {s.value}
              </th>
              <th scope="col" class="num">
                {s.n}
              </th>
              <th scope="col">{s.target}</th>
              <th scope="col">{s.assessment}</th>
            </tr>
          </thead>
          <tbody>
            {main.map((g) => {
              const f = figureOf(g);
              return (
                <tr data-provider={g.providerId ?? 'total'}>
                  <th scope="row">{groupName(g, locale)}</th>
                  <td class="num">{cellValue(f, locale)}</td>
                  <td class="num">{f.n === null ? s.none : String(f.n)}</td>
                  <td>{g.level === 'provider' ? <TargetCell f={f} locale={locale} contractHref={props.contractHref} /> : s.none}</td>
                  <td>{g.level === 'provider' ? assessmentText(f, locale) : s.none}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      {categories.length > 0 ? (
        <details>
          <summary>{s.categories}</summary>
          <section class="scroll" aria-label={`${name}: ${s.categories.toLowerCase()}`} tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{s.provider}</th>
                  <th scope="col">{s.category}</th>
                  <th scope="col" class="num">
                    {s.value}
                  </th>
                  <th scope="col" class="num">
                    {s.n}
                  </th>
                </tr>
              </thead>
              <tbody>
                {categories.map((g) => {
                  const f = figureOf(g);
                  const cat = g.productCategory as Jz020Code;
                  return (
                    <tr>
                      <th scope="row">{groupName(g, locale)}</th>
                      <td>{`${cat} ${JZ020[cat]?.[locale] ?? ''}`}</td>
                      <td class="num">{cellValue(f, locale)}</td>
                      <td class="num">{f.n === null ? s.none : String(f.n)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        </details>
      ) : null}
    </section>
  );
}

/**
 * One provider's figures as a table (indicator, value, young people, target with its contract,
 * assessment): for the provider's page. The group comes from computeIndicators, suppression included.
 */
export function ProviderFigureTable(props: { group: Group; locale: Locale; contractHref: ContractHref; caption: string }) {
  const { group, locale } = props;
  const s = T[locale];
  return (
    <section class="scroll" aria-label={props.caption} tabindex={0}>
      <table id="provider-figures">
        <caption class="hint">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{s.indicator}</th>
            <th scope="col" class="num">
              {s.value}
            </th>
            <th scope="col" class="num">
              {s.n}
            </th>
            <th scope="col">{s.target}</th>
            <th scope="col">{s.assessment}</th>
          </tr>
        </thead>
        <tbody>
          {group.figures.map((f) => (
            <tr data-indicator={f.indicator}>
              <th scope="row">{OUTCOME_INDICATORS[f.indicator][locale]}</th>
              <td class="num">{cellValue(f, locale)}</td>
              <td class="num">{f.n === null ? s.none : String(f.n)}</td>
              <td>
                <TargetCell f={f} locale={locale} contractHref={props.contractHref} />
              </td>
              <td>{assessmentText(f, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Half-years and years from this year back four years, newest first. */
export function periodOptions(now: Date, locale: Locale): { value: string; label: string }[] {
  const { year } = yearMonthInAmsterdam(now);
  const out: { value: string; label: string }[] = [];
  for (let y = year; y >= year - 4; y--) {
    const ys = String(y);
    out.push({ value: `${ys}-H2`, label: T[locale].halfYear(ys, '2') }, { value: `${ys}-H1`, label: T[locale].halfYear(ys, '1') }, { value: ys, label: T[locale].year(ys) });
  }
  return out;
}

/** The last half-year that has ended: what CBS would publish next. */
export function defaultPeriod(now: Date): string {
  const { year: y, month } = yearMonthInAmsterdam(now);
  return month <= 6 ? `${y - 1}-H2` : `${y}-H1`;
}

/** The dashboard in the staff app; its old address (/dashboard/…) still leads there. */
export const indicatorsPath = (municipalityId: string) => `/app/municipalities/${municipalityId}/indicators`;

export function indicatorPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  // Bookmarks and links from before the staff app: the same page at its new address, query kept.
  pages.get('/dashboard/municipalities/:municipalityId/indicators', (c) => {
    const query = new URL(c.req.url).search;
    return c.redirect(`${indicatorsPath(c.req.param('municipalityId'))}${query}`, 301);
  });

  // As the API's municipal indicators (same access: every municipal role; the second factor first).
  pages.get('/app/municipalities/:municipalityId/indicators', asOperation(routes.municipal), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const now = nowOf(c);
    const tenantId = c.get('tenantId') as string;
    const trx = c.get('trx');
    const raw = { period: c.req.query('period'), from: c.req.query('from'), to: c.req.query('to'), asOf: c.req.query('asOf') };
    const q = parseIndicatorQuery(raw, now, { defaultPeriod: defaultPeriod(now) });
    const report = await computeIndicators(trx, tenantId, q);
    const self = indicatorsPath(tenantId);
    const contractHref: ContractHref = (contractId) => href(c, `/app/municipalities/${tenantId}/contracts/${contractId}`);
    const options = periodOptions(now, locale);
    if (!options.some((o) => o.value === q.period.label)) options.unshift({ value: q.period.label, label: q.period.label });
    const body = (
      <>
        <p>{s.intro}</p>
        <form class="period" method="get" action={self}>
          <input type="hidden" name="lang" value={locale} />
          <div>
            <label for="period">{s.period}</label>
            <select id="period" name="period">
              {options.map((o) => (
                <option value={o.value} selected={o.value === q.period.label}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{s.show}</button>
        </form>
        <p class="hint">
          {s.periodText(readableDate(q.period.from, locale), readableDate(q.period.to, locale))} {s.threshold(report.threshold)}
        </p>
        <nav class="toc" aria-label={s.skipTo}>
          <ul>
            {(Object.keys(OUTCOME_INDICATORS) as OutcomeIndicator[]).map((i) => (
              <li>
                <a href={`#ind-${i}-h`}>{OUTCOME_INDICATORS[i][locale]}</a>
              </li>
            ))}
          </ul>
        </nav>
        {(Object.keys(OUTCOME_INDICATORS) as OutcomeIndicator[]).map((indicator) => (
          <IndicatorSection indicator={indicator} report={report} locale={locale} contractHref={contractHref} />
        ))}
      </>
    );
    return staffPage(c, { title: s.title, body, width: 'wide' });
  });
  return pages;
}
