// createApp(deps): the whole API, with no runtime specifics. src/server.ts (Node) and
// src/worker.ts (Workers) build the deps and hand requests to it.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { register as registerAftercare } from './modules/aftercare/routes.js';
import { register as registerAftercareSignals } from './modules/aftercare/signal-routes.js';
import { register as registerProviderGoalProgress } from './modules/aftercare/provider-routes.js';
import { register as registerAgreements } from './modules/agreements/routes.js';
import { register as registerAudit } from './modules/audit/routes.js';
import { billingAccessPolicy } from './modules/billing/access-policy.js';
import { register as registerBilling } from './modules/billing/routes.js';
import { register as registerContracts } from './modules/contracts/routes.js';
import { register as registerHealth } from './modules/health/routes.js';
import { appIdentityPages } from './modules/identity/pages/index.js';
import { identityPages } from './modules/identity/pages/links.js';
import { register as registerIdentity } from './modules/identity/routes.js';
import { indicatorPages } from './modules/indicators/pages.js';
import { contactPages } from './modules/aftercare/pages/contacts.js';
import { progressPages } from './modules/aftercare/pages/progress.js';
import { reviewPages } from './modules/aftercare/pages/reviews.js';
import { settingsPages } from './modules/aftercare/pages/settings.js';
import { processingLogPages } from './modules/audit/pages/processing-log.js';
import { webhookPages } from './modules/webhooks/pages/endpoints.js';
import { generalSettingsPages } from './modules/tenants/pages/general.js';
import { themeSettingsPages } from './modules/tenants/pages/theme.js';
import { billingSettingsPages } from './modules/billing/pages/settings.js';
import { barrierPages } from './modules/aftercare/pages/barriers.js';
import { agreementEditorPages } from './modules/agreements/pages/editor.js';
import { templatePages } from './modules/agreements/pages/templates.js';
import { agreementLifePages } from './modules/casework/pages/agreement.js';
import { caseloadPages } from './modules/casework/pages/caseload.js';
import { memberPages } from './modules/identity/pages/members.js';
import { apiKeyPages } from './modules/integrations/pages.js';
import { contractPages } from './modules/contracts/pages/index.js';
import { previewPages } from './modules/signing/preview-page.js';
import { appNotFoundPages, staffShellLoader, workspacePages } from './modules/workspace/pages.js';
import { providerPortalPages } from './modules/providers/pages/index.js';
import { register as registerIndicators } from './modules/indicators/routes.js';
import { outcomePages } from './modules/outcomes/pages.js';
import { register as registerIntegrations } from './modules/integrations/routes.js';
import { register as registerOutcomes } from './modules/outcomes/routes.js';
import { register as registerOperator } from './modules/operator/routes.js';
import { operatorPages } from './modules/operator/pages.js';
import { register as registerOwnPage } from './modules/own-page/routes.js';
import { ownPagePages } from './modules/own-page/pages/own-page.js';
import { ownPageStaffPages } from './modules/own-page/pages/staff.js';
import { register as registerProviders } from './modules/providers/routes.js';
import { providerPages } from './modules/providers/pages/relations.js';
import { signingPages } from './modules/signing/pages.js';
import { register as registerSigning } from './modules/signing/routes.js';
import { themeAssetPages } from './modules/tenants/pages.js';
import { register as registerTenants } from './modules/tenants/routes.js';
import { register as registerWebhooks } from './modules/webhooks/routes.js';
import { ApiError } from './platform/errors.js';
import { type AccessPolicy, installAccessPolicies } from './platform/http/access.js';
import { apiBodyLimits, limitBody, pageBodyLimit } from './platform/http/body-limit.js';
import { DOCS_PATH, registerDocs } from './platform/http/docs.js';
import type { AppDeps, AppEnv } from './platform/http/env.js';
import { onError, problemResponse } from './platform/http/errors-handler.js';
import { corsByAllowList, requestContext, requestTransaction, securityHeaders } from './platform/http/middleware.js';
import { newRouter } from './platform/http/openapi.js';
import { pageFormOrigin } from './platform/http/origin.js';
import { pageHeaders } from './platform/http/page.js';
import { refuseWhileStopping } from './platform/http/stopping.js';
import { API_VERSION, documentAccessPolicies } from './platform/http/route.js';
import { installSecretKeys } from './platform/secrets.js';
import { buildUiBundle, installUiBundle } from './platform/ui/assets.js';
import { registerUiAssets } from './platform/ui/routes.js';

