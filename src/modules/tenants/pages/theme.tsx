// The municipality's look on the staff app (admins): its logo (PNG, JPEG or WebP, uploaded or
// removed) and its colours as design tokens, with a preview box that shows a header, a link, a
// primary button and the focus ring in the chosen colours, and the WCAG AA contrast check beside
// each colour. Without JavaScript "Preview" (a GET: nothing is stored, nothing logged as a change)
// draws the box in the typed colours; our own script (platform/ui/parts/settings.ts) redraws it
// and the contrast lines as the person types or picks. Saved through the same services as
// PUT /v1/municipalities/{id}/theme and …/theme/logo (asOperation: their access and processing log).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { ApiError } from '../../../platform/errors.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { type PageStatus, appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, ErrorSummary, type FieldErrors, TextField, fieldErrorsFrom, fieldId, readForm, validateForm } from '../../../platform/ui/form.js';
import { CONTRAST_RULES, DEFAULT_COLORS, THEME_COLOR_KEYS, THEME_PROPERTIES, type ThemeColorKey, type ThemeColors, contrastChecks, previewHref } from '../../../platform/ui/theme.js';
import { routes } from '../routes.js';
import { PutTheme } from '../schemas.js';
import { type LogoProblem, checkTheme, deleteLogo, getTheme, logoProblems, pageTheme, putLogo, putTheme } from '../service.js';

type Words = {
  label: string;
  hint: string;
};

