// What every page of the staff app shares, whichever module draws it: where a person lands, the
// way back (?next=), the page frame (plain, or the staff shell with the municipality's theme, the
// navigation and who is signed in), the access check that answers a browser with a redirect or a
// 403/404 page instead of a problem document, and the processing log written as the API writes it.
import type { Context, MiddlewareHandler } from 'hono';
import type { Child } from 'hono/jsx';
import { logOperation, recordProcessing, type ProcessingAction } from '../audit.js';
import { ApiError } from '../errors.js';
import { PdfServiceUnavailable } from '../pdf-service.js';
import { pdfUnavailable } from './errors-handler.js';
import { type Access, enforceAccess } from './access.js';
import { clearSessionCookie } from './context.js';
import type { AppEnv, AuditSubject, Principal } from './env.js';
import { type Locale, type NavItem, Page, localeOf, pageHeaders } from './page.js';

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/**
 * Where a signed-in, verified person lands: /app, which sends them on to their caseload (or the
 * choice of municipality, or their account when they belong to none); see the workspace module.
 */
export function homeFor(_principal: UserPrincipal): string {
  return '/app';
}

/**
 * A `next` the app may send a person back to after signing in: only a path of our own under
 * /app — never another host (`//evil`, `/\evil`), never a scheme, never outside the app.
 */
export function safeNext(value: string | undefined | null): string | null {
  if (!value || value.length > 500) return null;
  if (!/^\/app(\/[A-Za-z0-9\-._~/]*)?(\?[A-Za-z0-9\-._~=&%]*)?$/.test(value)) return null;
  if (value.includes('//') || value.includes('/..') || value.includes('\\')) return null;
  return value;
}

