// The municipality's general settings on the staff app (admins): its name, the default language,
// the small-number threshold of published figures, how long a signing link stays valid, and the
// second factor — always on, said as a fact rather than offered as a switch. Saved through the
// same operation as PATCH /v1/municipalities/{id} (asOperation: its access and processing log).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { ApiError } from '../../../platform/errors.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { type PageStatus, appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, ErrorSummary, type FieldErrors, RadioGroup, TextField, fieldErrorsFrom, readForm, validateForm } from '../../../platform/ui/form.js';
import { routes } from '../routes.js';
import { UpdateMunicipality } from '../schemas.js';
import { type MunicipalityDefaults, getMunicipality, updateMunicipality } from '../service.js';

const T = {
  nl: {
    title: 'Algemene instellingen',
    intro: 'Deze instellingen gelden voor iedereen die voor de gemeente in Vervolg werkt, en voor de berichten aan jongeren.',
    name: 'Naam van de gemeente',
    nameHint: 'Zo staat de gemeente bovenaan elke pagina, in berichten en in de ondertekende afspraken.',
    defaultLocale: 'Standaardtaal',
    defaultLocaleHint: 'De taal van pagina’s en berichten voor wie geen taal gekozen heeft.',
    locales: { nl: 'Nederlands', en: 'Engels' },
    threshold: 'Kleine aantallen: vanaf hoeveel jongeren tonen we een cijfer?',
    thresholdHint: 'Een cijfer over minder jongeren dan dit aantal wordt niet getoond, zodat niemand herkenbaar is (zoals het CBS doet). Van 1 tot en met 100.',
    linkDays: 'Hoeveel dagen blijft een link om te ondertekenen geldig?',
    linkDaysHint: (d: number) => `Van 1 tot en met 60 dagen. Standaard ${d} dagen. Geldt voor links die vanaf nu verstuurd worden; links die al verstuurd zijn houden hun einddatum.`,
    twoFactorTitle: 'Tweestapsverificatie: altijd aan',
    twoFactor: 'Iedereen die in Vervolg bij gegevens van jongeren kan, logt in met een wachtwoord én een code uit een app op de telefoon. Dit kan niet uitgezet worden: het beschermt de gegevens van jongeren als een wachtwoord uitlekt.',
    signalsTitle: 'Signalen',
    signals: 'Wanneer een jongere in het overzicht aandacht vraagt, stelt u in bij',
    signalsLink: 'Signalen instellen',
    save: 'Opslaan',
    saved: 'De instellingen zijn opgeslagen.',
    messages: {
      name: 'Vul een naam in van 2 tot en met 200 tekens.',
      defaultLocale: 'Kies Nederlands of Engels.',
      smallNumberThreshold: 'Vul een heel getal in van 1 tot en met 100.',
      signingLinkDays: 'Vul een heel aantal dagen in van 1 tot en met 60.',
    },
  },
  en: {
    title: 'General settings',
    intro: 'These settings apply to everyone who works for the municipality in Vervolg, and to the messages to young people.',
    name: 'Name of the municipality',
    nameHint: 'How the municipality appears at the top of every page, in messages and in signed agreements.',
    defaultLocale: 'Default language',
    defaultLocaleHint: 'The language of pages and messages for people who have not chosen one.',
    locales: { nl: 'Dutch', en: 'English' },
    threshold: 'Small numbers: from how many young people is a figure shown?',
    thresholdHint: 'A figure about fewer young people than this is not shown, so nobody can be recognised (as Statistics Netherlands does). From 1 to 100.',
    linkDays: 'How many days does a signing link stay valid?',
    linkDaysHint: (d: number) => `From 1 to 60 days. Default ${d} days. Applies to links sent from now on; links already sent keep their expiry date.`,
    twoFactorTitle: 'Two-step verification: always on',
    twoFactor: 'Everyone who can reach young people’s data in Vervolg signs in with a password and a code from an app on their phone. This cannot be switched off: it protects young people’s data when a password leaks.',
    signalsTitle: 'Signals',
    signals: 'When a young person needs attention in the overview is set under',
    signalsLink: 'Signal settings',
    save: 'Save',
    saved: 'The settings have been saved.',
    messages: {
      name: 'Enter a name of 2 to 200 characters.',
      defaultLocale: 'Choose Dutch or English.',
      smallNumberThreshold: 'Enter a whole number from 1 to 100.',
      signingLinkDays: 'Enter a whole number of days from 1 to 60.',
    },
  },
} as const;

const PATH = '/app/municipalities/:municipalityId/settings/general';
export const generalSettingsPath = (m: string) => `/app/municipalities/${m}/settings/general`;
const FIELDS = ['name', 'defaultLocale', 'smallNumberThreshold', 'signingLinkDays'] as const;