const T = {
  nl: {
    title: 'Huisstijl',
    intro: 'De kleuren en het logo van de gemeente staan op elke pagina van Vervolg: voor medewerkers en op de pagina waar een jongere de afspraken ondertekent.',
    logoTitle: 'Logo',
    logoNow: (name: string) => `Het logo van ${name} nu:`,
    logoNone: 'Er is nog geen logo. Bovenaan de pagina’s staat dan de naam van de gemeente.',
    logoAlt: (name: string) => `Logo van ${name}`,
    logoField: 'Nieuw logo',
    logoHint: 'Een PNG-, JPEG- of WebP-afbeelding van hoogstens 100 kB. Geen SVG: daar kan een script in zitten.',
    logoUpload: 'Logo opslaan',
    logoRemove: 'Logo weghalen',
    logoSaved: 'Het logo is opgeslagen.',
    logoRemoved: 'Het logo is weggehaald.',
    logoErrors: {
      missing: 'Kies een afbeelding om op te slaan.',
      empty: 'Het bestand is leeg. Kies een andere afbeelding.',
      'too-large': 'De afbeelding is groter dan 100 kB. Maak hem kleiner of kies een andere.',
      'not-an-image': 'Dit is geen PNG-, JPEG- of WebP-afbeelding. Kies een andere.',
      'type-mismatch': 'Het bestand is een ander soort afbeelding dan de naam zegt. Sla het op als PNG, JPEG of WebP en probeer het opnieuw.',
    } satisfies Record<LogoProblem['kind'] | 'missing', string>,
    colorsTitle: 'Kleuren',
    colorsIntro: 'Schrijf een kleur als # met zes tekens (0–9 en a–f), bijvoorbeeld #00689e. Laat een veld leeg voor de standaardkleur. Vervolg controleert of tekst goed leesbaar blijft (WCAG 2.1 AA); kleuren die dat niet halen, worden niet opgeslagen.',
    empty: (hex: string) => `Leeg: standaard ${hex}.`,
    colors: {
      primaryColor: { label: 'Kleur van knoppen', hint: 'De achtergrond van de belangrijkste knoppen, en van aangevinkte vakjes.' },
      primaryTextColor: { label: 'Tekstkleur op knoppen', hint: 'Minstens 4,5:1 contrast met de kleur van knoppen.' },
      linkColor: { label: 'Kleur van links', hint: 'Minstens 4,5:1 contrast met wit.' },
      focusColor: { label: 'Kleur van de focusrand', hint: 'De rand om het onderdeel dat u met het toetsenbord kiest. Minstens 3:1 contrast met wit.' },
      headerBackgroundColor: { label: 'Achtergrond van de kop', hint: 'De balk bovenaan elke pagina, met het logo en het menu.' },
      headerTextColor: { label: 'Tekstkleur in de kop', hint: 'Minstens 4,5:1 contrast met de achtergrond van de kop.' },
    } satisfies Record<ThemeColorKey, Words>,
    pick: (label: string) => `${label}: kies met de kleurkiezer`,
    against: { primaryColor: 'de kleur van knoppen', white: 'wit', headerBackgroundColor: 'de achtergrond van de kop' },
    contrastOk: (ratio: string, on: string, minimum: string) => `Contrast met ${on}: ${ratio}:1. Dat is genoeg (minstens ${minimum}:1).`,
    contrastBad: (ratio: string, on: string, minimum: string) => `Contrast met ${on}: ${ratio}:1. Te weinig: minstens ${minimum}:1 is nodig. Zo kan het niet opgeslagen worden.`,
    contrastError: (ratio: string, color: string, on: string, background: string, minimum: string) => `Te weinig contrast: ${color} met ${on} (${background}) is ${ratio}:1. WCAG AA vraagt minstens ${minimum}:1. Kies een donkerdere of lichtere kleur.`,
    hexError: 'Schrijf de kleur als # met zes tekens (0–9 en a–f), bijvoorbeeld #00689e, of laat het veld leeg.',
    previewTitle: 'Voorbeeld',
    previewShows: 'Zo zien de kop, een link, een knop en de focusrand eruit in deze kleuren.',
    previewTyped: 'Het voorbeeld toont de kleuren die u net intypte. Ze zijn nog niet opgeslagen.',
    previewSaved: 'Het voorbeeld toont de opgeslagen kleuren, tot de nieuwe kleuren de contrastcontrole halen.',
    previewLive: 'Het voorbeeld verandert mee terwijl u kleuren kiest.',
    previewLiveKept: 'Het voorbeeld toont de laatste kleuren die de contrastcontrole haalden.',
    sampleNav: 'Jongeren',
    sampleText: 'Een zin in de tekst met',
    sampleLink: 'een link',
    sampleButton: 'Opslaan',
    sampleFocus: 'Zo ziet de focusrand eruit',
    previewButton: 'Voorbeeld bekijken',
    save: 'Kleuren opslaan',
    saved: 'De kleuren zijn opgeslagen. Ze staan nu op elke pagina.',
  },
  en: {
    title: 'House style',
    intro: 'The municipality’s colours and logo appear on every page of Vervolg: for staff, and on the page where a young person signs the agreement.',
    logoTitle: 'Logo',
    logoNow: (name: string) => `The logo of ${name} now:`,
    logoNone: 'There is no logo yet. The pages show the municipality’s name at the top instead.',
    logoAlt: (name: string) => `Logo of ${name}`,
    logoField: 'New logo',
    logoHint: 'A PNG, JPEG or WebP image of at most 100 kB. No SVG: it can contain a script.',
    logoUpload: 'Save logo',
    logoRemove: 'Remove logo',
    logoSaved: 'The logo has been saved.',
    logoRemoved: 'The logo has been removed.',
    logoErrors: {
      missing: 'Choose an image to save.',
      empty: 'The file is empty. Choose another image.',
      'too-large': 'The image is larger than 100 kB. Make it smaller or choose another.',
      'not-an-image': 'This is not a PNG, JPEG or WebP image. Choose another.',
      'type-mismatch': 'The file is a different kind of image than its name says. Save it as PNG, JPEG or WebP and try again.',
    } satisfies Record<LogoProblem['kind'] | 'missing', string>,
    colorsTitle: 'Colours',
    colorsIntro: 'Write a colour as # and six characters (0–9 and a–f), for example #00689e. Leave a field empty for the default colour. Vervolg checks that text stays easy to read (WCAG 2.1 AA); colours that fail are not saved.',
    empty: (hex: string) => `Empty: default ${hex}.`,
    colors: {
      primaryColor: { label: 'Button colour', hint: 'The background of the main buttons, and of ticked boxes.' },
      primaryTextColor: { label: 'Text colour on buttons', hint: 'At least 4.5:1 contrast with the button colour.' },
      linkColor: { label: 'Link colour', hint: 'At least 4.5:1 contrast with white.' },
      focusColor: { label: 'Focus ring colour', hint: 'The ring around the part you choose with the keyboard. At least 3:1 contrast with white.' },
      headerBackgroundColor: { label: 'Header background', hint: 'The bar at the top of every page, with the logo and the menu.' },
      headerTextColor: { label: 'Header text colour', hint: 'At least 4.5:1 contrast with the header background.' },
    } satisfies Record<ThemeColorKey, Words>,
    pick: (label: string) => `${label}: choose with the colour picker`,
    against: { primaryColor: 'the button colour', white: 'white', headerBackgroundColor: 'the header background' },
    contrastOk: (ratio: string, on: string, minimum: string) => `Contrast with ${on}: ${ratio}:1. That is enough (at least ${minimum}:1).`,
    contrastBad: (ratio: string, on: string, minimum: string) => `Contrast with ${on}: ${ratio}:1. Too little: at least ${minimum}:1 is needed. It cannot be saved like this.`,
    contrastError: (ratio: string, color: string, on: string, background: string, minimum: string) => `Too little contrast: ${color} on ${on} (${background}) is ${ratio}:1. WCAG AA needs at least ${minimum}:1. Choose a darker or lighter colour.`,
    hexError: 'Write the colour as # and six characters (0–9 and a–f), for example #00689e, or leave the field empty.',
    previewTitle: 'Preview',
    previewShows: 'This is how the header, a link, a button and the focus ring look in these colours.',
    previewTyped: 'The preview shows the colours you just typed. They have not been saved yet.',
    previewSaved: 'The preview shows the saved colours, until the new colours pass the contrast check.',
    previewLive: 'The preview changes as you choose colours.',
    previewLiveKept: 'The preview shows the last colours that passed the contrast check.',
    sampleNav: 'Young people',
    sampleText: 'A sentence in the text with',
    sampleLink: 'a link',
    sampleButton: 'Save',
    sampleFocus: 'This is the focus ring',
    previewButton: 'Preview',
    save: 'Save colours',
    saved: 'The colours have been saved. They now appear on every page.',
  },
} as const;

