// What the staff app's identity pages share: where a person lands, the way back (?next=), form
// fields with their errors (beside the field and in a summary at the top), the page frame, and
// the access check that answers a browser with a redirect instead of a problem document.
import type { Context, MiddlewareHandler } from 'hono';
import type { Child } from 'hono/jsx';
import { recordProcessing, type ProcessingAction } from '../../../platform/audit.js';
import { ApiError } from '../../../platform/errors.js';
import { type Access, enforceAccess } from '../../../platform/http/access.js';
import { clearSessionCookie } from '../../../platform/http/context.js';
import type { AppEnv, AuditSubject, Principal } from '../../../platform/http/env.js';
import { type Locale, Page, localeOf, pageHeaders } from '../../../platform/http/page.js';

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** Where a signed-in, verified person lands in the app. Later work (the caseload) changes this. */
export function homeFor(_principal: UserPrincipal): string {
  return '/app/account';
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
function otherLanguage(c: Context<AppEnv>, locale: Locale): string {
  const params = new URLSearchParams({ lang: locale === 'nl' ? 'en' : 'nl' });
  const next = safeNext(c.req.query('next'));
  if (next) params.set('next', next);
  return `${c.req.path}?${params.toString()}`;
}

/** Render a page of the app: the shell, our security headers, the status. */
export function render(c: Context<AppEnv>, title: string, body: Child, status: 200 | 400 | 403 | 404 | 409 | 429 = 200) {
  const locale = localeOf(c);
  pageHeaders(c);
  return c.html(
    <Page title={title} locale={locale} langSwitchHref={otherLanguage(c, locale)}>
      {body}
    </Page>,
    status,
  );
}

export type FieldErrors = Record<string, string>;

/** The summary at the top of a form that failed: every error, each a link to its field. */
export function ErrorSummary(props: { locale: Locale; errors: FieldErrors; labels: Record<string, string>; message?: string | undefined }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0 && !props.message) return null;
  return (
    <div class="utrecht-alert utrecht-alert--error error" role="alert" aria-labelledby="error-summary-title">
      {/* One child: the alert lays its children out in a row (icon, content). */}
      <div class="utrecht-alert__content">
        <h2 class="utrecht-heading-2" id="error-summary-title">
          {props.locale === 'nl' ? 'Er is iets niet goed' : 'There is a problem'}
        </h2>
        {props.message ? <p class="utrecht-paragraph">{props.message}</p> : null}
        {entries.length > 0 ? (
          <ul class="utrecht-unordered-list">
            {entries.map(([field, error]) => (
              <li class="utrecht-unordered-list__item">
                <a class="utrecht-link" href={`#${field}`}>
                  {`${props.labels[field] ?? field}: ${error}`}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

/** One labelled text field with its hint and its error beside it (aria-invalid, aria-describedby). */
export function Field(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  type?: 'text' | 'email' | 'password';
  value?: string | undefined;
  autocomplete?: string;
  inputmode?: 'numeric' | 'text' | 'email';
  spellcheck?: boolean;
  maxlength?: number;
}) {
  const describedBy = [props.hint ? `${props.id}-hint` : null, props.error ? `${props.id}-error` : null].filter(Boolean).join(' ');
  return (
    <div class={`utrecht-form-field utrecht-form-field--text${props.error ? ' utrecht-form-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={props.id}>
          {props.label}
        </label>
      </div>
      {props.hint ? (
        <div class="utrecht-form-field__description hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      ) : null}
      {props.error ? (
        <div class="utrecht-form-field__description utrecht-form-field__description--invalid utrecht-form-field-error-message" id={`${props.id}-error`}>
          {props.error}
        </div>
      ) : null}
      <div class="utrecht-form-field__input">
        <input
          class={`utrecht-textbox utrecht-textbox--html-input${props.error ? ' utrecht-textbox--invalid' : ''}`}
          id={props.id}
          name={props.id}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          autocomplete={props.autocomplete}
          inputmode={props.inputmode}
          spellcheck={props.spellcheck}
          maxlength={props.maxlength}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy || undefined}
        />
      </div>
    </div>
  );
}

export function SubmitButton(props: { children: Child; secondary?: boolean; name?: string; value?: string }) {
  return (
    <div class="utrecht-button-group">
      <button type="submit" name={props.name} value={props.value} class={`utrecht-button ${props.secondary ? 'utrecht-button--secondary-action' : 'utrecht-button--primary-action'}`}>
        {props.children}
      </button>
    </div>
  );
}

export function Notice(props: { children: Child; kind?: 'ok' | 'info' }) {
  return (
    <div class={`utrecht-alert utrecht-alert--${props.kind === 'ok' ? 'ok' : 'info'} ok`} role="status">
      <div class="utrecht-alert__content">
        <p class="utrecht-paragraph">{props.children}</p>
      </div>
    </div>
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

/** A 429 keeps its Retry-After on the page too. */
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
  if (error instanceof ApiError && error.status < 500) return error.detail;
  return locale === 'nl' ? 'Er ging iets mis. Probeer het later opnieuw.' : 'Something went wrong. Please try again later.';
}

/**
 * Handlers throw for what they do not answer themselves; the transaction then rolls back and
 * this page says what happened (never a stack, never a 500 for a person's mistake).
 */
export function appFailurePage(error: Error, c: Context<AppEnv>) {
  const locale = localeOf(c);
  if (error instanceof ApiError && error.status === 401) {
    clearSessionCookie(c);
    return seeOther(c, href(c, '/app/sign-in'));
  }
  if (!(error instanceof ApiError)) c.get('deps').log({ level: 'error', msg: 'page error', requestId: c.get('requestId'), error: error.message });
  const status = error instanceof ApiError && error.status < 500 ? (error.status === 429 ? 429 : error.status === 404 ? 404 : error.status === 403 ? 403 : error.status === 409 ? 409 : 400) : 500;
  if (error instanceof ApiError) keepRetryAfter(c, error);
  pageHeaders(c);
  return c.html(
    <Page title={locale === 'nl' ? 'Dat lukte niet' : 'That did not work'} locale={locale}>
      <div class="utrecht-alert utrecht-alert--error error" role="alert">
        <p class="utrecht-paragraph">{problemText(error, locale)}</p>
      </div>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={href(c, '/app')}>
          {locale === 'nl' ? 'Naar Vervolg' : 'Go to Vervolg'}
        </a>
      </p>
    </Page>,
    status as 400,
  );
}
