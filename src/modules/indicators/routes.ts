// Routes of the indicators capability: the municipality's figures as JSON and CSV, and the
// provider's view of its own figures in a municipality it works with.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { MUNICIPAL_ROLES } from '../../platform/http/access.js';
import { nowOf } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { municipalityIdParam, providerIdParam } from '../../platform/http/params.js';
import { defineRoute, jsonResponse, versionHeader } from '../../platform/http/route.js';
import { IndicatorQuerySchema, IndicatorReport } from './schemas.js';
import { computeIndicators, computeProviderIndicators, parseIndicatorQuery, toCsv } from './service.js';
import { text } from '../../platform/text.js';

const tags = ['outcomes'];
const municipalityId = municipalityIdParam('The municipality (gemeente).');
const M = z.object({ municipalityId });
const PM = z.object({ providerId: providerIdParam('The provider (zorgaanbieder).'), municipalityId });

/** The definitions, once, for every operation's description. */
export const DEFINITIONS = `Outcome indicators (uitkomstindicatoren, VNG/NJi harmonised set plus the CBS aftercare follow-up).

**Period** P = [from, to], inclusive: \`period=2026-H1\` (January–June, as CBS reports), \`2026-H2\`, \`2026\` (a year), or \`from\` and \`to\` (a custom range of at most 5 years).
**Cohort**: the municipality's trajectories (trajecten) whose end date falls in P. A **young person** (jeugdige) is a provider plus that provider's pseudonym (clientReference): pseudonyms are per provider, so the same person at two providers counts twice. Each figure's **n** is the number of distinct young people in its denominator.

- **dropout** (uitval): % of cohort trajectories ended with a JZ588 reason that counts as dropout (32, voortijdig eenzijdig door cliënt).
- **satisfaction** (cliënttevredenheid): mean grade (1 decimal) and the count per grade 1–10 of the current satisfaction grades of cohort trajectories given by the informant (default young-person; \`informant\` chooses another).
- **can-continue-without-help** (kan verder zonder hulp, 3.1): % true among cohort trajectories with a current continuation value.
- **no-new-start-6-months** (geen herhaald beroep, 3.2): among cohort trajectories whose 6-month window has passed (end date + 6 months ≤ \`asOf\`, default today), % with no trajectory of the same young person starting in (end date, end date + 6 months]. Pseudonyms are per provider, so only new starts at the same provider are seen; new youth care elsewhere shows in the follow-up figures *-no-new-youth-care.
- **goals-achieved** (doelen bereikt, 3.4): sum of goals achieved / sum of goals agreed × 100 over cohort trajectories with a current goals value with at least one goal.
- **follow-up-{3|12}-{housing|education-work|income-debts|network}** (nazorgmeting na 3 of 12 maanden): % favourable answers (wonen op orde, onderwijs of werk, inkomen met schulden onder controle, steunend netwerk) among cohort trajectories with a current follow-up for that moment; a missing answer is not favourable.
- **follow-up-{3|12}-no-new-youth-care**: % answering no new youth care, among the same trajectories.

Percentages have one decimal (rounded half up). Only current measurements count: a re-delivered measurement replaces the earlier one.

**Groups**: the municipality total, each provider, each provider × product category (JZ020). \`providerId\` and \`productCategory\` select groups; the figures are always computed, and suppressed, over the whole breakdown.

**Suppression** (kleine aantallen): a figure whose n is below the municipality's threshold (\`threshold\`, default 5) is published with value, numerator, denominator, n and distribution null and \`suppressed: true\`, reason small-number. **Complementary suppression**: where the parent figure is published (the total above the providers, a provider above its product categories) and exactly one child with at least one young person is suppressed, the published child with the smallest n (ties: lowest provider id or product category) is suppressed too (reason complementary), and a provider suppressed that way takes its product categories with it. The same rule applies to the JSON, the CSV and the dashboard.

**Targets** (prestatieafspraken): provider groups carry the target of that provider's contract in this municipality whose target period covers P, with the assessment met, not-met or not-enough-data (suppressed or no data).`;