const PATH = '/app/municipalities/:municipalityId/settings/theme';
const LOGO = '/app/municipalities/:municipalityId/settings/theme/logo';
const LOGO_DELETE = '/app/municipalities/:municipalityId/settings/theme/logo/delete';
export const themeSettingsPath = (m: string) => `/app/municipalities/${m}/settings/theme`;

/** A ratio as the page's language writes it: 4,5 (nl) or 4.5 (en). */
const number = (n: number, locale: Locale) => (locale === 'nl' ? String(n).replace('.', ',') : String(n));

/** The typed colours (empty → left out: the default) as PutTheme takes them. */
const colorsInput = (values: Record<string, string>) => Object.fromEntries(THEME_COLOR_KEYS.map((key) => [key, values[key]?.trim() || undefined]).filter(([, v]) => v !== undefined));

interface ThemeState {
  /** What the colour fields show (typed, or saved). */
  values?: Record<string, string> | undefined;
  /** The colours the preview box is drawn in when they differ from the saved ones (a preview that passed). */
  preview?: ThemeColors | undefined;
  colorErrors?: FieldErrors;
  logoError?: string | undefined;
  status?: PageStatus;
}

async function themePage(c: Context<AppEnv>, state: ThemeState = {}) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const trx = c.get('trx');
  const theme = await getTheme(trx, m);
  const { name } = await pageTheme(trx, m);
  const saved: ThemeColors = Object.fromEntries(THEME_COLOR_KEYS.filter((k) => theme[k]).map((k) => [k, theme[k]]));
  const values = state.values ?? (Object.fromEntries(THEME_COLOR_KEYS.map((k) => [k, theme[k] ?? ''])) as Record<string, string>);
  const errors = state.colorErrors ?? {};
  const status = state.status ?? 200;
  const done = status === 200 ? c.req.query('done') : undefined;
  const lang = c.req.query('lang');
  // The contrast of what the fields hold now (those that are colours), shown under each checked field.
  const typedValid = Object.fromEntries(THEME_COLOR_KEYS.map((k) => [k, values[k]?.trim().toLowerCase() ?? '']).filter(([, v]) => /^#[0-9a-f]{6}$/.test(v as string)));
  const hasInvalidHex = THEME_COLOR_KEYS.some((k) => (values[k]?.trim() ?? '') !== '' && !(k in typedValid));
  const checks = hasInvalidHex ? [] : contrastChecks(typedValid);
  const previewNote = state.preview ? s.previewTyped : status === 400 ? s.previewSaved : s.previewShows;
  const labels = Object.fromEntries(THEME_COLOR_KEYS.map((k) => [k, s.colors[k].label]));

  const body = (
    <div class="vv-settings-page vv-theme-page">
      {done === 'saved' ? <Alert type="ok">{s.saved}</Alert> : null}
      {done === 'logo-saved' ? <Alert type="ok">{s.logoSaved}</Alert> : null}
      {done === 'logo-removed' ? <Alert type="ok">{s.logoRemoved}</Alert> : null}
      <ErrorSummary locale={locale} errors={state.logoError ? { logo: state.logoError } : errors} labels={{ ...labels, logo: s.logoField }} />
      <p class="utrecht-paragraph">{s.intro}</p>

      <h2 class="utrecht-heading-2">{s.colorsTitle}</h2>
      <p class="utrecht-paragraph">{s.colorsIntro}</p>
      <form
        method="post"
        action={href(c, themeSettingsPath(m))}
        novalidate
        data-theme-form=""
        data-defaults={JSON.stringify(DEFAULT_COLORS)}
        data-contrast-rules={JSON.stringify(CONTRAST_RULES)}
        data-decimal={locale === 'nl' ? ',' : '.'}
      >
        {lang === 'nl' || lang === 'en' ? <input type="hidden" name="lang" value={lang} /> : null}
        {THEME_COLOR_KEYS.map((key) => {
          const rule = CONTRAST_RULES.find((r) => r.key === key);
          const check = checks.find((ch) => ch.key === key);
          const on = rule ? s.against[rule.on] : '';
          const minimum = rule ? number(rule.minimum, locale) : '';
          return (
            <div class="vv-color-field">
              <TextField name={key} label={s.colors[key].label} hint={`${s.colors[key].hint} ${s.empty(DEFAULT_COLORS[key])}`} value={values[key]} error={errors[key]} maxlength={7} spellcheck={false} autocomplete="off" />
              {/* Shown by our script: a colour picker that fills the field above. Without a name, so only the field is sent. */}
              <input class="vv-color-picker" type="color" hidden aria-label={s.pick(s.colors[key].label)} data-color-for={key} value={typedValid[key] ?? DEFAULT_COLORS[key]} />
              {rule ? (
                <p
                  class={`vv-contrast-live${check && !check.ok ? ' vv-contrast-live--bad' : ''}`}
                  aria-live="polite"
                  data-contrast-live={key}
                  data-ok={s.contrastOk('{ratio}', on, minimum)}
                  data-bad={s.contrastBad('{ratio}', on, minimum)}
                  id={`${fieldId(key)}-contrast`}
                >
                  {check ? (check.ok ? s.contrastOk(number(check.ratio, locale), on, minimum) : s.contrastBad(number(check.ratio, locale), on, minimum)) : ''}
                </p>
              ) : null}
            </div>
          );
        })}
        <div class="vv-actions">
          {/* A GET: the page drawn again with these colours in the preview; nothing is stored. */}
          <button class="utrecht-button utrecht-button--secondary-action" type="submit" name="preview" value="1" formmethod="get" formaction={themeSettingsPath(m)}>
            {s.previewButton}
          </button>
          <Button>{s.save}</Button>
        </div>
      </form>

      <section class="vv-theme-preview-wrap" aria-labelledby="theme-preview-title" id="theme-preview">
        <h2 class="utrecht-heading-2" id="theme-preview-title">
          {s.previewTitle}
        </h2>
        <p class="utrecht-paragraph" data-theme-preview-status="" data-live={s.previewLive} data-kept={s.previewLiveKept} aria-live="polite">
          {previewNote}
        </p>
        <link rel="stylesheet" href={previewHref(state.preview ?? saved)} />
        <div class="vv-theme-preview" data-theme-preview="" data-theme-properties={JSON.stringify(THEME_PROPERTIES)}>
          <div class="vv-theme-preview__header">
            {theme.logo ? <img src={theme.logo.href} alt={s.logoAlt(name)} /> : null}
            <span class="vv-theme-preview__name">{name}</span>
            <span class="vv-theme-preview__nav">{s.sampleNav}</span>
          </div>
          <div class="vv-theme-preview__body">
            <p class="utrecht-paragraph">
              {s.sampleText} <span class="utrecht-link vv-theme-preview__link">{s.sampleLink}</span>.
            </p>
            <p class="vv-theme-preview__samples">
              <span class="utrecht-button utrecht-button--primary-action vv-theme-preview__button">{s.sampleButton}</span>
              <span class="vv-theme-preview__focus">{s.sampleFocus}</span>
            </p>
          </div>
        </div>
      </section>

      <h2 class="utrecht-heading-2">{s.logoTitle}</h2>
      {theme.logo ? (
        <>
          <p class="utrecht-paragraph">{s.logoNow(name)}</p>
          <p class="vv-logo-now">
            <img src={theme.logo.href} alt={s.logoAlt(name)} />
          </p>
          <form method="post" action={href(c, LOGO_DELETE.replace(':municipalityId', m))}>
            <Button kind="secondary">{s.logoRemove}</Button>
          </form>
        </>
      ) : (
        <p class="utrecht-paragraph">{s.logoNone}</p>
      )}
      <form method="post" action={href(c, LOGO.replace(':municipalityId', m))} enctype="multipart/form-data" novalidate>
        <div class={`utrecht-form-field utrecht-form-field--text${state.logoError ? ' utrecht-form-field--invalid' : ''}`}>
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label" for={fieldId('logo')}>
              {s.logoField}
            </label>
          </div>
          <div class="utrecht-form-field-description" id={`${fieldId('logo')}-hint`}>
            {s.logoHint}
          </div>
          {state.logoError ? (
            <div class="utrecht-form-field-error-message" id={`${fieldId('logo')}-error`}>
              {state.logoError}
            </div>
          ) : null}
          <div class="utrecht-form-field__input">
            <input
              class="vv-file-input"
              type="file"
              id={fieldId('logo')}
              name="logo"
              accept="image/png,image/jpeg,image/webp"
              aria-invalid={state.logoError ? 'true' : undefined}
              aria-describedby={state.logoError ? `${fieldId('logo')}-hint ${fieldId('logo')}-error` : `${fieldId('logo')}-hint`}
            />
          </div>
        </div>
        <div class="vv-actions">
          <Button>{s.logoUpload}</Button>
        </div>
      </form>
    </div>
  );
  return staffPage(c, { title: s.title, body, status });
}

/** The contrast problems of a refused theme, in the page's words, beside their fields. */
function contrastErrors(colors: ThemeColors, locale: Locale): FieldErrors {
  const s = T[locale];
  const errors: FieldErrors = {};
  for (const check of contrastChecks(colors)) {
    if (!check.ok) errors[check.key] = s.contrastError(number(check.ratio, locale), check.color, s.against[check.on], check.background, number(check.minimum, locale));
  }
  return errors;
}

/** The typed colours checked as the API checks them: a 400 with each problem in the page's words, or the colours. */
function checkTyped(values: Record<string, string>, locale: Locale): { colors: ThemeColors; input: ReturnType<typeof validateForm<typeof PutTheme>> } | { errors: FieldErrors } {
  let input: ReturnType<typeof validateForm<typeof PutTheme>>;
  try {
    input = validateForm(PutTheme, colorsInput(values));
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) return { errors: fieldErrorsFrom(error, { fields: THEME_COLOR_KEYS, messages: () => T[locale].hexError }) };
    throw error;
  }
  try {
    return { colors: checkTheme(input), input };
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) return { errors: contrastErrors(Object.fromEntries(Object.entries(input).map(([k, v]) => [k, (v as string).toLowerCase()])), locale) };
    throw error;
  }
}

