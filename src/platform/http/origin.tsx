// Did a state-changing request come from one of our own pages (or an allowed origin)? One rule
// for the pages' forms and for API writes with a session cookie, so the two never drift apart.
//
// Browsers send Origin on every POST (and PUT/PATCH/DELETE), same-origin included, and a page
// cannot forge it. The rule:
// 1. An Origin naming a real origin decides: allowed only if it is in the list.
// 2. No Origin, or the opaque `null` (a browser hiding where the request came from: a strict
//    referrer policy, a sandboxed frame, a redirect across sites): Fetch Metadata decides —
//    `Sec-Fetch-Site: same-origin` is set by the browser only when the request comes from our own
//    origin; every browser since 2023 sends it.
// 3. Neither: refused. Only a pre-2020 browser sends neither on a POST; a program without a
//    browser has no cookies to abuse and uses the API (with a bearer token) instead.
// Referer is not consulted: our pages send only their origin as referrer (or none), privacy
// settings and extensions strip it, and it adds nothing Origin and Sec-Fetch-Site do not say.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { type Locale, Page, localeOf, pageHeaders } from './page.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const changesState = (method: string) => !SAFE_METHODS.has(method.toUpperCase());

/** The app's own origin (scheme, host, port of PUBLIC_URL). */
export const ownOrigin = (c: Context<AppEnv>) => new URL(c.get('deps').config.publicUrl).origin;

export function comesFromAllowedOrigin(c: Context<AppEnv>, allowed: readonly string[]): boolean {
  const origin = c.req.header('Origin');
  if (origin && origin !== 'null') return allowed.includes(origin);
  return c.req.header('Sec-Fetch-Site') === 'same-origin';
}

const T = {
  nl: {
    title: 'Formulier niet verwerkt',
    text: 'Dit formulier kwam niet van een pagina van Vervolg zelf. Daarom hebben we er niets mee gedaan.',
    next: 'Open de link uit uw e-mail of sms opnieuw en vul het formulier daar in.',
  },
  en: {
    title: 'Form not processed',
    text: 'This form did not come from a page of Vervolg itself, so nothing was done with it.',
    next: 'Open the link from your e-mail or text message again and fill in the form there.',
  },
} satisfies Record<Locale, Record<string, string>>;

/**
 * Pages (everything outside /v1) accept a form only from our own origin: else a foreign site
 * could post one in a visitor's browser — sign them in to an account of its choosing (login
 * CSRF), accept an invitation, sign or decline. Mounted once in app.ts for every page, present
 * and future; refused before any page code or transaction runs, so nothing changes. Answered as
 * a readable page (people, not programs, submit these forms).
 */
export function pageFormOrigin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!changesState(c.req.method) || c.req.path === '/v1' || c.req.path.startsWith('/v1/')) return next();
    if (comesFromAllowedOrigin(c, [ownOrigin(c)])) return next();
    const locale = localeOf(c);
    const s = T[locale];
    pageHeaders(c);
    return c.html(
      <Page title={s.title} locale={locale}>
        <div class="error" role="alert">
          <p>{s.text}</p>
        </div>
        <p>{s.next}</p>
      </Page>,
      403,
    );
  };
}