/** A path with the page's language kept (when the person chose one) and extra query values. */
export function href(c: Context<AppEnv>, path: string, query: Record<string, string | null | undefined> = {}): string {
  const params = new URLSearchParams();
  const lang = c.req.query('lang');
  if (lang === 'nl' || lang === 'en') params.set('lang', lang);
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** POST-redirect-GET: 303, so a reload never posts again. */
export const seeOther = (c: Context<AppEnv>, location: string) => c.redirect(location, 303);

/** The URL of this page in the other language, keeping only the harmless `next`. */
export function otherLanguage(c: Context<AppEnv>, locale: Locale): string {
  const params = new URLSearchParams({ lang: locale === 'nl' ? 'en' : 'nl' });
  const next = safeNext(c.req.query('next'));
  if (next) params.set('next', next);
  // A list keeps its filters, search, sort and page in the other language.
  for (const key of ['status', 'caseManager', 'q', 'sort', 'page', 'cursor', 'view', 'period', 'asOf']) {
    const value = c.req.query(key);
    if (value && value.length <= 200) params.set(key, value);
  }
  return `${c.req.path}?${params.toString()}`;
}

/** Render a page of the app: the shell, our security headers, the status. */
const PAGE_STATUSES = [200, 400, 402, 403, 404, 409, 412, 428, 429, 502, 503] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

export function render(c: Context<AppEnv>, title: string, body: Child, status: PageStatus = 200) {
  const locale = localeOf(c);
  pageHeaders(c);
  return c.html(
    <Page title={title} locale={locale} langSwitchHref={otherLanguage(c, locale)}>
      {body}
    </Page>,
    status,
  );
}

/** "Try again in N minutes", from a 429's Retry-After. */
export function minutesOf(error: ApiError): number {
  return Math.max(1, Math.ceil(Number(error.headers['Retry-After'] ?? 60) / 60));
}

export const tooManyText = (locale: Locale, minutes: number) =>
  locale === 'nl'
    ? `Er zijn te veel pogingen gedaan. Probeer het over ${minutes} ${minutes === 1 ? 'minuut' : 'minuten'} opnieuw.`
    : `Too many attempts. Please try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;

/** An error's Retry-After (a 429, a 503) stays on the page too. */
export function keepRetryAfter(c: Context<AppEnv>, error: ApiError) {
  if (error.headers['Retry-After']) c.header('Retry-After', error.headers['Retry-After']);
}

/**
 * Write the processing log as the API does for the same operation (platform/audit.ts): pages
 * name the API's operationId, so one operation has one name in the log, whichever way it came.
 */
export async function logged(c: Context<AppEnv>, operation: string, action: ProcessingAction, subject: AuditSubject | null = null, extra: { tenantId?: string | null; providerId?: string | null } = {}) {
  c.set('operationId', operation);
  await recordProcessing(c.get('trx'), c, { operation, action, subject, ...extra });
}

/** Where an unverified session goes: verify the second factor, or set one up first. */
export const secondFactorPath = (p: UserPrincipal) => (p.twoFactorEnabled ? '/app/two-factor' : '/app/enrol');

/**
 * The access layer for pages (the same enforceAccess the API runs), answering a browser with a
 * redirect where the API answers 401/403: no session (or a revoked one) → sign in, coming back
 * here afterwards; a session without its second factor on a page that needs it → the second
 * factor. Then enforceAccess decides, as for the API operation the page stands for.
 */
export function pageAccess(access: Access): MiddlewareHandler<AppEnv> {
  const check = enforceAccess(access);
  return async (c, next) => {
    const p = c.get('principal');
    if (p?.kind !== 'user') {
      // A cookie that no longer opens a session (revoked, timed out) is removed.
      clearSessionCookie(c);
      const back = c.req.method === 'GET' && c.req.path !== '/app' ? safeNext(c.req.path) : null;
      return seeOther(c, href(c, '/app/sign-in', { next: back }));
    }
    if (access.kind !== 'self' && access.kind !== 'public' && !p.twoFactorVerified) return seeOther(c, href(c, secondFactorPath(p)));
    return check(c, next);
  };
}

/** Text for an error a page did not expect as a field error. */
export function problemText(error: unknown, locale: Locale): string {
  if (error instanceof ApiError && error.status === 429) return tooManyText(locale, minutesOf(error));
  if (error instanceof ApiError && error.status === 404) return locale === 'nl' ? 'Deze pagina bestaat niet, of u heeft er geen toegang toe.' : 'This page does not exist, or you do not have access to it.';
  if (error instanceof ApiError && error.status === 403) return locale === 'nl' ? 'Uw rol geeft geen toegang tot deze pagina. Vraag een beheerder van uw gemeente of organisatie als u dit wel nodig heeft.' : 'Your role does not give access to this page. Ask an administrator of your municipality or organisation if you need it.';
  if (error instanceof ApiError && error.status === 402) return locale === 'nl' ? 'Uw gemeente kan Vervolg op dit moment alleen bekijken: het abonnement is beëindigd. U kunt pas weer iets veranderen als het abonnement loopt. Vraag een beheerder van uw gemeente.' : 'Your municipality can only view Vervolg at the moment: its subscription has ended. You can change things again once the subscription runs. Ask an administrator of your municipality.';
  if (error instanceof ApiError && error.status === 412) return locale === 'nl' ? 'Iemand anders heeft dit intussen veranderd. Open de pagina opnieuw en doe uw wijziging nog een keer.' : 'Someone else changed this in the meantime. Open the page again and make your change once more.';
  if (error instanceof ApiError && error.status < 500) return error.detail;
  if (error instanceof PdfServiceUnavailable) return locale === 'nl' ? 'Het document kon nu niet gemaakt worden. Er is niets opgeslagen. Probeer het over een paar minuten opnieuw.' : 'The document could not be made just now. Nothing was saved. Please try again in a few minutes.';
  return locale === 'nl' ? 'Er ging iets mis. Probeer het later opnieuw.' : 'Something went wrong. Please try again later.';
}

const FAILURE_TITLES = {
  nl: { 403: 'Geen toegang', 404: 'Niet gevonden', other: 'Dat lukte niet' },
  en: { 403: 'No access', 404: 'Not found', other: 'That did not work' },
} as const;

/**
 * Handlers throw for what they do not answer themselves; the transaction then rolls back and
 * this page says what happened (never a stack, never a 500 for a person's mistake). A signed-in
 * person sees it in the staff shell, so the way on is one click away.
 */
export async function appFailurePage(error: Error, c: Context<AppEnv>) {
  const locale = localeOf(c);
  if (error instanceof ApiError && error.status === 401) {
    clearSessionCookie(c);
    return seeOther(c, href(c, '/app/sign-in'));
  }
  if (!(error instanceof ApiError)) c.get('deps').log({ level: 'error', msg: 'page error', requestId: c.get('requestId'), error: error.message });
  // The PDF service failed (the PDF Worker): nothing is wrong with what the person did; 503, try again.
  const unavailable = error instanceof PdfServiceUnavailable;
  if (unavailable) keepRetryAfter(c, pdfUnavailable());
  const status = unavailable ? 503 : error instanceof ApiError && error.status < 500 ? ((PAGE_STATUSES as readonly number[]).includes(error.status) ? (error.status as PageStatus) : 400) : 500;
  if (error instanceof ApiError) keepRetryAfter(c, error);
  const titles = FAILURE_TITLES[locale];
  const title = status === 403 ? titles[403] : status === 404 ? titles[404] : titles.other;
  // A request the page could not take (e.g. a bad query value): every problem, as the API lists them.
  const reasons = error instanceof ApiError && error.status === 400 ? ((error.extra.invalidParams as { reason: string }[] | undefined) ?? []).map((p) => p.reason) : [];
  const body = (
    <>
      <div class="utrecht-alert utrecht-alert--error error" role="alert">
        <div class="utrecht-alert__content">
          <p class="utrecht-paragraph">{problemText(error, locale)}</p>
          {reasons.length > 0 ? (
            <ul class="utrecht-unordered-list">
              {reasons.map((reason) => (
                <li class="utrecht-unordered-list__item">{reason}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={href(c, '/app')}>
          {locale === 'nl' ? 'Naar het overzicht' : 'Go to the overview'}
        </a>
      </p>
    </>
  );
  const p = c.get('principal');
  // The shell needs a verified person (it reads their memberships); anyone else gets the plain frame.
  if (p?.kind === 'user' && p.twoFactorVerified && c.get('staffShell')) {
    try {
      return await staffPage(c, { title, body, status: status as PageStatus });
    } catch {
      // The transaction may be unusable after the error: fall back to the plain frame.
    }
  }
  pageHeaders(c);
  return c.html(
    <Page title={title} locale={locale}>
      {body}
    </Page>,
    status as 400,
  );
}

/** What the staff shell shows around a page: who is signed in, their municipality and its theme, the menu. */
export interface StaffShell {
  user: { name: string };
  municipality?: { id: string; name: string; theme?: string | undefined; logoHref?: string | undefined } | undefined;
  /** In the provider portal: the provider's name in the header (no municipality's theme). */
  provider?: { id: string; name: string } | undefined;
  nav: readonly NavItem[];
}

/**
 * The module that knows the app's menu and the municipality's theme installs this loader (see
 * app.ts); the platform only draws what it returns. `municipalityId` is the one in the path, if any.
 */
export type StaffShellLoader = (c: Context<AppEnv>, input: { locale: Locale; municipalityId: string | null; providerId?: string | null; path: string }) => Promise<StaffShell>;

/** The municipality in a staff page's path (/app/municipalities/{id}/...). */
export function pageMunicipalityId(c: Context<AppEnv>): string | null {
  return /^\/app\/municipalities\/([0-9a-f-]{36})(?:\/|$)/.exec(c.req.path)?.[1] ?? null;
}

/** The provider in a provider portal page's path (/app/providers/{id}/...). */
export function pageProviderId(c: Context<AppEnv>): string | null {
  return /^\/app\/providers\/([0-9a-f-]{36})(?:\/|$)/.exec(c.req.path)?.[1] ?? null;
}

/**
 * A page of the staff app for a signed-in, verified person: the shell with the menu, the
 * municipality's name, logo and theme, and sign-out. `width: 'wide'` for lists and tables.
 */
export async function staffPage(c: Context<AppEnv>, props: { title: string; body: Child; width?: 'narrow' | 'wide'; status?: PageStatus }) {
  const locale = localeOf(c);
  const load = c.get('staffShell');
  if (!load) throw new Error('staff shell not installed (installStaffShell, see createApp)');
  const providerId = pageProviderId(c);
  // In the provider portal no municipality frames the page, even one its indicators are about.
  const municipalityId = providerId ? null : (c.get('tenantId') ?? pageMunicipalityId(c));
  const shell = await load(c, { locale, municipalityId, providerId, path: c.req.path });
  pageHeaders(c);
  return c.html(
    <Page
      title={props.title}
      locale={locale}
      langSwitchHref={otherLanguage(c, locale)}
      width={props.width ?? 'narrow'}
      nav={shell.nav}
      user={{ name: shell.user.name, signOutAction: href(c, '/app/sign-out') }}
      theme={shell.municipality?.theme}
      municipality={shell.municipality ? { name: shell.municipality.name, logoHref: shell.municipality.logoHref } : shell.provider ? { name: shell.provider.name } : undefined}
    >
      {props.body}
    </Page>,
    props.status ?? 200,
  );
}

/** The access declaration and logging of an API operation, as defineRoute stores them on the route. */
interface OperationRoute {
  operationId?: string;
  method?: string;
  'x-access': Access;
  'x-personal-data': boolean;
}

/**
 * A page that does what an API operation does takes that operation's declaration: the same
 * access (pageAccess), the same operationId in the processing log, and the same rule for logging
 * (every write; reads when the operation returns personal data). One declaration, two doors.
 * `subject` names what the log entry is about (defaults to the handler's auditSubject).
 */
export function asOperation(route: object): MiddlewareHandler<AppEnv> {
  const r = route as OperationRoute;
  const operationId = r.operationId;
  if (!operationId || !r['x-access']) throw new Error('asOperation needs a route made by defineRoute');
  const access = pageAccess(r['x-access']);
  return async (c, next) => {
    c.set('operationId', operationId);
    if (r.method) c.set('operationMethod', r.method.toUpperCase());
    // Logged only when the page itself ran (not when access sent the person to sign in).
    let ran = false;
    const answer = await access(c, async () => {
      ran = true;
      await next();
    });
    if (!ran) return answer;
    // As defineRoute: about the most specific id in the path, unless the handler names another.
    const params = Object.entries(c.req.param() as Record<string, string>).filter(([name]) => name.endsWith('Id'));
    const last = params.at(-1);
    // A page answers a form's errors with 400 and nothing happened: logOperation skips those.
    // A GET page that shows what a write operation changes (its form) is a read, not the write.
    const method = c.req.method === 'GET' ? 'GET' : r.method;
    await logOperation(c, r['x-personal-data'], last ? { type: last[0].replace(/Id$/, ''), id: last[1] } : null, method);
    return answer;
  };
}