const query = IndicatorQuerySchema;
// Product categories come from the database as text; the schema names them as JZ020 codes.
type Report = z.infer<typeof IndicatorReport>;

const municipal = defineRoute({ kind: 'municipality', roles: MUNICIPAL_ROLES, scope: 'indicators:read' }, {
  method: 'get', path: '/municipalities/{municipalityId}/indicators', operationId: 'getMunicipalityIndicators', tags,
  summary: 'Outcome indicators of the municipality, per provider and product category',
  description: `${DEFINITIONS}\n\nAggregated figures only: no personal data.`,
  request: { params: M, query },
  responses: { 200: jsonResponse(IndicatorReport, 'The figures per group.') },
});

const csvHeaders = {
  ...versionHeader,
  'Content-Disposition': { description: 'A file name with the period.', schema: { type: 'string' as const, example: 'attachment; filename="indicatoren-2026-H1.csv"' } },
};

const exportCsv = defineRoute({ kind: 'municipality', roles: MUNICIPAL_ROLES, scope: 'indicators:read' }, {
  method: 'get', path: '/municipalities/{municipalityId}/indicators/export', operationId: 'exportMunicipalityIndicators', tags,
  summary: 'The same indicators as a CSV file',
  description: `One row per group × indicator, with a header row. Semicolon-separated (as Dutch spreadsheet settings expect), decimal point, UTF-8 with a byte order mark, CRLF line ends. Suppressed figures have empty value, numerator, denominator and n cells, \`suppressed\` true and the reason in \`suppressionReason\`. Columns: level, providerId, providerName, productCategory, indicator, unit, value, numerator, denominator, n, suppressed, suppressionReason, targetComparator, targetValue, targetAssessment.\n\n${DEFINITIONS}`,
  request: { params: M, query },
  responses: {
    200: {
      description: 'The CSV file.',
      headers: csvHeaders,
      content: { 'text/csv': { schema: text().openapi({ example: 'level;providerId;providerName;productCategory;indicator;unit;value;numerator;denominator;n;suppressed;suppressionReason;targetComparator;targetValue;targetAssessment\r\ntotal;;;;dropout;percent;12.5;3;24;22;false;;;;\r\n' }) } },
    },
  },
});

const providerView = defineRoute({ kind: 'provider', roles: ['admin', 'staff'], scope: 'outcomes:read' }, {
  method: 'get', path: '/providers/{providerId}/municipalities/{municipalityId}/indicators', operationId: 'getProviderIndicators', tags,
  summary: 'The provider’s own outcome indicators in a municipality it works with',
  description: `Only this provider's groups (its total and its product categories), computed from its own trajectories, with the same definitions, threshold and suppression as the municipality's view; complementary suppression applies to the provider's breakdown into product categories (the municipal total is not part of this view). Targets come from the provider's contracts with this municipality.\n\n${DEFINITIONS}`,
  request: { params: PM, query },
  responses: { 200: jsonResponse(IndicatorReport, 'The provider’s figures.') },
});

/** The operations by name: pages take their declarations, tests call them typed. */
export const routes = { municipal, exportCsv, providerView };

export function register(app: OpenAPIHono<AppEnv>): void {
  app.openapi(municipal, async (c) => {
    const q = parseIndicatorQuery(c.req.valid('query'), nowOf(c));
    return c.json((await computeIndicators(c.get('trx'), c.req.valid('param').municipalityId, q)) as Report, 200);
  });
  app.openapi(exportCsv, async (c) => {
    const q = parseIndicatorQuery(c.req.valid('query'), nowOf(c));
    const report = await computeIndicators(c.get('trx'), c.req.valid('param').municipalityId, q);
    const name = `indicatoren-${report.period.label.replace('/', '_')}.csv`;
    return c.body(toCsv(report), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` });
  });
  app.openapi(providerView, async (c) => {
    const { providerId, municipalityId } = c.req.valid('param');
    const q = parseIndicatorQuery(c.req.valid('query'), nowOf(c));
    return c.json((await computeProviderIndicators(c.get('trx'), providerId, municipalityId, q)) as Report, 200);
  });
}
