// The frame of every server-rendered page: the NL Design System look (@utrecht component classes,
// design tokens, the municipality's theme), mobile-first, readable without JavaScript, Dutch by
// default with English, landmarks and a skip link (WCAG 2.1 AA). The stylesheet and script are
// Vervolg's own files from this origin (platform/ui/assets.ts); nothing inline, nothing from
// another host.
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { AppEnv } from './env.js';
import { formatDate, formatDateTime } from '../dates.js';
import { uiBundle } from '../ui/assets.js';

export type Locale = 'nl' | 'en';

export function localeOf(c: Context<AppEnv>): Locale {
  const asked = c.req.query('lang');
  if (asked === 'en' || asked === 'nl') return asked;
  const header = c.req.header('Accept-Language') ?? '';
  return /^en\b/i.test(header.trim()) ? 'en' : 'nl';
}

/** A link in the staff navigation; `current` marks the page the person is on (aria-current). */
export interface NavItem {
  href: string;
  label: string;
  current?: boolean;
}

export interface PageProps {
  title: string;
  locale: Locale;
  children: Child;
  /** The same page in the other language (a link keeping the path). */
  langSwitchHref?: string;
  /** The municipality's theme stylesheet (/assets/themes/<tenantId>/<sha>.css); the neutral default without it. */
  theme?: string;
  /** The staff navigation. */
  nav?: readonly NavItem[];
  /** Who is signed in, and where the sign-out form posts. */
  user?: { name: string; signOutAction: string };
  /** Shown in the header instead of "Vervolg": the name, and the logo when there is one. */
  municipality?: { name: string; logoHref?: string | undefined };
  /** 'narrow' (default, ~40rem: forms, the signing page) or 'wide' (tables, dashboards). */
  width?: 'narrow' | 'wide';
}

const SHELL = {
  nl: { skip: 'Naar de inhoud', language: 'Taal', nav: 'Hoofdmenu', signedInAs: 'Ingelogd als', signOut: 'Uitloggen', footer: 'Vervolg: nazorg voor jongeren na de jeugdhulp', logo: (name: string) => `Logo van ${name}` },
  en: { skip: 'Skip to content', language: 'Language', nav: 'Main menu', signedInAs: 'Signed in as', signOut: 'Sign out', footer: 'Vervolg: aftercare for young people leaving youth care', logo: (name: string) => `Logo of ${name}` },
} as const;

export function Page(props: PageProps) {
  const other = props.locale === 'nl' ? 'en' : 'nl';
  const s = SHELL[props.locale];
  const bundle = uiBundle();
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={props.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {/* Only our origin, never the path (links carry one-time tokens). Not no-referrer: with that, browsers send Origin: null on our own forms, and the form check (origin.tsx) wants the origin. */}
          <meta name="referrer" content="strict-origin" />
          <title>{`${props.title} – ${props.municipality?.name ?? 'Vervolg'}`}</title>
          {bundle ? <link rel="stylesheet" href={bundle.cssHref} /> : null}
          {props.theme ? <link rel="stylesheet" href={props.theme} /> : null}
          {bundle ? <script src={bundle.jsHref} defer /> : null}
        </head>
        <body class="utrecht-root utrecht-document voorbeeld-theme">
          <div class="utrecht-page vv-page">
            <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#content">
              {s.skip}
            </a>
            <header class="vv-header">
              <div class="vv-header__content">
                <span class="vv-brand">
                  {props.municipality?.logoHref ? <img src={props.municipality.logoHref} alt={s.logo(props.municipality.name)} /> : null}
                  <span>{props.municipality?.name ?? 'Vervolg'}</span>
                </span>
                {props.nav && props.nav.length > 0 ? (
                  <nav aria-label={s.nav}>
                    <ul>
                      {props.nav.map((item) => (
                        <li>
                          <a class="utrecht-link" href={item.href} aria-current={item.current ? 'page' : undefined}>
                            {item.label}
                          </a>
                        </li>
                      ))}
                    </ul>
                  </nav>
                ) : null}
                {props.user ? (
                  <div class="vv-user">
                    <span>
                      <span class="vv-visually-hidden">{s.signedInAs} </span>
                      {props.user.name}
                    </span>
                    <form method="post" action={props.user.signOutAction}>
                      <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                        {s.signOut}
                      </button>
                    </form>
                  </div>
                ) : null}
                {props.langSwitchHref ? (
                  <nav aria-label={s.language}>
                    <a class="utrecht-link" href={props.langSwitchHref} lang={other} hreflang={other}>
                      {other === 'en' ? 'English' : 'Nederlands'}
                    </a>
                  </nav>
                ) : null}
              </div>
            </header>
            <main id="content" tabindex={-1} class={props.width === 'wide' ? 'vv-main' : 'vv-main vv-main--narrow'}>
              <h1 class="utrecht-heading-1">{props.title}</h1>
              {props.children}
            </main>
            <footer class="vv-footer">
              <div class="vv-footer__content">
                <p>{s.footer}</p>
              </div>
            </footer>
          </div>
        </body>
      </html>
    </>
  );
}

/**
 * Security headers for pages: styles, scripts and images from our own origin only (the shell's
 * hashed files, the municipality's theme and logo), forms post to ourselves.
 */
export function pageHeaders(c: Context<AppEnv>, _options: { ownScripts?: boolean } = {}) {
  c.header('Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  // See the referrer meta tag in Page: the origin only, so our forms carry a real Origin header.
  c.header('Referrer-Policy', 'strict-origin');
}

/** '2027-09-01' → '1 september 2027' (nl) or '1 September 2027' (en); an instant as its day in Amsterdam. */
export const readableDate = (value: string, locale: Locale): string => formatDate(value, locale);

/** An instant in Dutch time: '2 maart 2027, 14:05'. */
export const readableDateTime = (value: Date | string, locale: Locale): string => formatDateTime(value, locale);
