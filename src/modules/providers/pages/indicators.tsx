// The provider's own outcome indicators in one municipality it works with, for a period: the same
// figures as the API's getProviderIndicators (computeProviderIndicators), so the threshold and the
// small-number suppression are the municipal dashboard's, decided in one place; drawn with the
// dashboard's own charts and tables (indicators/pages.tsx). Choosing the municipality and period is
// a GET form: no JavaScript, and the choice is a link one can keep.
import { Hono } from 'hono';
import { OUTCOME_INDICATORS, type OutcomeIndicator } from '../../../domain/outcomes.js';
import { nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { localeOf, readableDate } from '../../../platform/http/page.js';
import { appFailurePage, asOperation, staffPage } from '../../../platform/http/pages.js';
import { INDICATOR_TEXT, IndicatorSection, defaultPeriod, periodOptions } from '../../indicators/views.js';
import { routes as indicatorRoutes } from '../../indicators/routes.js';
import { computeProviderIndicators, parseIndicatorQuery } from '../../indicators/service.js';
import { listRelationsOfProvider } from '../service.js';
import { PROVIDER_BASE, portalPath } from './kit.js';

const T = {
  nl: {
    title: 'Indicatoren',
    intro: 'De uitkomsten van uw eigen trajecten in een gemeente waarmee u werkt, met dezelfde definities en dezelfde regels als de gemeente ziet. Een cijfer dat op te weinig jongeren rust, tonen we niet: zo blijft niemand herkenbaar.',
    municipality: 'Gemeente',
    none: 'Uw organisatie werkt nog met geen enkele gemeente samen. Zodra een gemeente met u werkt, ziet u hier uw cijfers.',
  },
  en: {
    title: 'Indicators',
    intro: 'The outcomes of your own trajectories in a municipality you work with, with the same definitions and the same rules as the municipality sees. A figure that rests on too few young people is not shown, so that nobody can be recognised.',
    municipality: 'Municipality',
    none: 'Your organisation does not work with any municipality yet. Once a municipality works with you, your figures appear here.',
  },
} as const;

export function providerIndicatorPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);

  pages.get(`${PROVIDER_BASE}/indicators`, asOperation(indicatorRoutes.providerView), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const d = INDICATOR_TEXT[locale];
    const providerId = c.req.param('providerId') as string;
    const trx = c.get('trx');
    const now = nowOf(c);
    const relations = await listRelationsOfProvider(trx, providerId, 200);
    if (relations.length === 0) {
      return staffPage(c, {
        title: s.title,
        body: (
          <p class="utrecht-paragraph" id="no-municipalities">
            {s.none}
          </p>
        ),
      });
    }
    const chosen = c.req.query('municipality');
    // Only a municipality the provider works with; anything else falls back to the first one.
    const municipality = relations.find((r) => r.municipalityId === chosen) ?? (relations[0] as (typeof relations)[number]);
    const q = parseIndicatorQuery({ period: c.req.query('period') }, now, { defaultPeriod: defaultPeriod(now) });
    const report = await computeProviderIndicators(trx, providerId, municipality.municipalityId, q);
    const options = periodOptions(now, locale);
    if (!options.some((o) => o.value === q.period.label)) options.unshift({ value: q.period.label, label: q.period.label });
    const body = (
      <>
        <p>{s.intro}</p>
        <form class="period" method="get" action={`${portalPath(providerId)}/indicators`}>
          <input type="hidden" name="lang" value={locale} />
          <div>
            <label for="municipality">{s.municipality}</label>
            <select id="municipality" name="municipality">
              {relations.map((r) => (
                <option value={r.municipalityId} selected={r.municipalityId === municipality.municipalityId}>
                  {r.municipalityName}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="period">{d.period}</label>
            <select id="period" name="period">
              {options.map((o) => (
                <option value={o.value} selected={o.value === q.period.label}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{d.show}</button>
        </form>
        <p class="hint" id="indicators-municipality">{`${s.municipality}: ${municipality.municipalityName}`}</p>
        <p class="hint">
          {d.periodText(readableDate(q.period.from, locale), readableDate(q.period.to, locale))} {d.threshold(report.threshold)}
        </p>
        <nav class="toc" aria-label={d.skipTo}>
          <ul>
            {(Object.keys(OUTCOME_INDICATORS) as OutcomeIndicator[]).map((i) => (
              <li>
                <a href={`#ind-${i}-h`}>{OUTCOME_INDICATORS[i][locale]}</a>
              </li>
            ))}
          </ul>
        </nav>
        {(Object.keys(OUTCOME_INDICATORS) as OutcomeIndicator[]).map((indicator) => (
          <IndicatorSection indicator={indicator} report={report} locale={locale} contractHref={(contractId) => `${portalPath(providerId)}/contracts/${contractId}`} />
        ))}
      </>
    );
    return staffPage(c, { title: s.title, body, width: 'wide' });
  });

  return pages;
}