export function themeSettingsPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  pages.get(PATH, asOperation(routes.putTheme), async (c) => {
    if (c.req.query('preview') !== '1') return themePage(c);
    // "Preview": the typed colours, checked as a save would check them, drawn in the box; nothing stored.
    const values = Object.fromEntries(THEME_COLOR_KEYS.map((k) => [k, (c.req.query(k) ?? '').slice(0, 50)]));
    const checked = checkTyped(values, localeOf(c));
    if ('errors' in checked) return themePage(c, { values, colorErrors: checked.errors, status: 400 });
    return themePage(c, { values, preview: checked.colors });
  });
  pages.post(PATH, asOperation(routes.putTheme), async (c) => {
    const m = c.req.param('municipalityId');
    const values = readForm(await c.req.parseBody());
    const checked = checkTyped(values, localeOf(c));
    if ('errors' in checked) return themePage(c, { values, colorErrors: checked.errors, status: 400 });
    await putTheme(c.get('trx'), m, checked.input);
    return seeOther(c, href(c, themeSettingsPath(m), { done: 'saved' }));
  });
  pages.post(LOGO, asOperation(routes.putLogo), async (c) => {
    const m = c.req.param('municipalityId');
    const s = T[localeOf(c)];
    const file = (await c.req.parseBody()).logo;
    if (!(file instanceof File) || (file.size === 0 && file.name === '')) return themePage(c, { logoError: s.logoErrors.missing, status: 400 });
    const bytes = new Uint8Array(await file.arrayBuffer());
    // The type the browser claims for the file; the service holds it against the file's own bytes.
    const problem = logoProblems(file.type, bytes)[0];
    if (problem) return themePage(c, { logoError: s.logoErrors[problem.kind], status: 400 });
    await putLogo(c.get('trx'), m, file.type, bytes);
    return seeOther(c, href(c, themeSettingsPath(m), { done: 'logo-saved' }));
  });
  pages.post(LOGO_DELETE, asOperation(routes.deleteLogo), async (c) => {
    const m = c.req.param('municipalityId');
    await deleteLogo(c.get('trx'), m);
    return seeOther(c, href(c, themeSettingsPath(m), { done: 'logo-removed' }));
  });
  return pages;
}