const defaultsOf = (c: Context<AppEnv>): MunicipalityDefaults => ({ signingLinkDays: c.get('deps').config.signingLinkDays });

/** A typed number as the schema sees it: digits only become a number; anything else stays text (and is refused beside its field). */
const asNumber = (typed: string | undefined) => (typed && /^\s*\d{1,4}\s*$/.test(typed) ? Number(typed) : typed || undefined);

async function generalPage(c: Context<AppEnv>, values: Record<string, string> | null, errors: FieldErrors, status: PageStatus = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const defaults = defaultsOf(c);
  const saved = await getMunicipality(c.get('trx'), m, defaults);
  // What was typed stays on a refused form; otherwise what is saved.
  const v = values ?? {
    name: saved.name,
    defaultLocale: saved.settings.defaultLocale,
    smallNumberThreshold: String(saved.settings.smallNumberThreshold),
    signingLinkDays: String(saved.settings.signingLinkDays),
  };
  const labels = { name: s.name, defaultLocale: s.defaultLocale, smallNumberThreshold: s.threshold, signingLinkDays: s.linkDays };
  const body = (
    <div class="vv-settings-page">
      {c.req.query('done') === 'saved' && status === 200 ? <Alert type="ok">{s.saved}</Alert> : null}
      <ErrorSummary locale={locale} errors={errors} labels={labels} />
      <p class="utrecht-paragraph">{s.intro}</p>
      <form method="post" action={href(c, generalSettingsPath(m))} novalidate>
        <TextField name="name" label={s.name} hint={s.nameHint} value={v.name} error={errors.name} autocomplete="organization" maxlength={200} required />
        <RadioGroup
          name="defaultLocale"
          label={s.defaultLocale}
          hint={s.defaultLocaleHint}
          value={v.defaultLocale}
          error={errors.defaultLocale}
          options={[
            { value: 'nl', label: s.locales.nl },
            { value: 'en', label: s.locales.en },
          ]}
        />
        <TextField name="smallNumberThreshold" label={s.threshold} hint={s.thresholdHint} value={v.smallNumberThreshold} inputmode="numeric" error={errors.smallNumberThreshold} required />
        <TextField name="signingLinkDays" label={s.linkDays} hint={s.linkDaysHint(defaults.signingLinkDays)} value={v.signingLinkDays} inputmode="numeric" error={errors.signingLinkDays} required />
        <div class="vv-actions">
          <Button>{s.save}</Button>
        </div>
      </form>
      <h2 class="utrecht-heading-2">{s.twoFactorTitle}</h2>
      <p class="utrecht-paragraph" id="two-factor">
        {s.twoFactor}
      </p>
      <h2 class="utrecht-heading-2">{s.signalsTitle}</h2>
      <p class="utrecht-paragraph">
        {s.signals}{' '}
        <a class="utrecht-link" href={href(c, `/app/municipalities/${m}/settings/signals`)}>
          {s.signalsLink}
        </a>
        .
      </p>
    </div>
  );
  return staffPage(c, { title: s.title, body, status });
}

function messagesFor(locale: Locale) {
  const t = T[locale].messages;
  return (param: { name: string }) => {
    const field = FIELDS.find((f) => param.name.endsWith(f));
    return field ? t[field] : undefined;
  };
}

/** The form's errors under the form's own names ('settings.signingLinkDays' → 'signingLinkDays'). */
function formErrors(error: ApiError, locale: Locale): FieldErrors {
  const raw = fieldErrorsFrom(error, { fields: ['name', ...FIELDS.slice(1).map((f) => `settings.${f}`)], messages: messagesFor(locale) });
  return Object.fromEntries(Object.entries(raw).map(([name, message]) => [name.replace(/^settings\./, ''), message]));
}

export function generalSettingsPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  // Only those who may change the settings open the page (admins), as the index.
  pages.get(PATH, asOperation(routes.update), (c) => generalPage(c, null, {}));
  pages.post(PATH, asOperation(routes.update), async (c) => {
    const m = c.req.param('municipalityId');
    const values = readForm(await c.req.parseBody());
    try {
      const input = validateForm(UpdateMunicipality, {
        name: values.name ?? '',
        settings: {
          defaultLocale: values.defaultLocale || undefined,
          smallNumberThreshold: asNumber(values.smallNumberThreshold) ?? '',
          signingLinkDays: asNumber(values.signingLinkDays) ?? '',
        },
      });
      await updateMunicipality(c.get('trx'), m, input, defaultsOf(c));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return generalPage(c, values, formErrors(error, localeOf(c)), 400);
      throw error;
    }
    return seeOther(c, href(c, generalSettingsPath(m), { done: 'saved' }));
  });
  return pages;
}
