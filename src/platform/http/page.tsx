// The frame of every server-rendered page: mobile-first, readable without JavaScript, Dutch by
// default with English, landmarks and a skip link (WCAG 2.1 AA).
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { AppEnv } from './env.js';
import { formatDate, formatDateTime } from '../dates.js';

export type Locale = 'nl' | 'en';

export function localeOf(c: Context<AppEnv>): Locale {
  const asked = c.req.query('lang');
  if (asked === 'en' || asked === 'nl') return asked;
  const header = c.req.header('Accept-Language') ?? '';
  return /^en\b/i.test(header.trim()) ? 'en' : 'nl';
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f6f4}
main{max-width:36rem;margin:0 auto;padding:1.25rem}h1{font-size:1.5rem;line-height:1.3}
a{color:#0b5394}a:focus,button:focus,input:focus,textarea:focus{outline:3px solid #e8a200;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}input,textarea{width:100%;padding:.75rem;font-size:1rem;border:2px solid #555;border-radius:4px;font-family:inherit}
input[type=checkbox]{width:1.5rem;height:1.5rem;vertical-align:middle;margin-right:.5rem}
button{margin-top:1.25rem;width:100%;padding:.85rem;font-size:1.0625rem;font-weight:600;color:#fff;background:#0b5394;border:0;border-radius:4px;cursor:pointer}
.hint{color:#444;font-size:.95rem}.error{border-left:4px solid #b00020;background:#fff;padding:.75rem 1rem}.ok{border-left:4px solid #1e7b34;background:#fff;padding:.75rem 1rem}
header{background:#0b5394;color:#fff;padding:.75rem 1.25rem}header a{color:#fff}nav{font-size:.95rem}`;

export function Page(props: { title: string; locale: Locale; children: Child; langSwitchHref?: string }) {
  const other = props.locale === 'nl' ? 'en' : 'nl';
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={props.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Only our origin, never the path (links carry one-time tokens). Not no-referrer: with that, browsers send Origin: null on our own forms, and the form check (origin.tsx) wants the origin. */}
        <meta name="referrer" content="strict-origin" />
        <title>{`${props.title} – Vervolg`}</title>
        <style>{raw(CSS)}</style>
      </head>
      <body>
        <a class="skip" href="#content">
          {props.locale === 'nl' ? 'Naar de inhoud' : 'Skip to content'}
        </a>
        <header>
          <strong>Vervolg</strong>
          {props.langSwitchHref ? (
            <nav aria-label={props.locale === 'nl' ? 'Taal' : 'Language'} style="float:right">
              <a href={props.langSwitchHref} lang={other}>
                {other === 'en' ? 'English' : 'Nederlands'}
              </a>
            </nav>
          ) : null}
        </header>
        <main id="content">
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
      </html>
    </>
  );
}

/** Security headers for pages: inline style only, forms post to ourselves. */
export function pageHeaders(c: Context<AppEnv>, options: { ownScripts?: boolean } = {}) {
  // Scripts only from our own origin, and only on pages that enhance themselves with one.
  const script = options.ownScripts ? " script-src 'self';" : '';
  c.header('Content-Security-Policy', `default-src 'none';${script} style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`);
  // See the referrer meta tag in Page: the origin only, so our forms carry a real Origin header.
  c.header('Referrer-Policy', 'strict-origin');
}

/** '2027-09-01' → '1 september 2027' (nl) or '1 September 2027' (en); an instant as its day in Amsterdam. */
export const readableDate = (value: string, locale: Locale): string => formatDate(value, locale);

/** An instant in Dutch time: '2 maart 2027, 14:05'. */
export const readableDateTime = (value: Date | string, locale: Locale): string => formatDateTime(value, locale);