export const TAGS = [
  { name: 'platform', description: 'Municipalities (gemeenten, the tenants), health, the processing log (verwerkingenlogboek), API keys of a municipality’s own integrations.' },
  { name: 'identity', description: 'People: sign-in, two-factor authentication, sessions, staff (medewerkers) and invitations.' },
  { name: 'providers', description: 'Care providers (zorgaanbieders), their staff and API keys, and which municipalities work with them.' },
  { name: 'agreements', description: 'Youth agreements (toekomstafspraken / nazorgovereenkomst) and their templates: goals per life domain, commitments, conditions of the help, dropout risks, network, turning-18 checklist; webhooks about them.' },
  { name: 'aftercare', description: 'Aftercare after signing (the living plan): progress recorded beside the signed agreement, append-only — contact moments with the young person (the basis of the "no contact" signal), review meetings (evaluaties), and progress on the items of the plan in force (goal status, commitments and conditions kept or not, risk signals and actions, the turning-18 checklist, the legal framework after 18); the signals, computed in the database, that keep every young person in view until 23; barriers (belemmeringen) that stand in the way of the help, published only as aggregates with small-number suppression.' },
  { name: 'signing', description: 'E-signing of agreements by the young person and the other signers (ondertekening), the audit trail, the sealed PDF and its verification.' },
  { name: 'contracts', description: 'Contracts with care providers (inkoopcontracten): products (JZ020 product categories, product codes), execution variants, tariffs in eurocent with validity periods, budget ceilings, amendments, notice and renewal, outcome targets.' },
  { name: 'outcomes', description: 'Outcome reporting by providers (trajecten, metingen) and the outcome indicators (uitkomstindicatoren) per municipality, provider, product category and period.' },
  { name: 'billing', description: 'The municipality\'s Vervolg subscription through Stripe: checkout, customer portal, invoices, billing status.' },
];

/** What the modules add to the access check, run in this order after membership and roles. */
export const ACCESS_POLICIES: readonly AccessPolicy[] = [billingAccessPolicy];

/** The /v1 API as one router: its routes are the OpenAPI document. */
export function buildApi(): OpenAPIHono<AppEnv> {
  const api = newRouter();
  api.openAPIRegistry.registerComponent('securitySchemes', 'sessionToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'A session token from POST /v1/auth/login, for programs acting as a person.',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'vervolg_session',
    description: 'The session cookie pages use. Writes must come from an allowed Origin.',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'vvk_…',
    description: 'An API key (Authorization: Bearer vvk_…), with scopes: a provider’s, or a municipality’s own integration’s (reads only).',
  });
  registerHealth(api);
  registerTenants(api);
  registerOperator(api);
  registerIdentity(api);
  registerProviders(api);
  registerAudit(api);
  registerAgreements(api);
  registerAftercare(api);
  registerAftercareSignals(api);
  registerProviderGoalProgress(api);
  registerOwnPage(api);
  registerSigning(api);
  registerWebhooks(api);
  registerContracts(api);
  registerOutcomes(api);
  registerIndicators(api);
  registerBilling(api);
  registerIntegrations(api);
  documentAccessPolicies(api, ACCESS_POLICIES);
  return api;
}

export function openApiDocument(api: OpenAPIHono<AppEnv> = buildApi()) {
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Vervolg API',
      version: API_VERSION,
      description:
        'Vervolg runs aftercare (nazorg) for young people leaving youth care: youth agreements with conditional help, contracts with care providers, and outcome indicators. Multi-tenant: each municipality sees only its own data.',
      contact: { name: 'Vervolg', email: 'api@vervolg.nl', url: 'https://vervolg.nl' },
    },
    servers: [{ url: 'https://api.vervolg.nl/v1', description: 'Production' }],
    tags: TAGS,
  });
}

/** Routes as (method, pattern) pairs, to tell 405 from 404. */
function routeMatchers(api: OpenAPIHono<AppEnv>): { method: string; pattern: RegExp }[] {
  return api.routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => ({
      method: r.method,
      pattern: new RegExp(`^/v1${r.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`),
    }));
}

const pageLimit = limitBody(pageBodyLimit);

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // The key ring for secrets at rest, once per process/isolate (without it, reading or writing a
  // TOTP key or webhook secret fails with a message naming SECRET_KEYS).
  if (deps.config.secretKeys) installSecretKeys(deps.config.secretKeys);
  const api = buildApi();
  const matchers = routeMatchers(api);
  const document = openApiDocument(api);

  app.use('*', requestContext(deps));
  app.use('*', installAccessPolicies(ACCESS_POLICIES));
  app.use('*', securityHeaders());
  if (deps.stopping) app.use('*', refuseWhileStopping(deps.stopping));
  app.use('*', corsByAllowList(deps.config.corsOrigins));
  // Every page form (outside /v1), now and later, must come from our own origin.
  app.use('*', pageFormOrigin());

  registerDocs(app, document, deps.docsAssets);
  if (deps.uiAssets) {
    // Built once per process/isolate; the shell (platform/http/page.tsx) links it by its hash.
    const bundle = buildUiBundle(deps.uiAssets());
    installUiBundle(bundle);
    registerUiAssets(app, bundle, { compress: deps.runtime === 'node' });
  }

  // Bodies are limited before the transaction opens (body-limit.ts): per operation in the API,
  // by kind (form or upload) on pages.
  const limits = apiBodyLimits(
    api.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route as { method: string; path: string; 'x-body-limit'?: number }] : [])),
    '/v1',
  );
  app.use('/v1/*', limitBody((c) => limits(c.req.method, c.req.path)));
  app.use('*', async (c, next) => (c.req.path.startsWith('/v1/') ? next() : pageLimit(c, next)));

  const apiTransaction = requestTransaction();
  app.use('/v1/*', async (c, next) => {
    if (c.req.path === '/v1/openapi.json' || c.req.path === DOCS_PATH || c.req.path.startsWith(`${DOCS_PATH}/`)) return next();
    return apiTransaction(c, next);
  });
  app.route('/v1', api);
  // Pages people open from e-mail links (outside the versioned API).
  app.route('/', identityPages());
  // The staff app (/app/...), and `/` leads to it: every module's pages in one transaction per
  // request ('/app/*' matches '/app' too; once, or a second transaction would nest), our page
  // headers, and the shell (menu, municipality, theme) the workspace module draws.
  app.use('/app/*', async (c, next) => {
    c.set('staffShell', staffShellLoader);
    await next();
    // Unless the page set its own (the subscription page lets its forms go on to Stripe).
    if (!c.res.headers.get('Content-Security-Policy')?.includes('form-action')) pageHeaders(c);
  });
  app.use('/app/*', requestTransaction());
  app.route('/', appIdentityPages());
  app.route('/', workspacePages());
  app.route('/', caseloadPages());
  app.route('/', agreementEditorPages());
  app.route('/', previewPages());
  app.route('/', agreementLifePages());
  app.route('/', contactPages());
  app.route('/', reviewPages());
  app.route('/', settingsPages());
  app.route('/', webhookPages());
  app.route('/', processingLogPages());
  app.route('/', generalSettingsPages());
  app.route('/', themeSettingsPages());
  app.route('/', billingSettingsPages());
  app.route('/', barrierPages());
  app.route('/', ownPageStaffPages());
  app.route('/', progressPages());
  app.route('/', templatePages());
  app.route('/', memberPages());
  app.route('/', providerPages());
  app.route('/', operatorPages());
  app.route('/', apiKeyPages());
  app.route('/', providerPortalPages());
  app.route('/', contractPages());
  app.route('/', signingPages());
  // After signingPages: its '/sign/*' middleware (one transaction per request, page headers) runs
  // for the own page too, which lives under /sign so the signing session's cookie reaches it.
  app.route('/', ownPagePages());
  app.route('/', indicatorPages());
  app.route('/', outcomePages());
  app.route('/', themeAssetPages());
  // Last: an /app path no module answered is a 404 page.
  app.route('/', appNotFoundPages());

  app.notFound((c) => {
    const allowed = [...new Set(matchers.filter((m) => m.pattern.test(c.req.path)).map((m) => m.method))];
    if (allowed.length > 0) {
      return problemResponse(
        c,
        new ApiError(405, 'method-not-allowed', 'Method not allowed', `${c.req.method} is not allowed here. Allowed: ${allowed.join(', ')}.`, {}, { Allow: allowed.join(', ') }),
      );
    }
    return problemResponse(c, new ApiError(404, 'not-found', 'Not found', `There is no resource at ${c.req.path}. The API lives under /v1; see /v1/docs.`));
  });
  app.onError(onError);
  return app;
}
